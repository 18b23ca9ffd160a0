# Shared by the bench scripts: messages, child-process clean-up and small number helpers.
# Source it after setting NAME (the script's name, for messages) and the array `pids`.

say() { printf '%s: %s\n' "$NAME" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Kill and reap the processes this script started, and nothing else: a PID is only touched while
# it is still a child of this shell (so a PID reused by another process is left alone). $! is
# included in case a signal arrived between starting a child and recording its PID.
# $1: what they are, for the message.
stop_load() {
  local p stat ppid mine=()
  local -A seen=()
  for p in "${pids[@]}" ${!:-}; do
    [[ -z ${seen[$p]:-} ]] || continue
    seen[$p]=1
    { read -r stat <"/proc/$p/stat"; } 2>/dev/null || continue
    read -r _ ppid _ <<<"${stat##*) }"
    [[ $ppid == "$$" ]] && mine+=("$p")
  done
  if ((${#mine[@]})); then
    say "removing the ${#mine[@]} ${1:-load} processes"
    kill -TERM "${mine[@]}" 2>/dev/null || true
    wait "${mine[@]}" 2>/dev/null || true
  fi
  pids=()
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t ? "met" : "not met") }'; }
cmdline() { printf '%q ' "$@"; }

# Puts FILE, a section from "<!-- NAME:begin -->" to "<!-- NAME:end -->", into bench/RESULTS.md
# ($results) in place of the old one, or at its end (a new file gets a title first). $1: NAME, $2: FILE.
write_section() {
  local name=$1 file=$2 tmp
  if [[ ! -f $results ]]; then
    printf '# Benchmark results\n\nOne section per benchmark; each script rewrites only its own section (see README.md).\n' >"$results"
  fi
  if grep -q "^<!-- $name:begin -->\$" "$results"; then
    tmp="$(mktemp)"
    awk -v section="$file" -v b="<!-- $name:begin -->" -v e="<!-- $name:end -->" '
      $0 == b { while ((getline line < section) > 0) print line; skip = 1; next }
      $0 == e { skip = 0; next }
      !skip' "$results" >"$tmp"
    cat "$tmp" >"$results"
    rm -f "$tmp"
  else
    { printf '\n'; cat "$file"; } >>"$results"
  fi
}

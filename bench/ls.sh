#!/usr/bin/env bash
# Benchmark of `jns ls`: whole-process wall time of ./jns ls, util-linux lsns and a Java
# hello-world, measured side by side by one hyperfine run per case:
#   a. the idle host;
#   b. the host plus 2,000 extra processes in 400 extra namespaces, started and removed here.
# Prints a markdown table and rewrites the `jns ls` section of bench/RESULTS.md.
#
# Usage: sudo bench/ls.sh        (RUNS=20 WARMUP=3 by default; RUNS must be >= 10)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/RESULTS.md"
runs="${RUNS:-20}"
warmup="${WARMUP:-3}"

# The extra load of case b: 1,700 + 100 + 100 + 100 = 2,000 processes,
# 100 net + 100 x (uts + ipc) + 100 mnt = 400 namespaces.
n_sleep=1700   # sleep 600, in the host's namespaces
n_net=100      # unshare -n sleep 600: one new net namespace each
n_utsipc=100   # unshare -u -i sleep 600: a new uts and a new ipc namespace each
n_mnt=100      # unshare -m sleep 600: one new mnt namespace each
n_extra=$((n_sleep + n_net + n_utsipc + n_mnt))

say() { printf 'ls.sh: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

[[ $EUID -eq 0 ]] || die "run as root (sudo bench/ls.sh): unshare needs CAP_SYS_ADMIN, lsns needs to see every process"
[[ $runs =~ ^[0-9]+$ ]] && ((runs >= 10)) || die "RUNS must be a number >= 10 (got '$runs')"
[[ $warmup =~ ^[0-9]+$ ]] || die "WARMUP must be a number (got '$warmup')"

# Tools. hyperfine and jq come from Debian's packages; install them if they are missing.
missing=()
for tool in hyperfine jq; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  say "installing ${missing[*]} (apt-get)"
  apt-get install -y -q "${missing[@]}" >&2 || { apt-get update -q >&2 && apt-get install -y -q "${missing[@]}" >&2; }
fi
lsns="$(command -v lsns)" || die "lsns (util-linux) not found"
command -v unshare >/dev/null || die "unshare (util-linux) not found"

# The same java that ./jns uses, and the javac beside it.
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
java="$(readlink -f "$(command -v "$java")")" || die "java not found"
javac="$(dirname "$java")/javac"
[[ -x $javac ]] || die "no javac beside $java (a JDK is needed, not a JRE)"

# State that cleanup() undoes: a temp dir and the background processes started here.
tmp="$(mktemp -d)"
pids=()

# Kill and reap the load processes this script started, and nothing else: a PID is only touched
# while it is still a child of this shell (so a PID reused by another process is left alone). $!
# is included in case a signal arrived between starting a child and recording its PID.
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
    say "removing the ${#mine[@]} load processes"
    kill -TERM "${mine[@]}" 2>/dev/null || true
    wait "${mine[@]}" 2>/dev/null || true
  fi
  pids=()
}
cleanup() {
  stop_load
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Start one load process in the background, stdin/stdout/stderr detached, and track its PID.
spawn() {
  "$@" </dev/null >/dev/null 2>&1 &
  pids+=("$!")
}

count_procs() { ls /proc | grep -c '^[0-9]'; }
count_namespaces() { "$lsns" -n | wc -l; }

# Quote an argv as one command line for hyperfine -N (which splits it like a POSIX shell would).
cmdline() { printf '%q ' "$@"; }

# One hyperfine run of all four commands; prints their median wall times in ms, in this order:
# ./jns ls, lsns, hello (C1 + SerialGC), hello (plain).
measure() {
  local json="$tmp/$1.json"
  local names=(-n "./jns ls" -n "lsns" -n "hello (C1, SerialGC)" -n "hello (plain)")
  local cmds=(
    "$(cmdline "$root/jns" ls)"
    "$(cmdline "$lsns")"
    "$(cmdline "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$tmp" Hello)"
    "$(cmdline "$java" -cp "$tmp" Hello)"
  )
  hyperfine -N --style basic --output null --warmup "$warmup" --runs "$runs" \
    --export-json "$json" "${names[@]}" "${cmds[@]}" >&2
  jq -r '.results[].median * 1000' "$json" | xargs printf '%.1f '
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t ? "met" : "not met") }'; }

started=$SECONDS
date="$(date -u '+%Y-%m-%d %H:%M UTC')"
read -r l1 l5 l15 _ </proc/loadavg
loadavg="$l1 $l5 $l15"

# --- setup -------------------------------------------------------------------------------------
say "building/warming ./jns once (first build and class-data archive are not measured)"
"$root/jns" ls >/dev/null

cat >"$tmp/Hello.java" <<'EOF'
public class Hello {
    public static void main(String[] args) {
        System.out.println("Hello, world");
    }
}
EOF
"$javac" -d "$tmp" "$tmp/Hello.java"

# --- a. idle host ------------------------------------------------------------------------------
idle_procs="$(count_procs)"
idle_ns="$(count_namespaces)"
say "case a: idle host, $idle_procs processes, $idle_ns namespaces; $runs runs per command"
read -r a_jns a_lsns a_hello_c1 a_hello <<<"$(measure idle)"

# --- b. host + 2,000 processes in 400 namespaces -----------------------------------------------
say "case b: starting $n_extra processes in 400 new namespaces"
for ((i = 0; i < n_sleep; i++)); do spawn sleep 600; done
for ((i = 0; i < n_net; i++)); do spawn unshare -n sleep 600; done
for ((i = 0; i < n_utsipc; i++)); do spawn unshare -u -i sleep 600; done
for ((i = 0; i < n_mnt; i++)); do spawn unshare -m sleep 600; done

# Wait until every one of them has exec'd sleep (so each unshare has made its namespaces).
deadline=$((SECONDS + 60))
until (($(pgrep -c -P "$$" -x sleep || true) >= n_extra)); do
  ((SECONDS < deadline)) || die "the load processes did not all start within 60 s"
  sleep 0.1
done
load_procs="$(count_procs)"
load_ns="$(count_namespaces)"
say "case b: $load_procs processes, $load_ns namespaces; $runs runs per command"

# Correctness at scale, once: same namespaces, types and process counts as lsns.
diff_head=""
"$root/jns" ls -o NS,TYPE,NPROCS -n >"$tmp/jns.out"
"$lsns" -o NS,TYPE,NPROCS -n >"$tmp/lsns.out"
if diff "$tmp/jns.out" "$tmp/lsns.out" >"$tmp/diff.out"; then
  check="OK ($(wc -l <"$tmp/lsns.out") lines identical)"
else
  check="DIFFERS: $(grep -c '^[<>]' "$tmp/diff.out") differing lines"
  say "jns ls and lsns differ at scale (< jns, > lsns), first lines:"
  head -n 20 "$tmp/diff.out" >&2
  diff_head="$(head -n 10 "$tmp/diff.out")"
fi
say "correctness at scale: $check"

read -r b_jns b_lsns b_hello_c1 b_hello <<<"$(measure loaded)"

stop_load
say "load removed; done in $((SECONDS - started)) s"

# --- report ------------------------------------------------------------------------------------
a_r_c1="$(ratio "$a_jns" "$a_hello_c1")"; a_r_plain="$(ratio "$a_jns" "$a_hello")"; a_r_lsns="$(ratio "$a_jns" "$a_lsns")"
b_r_c1="$(ratio "$b_jns" "$b_hello_c1")"; b_r_plain="$(ratio "$b_jns" "$b_hello")"; b_r_lsns="$(ratio "$b_jns" "$b_lsns")"

table="$(cat <<EOF
| case | processes | namespaces | ./jns ls (ms) | lsns (ms) | hello C1+SerialGC (ms) | hello plain (ms) | jns / hello C1 | jns / hello plain | jns / lsns |
|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|
| a. idle host | $idle_procs | $idle_ns | $a_jns | $a_lsns | $a_hello_c1 | $a_hello | ${a_r_c1}x | ${a_r_plain}x | ${a_r_lsns}x |
| b. + $n_extra processes | $load_procs | $load_ns | $b_jns | $b_lsns | $b_hello_c1 | $b_hello | ${b_r_c1}x | ${b_r_plain}x | ${b_r_lsns}x |
EOF
)"

targets="$(cat <<EOF
- idle host: \`./jns ls\` <= 1.5x the hello-world with the same JVM flags as ./jns (C1, SerialGC): ${a_r_c1}x, **$(verdict "$a_r_c1" 1.5)** (vs plain \`java Hello\`: ${a_r_plain}x, $(verdict "$a_r_plain" 1.5))
- at 2,000 extra processes: \`./jns ls\` <= 1.0x \`lsns\`: ${b_r_lsns}x, **$(verdict "$b_r_lsns" 1.0)**
EOF
)"

printf '%s\n\n%s\n' "$table" "$targets"

# Rewrite only this benchmark's section of RESULTS.md, between its markers.
section="$tmp/section.md"
cat >"$section" <<EOF
<!-- ls:begin -->
## \`jns ls\` (bench/ls.sh)

Run on $date. Machine: $(nproc) cores, kernel $(uname -r), \`$("$java" -version 2>&1 | head -n 1)\`,
load average $loadavg at the start.

Whole-process wall time, median of $runs runs after $warmup warm-up runs (hyperfine -N, output to /dev/null),
all four commands in one hyperfine run per case. Hello-world: \`java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp DIR Hello\`
(the flags ./jns uses) and plain \`java -cp DIR Hello\`. Case b adds $n_sleep x \`sleep 600\`,
$n_net x \`unshare -n\`, $n_utsipc x \`unshare -u -i\` and $n_mnt x \`unshare -m sleep 600\`.

$table

Targets:
$targets

Correctness at scale: \`./jns ls -o NS,TYPE,NPROCS -n\` vs \`lsns -o NS,TYPE,NPROCS -n\`: $check.
EOF
if [[ -n $diff_head ]]; then
  printf '\nFirst lines of the diff (< jns, > lsns):\n\n```\n%s\n```\n' "$diff_head" >>"$section"
fi
printf '<!-- ls:end -->\n' >>"$section"

if [[ ! -f $results ]]; then
  printf '# Benchmark results\n\nOne section per benchmark; each script rewrites only its own section (see README.md).\n' >"$results"
fi
if grep -q '^<!-- ls:begin -->$' "$results"; then
  awk -v section="$section" '
    /^<!-- ls:begin -->$/ { while ((getline line < section) > 0) print line; skip = 1; next }
    /^<!-- ls:end -->$/   { skip = 0; next }
    !skip' "$results" >"$tmp/RESULTS.md"
  cat "$tmp/RESULTS.md" >"$results"
else
  { printf '\n'; cat "$section"; } >>"$results"
fi
say "wrote $results"

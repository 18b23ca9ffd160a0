#!/usr/bin/env bash
# Benchmark of `jns ls`: whole-process wall time of ./jns ls, util-linux lsns and a Java
# hello-world run by the same JDK, for every JDK in JDKS, in two cases:
#   a. the idle host (./jns ls and ./jns ls -t pid);
#   b. the host plus 2,000 extra processes in 400 extra namespaces, started and removed here;
#   c. the same, with one core kept busy (`taskset -c 0 yes`): jns must not need a spare core.
# Also the CPU time (user + system) of ./jns ls and lsns (issue 14: at most 1.5x lsns's at scale).
# One hyperfine run per (case, JDK) holds all the commands of that row, so they run side by side.
# Prints a markdown table and rewrites the `jns ls` section of bench/RESULTS.md.
#
# Usage: sudo bench/ls.sh        (RUNS=20 WARMUP=3 by default; RUNS must be >= 10)
#        sudo JDKS="/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64" bench/ls.sh
# JDKS: JAVA_HOME directories, space-separated; default: the JDK of `java` on PATH, plus
# /usr/lib/jvm/temurin-25-jdk-amd64 if it exists.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/RESULTS.md"
runs="${RUNS:-20}"
warmup="${WARMUP:-3}"
jdk25_default=/usr/lib/jvm/temurin-25-jdk-amd64
# The launcher's start-up caches: one file per java binary and group of commands, remade after a rebuild.
cache="$root/commands/target/start-cache"
jar="$root/commands/target/jns.jar"

# The extra load of case b: 1,700 + 100 + 100 + 100 = 2,000 processes,
# 100 net + 100 x (uts + ipc) + 100 mnt = 400 namespaces.
n_sleep=1700   # sleep 600, in the host's namespaces
n_net=100      # unshare -n sleep 600: one new net namespace each
n_utsipc=100   # unshare -u -i sleep 600: a new uts and a new ipc namespace each
n_mnt=100      # unshare -m sleep 600: one new mnt namespace each
n_extra=$((n_sleep + n_net + n_utsipc + n_mnt))

NAME=ls.sh
# shellcheck source=bench/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

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

# The JDKs: each a JAVA_HOME with bin/java and bin/javac, resolved and deduplicated.
if [[ -n ${JDKS:-} ]]; then
  read -r -a jdk_args <<<"$JDKS"
else
  path_java="$(command -v java)" || die "no java on PATH (set JDKS)"
  jdk_args=("$(dirname "$(dirname "$(readlink -f "$path_java")")")")
  [[ -d $jdk25_default ]] && jdk_args+=("$jdk25_default")
fi
jdks=() jdk_label=() jdk_version=()
declare -A jdk_seen=()
for d in "${jdk_args[@]}"; do
  d="$(readlink -f "$d")" || die "JDK directory '$d' not found"
  [[ -z ${jdk_seen[$d]:-} ]] || continue
  jdk_seen[$d]=1
  [[ -x $d/bin/java ]] || die "no bin/java in '$d' (JDKS takes JAVA_HOME directories)"
  [[ -x $d/bin/javac ]] || die "no bin/javac in '$d' (a JDK is needed, not a JRE)"
  v="$("$d/bin/java" -version 2>&1 | head -n 1)"
  jdks+=("$d")
  jdk_version+=("$v")
  # Short label for the table: the quoted version, e.g. JDK 17.0.15.
  if [[ $v =~ \"([^\"]+)\" ]]; then jdk_label+=("JDK ${BASH_REMATCH[1]}"); else jdk_label+=("$(basename "$d")"); fi
done
((${#jdks[@]})) || die "JDKS is empty"

# State that cleanup() undoes: a temp dir and the background processes started here.
tmp="$(mktemp -d)"
pids=()

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

# Bind-mounted network namespaces (ip netns add): a namespace without a process makes `jns ls`
# load its native binding (jnr-ffi) to ask for the owner, so they change the idle-host numbers.
# Every look records what it saw; the report lists them all.
declare -A netns_seen=()
netns_look() {
  local e
  for e in /run/netns/*; do
    [[ -e $e ]] || continue
    netns_seen[$(basename "$e")]+="${netns_seen[$(basename "$e")]:+, }$1"
  done
}

# State of the launcher's start-up cache (which java made it, and when); compared before and after
# each measurement, since any other ./jns run with another JDK (or a rebuild) replaces it.
cache_state() { stat -c '%n %i %Y %s' "$cache"/* 2>/dev/null | sort | tr '\n' ' ' || echo none; }
notes=()

# Quote an argv as one command line for hyperfine -N (which splits it like a POSIX shell would).

# med[CASE,J,COMMAND]: median wall time in ms; procs/nss[CASE,J]: counts at the start of the row.
declare -A med=() cpu=() procs=() nss=()

# measure CASE J: one hyperfine run, for JDK number J, of ./jns ls (and ./jns ls -t pid on the idle
# host), lsns and the two hello-worlds; JAVA_HOME is set for hyperfine and so for ./jns.
measure() {
  local case="$1" j="$2" jdk="${jdks[$2]}" json="$tmp/$1-$2.json" keys=() names=() cmds=() before after i
  say "case $case, ${jdk_label[$j]}: warming ./jns once (build and start-up cache not measured)"
  JAVA_HOME="$jdk" "$root/jns" ls >/dev/null
  keys+=(jns); names+=(-n "./jns ls"); cmds+=("$(cmdline "$root/jns" ls)")
  if [[ $case == idle ]]; then
    keys+=(jns_pid); names+=(-n "./jns ls -t pid"); cmds+=("$(cmdline "$root/jns" ls -t pid)")
  fi
  keys+=(lsns); names+=(-n "lsns"); cmds+=("$(cmdline "$lsns")")
  keys+=(hello_c1); names+=(-n "hello (-XX:TieredStopAtLevel=1)")
  cmds+=("$(cmdline "$jdk/bin/java" -XX:TieredStopAtLevel=1 -cp "$tmp/hello-$j" Hello)")
  keys+=(hello); names+=(-n "hello (plain)"); cmds+=("$(cmdline "$jdk/bin/java" -cp "$tmp/hello-$j" Hello)")

  netns_look "$case ${jdk_label[$j]} (before)"
  procs[$case,$j]="$(count_procs)"
  nss[$case,$j]="$(count_namespaces)"
  say "case $case, ${jdk_label[$j]}: ${procs[$case,$j]} processes, ${nss[$case,$j]} namespaces; $runs runs per command"
  before="$(cache_state)"
  JAVA_HOME="$jdk" hyperfine -N --style basic --output null --warmup "$warmup" --runs "$runs" \
    --export-json "$json" "${names[@]}" "${cmds[@]}" >&2
  after="$(cache_state)"
  netns_look "$case ${jdk_label[$j]} (after)"
  if [[ $before != "$after" ]]; then
    notes+=("case $case, ${jdk_label[$j]}: the start-up cache of ./jns changed during the measurement (another ./jns run with another JDK, or a rebuild?); that row's ./jns times are suspect")
    say "warning: ${notes[-1]}"
  fi
  mapfile -t ms < <(jq -r '.results[].median * 1000' "$json")
  for i in "${!keys[@]}"; do med[$case,$j,${keys[$i]}]="$(printf '%.1f' "${ms[$i]}")"; done
  mapfile -t cpus < <(jq -r '.results[] | (.user + .system) * 1000' "$json")
  for i in "${!keys[@]}"; do cpu[$case,$j,${keys[$i]}]="$(printf '%.1f' "${cpus[$i]}")"; done
  # Something else using the CPU shows as a spread: flag any command whose standard deviation
  # exceeds 20% of its median (hyperfine runs one command's runs back to back, so a burst of
  # other work lands on one command).
  local noisy
  noisy="$(jq -r '[.results[] | select(.stddev > 0.2 * .median)
      | "\(.command) (median \(.median * 1000 | floor) ms, sd \(.stddev * 1000 | floor) ms, max \(.max * 1000 | floor) ms)"]
      | join(", ")' "$json")"
  if [[ -n $noisy ]]; then
    notes+=("case $case, ${jdk_label[$j]}: noisy (standard deviation > 20% of the median, other load on the host?): $noisy")
    say "warning: ${notes[-1]}"
  fi
}


started=$SECONDS
date="$(date -u '+%Y-%m-%d %H:%M UTC')"
read -r l1 l5 l15 _ </proc/loadavg
loadavg="$l1 $l5 $l15"
netns_look "start"
jar_before="$(stat -c '%Y %s' "$jar" 2>/dev/null || echo none)"

# --- setup -------------------------------------------------------------------------------------
cat >"$tmp/Hello.java" <<'EOF'
public class Hello {
    public static void main(String[] args) {
        System.out.println("Hello, world");
    }
}
EOF
for j in "${!jdks[@]}"; do
  say "JDK $((j + 1)) of ${#jdks[@]}: ${jdks[$j]} (${jdk_version[$j]})"
  "${jdks[$j]}/bin/javac" -d "$tmp/hello-$j" "$tmp/Hello.java"
done

# --- a. idle host ------------------------------------------------------------------------------
for j in "${!jdks[@]}"; do measure idle "$j"; done

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

# Correctness at scale, once (first JDK): same namespaces, types and process counts as lsns.
diff_head=""
JAVA_HOME="${jdks[0]}" "$root/jns" ls -o NS,TYPE,NPROCS -n >"$tmp/jns.out"
"$lsns" -o NS,TYPE,NPROCS -n >"$tmp/lsns.out"
if diff "$tmp/jns.out" "$tmp/lsns.out" >"$tmp/diff.out"; then
  check="OK ($(wc -l <"$tmp/lsns.out") lines identical)"
else
  check="DIFFERS: $(grep -c '^[<>]' "$tmp/diff.out") differing lines"
  say "jns ls and lsns differ at scale (< jns, > lsns), first lines:"
  head -n 20 "$tmp/diff.out" >&2
  diff_head="$(head -n 10 "$tmp/diff.out")"
fi
say "correctness at scale (${jdk_label[0]}): $check"

for j in "${!jdks[@]}"; do measure loaded "$j"; done

# --- c. the same with one core busy ------------------------------------------------------------
say "case c: one core kept busy (taskset -c 0 yes)"
taskset -c 0 yes >/dev/null &
pids+=("$!")
for j in "${!jdks[@]}"; do measure busy "$j"; done

stop_load
netns_look "end"
# (two patterns: pgrep -x matches nothing with one over 15 characters)
left=$(($(pgrep -c -P "$$" -x 'sleep|unshare' || true) + $(pgrep -c -P "$$" -x yes || true)))
((left == 0)) || die "$left child processes are still running after removing the load"
jar_after="$(stat -c '%Y %s' "$jar" 2>/dev/null || echo none)"
[[ $jar_before == "$jar_after" ]] || notes+=("commands/target/jns.jar changed during the run (rebuilt by someone else?); the ./jns times may mix two builds")
read -r l1 l5 l15 _ </proc/loadavg
loadavg_end="$l1 $l5 $l15"
say "load removed; done in $((SECONDS - started)) s"

# --- report ------------------------------------------------------------------------------------
rows="" targets=""
for case in idle loaded busy; do
  for j in "${!jdks[@]}"; do
    jns="${med[$case,$j,jns]}" lsns_ms="${med[$case,$j,lsns]}" c1="${med[$case,$j,hello_c1]}" plain="${med[$case,$j,hello]}"
    r_c1="$(ratio "$jns" "$c1")" r_plain="$(ratio "$jns" "$plain")" r_lsns="$(ratio "$jns" "$lsns_ms")"
    c_lsns="$(ratio "${cpu[$case,$j,jns]}" "${cpu[$case,$j,lsns]}")"
    if [[ $case == idle ]]; then
      name="a. idle host"
      pid_ms="${med[$case,$j,jns_pid]}"
      p_c1="$(ratio "$pid_ms" "$c1")" p_plain="$(ratio "$pid_ms" "$plain")"
      rows+="| $name | ${jdk_label[$j]} | ${procs[$case,$j]} | ${nss[$case,$j]} | $jns | $pid_ms | $lsns_ms | $c1 | $plain | ${r_c1}x | ${r_plain}x | ${r_lsns}x | ${p_c1}x | ${p_plain}x | ${c_lsns}x |"$'\n'
      targets+="- ${jdk_label[$j]}, idle host: \`./jns ls\` <= 1.5x hello-world with the same JIT flag: ${r_c1}x, **$(verdict "$r_c1" 1.5)**"
      targets+=" (\`./jns ls -t pid\`, start-up alone: ${p_c1}x, $(verdict "$p_c1" 1.5); vs plain \`java Hello\`: ${r_plain}x and ${p_plain}x)"$'\n'
    else
      if [[ $case == loaded ]]; then name="b. + $n_extra processes"; else name="c. + $n_extra processes, one core busy"; fi
      rows+="| $name | ${jdk_label[$j]} | ${procs[$case,$j]} | ${nss[$case,$j]} | $jns | – | $lsns_ms | $c1 | $plain | ${r_c1}x | ${r_plain}x | ${r_lsns}x | – | – | ${c_lsns}x |"$'\n'
      targets+="- ${jdk_label[$j]}, $name: \`./jns ls\` <= 1.0x \`lsns\`: ${r_lsns}x, **$(verdict "$r_lsns" 1.0)**"
      if [[ $case == loaded ]]; then
        targets+="; CPU (user + system) <= 1.5x lsns's: ${cpu[$case,$j,jns]} vs ${cpu[$case,$j,lsns]} ms, ${c_lsns}x, **$(verdict "$c_lsns" 1.5)**"
      fi
      targets+=$'\n'
    fi
  done
done
table="| case | JDK | processes | namespaces | ./jns ls (ms) | ./jns ls -t pid (ms) | lsns (ms) | hello C1 (ms) | hello plain (ms) | jns / hello C1 | jns / hello plain | jns / lsns | -t pid / hello C1 | -t pid / hello plain | CPU jns / lsns |
|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|
${rows%$'\n'}"
targets="${targets%$'\n'}"

if ((${#netns_seen[@]})); then
  netns_line="**present**:"
  for e in "${!netns_seen[@]}"; do netns_line+=" \`$e\` (seen at: ${netns_seen[$e]});"; done
  netns_line="${netns_line%;}. A namespace without a process makes \`./jns ls\` load jnr-ffi (~0.1 s) to find its owner; \`./jns ls -t pid\` shows the start-up cost without it"
else
  netns_line="none (checked at the start, before and after every measurement, and at the end)"
fi

printf '%s\n\n%s\n\n/run/netns entries during the run: %s.\n' "$table" "$targets" "$netns_line"
for n in "${notes[@]}"; do printf 'Note: %s.\n' "$n"; done

# Rewrite only this benchmark's section of RESULTS.md, between its markers.
section="$tmp/section.md"
{
  printf '<!-- ls:begin -->\n## `jns ls` (bench/ls.sh)\n\n'
  printf 'Run on %s. Machine: %s cores, kernel %s, load average %s at the start, %s at the end (after removing the load). JDKs:\n\n' "$date" "$(nproc)" "$(uname -r)" "$loadavg" "$loadavg_end"
  for j in "${!jdks[@]}"; do printf -- '- %s: `%s` (%s)\n' "${jdk_label[$j]}" "${jdk_version[$j]}" "${jdks[$j]}"; done
  cat <<EOF

Whole-process wall time, median of $runs runs after $warmup warm-up runs (hyperfine -N, output to /dev/null),
all commands of a row in one hyperfine run, with \`JAVA_HOME\` set to that row's JDK (./jns run once
before each row, so its build and start-up cache are not measured). Hello-world, run by the same JDK:
\`java -XX:TieredStopAtLevel=1 -cp DIR Hello\` ("C1", the JIT flag ./jns uses) and plain \`java -cp DIR Hello\`.
\`./jns ls -t pid\` (idle host only) lists only pid namespaces, which always have a process, so it never
loads the native binding: it is the start-up cost alone. Case b adds $n_sleep x \`sleep 600\`,
$n_net x \`unshare -n\`, $n_utsipc x \`unshare -u -i\` and $n_mnt x \`unshare -m sleep 600\`; case c
keeps one core busy as well (\`taskset -c 0 yes\`). CPU: user + system time, mean of the runs.

$table

Targets:
$targets

/run/netns entries during the run: $netns_line.

Correctness at scale (${jdk_label[0]}): \`./jns ls -o NS,TYPE,NPROCS -n\` vs \`lsns -o NS,TYPE,NPROCS -n\`: $check.
EOF
  for n in "${notes[@]}"; do printf '\nNote: %s.\n' "$n"; done
  if [[ -n $diff_head ]]; then
    printf '\nFirst lines of the diff (< jns, > lsns):\n\n```\n%s\n```\n' "$diff_head"
  fi
  printf '<!-- ls:end -->\n'
} >"$section"

write_section ls "$section"
say "wrote $results"

#!/usr/bin/env bash
# Benchmark of `jns cgtop` against systemd-cgtop at 600 cgroups, each holding one `sleep 600`:
#   - steady-state CPU time per refresh, JVM start excluded: each tool runs with -n 2 and with
#     -n 26 under /usr/bin/time, RUNS times, interleaved; CPU per refresh =
#     (median CPU of -n 26 - median CPU of -n 2) / 24;
#   - peak RSS: the largest max RSS of the -n 26 runs;
#   - rows printed per refresh by each tool (and how many of the 600 cgroups they show);
#   - for information, one-shot wall time (`./jns cgtop -b -1` vs `systemd-cgtop -b -n 1`), hyperfine.
# The 600 cgroups go beneath this shell's own cgroup in each hierarchy: 200 in the v1 cpu and cpuacct
# hierarchies (the same name in both), 200 in v1 memory, 200 in cgroup2; all are removed on exit.
# Prints a markdown table and rewrites the `jns cgtop` section of bench/RESULTS.md.
#
# Usage: sudo bench/cgtop.sh     (RUNS=5 HF_RUNS=20 HF_WARMUP=3 WAIT_IDLE=120 by default)
#        sudo OUTPUT_DIR=/tmp/out bench/cgtop.sh   (also keep both tools' -n 2 output there)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/RESULTS.md"
jns="$root/jns"
jar="$root/commands/target/jns.jar"
runs="${RUNS:-5}"            # /usr/bin/time runs per (tool, -n)
hf_runs="${HF_RUNS:-20}"     # hyperfine runs of the one-shot commands
hf_warmup="${HF_WARMUP:-3}"
wait_idle="${WAIT_IDLE:-120}" # seconds to wait at the start for an idle machine before warning

per_kind=200                 # cgroups per kind: cpu+cpuacct, memory, unified (cgroup2)
n_short=2 n_long=26          # iterations of the two runs; their difference is 24 refreshes
depth=10                     # --depth of both tools (the deepest bench cgroup is well above it)
jns_delay=200ms sd_delay=0.2
jns_args=(cgtop -b -d "$jns_delay" --depth "$depth")
sd_args=(-b -d "$sd_delay" --depth "$depth")

NAME=cgtop.sh
# shellcheck source=bench/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

[[ $EUID -eq 0 ]] || die "run as root (sudo bench/cgtop.sh): it creates cgroups and moves processes into them"
[[ $runs =~ ^[0-9]+$ ]] && ((runs >= 3)) || die "RUNS must be a number >= 3 (got '$runs')"
[[ $hf_runs =~ ^[0-9]+$ ]] && ((hf_runs >= 5)) || die "HF_RUNS must be a number >= 5 (got '$hf_runs')"
[[ $hf_warmup =~ ^[0-9]+$ ]] || die "HF_WARMUP must be a number (got '$hf_warmup')"
[[ $wait_idle =~ ^[0-9]+$ ]] || die "WAIT_IDLE must be a number of seconds (got '$wait_idle')"

# Tools. hyperfine, jq and GNU time come from Debian's packages; install them if they are missing.
missing=()
for tool in hyperfine jq; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
  say "installing ${missing[*]} (apt-get)"
  apt-get install -y -q "${missing[@]}" >&2 || { apt-get update -q >&2 && apt-get install -y -q "${missing[@]}" >&2; }
fi
sdcgtop="$(command -v systemd-cgtop)" || die "systemd-cgtop not found (package systemd)"
sd_version="$("$sdcgtop" --version | head -n 1)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"    # what ./jns runs
java_path="$(readlink -f "$(command -v "$java")")" || die "no java for ./jns (set JAVA_HOME or put java on PATH)"
java_version="$("$java" -version 2>&1 | grep -v '^Picked up' | head -n 1)"

# --- where the cgroups go ---------------------------------------------------------------------
# The mount point of a hierarchy, from /proc/self/mountinfo: "cgroup2", or a v1 controller name
# (cpu, cpuacct, memory). Prints "MOUNTPOINT MOUNTROOT".
mount_of() {
  local want="$1" line pre post mp mroot fstype opts o
  while IFS= read -r line; do
    pre="${line%% - *}" post="${line#* - }"
    read -r _ _ _ mroot mp _ <<<"$pre"
    read -r fstype _ opts <<<"$post"
    if [[ $want == cgroup2 ]]; then
      [[ $fstype == cgroup2 ]] && { printf '%s %s\n' "$mp" "$mroot"; return 0; }
    elif [[ $fstype == cgroup ]]; then
      IFS=, read -r -a o <<<"$opts"
      for x in "${o[@]}"; do [[ $x == "$want" ]] && { printf '%s %s\n' "$mp" "$mroot"; return 0; }; done
    fi
  done </proc/self/mountinfo
  return 1
}
# This shell's cgroup in a hierarchy, from /proc/$$/cgroup ("ID:CONTROLLERS:PATH"; cgroup2 is "0::PATH").
own_cgroup() {
  local want="$1" id ctrls path c
  while IFS=: read -r id ctrls path; do
    if [[ $want == cgroup2 ]]; then
      [[ $id == 0 && -z $ctrls ]] && { printf '%s\n' "$path"; return 0; }
    else
      IFS=, read -r -a c <<<"$ctrls"
      for x in "${c[@]}"; do [[ $x == "$want" ]] && { printf '%s\n' "$path"; return 0; }; done
    fi
  done </proc/$$/cgroup
  return 1
}
# The directory of this shell's cgroup in a hierarchy, and its path as the tools print it.
declare -A parent=() shown=() mnt=()
for h in cpu cpuacct memory cgroup2; do
  read -r mp mroot < <(mount_of "$h") || die "no mounted cgroup hierarchy for '$h' (this benchmark needs a hybrid host: v1 cpu, cpuacct, memory and cgroup2)"
  own="$(own_cgroup "$h")" || die "no '$h' line in /proc/$$/cgroup"
  rel="$own"
  [[ $mroot != / && $rel == "$mroot"* ]] && rel="${rel#"$mroot"}"
  mnt[$h]="$mp"
  parent[$h]="${mp%/}${rel%/}"
  shown[$h]="${rel%/}"
  [[ -d ${parent[$h]} && -w ${parent[$h]}/cgroup.procs ]] || die "cannot create cgroups in ${parent[$h]}"
done
# cpu and cpuacct co-mounted (cpu,cpuacct): one directory serves both.
cpu_dirs=("${parent[cpu]}")
[[ ${parent[cpuacct]} -ef ${parent[cpu]} ]] || cpu_dirs+=("${parent[cpuacct]}")

# Cgroup number N: 1..200 cpu+cpuacct, 201..400 memory, 401..600 cgroup2 (distinct paths, so each
# tool sees 600 different cgroups).
n_total=$((3 * per_kind))
kind_of() { if (($1 <= per_kind)); then echo cpu; elif (($1 <= 2 * per_kind)); then echo memory; else echo unified; fi; }

# Leftovers of an earlier run (killed with SIGKILL): not ours to touch; stop.
leftover=()
for d in "${cpu_dirs[@]}" "${parent[memory]}" "${parent[cgroup2]}"; do
  for e in "$d"/jns-bench-*; do [[ -e $e ]] && leftover+=("$e"); done
done
if ((${#leftover[@]})); then
  die "${#leftover[@]} jns-bench-* cgroups already exist (an earlier run killed with SIGKILL, or another run in progress?), e.g. ${leftover[0]}; remove them first: kill the processes listed in their cgroup.procs, then rmdir them"
fi

# --- state that cleanup() undoes: a temp dir, the sleeps, the cgroups ------------------------------
tmp="$(mktemp -d)"
pids=()      # the sleeps, children of this shell
created=()   # the cgroup directories made here, in creation order
cleanup_failed=""

# Remove the cgroups made here (children before parents: reverse order), and only those. A cgroup
# can stay busy for a moment after its last process is reaped, so retry for up to 10 s.
remove_cgroups() {
  local i d left=() deadline=$((SECONDS + 10))
  ((${#created[@]})) || return 0
  say "removing the ${#created[@]} cgroup directories"
  while :; do
    left=()
    for ((i = ${#created[@]} - 1; i >= 0; i--)); do
      d="${created[$i]}"
      [[ -d $d ]] || continue
      rmdir "$d" 2>/dev/null || left=("$d" "${left[@]}")
    done
    created=("${left[@]}")
    ((${#created[@]})) || return 0
    ((SECONDS < deadline)) || break
    sleep 0.1
  done
  cleanup_failed="could not remove ${#created[@]} cgroups, e.g. ${created[0]} (processes in it: $(tr '\n' ' ' <"${created[0]}/cgroup.procs" 2>/dev/null))"
  say "error: $cleanup_failed"
  return 1
}
cleanup() {
  local rc=$?
  trap '' INT TERM   # finish the cleanup even if interrupted again
  stop_load sleep
  remove_cgroups || rc=1
  rm -rf "$tmp"
  return "$rc"
}
trap 'cleanup; exit $?' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- helpers ----------------------------------------------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
fmt1() { awk -v a="$1" 'BEGIN { printf "%.1f", a }'; }
notes=()
[[ -z ${JAVA_TOOL_OPTIONS:-} ]] || notes+=("JAVA_TOOL_OPTIONS was set to '$JAVA_TOOL_OPTIONS' (it reaches the java of ./jns)")

# Other work on the machine: 1-min load average above 1, or java processes (none of ours runs
# when this is called). Prints the reasons, nothing when idle.
busy_reason() {
  local l1 j r=()
  read -r l1 _ </proc/loadavg
  awk -v l="$l1" 'BEGIN { exit !(l > 1) }' && r+=("load average $l1")
  j="$(pgrep -x java | tr '\n' ' ' || true)"
  [[ -n $j ]] && r+=("java processes running (pid ${j% })")
  local out
  out="$(printf '%s; ' "${r[@]}")"
  ((${#r[@]})) && printf '%s' "${out%; }"
  return 0
}
# Cgroup directories in the four hierarchies (to notice others creating or removing cgroups).
count_cgroups() { find "${mnt[cpu]}" "${mnt[cpuacct]}" "${mnt[memory]}" "${mnt[cgroup2]}" -type d 2>/dev/null | sort -u | wc -l; }

started=$SECONDS
date="$(date -u '+%Y-%m-%d %H:%M UTC')"

# --- warm-up: first build and start-up cache of ./jns, not measured -----------------------------
say "running ./jns once (first build and start-up cache; not measured)"
"$jns" cgtop -b -1 >/dev/null
jar_before="$(stat -c '%Y %s' "$jar" 2>/dev/null || echo none)"

# --- wait for an idle machine ----------------------------------------------------------------
deadline=$((SECONDS + wait_idle))
while busy="$(busy_reason)"; [[ -n $busy ]]; do
  if ((SECONDS >= deadline)); then
    notes+=("the machine was busy at the start ($busy) after waiting ${wait_idle} s; the numbers may be skewed")
    say "warning: ${notes[-1]}"
    break
  fi
  say "machine busy ($busy); waiting (up to $((deadline - SECONDS)) s more)"
  sleep 5
done
read -r l1 l5 l15 _ </proc/loadavg
loadavg="$l1 $l5 $l15"

# --- 600 cgroups, one sleep each -------------------------------------------------------------
say "creating $n_total cgroups with one sleep 600 each: $per_kind in ${cpu_dirs[*]}, $per_kind in ${parent[memory]}, $per_kind in ${parent[cgroup2]}"
declare -A dirs_of=()   # PID -> the cgroup directories it must be in
# While creating, a signal only sets a flag, checked once each cgroup and its sleep are recorded, so
# an interruption never falls between making something and recording it for cleanup().
interrupted=""
trap 'interrupted=130' INT
trap 'interrupted=143' TERM
for ((n = 1; n <= n_total; n++)); do
  case "$(kind_of "$n")" in
    cpu) ds=(); for d in "${cpu_dirs[@]}"; do ds+=("$d/jns-bench-$n"); done ;;
    memory) ds=("${parent[memory]}/jns-bench-$n") ;;
    unified) ds=("${parent[cgroup2]}/jns-bench-$n") ;;
  esac
  for d in "${ds[@]}"; do
    mkdir "$d" || die "cannot create $d"
    created+=("$d")
  done
  # A subshell writes its own PID to cgroup.procs of its cgroup(s), then becomes the sleep (exec keeps
  # the PID): sleep starts inside its cgroups, so its memory is charged there (when the parent moves
  # an already running sleep, the v1 memory cgroup keeps no charge and shows 0 bytes).
  (
    for d in "${ds[@]}"; do echo "$BASHPID" >"$d/cgroup.procs" || exit 1; done
    exec sleep 600 2>/dev/null
  ) </dev/null >/dev/null 2>>"$tmp/spawn.err" &
  p=$!
  pids+=("$p")
  dirs_of[$p]="${ds[*]}"
  [[ -z $interrupted ]] || exit "$interrupted"
done
trap 'exit 130' INT
trap 'exit 143' TERM
[[ -z $interrupted ]] || exit "$interrupted"

# Poll until every sleep has exec'd and is alone in each of its cgroups.
deadline=$((SECONDS + 60))
while :; do
  ok=0
  for p in "${pids[@]}"; do
    { read -r comm <"/proc/$p/comm"; } 2>/dev/null || die "process $p exited before reaching its cgroups ${dirs_of[$p]}: $(head -c 300 "$tmp/spawn.err" 2>/dev/null)"
    [[ $comm == sleep ]] || continue
    good=1
    for d in ${dirs_of[$p]}; do
      mapfile -t procs <"$d/cgroup.procs"
      [[ ${#procs[@]} -eq 1 && ${procs[0]} == "$p" ]] || { good=0; break; }
    done
    ok=$((ok + good))
  done
  ((ok == n_total)) && break
  ((SECONDS < deadline)) || die "only $ok of $n_total sleeps were in place after 60 s"
  sleep 0.05
done
say "all $n_total sleeps are in their cgroups"

# --- rows per refresh, and a look at what each tool prints -----------------------------------------
# One untimed -n 2 run of each; refreshes are separated by an empty line (no header in batch mode).
"$jns" "${jns_args[@]}" -n 2 >"$tmp/jns.out"
"$sdcgtop" "${sd_args[@]}" -n 2 >"$tmp/sd.out"
# rows_of FILE: "rows of refresh 1/rows of refresh 2 ..."; bench_rows FILE: bench cgroups shown in the
# last refresh, per kind, "cpu memory unified".
rows_of() { awk 'BEGIN { r = 0 } /^$/ { print r; r = 0; next } { r++ } END { print r }' "$1" | paste -sd/; }
last_refresh() { awk 'BEGIN { RS = ""; ORS = "" } { last = $0 } END { print last "\n" }' "$1"; }
bench_rows() {
  last_refresh "$1" | awk -v k="$per_kind" '
    { if (match($1, /\/jns-bench-[0-9]+$/)) { n = substr($1, RSTART + 11) + 0; c[n <= k ? 1 : n <= 2 * k ? 2 : 3]++ } }
    END { printf "%d %d %d\n", c[1], c[2], c[3] }'
}
if [[ -n ${OUTPUT_DIR:-} ]]; then
  mkdir -p "$OUTPUT_DIR"
  cp "$tmp/jns.out" "$OUTPUT_DIR/jns-cgtop.out"
  cp "$tmp/sd.out" "$OUTPUT_DIR/systemd-cgtop.out"
  say "saved both outputs in $OUTPUT_DIR"
fi
jns_rows="$(rows_of "$tmp/jns.out")" sd_rows="$(rows_of "$tmp/sd.out")"
read -r jns_b_cpu jns_b_mem jns_b_uni < <(bench_rows "$tmp/jns.out")
read -r sd_b_cpu sd_b_mem sd_b_uni < <(bench_rows "$tmp/sd.out")
say "rows per refresh: ./jns cgtop $jns_rows (bench cgroups shown: cpu $jns_b_cpu, memory $jns_b_mem, cgroup2 $jns_b_uni); systemd-cgtop $sd_rows (cpu $sd_b_cpu, memory $sd_b_mem, cgroup2 $sd_b_uni)"
# One sample row per kind (the first bench cgroup of each kind), last refresh, both tools.
sample_rows() {
  local f="$1" n
  for n in 1 $((per_kind + 1)) $((2 * per_kind + 1)); do
    last_refresh "$f" | awk -v n="$n" '$1 ~ ("/jns-bench-" n "$") { print; found = 1 } END { if (!found) print "(jns-bench-" n ": not shown)" }'
  done
}
samples="$(printf './jns cgtop:\n%s\nsystemd-cgtop:\n%s\n' "$(sample_rows "$tmp/jns.out")" "$(sample_rows "$tmp/sd.out")")"
printf '%s\n' "$samples" >&2

# --- CPU and RSS: -n 2 and -n 26 under /usr/bin/time, interleaved --------------------------------
# timed TOOL N: one run, output to /dev/null; appends "cpu_ms user_ms sys_ms maxrss_kb" to $tmp/TOOL-N.
timed() {
  local tool="$1" n="$2" cmd u s m
  if [[ $tool == jns ]]; then cmd=("$jns" "${jns_args[@]}" -n "$n"); else cmd=("$sdcgtop" "${sd_args[@]}" -n "$n"); fi
  /usr/bin/time -o "$tmp/time.out" -f '%U %S %M' "${cmd[@]}" >/dev/null 2>"$tmp/err.out" ||
    { cat "$tmp/err.out" >&2; die "$(cmdline "${cmd[@]}")failed"; }
  read -r u s m < <(tail -n 1 "$tmp/time.out")
  awk -v u="$u" -v s="$s" -v m="$m" 'BEGIN { printf "%.0f %.0f %.0f %d\n", (u + s) * 1000, u * 1000, s * 1000, m }' >>"$tmp/$tool-$n"
}
cg_before="$(count_cgroups)"
java_seen=""
say "measuring CPU and RSS: $runs rounds of ./jns cgtop and systemd-cgtop, -n $n_short and -n $n_long each"
for ((r = 1; r <= runs; r++)); do
  j="$(pgrep -x java | tr '\n' ' ' || true)"
  [[ -n $j ]] && java_seen+="round $r: pid ${j% }; "
  for tool in jns sd; do
    for n in "$n_short" "$n_long"; do timed "$tool" "$n"; done
  done
  say "round $r of $runs: $(for t in jns sd; do printf '%s -n %s %s ms, -n %s %s ms; ' "$t" "$n_short" "$(tail -n 1 "$tmp/$t-$n_short" | cut -d' ' -f1)" "$n_long" "$(tail -n 1 "$tmp/$t-$n_long" | cut -d' ' -f1)"; done)"
done

# --- one-shot wall time, for information ---------------------------------------------------------
say "one-shot wall time: hyperfine, $hf_runs runs after $hf_warmup warm-up runs"
j="$(pgrep -x java | tr '\n' ' ' || true)"
[[ -n $j ]] && java_seen+="hyperfine: pid ${j% }; "
hyperfine -N --style basic --output null --warmup "$hf_warmup" --runs "$hf_runs" --export-json "$tmp/hf.json" \
  -n "./jns cgtop -b -1" "$(cmdline "$jns" cgtop -b -1)" \
  -n "systemd-cgtop -b -n 1" "$(cmdline "$sdcgtop" -b -n 1)" >&2
mapfile -t hf_ms < <(jq -r '.results[].median * 1000' "$tmp/hf.json")
jns_wall="$(fmt1 "${hf_ms[0]}")" sd_wall="$(fmt1 "${hf_ms[1]}")"
noisy="$(jq -r '[.results[] | select(.stddev > 0.2 * .median)
    | "\(.command) (median \(.median * 1000 | floor) ms, sd \(.stddev * 1000 | floor) ms)"] | join(", ")' "$tmp/hf.json")"
[[ -z $noisy ]] || notes+=("one-shot wall time noisy (standard deviation > 20% of the median): $noisy")
cg_after="$(count_cgroups)"

# --- remove the load, and check that nothing is left ----------------------------------------------
all_created=("${created[@]}")
stop_load sleep
remove_cgroups || die "$cleanup_failed"
for d in "${all_created[@]}"; do [[ ! -e $d ]] || die "$d is still there"; done
left="$(pgrep -c -P "$$" -x sleep || true)"
((left == 0)) || die "$left sleep processes of this script are still running"
say "removed: no jns-bench-* cgroup and no sleep of this script is left"
read -r l1 l5 l15 _ </proc/loadavg
loadavg_end="$l1 $l5 $l15"
jar_after="$(stat -c '%Y %s' "$jar" 2>/dev/null || echo none)"
[[ $jar_before == "$jar_after" ]] || notes+=("commands/target/jns.jar changed during the run (rebuilt by someone else?); the ./jns numbers may mix two builds")
[[ -z $java_seen ]] || notes+=("other java processes were running during the measurement (${java_seen%; }); the numbers may be skewed")
((cg_before == cg_after)) || notes+=("the number of cgroups on the host changed during the measurement ($cg_before -> $cg_after, not counting this script's, which were in place throughout): someone else was creating or removing cgroups")
say "done in $((SECONDS - started)) s"

# --- figures ----------------------------------------------------------------------------------------
col() { cut -d' ' -f"$2" "$1" | median; }
declare -A cpu=() usr=() sys=() rss=()
for t in jns sd; do
  for n in "$n_short" "$n_long"; do
    cpu[$t,$n]="$(col "$tmp/$t-$n" 1)" usr[$t,$n]="$(col "$tmp/$t-$n" 2)" sys[$t,$n]="$(col "$tmp/$t-$n" 3)"
  done
  rss[$t]="$(cut -d' ' -f4 "$tmp/$t-$n_long" | sort -n | tail -n 1)"
done
iters=$((n_long - n_short))
per() { awk -v a="$1" -v b="$2" -v k="$iters" 'BEGIN { printf "%.1f", (a - b) / k }'; }
jns_per="$(per "${cpu[jns,$n_long]}" "${cpu[jns,$n_short]}")" sd_per="$(per "${cpu[sd,$n_long]}" "${cpu[sd,$n_short]}")"
jns_uper="$(per "${usr[jns,$n_long]}" "${usr[jns,$n_short]}")" jns_sper="$(per "${sys[jns,$n_long]}" "${sys[jns,$n_short]}")"
sd_uper="$(per "${usr[sd,$n_long]}" "${usr[sd,$n_short]}")" sd_sper="$(per "${sys[sd,$n_long]}" "${sys[sd,$n_short]}")"
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
jns_rss="$(mib "${rss[jns]}")" sd_rss="$(mib "${rss[sd]}")"
r_cpu="$(awk -v a="$jns_per" -v b="$sd_per" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
r_rss="$(ratio "$jns_rss" "$sd_rss")" r_wall="$(ratio "$jns_wall" "$sd_wall")"
rows_x="$(ratio "${jns_rows##*/}" "${sd_rows##*/}")"
runs_of() { cut -d' ' -f1 "$1" | paste -sd' '; }

table="| tool | rows per refresh | bench cgroups shown (cpu / memory / cgroup2) | CPU -n $n_short (ms) | CPU -n $n_long (ms) | CPU per refresh (ms) | user / sys per refresh (ms) | peak RSS (MiB) | one-shot wall (ms) |
|---|--:|--:|--:|--:|--:|--:|--:|--:|
| \`./jns cgtop\` | $jns_rows | $jns_b_cpu / $jns_b_mem / $jns_b_uni | ${cpu[jns,$n_short]} | ${cpu[jns,$n_long]} | **$jns_per** | $jns_uper / $jns_sper | **$jns_rss** | $jns_wall |
| \`systemd-cgtop\` | $sd_rows | $sd_b_cpu / $sd_b_mem / $sd_b_uni | ${cpu[sd,$n_short]} | ${cpu[sd,$n_long]} | **$sd_per** | $sd_uper / $sd_sper | **$sd_rss** | $sd_wall |
| jns / systemd-cgtop | | | | | **${r_cpu}x** | | ${r_rss}x | ${r_wall}x |"
if [[ $r_cpu == n/a ]]; then v_cpu="n/a (systemd-cgtop's CPU per refresh is 0)"; else v_cpu="$(verdict "$r_cpu" 0.5)"; fi
targets="- CPU per refresh at most 0.5x systemd-cgtop's: ${r_cpu}x ($jns_per ms vs $sd_per ms), **$v_cpu**
- peak RSS at most 128 MiB: $jns_rss MiB, **$(verdict "$jns_rss" 128)**"

printf '%s\n\n%s\n' "$table" "$targets"
for n in "${notes[@]}"; do printf 'Note: %s.\n' "$n"; done

# --- rewrite only this benchmark's section of RESULTS.md ----------------------------------------
section="$tmp/section.md"
{
  printf '<!-- cgtop:begin -->\n## `jns cgtop` (bench/cgtop.sh)\n\n'
  printf 'Run on %s. Machine: %s cores, kernel %s, load average %s at the start (before the load), %s at the end (after removing it). ' \
    "$date" "$(nproc)" "$(uname -r)" "$loadavg" "$loadavg_end"
  printf 'JDK of ./jns: `%s` (%s). %s.\n\n' "$java_version" "$java_path" "$sd_version"
  cat <<EOF
Load: $n_total cgroups, each holding one \`sleep 600\`, beneath the script's own cgroup in each hierarchy:
$per_kind in the v1 \`cpu\` and \`cpuacct\` hierarchies (the same name in both; \`${shown[cpu]%/}/jns-bench-1..$per_kind\`),
$per_kind in v1 \`memory\` (\`${shown[memory]%/}/jns-bench-$((per_kind + 1))..$((2 * per_kind))\`) and $per_kind in cgroup2
(\`${shown[cgroup2]%/}/jns-bench-$((2 * per_kind + 1))..$n_total\`).

CPU (user + sys) and max RSS from \`/usr/bin/time -f '%U %S %M'\` (10 ms resolution), output to /dev/null, median of
$runs runs each, the four commands interleaved per round: \`./jns cgtop -b -d $jns_delay --depth $depth -n N\` and
\`systemd-cgtop -b -d $sd_delay --depth $depth -n N\` with N = $n_short and $n_long. CPU per refresh =
(CPU(-n $n_long) - CPU(-n $n_short)) / $iters, so the JVM's start and the first refreshes are excluded. Peak RSS: the largest
of the -n $n_long runs. Rows per refresh: non-empty lines of each refresh (refresh 1/refresh 2) of one untimed -n 2 run
at the same depth; "bench cgroups shown" counts the jns-bench rows of its last refresh per kind. One-shot wall time, for
information: hyperfine -N, median of $hf_runs runs after $hf_warmup warm-up runs, \`./jns cgtop -b -1\` vs
\`systemd-cgtop -b -n 1\` (default depth 3, which reaches every bench cgroup), same load. ./jns ran once first, so its
build and start-up cache are not measured.

$table

Targets:
$targets

Rows: systemd-cgtop hides a row when none of its figures is valid. On a hybrid host its Tasks column is \`-\`
everywhere, %CPU needs the usage to have moved since the last refresh and is never read for v1 \`cpu\` cgroups, so idle
cpu+cpuacct and cgroup2 cgroups do not appear; jns prints every cgroup it finds (0.0 rather than \`-\` for idle CPU).
Both read all the cgroups each refresh; in this run jns printed ${rows_x}x as many rows per refresh.

Runs (CPU ms, in order): jns -n $n_short: $(runs_of "$tmp/jns-$n_short"); jns -n $n_long: $(runs_of "$tmp/jns-$n_long");
systemd-cgtop -n $n_short: $(runs_of "$tmp/sd-$n_short"); systemd-cgtop -n $n_long: $(runs_of "$tmp/sd-$n_long").

The first bench cgroup of each kind (cpu+cpuacct, memory, cgroup2) in the last refresh of the -n 2 runs
(columns: path, tasks, %CPU, memory, input/s, output/s):

\`\`\`
$samples
\`\`\`
EOF
  for n in "${notes[@]}"; do printf '\nNote: %s.\n' "$n"; done
  printf '<!-- cgtop:end -->\n'
} >"$section"

write_section cgtop "$section"
say "wrote $results"

#!/usr/bin/env bash
# Benchmark of jns top's memory over a long run: starts `jns top -d 1s` in a tmux session (a
# real terminal, 120x40), switches views every minute (Tab) so that all three are sampled, and
# reads the JVM's VmRSS every INTERVAL seconds; systemd-cgtop runs beside it as the reference.
# Target (issue 14): steady RSS at most 48 MiB over an hour at a 1 s refresh.
# A second jns top runs beside it with --proc-root pointing at /proc through a symbolic link, which
# makes the header come from /proc instead of OSHI (OSHI reads only the live /proc): what OSHI and
# JNA cost a long-running view.
# Rewrites the `top-rss` section of bench/RESULTS.md.
#
# Usage: bench/top-rss.sh [SECONDS] [INTERVAL]   (default 3600 and 10; needs tmux; build first)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/RESULTS.md"
NAME=top-rss.sh
pids=()
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
duration="${1:-3600}"
interval="${2:-10}"
command -v tmux >/dev/null || die "needs tmux"
[ -f "$root/commands/target/jns.jar" ] || die "build first: ./jns ls (or mvn -DskipTests package)"

# A copy of the build, so that rebuilding the repository during the run changes nothing.
app="$(mktemp -d)"
session="jns-top-rss-$$"
cleanup() {
  tmux kill-session -t "$session" 2>/dev/null || true
  tmux kill-session -t "$session-noshi" 2>/dev/null || true
  tmux kill-session -t "$session-ref" 2>/dev/null || true
  rm -rf "$app"
}
trap cleanup EXIT
cp -r "$root/commands/target/jns.jar" "$root/commands/target/lib" "$app/"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# the launcher's flags for the live views (see ./jns)
flags=(-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=3 -XX:-UsePerfData -XX:+UseSerialGC -Xms8m -Xmn6m
  -XX:SurvivorRatio=2 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -Xmx80m)
tmux new-session -d -s "$session" -x 120 -y 40 "$(cmdline "$java" "${flags[@]}" -jar "$app/jns.jar" top -d 1s)"
ln -s /proc "$app/proc"
tmux new-session -d -s "$session-noshi" -x 120 -y 40 \
  "$(cmdline "$java" "${flags[@]}" -jar "$app/jns.jar" --proc-root "$app/proc" top -d 1s)"
ref=""
if command -v systemd-cgtop >/dev/null; then
  tmux new-session -d -s "$session-ref" -x 120 -y 40 "systemd-cgtop -d 1s"
  ref=systemd-cgtop
fi
jpid=""
for _ in $(seq 100); do
  jpid="$(pgrep -f -n -- "$app/jns.jar top" || true)"
  npid="$(pgrep -f -n -- "$app/jns.jar --proc-root" || true)"
  [ -n "$jpid" ] && [ -n "$npid" ] && break
  sleep 0.1
done
[ -n "$jpid" ] && [ -n "$npid" ] || die "jns top did not start"
rpid=""
[ -n "$ref" ] && rpid="$(pgrep -n -x systemd-cgtop || true)"
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

say "sampling jns top (pid $jpid)${ref:+ and $ref (pid $rpid)} for ${duration}s every ${interval}s"
samples="$(mktemp)"
start=$(date +%s)
next_tab=$((start + 60))
while :; do
  now=$(date +%s)
  ((now - start >= duration)) && break
  [ -d "/proc/$jpid" ] || die "jns top exited early: $(tmux capture-pane -p -t "$session" | tail -3)"
  echo "$((now - start)) $(rss "$jpid") $([ -n "$rpid" ] && rss "$rpid" || echo 0) $(rss "$npid")" >>"$samples"
  if ((now >= next_tab)); then
    tmux send-keys -t "$session" Tab
    tmux send-keys -t "$session-noshi" Tab
    next_tab=$((now + 60))
  fi
  sleep "$interval"
done
tmux send-keys -t "$session" q
tmux send-keys -t "$session-noshi" q
# figures in MiB: the peak; the median of the second half (steady); first and last ten minutes' medians (growth)
read -r peak steady early late ref_steady npeak nsteady nearly nlate < <(awk -v d="$duration" '
  { t[NR] = $1; r[NR] = $2 / 1024; f[NR] = $3 / 1024; o[NR] = $4 / 1024
    if (r[NR] > peak) peak = r[NR]; if (o[NR] > opeak) opeak = o[NR] }
  function median(a, lo, hi,   n, i, j, v, tmp) {
    n = 0; for (i = lo; i <= hi; i++) v[++n] = a[i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { tmp = v[i]; v[i] = v[j]; v[j] = tmp }
    return n ? v[int((n + 1) / 2)] : 0 }
  END {
    half = int(NR / 2) + 1; w = int(600 / (d / NR)); if (w < 1) w = 1; if (w > NR) w = NR
    printf "%.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f\n", peak, median(r, half, NR), median(r, 1, w), median(r, NR - w + 1, NR),
      median(f, half, NR), opeak, median(o, half, NR), median(o, 1, w), median(o, NR - w + 1, NR) }' "$samples")
n=$(wc -l <"$samples")
rm -f "$samples"
echo "peak=${peak}MiB steady=${steady}MiB first10min=${early}MiB last10min=${late}MiB ${ref:+$ref=${ref_steady}MiB} header-from-proc: steady=${nsteady}MiB"
section="$(mktemp)"
{
  printf '<!-- top-rss:begin -->\n## jns top: memory over a long run (bench/top-rss.sh)\n\n'
  printf 'Run on %s. %s cores, `%s`. `jns top -d 1s` in tmux (120x40) with the launcher'"'"'s flags\n' \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" "$("$java" -version 2>&1 | head -1)"
  printf '(`%s`; run from a copy of the jars, so without the launcher'"'"'s class archive), switching views every\n' "${flags[*]}"
  printf 'minute; VmRSS read every %s s, %s samples over %s s. The second row runs beside it with the\n' "$interval" "$n" "$duration"
  printf 'header read from /proc instead of OSHI (`--proc-root` through a symbolic link to /proc).\n\n'
  printf '| | peak (MiB) | steady: median of the 2nd half (MiB) | first 10 min (MiB) | last 10 min (MiB) | target |\n|---|--:|--:|--:|--:|---|\n'
  printf '| jns top | %s | %s | %s | %s | steady at most 48 MiB: %s |\n' "$peak" "$steady" "$early" "$late" "$(verdict "$steady" 48)"
  printf '| jns top, header from /proc (no OSHI) | %s | %s | %s | %s | steady at most 48 MiB: %s |\n' "$npeak" "$nsteady" "$nearly" "$nlate" "$(verdict "$nsteady" 48)"
  if [ -n "$ref" ] && [ "$ref_steady" != "0.0" ]; then
    printf '| %s (reference) | | %s | | | ratio jns/reference: %sx |\n' "$ref" "$ref_steady" "$(ratio "$steady" "$ref_steady")"
  elif [ -n "$ref" ]; then
    printf '| %s (reference) | | – (it exited during the run) | | | |\n' "$ref"
  fi
  printf '<!-- top-rss:end -->\n'
} >"$section"
write_section top-rss "$section"
rm -f "$section"
say "wrote $results"

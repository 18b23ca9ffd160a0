#!/usr/bin/env bash
# Benchmark of the full-screen view (jns top, jns cgtop): time to draw one frame (state -> Lanterna Screen,
# delta refresh) with 10,000 rows on a 200x60 virtual terminal. Target (issue 5): at most 5 ms.
# Rewrites the `render` section of bench/RESULTS.md.
#
# Usage: bench/render.sh [ROWS] [FRAMES]     (no root needed; builds the test classes with Maven)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/RESULTS.md"
NAME=render.sh
pids=()
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
rows="${1:-10000}"
frames="${2:-2000}"

say "building (mvn -q -o -DskipTests test-compile)"
(cd "$root" && mvn -q -B -o -DskipTests test-compile -pl inspect-core,tui >&2)
cp="$(cd "$root" && mvn -q -B -o dependency:build-classpath -pl tui -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test 2>/dev/null)"
line="$(java -cp "$root/tui/target/test-classes:$root/tui/target/classes:$root/inspect-core/target/classes:$cp" \
  dev.jns.tui.RenderBench "$rows" "$frames")"
echo "$line"
median="$(sed -E 's/.*median_ms=([0-9.]+).*/\1/' <<<"$line")"
p95="$(sed -E 's/.*p95_ms=([0-9.]+).*/\1/' <<<"$line")"
section="$(mktemp)"
{
  printf '<!-- render:begin -->\n## Full-screen cgroup view: frame render (bench/render.sh)\n\n'
  printf 'Run on %s. %s cores, `%s`. One frame = TopView.draw + Screen.refresh(DELTA) on a 200x60\n' \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" "$(java -version 2>&1 | head -1)"
  printf 'DefaultVirtualTerminal, %s rows, the selection moving every frame; %s frames after 500 warm-up frames.\n\n' "$rows" "$frames"
  printf '| rows | median (ms) | 95th percentile (ms) | target |\n|--:|--:|--:|---|\n'
  printf '| %s | %s | %s | at most 5 ms: %s |\n' "$rows" "$median" "$p95" "$(verdict "$median" 5)"
  printf '<!-- render:end -->\n'
} >"$section"
write_section render "$section"
rm -f "$section"
say "wrote $results"

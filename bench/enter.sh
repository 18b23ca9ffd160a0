#!/usr/bin/env bash
# Benchmark of `jns enter` and `jns unshare`: whole-process wall time, median, in one hyperfine run
# each, against util-linux nsenter and unshare and a Java hello-world run by the same JDK:
#   ./jns enter -t PID -n -- true     vs  nsenter -t PID -n -- true
#   ./jns unshare -n -- true          vs  unshare -n -- true
# PID is a `unshare -n sleep` started (and removed) here. Target: jns at most 1.5x the hello-world.
# Rewrites the `enter` section of bench/RESULTS.md.
#
# Usage: sudo bench/enter.sh      (RUNS=20 WARMUP=3 by default)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/RESULTS.md"
runs="${RUNS:-20}"
warmup="${WARMUP:-3}"
NAME=enter.sh
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

[[ $EUID -eq 0 ]] || die "run as root: creating and entering namespaces needs it"
for tool in hyperfine jq nsenter unshare; do command -v "$tool" >/dev/null || die "$tool not found"; done

tmp="$(mktemp -d)"
pids=()
cleanup() { stop_load target; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="$(dirname "$(readlink -f "$(command -v "$java")")")/javac"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' >"$tmp/Hello.java"
"$javac" -d "$tmp" "$tmp/Hello.java"

unshare -n sleep 600 &
pids+=($!)
target=$!
host_net="$(readlink /proc/self/ns/net)"
for _ in $(seq 1 200); do
  [[ "$(readlink "/proc/$target/ns/net" 2>/dev/null)" != "$host_net" ]] && break
  sleep 0.01
done
[[ "$(readlink "/proc/$target/ns/net")" != "$host_net" ]] || die "the target did not get its own network namespace"

"$root/jns" enter -t "$target" -n -- true   # build and start-up cache, not measured
say "measuring: $runs runs after $warmup warm-up runs"
hyperfine -N -w "$warmup" -r "$runs" --export-json "$tmp/h.json" \
  "$java -cp $tmp Hello" "$java -XX:TieredStopAtLevel=1 -cp $tmp Hello" \
  "$root/jns enter -t $target -n -- true" "nsenter -t $target -n -- true" \
  "$root/jns unshare -n -- true" "unshare -n -- true" >&2

median() { jq -r --argjson i "$1" '.results[$i].median * 1000 | . * 10 | round / 10' "$tmp/h.json"; }
hello=$(median 0) hello_c1=$(median 1) jenter=$(median 2) nsenter_ms=$(median 3) junshare=$(median 4) unshare_ms=$(median 5)
version="$("$java" -version 2>&1 | head -1)"
{
  printf '<!-- enter:begin -->\n## `jns enter` and `jns unshare` (bench/enter.sh)\n\n'
  printf 'Run on %s. Machine: %s cores, kernel %s, `%s`. Whole-process wall time, median of %s runs\n' \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" "$(uname -r)" "$version" "$runs"
  printf 'after %s warm-up runs (hyperfine -N), all six commands in one run.\n\n' "$warmup"
  printf '| command | median (ms) | / hello C1 | / util-linux |\n|---|--:|--:|--:|\n'
  printf '| `java Hello` | %s | | |\n| `java -XX:TieredStopAtLevel=1 Hello` (hello C1) | %s | 1.00x | |\n' "$hello" "$hello_c1"
  printf '| `./jns enter -t PID -n -- true` | %s | %sx | %sx |\n' "$jenter" "$(ratio "$jenter" "$hello_c1")" "$(ratio "$jenter" "$nsenter_ms")"
  printf '| `nsenter -t PID -n -- true` | %s | | |\n' "$nsenter_ms"
  printf '| `./jns unshare -n -- true` | %s | %sx | %sx |\n' "$junshare" "$(ratio "$junshare" "$hello_c1")" "$(ratio "$junshare" "$unshare_ms")"
  printf '| `unshare -n -- true` | %s | | |\n\n' "$unshare_ms"
  printf 'Target: at most 1.5x the hello-world: enter %s, unshare %s.\n' \
    "$(verdict "$(ratio "$jenter" "$hello_c1")" 1.5)" "$(verdict "$(ratio "$junshare" "$hello_c1")" 1.5)"
  printf '<!-- enter:end -->\n'
} >"$tmp/section.md"
cat "$tmp/section.md"
write_section enter "$tmp/section.md"
say "wrote $results"

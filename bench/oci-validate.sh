#!/usr/bin/env bash
# Benchmark of `jns oci validate` on a typical bundle (runc spec's config.json, a busybox rootfs):
#   1. whole-process wall time of ./jns oci validate BUNDLE (all default layers: schema, semantics,
#      host) and with --no-host, beside a Java hello-world run by the same JDK (hyperfine, one run);
#      target: at most 1.5x hello-world;
#   2. in-JVM validations per second (ValidateBench, test scope): the whole validation of the bundle,
#      and the config-only layers on bytes in memory; target: at least 10,000 per second.
# Rewrites the `oci-validate` section of bench/RESULTS.md.
#
# Usage: bench/oci-validate.sh       (RUNS=30 WARMUP=5 by default; needs runc for `runc spec`, busybox)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/RESULTS.md"
runs="${RUNS:-30}"
warmup="${WARMUP:-5}"
NAME=oci-validate.sh
pids=()
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

command -v hyperfine >/dev/null || die "hyperfine not found (apt-get install hyperfine)"
command -v jq >/dev/null || die "jq not found (apt-get install jq)"
command -v runc >/dev/null || die "runc not found (used for 'runc spec')"
busybox="$(command -v busybox || true)"
[[ -x /bin/busybox ]] && busybox=/bin/busybox
[[ -n $busybox ]] || die "busybox not found"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

say "building (mvn -q -o -DskipTests package; test-compile inspect-core)"
(cd "$root" && mvn -q -B -o -DskipTests package >&2 && mvn -q -B -o -DskipTests test-compile -pl inspect-core >&2)

# the typical bundle: runc's default config, a busybox rootfs
bundle="$tmp/bundle"
mkdir -p "$bundle/rootfs/bin" "$bundle/rootfs/proc" "$bundle/rootfs/dev" "$bundle/rootfs/sys"
cp "$busybox" "$bundle/rootfs/bin/busybox"
ln -s busybox "$bundle/rootfs/bin/sh"
(cd "$bundle" && runc spec)
bytes="$(stat -c %s "$bundle/config.json")"

cat >"$tmp/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] args) {
        System.out.println("Hello, world");
    }
}
JAVA
javac -d "$tmp/hello" "$tmp/Hello.java"
"$root/jns" oci validate "$bundle" >"$tmp/out.txt" || true   # warms the build and the start-up cache
rc_jns=0
"$root/jns" oci validate "$bundle" >/dev/null || rc_jns=$?

say "whole process: $runs runs after $warmup warm-up runs"
hyperfine -N --style basic --output null --warmup "$warmup" --runs "$runs" -i --export-json "$tmp/h.json" \
  -n "./jns oci validate BUNDLE" "$(cmdline "$root/jns" oci validate "$bundle")" \
  -n "./jns oci validate --no-host BUNDLE" "$(cmdline "$root/jns" oci validate --no-host "$bundle")" \
  -n "./jns ls -t pid" "$(cmdline "$root/jns" ls -t pid)" \
  -n "hello C1" "$(cmdline java -XX:TieredStopAtLevel=1 -cp "$tmp/hello" Hello)" \
  -n "hello plain" "$(cmdline java -cp "$tmp/hello" Hello)" >&2
mapfile -t ms < <(jq -r '.results[].median * 1000' "$tmp/h.json")
jns="$(printf '%.1f' "${ms[0]}")" nohost="$(printf '%.1f' "${ms[1]}")" lspid="$(printf '%.1f' "${ms[2]}")"
c1="$(printf '%.1f' "${ms[3]}")" plain="$(printf '%.1f' "${ms[4]}")"
read -r l1 l5 l15 _ </proc/loadavg

say "in-JVM throughput (ValidateBench)"
cp="$(cd "$root" && mvn -q -B -o dependency:build-classpath -pl inspect-core -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test 2>/dev/null)"
line="$(java -cp "$root/inspect-core/target/test-classes:$root/inspect-core/target/classes:$cp" \
  dev.jns.core.oci.ValidateBench "$bundle" 1 7)"
echo "$line"
whole_ps="$(sed -E 's/.*whole_per_s=([0-9.]+).*/\1/' <<<"$line")"
whole_us="$(sed -E 's/.*whole_us=([0-9.]+).*/\1/' <<<"$line")"
mem_ps="$(sed -E 's/.*memory_per_s=([0-9.]+).*/\1/' <<<"$line")"
mem_us="$(sed -E 's/.*memory_us=([0-9.]+).*/\1/' <<<"$line")"
findings="$(sed -E 's/.*findings=([0-9]+).*/\1/' <<<"$line")"
ge() { awk -v v="$1" -v t="$2" 'BEGIN { print (v >= t ? "met" : "not met") }'; }

section="$tmp/section.md"
{
  printf '<!-- oci-validate:begin -->\n## `jns oci validate` (bench/oci-validate.sh)\n\n'
  printf 'Run on %s. %s cores, kernel %s, `%s`. The bundle: `runc spec` (runc %s) config.json (%s bytes) and a\n' \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" "$(uname -r)" "$(java -version 2>&1 | head -1)" \
    "$(runc --version | head -1 | awk '{print $3}')" "$bytes"
  printf 'busybox rootfs; jns reports %s findings on it (exit %s: runc'"'"'s default spec lists ambient capabilities\n' "$findings" "$rc_jns"
  printf 'that are not inheritable, a warning). Whole process: hyperfine -N, median of %s runs after %s warm-up runs,\n' "$runs" "$warmup"
  printf 'all five commands in one run, output to /dev/null; load average %s %s %s after it (other builds share the 2 cores).\n' "$l1" "$l5" "$l15"
  printf 'In-JVM: ValidateBench, median of 7 one-second rounds after a\n'
  printf '2 s warm-up, same JDK, default JIT.\n\n'
  printf '| command | median (ms) | / hello C1 | / hello plain |\n|---|--:|--:|--:|\n'
  printf '| `./jns oci validate BUNDLE` (schema, semantics, host) | %s | %sx | %sx |\n' "$jns" "$(ratio "$jns" "$c1")" "$(ratio "$jns" "$plain")"
  printf '| `./jns oci validate --no-host BUNDLE` | %s | %sx | %sx |\n' "$nohost" "$(ratio "$nohost" "$c1")" "$(ratio "$nohost" "$plain")"
  printf '| `./jns ls -t pid` (jns start-up, for comparison) | %s | %sx | %sx |\n' "$lspid" "$(ratio "$lspid" "$c1")" "$(ratio "$lspid" "$plain")"
  printf '| `java -XX:TieredStopAtLevel=1 Hello` (hello C1) | %s | 1.00x | |\n' "$c1"
  printf '| `java Hello` (hello plain) | %s | | 1.00x |\n\n' "$plain"
  printf '| in-JVM | validations per second | microseconds each | target |\n|---|--:|--:|---|\n'
  printf '| whole validation of the bundle (read, parse, schema, semantics, host) | %s | %s | at least 10,000/s: %s |\n' \
    "$whole_ps" "$whole_us" "$(ge "$whole_ps" 10000)"
  printf '| config-only layers on bytes in memory (parse, schema, semantics) | %s | %s | at least 10,000/s: %s |\n\n' \
    "$mem_ps" "$mem_us" "$(ge "$mem_ps" 10000)"
  printf 'Targets: whole process at most 1.5x hello-world (same JIT flag): %sx, **%s**; in-JVM at least 10,000\n' \
    "$(ratio "$jns" "$c1")" "$(verdict "$(ratio "$jns" "$c1")" 1.5)"
  printf 'validations per second: %s/s, **%s**.\n' "$whole_ps" "$(ge "$whole_ps" 10000)"
  printf '<!-- oci-validate:end -->\n'
} >"$section"
cat "$section"
if grep -q '^<!-- oci-validate:begin -->$' "$results"; then
  awk -v section="$section" '
    /^<!-- oci-validate:begin -->$/ { while ((getline line < section) > 0) print line; skip = 1; next }
    /^<!-- oci-validate:end -->$/   { skip = 0; next }
    !skip' "$results" >"$tmp/RESULTS.md"
  cat "$tmp/RESULTS.md" >"$results"
else
  { printf '\n'; cat "$section"; } >>"$results"
fi
say "wrote $results"

#!/usr/bin/env bash
# Benchmark of `jns oci validate` on a typical bundle (runc spec's config.json, a busybox rootfs):
#   1. whole-process wall time of ./jns oci validate BUNDLE (the default layers: spec, host, and
#      runtime with the runc on PATH, its probe cached), with --no-host, and ./jns ls -t pid (jns's start-up) beside a Java hello-world run by
#      the same JDK, one hyperfine run per JDK; target: at most 1.5x hello-world (same JIT flag);
#   2. in-JVM validations per second (ValidateBench, test scope, JDK on PATH): the whole validation
#      of the bundle, and the config-only layers on bytes in memory; targets: at least 18,000/s whole (issue 13), 10,000/s config-only.
# Rewrites the `oci-validate` section of bench/RESULTS.md.
#
# Usage: bench/oci-validate.sh        (RUNS=30 WARMUP=5; needs hyperfine, jq, runc for `runc spec`, busybox)
#        JDKS="/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64" bench/oci-validate.sh
# JDKS: JAVA_HOME directories; default: the JDK of `java` on PATH, plus Temurin 25 if installed.
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
[[ $runs =~ ^[0-9]+$ ]] && ((runs >= 10)) || die "RUNS must be a number >= 10 (got '$runs')"

if [[ -n ${JDKS:-} ]]; then
  read -r -a jdks <<<"$JDKS"
else
  jdks=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  [[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]] && jdks+=(/usr/lib/jvm/temurin-25-jdk-amd64)
fi

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

rows="" targets="" jdk_lines=""
for j in "${!jdks[@]}"; do
  jdk="$(readlink -f "${jdks[$j]}")"
  [[ -x $jdk/bin/java && -x $jdk/bin/javac ]] || die "no bin/java and bin/javac in '$jdk'"
  version="$("$jdk/bin/java" -version 2>&1 | head -n 1)"
  label="$(basename "$jdk")"
  [[ $version =~ \"([^\"]+)\" ]] && label="JDK ${BASH_REMATCH[1]}"
  jdk_lines+="- $label: \`$version\` ($jdk)"$'\n'
  "$jdk/bin/javac" -d "$tmp/hello-$j" "$tmp/Hello.java"
  rc_jns=0
  JAVA_HOME="$jdk" "$root/jns" oci validate "$bundle" >/dev/null || rc_jns=$?   # warms the start-up cache
  say "$label: whole process, $runs runs after $warmup warm-up runs"
  JAVA_HOME="$jdk" hyperfine -N --style basic --output null --warmup "$warmup" --runs "$runs" -i --export-json "$tmp/h$j.json" \
    -n "./jns oci validate BUNDLE" "$(cmdline "$root/jns" oci validate "$bundle")" \
    -n "./jns oci validate --no-host BUNDLE" "$(cmdline "$root/jns" oci validate --no-host "$bundle")" \
    -n "./jns ls -t pid" "$(cmdline "$root/jns" ls -t pid)" \
    -n "hello C1" "$(cmdline "$jdk/bin/java" -XX:TieredStopAtLevel=1 -cp "$tmp/hello-$j" Hello)" \
    -n "hello plain" "$(cmdline "$jdk/bin/java" -cp "$tmp/hello-$j" Hello)" >&2
  mapfile -t ms < <(jq -r '.results[].median * 1000' "$tmp/h$j.json")
  jns="$(printf '%.1f' "${ms[0]}")" nohost="$(printf '%.1f' "${ms[1]}")" lspid="$(printf '%.1f' "${ms[2]}")"
  c1="$(printf '%.1f' "${ms[3]}")" plain="$(printf '%.1f' "${ms[4]}")"
  rows+="| $label | $jns | $nohost | $lspid | $c1 | $plain | $(ratio "$jns" "$c1")x | $(ratio "$nohost" "$c1")x | $(ratio "$lspid" "$c1")x |"$'\n'
  targets+="- $label: \`./jns oci validate BUNDLE\` at most 1.5x hello-world with the same JIT flag: $(ratio "$jns" "$c1")x, **$(verdict "$(ratio "$jns" "$c1")" 1.5)**"$'\n'
done
read -r l1 l5 l15 _ </proc/loadavg

say "in-JVM throughput (ValidateBench, java on PATH)"
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
  printf 'Run on %s. %s cores, kernel %s; load average %s %s %s after the whole-process runs (other builds\n' \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" "$(uname -r)" "$l1" "$l5" "$l15"
  printf 'share these 2 cores). JDKs:\n\n%s\n' "$jdk_lines"
  printf 'The bundle: `runc spec` (runc %s) config.json (%s bytes) and a busybox rootfs; jns reports %s findings on it\n' \
    "$(runc --version | head -1 | awk '{print $3}')" "$bytes" "$findings"
  printf '(exit %s: runc'"'"'s default spec lists ambient capabilities that are not inheritable, a warning).\n\n' "$rc_jns"
  printf 'Whole process: hyperfine -N, median of %s runs after %s warm-up runs, the five commands of a row in one run with\n' "$runs" "$warmup"
  printf '`JAVA_HOME` set to its JDK (./jns run once first, so its build and start-up cache are not measured), output to /dev/null.\n'
  printf 'Hello C1 is `java -XX:TieredStopAtLevel=1 Hello`, the JIT flag ./jns uses; `./jns ls -t pid` is jns'"'"'s start-up alone.\n\n'
  printf '| JDK | ./jns oci validate (ms) | --no-host (ms) | ./jns ls -t pid (ms) | hello C1 (ms) | hello plain (ms) | validate / hello C1 | --no-host / hello C1 | ls -t pid / hello C1 |\n'
  printf '|---|--:|--:|--:|--:|--:|--:|--:|--:|\n%s\n\n' "${rows%$'\n'}"
  printf 'In-JVM: ValidateBench (`java` on PATH, default JIT), median of 7 one-second rounds after a 2 s warm-up.\n\n'
  printf '| in-JVM | validations per second | microseconds each | target |\n|---|--:|--:|---|\n'
  printf '| whole validation of the bundle (read, parse, spec, host) | %s | %s | at least 18,000/s (issue 13): %s |\n' \
    "$whole_ps" "$whole_us" "$(ge "$whole_ps" 18000)"
  printf '| config-only rules on bytes in memory (parse, spec, runc'"'"'s static refusals) | %s | %s | at least 10,000/s: %s |\n\n' \
    "$mem_ps" "$mem_us" "$(ge "$mem_ps" 10000)"
  printf 'Targets:\n%s' "$targets"
  printf -- '- in-JVM, at least 18,000 validations per second of the bundle (issue 13): %s/s, **%s**\n\n' "$whole_ps" "$(ge "$whole_ps" 18000)"
  printf 'A plain `jns oci validate` command line skips picocli (Main -> OciValidateFast), and the launcher'"'"'s class cache is\n'
  printf 'trained on it (Main --jns-train=oci-validate); `./jns ls -t pid` shows the start-up of a command that builds picocli. What is left\n'
  printf 'over hello-world is the launcher script (bash and, at most, one fork: about 3 ms) and loading jns'"'"'s classes; a validation itself takes the\n'
  printf 'microseconds above.\n'
  printf '<!-- oci-validate:end -->\n'
} >"$section"
cat "$section"
write_section oci-validate "$section"
say "wrote $results"

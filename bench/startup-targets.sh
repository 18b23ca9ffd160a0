#!/usr/bin/env bash
# Start-up against issue 14's targets: each short jns command side by side with a Java hello-world
# run by the same JDK with the same JIT flag (java -XX:TieredStopAtLevel=1 Hello), in one hyperfine
# run per command, in both orders (the second command of a run tends to be slower here). Reports
# each command's median, the hello-world's median from the same runs, and their ratio, against the
# target: <= 1.5x for ls, ls -t pid, enter, unshare and oci validate; <= 1.8x for --version and
# ls --help. Rewrites the `startup-targets-jdkN` section of bench/RESULTS.md (N: the JDK's feature
# version; JAVA_HOME picks the JDK, as for ./jns).
#
# Usage: sudo bench/startup-targets.sh     (RUNS=20 WARMUP=3 by default; RUNS >= 10)
#        sudo JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/startup-targets.sh
# Root: `enter -n` and `unshare -n` need CAP_SYS_ADMIN.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/RESULTS.md"
runs="${RUNS:-20}"
warmup="${WARMUP:-3}"
pids=()

NAME=startup-targets.sh
# shellcheck source=bench/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

[[ $runs =~ ^[0-9]+$ ]] && ((runs >= 10)) || die "RUNS must be a number >= 10 (got '$runs')"
[[ $warmup =~ ^[0-9]+$ ]] || die "WARMUP must be a number (got '$warmup')"
((EUID == 0)) || die "run as root: enter -n and unshare -n need CAP_SYS_ADMIN"
for tool in hyperfine jq runc busybox; do command -v "$tool" >/dev/null || die "$tool not found"; done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
command -v "$javac" >/dev/null || die "javac not found (a JDK is needed for the hello-world)"

tmp="$(mktemp -d)"
cleanup() {
  stop_load "target"
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir "$tmp/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' >"$tmp/hello/Hello.java"
"$javac" -d "$tmp/hello" "$tmp/hello/Hello.java"
hello="$(cmdline "$java" -XX:TieredStopAtLevel=1 -cp "$tmp/hello" Hello)"

sleep 600 &
target=$!
pids+=("$target")
# the typical bundle of bench/oci-validate.sh: runc's default config, a busybox rootfs
bundle="$tmp/bundle"
mkdir -p "$bundle/rootfs/bin" "$bundle/rootfs/proc" "$bundle/rootfs/dev" "$bundle/rootfs/sys"
cp "$(command -v busybox)" "$bundle/rootfs/bin/busybox"
ln -s busybox "$bundle/rootfs/bin/sh"
(cd "$bundle" && runc spec)
# label|arguments|target ratio
cases=(
  "ls|ls|1.5"
  "ls -t pid|ls -t pid|1.5"
  "enter -t PID -n -- true|enter -t $target -n -- true|1.5"
  "unshare -n -- true|unshare -n -- true|1.5"
  "oci validate|oci validate $bundle|1.5"
  "--version|--version|1.8"
  "ls --help|ls --help|1.8"
)
# Warm: the build, and the launcher's start-up caches (made by the first run after a build).
for c in "${cases[@]}"; do
  IFS='|' read -r _ args _ <<<"$c"
  read -r -a words <<<"$args"
  "$root/jns" "${words[@]}" >/dev/null 2>&1 || true
done
java_version="$("$java" -version 2>&1 | head -n 1)"
feature="$(sed -E 's/.*version "([0-9]+).*/\1/' <<<"$java_version")"

fig() { jq -s --arg n "$2" "[.[].results[] | select(.command == \$n) | $3] | add / length * 1000" "$1"-*.json; }
rows=()
for c in "${cases[@]}"; do
  IFS='|' read -r label args target_ratio <<<"$c"
  read -r -a words <<<"$args"
  json="$tmp/$(echo "$label" | tr -c 'a-z0-9' _)"
  jns_cmd="$(cmdline "$root/jns" "${words[@]}")"
  say "$label: $runs runs each, with the hello-world, in both orders"
  hyperfine -N --style basic --output null --warmup "$warmup" --runs "$runs" --export-json "$json-1.json" \
    -n hello "$hello" -n jns "$jns_cmd" >&2
  hyperfine -N --style basic --output null --warmup "$warmup" --runs "$runs" --export-json "$json-2.json" \
    -n jns "$jns_cmd" -n hello "$hello" >&2
  h="$(fig "$json" hello .median)"
  j="$(fig "$json" jns .median)"
  r="$(ratio "$j" "$h")"
  rows+=("| \`jns $label\` | $(printf '%.1f' "$j") | $(printf '%.1f' "$h") | **${r}x** | ≤ ${target_ratio}x | $(verdict "$r" "$target_ratio") |")
done

section="$tmp/section.md"
{
  echo "<!-- startup-targets-jdk$feature:begin -->"
  echo "## Start-up against a hello-world, JDK $feature (bench/startup-targets.sh, issue 14)"
  echo
  echo "Run on $(date -u '+%Y-%m-%d %H:%M UTC'), $java_version, $(nproc) cores, commit"
  echo "$(git -C "$root" rev-parse --short HEAD). hyperfine -N; per command two runs with the hello-world"
  echo "(\`java -XX:TieredStopAtLevel=1 Hello\`, the JIT flag ./jns uses), in both orders, $runs runs ($warmup warm-up)"
  echo "each; a figure is the mean of its two medians; ratio = jns / hello-world."
  echo
  echo "| command | jns (ms) | hello-world (ms) | ratio | target | |"
  echo "|---|--:|--:|--:|--:|---|"
  printf '%s\n' "${rows[@]}"
  echo "<!-- startup-targets-jdk$feature:end -->"
} >"$section"
cat "$section"
write_section "startup-targets-jdk$feature" "$section"

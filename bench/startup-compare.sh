#!/usr/bin/env bash
# Start-up of jns, this checkout against another revision, side by side: is a change's start-up
# "no worse"? Builds REV in a temporary git worktree (mvn -o package, no tests), then one hyperfine
# run per command holds both builds' ./jns, so that they meet the same machine state. Short
# commands only: the JVM's start, picocli's and the first read of /proc dominate them.
# Prints a markdown table and rewrites the `startup-compare-jdkN` section of bench/RESULTS.md (N:
# the JDK's feature version; JAVA_HOME picks the JDK, as for ./jns).
#
# Usage: bench/startup-compare.sh REV       (RUNS=20 WARMUP=3 by default; RUNS >= 10)
#        JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/startup-compare.sh REV
# REV: any git revision, e.g. a commit before the change, `main~5`, a tag.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/RESULTS.md"
runs="${RUNS:-20}"
warmup="${WARMUP:-3}"
pids=()

NAME=startup-compare.sh
# shellcheck source=bench/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

(($# == 1)) || die "usage: bench/startup-compare.sh REV (a git revision to compare this checkout with)"
[[ $runs =~ ^[0-9]+$ ]] && ((runs >= 10)) || die "RUNS must be a number >= 10 (got '$runs')"
[[ $warmup =~ ^[0-9]+$ ]] || die "WARMUP must be a number (got '$warmup')"
for tool in hyperfine jq git mvn; do command -v "$tool" >/dev/null || die "$tool not found"; done
base_rev="$(git -C "$root" rev-parse --verify --quiet "$1^{commit}")" || die "no such revision: $1"
head_rev="$(git -C "$root" rev-parse HEAD)"
dirty=""
# Changes to the benchmarks and the docs do not change what is measured.
[[ -z "$(git -C "$root" status --porcelain --untracked-files=no -- . ':!bench' ':!*.md')" ]] \
  || dirty=" (with uncommitted changes)"

tmp="$(mktemp -d)"
base="$tmp/base"
cleanup() {
  git -C "$root" worktree remove --force "$base" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "building $base_rev in $base"
git -C "$root" worktree add --detach "$base" "$base_rev" >/dev/null 2>&1 || die "git worktree add failed"
(cd "$base" && mvn -B -q -o -DskipTests package >"$tmp/base-build.log" 2>&1) \
  || { tail -20 "$tmp/base-build.log" >&2; die "building $base_rev failed"; }
if [[ ! -f $root/commands/target/jns.jar ]]; then
  say "building this checkout"
  (cd "$root" && mvn -B -q -o -DskipTests package >"$tmp/head-build.log" 2>&1) \
    || { tail -20 "$tmp/head-build.log" >&2; die "building this checkout failed"; }
fi

bundle="$root/samples/oci-bundles/hello"
cases=(
  "ls|ls"
  "ls -t pid|ls -t pid"
  "--version|--version"
  "cg ls|cg ls --no-procs"
  "oci validate --no-host|oci validate --no-host $bundle"
  "oci validate|oci validate $bundle"
  "top -b -n 1|top -b -n 1"
)

# Warm both: the launcher's start-up caches (CDS/AOT, one per group of commands) are made by the
# first run of a command after a build.
for dir in "$base" "$root"; do
  for c in "${cases[@]}"; do
    read -r -a words <<<"${c#*|}"
    "$dir/jns" "${words[@]}" >/dev/null 2>&1 || true
  done
done
java_version="$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -n 1)"
feature="$(sed -E 's/.*version "([0-9]+).*/\1/' <<<"$java_version")"

# The second of two commands in one hyperfine run tends to be slower on this machine (measured: up
# to 10%, whichever build it is), so each command runs twice, in both orders, and a build's figure
# is the mean of its two medians (CPU: of its two means).
fig() { jq -s --arg n "$2" "[.[].results[] | select(.command == \$n) | $3] | add / length * 1000" "$1"-*.json; }
rows=()
for c in "${cases[@]}"; do
  label="${c%%|*}"
  read -r -a words <<<"${c#*|}"
  json="$tmp/$(echo "$label" | tr -c 'a-z0-9' _)"
  before_cmd="$(cmdline "$base/jns" "${words[@]}")"
  after_cmd="$(cmdline "$root/jns" "${words[@]}")"
  say "$label: $runs runs each, in both orders"
  hyperfine -N --style basic --output null --warmup "$warmup" --runs "$runs" --export-json "$json-1.json" \
    -n before "$before_cmd" -n after "$after_cmd" >&2
  hyperfine -N --style basic --output null --warmup "$warmup" --runs "$runs" --export-json "$json-2.json" \
    -n after "$after_cmd" -n before "$before_cmd" >&2
  b="$(fig "$json" before .median)"
  a="$(fig "$json" after .median)"
  bc="$(fig "$json" before '(.user + .system)')"
  ac="$(fig "$json" after '(.user + .system)')"
  rows+=("| \`./jns $label\` | $(printf '%.1f' "$b") | $(printf '%.1f' "$a") | $(ratio "$a" "$b") | $(printf '%.0f' "$bc") | $(printf '%.0f' "$ac") | $(ratio "$ac" "$bc") |")
done

section="$tmp/section.md"
{
  echo "<!-- startup-compare-jdk$feature:begin -->"
  echo "## Start-up against an earlier build, JDK $feature (bench/startup-compare.sh)"
  echo
  echo "Run on $(date -u '+%Y-%m-%d %H:%M UTC'), $java_version, $(nproc) cores:"
  echo "before = ${base_rev:0:7}, after = ${head_rev:0:7}$dirty. hyperfine -N, two runs per command with"
  echo "both builds, in both orders, $runs runs ($warmup warm-up) each; wall: the mean of a build's two"
  echo "medians; CPU: user + system, the mean of its two means (steadier on a busy machine); ratio = after / before."
  echo
  echo "| command | wall before (ms) | wall after (ms) | ratio | CPU before (ms) | CPU after (ms) | ratio |"
  echo "|---|--:|--:|--:|--:|--:|--:|"
  printf '%s\n' "${rows[@]}"
  echo "<!-- startup-compare-jdk$feature:end -->"
} >"$section"
cat "$section"
write_section "startup-compare-jdk$feature" "$section"

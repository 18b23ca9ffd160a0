#!/usr/bin/env bash
# Benchmark of `jns oci spec` and `jns oci inspect`: whole-process wall time beside `runc spec`
# (the same job: write a default config.json), `jq . config.json` (reading a config, the nearest
# reference for inspect, which runc lacks), and two jns floors: `./jns ls -t pid` (start-up alone,
# as in the ls section) and `./jns --version` (which builds every subcommand). One hyperfine run holds every command, so they run side by side. Prints a markdown table
# and rewrites the `jns oci` section of bench/RESULTS.md.
#
# Usage: bench/oci.sh     (RUNS=20 WARMUP=3 by default; RUNS must be >= 10; no root needed)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/RESULTS.md"
runs="${RUNS:-20}"
warmup="${WARMUP:-3}"
sample="$root/samples/oci-bundles/hello"

NAME=oci.sh
pids=()
# shellcheck source=bench/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

[[ $runs =~ ^[0-9]+$ ]] && ((runs >= 10)) || die "RUNS must be a number >= 10 (got '$runs')"
[[ $warmup =~ ^[0-9]+$ ]] || die "WARMUP must be a number (got '$warmup')"
for tool in hyperfine jq runc; do command -v "$tool" >/dev/null || die "$tool not found (apt-get install $tool)"; done
[[ -f $sample/config.json ]] || die "no sample bundle at $sample"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/runc" "$tmp/jns"

say "warming ./jns once (build and start-up cache not measured)"
"$root/jns" oci spec --force --bundle "$tmp/jns" >/dev/null
java_version="$(java -version 2>&1 | head -1)"
runc_version="$(runc --version | head -1)"
date="$(date -u '+%Y-%m-%d %H:%M UTC')"
read -r l1 l5 l15 _ </proc/loadavg

keys=(runc_spec jns_spec jns_inspect jns_inspect_json jq jns_version jns_ls)
labels=("runc spec" "./jns oci spec --force" "./jns oci inspect" "./jns oci inspect --json" "jq . config.json" "./jns --version" "./jns ls -t pid")
cmds=(
  "$(cmdline runc spec --bundle "$tmp/runc")"
  "$(cmdline "$root/jns" oci spec --force --bundle "$tmp/jns")"
  "$(cmdline "$root/jns" oci inspect "$sample")"
  "$(cmdline "$root/jns" oci inspect --json "$sample")"
  "$(cmdline jq . "$sample/config.json")"
  "$(cmdline "$root/jns" --version)"
  "$(cmdline "$root/jns" ls -t pid)"
)
names=()
for l in "${labels[@]}"; do names+=(-n "$l"); done
# runc spec refuses an existing config.json: remove it before each of its runs (not measured)
say "$runs runs per command after $warmup warm-up runs"
hyperfine -N --style basic --output null --warmup "$warmup" --runs "$runs" --export-json "$tmp/result.json" \
  --prepare "rm -f $tmp/runc/config.json" --prepare true --prepare true --prepare true --prepare true --prepare true --prepare true \
  "${names[@]}" "${cmds[@]}" >&2
declare -A med=() cpu=()
mapfile -t ms < <(jq -r '.results[].median * 1000' "$tmp/result.json")
mapfile -t cs < <(jq -r '.results[] | (.user + .system) * 1000' "$tmp/result.json")
for i in "${!keys[@]}"; do
  med[${keys[$i]}]="$(printf '%.1f' "${ms[$i]}")"
  cpu[${keys[$i]}]="$(printf '%.1f' "${cs[$i]}")"
done
read -r e1 e5 e15 _ </proc/loadavg

table="| command | median wall (ms) | / runc spec | / ./jns ls -t pid | mean CPU, user+sys (ms) | CPU / ./jns ls -t pid |
|---|--:|--:|--:|--:|--:|"
for i in "${!keys[@]}"; do
  k="${keys[$i]}"
  table+="
| \`${labels[$i]}\` | ${med[$k]} | $(ratio "${med[$k]}" "${med[runc_spec]}")x | $(ratio "${med[$k]}" "${med[jns_ls]}")x | ${cpu[$k]} | $(ratio "${cpu[$k]}" "${cpu[jns_ls]}")x |"
done

section="<!-- oci:begin -->
## \`jns oci spec\` and \`jns oci inspect\` (bench/oci.sh)

Run on $date. Machine: $(nproc) cores, kernel $(uname -r), load average $l1 $l5 $l15 at the start,
$e1 $e5 $e15 at the end. Java: \`$java_version\` (java on PATH, through ./jns). runc: \`$runc_version\`.

Whole-process wall time, median of $runs runs after $warmup warm-up runs (hyperfine -N, output to
/dev/null), all commands in one hyperfine run. \`runc spec\` writes the same config.json as
\`./jns oci spec\` (its file is removed before each run, unmeasured). Inspect reads
samples/oci-bundles/hello; \`jq .\` only parses and prints the same file.

$table

\`./jns ls -t pid\` is the start-up every short jns command pays (the JVM, picocli, and the
launcher's start-up cache, which is trained on it); \`./jns --version\` builds every subcommand.
\`oci spec\` and \`oci inspect\` add Jackson's streaming parser and generator and its JsonNode
trees, without an ObjectMapper: with one (the first version) they loaded about 1,720 classes
instead of 1,230 and took 1.6x the CPU time of \`./jns --version\`. CPU time is the steadier figure
when the host is busy (see the load average above): wall times then include waiting for a core.
<!-- oci:end -->"

echo "$table"
if grep -q '<!-- oci:begin -->' "$results"; then
  awk -v s="$section" '/<!-- oci:begin -->/ { print s; skip = 1; next } /<!-- oci:end -->/ { skip = 0; next } !skip' \
    "$results" >"$tmp/RESULTS.md"
  cat "$tmp/RESULTS.md" >"$results"
else
  printf '\n%s\n' "$section" >>"$results"
fi
say "wrote the oci section of $results"

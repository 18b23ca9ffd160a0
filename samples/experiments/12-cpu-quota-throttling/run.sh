#!/usr/bin/env bash
# Experiment 12: a CPU quota. A busy loop limited to 0.2 CPU gets 20% and is throttled in every
# scheduling period; jns cgtop shows both.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
need_root

say "Run: an endless busy loop, limited to 0.2 CPU (20 ms of every 100 ms period)."
start_bg unshare --cpus 0.2 -- sh -c 'while :; do :; done'
dir=$(cgroup_dir "$NS_PID" cpu)
cg=$(cgroup_path "$NS_PID" cpu)

say "Observe: %CPU stays near 20, and thr% (periods in which it was throttled) near 100."
out=$(show "$JNS" cgtop -b -n 2 -d 1s -o cpulimit,thr% "$cg")
echo "$out"
line=$(grep -v '^\$' <<<"$out" | tail -n 1) # the second refresh
observe cpu_percent "$(awk '{ print $3 }' <<<"$line")"
observe throttled_percent "$(awk '{ print $NF }' <<<"$line")"

say "The kernel's own counters, in the cgroup's cpu.stat:"
show cat "$dir/cpu.stat"
observe nr_throttled "$(awk '$1 == "nr_throttled" { print $2 }' "$dir/cpu.stat")"
say "cgroup v1 sets the quota in cpu.cfs_quota_us and cpu.cfs_period_us; v2 in one file, cpu.max ('20000 100000')."

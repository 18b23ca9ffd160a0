#!/usr/bin/env bash
# Experiment 08: a cgroup namespace. The process sees its own cgroup as the root, /.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
need_root

say "Create: a new cgroup namespace, for a command that jns puts in a cgroup of its own (--pids 100)."
start_bg unshare -C --pids 100 -- sleep 60

say "Observe: the host sees the process in a jns-experiment cgroup; from inside, that cgroup is /."
show grep pids "/proc/$NS_PID/cgroup"
show "$JNS" enter -t "$NS_PID" -C -- grep pids "/proc/$NS_PID/cgroup"
observe pids_cgroup_host "$(awk -F: '$2 == "pids" { print $3 }' "/proc/$NS_PID/cgroup")"
observe pids_cgroup_inside "$("$JNS" enter -t "$NS_PID" -C -- awk -F: '$2 == "pids" { print $3 }' "/proc/$NS_PID/cgroup")"

say "Join it: a process that enters only the namespace stays in the host's cgroup, above that root: /.."
show "$JNS" enter -t "$NS_PID" -C -- grep pids /proc/self/cgroup

say "Find it: jns ls lists the new cgroup namespace."
ls_rows cgroup "$NS_PID"
say "A runtime gives each container a cgroup namespace: it does not learn where it sits on the host."

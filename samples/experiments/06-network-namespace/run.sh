#!/usr/bin/env bash
# Experiment 06: a network namespace. It starts with only the loopback interface, lo.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
need_root

say "On the host: $(ip -o link show | wc -l) interfaces."
show ip -br link show

say "Create: a new network namespace."
start_bg unshare -n -- sleep 60

say "Observe: inside there is only lo (and it is down: no address, no route)."
show "$JNS" enter -t "$NS_PID" -n -- ip -br link show
show "$JNS" enter -t "$NS_PID" -n -- ip route show
observe interfaces_inside "$("$JNS" enter -t "$NS_PID" -n -- ip -o link show | awk -F': ' '{ print $2 }' | paste -sd, -)"
observe interfaces_host "$(ip -o link show | wc -l)"

say "Find it: jns ls lists the new network namespace."
ls_rows net "$NS_PID"

say "Join it: bring lo up inside; the host is not touched."
show "$JNS" enter -t "$NS_PID" -n -- sh -c 'ip link set lo up && ip -br addr show'

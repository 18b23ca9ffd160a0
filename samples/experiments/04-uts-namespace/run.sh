#!/usr/bin/env bash
# Experiment 04: a UTS namespace. The hostname inside differs from the host's.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
need_root

name="lab-$$"
say "Create: a new UTS namespace with hostname $name."
start_bg unshare -u --hostname "$name" -- sleep 60

say "Observe: the host keeps its name; the namespace has its own."
show hostname
show "$JNS" enter -t "$NS_PID" -u -- hostname
observe hostname_host "$(hostname)"
observe hostname_inside "$("$JNS" enter -t "$NS_PID" -u -- hostname)"

say "Find it: jns ls lists the new UTS namespace."
ls_rows uts "$NS_PID"

say "Join it: a change made inside stays inside."
show "$JNS" enter -t "$NS_PID" -u -- sh -c "hostname $name-renamed; hostname"
show hostname

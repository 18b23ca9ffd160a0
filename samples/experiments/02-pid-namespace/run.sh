#!/usr/bin/env bash
# Experiment 02: a pid namespace. Its first process is PID 1, and it sees only its own processes.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
need_root

say "Create: a new pid namespace (and a mount namespace with its own /proc), running sleep."
start_bg unshare -p -f --mount-proc -- sleep 60
echo "the host calls it PID $NS_PID"

say "Observe: inside, sleep is PID 1, and ps lists a handful of processes, not the host's $(ps -e --no-headers | wc -l)."
show "$JNS" enter -t "$NS_PID" -p -m -- ps -e -o pid,comm
show grep NSpid "/proc/$NS_PID/status"
observe pid_inside "$(awk '/^NSpid:/ { print $NF }' "/proc/$NS_PID/status")"
observe processes_inside "$("$JNS" enter -t "$NS_PID" -p -m -- ps -e --no-headers | wc -l)"
observe processes_host "$(ps -e --no-headers | wc -l)"

say "Find it: jns ls lists the new pid namespace, with its one process."
ls_rows pid "$NS_PID"

say "Join it: jns enter runs a command inside; it gets the next free PID there."
show "$JNS" enter -t "$NS_PID" -p -m -- sh -c 'echo "my pid here: $$"'

#!/usr/bin/env bash
# Experiment 05: an IPC namespace. System V queues, semaphores and shared memory of the host are
# not there: ipcs is empty.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
need_root

say "On the host: make a System V message queue."
qid=$(ipcmk -Q | tr -dc 0-9)
remove_queue() { ipcrm -q "$qid"; }
on_exit remove_queue
echo "\$ ipcmk -Q"
echo "Message queue id: $qid"
show ipcs -q

say "Create: a new IPC namespace."
start_bg unshare -i -- sleep 60

say "Observe: inside, ipcs lists nothing: not the host's queue, nothing at all."
show "$JNS" enter -t "$NS_PID" -i -- ipcs
observe ipc_objects_inside "$("$JNS" enter -t "$NS_PID" -i -- ipcs | grep -c '^0x' || true)"
observe host_queue_visible "$(ipcs -q | awk -v q="$qid" '/^0x/ && $2 == q { v = "yes" } END { print v ? v : "no" }')"

say "Find it: jns ls lists the new IPC namespace."
ls_rows ipc "$NS_PID"

say "Join it: a queue made inside is not seen on the host."
show "$JNS" enter -t "$NS_PID" -i -- sh -c 'ipcmk -Q >/dev/null; ipcs -q'
echo "\$ ipcs -q   (on the host: only queue $qid)"
ipcs -q

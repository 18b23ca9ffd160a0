#!/usr/bin/env bash
# Experiment 11: a pids limit contains a fork bomb. Every process forks for ever; the cgroup
# stops at its limit, and the host does not notice.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
need_root
command -v python3 >/dev/null || { echo "skipped: needs python3"; exit 0; }

limit=20
bomb='import os, time
while True:            # each process, parent and child alike, forks again, for ever
    try:
        os.fork()
    except OSError:    # EAGAIN: the pids limit; wait a little, try again
        time.sleep(0.05)'

say "Run: a fork bomb in a cgroup limited to $limit processes (and half a CPU, to be polite)."
start_bg unshare --pids "$limit" --cpus 0.5 -- python3 -c "$bomb"
dir=$(cgroup_dir "$NS_PID" pids)
for ((i = 0; i < 100; i++)); do [ "$(cat "$dir/pids.current")" -ge "$limit" ] && break; sleep 0.05; done
sleep 0.5 # let it hit the wall a few times

say "Observe: the cgroup is full, and the kernel has refused forks (pids.events: max)."
show "$JNS" cg show -r pids.current "$NS_PID"
show "$JNS" cg show -r pids.max "$NS_PID"
show cat "$dir/pids.events"
observe pids_current "$(cat "$dir/pids.current")"
observe pids_max "$(cat "$dir/pids.max")"
observe forks_refused "$(awk '$1 == "max" { print $2 }' "$dir/pids.events")"
echo "python3 processes on the host: $(pgrep -c -x python3)"
say "The host still forks as usual: $(ps -e --no-headers | wc -l) processes in all. Stopping the bomb: jns kills the cgroup's processes."

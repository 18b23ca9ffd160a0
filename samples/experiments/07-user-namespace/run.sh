#!/usr/bin/env bash
# Experiment 07: a user namespace. uid 0 inside is an unprivileged uid outside.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
need_root

say "Create: a new user namespace mapping ids 0-65535 inside to 100000-165535 outside; run sleep as 0 (-S 0 -G 0)."
start_bg unshare -U --map-users 0:100000:65536 --map-groups 0:100000:65536 -S 0 -G 0 -- sleep 60

say "Observe: inside, the process is root; the host sees uid 100000, an ordinary user that owns nothing."
show "$JNS" enter -t "$NS_PID" -U -- id
show ps -o pid,uid,gid,comm -p "$NS_PID"
show cat "/proc/$NS_PID/uid_map"
observe uid_inside "$("$JNS" enter -t "$NS_PID" -U -- id -u)"
observe uid_outside "$(awk '/^Uid:/ { print $2 }' "/proc/$NS_PID/status")"

say "Its root is powerful only over what the namespace owns: the host's /etc/shadow stays closed."
show "$JNS" enter -t "$NS_PID" -U -- sh -c 'head -c 0 /etc/shadow 2>/dev/null && echo readable || echo "/etc/shadow: not readable"'

say "Find it: jns ls lists the new user namespace."
ls_rows user "$NS_PID"
say "Without root, 'jns unshare -U -r' maps only your own uid to 0: the same idea, rootless containers."

#!/usr/bin/env bash
# Experiment 03: a mount namespace. A mount made inside is invisible to the host.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
need_root

dir=$(mktemp -d /tmp/jns-exp03.XXXXXX)
remove_dir() { rmdir "$dir"; }
on_exit remove_dir
tag="jns-exp03-$$"

say "Create: a new mount namespace that mounts a tmpfs on $dir and writes a file there."
start_bg unshare -m -- sh -c "mount -t tmpfs $tag $dir && echo hello >$dir/note && exec sleep 60"
for ((i = 0; i < 100; i++)); do grep -q " $tag " "/proc/$NS_PID/mountinfo" && [ "$(cat "/proc/$NS_PID/comm")" = sleep ] && break; sleep 0.05; done

say "Observe: inside, the tmpfs is mounted and holds the file; on the host the directory is empty."
show "$JNS" enter -t "$NS_PID" -m -- findmnt -n -o TARGET,SOURCE,FSTYPE "$dir"
show "$JNS" enter -t "$NS_PID" -m -- ls "$dir"
echo "\$ findmnt $dir; ls -A $dir   (on the host)"
findmnt "$dir" || echo "(not a mount point on the host)"
ls -A "$dir"
observe mounted_inside "$("$JNS" enter -t "$NS_PID" -m -- findmnt -n -o SOURCE "$dir")"
observe mounted_on_host "$(findmnt -n -o SOURCE "$dir" || echo no)"
observe files_on_host "$(ls -A "$dir" | wc -l)"

say "Find it: jns ls lists the new mount namespace."
ls_rows mnt "$NS_PID"

say "Join it: jns enter -m reads the file only the namespace can see."
show "$JNS" enter -t "$NS_PID" -m -- cat "$dir/note"

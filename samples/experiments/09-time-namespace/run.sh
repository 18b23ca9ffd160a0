#!/usr/bin/env bash
# Experiment 09: a time namespace (Linux 5.6+). Its boot and monotonic clocks have an offset:
# here the system seems to have been up one day longer.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
need_root
if [ ! -e /proc/self/ns/time ]; then
  echo "skipped: this kernel has no time namespaces (Linux 5.6 or later)"
  exit 0
fi

say "Create: a new time namespace, the clocks one day (86400 s) ahead. The command runs as a child (-f)."
start_bg unshare -T --boottime 86400 --monotonic 86400 -f -- sleep 60

say "Observe: /proc/uptime inside is one day more than on the host."
show cat /proc/uptime
show "$JNS" enter -t "$NS_PID" -T -- cat /proc/uptime
host=$(cut -d' ' -f1 /proc/uptime)
inside=$("$JNS" enter -t "$NS_PID" -T -- cut -d' ' -f1 /proc/uptime)
observe uptime_offset_s "$(awk -v a="$inside" -v b="$host" 'BEGIN { printf "%.0f", a - b }')"
show cat "/proc/$NS_PID/timens_offsets"

say "Find it: jns ls lists the new time namespace."
ls_rows time "$NS_PID"
say "The wall clock (date) is not namespaced: only the monotonic and boot-time clocks are."

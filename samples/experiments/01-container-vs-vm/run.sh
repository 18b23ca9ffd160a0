#!/usr/bin/env bash
# Experiment 01: a container is not a virtual machine. Same kernel, started in milliseconds,
# costing megabytes.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
need_root

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
NS=(-p -f -m -u -i -n) # a new pid, mount, UTS, IPC and network namespace, as a container gets

say "1. The kernel: a VM boots its own; a container runs on the host's."
show uname -r
show "$JNS" unshare "${NS[@]}" --mount-proc -- uname -r
host_kernel=$(uname -r)
inside_kernel=$("$JNS" unshare "${NS[@]}" --mount-proc -- uname -r)
observe kernel_same "$([ "$host_kernel" = "$inside_kernel" ] && echo yes || echo no)"

say "2. Start time: run 'true' in five new namespaces, 7 times; the median in milliseconds."
runs=7
for tool in jns util-linux jvm-only; do
  for ((i = 0; i < runs; i++)); do
    t=$(date +%s%N)
    case $tool in
      jns) "$JNS" unshare "${NS[@]}" -- true ;;
      util-linux) unshare "${NS[@]}" -- true ;;
      jvm-only) "$JNS" unshare true 2>/dev/null || true ;; # the JVM and the command line; refused: no namespace asked for
    esac
    ms "$t"
  done | median >"/tmp/jns-exp01-$$-$tool"
done
jns_ms=$(cat "/tmp/jns-exp01-$$-jns") ul_ms=$(cat "/tmp/jns-exp01-$$-util-linux") jvm_ms=$(cat "/tmp/jns-exp01-$$-jvm-only")
rm -f /tmp/jns-exp01-$$-*
printf '%-44s %6s ms\n' "jns unshare -p -f -m -u -i -n -- true" "$jns_ms" \
  "unshare -p -f -m -u -i -n -- true (util-linux)" "$ul_ms" \
  "of which the JVM (jns refusing 'unshare true')" "~$jvm_ms"
observe start_ms_jns "$jns_ms"
observe start_ms_unshare "$ul_ms"

say "3. Memory: a container is a process; measure one running in new namespaces and a cgroup."
start_bg unshare "${NS[@]}" --mount-proc --memory 256M -- sleep 60
rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$NS_PID/status")
cg_bytes=$("$JNS" cg show -r memory.current "$NS_PID")
show "$JNS" cg show -r memory.current "$NS_PID"
printf 'the process (PID %s on the host): RSS %s kB; its cgroup is charged %s bytes\n' "$NS_PID" "$rss_kb" "$cg_bytes"
observe container_memory_mb "$(awk -v b="$cg_bytes" -v r="$rss_kb" 'BEGIN { m = b > r * 1024 ? b : r * 1024; printf "%.1f", m / 1048576 }')"
say "A VM would reserve its guest's RAM (typically 0.5-4 GB) and boot a kernel first: GB and seconds."

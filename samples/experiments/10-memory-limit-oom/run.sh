#!/usr/bin/env bash
# Experiment 10: a memory limit. A program that wants more is killed by the OOM killer; the rest
# of the cgroup, and the host, go on.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
need_root

oom_kills() { awk '$1 == "oom_kill" { print $2 }' /proc/vmstat; }
before=$(oom_kills)

say "Run: a shell in a cgroup limited to 32 MB; it starts 'tail', which keeps all of 200 MB of input in memory."
# The OOM killer picks the process with the highest badness: its memory plus oom_score_adj. Tail
# is the biggest anyway; the shell makes that certain: tail and head get +1000, so a second kill
# while tail's memory is still being freed takes head, not the shell (lowering the shell's own
# score to -1000 needs CAP_SYS_RESOURCE, which some VMs' root lacks: it is tried, quietly). The
# shell then reads its own cgroup's OOM counter: memory.events on cgroup v2,
# memory.oom_control on v1.
inner='echo -1000 >/proc/self/oom_score_adj 2>/dev/null
sh -c "echo 1000 >/proc/self/oom_score_adj; exec head -c 200M /dev/zero" | sh -c "echo 1000 >/proc/self/oom_score_adj; exec tail" >/dev/null
echo "observed: tail_status=$? (137 = 128 + 9, SIGKILL)"
cg=$(awk -F: "\$2 ~ /(^|,)memory(,|\$)/ { print \$3 }" /proc/self/cgroup)
if [ -n "$cg" ]; then f=/sys/fs/cgroup/memory$cg/memory.oom_control; else f=/sys/fs/cgroup$(awk -F: "\$1 == 0 { print \$3 }" /proc/self/cgroup)/memory.events; fi
echo "$f:"; cat "$f"
echo "observed: cgroup_oom_kill=$(awk "\$1 == \"oom_kill\" { print \$2 }" "$f")"'
echo "\$ ./jns unshare --memory 32M -- sh -c 'head -c 200M /dev/zero | tail >/dev/null; ...'"
set +e
"$JNS" unshare --memory 32M -- sh -c "$inner" 2>&1
rc=$?
set -e
echo "(jns unshare: exit status $rc, the shell's)"

say "Observe: the kernel's count of OOM kills on the whole host (/proc/vmstat oom_kill) went up."
after=$(oom_kills)
echo "oom_kill: $before before, $after after"
observe oom_kills_host "$((after - before))"

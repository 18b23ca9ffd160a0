#!/usr/bin/env bash
# Experiment 13: the cgroup layout of this host: v1 (one hierarchy per controller), v2 (one
# unified hierarchy) or hybrid (v1 controllers, plus a v2 hierarchy beside them).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

say "The cgroup file systems mounted here: 'cgroup' is v1, 'cgroup2' is v2."
show findmnt -t cgroup,cgroup2 -o TARGET,FSTYPE,OPTIONS
v1=$(findmnt -n -t cgroup | wc -l)
v2=$(findmnt -n -t cgroup2 | wc -l)
if [ "$v1" -gt 0 ] && [ "$v2" -gt 0 ]; then layout=hybrid; elif [ "$v2" -gt 0 ]; then layout=v2; else layout=v1; fi
echo "$v1 v1 hierarchies, $v2 v2: $layout"

say "jns cg ls names the layout on its first line, and draws one tree merged over all hierarchies."
show "$JNS" cg ls --no-procs --depth 2
observe layout_findmnt "$layout"
observe layout_jns "$("$JNS" cg ls --no-procs --depth 0 | sed -n '1s/.*(\(.*\)).*/\1/p')"

say "One process, one cgroup per hierarchy: this shell's, as /proc/self/cgroup lists them."
show cat /proc/$$/cgroup
say "On a v2-only host that file has one line, '0::/path': every controller in one tree."

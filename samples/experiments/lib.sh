# shellcheck shell=bash
# Helpers for the experiments (sourced, not run): where ./jns is, running a command in new
# namespaces in the background and finding its pid, printing observations, cleaning up on exit.
# Each experiment sources this file and stands alone: it makes its things and removes them.

JNS="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/jns"
[ -x "$JNS" ] || { echo "experiment: ./jns not found at $JNS" >&2; exit 1; }

JOBS=()     # background jns processes
NS_PIDS=()  # the commands they run
CLEANUPS=() # functions to call on exit, last registered first

cleanup() {
  local p i
  # Nothing may stop the cleanup half-way: not a second Ctrl-C, not a closed pipe (a job's
  # status line written to a pipe that `head` has closed would kill the shell with SIGPIPE).
  trap '' INT TERM PIPE
  exec >/dev/null 2>&1
  # The commands first: jns then returns as usual and removes the cgroup it made. A jns still
  # running gets SIGTERM (its native helper's reaper removes the cgroup then, and also if jns is killed), and SIGKILL after 5 s.
  for p in "${NS_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  for p in "${JOBS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${JOBS[@]}"; do
    for ((i = 0; i < 100; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do "${CLEANUPS[i]}" || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'exit 141' PIPE # `run.sh | head`: without this, SIGPIPE would end the script before its cleanup

# on_exit FUNCTION: call FUNCTION when the experiment ends (also on failure or Ctrl-C).
on_exit() { CLEANUPS+=("$1"); }

# say TEXT: a line of explanation.
say() { printf '\n# %s\n' "$*"; }

# quoted ARGS...: the arguments as you would type them (./jns for the launcher).
quoted() {
  local a out=()
  for a in "$@"; do
    if [ "$a" = "$JNS" ]; then
      out+=(./jns)
    elif [[ $a =~ ^[A-Za-z0-9_./:=,+%@-]+$ ]]; then
      out+=("$a")
    else
      out+=("'${a//\'/\'\\\'\'}'")
    fi
  done
  echo "${out[*]}"
}

# show CMD...: print a command, then run it.
show() { echo "\$ $(quoted "$@")"; "$@"; }

# observe KEY VALUE: one line the tests (and you) can check.
observe() { printf 'observed: %s=%s\n' "$1" "$2"; }

# start_bg JNS-ARGS...: runs `./jns JNS-ARGS...` in the background and sets NS_PID to the pid of
# the command it runs: below java and jns-nsexec (which forks for -f), the first other process.
start_bg() {
  echo "\$ $(quoted "$JNS" "$@") &"
  "$JNS" "$@" &
  local job=$! p comm n
  JOBS+=("$job")
  for ((n = 0; n < 200; n++)); do
    p=$job
    comm=$(cat "/proc/$p/comm" 2>/dev/null || true)
    while [ "$comm" = java ] || [ "$comm" = jns-nsexec ]; do
      p=$(pgrep -o -P "$p" || true)
      [ -n "$p" ] || break
      comm=$(cat "/proc/$p/comm" 2>/dev/null || true)
    done
    if [ -n "$p" ] && [ "$p" != "$job" ] && [ -n "$comm" ] && [ "$comm" != jns-nsexec ]; then
      NS_PID=$p
      NS_PIDS+=("$p")
      return 0
    fi
    kill -0 "$job" 2>/dev/null || { echo "experiment: jns $* ended early" >&2; exit 1; }
    sleep 0.05
  done
  echo "experiment: no command under jns $* after 10 s" >&2
  exit 1
}

# ns_id PID TYPE: the inode number of PID's namespace of TYPE (what jns ls shows in NS).
ns_id() { readlink "/proc/$1/ns/$2" | tr -dc 0-9; }

# ls_rows TYPE PID: `jns ls -t TYPE` cut to its header and the rows of this shell's namespace
# and PID's namespace.
ls_rows() {
  local host new
  host=$(ns_id $$ "$1")
  new=$(ns_id "$2" "$1")
  printf '$ ./jns ls -t %s   (rows of the host namespace %s and the new one %s)\n' "$1" "$host" "$new"
  "$JNS" ls -t "$1" | awk -v a="$host" -v b="$new" 'NR == 1 || $1 == a || $1 == b'
}

# need_root: exit 0 with a note when not root (the experiment needs it).
need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "skipped: this experiment needs root"
    exit 0
  fi
}

# cgroup_path PID CONTROLLER: PID's cgroup (a path such as /jns-experiment-42) in the hierarchy
# that runs CONTROLLER: its own v1 hierarchy, or else the unified v2 one.
cgroup_path() {
  local p
  p=$(awk -F: -v c="$2" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' "/proc/$1/cgroup")
  [ -n "$p" ] || p=$(awk -F: '$1 == 0 { print $3 }' "/proc/$1/cgroup")
  echo "$p"
}

# cgroup_dir PID CONTROLLER: the directory of that cgroup.
cgroup_dir() {
  local mnt
  if awk -F: -v c="$2" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) f = 1 } END { exit !f }' "/proc/$1/cgroup"; then
    mnt=$(findmnt -n -t cgroup -o TARGET,OPTIONS | awk -v c="$2" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) { print $1; exit } }')
  else
    mnt=$(findmnt -n -t cgroup2 -o TARGET | head -n 1)
  fi
  echo "$mnt$(cgroup_path "$1" "$2")"
}

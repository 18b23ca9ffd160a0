#!/usr/bin/env bash
# Experiment 14: an OCI runtime bundle (config.json and rootfs/). jns oci spec writes the config,
# jns oci validate checks it and four broken copies (the spec's schema, the spec's text, this host,
# the runtime on PATH: each finding names its layer),
# jns oci inspect explains it, and runc runs it through the runtime spec's lifecycle.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

BUSYBOX=/bin/busybox
if [ ! -x "$BUSYBOX" ]; then
  echo "skipped: this experiment needs $BUSYBOX (apt-get install busybox-static)"
  exit 0
fi

DIR=$(mktemp -d /tmp/jns-exp-oci.XXXXXX)
remove_dir() { cd / && rm -rf -- "$DIR"; }
on_exit remove_dir
cd "$DIR"

say "Build: a bundle is a directory with a root file system and a config.json. The rootfs here is"
echo "# one static busybox and the applets the container uses, as symlinks (in $DIR)."
mkdir -p bundle/rootfs/bin bundle/rootfs/proc bundle/rootfs/sys bundle/rootfs/dev
cp "$BUSYBOX" bundle/rootfs/bin/busybox
for applet in sh hostname id ps ls; do ln -s busybox "bundle/rootfs/bin/$applet"; done
show ls bundle/rootfs/bin

say "Spec: jns oci spec writes runc spec's default config.json, with our command line."
show "$JNS" oci spec --bundle bundle --no-terminal -- sh -c 'hostname; id; ps -o pid,comm; ls /'
observe config_written "$([ -f bundle/config.json ] && echo yes || echo no)"
CGROUP=jns-experiment-oci-$$
sed -i "s/^  \"linux\": {\$/  \"linux\": {\n    \"cgroupsPath\": \"$CGROUP\",/" bundle/config.json
say "One line added: the container's cgroup. Relative, so runc makes it beneath its own cgroup,"
echo "# not at the root of each hierarchy."
show grep -n cgroupsPath bundle/config.json
observe cgroups_path "$CGROUP"

say "Validate: the spec (schema and text), this host (the rootfs, args[0] in it, the kernel) and the"
echo "# runtime on PATH (runc: its features, its own refusals). Valid: jns's default, unlike runc spec's,"
echo "# lists no ambient capability that is not also inheritable (those would be three warnings)."
rc=0
show "$JNS" oci validate bundle || rc=$?
observe validate_status "$rc"

# errors_of DIR [OPTION]: `jns oci validate [OPTION] DIR` with its warning findings left out (a
# runc older than the config's ociVersion warns); sets rc and errors.
errors_of() {
  echo "\$ ./jns oci validate ${2:+$2 }$1   (warnings left out)"
  local out
  rc=0
  out=$("$JNS" oci validate ${2:+"$2"} "$1") || rc=$?
  # a finding is a line starting with the file name, then indented lines (source, caret, hint)
  awk '/^[^ ]/ { skip = ($0 ~ /: warning\[/) } !skip' <<<"$out"
  errors=$(grep -o 'error\[[^]]*\]' <<<"$out" | sed 's/^error\[//; s/\]$//' | paste -sd, - || true)
}

# broken NAME SED-SCRIPT: a copy of the bundle (rootfs hard-linked) with the config edited.
broken() {
  mkdir "$1"
  cp -al bundle/rootfs "$1/rootfs"
  sed "$2" bundle/config.json >"$1/config.json"
  show diff bundle/config.json "$1/config.json" || true
}

say "Break it, 1. spec, schema: the runtime spec's JSON schema types every member. uid is a number."
broken uid-as-string 's/"uid": 0,/"uid": "0",/'
errors_of uid-as-string
observe schema_status "$rc"
observe schema_errors "$errors"

say "2. spec, text: schema-valid, but the spec forbids a namespace type twice (ipc becomes pid)."
broken pid-twice 's/"type": "ipc"/"type": "pid"/'
errors_of pid-twice
observe semantics_status "$rc"
observe semantics_errors "$errors"

say "3. host: a valid config, but args[0] must exist in the rootfs: bash is on this host, not in it."
broken bash-not-in-rootfs 's/^      "sh",$/      "bash",/'
errors_of bash-not-in-rootfs
observe host_status "$rc"
observe host_errors "$errors"

say "4. runtime: the spec lets a container set its hostname in the host's UTS namespace; runc refuses"
echo "# (uts becomes cgroup). A runtime's rule, reported when a runtime is on PATH; --no-host, the"
echo "# spec-only verdict, has no runtime layer and finds the config valid."
broken hostname-no-uts 's/"type": "uts"/"type": "cgroup"/'
errors_of hostname-no-uts
observe runtime_status "$rc"
observe runtime_errors "$errors"
errors_of hostname-no-uts --no-host
observe spec_only_status "$rc"

say "Inspect: what the container will be, in plain words, and the risks of this config."
show "$JNS" oci inspect bundle
observe risks "$("$JNS" oci inspect bundle | sed -n 's/^Risks (\([0-9]*\))$/\1/p')"

if [ "$(id -u)" != 0 ] || ! command -v runc >/dev/null; then
  say "Run: skipped (runc run needs root and runc; apt-get install runc)."
  exit 0
fi

ID=jns-exp-oci-$$-$RANDOM
delete_container() { runc delete -f "$ID" >/dev/null 2>&1 || true; }
on_exit delete_container
observe container_id "$ID"

say "Run: the runtime spec's lifecycle. create sets the container up (namespaces, mounts, cgroup)"
echo "# and stops before the command: its state is 'created', its PID that of runc's init."
show runc create --bundle bundle "$ID" </dev/null
show runc state "$ID"
echo

say "start runs the command. Inside: hostname runc, uid 0, sh is PID 1, and / is the bundle's rootfs."
show runc start "$ID"
for ((i = 0; i < 200; i++)); do
  status=$(runc state "$ID" | sed -n 's/^ *"status": "\(.*\)",$/\1/p')
  [ "$status" = stopped ] && break
  sleep 0.05
done
echo "\$ runc state $ID   (its status, once the command has ended)"
echo "$status"
observe container_status "$status"

say "delete removes what create made, the cgroup included: runc list no longer shows it."
show runc delete "$ID"
show runc list
observe container_listed "$(runc list -q | grep -cx "$ID" || true)"

package dev.jns.core.oci;

import java.util.ArrayList;
import java.util.List;

/**
 * Every rule of {@code jns oci validate}, with its stable id, layer, default severity and what it
 * checks ({@code jns oci validate --list-rules} prints this table). Ids never change meaning; new
 * rules get new ids. A description that names {@code RT #n} follows the n-th check of
 * runtime-tools' {@code validate}; the others come from runc's and crun's own checks and the spec.
 */
public final class Rules {
    private Rules() {}

    /** One rule. */
    public record Rule(String id, String layer, String severity, String description) {}

    private static final String[] TABLE = {
        // id | layer | severity | description
        "input.unreadable|input|error|the path does not exist or is not readable; config.json is not a regular file (a directory, FIFO, socket or device: never opened) or is a symlink out of the bundle (exit 2)",
        "input.too-large|input|error|config.json is larger than 16 MiB, or too large for the heap (exit 2)",
        "json.syntax|json|error|malformed JSON (RFC 8259), an empty file, a byte-order mark (RT #5)",
        "json.utf8|json|error|the file is not valid UTF-8 (RT #4)",
        "json.depth|json|error|nesting deeper than 1000 levels",
        "json.duplicate-key|json|warning|a key appears twice in one object; like runc, the last one wins",
        "json.lone-surrogate|json|warning|a \\u escape of half a UTF-16 surrogate pair, alone: runc (Go) reads U+FFFD, and so does jns",
        "schema.type|schema|error|a value has the wrong JSON type (integers have no fraction or exponent)",
        "schema.required|schema|error|a required member is missing",
        "schema.enum|schema|error|a string is not one of the allowed values",
        "schema.pattern|schema|error|a string does not match the schema's pattern",
        "schema.range|schema|error|an integer is outside its type's range (int32, uint64, FileMode ...)",
        "schema.min-items|schema|error|an array is shorter than allowed (syscall names, layerFolders)",
        "schema.unknown-member|schema|warning|a member the spec does not define, with a did-you-mean (runtime-tools#317)",
        "schema.newer-than-version|schema|warning|a member or value newer than the config's ociVersion",
        "oci-version.semver|semantics|error|ociVersion is not SemVer (RT #8, #25; runc does not check, runc#1846)",
        "oci-version.unsupported|semantics|warning|ociVersion is not 1.0.0 through 1.3.x (RT #9, #26 rejected all but one)",
        "root.missing|semantics|error|no root on Linux (RT #17, runc)",
        "root.path.empty|semantics|error|root.path is empty (RT #24)",
        "root.path.convention|semantics|warning|root.path does not end in rootfs (RT #21, SHOULD)",
        "process.missing|semantics|error|no process (runc)",
        "process.cwd.relative|semantics|error|process.cwd empty or not absolute (RT #31, runc)",
        "process.args.empty|semantics|error|process.args missing or empty (RT #33, runc)",
        "env.format|semantics|error|an env entry is not KEY=VALUE with KEY of letters, digits and _ (RT #32, #66)",
        "env.digit-leading|semantics|warning|an env name starts with a digit (RT #32, runtime-tools#80)",
        "process.rlimits.duplicate|semantics|error|an rlimit type twice (RT #35)",
        "process.rlimits.unknown|semantics|error|an rlimit runc does not know (runc's 16, RLIMIT_LOCKS included; RT #37)",
        "process.rlimits.soft-above-hard|semantics|error|rlimit soft above hard (RT #36)",
        "process.capabilities.unknown|semantics|warning|a capability name not in capabilities(7) (RT #38; runc warns, crun refuses)",
        "process.capabilities.effective-not-permitted|semantics|error|an effective capability not in permitted (RT #39)",
        "process.capabilities.ambient-not-permitted|semantics|warning|an ambient capability not in permitted: not raised (RT #40 says error; runc drops it)",
        "process.capabilities.ambient-not-inheritable|semantics|warning|an ambient capability not in inheritable: not raised (RT #40 says error; runc drops it)",
        "process.scheduler.invalid|semantics|error|nice, priority or deadline values the policy does not take (runc)",
        "process.io-priority.range|semantics|error|ioPriority.priority outside 0..7 (runc)",
        "process.exec-cpu-affinity.invalid|semantics|error|execCPUAffinity is not a CPU list runc parses (runc)",
        "process.user.unmapped|semantics|error|process.user uid/gid not mapped in the user namespace (runc, at start)",
        "linux.namespaces.duplicate|semantics|error|a namespace type listed twice (RT #43, runc)",
        "linux.namespaces.path-relative|semantics|error|a namespace path that is not absolute (RT #42)",
        "linux.user-mappings.no-user-namespace|semantics|error|uid/gid mappings without a user namespace (RT #44, runc)",
        "linux.user-namespace.no-mappings|semantics|error|a new user namespace without uid or gid mappings (runc)",
        "linux.user-namespace.no-root-mapping|semantics|error|mappings that do not map container id 0 (runc)",
        "linux.user-mappings.overlap|semantics|error|overlapping mapping ranges (the kernel refuses them)",
        "linux.hostname.no-uts-namespace|semantics|error|hostname without a UTS namespace (RT #47, runc)",
        "linux.domainname.no-uts-namespace|semantics|error|domainname without a UTS namespace (runc)",
        "linux.sysctl.no-namespace|semantics|error|a namespaced sysctl without its namespace (RT #45, #46, runc)",
        "linux.sysctl.not-namespaced|semantics|error|a sysctl that is not namespaced at all (runc)",
        "linux.sysctl.hostname|semantics|error|sysctl kernel.hostname with a UTS namespace (runc)",
        "linux.time-offsets.no-time-namespace|semantics|error|timeOffsets without a time namespace (RT #48, runc)",
        "linux.time-offsets.with-path|semantics|error|timeOffsets while joining a time namespace by path (runc)",
        "linux.masked-paths.no-mount-namespace|semantics|error|maskedPaths/readonlyPaths without a mount namespace (runc)",
        "linux.masked-paths.relative|semantics|error|a maskedPaths/readonlyPaths entry not absolute (RT #59, #60)",
        "linux.devices.invalid|semantics|error|bad device numbers for the type (RT #49, minor 0 allowed: /dev/tty is 5:0)",
        "linux.devices.duplicate-path|semantics|error|a device path twice (RT #50)",
        "linux.devices.duplicate-number|semantics|warning|two devices with one type and number (RT #52)",
        "linux.resources.devices.type|semantics|error|a device cgroup type not a, b or c (RT #56, runc)",
        "linux.resources.devices.access|semantics|error|device cgroup access empty or not of r, w, m (RT #57, runc)",
        "linux.resources.memory.swap-below-limit|semantics|error|memory.swap below memory.limit (RT #53)",
        "linux.resources.memory.reservation-above-limit|semantics|warning|memory.reservation above memory.limit (RT #54 says error; the kernel accepts it)",
        "linux.resources.blockio.weight-device-empty|semantics|error|a weightDevice entry with neither weight (RT #58)",
        "linux.rootfs-propagation.r-form|schema|warning|rshared/rslave/rprivate/runbindable: not in the schema's enum, accepted by runc and crun (runtime-spec#923)",
        "linux.seccomp.arch-unsupported|semantics|error|a seccomp architecture runc does not know (M68K, SH, SHEB, PARISC, PARISC64)",
        "linux.personality.domain-missing|semantics|error|personality without a domain (runc)",
        "linux.memory-policy.nodes|semantics|error|memoryPolicy nodes unparseable, missing or not allowed for the mode (runc)",
        "linux.net-devices.no-network-namespace|semantics|error|netDevices without a network namespace (runc)",
        "linux.net-devices.name|semantics|error|an invalid network interface name (runc)",
        "linux.intel-rdt.clos-id|semantics|error|an intelRdt.closID that is not a plain name (runc)",
        "mounts.destination.relative|semantics|warning|a relative mount destination (RT #28 says error; runc only warns)",
        "mounts.destination.root|semantics|error|a mount on / (runc, at start)",
        "mounts.destination.in-proc|semantics|error|a mount inside /proc, or a non-proc mount on /proc (runc, at start)",
        "mounts.null-byte|semantics|error|a NUL byte in a mount's source, destination or type (runc)",
        "mounts.bind-options|semantics|error|a bind mount with filesystem data options (runc)",
        "mounts.idmap.not-bind|semantics|error|an id-mapped mount that is not a bind mount (runc)",
        "mounts.idmap.incomplete|semantics|error|an id-mapped mount without both uid and gid mappings (runc)",
        "mounts.shadowed|semantics|warning|a later mount hides an earlier one below it (RT #30)",
        "annotations.reserved|semantics|warning|an annotation key in org.opencontainers (RT #62 says error; the MUST binds specifications)",
        "annotations.key-format|semantics|warning|an annotation key not in reverse domain notation (RT #63)",
        "hooks.path.relative|semantics|error|a hook path that is not absolute, for every hook kind (RT #64 checks three)",
        "path.null-byte|semantics|error|a NUL byte in args, env, cwd, root.path, a hook, a namespace, device, masked or readonly path, or a sysctl name: runc fails (EINVAL)",
        "host.rootfs.missing|host|error|the rootfs does not exist (RT #22, runc)",
        "host.rootfs.not-directory|host|error|the rootfs is not a directory (RT #22)",
        "host.rootfs.symlink|host|error|a symlink in the rootfs path (runc)",
        "host.rootfs.userns-access|host|error|with a new user namespace, the mapped root cannot search a directory on the way to the rootfs (runc: permission denied)",
        "host.args0.not-found|host|error|args[0] not found in the rootfs through process.env's PATH, links resolved inside the rootfs (RT #34)",
        "host.args0.not-executable|host|error|args[0] is not executable (RT #34)",
        "host.namespaces.unsupported|host|error|the kernel lacks a requested namespace type (runc)",
        "host.namespaces.path-missing|host|error|a namespace path that does not exist",
        "host.cgroup.unified-on-v1|host|error|resources.unified on a cgroup v1 or hybrid host (runc)",
        "host.cgroup.swap-without-limit|host|error|memory.swap without memory.limit on cgroup v2 (runc)",
        "host.capability.unsupported|host|warning|a capability beyond the kernel's cap_last_cap (RT #38; runc ignores it)",
        "host.mount.type-unknown|host|error|a mount type not in /proc/filesystems (RT #27)",
        "host.hook.missing|host|error|a hook binary that does not exist: on the host, or in the rootfs for startContainer (RT #65)",
        "host.hook.not-executable|host|error|a hook that is not an executable file (RT #65)",
        "host.sysctl.unknown|host|error|a sysctl this kernel does not have",
        "host.user-mappings.range|host|error|a mapping of size 0 or past id 4294967294",
        "host.user-namespace.disabled|host|error|user namespaces disabled (user.max_user_namespaces = 0)",
        "host.path-unencodable|host|warning|a path this JVM cannot use as a file name (not UTF-8 locale, non-ASCII path): its host check is skipped",
        "runtime.features-unavailable|runtime|warning|the runtime has no `features` command",
        "runtime.oci-version|runtime|warning|ociVersion outside the runtime's ociVersionMin..Max",
        "runtime.hook-unsupported|runtime|error|a hook kind the runtime does not list",
        "runtime.mount-option-unsupported|runtime|warning|a mount flag the runtime does not list",
        "runtime.namespace-unsupported|runtime|error|a namespace type the runtime does not list",
        "runtime.seccomp-unsupported|runtime|error|a seccomp action, operator or architecture the runtime does not list",
        "runtime.cgroup-unsupported|runtime|error|the runtime does not support this host's cgroup version",
        "runtime.crun.hybrid-cgroups|runtime|error|crun refuses hybrid cgroup hosts",
        "runtime.crun.no-mounts|runtime|error|crun refuses a config without mounts",
        "runtime.crun.no-linux|runtime|error|crun refuses a config without linux",
        "runtime.crun.unknown-capability|runtime|error|crun refuses unknown capabilities",
    };

    /** All rules, in documentation order. */
    public static List<Rule> all() {
        List<Rule> rules = new ArrayList<>(TABLE.length);
        for (String row : TABLE) {
            String[] f = row.split("\\|", 4);
            rules.add(new Rule(f[0], f[1], f[2], f[3]));
        }
        return rules;
    }
}

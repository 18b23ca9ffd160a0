package dev.jns.core.oci;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every rule of {@code jns oci validate}, with its stable id (a {@link RuleId} constant), layer,
 * default severity and what it checks ({@code jns oci validate --list-rules} prints this table). Ids
 * never change meaning; new rules get new ids. A description ends in its source in parentheses: {@code RT #n} is the n-th
 * check of runtime-tools' {@code validate}, {@code config.md ...} the runtime-spec's text,
 * {@code runc} or {@code crun} a runtime's own refusal, {@code kernel: ...} the kernel's.
 *
 * <p>The layer says whose rule it is: {@code spec} (the schema and the runtime-spec's MUSTs and
 * SHOULDs; {@code input} and {@code json}, reading the file, count as spec), {@code host} (this
 * machine) or {@code runtime} (what the runtime that runs the bundle refuses: its features, its
 * static refusals, the kernel's ranges for what it writes). A rule that only a runtime enforces is a
 * runtime rule even when it needs nothing but the config ({@code process.missing}: the spec needs a
 * process only at start; runc refuses to create without one).
 */
public final class Rules {
    private Rules() {}

    /** The layers, in the order they run. */
    public static final String SPEC = "spec";
    public static final String HOST = "host";
    public static final String RUNTIME = "runtime";

    /**
     * One rule.
     *
     * @param layer {@code spec}, {@code host} or {@code runtime}
     */
    public record Rule(String id, String layer, String severity, String description) {
        /** Where the rule comes from: the description's trailing parenthesis, without the parentheses. */
        public String source() {
            return sourceOf(description);
        }
    }

    private static final String[] TABLE = {
        // RuleId constant + "|layer|severity|description": each id is written once, in RuleId
        RuleId.INPUT_UNREADABLE + "|input|error|the path does not exist or is not readable; config.json is not a regular file (a directory, FIFO, socket or device: never opened) or is a symlink out of the bundle; exit 2 (jns)",
        RuleId.INPUT_TOO_LARGE + "|input|error|config.json is larger than 16 MiB, or too large for the heap; exit 2 (jns)",
        RuleId.JSON_SYNTAX + "|json|error|malformed JSON (RFC 8259), an empty file, a byte-order mark (RT #5)",
        RuleId.JSON_UTF8 + "|json|error|the file is not valid UTF-8 (RT #4)",
        RuleId.JSON_DEPTH + "|json|error|nesting deeper than 1000 levels (jns)",
        RuleId.JSON_DUPLICATE_KEY + "|json|warning|a key appears twice in one object; like runc, the last one wins (RFC 8259 section 4: names SHOULD be unique)",
        RuleId.JSON_LONE_SURROGATE + "|json|warning|a \\u escape of half a UTF-16 surrogate pair, alone: runc (Go) reads U+FFFD, and so does jns (RFC 8259 section 8.2)",
        RuleId.SCHEMA_TYPE + "|spec|error|a value has the wrong JSON type (integers have no fraction or exponent) (schema)",
        RuleId.SCHEMA_REQUIRED + "|spec|error|a required member is missing (schema)",
        RuleId.SCHEMA_ENUM + "|spec|error|a string is not one of the allowed values (schema)",
        RuleId.SCHEMA_PATTERN + "|spec|error|a string does not match the schema's pattern (schema)",
        RuleId.SCHEMA_RANGE + "|spec|error|an integer is outside its type's range: int32, uint64, FileMode ... (schema)",
        RuleId.SCHEMA_MIN_ITEMS + "|spec|error|an array is shorter than allowed: syscall names, layerFolders (schema)",
        RuleId.SCHEMA_UNKNOWN_MEMBER + "|spec|warning|a member the spec does not define, with a did-you-mean (runtime-tools#317)",
        RuleId.SCHEMA_NEWER_THAN_VERSION + "|spec|warning|a member or value newer than the config's ociVersion (schema of each release)",
        RuleId.OCI_VERSION_SEMVER + "|spec|error|ociVersion is not SemVer (RT #8, #25; runc does not check, runc#1846)",
        RuleId.OCI_VERSION_UNSUPPORTED + "|spec|warning|ociVersion is not 1.0.0 through 1.3.x (RT #9, #26 rejected all but one)",
        RuleId.ROOT_MISSING + "|spec|error|no root, on any platform but Windows (config.md root; RT #17; runc)",
        RuleId.ROOT_PATH_EMPTY + "|spec|error|root.path is empty (RT #24)",
        RuleId.ROOT_PATH_CONVENTION + "|spec|warning|root.path does not end in rootfs (RT #21, SHOULD)",
        RuleId.PROCESS_MISSING + "|runtime|error|no process: the spec needs one only at start, runc refuses to create without it (runc)",
        RuleId.PROCESS_CWD_RELATIVE + "|spec|error|process.cwd empty or not absolute (config.md cwd; RT #31; runc)",
        RuleId.PROCESS_ARGS_EMPTY + "|spec|error|process.args missing or empty, on any platform but Windows (config.md args; RT #33; runc)",
        RuleId.ENV_FORMAT + "|spec|error|an env entry is not KEY=VALUE, or its KEY is empty (RT #32, #66)",
        RuleId.ENV_NAME_NONPORTABLE + "|spec|warning|an env name with characters other than letters, digits and _: POSIX allows them, runc and the kernel pass them (RT #32 says error)",
        RuleId.ENV_DIGIT_LEADING + "|spec|warning|an env name starts with a digit (RT #32, runtime-tools#80)",
        RuleId.PROCESS_RLIMITS_DUPLICATE + "|spec|error|an rlimit type twice (RT #35)",
        RuleId.PROCESS_RLIMITS_UNKNOWN + "|spec|error|an rlimit Linux does not know: runc's 16, RLIMIT_LOCKS included (RT #37)",
        RuleId.PROCESS_RLIMITS_SOFT_ABOVE_HARD + "|spec|error|rlimit soft above hard (RT #36)",
        RuleId.PROCESS_CAPABILITIES_UNKNOWN + "|spec|warning|a capability name not in capabilities(7) (RT #38; runc warns, crun refuses)",
        RuleId.PROCESS_CAPABILITIES_EFFECTIVE_NOT_PERMITTED + "|spec|error|an effective capability not in permitted (RT #39)",
        RuleId.PROCESS_CAPABILITIES_AMBIENT_NOT_PERMITTED + "|spec|warning|an ambient capability not in permitted: not raised (RT #40 says error; runc drops it)",
        RuleId.PROCESS_CAPABILITIES_AMBIENT_NOT_INHERITABLE + "|spec|warning|an ambient capability not in inheritable: not raised (RT #40 says error; runc drops it)",
        RuleId.PROCESS_SCHEDULER_INVALID + "|runtime|error|nice, priority or deadline values the policy does not take (runc)",
        RuleId.PROCESS_IO_PRIORITY_RANGE + "|spec|error|ioPriority.priority outside 0..7 (config.md ioPriority; runc)",
        RuleId.PROCESS_EXEC_CPU_AFFINITY_INVALID + "|runtime|error|execCPUAffinity is not a CPU list runc parses (runc)",
        RuleId.PROCESS_USER_UNMAPPED + "|runtime|error|process.user uid/gid not mapped in the user namespace, at start (runc)",
        RuleId.LINUX_NAMESPACES_DUPLICATE + "|spec|error|a namespace type listed twice (config-linux.md namespaces; RT #43; runc)",
        RuleId.LINUX_NAMESPACES_PATH_RELATIVE + "|spec|error|a namespace path that is not absolute (config-linux.md namespaces; RT #42)",
        RuleId.LINUX_USER_MAPPINGS_NO_USER_NAMESPACE + "|runtime|error|uid/gid mappings without a user namespace; runc 1.1 ignores the mappings and runs it (RT #44, runc 1.2)",
        RuleId.LINUX_USER_NAMESPACE_NO_MAPPINGS + "|runtime|error|a new user namespace without uid or gid mappings (runc)",
        RuleId.LINUX_USER_NAMESPACE_NO_ROOT_MAPPING + "|runtime|error|mappings that do not map container id 0 (runc)",
        RuleId.LINUX_USER_MAPPINGS_OVERLAP + "|runtime|error|overlapping mapping ranges (kernel: user_namespaces(7))",
        RuleId.LINUX_HOSTNAME_NO_UTS_NAMESPACE + "|runtime|error|hostname without a UTS namespace (RT #47, runc)",
        RuleId.LINUX_DOMAINNAME_NO_UTS_NAMESPACE + "|runtime|error|domainname without a UTS namespace (runc)",
        RuleId.LINUX_SYSCTL_NO_NAMESPACE + "|runtime|error|a namespaced sysctl without its namespace (RT #45, #46, runc)",
        RuleId.LINUX_SYSCTL_NOT_NAMESPACED + "|runtime|error|a sysctl that is not namespaced at all (runc)",
        RuleId.LINUX_SYSCTL_HOSTNAME + "|runtime|error|sysctl kernel.hostname with a UTS namespace (runc)",
        RuleId.LINUX_TIME_OFFSETS_NO_TIME_NAMESPACE + "|runtime|error|timeOffsets without a time namespace (RT #48, runc)",
        RuleId.LINUX_TIME_OFFSETS_WITH_PATH + "|runtime|error|timeOffsets while joining a time namespace by path (runc)",
        RuleId.LINUX_MASKED_PATHS_NO_MOUNT_NAMESPACE + "|runtime|error|maskedPaths/readonlyPaths without a mount namespace (runc)",
        RuleId.LINUX_MASKED_PATHS_RELATIVE + "|spec|error|a maskedPaths/readonlyPaths entry not absolute (RT #59, #60)",
        RuleId.LINUX_DEVICES_INVALID + "|spec|error|bad device numbers for the type: negative, or numbers on a FIFO; major 0 and minor 0 allowed, as mknod(2) does (RT #49)",
        RuleId.LINUX_DEVICES_DUPLICATE_PATH + "|spec|error|a device path twice (RT #50)",
        RuleId.LINUX_DEVICES_DUPLICATE_NUMBER + "|spec|warning|two devices with one type and number (RT #52)",
        RuleId.LINUX_RESOURCES_DEVICES_TYPE + "|spec|error|a device cgroup type not a, b or c (RT #56, runc)",
        RuleId.LINUX_RESOURCES_DEVICES_ACCESS + "|spec|error|device cgroup access empty or not of r, w, m (RT #57, runc)",
        RuleId.LINUX_RESOURCES_MEMORY_SWAP_BELOW_LIMIT + "|spec|error|memory.swap below memory.limit (RT #53)",
        RuleId.LINUX_RESOURCES_MEMORY_RESERVATION_ABOVE_LIMIT + "|spec|warning|memory.reservation above memory.limit: the kernel accepts it (RT #54 says error)",
        RuleId.LINUX_RESOURCES_BLOCKIO_WEIGHT_DEVICE_EMPTY + "|spec|error|a weightDevice entry with neither weight (RT #58)",
        RuleId.LINUX_ROOTFS_PROPAGATION_R_FORM + "|spec|warning|rshared/rslave/rprivate/runbindable: not in the schema's enum, accepted by runc and crun (runtime-spec#923)",
        RuleId.LINUX_SECCOMP_ARCH_UNSUPPORTED + "|runtime|error|a seccomp architecture runc does not know: M68K, SH, SHEB, PARISC, PARISC64 (runc)",
        RuleId.LINUX_PERSONALITY_DOMAIN_MISSING + "|spec|error|personality without a domain (config-linux.md personality; runc)",
        RuleId.LINUX_MEMORY_POLICY_NODES + "|spec|error|memoryPolicy nodes unparseable, missing or not allowed for the mode (config-linux.md memoryPolicy; runc)",
        RuleId.LINUX_NET_DEVICES_NO_NETWORK_NAMESPACE + "|runtime|error|netDevices without a network namespace (runc)",
        RuleId.LINUX_NET_DEVICES_NAME + "|runtime|error|an invalid network interface name (runc)",
        RuleId.LINUX_INTEL_RDT_CLOS_ID + "|runtime|error|an intelRdt.closID that is not a plain name (runc)",
        RuleId.MOUNTS_DESTINATION_RELATIVE + "|spec|warning|a relative mount destination: the spec says absolute, runc only warns (config.md mounts; RT #28)",
        RuleId.MOUNTS_DESTINATION_ROOT + "|runtime|error|a mount on /, at start (runc)",
        RuleId.MOUNTS_DESTINATION_IN_PROC + "|runtime|error|a mount inside /proc, or a non-proc mount on /proc, at start; runc 1.1 skips the check for tmpfs (runc checkProcMount)",
        RuleId.MOUNTS_NULL_BYTE + "|runtime|error|a NUL byte in a mount's source, destination or type (runc)",
        RuleId.MOUNTS_BIND_OPTIONS + "|runtime|error|a bind mount with filesystem data options; runc 1.1 runs it, the kernel ignoring the data (runc 1.2 checkBindOptions)",
        RuleId.MOUNTS_IDMAP_NOT_BIND + "|runtime|error|an id-mapped mount that is not a bind mount (runc)",
        RuleId.MOUNTS_IDMAP_INCOMPLETE + "|spec|error|an id-mapped mount without both uid and gid mappings (config.md mounts; runc)",
        RuleId.MOUNTS_SHADOWED + "|spec|warning|a later mount hides an earlier one below it (RT #30)",
        RuleId.ANNOTATIONS_RESERVED + "|spec|warning|an annotation key in org.opencontainers: the MUST binds specifications, not configs (RT #62 says error)",
        RuleId.ANNOTATIONS_KEY_FORMAT + "|spec|warning|an annotation key not in reverse domain notation (RT #63)",
        RuleId.HOOKS_PATH_RELATIVE + "|spec|error|a hook path that is not absolute, for every hook kind (config.md hooks; RT #64 checks three)",
        RuleId.PATH_NULL_BYTE + "|runtime|error|a NUL byte in args, env, cwd, root.path, a hook, a namespace, device, masked or readonly path, or a sysctl name: EINVAL (runc)",
        RuleId.HOST_ROOTFS_MISSING + "|host|error|the rootfs does not exist (RT #22, runc)",
        RuleId.HOST_ROOTFS_NOT_DIRECTORY + "|host|error|the rootfs is not a directory (RT #22)",
        RuleId.HOST_ROOTFS_SYMLINK + "|host|error|a symlink in the rootfs path (runc)",
        RuleId.HOST_ROOTFS_USERNS_ACCESS + "|host|error|with a new user namespace, the mapped root cannot search a directory on the way to the rootfs (runc: permission denied)",
        RuleId.HOST_ARGS0_NOT_FOUND + "|host|error|args[0] not found in the rootfs through process.env's PATH, links resolved inside the rootfs (RT #34)",
        RuleId.HOST_ARGS0_NOT_EXECUTABLE + "|host|error|args[0] is not executable (RT #34)",
        RuleId.HOST_NAMESPACES_UNSUPPORTED + "|host|error|the kernel lacks a requested namespace type (runc)",
        RuleId.HOST_NAMESPACES_PATH_MISSING + "|host|error|a namespace path that does not exist (config-linux.md namespaces)",
        RuleId.HOST_CGROUP_UNIFIED_ON_V1 + "|host|error|resources.unified on a cgroup v1 or hybrid host (runc)",
        RuleId.HOST_CGROUP_SWAP_WITHOUT_LIMIT + "|host|error|memory.swap without memory.limit on cgroup v2 (runc)",
        RuleId.HOST_CAPABILITY_UNSUPPORTED + "|host|warning|a capability beyond the kernel's cap_last_cap (RT #38; runc ignores it)",
        RuleId.HOST_MOUNT_TYPE_UNKNOWN + "|host|error|a mount type not in /proc/filesystems (RT #27)",
        RuleId.HOST_HOOK_MISSING + "|host|error|a hook binary that does not exist: on the host, or in the rootfs for startContainer (RT #65)",
        RuleId.HOST_HOOK_NOT_EXECUTABLE + "|host|error|a hook that is not an executable file (RT #65)",
        RuleId.HOST_SYSCTL_UNKNOWN + "|host|error|a sysctl this kernel does not have (kernel: /proc/sys)",
        RuleId.HOST_USER_MAPPINGS_RANGE + "|host|error|a mapping of size 0 or past id 4294967294 (kernel: user_namespaces(7))",
        RuleId.HOST_USER_NAMESPACE_DISABLED + "|host|error|user namespaces disabled, user.max_user_namespaces = 0 (kernel: /proc/sys/user)",
        RuleId.HOST_PATH_UNENCODABLE + "|host|warning|a path this JVM cannot use as a file name (not UTF-8 locale, non-ASCII path): its host check is skipped (jns)",
        RuleId.HOST_MOUNT_SOURCE_MISSING + "|host|error|a bind mount source (relative: to the bundle directory), or the device of a block filesystem mount (not nodev in /proc/filesystems), that does not exist on the host (runc libcontainer/rootfs_linux.go prepareBindMount: stat SRC; mount(2) ENOENT)",
        RuleId.HOST_CWD_NOT_DIRECTORY + "|host|error|process.cwd is, or goes through, a file in the rootfs, links resolved inside it (runc libcontainer/rootfs_linux.go: MkdirAll(cwd), ENOTDIR)",
        RuleId.HOST_MOUNT_DESTINATION_NOT_DIRECTORY + "|host|error|a mount other than a bind whose destination is not a directory in the rootfs (proc, sysfs: or a symlink), earlier mounts of the config taken into account (runc libcontainer/rootfs_linux.go mountToRootfs; mount(2) ENOTDIR)",
        RuleId.HOST_MOUNT_DESTINATION_READ_ONLY + "|host|error|a destination under an earlier read-only tmpfs, mqueue, sysfs (the host's /sys) or bind mount of the config, where it does not exist: runc cannot make it (runc libcontainer/rootfs_linux.go mountToRootfs MkdirAll, EROFS)",
        RuleId.HOST_MOUNT_BIND_KIND_MISMATCH + "|host|error|a bind of a file onto a directory of the rootfs, or of a directory onto a file (kernel: fs/namespace.c graft_tree, ENOTDIR)",
        RuleId.HOST_NAMESPACES_PATH_NOT_NAMESPACE + "|host|error|a namespace path that exists but is neither /proc/PID/ns/TYPE nor an nsfs bind mount in the host's mountinfo (kernel: setns(2) EINVAL; runc: can't get final child's PID from pipe)",
        RuleId.HOST_APPARMOR_UNAVAILABLE + "|host|error|apparmorProfile on a host without AppArmor: no /sys/kernel/security/apparmor or /sys/module/apparmor/parameters/enabled not Y (runc libcontainer/apparmor: write /proc/self/attr/exec, EINVAL)",
        RuleId.HOST_SELINUX_UNAVAILABLE + "|host|error|selinuxLabel, or mountLabel with a labelled mount, on a host without SELinux (runc libcontainer/configs/validate/validator.go security; mount(2) context= EINVAL)",
        RuleId.HOST_INTEL_RDT_UNAVAILABLE + "|host|error|intelRdt.l3CacheSchema or memBwSchema without resctrl mounted, or without its info/L3 or info/MB (runc libcontainer/configs/validate/validator.go intelrdt)",
        RuleId.HOST_INTEL_RDT_CLOSID_IGNORED + "|host|warning|intelRdt.closID alone on a host without resctrl: ignored (runc libcontainer/factory_linux.go: no Intel RDT manager)",
        RuleId.RUNTIME_PLATFORM + "|runtime|error|a config for another platform (windows, solaris, vm, zos, freebsd): runc and crun run Linux containers only (runc)",
        RuleId.RUNTIME_FEATURES_UNAVAILABLE + "|runtime|warning|the runtime has no `features` command (runtime-spec features.md)",
        RuleId.RUNTIME_OCI_VERSION + "|runtime|warning|ociVersion outside the runtime's ociVersionMin..Max (runtime features)",
        RuleId.RUNTIME_HOOK_UNSUPPORTED + "|runtime|error|a hook kind the runtime does not list (runtime features)",
        RuleId.RUNTIME_MOUNT_OPTION_UNSUPPORTED + "|runtime|warning|a mount flag the runtime does not list (runtime features)",
        RuleId.RUNTIME_NAMESPACE_UNSUPPORTED + "|runtime|error|a namespace type the runtime does not list (runtime features)",
        RuleId.RUNTIME_SECCOMP_UNSUPPORTED + "|runtime|error|a seccomp action, operator or architecture the runtime does not list (runtime features)",
        RuleId.RUNTIME_CGROUP_UNSUPPORTED + "|runtime|error|the runtime does not support this host's cgroup version (runtime features)",
        RuleId.RUNTIME_CRUN_HYBRID_CGROUPS + "|runtime|error|crun refuses hybrid cgroup hosts (crun)",
        RuleId.RUNTIME_CRUN_NO_MOUNTS + "|runtime|error|crun refuses a config without mounts (crun)",
        RuleId.RUNTIME_CRUN_NO_LINUX + "|runtime|error|crun refuses a config without linux (crun)",
        RuleId.RUNTIME_CRUN_UNKNOWN_CAPABILITY + "|runtime|error|crun refuses unknown capabilities (crun)",
        RuleId.RUNTIME_SECCOMP_FLAGS_UNSUPPORTED + "|runtime|error|seccomp.flags that the runtime's features do not list in linux.seccomp.supportedFlags; runc 1.1.5 lists none and refuses any (runc libcontainer/specconv/spec_linux.go: seccomp flags are not yet supported by runc)",
        RuleId.RUNTIME_RUNC_DEV_NULL_DENIED + "|runtime|error|a linux.devices entry at /dev/null drops runc's default allow rule for it: unless resources.devices allows c 1:3 rw, runc's own reopen of /dev/null fails (runc libcontainer/specconv/spec_linux.go createDevices, rootfs_linux.go reOpenDevNull: EPERM)",
        RuleId.RUNTIME_RUNC_DEV_NULL_MOUNT + "|runtime|error|a mount other than a bind at /dev/null (unless /dev is a bind): runc's reopen of /dev/null after the mounts finds a directory (runc libcontainer/rootfs_linux.go mountToRootfs MkdirAll, reOpenDevNull: EISDIR)",
        // kernel value rules (issue 13 item 3): runtime = fixed ranges of what a runtime writes; host = this machine
        RuleId.PROCESS_OOM_SCORE_ADJ_RANGE + "|runtime|error|oomScoreAdj outside -1000..1000 (kernel: fs/proc/base.c oom_score_adj_write, OOM_SCORE_ADJ_MIN/MAX)",
        RuleId.LINUX_RESOURCES_CPU_SHARES_RANGE + "|runtime|error|cpu.shares outside 2..262144: v1 clamps and runc refuses the value read back; v2's converted cpu.weight leaves 1..10000 (kernel: kernel/sched/sched.h MIN_SHARES/MAX_SHARES; runc libcontainer/cgroups/fs/cpu.go)",
        RuleId.LINUX_RESOURCES_CPU_PERIOD_RANGE + "|runtime|error|cpu.period outside 1000..1000000 us (kernel: kernel/sched/core.c tg_set_bandwidth, min/max_bw_quota_period_us)",
        RuleId.LINUX_RESOURCES_CPU_QUOTA_RANGE + "|runtime|error|a positive cpu.quota below 1000 us or above 2^44-1 us; -1 is no limit (kernel: kernel/sched/core.c tg_set_bandwidth, max_bw_runtime_us)",
        RuleId.LINUX_RESOURCES_CPU_BURST_ABOVE_QUOTA + "|runtime|warning|cpu.burst above cpu.quota: EINVAL where written (crun, runc >= 1.2); runc 1.1.5 ignores burst (kernel: kernel/sched/core.c tg_set_bandwidth)",
        RuleId.LINUX_RESOURCES_CPU_IDLE_RANGE + "|runtime|warning|cpu.idle not 0 or 1: EINVAL where written (crun, runc >= 1.2); runc 1.1.5 ignores idle (kernel: kernel/sched/fair.c sched_group_set_idle)",
        RuleId.LINUX_RESOURCES_CPUSET_SYNTAX + "|runtime|error|cpu.cpus or cpu.mems not a CPU list such as 0-3,5 or 0-15:2/4 (kernel: lib/bitmap-str.c bitmap_parselist, kernel/cgroup/cpuset.c)",
        RuleId.LINUX_RESOURCES_MEMORY_RANGE + "|runtime|error|memory limit, reservation or swap negative other than -1 (kernel: mm/page_counter.c page_counter_memparse)",
        RuleId.LINUX_RESOURCES_MEMORY_BELOW_RUNC_INIT + "|runtime|error|a memory limit under 1.5 MiB with runc: runc's own init, a Go program, is already in the container's cgroup when runc writes the limit, and uses more (measured with runc 1.1.5: 1.9 to 2.4 MiB; 2 MiB refused, 2.25 MiB runs); v1 refuses the write (EBUSY), v2 OOM-kills the init (runc libcontainer/cgroups/fs/memory.go setMemoryAndSwap; kernel: mm/memcontrol-v1.c mem_cgroup_resize_max)",
        RuleId.LINUX_RESOURCES_MEMORY_LIMIT_TOO_LOW + "|runtime|warning|a memory limit under 4 MiB: a busybox container's init already uses about 2.1 MiB when runc writes the limit, and runc fails below the usage (measured: 2 MiB refused, 2.25 MiB runs) (kernel: mm/memcontrol-v1.c mem_cgroup_resize_max, EBUSY; runc libcontainer/cgroups/fs/memory.go)",
        RuleId.LINUX_RESOURCES_MEMORY_KERNEL_IGNORED + "|runtime|warning|memory.kernel or kernelTCP: runc ignores them and the kmem limit files are gone (kernel: Documentation/admin-guide/cgroup-v1/memory.rst; runc libcontainer/specconv/spec_linux.go)",
        RuleId.LINUX_RESOURCES_PIDS_RANGE + "|runtime|error|pids.limit above 4194304 (PID_MAX_LIMIT); -1 is no limit (kernel: kernel/cgroup/pids.c pids_max_write)",
        RuleId.LINUX_RESOURCES_BLOCKIO_WEIGHT_RANGE + "|runtime|error|a blkio weight or leafWeight outside 1..1000 (kernel: block/bfq-iosched.h BFQ_MAX_WEIGHT, block/bfq-cgroup.c; runc ConvertBlkIOToIOWeightValue)",
        RuleId.LINUX_RESOURCES_UNIFIED_KEY + "|runtime|error|a unified key that is not a file name of the form controller.file (runc libcontainer/cgroups/fs2/fs2.go setUnified)",
        RuleId.LINUX_SYSCTL_NAME_FORM + "|runtime|error|a sysctl name ending in a dot or slash: it names a /proc/sys directory (kernel: fs/proc/proc_sysctl.c, EISDIR; runc writes /proc/sys/NAME)",
        RuleId.LINUX_SYSCTL_VALUE_INTEGER + "|runtime|error|a non-integer value for a well-known integer sysctl such as net.ipv4.ip_forward or kernel.shmmax (kernel: kernel/sysctl.c proc_dointvec)",
        RuleId.LINUX_SECCOMP_NOTIFY_DEFAULT + "|runtime|error|SCMP_ACT_NOTIFY as seccomp's default action (runc libcontainer/seccomp/seccomp_linux.go)",
        RuleId.LINUX_SECCOMP_NOTIFY_WRITE + "|runtime|error|SCMP_ACT_NOTIFY on the write syscall (runc libcontainer/seccomp/seccomp_linux.go)",
        RuleId.LINUX_SECCOMP_NOTIFY_NO_LISTENER + "|runtime|error|SCMP_ACT_NOTIFY without listenerPath (runc libcontainer/process_linux.go, \"listenerPath is not set\")",
        RuleId.LINUX_SECCOMP_DEFAULT_KILL + "|runtime|warning|SCMP_ACT_KILL or SCMP_ACT_KILL_THREAD as the default action, execve allowed: another syscall of runc's init that the filter does not allow kills one thread and runc 1.1.5 hangs (measured) (kernel: kernel/seccomp.c SECCOMP_RET_KILL_THREAD)",
        RuleId.LINUX_SECCOMP_ERRNO_RET_IGNORED + "|runtime|warning|errnoRet with an action other than SCMP_ACT_ERRNO or SCMP_ACT_TRACE is not used (kernel: kernel/seccomp.c SECCOMP_RET_DATA; runc libcontainer/seccomp/seccomp_linux.go getAction)",
        RuleId.MOUNTS_DATA_OPTION_UNKNOWN + "|runtime|error|a tmpfs, proc, devpts, mqueue or sysfs option that is neither a runc flag nor the filesystem's own (a typo such as noexce): runc passes it as data and mount fails (kernel: mm/shmem.c shmem_fs_parameters, fs/proc/root.c, fs/devpts/inode.c, fs/fs_parser.c; runc specconv parseMountOptions)",
        RuleId.HOST_CGROUP_CONTROLLER_MISSING + "|host|error|a resource whose cgroup controller this host lacks: no v1 hierarchy mounted (v1, hybrid) or not in cgroup.controllers (v2) (runc libcontainer/cgroups/fs/fs.go Set, fs2)",
        RuleId.HOST_CGROUP_IGNORED_ON_V2 + "|host|warning|a v1-only resource on a cgroup v2 host: realtime cpu, net_cls classID, net_prio priorities, swappiness, leafWeight (kernel: Documentation/admin-guide/cgroup-v2.rst; runc fs2)",
        RuleId.HOST_CGROUP_UNIFIED_CONTROLLER + "|host|error|a unified key whose controller is not in this host's cgroup.controllers (kernel: Documentation/admin-guide/cgroup-v2.rst; runc fs2.go setUnified)",
        RuleId.HOST_CPUSET_OFFLINE + "|host|error|cpu.cpus or cpu.mems naming a CPU or memory node that is not online here (kernel: kernel/cgroup/cpuset.c update_cpumask/update_nodemask)",
        RuleId.HOST_CPU_RT_UNAVAILABLE + "|host|error|realtimeRuntime/realtimePeriod on a v1 kernel without real-time group scheduling (kernel: kernel/sched/core.c, CONFIG_RT_GROUP_SCHED cpu.rt_runtime_us)",
        RuleId.HOST_CPU_RT_RANGE + "|host|error|realtimeRuntime above realtimePeriod (or the default 1 s), or a larger share of the period than the root cgroup's cpu.rt_runtime_us/cpu.rt_period_us, on cgroup v1 (kernel: kernel/sched/rt.c tg_rt_schedulable)",
        RuleId.HOST_MEMORY_SWAPPINESS_RANGE + "|host|error|memory.swappiness outside 0..100 on cgroup v1 (runc libcontainer/cgroups/fs/memory.go)",
        RuleId.HOST_BLKIO_NO_BFQ + "|host|error|a blkio weight on a cgroup v1 host whose block devices offer no BFQ (kernel: block/bfq-cgroup.c blkio.bfq.weight; runc libcontainer/cgroups/fs/blkio.go)",
        RuleId.HOST_BLKIO_V2_WEIGHT_RANGE + "|host|error|a blkio weight of 1..9 on a cgroup v2 host without BFQ: runc's io.weight conversion wraps round (kernel: block/blk-iocost.c ioc_weight_write, CGROUP_WEIGHT_MIN/MAX; runc libcontainer/cgroups/utils.go ConvertBlkIOToIOWeightValue)",
        RuleId.HOST_BLKIO_LEAF_WEIGHT + "|host|error|blockIO.leafWeight on cgroup v1: blkio.leaf_weight went with CFQ in Linux 5.0 (kernel: block/Kconfig.iosched; runc libcontainer/cgroups/fs/blkio.go)",
        RuleId.HOST_BLKIO_DEVICE_MISSING + "|host|error|a weightDevice or throttle entry for a major:minor that is not a block device here (kernel: block/blk-cgroup.c blkg_conf_open_bdev, ENODEV)",
        RuleId.HOST_HUGEPAGE_SIZE_MISSING + "|host|error|a hugepageLimits pageSize this host does not have in /sys/kernel/mm/hugepages (kernel: mm/hugetlb_cgroup.c)",
        RuleId.HOST_SECCOMP_LISTENER_MISSING + "|host|error|seccomp listenerPath does not exist on this host or is not a unix socket, with SCMP_ACT_NOTIFY in the filter: runc connects to the agent when the container starts (runc libcontainer/process_linux.go, \"failed to connect with seccomp agent\")",
        RuleId.HOST_OOM_SCORE_ADJ_PRIVILEGE + "|host|error|oomScoreAdj below the caller's own without CAP_SYS_RESOURCE: the kernel refuses it unless a privileged process once set a lower oom_score_adj_min, which /proc does not show; like host.rlimit.above-caller-hard, the caller is taken to be who runs the runtime (kernel: fs/proc/base.c __set_oom_adj, EACCES)",
        RuleId.HOST_RLIMIT_ABOVE_CALLER_HARD + "|host|error|an rlimit hard value above the caller's own hard limit when the caller lacks CAP_SYS_RESOURCE (kernel: kernel/sys.c do_prlimit, EPERM)",
        RuleId.HOST_RLIMIT_NOFILE_ABOVE_NR_OPEN + "|host|error|RLIMIT_NOFILE above fs.nr_open (kernel: kernel/sys.c do_prlimit, EPERM even for root)",
        // kernel value rules from the runc differential (docs/oci-runc-differential.md, issue 13)
        RuleId.MOUNTS_TMPFS_OPTION_VALUE + "|runtime|error|a tmpfs data option whose value the kernel refuses: mode not octal, size/nr_blocks/nr_inodes not a number with k/m/g/t/p/e (size also N%), uid/gid not a number below 2^32-1, huge not never/always/within_size/advise (kernel: mm/shmem.c shmem_parse_one, memparse; measured on 6.18)",
        RuleId.MOUNTS_REMOUNT_OPTION + "|runtime|error|a remount option on a mount: MS_REMOUNT on a mount point not yet mounted (kernel: fs/namespace.c do_remount, EINVAL; runc 1.1.5 differential)",
        RuleId.MOUNTS_TYPE_NO_FILESYSTEM + "|runtime|error|a mount of type none, bind (not under crun, which binds it), empty or missing without a bind or rbind option: runc 1.1.5 binds only on the option and mount finds no such filesystem (kernel: fs/filesystems.c get_fs_type, ENODEV; runc 1.1.5 libcontainer/specconv)",
        RuleId.MOUNTS_TYPE_DATA_REQUIRED + "|runtime|error|an overlay mount without lowerdir=, or a fuse mount without fd=, rootmode=, user_id= and group_id= (kernel: fs/overlayfs/super.c, fs/fuse/inode.c fuse_fill_super, EINVAL)",
        RuleId.MOUNTS_PROC_MISSING + "|runtime|error|no mount at /proc: runc's init reads /proc/self/fd before it execs the process (runc 1.1.5 libcontainer/utils CloseExecFrom, \"error closing exec fds\")",
        RuleId.PROCESS_USER_ID_RANGE + "|runtime|error|process.user uid, gid or an additionalGid above 2147483647 (runc libcontainer/user, \"uids and gids must be in range 0-2147483647\")",
        RuleId.LINUX_HOSTNAME_LENGTH + "|runtime|error|hostname or domainname longer than 64 bytes (kernel: kernel/sys.c sethostname, __NEW_UTS_LEN)",
        RuleId.PROCESS_RLIMITS_NOFILE_TOO_LOW + "|runtime|error|RLIMIT_NOFILE soft limit below 7: runc's init opens /proc/self/fd under it (runc 1.1.5 measured: soft 6 refused, 7 runs, busybox bundle as root)",
        RuleId.LINUX_SECCOMP_ARG_INDEX + "|runtime|error|a seccomp argument index of 6 or more (runc libcontainer/seccomp, libseccomp \"syscalls only have up to 6 arguments\")",
        RuleId.LINUX_SECCOMP_BLOCKS_EXECVE + "|runtime|error|a default action other than ALLOW, LOG or NOTIFY with no ALLOW or LOG rule for execve/execveat: runc's init cannot exec the process (with KILL or KILL_THREAD runc 1.1.5 hangs, measured) (runc 1.1.5 libcontainer/standard_init_linux.go, \"container process is already dead\")",
        RuleId.LINUX_SECCOMP_EXECVE_DENIED + "|runtime|warning|an unconditional ERRNO, TRAP, TRACE or KILL rule on execve: runc starts the container, whose init then cannot exec the process (runc 1.1.5 measured: \"exec /bin/true: operation not permitted\", exit 1)",
        RuleId.LINUX_SYSCTL_VALUE_RANGE + "|runtime|error|a sysctl value outside the kernel's range: somaxconn >= 0, ip_unprivileged_port_start 0..65535, shmmax/shmall >= 0, shmmni/msgmni 0..32768, shm_rmid_forced 0..1, sem's semmni 0..32768, mqueue msg_max 1..65536, msgsize_max 128..16 MiB (kernel: ipc/ipc_sysctl.c, ipc/mq_sysctl.c, net/core/sysctl_net_core.c, net/ipv4/sysctl_net_ipv4.c; measured on 6.18)",
        RuleId.LINUX_SYSCTL_PORT_RANGE + "|runtime|error|ip_unprivileged_port_start above ip_local_port_range's start (32768 by default in a new network namespace), an ip_local_port_range below ip_unprivileged_port_start (1024 by default) or ending below its start (kernel: net/ipv4/sysctl_net_ipv4.c ipv4_privileged_ports, ipv4_local_port_range; measured on 6.18)",
        RuleId.LINUX_SYSCTL_NETNS_INTERFACE + "|runtime|error|a net.ipv4.conf.IFACE or net.ipv6.conf.IFACE sysctl for an interface other than all, default or lo in a new network namespace, which has only lo (kernel: net/ipv4/devinet.c, net/ipv6/addrconf.c, ENOENT)",
        RuleId.LINUX_RESOURCES_BLOCKIO_DEVICE_NUMBER + "|runtime|error|a blkio throttle entry with a negative major or minor (kernel: block/blk-cgroup.c blkg_conf_open_bdev, EINVAL)",
        RuleId.LINUX_RESOURCES_DEVICES_NUMBER + "|runtime|error|a device cgroup rule with a major or minor below -1, -1 meaning any (kernel: security/device_cgroup.c devcgroup_update_access, EINVAL)",
        RuleId.LINUX_ROOTFS_PROPAGATION_UNBINDABLE + "|runtime|error|rootfsPropagation unbindable or runbindable: runc 1.1.5 then cannot bind-mount the rootfs (kernel: fs/namespace.c do_loopback, EINVAL; runc 1.1.5 libcontainer/rootfs_linux.go prepareRoot, measured for both)",
        RuleId.HOST_CGROUP_V1_SWAP_WITHOUT_LIMIT + "|host|error|memory.swap without memory.limit on cgroup v1 or hybrid: memsw.limit_in_bytes below the unlimited memory limit (kernel: mm/memcontrol-v1.c mem_cgroup_resize_max, EINVAL)",
    };

    private static volatile Map<String, String> layers;

    /** All rules, in documentation order. */
    public static List<Rule> all() {
        List<Rule> rules = new ArrayList<>(TABLE.length);
        for (String row : TABLE) {
            String[] f = row.split("\\|", 4);
            rules.add(new Rule(f[0], normalize(f[1]), f[2], f[3]));
        }
        return rules;
    }

    /** The layer of rule {@code id}: spec, host or runtime (spec for an id not in the table). */
    public static String layer(String id) {
        Map<String, String> m = layers;
        if (m == null) {
            m = new HashMap<>(TABLE.length * 2);
            for (String row : TABLE) {
                int a = row.indexOf('|');
                int b = row.indexOf('|', a + 1);
                m.put(row.substring(0, a), normalize(row.substring(a + 1, b)));
            }
            layers = m = Collections.unmodifiableMap(m);
        }
        String l = m.get(id);
        return l == null ? SPEC : l;
    }

    /** Whether rule {@code id} belongs to the runtime layer. */
    public static boolean isRuntime(String id) {
        return RUNTIME.equals(layer(id));
    }

    /** input and json (reading the file) count as spec; the others are themselves. */
    private static String normalize(String layer) {
        switch (layer) {
            case HOST: return HOST;
            case RUNTIME: return RUNTIME;
            default: return SPEC;
        }
    }

    /** The trailing parenthesis of a description, without its parentheses; "jns" when it has none. */
    static String sourceOf(String d) {
        if (d.endsWith(")")) {
            int depth = 0;
            for (int i = d.length() - 1; i >= 0; i--) {
                char c = d.charAt(i);
                if (c == ')') {
                    depth++;
                } else if (c == '(' && --depth == 0) {
                    return d.substring(i + 1, d.length() - 1);
                }
            }
        }
        return d.startsWith("crun ") ? "crun" : d.startsWith("runc ") ? "runc" : "jns";
    }
}

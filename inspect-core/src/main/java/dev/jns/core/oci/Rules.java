package dev.jns.core.oci;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every rule of {@code jns oci validate}, with its stable id, layer, default severity and what it
 * checks ({@code jns oci validate --list-rules} prints this table). Ids never change meaning; new
 * rules get new ids. A description ends in its source in parentheses: {@code RT #n} is the n-th
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
        // id | layer | severity | description
        "input.unreadable|input|error|the path does not exist or is not readable; config.json is not a regular file (a directory, FIFO, socket or device: never opened) or is a symlink out of the bundle; exit 2 (jns)",
        "input.too-large|input|error|config.json is larger than 16 MiB, or too large for the heap; exit 2 (jns)",
        "json.syntax|json|error|malformed JSON (RFC 8259), an empty file, a byte-order mark (RT #5)",
        "json.utf8|json|error|the file is not valid UTF-8 (RT #4)",
        "json.depth|json|error|nesting deeper than 1000 levels (jns)",
        "json.duplicate-key|json|warning|a key appears twice in one object; like runc, the last one wins (RFC 8259 section 4: names SHOULD be unique)",
        "json.lone-surrogate|json|warning|a \\u escape of half a UTF-16 surrogate pair, alone: runc (Go) reads U+FFFD, and so does jns (RFC 8259 section 8.2)",
        "schema.type|spec|error|a value has the wrong JSON type (integers have no fraction or exponent) (schema)",
        "schema.required|spec|error|a required member is missing (schema)",
        "schema.enum|spec|error|a string is not one of the allowed values (schema)",
        "schema.pattern|spec|error|a string does not match the schema's pattern (schema)",
        "schema.range|spec|error|an integer is outside its type's range: int32, uint64, FileMode ... (schema)",
        "schema.min-items|spec|error|an array is shorter than allowed: syscall names, layerFolders (schema)",
        "schema.unknown-member|spec|warning|a member the spec does not define, with a did-you-mean (runtime-tools#317)",
        "schema.newer-than-version|spec|warning|a member or value newer than the config's ociVersion (schema of each release)",
        "oci-version.semver|spec|error|ociVersion is not SemVer (RT #8, #25; runc does not check, runc#1846)",
        "oci-version.unsupported|spec|warning|ociVersion is not 1.0.0 through 1.3.x (RT #9, #26 rejected all but one)",
        "root.missing|spec|error|no root, on any platform but Windows (config.md root; RT #17; runc)",
        "root.path.empty|spec|error|root.path is empty (RT #24)",
        "root.path.convention|spec|warning|root.path does not end in rootfs (RT #21, SHOULD)",
        "process.missing|runtime|error|no process: the spec needs one only at start, runc refuses to create without it (runc)",
        "process.cwd.relative|spec|error|process.cwd empty or not absolute (config.md cwd; RT #31; runc)",
        "process.args.empty|spec|error|process.args missing or empty, on any platform but Windows (config.md args; RT #33; runc)",
        "env.format|spec|error|an env entry is not KEY=VALUE, or its KEY is empty (RT #32, #66)",
        "env.name-nonportable|spec|warning|an env name with characters other than letters, digits and _: POSIX allows them, runc and the kernel pass them (RT #32 says error)",
        "env.digit-leading|spec|warning|an env name starts with a digit (RT #32, runtime-tools#80)",
        "process.rlimits.duplicate|spec|error|an rlimit type twice (RT #35)",
        "process.rlimits.unknown|spec|error|an rlimit Linux does not know: runc's 16, RLIMIT_LOCKS included (RT #37)",
        "process.rlimits.soft-above-hard|spec|error|rlimit soft above hard (RT #36)",
        "process.capabilities.unknown|spec|warning|a capability name not in capabilities(7) (RT #38; runc warns, crun refuses)",
        "process.capabilities.effective-not-permitted|spec|error|an effective capability not in permitted (RT #39)",
        "process.capabilities.ambient-not-permitted|spec|warning|an ambient capability not in permitted: not raised (RT #40 says error; runc drops it)",
        "process.capabilities.ambient-not-inheritable|spec|warning|an ambient capability not in inheritable: not raised (RT #40 says error; runc drops it)",
        "process.scheduler.invalid|runtime|error|nice, priority or deadline values the policy does not take (runc)",
        "process.io-priority.range|spec|error|ioPriority.priority outside 0..7 (config.md ioPriority; runc)",
        "process.exec-cpu-affinity.invalid|runtime|error|execCPUAffinity is not a CPU list runc parses (runc)",
        "process.user.unmapped|runtime|error|process.user uid/gid not mapped in the user namespace, at start (runc)",
        "linux.namespaces.duplicate|spec|error|a namespace type listed twice (config-linux.md namespaces; RT #43; runc)",
        "linux.namespaces.path-relative|spec|error|a namespace path that is not absolute (config-linux.md namespaces; RT #42)",
        "linux.user-mappings.no-user-namespace|runtime|error|uid/gid mappings without a user namespace (RT #44, runc)",
        "linux.user-namespace.no-mappings|runtime|error|a new user namespace without uid or gid mappings (runc)",
        "linux.user-namespace.no-root-mapping|runtime|error|mappings that do not map container id 0 (runc)",
        "linux.user-mappings.overlap|runtime|error|overlapping mapping ranges (kernel: user_namespaces(7))",
        "linux.hostname.no-uts-namespace|runtime|error|hostname without a UTS namespace (RT #47, runc)",
        "linux.domainname.no-uts-namespace|runtime|error|domainname without a UTS namespace (runc)",
        "linux.sysctl.no-namespace|runtime|error|a namespaced sysctl without its namespace (RT #45, #46, runc)",
        "linux.sysctl.not-namespaced|runtime|error|a sysctl that is not namespaced at all (runc)",
        "linux.sysctl.hostname|runtime|error|sysctl kernel.hostname with a UTS namespace (runc)",
        "linux.time-offsets.no-time-namespace|runtime|error|timeOffsets without a time namespace (RT #48, runc)",
        "linux.time-offsets.with-path|runtime|error|timeOffsets while joining a time namespace by path (runc)",
        "linux.masked-paths.no-mount-namespace|runtime|error|maskedPaths/readonlyPaths without a mount namespace (runc)",
        "linux.masked-paths.relative|spec|error|a maskedPaths/readonlyPaths entry not absolute (RT #59, #60)",
        "linux.devices.invalid|spec|error|bad device numbers for the type: negative, or numbers on a FIFO; major 0 and minor 0 allowed, as mknod(2) does (RT #49)",
        "linux.devices.duplicate-path|spec|error|a device path twice (RT #50)",
        "linux.devices.duplicate-number|spec|warning|two devices with one type and number (RT #52)",
        "linux.resources.devices.type|spec|error|a device cgroup type not a, b or c (RT #56, runc)",
        "linux.resources.devices.access|spec|error|device cgroup access empty or not of r, w, m (RT #57, runc)",
        "linux.resources.memory.swap-below-limit|spec|error|memory.swap below memory.limit (RT #53)",
        "linux.resources.memory.reservation-above-limit|spec|warning|memory.reservation above memory.limit: the kernel accepts it (RT #54 says error)",
        "linux.resources.blockio.weight-device-empty|spec|error|a weightDevice entry with neither weight (RT #58)",
        "linux.rootfs-propagation.r-form|spec|warning|rshared/rslave/rprivate/runbindable: not in the schema's enum, accepted by runc and crun (runtime-spec#923)",
        "linux.seccomp.arch-unsupported|runtime|error|a seccomp architecture runc does not know: M68K, SH, SHEB, PARISC, PARISC64 (runc)",
        "linux.personality.domain-missing|spec|error|personality without a domain (config-linux.md personality; runc)",
        "linux.memory-policy.nodes|spec|error|memoryPolicy nodes unparseable, missing or not allowed for the mode (config-linux.md memoryPolicy; runc)",
        "linux.net-devices.no-network-namespace|runtime|error|netDevices without a network namespace (runc)",
        "linux.net-devices.name|runtime|error|an invalid network interface name (runc)",
        "linux.intel-rdt.clos-id|runtime|error|an intelRdt.closID that is not a plain name (runc)",
        "mounts.destination.relative|spec|warning|a relative mount destination: the spec says absolute, runc only warns (config.md mounts; RT #28)",
        "mounts.destination.root|runtime|error|a mount on /, at start (runc)",
        "mounts.destination.in-proc|runtime|error|a mount inside /proc, or a non-proc mount on /proc, at start (runc)",
        "mounts.null-byte|runtime|error|a NUL byte in a mount's source, destination or type (runc)",
        "mounts.bind-options|runtime|error|a bind mount with filesystem data options (runc)",
        "mounts.idmap.not-bind|runtime|error|an id-mapped mount that is not a bind mount (runc)",
        "mounts.idmap.incomplete|spec|error|an id-mapped mount without both uid and gid mappings (config.md mounts; runc)",
        "mounts.shadowed|spec|warning|a later mount hides an earlier one below it (RT #30)",
        "annotations.reserved|spec|warning|an annotation key in org.opencontainers: the MUST binds specifications, not configs (RT #62 says error)",
        "annotations.key-format|spec|warning|an annotation key not in reverse domain notation (RT #63)",
        "hooks.path.relative|spec|error|a hook path that is not absolute, for every hook kind (config.md hooks; RT #64 checks three)",
        "path.null-byte|runtime|error|a NUL byte in args, env, cwd, root.path, a hook, a namespace, device, masked or readonly path, or a sysctl name: EINVAL (runc)",
        "host.rootfs.missing|host|error|the rootfs does not exist (RT #22, runc)",
        "host.rootfs.not-directory|host|error|the rootfs is not a directory (RT #22)",
        "host.rootfs.symlink|host|error|a symlink in the rootfs path (runc)",
        "host.rootfs.userns-access|host|error|with a new user namespace, the mapped root cannot search a directory on the way to the rootfs (runc: permission denied)",
        "host.args0.not-found|host|error|args[0] not found in the rootfs through process.env's PATH, links resolved inside the rootfs (RT #34)",
        "host.args0.not-executable|host|error|args[0] is not executable (RT #34)",
        "host.namespaces.unsupported|host|error|the kernel lacks a requested namespace type (runc)",
        "host.namespaces.path-missing|host|error|a namespace path that does not exist (config-linux.md namespaces)",
        "host.cgroup.unified-on-v1|host|error|resources.unified on a cgroup v1 or hybrid host (runc)",
        "host.cgroup.swap-without-limit|host|error|memory.swap without memory.limit on cgroup v2 (runc)",
        "host.capability.unsupported|host|warning|a capability beyond the kernel's cap_last_cap (RT #38; runc ignores it)",
        "host.mount.type-unknown|host|error|a mount type not in /proc/filesystems (RT #27)",
        "host.hook.missing|host|error|a hook binary that does not exist: on the host, or in the rootfs for startContainer (RT #65)",
        "host.hook.not-executable|host|error|a hook that is not an executable file (RT #65)",
        "host.sysctl.unknown|host|error|a sysctl this kernel does not have (kernel: /proc/sys)",
        "host.user-mappings.range|host|error|a mapping of size 0 or past id 4294967294 (kernel: user_namespaces(7))",
        "host.user-namespace.disabled|host|error|user namespaces disabled, user.max_user_namespaces = 0 (kernel: /proc/sys/user)",
        "host.path-unencodable|host|warning|a path this JVM cannot use as a file name (not UTF-8 locale, non-ASCII path): its host check is skipped (jns)",
        "host.mount.source-missing|host|error|a bind mount source (relative: to the bundle directory), or the device of a block filesystem mount (not nodev in /proc/filesystems), that does not exist on the host (runc libcontainer/rootfs_linux.go prepareBindMount: stat SRC; mount(2) ENOENT)",
        "host.cwd.not-directory|host|error|process.cwd is, or goes through, a file in the rootfs, links resolved inside it (runc libcontainer/rootfs_linux.go: MkdirAll(cwd), ENOTDIR)",
        "host.mount.destination-not-directory|host|error|a mount other than a bind whose destination is not a directory in the rootfs (proc, sysfs: or a symlink), earlier mounts of the config taken into account (runc libcontainer/rootfs_linux.go mountToRootfs; mount(2) ENOTDIR)",
        "host.mount.destination-read-only|host|error|a destination under an earlier read-only tmpfs, mqueue, sysfs (the host's /sys) or bind mount of the config, where it does not exist: runc cannot make it (runc libcontainer/rootfs_linux.go mountToRootfs MkdirAll, EROFS)",
        "host.mount.bind-kind-mismatch|host|error|a bind of a file onto a directory of the rootfs, or of a directory onto a file (kernel: fs/namespace.c graft_tree, ENOTDIR)",
        "host.namespaces.path-not-namespace|host|error|a namespace path that exists but is neither /proc/PID/ns/TYPE nor an nsfs bind mount in the host's mountinfo (kernel: setns(2) EINVAL; runc: can't get final child's PID from pipe)",
        "host.apparmor.unavailable|host|error|apparmorProfile on a host without AppArmor: no /sys/kernel/security/apparmor or /sys/module/apparmor/parameters/enabled not Y (runc libcontainer/apparmor: write /proc/self/attr/exec, EINVAL)",
        "host.selinux.unavailable|host|error|selinuxLabel, or mountLabel with a labelled mount, on a host without SELinux (runc libcontainer/configs/validate/validator.go security; mount(2) context= EINVAL)",
        "host.intel-rdt.unavailable|host|error|intelRdt.l3CacheSchema or memBwSchema without resctrl mounted, or without its info/L3 or info/MB (runc libcontainer/configs/validate/validator.go intelrdt)",
        "host.intel-rdt.closid-ignored|host|warning|intelRdt.closID alone on a host without resctrl: ignored (runc libcontainer/factory_linux.go: no Intel RDT manager)",
        "runtime.platform|runtime|error|a config for another platform (windows, solaris, vm, zos, freebsd): runc and crun run Linux containers only (runc)",
        "runtime.features-unavailable|runtime|warning|the runtime has no `features` command (runtime-spec features.md)",
        "runtime.oci-version|runtime|warning|ociVersion outside the runtime's ociVersionMin..Max (runtime features)",
        "runtime.hook-unsupported|runtime|error|a hook kind the runtime does not list (runtime features)",
        "runtime.mount-option-unsupported|runtime|warning|a mount flag the runtime does not list (runtime features)",
        "runtime.namespace-unsupported|runtime|error|a namespace type the runtime does not list (runtime features)",
        "runtime.seccomp-unsupported|runtime|error|a seccomp action, operator or architecture the runtime does not list (runtime features)",
        "runtime.cgroup-unsupported|runtime|error|the runtime does not support this host's cgroup version (runtime features)",
        "runtime.crun.hybrid-cgroups|runtime|error|crun refuses hybrid cgroup hosts (crun)",
        "runtime.crun.no-mounts|runtime|error|crun refuses a config without mounts (crun)",
        "runtime.crun.no-linux|runtime|error|crun refuses a config without linux (crun)",
        "runtime.crun.unknown-capability|runtime|error|crun refuses unknown capabilities (crun)",
        "runtime.seccomp-flags-unsupported|runtime|error|seccomp.flags that the runtime's features do not list in linux.seccomp.supportedFlags; runc 1.1.5 lists none and refuses any (runc libcontainer/specconv/spec_linux.go: seccomp flags are not yet supported by runc)",
        "runtime.runc.dev-null-denied|runtime|error|a linux.devices entry at /dev/null drops runc's default allow rule for it: unless resources.devices allows c 1:3 rw, runc's own reopen of /dev/null fails (runc libcontainer/specconv/spec_linux.go createDevices, rootfs_linux.go reOpenDevNull: EPERM)",
        "runtime.runc.dev-null-mount|runtime|error|a mount other than a bind at /dev/null (unless /dev is a bind): runc's reopen of /dev/null after the mounts finds a directory (runc libcontainer/rootfs_linux.go mountToRootfs MkdirAll, reOpenDevNull: EISDIR)",
        // kernel value rules (issue 13 item 3): runtime = fixed ranges of what a runtime writes; host = this machine
        "process.oom-score-adj.range|runtime|error|oomScoreAdj outside -1000..1000 (kernel: fs/proc/base.c oom_score_adj_write, OOM_SCORE_ADJ_MIN/MAX)",
        "linux.resources.cpu.shares.range|runtime|error|cpu.shares outside 2..262144: v1 clamps and runc refuses the value read back; v2's converted cpu.weight leaves 1..10000 (kernel: kernel/sched/sched.h MIN_SHARES/MAX_SHARES; runc libcontainer/cgroups/fs/cpu.go)",
        "linux.resources.cpu.period.range|runtime|error|cpu.period outside 1000..1000000 us (kernel: kernel/sched/core.c tg_set_bandwidth, min/max_bw_quota_period_us)",
        "linux.resources.cpu.quota.range|runtime|error|a positive cpu.quota below 1000 us or above 2^44-1 us; -1 is no limit (kernel: kernel/sched/core.c tg_set_bandwidth, max_bw_runtime_us)",
        "linux.resources.cpu.burst.above-quota|runtime|warning|cpu.burst above cpu.quota: EINVAL where written (crun, runc >= 1.2); runc 1.1.5 ignores burst (kernel: kernel/sched/core.c tg_set_bandwidth)",
        "linux.resources.cpu.idle.range|runtime|warning|cpu.idle not 0 or 1: EINVAL where written (crun, runc >= 1.2); runc 1.1.5 ignores idle (kernel: kernel/sched/fair.c sched_group_set_idle)",
        "linux.resources.cpuset.syntax|runtime|error|cpu.cpus or cpu.mems not a CPU list such as 0-3,5 or 0-15:2/4 (kernel: lib/bitmap-str.c bitmap_parselist, kernel/cgroup/cpuset.c)",
        "linux.resources.memory.range|runtime|error|memory limit, reservation or swap negative other than -1 (kernel: mm/page_counter.c page_counter_memparse)",
        "linux.resources.memory.below-runc-init|runtime|error|a memory limit under 1.5 MiB with runc: runc's own init, a Go program, is already in the container's cgroup when runc writes the limit, and uses more (measured with runc 1.1.5: 1.9 to 2.4 MiB; 2 MiB refused, 2.25 MiB runs); v1 refuses the write (EBUSY), v2 OOM-kills the init (runc libcontainer/cgroups/fs/memory.go setMemoryAndSwap; kernel: mm/memcontrol-v1.c mem_cgroup_resize_max)",
        "linux.resources.memory.limit-too-low|runtime|warning|a memory limit under 4 MiB: a busybox container's init already uses about 2.1 MiB when runc writes the limit, and runc fails below the usage (measured: 2 MiB refused, 2.25 MiB runs) (kernel: mm/memcontrol-v1.c mem_cgroup_resize_max, EBUSY; runc libcontainer/cgroups/fs/memory.go)",
        "linux.resources.memory.kernel-ignored|runtime|warning|memory.kernel or kernelTCP: runc ignores them and the kmem limit files are gone (kernel: Documentation/admin-guide/cgroup-v1/memory.rst; runc libcontainer/specconv/spec_linux.go)",
        "linux.resources.pids.range|runtime|error|pids.limit above 4194304 (PID_MAX_LIMIT); -1 is no limit (kernel: kernel/cgroup/pids.c pids_max_write)",
        "linux.resources.blockio.weight.range|runtime|error|a blkio weight or leafWeight outside 1..1000 (kernel: block/bfq-iosched.h BFQ_MAX_WEIGHT, block/bfq-cgroup.c; runc ConvertBlkIOToIOWeightValue)",
        "linux.resources.unified.key|runtime|error|a unified key that is not a file name of the form controller.file (runc libcontainer/cgroups/fs2/fs2.go setUnified)",
        "linux.sysctl.name-form|runtime|error|a sysctl name ending in a dot or slash: it names a /proc/sys directory (kernel: fs/proc/proc_sysctl.c, EISDIR; runc writes /proc/sys/NAME)",
        "linux.sysctl.value-integer|runtime|error|a non-integer value for a well-known integer sysctl such as net.ipv4.ip_forward or kernel.shmmax (kernel: kernel/sysctl.c proc_dointvec)",
        "linux.seccomp.notify-default|runtime|error|SCMP_ACT_NOTIFY as seccomp's default action (runc libcontainer/seccomp/seccomp_linux.go)",
        "linux.seccomp.notify-write|runtime|error|SCMP_ACT_NOTIFY on the write syscall (runc libcontainer/seccomp/seccomp_linux.go)",
        "linux.seccomp.notify-no-listener|runtime|error|SCMP_ACT_NOTIFY without listenerPath (runc libcontainer/process_linux.go, \"listenerPath is not set\")",
        "linux.seccomp.default-kill|runtime|warning|SCMP_ACT_KILL or SCMP_ACT_KILL_THREAD as the default action: a syscall of runc's init that the filter does not allow kills one thread and runc 1.1.5 hangs (measured) (kernel: kernel/seccomp.c SECCOMP_RET_KILL_THREAD)",
        "linux.seccomp.errno-ret-ignored|runtime|warning|errnoRet with an action other than SCMP_ACT_ERRNO or SCMP_ACT_TRACE is not used (kernel: kernel/seccomp.c SECCOMP_RET_DATA; runc libcontainer/seccomp/seccomp_linux.go getAction)",
        "mounts.data-option.unknown|runtime|error|a tmpfs, proc, devpts, mqueue or sysfs option that is neither a runc flag nor the filesystem's own (a typo such as noexce): runc passes it as data and mount fails (kernel: mm/shmem.c shmem_fs_parameters, fs/proc/root.c, fs/devpts/inode.c, fs/fs_parser.c; runc specconv parseMountOptions)",
        "host.cgroup.controller-missing|host|error|a resource whose cgroup controller this host lacks: no v1 hierarchy mounted (v1, hybrid) or not in cgroup.controllers (v2) (runc libcontainer/cgroups/fs/fs.go Set, fs2)",
        "host.cgroup.ignored-on-v2|host|warning|a v1-only resource on a cgroup v2 host: realtime cpu, net_cls classID, net_prio priorities, swappiness, leafWeight (kernel: Documentation/admin-guide/cgroup-v2.rst; runc fs2)",
        "host.cgroup.unified-controller|host|error|a unified key whose controller is not in this host's cgroup.controllers (kernel: Documentation/admin-guide/cgroup-v2.rst; runc fs2.go setUnified)",
        "host.cpuset.offline|host|error|cpu.cpus or cpu.mems naming a CPU or memory node that is not online here (kernel: kernel/cgroup/cpuset.c update_cpumask/update_nodemask)",
        "host.cpu.rt-unavailable|host|error|realtimeRuntime/realtimePeriod on a v1 kernel without real-time group scheduling (kernel: kernel/sched/core.c, CONFIG_RT_GROUP_SCHED cpu.rt_runtime_us)",
        "host.cpu.rt-range|host|error|realtimeRuntime above realtimePeriod (or the default 1 s), or a larger share of the period than the root cgroup's cpu.rt_runtime_us/cpu.rt_period_us, on cgroup v1 (kernel: kernel/sched/rt.c tg_rt_schedulable)",
        "host.memory.swappiness-range|host|error|memory.swappiness outside 0..100 on cgroup v1 (runc libcontainer/cgroups/fs/memory.go)",
        "host.blkio.no-bfq|host|error|a blkio weight on a cgroup v1 host whose block devices offer no BFQ (kernel: block/bfq-cgroup.c blkio.bfq.weight; runc libcontainer/cgroups/fs/blkio.go)",
        "host.blkio.v2-weight-range|host|error|a blkio weight of 1..9 on a cgroup v2 host without BFQ: runc's io.weight conversion wraps round (kernel: block/blk-iocost.c ioc_weight_write, CGROUP_WEIGHT_MIN/MAX; runc libcontainer/cgroups/utils.go ConvertBlkIOToIOWeightValue)",
        "host.blkio.leaf-weight|host|error|blockIO.leafWeight on cgroup v1: blkio.leaf_weight went with CFQ in Linux 5.0 (kernel: block/Kconfig.iosched; runc libcontainer/cgroups/fs/blkio.go)",
        "host.blkio.device-missing|host|error|a weightDevice or throttle entry for a major:minor that is not a block device here (kernel: block/blk-cgroup.c blkg_conf_open_bdev, ENODEV)",
        "host.hugepage.size-missing|host|error|a hugepageLimits pageSize this host does not have in /sys/kernel/mm/hugepages (kernel: mm/hugetlb_cgroup.c)",
        "host.seccomp.listener-missing|host|error|seccomp listenerPath does not exist on this host or is not a unix socket, with SCMP_ACT_NOTIFY in the filter: runc connects to the agent when the container starts (runc libcontainer/process_linux.go, \"failed to connect with seccomp agent\")",
        "host.oom-score-adj.privilege|host|error|oomScoreAdj below the caller's own without CAP_SYS_RESOURCE: the kernel refuses it unless a privileged process once set a lower oom_score_adj_min, which /proc does not show; like host.rlimit.above-caller-hard, the caller is taken to be who runs the runtime (kernel: fs/proc/base.c __set_oom_adj, EACCES)",
        "host.rlimit.above-caller-hard|host|error|an rlimit hard value above the caller's own hard limit when the caller lacks CAP_SYS_RESOURCE (kernel: kernel/sys.c do_prlimit, EPERM)",
        "host.rlimit.nofile-above-nr-open|host|error|RLIMIT_NOFILE above fs.nr_open (kernel: kernel/sys.c do_prlimit, EPERM even for root)",
        // kernel value rules from the runc differential (docs/oci-runc-differential.md, issue 13)
        "mounts.tmpfs.option-value|runtime|error|a tmpfs data option whose value the kernel refuses: mode not octal, size/nr_blocks/nr_inodes not a number with k/m/g/t/p/e (size also N%), uid/gid not a number below 2^32-1, huge not never/always/within_size/advise (kernel: mm/shmem.c shmem_parse_one, memparse; measured on 6.18)",
        "mounts.remount-option|runtime|error|a remount option on a mount: MS_REMOUNT on a mount point not yet mounted (kernel: fs/namespace.c do_remount, EINVAL; runc 1.1.5 differential)",
        "mounts.type.no-filesystem|runtime|error|a mount of type none, bind (not under crun, which binds it), empty or missing without a bind or rbind option: runc 1.1.5 binds only on the option and mount finds no such filesystem (kernel: fs/filesystems.c get_fs_type, ENODEV; runc 1.1.5 libcontainer/specconv)",
        "mounts.type.data-required|runtime|error|an overlay mount without lowerdir=, or a fuse mount without fd=, rootmode=, user_id= and group_id= (kernel: fs/overlayfs/super.c, fs/fuse/inode.c fuse_fill_super, EINVAL)",
        "mounts.proc-missing|runtime|error|no mount at /proc: runc's init reads /proc/self/fd before it execs the process (runc 1.1.5 libcontainer/utils CloseExecFrom, \"error closing exec fds\")",
        "process.user.id-range|runtime|error|process.user uid, gid or an additionalGid above 2147483647 (runc libcontainer/user, \"uids and gids must be in range 0-2147483647\")",
        "linux.hostname.length|runtime|error|hostname or domainname longer than 64 bytes (kernel: kernel/sys.c sethostname, __NEW_UTS_LEN)",
        "process.rlimits.nofile-too-low|runtime|error|RLIMIT_NOFILE soft limit below 7: runc's init opens /proc/self/fd under it (runc 1.1.5 measured: soft 6 refused, 7 runs, busybox bundle as root)",
        "linux.seccomp.arg-index|runtime|error|a seccomp argument index of 6 or more (runc libcontainer/seccomp, libseccomp \"syscalls only have up to 6 arguments\")",
        "linux.seccomp.blocks-execve|runtime|error|a default action of ERRNO, TRAP, TRACE or KILL_PROCESS with no ALLOW or LOG rule for execve/execveat: runc's init cannot exec the process (runc 1.1.5 libcontainer/standard_init_linux.go, \"container process is already dead\")",
        "linux.seccomp.execve-denied|runtime|warning|an unconditional ERRNO, TRAP, TRACE or KILL rule on execve: runc starts the container, whose init then cannot exec the process (runc 1.1.5 measured: \"exec /bin/true: operation not permitted\", exit 1)",
        "linux.sysctl.value-range|runtime|error|a sysctl value outside the kernel's range: somaxconn >= 0, ip_unprivileged_port_start 0..65535, shmmax/shmall >= 0, shmmni/msgmni 0..32768, shm_rmid_forced 0..1, sem's semmni 0..32768, mqueue msg_max 1..65536, msgsize_max 128..16 MiB (kernel: ipc/ipc_sysctl.c, ipc/mq_sysctl.c, net/core/sysctl_net_core.c, net/ipv4/sysctl_net_ipv4.c; measured on 6.18)",
        "linux.sysctl.port-range|runtime|error|ip_unprivileged_port_start above ip_local_port_range's start (32768 by default in a new network namespace), an ip_local_port_range below ip_unprivileged_port_start (1024 by default) or ending below its start (kernel: net/ipv4/sysctl_net_ipv4.c ipv4_privileged_ports, ipv4_local_port_range; measured on 6.18)",
        "linux.sysctl.netns-interface|runtime|error|a net.ipv4.conf.IFACE or net.ipv6.conf.IFACE sysctl for an interface other than all, default or lo in a new network namespace, which has only lo (kernel: net/ipv4/devinet.c, net/ipv6/addrconf.c, ENOENT)",
        "linux.resources.blockio.device-number|runtime|error|a blkio throttle entry with a negative major or minor (kernel: block/blk-cgroup.c blkg_conf_open_bdev, EINVAL)",
        "linux.resources.devices.number|runtime|error|a device cgroup rule with a major or minor below -1, -1 meaning any (kernel: security/device_cgroup.c devcgroup_update_access, EINVAL)",
        "linux.rootfs-propagation.unbindable|runtime|error|rootfsPropagation unbindable or runbindable: runc 1.1.5 then cannot bind-mount the rootfs (kernel: fs/namespace.c do_loopback, EINVAL; runc 1.1.5 libcontainer/rootfs_linux.go prepareRoot, measured for both)",
        "host.cgroup.v1-swap-without-limit|host|error|memory.swap without memory.limit on cgroup v1 or hybrid: memsw.limit_in_bytes below the unlimited memory limit (kernel: mm/memcontrol-v1.c mem_cgroup_resize_max, EINVAL)",
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

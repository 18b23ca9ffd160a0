package dev.jns.core.oci;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The report of {@link OciRuncDifferentialTest}: figures, the host, and every disagreement with its
 * reason class. The class comes from {@link #REASONS}, a table keyed by mutation name and written
 * from runc's and the kernel's behaviour (the evidence column), never from jns's own findings.
 */
final class DifferentialReport {
    /** Why jns and runc disagree on a bundle. */
    enum Reason {
        /** runc accepts what the spec or the kernel forbids, or runc misbehaves (a hang). */
        RUNC_QUIRK("runc-quirk"),
        /** the outcome depends on this host's state when the container starts. */
        STATE_DEPENDENT("state-dependent"),
        /** this host lacks something runc needs (a v1 controller, BFQ, an LSM): jns's host layer could tell. */
        HOST_GAP("host-gap"),
        /** jns says valid, runc refuses, and jns could know from the config alone. */
        JNS_MISS("jns-miss"),
        /** jns reports an error where runc runs the bundle and nothing forbids it. */
        JNS_FALSE_ALARM("jns-false-alarm"),
        /** not in the table (or the table's direction does not match what happened). */
        UNCLASSIFIED("unclassified");

        final String label;

        Reason(String label) {
            this.label = label;
        }
    }

    /** One row of the table: which mutation names it covers (as said in {@code pattern}), its class, the evidence. */
    record Entry(String pattern, Predicate<String> test, Reason reason, String evidence) {
        boolean matches(String name) {
            return test.test(name);
        }
    }

    /** Exactly these names. */
    private static Entry is(Reason r, String evidence, String... names) {
        Set<String> set = Set.of(names);
        return new Entry(String.join(", ", names), set::contains, r, evidence);
    }

    /** Every name that starts with one of the prefixes. */
    private static Entry prefix(Reason r, String evidence, String... prefixes) {
        return new Entry(String.join("*, ", prefixes) + "*", n -> Arrays.stream(prefixes).anyMatch(n::startsWith), r, evidence);
    }

    /** "FIELD=V" and "rand.FIELD=V" with an integer V that {@code p} accepts. */
    private static Entry value(Reason r, String evidence, String field, String what, Predicate<BigInteger> p) {
        return new Entry(field + "=V, rand." + field + "=V, V " + what, n -> {
            String rest = n.startsWith("rand.") ? n.substring(5) : n;
            if (!rest.startsWith(field + "=")) {
                return false;
            }
            try {
                return p.test(new BigInteger(rest.substring(field.length() + 1)));
            } catch (NumberFormatException e) {
                return false;
            }
        }, r, evidence);
    }

    private static boolean between(BigInteger v, long lo, long hi) {
        return v.compareTo(BigInteger.valueOf(lo)) >= 0 && v.compareTo(BigInteger.valueOf(hi)) <= 0;
    }

    private static final Reason QUIRK = Reason.RUNC_QUIRK;
    private static final Reason STATE = Reason.STATE_DEPENDENT;
    private static final Reason GAP = Reason.HOST_GAP;
    private static final Reason MISS = Reason.JNS_MISS;
    private static final Reason FALSE = Reason.JNS_FALSE_ALARM;

    /**
     * The reasons, keyed by mutation name, first match wins. The evidence is runc 1.1.5's source
     * (libcontainer/...), the kernel's, the spec's, or what runc printed on this project's CI host
     * (kernel 6.18, hybrid cgroups: v1 cpu, cpuacct, cpuset, memory, devices, freezer, blkio, pids; no
     * hugetlb, net_cls, net_prio, rdma v1 controllers; no BFQ or CFQ; no SELinux, no AppArmor, no
     * Intel RDT; one NUMA node, 2 CPUs; the caller is root without CAP_SYS_RESOURCE, with hard limits
     * NOFILE 20000, MEMLOCK 8 MiB, RTPRIO 0, NICE 0). A row whose direction does not match what
     * happened (e.g. a jns-miss row where jns reported an error) leaves the bundle unclassified.
     */
    static final List<Entry> REASONS = List.of(
        // ---- runc quirks: runc runs what the spec, the schema or its own policy forbids, or hangs
        is(QUIRK, "runc 1.1.5 hangs: the filter kills runc init's thread before it signals its parent; runc kill and delete -f"
                + " cannot reach the rest of the thread group (the test SIGKILLs the cgroup)",
                "seccomp.defaultAction=SCMP_ACT_KILL", "seccomp.defaultAction=SCMP_ACT_KILL_THREAD"),
        is(QUIRK, "schema: pids requires limit; runc 1.1.5 unmarshals a missing limit as 0 (no limit)", "pids.empty"),
        is(QUIRK, "spec: access is a composition of r, w and m; runc 1.1.5's devices emulator ignores other letters"
                + " (runtime-tools check #57 refuses it)", "resources.devices=deny-all-rwx"),
        is(QUIRK, "schema: allow is required; runc 1.1.5 takes a missing one as false", "resources.devices=no-allow"),
        is(QUIRK, "spec: bind mounts take no filesystem data; runc 1.1.5 has no checkBindOptions and mount(2) ignores the data"
                + " of a bind", "mounts.bind.options=rbind,mode=755", "mounts.bind.options=bind,size=1m"),
        is(QUIRK, "runc 1.1.5's checkProcMount (libcontainer/rootfs_linux.go) refuses destinations below /proc but lxcfs's"
                + " files, yet mountToRootfs calls it only for types other than tmpfs (and bind), so this tmpfs was mounted", "mounts.destination=/proc/sys"),
        is(QUIRK, "runc 1.1.5's specconv copies uid/gid mappings only with a user namespace, so its validator's"
                + " \"mappings specified, but USER namespace isn't enabled\" never fires (runc 1.2 refuses; runtime-tools #44)",
                "uidMappings-without-userns"),
        is(QUIRK, "spec: linux.devices[].path is the full path in the container; runc 1.1.5 joins a relative one to the rootfs",
                "devices.relative-path"),
        is(QUIRK, "schema: fileMode is 0..511 (no setuid/setgid/sticky bits); runc 1.1.5 passes 07777 to mknod",
                "devices.fileMode=07777"),
        is(QUIRK, "spec/runtime-tools: a device path listed twice is an error; runc 1.1.5 creates both, the last wins",
                "devices.duplicate-path"),
        is(QUIRK, "schema: path is required; runc 1.1.5 does not check it and ran the container",
                "devices.no-path"),
        is(QUIRK, "schema: Syscall.names has minItems 1; runc 1.1.5 adds no rule for an empty list", "seccomp.syscalls.names=empty"),
        is(QUIRK, "schema: seccomp requires defaultAction; runc 1.1.5 does not check it and ran the container", "seccomp.no-defaultAction"),
        is(QUIRK, "spec: ociVersion MUST be SemVer; runc does not check it (runc#1846)", "ociVersion=\"invalid\"", "ociVersion=\"\""),
        is(QUIRK, "schema: PersonalityDomain is LINUX or LINUX32; runc 1.1.5 does not know linux.personality and ignores it",
                "personality={\"domain\":\"BOGUS\"}"),
        is(QUIRK, "spec: maskedPaths and readonlyPaths are absolute paths in the container; runc 1.1.5 joins relative ones",
                "maskedPaths=[\"relative\"]", "readonlyPaths=[\"relative\"]"),
        is(QUIRK, "schema: the class and policy are enums; runc 1.1.5 knows neither process.ioPriority nor process.scheduler",
                "ioPriority={\"class\":\"IOPRIO_CLASS_BOGUS\",\"priority\":4}", "scheduler={\"policy\":\"SCHED_BOGUS\"}"),
        // ---- state-dependent: this host's state at start decides
        value(STATE, "runc: \"unable to set memory limit to N (current usage: ~2.3 MB...)\": below what runc init already uses"
                + " in the new cgroup", "memory.limit", "in 1..4194303", v -> between(v, 1, 4194303)),
        is(STATE, "kernel/sched/rt.c tg_rt_schedulable: a group's rt_runtime_us must fit in what its parent and siblings leave"
                + " (and -1 only when the parent is unlimited)", "cpu.realtimeRuntime=-1", "cpu.realtimeRuntime=950000", "cpu.realtimeRuntime=1000"),
        is(STATE, "runc run without --detach opens /dev/tty for the console: depends on the caller having a terminal"
                + " (the test has none)", "terminal=true"),
        is(STATE, "the seccomp agent's socket must be listening when the container starts", "seccomp.listenerPath"),
        // ---- host gaps: this host lacks what runc needs; jns's host layer could tell
        prefix(GAP, "no BFQ (or CFQ) scheduler: blkio.bfq.weight, blkio.weight, blkio.leaf_weight, blkio.bfq.weight_device are"
                + " absent (runc: \"openat2 .../blkio.bfq.weight: no such file or directory\")", "blockIO.weight=", "rand.blockIO.weight=",
                "blockIO.leafWeight=", "blockIO.weightDevice["),
        prefix(GAP, "no block device 8:0 on this host, and 1:3 is a character device (kernel blk-throttle: ENODEV on"
                + " blkio.throttle.*)", "blockIO.throttleReadBpsDevice[8:0]", "blockIO.throttleWriteBpsDevice[8:0]",
                "blockIO.throttleReadIOPSDevice[8:0]", "blockIO.throttleWriteIOPSDevice[8:0]", "blockIO.throttleReadBpsDevice[1:3]"),
        prefix(GAP, "no hugetlb v1 controller: \"cannot set hugetlb limit: container could not join or create cgroup\"",
                "hugepageLimits["),
        prefix(GAP, "no net_cls / net_prio v1 controllers: \"cannot set net_cls limit: container could not join or create cgroup\"",
                "network.classID=", "rand.network.classID=", "network.priorities["),
        prefix(GAP, "no rdma v1 controller: \"cannot set rdma limit: container could not join or create cgroup\"", "rdma["),
        is(GAP, "2 CPUs (0-1): kernel cpuset.cpus refuses CPUs not present (ERANGE)", "cpu.cpus=\"4095\""),
        is(GAP, "one NUMA node (0): kernel cpuset.mems refuses nodes without memory", "cpu.mems=\"1\"", "cpu.mems=\"0-1\""),
        value(STATE, "depends on the process that runs runc: without CAP_SYS_RESOURCE it cannot lower oom_score_adj below"
                + " its oom_score_adj_min, which /proc does not show (here root without CAP_SYS_RESOURCE, at 0:"
                + " /proc/PID/oom_score_adj gives EACCES; runc prints \"can't get final child's PID from pipe: EOF\");"
                + " jns refuses it (host.oom-score-adj.privilege) with the caller's figure",
                "oomScoreAdj", "in -1000..-1", v -> between(v, -1000, -1)),
        is(GAP, "the caller lacks CAP_SYS_RESOURCE, so setrlimit(2) cannot raise a hard limit above the caller's"
                + " (NOFILE 20000, MEMLOCK 8 MiB, RTPRIO 0, NICE 0; NPROC, SIGPENDING, MSGQUEUE finite): EPERM",
                "rlimits.NOFILE=1048576/1048576", "rlimits.NPROC=18446744073709551615/18446744073709551615",
                "rlimits.MEMLOCK=18446744073709551615/18446744073709551615",
                "rlimits.SIGPENDING=18446744073709551615/18446744073709551615",
                "rlimits.MSGQUEUE=18446744073709551615/18446744073709551615", "rlimits.NICE=1024/1024",
                "rlimits.NICE=18446744073709551615/18446744073709551615", "rlimits.RTPRIO=1024/1024",
                "rlimits.RTPRIO=18446744073709551615/18446744073709551615", "rlimits.NICE=41/41", "rlimits.RTPRIO=100/100"),
        is(GAP, "the mount source does not exist on this host", "mounts.bind.source=missing", "mounts.type=ext4"),
        is(GAP, "no AppArmor on this host: writing /proc/self/attr/exec fails (EINVAL)", "apparmorProfile=\"unconfined\"",
                "apparmorProfile=\"jns-nonexistent\""),
        is(GAP, "no SELinux on this host: runc's validator refuses a process label; the context= mount option of a mount label"
                + " makes mount(2) fail", "selinuxLabel=\"system_u:system_r:container_t:s0\"",
                "mountLabel=\"system_u:object_r:container_file_t:s0\""),
        is(GAP, "no Intel RDT (resctrl) on this host: runc's validator refuses l3CacheSchema",
                "intelRdt={\"closID\":\"jns\",\"l3CacheSchema\":\"L3:0=f\"}"),
        // ---- jns misses: jns says valid, runc refuses, the config (and the rootfs) alone tells
        value(MISS, "runc's fs/cpu.go reads cpu.shares back: the kernel clamps to 2..262144 (kernel/sched: MIN_SHARES,"
                + " MAX_SHARES) and runc refuses a changed value (\"the minimum allowed cpu-shares is 2\")", "cpu.shares",
                "1 or above 262144", v -> v.equals(BigInteger.ONE) || v.compareTo(BigInteger.valueOf(262144)) > 0),
        value(MISS, "kernel/sched/core.c tg_set_cfs_bandwidth: the period is 1 ms..1 s (EINVAL on cpu.cfs_period_us)",
                "cpu.period", "in 1..999 or above 1000000", v -> between(v, 1, 999) || v.compareTo(BigInteger.valueOf(1000000)) > 0),
        value(MISS, "kernel/sched/core.c: a quota is at least 1 ms and at most max_cfs_runtime ((1<<44)-1 us): EINVAL on"
                + " cpu.cfs_quota_us", "cpu.quota", "in 1..999 or above 17592186044415",
                v -> between(v, 1, 999) || v.compareTo(BigInteger.valueOf(17592186044415L)) > 0),
        is(MISS, "as cpu.quota and cpu.period alone: quota 999 < 1 ms, period 1000001 > 1 s",
                "cpu.quota=999+period=1000", "cpu.quota=1000+period=1000001"),
        is(MISS, "kernel/sched/rt.c: rt_runtime_us may not exceed rt_period_us (1000000)", "cpu.realtimeRuntime=1000001"),
        is(MISS, "kernel cpulist_parse: not a CPU list (EINVAL on cpuset.cpus/cpuset.mems)", "cpu.cpus=\"1-0\"", "cpu.cpus=\"a\"",
                "cpu.cpus=\"0-\"", "cpu.mems=\"x\""),
        value(MISS, "mm/page_counter.c page_counter_memparse: -1 is the only negative value (EINVAL)", "memory.limit",
                "below -1", v -> v.compareTo(BigInteger.ONE.negate()) < 0),
        value(MISS, "mm/page_counter.c page_counter_memparse: -1 is the only negative value (EINVAL)", "memory.reservation",
                "below -1", v -> v.compareTo(BigInteger.ONE.negate()) < 0),
        is(MISS, "cgroup v1 (mm/memcontrol.c mem_cgroup_resize_max): memory.memsw.limit_in_bytes must be at least"
                + " memory.limit_in_bytes, which stays unlimited when only swap is set (EINVAL)", "memory.swap=134217728"),
        value(MISS, "runc fs/memory.go: \"invalid memory swappiness value (valid range is 0-100)\"", "memory.swappiness",
                "above 100", v -> v.compareTo(BigInteger.valueOf(100)) > 0),
        value(MISS, "kernel/cgroup/pids.c: pids.max is at most PID_MAX_LIMIT (4194304)", "pids.limit", "above 4194304",
                v -> v.compareTo(BigInteger.valueOf(4194304)) > 0),
        is(MISS, "kernel throttle parser: a negative major is not a device number (EINVAL)", "blockIO.throttleReadBpsDevice[-1:0]=1"),
        is(MISS, "security/device_cgroup.c: a major is a number or *; runc writes \"c -2:3 r\" (EINVAL)",
                "resources.devices=major-minus-2"),
        is(MISS, "fs/file.c: NOFILE may not exceed fs.nr_open (1048576), whatever the capabilities (EPERM)",
                "rlimits.NOFILE=1048577/1048577", "rlimits.NOFILE=18446744073709551615/18446744073709551615",
                "rlimits.NOFILE=1024/2147483648", "rlimits.NOFILE=1024/18446744073709551615"),
        is(MISS, "runc init opens /proc/self/fd after setting the rlimits (\"error closing exec fds: too many open files\"):"
                + " runc needs a NOFILE soft limit above its own open files", "rlimits.NOFILE=0/0", "rlimits.NOFILE=1/1",
                "rlimits.NOFILE=3/3"),
        value(MISS, "fs/proc/base.c oom_score_adj_write: -1000..1000 (EINVAL)", "oomScoreAdj", "outside -1000..1000",
                v -> !between(v, -1000, 1000)),
        value(MISS, "runc libcontainer/user/user.go: \"uids and gids must be in range 0-2147483647\"", "user.uid",
                "above 2147483647", v -> v.compareTo(BigInteger.valueOf(2147483647)) > 0),
        is(MISS, "runc libcontainer/user/user.go: \"uids and gids must be in range 0-2147483647\"", "user.gid=4294967295",
                "user.additionalGids=[4294967295]"),
        is(MISS, "the cwd is a file in the rootfs: runc's mkdir of it fails (ENOTDIR)", "cwd=\"/bin/true\""),
        is(MISS, "mount(2): overlay needs lowerdir (EINVAL); fuse needs fd=, rootmode=, user_id=, group_id= (EINVAL)",
                "mounts.type=overlay", "mounts.type=fuse"),
        is(MISS, "mount(2): no filesystem type \"none\" or \"\" (ENODEV); runc 1.1.5 treats a mount as a bind only when its"
                + " options say bind or rbind, whatever its type", "mounts.type=none", "mounts.type=empty", "mounts.type=missing",
                "mounts.type=bind"),
        is(MISS, "mount(2): MS_REMOUNT on a mount point that is not yet mounted (EINVAL)", "mounts.tmpfs.options=remount",
                "mounts.bind.options=rbind,noexec,remount"),
        is(MISS, "mm/shmem.c shmem_parse_one: an unknown option or a bad mode, size or gid (EINVAL)",
                "mounts.tmpfs.options=mode=99999", "mounts.tmpfs.options=mode=abc", "mounts.tmpfs.options=size=abc",
                "mounts.tmpfs.options=size=-1", "mounts.tmpfs.options=gid=-1", "mounts.tmpfs.options=foo",
                "mounts.tmpfs.options=foo=bar", "mounts.tmpfs.options=x-mount.mkdir", "mounts.tmpfs.options=huge=nonsense"),
        is(MISS, "with a bind option runc binds the source \"tmpfs\", relative to the bundle, which does not exist",
                "mounts.tmpfs.options=bind", "mounts.tmpfs.options=rbind"),
        is(MISS, "a file bind-mounted onto a directory (ENOTDIR); the host layer can stat both",
                "mounts.bind.source=file-on-dir"),
        is(MISS, "the destination's parent is the read-only sysfs of the same config: runc cannot mkdir it (EROFS)",
                "mounts.destination=/sys/x"),
        is(MISS, "a tmpfs onto a file of the rootfs (ENOTDIR), or onto /dev/null, which runc reopens after the mounts",
                "mounts.destination=/bin/true", "mounts.destination=/etc/data", "mounts.destination=/dev/null"),
        is(MISS, "runc init needs /proc mounted (it reads /proc/self/fd before exec): without a proc mount it fails",
                "mounts.empty", "mounts.no-proc"),
        is(MISS, "a namespace path that is not a namespace file: setns(2) fails (EINVAL); the host layer can check nsfs",
                "namespaces.network.path=/etc/hostname"),
        is(MISS, "the kernel's sysctl handlers refuse the value (proc_dointvec_minmax ranges, IPCMNI 32768 for shmmni and"
                + " semmni, shm_rmid_forced 0..1, msg_max >= 1, port start <= 65535)",
                "sysctl[net.ipv4.ip_forward]=abc", "sysctl[net.core.somaxconn]=-1", "sysctl[net.ipv4.ip_unprivileged_port_start]=65536",
                "sysctl[kernel.shmmax]=-1", "sysctl[kernel.shmall]=abc", "sysctl[kernel.shmmni]=32769", "sysctl[kernel.shm_rmid_forced]=2",
                "sysctl[kernel.sem]=250 32000 32 32769", "sysctl[fs.mqueue.msg_max]=0"),
        is(MISS, "a new network namespace has only lo: /proc/sys/net/ipv4/conf/eth0 does not exist",
                "sysctl[net.ipv4.conf.eth0.forwarding]=1"),
        is(MISS, "runc 1.1.5 specconv createDevices: a linux.devices entry at /dev/null replaces runc's default device"
                + " and its allow rule, so the config's deny-all device rule stops runc reopening /dev/null (EPERM)", "devices.c-1:3-at-dev-null"),
        is(MISS, "a default action other than ALLOW/LOG with no rule allowing execve: the filter stops runc init's own exec"
                + " (\"container process is already dead\")", "seccomp.defaultAction=SCMP_ACT_ERRNO",
                "seccomp.defaultAction=SCMP_ACT_TRAP", "seccomp.defaultAction=SCMP_ACT_TRACE",
                "seccomp.defaultAction=SCMP_ACT_KILL_PROCESS"),
        is(MISS, "runc libcontainer/seccomp: \"SCMP_ACT_NOTIFY cannot be used as default action\"; spec: SCMP_ACT_NOTIFY needs"
                + " listenerPath", "seccomp.defaultAction=SCMP_ACT_NOTIFY", "seccomp.syscalls[mknod]=SCMP_ACT_NOTIFY"),
        is(MISS, "seccomp: a syscall has arguments 0..5 (libseccomp: \"syscalls only have up to 6 arguments\")",
                "seccomp.syscalls.args.index=6"),
        prefix(MISS, "runc 1.1.5 specconv: \"seccomp flags are not yet supported by runc\" (any flag)", "seccomp.flags="),
        is(MISS, "runc's rootfs bind (MS_BIND|MS_REC) fails on an unbindable parent (EINVAL); runc 1.1.5 cannot pivot it",
                "rootfsPropagation=\"unbindable\""),
        is(MISS, "kernel/sys.c sethostname: at most 64 bytes (__NEW_UTS_LEN) (EINVAL)", "hostname=\"" + "h".repeat(65) + "\""),
        // ---- jns false alarms: jns reports an error where nothing forbids the value
        is(FALSE, "POSIX lets an implementation accept other characters in environment names; the spec says only \"same"
                + " semantics as environ\"; the kernel and runc pass any NAME=VALUE", "env=[\"A B=c\"]", "env=[\"\\u00e9=1\"]",
                "env=[\"é=1\"]"),
        is(FALSE, "mknod(2) makes c 0:0 (the unnamed major) without complaint; nothing in the spec asks for major > 0",
                "devices.c-0:0")
    );

    private final List<OciRuncDifferentialTest.Result> results;
    private final int generated;
    private final long seed;
    private final int threads;
    private final long budget;
    private final Duration took;
    private final String runcVersion;
    private final double threshold;
    private final double predictionThreshold;
    private final int maxMiss;
    private final Map<OciRuncDifferentialTest.Result, Reason> reasons = new LinkedHashMap<>();
    private final Map<OciRuncDifferentialTest.Result, String> evidence = new LinkedHashMap<>();

    DifferentialReport(List<OciRuncDifferentialTest.Result> results, int generated, long seed, int threads, long budget, Duration took,
            String runcVersion, double threshold, double predictionThreshold, int maxMiss) {
        this.results = results;
        this.generated = generated;
        this.seed = seed;
        this.threads = threads;
        this.budget = budget;
        this.took = took;
        this.runcVersion = runcVersion;
        this.threshold = threshold;
        this.predictionThreshold = predictionThreshold;
        this.maxMiss = maxMiss;
        for (OciRuncDifferentialTest.Result r : results) {
            if (!r.agree()) {
                Entry e = REASONS.stream().filter(x -> x.matches(r.mutation().name())).findFirst().orElse(null);
                Reason why = e == null ? Reason.UNCLASSIFIED : e.reason();
                if (e != null && !fits(why, r)) {
                    why = Reason.UNCLASSIFIED;
                }
                reasons.put(r, why);
                evidence.put(r, e == null ? "" : (why == Reason.UNCLASSIFIED ? "(table says " + e.reason().label
                        + ", but the direction differs) " : "") + e.evidence());
            }
        }
    }

    /** Whether a class fits the direction of a disagreement. */
    private static boolean fits(Reason why, OciRuncDifferentialTest.Result r) {
        boolean jnsMissesIt = r.jnsValid() && !r.runc().accepted();
        return switch (why) {
            case HOST_GAP, JNS_MISS -> jnsMissesIt;
            case JNS_FALSE_ALARM -> !r.jnsValid() && r.runc().accepted();
            case RUNC_QUIRK -> r.runc() == OciRuncDifferentialTest.RuncOutcome.TIMEOUT || (!r.jnsValid() && r.runc().accepted());
            default -> true;
        };
    }

    int agreed() {
        return (int) results.stream().filter(OciRuncDifferentialTest.Result::agree).count();
    }

    double agreementPercent() {
        return results.isEmpty() ? 0 : 100.0 * agreed() / results.size();
    }

    /** Bundles where the report's prediction for runc (runs or refuses) matched what runc did. */
    int predicted() {
        return (int) results.stream().filter(OciRuncDifferentialTest.Result::predictionAgrees).count();
    }

    double predictionPercent() {
        return results.isEmpty() ? 0 : 100.0 * predicted() / results.size();
    }

    /** Agreed, or disagreed for a documented reason that is not jns's: a runc quirk, state at start, a host gap. */
    int explained() {
        return agreed() + count(Reason.RUNC_QUIRK) + count(Reason.STATE_DEPENDENT) + count(Reason.HOST_GAP);
    }

    double explainedPercent() {
        return results.isEmpty() ? 0 : 100.0 * explained() / results.size();
    }

    /** Disagreements that are jns's or nobody's yet: jns-miss, jns-false-alarm, unclassified. */
    int unexplained() {
        return count(Reason.JNS_MISS) + count(Reason.JNS_FALSE_ALARM) + count(Reason.UNCLASSIFIED);
    }

    int count(Reason r) {
        return (int) reasons.values().stream().filter(x -> x == r).count();
    }

    String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "ran %d of %d bundles in %.1f s (%d threads): agreement %d/%d = %.1f%%, prediction %d/%d = %.1f%%,"
                + " explained %d/%d = %.1f%%", results.size(), generated, took.toMillis() / 1000.0, threads, agreed(), results.size(),
                agreementPercent(), predicted(), results.size(), predictionPercent(), explained(), results.size(), explainedPercent()));
        for (Reason r : Reason.values()) {
            sb.append(", ").append(r.label).append(' ').append(count(r));
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("`", "'");
    }

    private static String code(String s) {
        return s.isEmpty() ? "" : "`" + s.replace("`", "'").replace("|", "\\|") + "`";
    }

    /** runc's error without what changes from run to run: the container id and the bundle's temporary directory. */
    static String stable(String error) {
        return error.replaceAll("/[^ \"]*/jns-diff-[0-9]+/b[0-9]+", "BUNDLE").replaceAll("jns-diff-[0-9]+-[0-9]+", "ID");
    }

    private static String jns(OciRuncDifferentialTest.Result r) {
        if (r.jnsErrors().isEmpty()) {
            return "valid";
        }
        return r.jnsErrors().stream().map(f -> f.rule() + ": " + Finding.clip(f.message(), 160)).distinct()
                .collect(Collectors.joining("; "));
    }

    private static String runc(OciRuncDifferentialTest.Result r) {
        return switch (r.runc()) {
            case RAN -> "ran";
            case RAN_NONZERO -> "ran, exit " + r.exit();
            case REFUSED -> "refused";
            case TIMEOUT -> "timeout";
        };
    }

    private static String host() {
        String kernel = read("/proc/sys/kernel/osrelease");
        List<String> v1 = new ArrayList<>();
        boolean v2 = false;
        boolean v2AtRoot = false;
        for (String l : read("/proc/self/mountinfo").split("\n")) {
            int dash = l.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] pre = l.substring(0, dash).split(" ");
            String[] post = l.substring(dash + 3).split(" ");
            if (post[0].equals("cgroup2")) {
                v2 = true;
                v2AtRoot |= pre[4].equals("/sys/fs/cgroup");
            } else if (post[0].equals("cgroup") && post.length > 2) {
                for (String o : post[2].split(",")) {
                    if (!o.equals("rw") && !o.equals("ro") && !o.equals("relatime") && !o.startsWith("name=")
                            && !o.equals("nosuid") && !o.equals("nodev") && !o.equals("noexec") && !o.equals("clone_children")) {
                        v1.add(o);
                    }
                }
            }
        }
        String mode = v2AtRoot ? "cgroup v2 (unified)" : v1.isEmpty() ? (v2 ? "cgroup v2" : "no cgroups")
                : (v2 ? "hybrid (cgroup v1 controllers " + String.join(", ", v1) + "; cgroup2 without controllers)"
                        : "cgroup v1 (" + String.join(", ", v1) + ")");
        String lsm = read("/sys/kernel/security/lsm").trim();
        return "Linux " + kernel.trim() + ", " + mode + ", LSMs: " + (lsm.isEmpty() ? "none listed" : lsm);
    }

    private static String read(String p) {
        try {
            return Files.readString(Path.of(p));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        long jnsMissTotal = results.stream().filter(r -> r.jnsValid() && !r.runc().accepted()).count();
        long falseAlarmTotal = results.stream().filter(r -> !r.jnsValid() && r.runc().accepted()).count();
        md.append("# `jns oci validate` against `runc run`: the differential report\n\n");
        md.append("Generated by `OciRuncDifferentialTest` (inspect-core, package `dev.jns.core.oci`); do not edit by hand.\n");
        md.append("Each bundle is a mutation of `runc spec` (`OciBundleMutator`) with a busybox rootfs; jns validates it in-process\n");
        md.append("(all layers: spec, host, runtime runc) and `runc run` runs it. runc's outcome is the oracle, and two of jns's\n");
        md.append("answers are scored against it:\n\n");
        md.append("- the **verdict** (raw agreement): jns reports no error exactly when runc runs the container;\n");
        md.append("- the **prediction** for runc (`prediction.runs` in `--json`, the \"would still run it\" line): the verdict, except\n");
        md.append("  that errors runc 1.1 is known not to check (`RuntimeLeniency`: the spec forbids them, runc runs them) do not\n");
        md.append("  count as refusals. These are the runc-quirk rows below.\n\n");
        md.append("A timeout (runc hangs) counts as runc not running the container.\n\n");
        md.append("Re-run and regenerate (as root, with runc and busybox-static):\n\n```\n");
        md.append("mvn -B -o verify -pl inspect-core -Dtest=OciRuncDifferentialTest -Dsurefire.failIfNoSpecifiedTests=false \\\n");
        md.append("    -Djns.diff.report=$PWD/docs/oci-runc-differential.md -Djns.diff.agreement=0 -Djns.diff.max-jns-miss=1000 \\\n");
        md.append("    -Djns.diff.max-unexplained=1000\n```\n\n");
        md.append("The thresholds are properties with defaults in inspect-core/pom.xml: `jns.diff.agreement` (raw agreement, percent),\n");
        md.append("`jns.diff.prediction-agreement` (the prediction's agreement, percent),\n");
        md.append("`jns.diff.max-jns-miss` and `jns.diff.max-unexplained` (jns-miss, jns-false-alarm and unclassified together).\n");
        md.append("Before issue 13's rule changes (main at 4e73279) the raw agreement was 581/816 = 71.2%, with 113 jns-miss.\n");
        md.append("*Explained* counts a disagreement whose reason is not jns's (a runc quirk, a state-dependent limit, a host gap)\n");
        md.append("with the agreements.\n\n");
        md.append("## Figures\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| date | ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE)).append(" |\n");
        md.append("| runc | ").append(cell(runcVersion)).append(" |\n");
        md.append("| host | ").append(cell(host())).append(" |\n");
        md.append("| seed | ").append(seed).append(" |\n");
        md.append("| bundles | ").append(results.size()).append(" run of ").append(generated).append(" generated")
                .append(results.size() < generated ? " (the time budget ran out)" : "").append(" |\n");
        md.append(String.format(Locale.ROOT, "| time | %.1f s, %d threads, budget %d s |%n", took.toMillis() / 1000.0, threads, budget));
        md.append(String.format(Locale.ROOT, "| raw agreement | %d/%d = **%.1f%%** (this run required at least jns.diff.agreement = %s%%) |%n",
                agreed(), results.size(), agreementPercent(), fmt(threshold)));
        md.append(String.format(Locale.ROOT,
                "| prediction agreement | %d/%d = **%.1f%%** (this run required at least jns.diff.prediction-agreement = %s%%) |%n",
                predicted(), results.size(), predictionPercent(), fmt(predictionThreshold)));
        md.append(String.format(Locale.ROOT, "| explained | %d/%d = **%.1f%%** (%d disagreements of jns's own or unclassified) |%n",
                explained(), results.size(), explainedPercent(), unexplained()));
        md.append("| jns valid, runc refused | ").append(jnsMissTotal).append(" |\n");
        md.append("| jns error, runc ran | ").append(falseAlarmTotal).append(" |\n");
        md.append("| runc timed out | ").append(results.stream().filter(r -> r.runc() == OciRuncDifferentialTest.RuncOutcome.TIMEOUT)
                .count()).append(" |\n");
        md.append("\nDisagreements by reason class (from the table `DifferentialReport.REASONS`, keyed by mutation name):\n\n");
        md.append("| class | count |\n|---|---|\n");
        for (Reason r : Reason.values()) {
            md.append("| ").append(r.label).append(" | ").append(count(r))
                    .append(r == Reason.JNS_MISS ? " (this run allowed at most jns.diff.max-jns-miss = " + maxMiss + ")" : "")
                    .append(" |\n");
        }
        Map<OciBundleMutator.Family, int[]> fam = new EnumMap<>(OciBundleMutator.Family.class);
        for (OciRuncDifferentialTest.Result r : results) {
            int[] c = fam.computeIfAbsent(r.mutation().family(), k -> new int[2]);
            c[0]++;
            if (r.agree()) {
                c[1]++;
            }
        }
        md.append("\nAgreement by field family:\n\n| family | bundles | agree |\n|---|---|---|\n");
        fam.forEach((k, v) -> md.append("| ").append(k.name().toLowerCase(Locale.ROOT)).append(" | ").append(v[0]).append(" | ")
                .append(v[1]).append(" |\n"));
        for (Reason why : Reason.values()) {
            List<OciRuncDifferentialTest.Result> rs = reasons.entrySet().stream().filter(e -> e.getValue() == why)
                    .map(Map.Entry::getKey).toList();
            if (rs.isEmpty()) {
                continue;
            }
            md.append("\n## ").append(why.label).append(" (").append(rs.size()).append(")\n\n");
            md.append("| mutation | runc | jns's errors | prediction | runc's error | evidence |\n|---|---|---|---|---|---|\n");
            for (OciRuncDifferentialTest.Result r : rs) {
                md.append("| ").append(code(r.mutation().name())).append(" | ").append(runc(r)).append(" | ").append(cell(jns(r)))
                        .append(" | ").append(r.predictsRun() ? "runs" : "refuses").append(r.predictionAgrees() ? "" : " (**wrong**)")
                        .append(" | ").append(cell(Finding.clip(stable(r.runcError()), 400))).append(" | ").append(cell(evidence.get(r)))
                        .append(" |\n");
            }
        }
        md.append("\n## Every bundle\n\n<details><summary>").append(results.size()).append(" rows</summary>\n\n");
        md.append("| mutation | runc | jns | agree | prediction | ms |\n|---|---|---|---|---|---|\n");
        for (OciRuncDifferentialTest.Result r : results) {
            md.append("| ").append(code(r.mutation().name())).append(" | ").append(runc(r)).append(" | ")
                    .append(r.jnsValid() ? "valid" : r.jnsErrors().size() + " errors").append(" | ").append(r.agree() ? "yes" : "**no**")
                    .append(" | ").append(r.predictsRun() ? "runs" : "refuses").append(r.predictionAgrees() ? "" : " (**wrong**)")
                    .append(" | ").append(r.millis()).append(" |\n");
        }
        md.append("\n</details>\n");
        return md.toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}

package dev.jns.core.oci;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runtime layer's kernel value rules that need only the config: the fixed ranges and forms of
 * the values a runtime writes to the kernel (cgroup files, oom_score_adj, sysctls, mount data,
 * seccomp). A value the kernel (or runc before it) refuses is an error; a value whose refusal
 * depends on the state at start is a warning with the figure. Each rule's source is in its
 * {@link Rules} description. Reads nothing but the config.
 */
final class KernelValues {
    /** A minimal container (busybox sh under runc 1.1.5) uses about 2.1 MiB when runc writes the limit (2 MiB refused, 2.25 MiB run). */
    static final long MEMORY_WARN_BELOW = 4L << 20;
    /** runc 1.1.5's init alone, in the cgroup when runc writes the limit, used 1.9 to 2.4 MiB in every run measured. */
    static final long MEMORY_RUNC_INIT = 3L << 19;
    /** kernel/sched/core.c: min_bw_quota_period_us, max_bw_quota_period_us (1 ms, 1 s). */
    static final long PERIOD_MIN = 1000;
    static final long PERIOD_MAX = 1_000_000;
    /** kernel/sched/core.c: max_bw_runtime_us = MAX_BW = 2^(64-BW_SHIFT) - 1. */
    static final long QUOTA_MAX = (1L << 44) - 1;
    /** kernel/sched/sched.h MIN_SHARES, MAX_SHARES. */
    static final long SHARES_MIN = 2;
    static final long SHARES_MAX = 1L << 18;
    /** kernel/cgroup/pids.c PIDS_MAX - 1 = PID_MAX_LIMIT (4 M on 64-bit). */
    static final long PIDS_MAX = 4L * 1024 * 1024;
    /** block/bfq-iosched.h BFQ_MAX_WEIGHT; runc's v2 conversion needs 10..1000 (cpu.weight/io.weight 1..10000). */
    static final long BLKIO_WEIGHT_MAX = 1000;

    private final List<Finding> out;
    /** The runtime's name (runc, crun, ...); null judges as runc 1.1.5. */
    private final String runtime;

    KernelValues(List<Finding> out) {
        this(out, null);
    }

    KernelValues(List<Finding> out, String runtime) {
        this.out = out;
        this.runtime = runtime;
    }

    private void error(String rule, String ptr, JsonValue at, String message, String hint) {
        out.add(Finding.at(Finding.Severity.ERROR, rule, ptr, at, message, hint));
    }

    private void warn(String rule, String ptr, JsonValue at, String message, String hint) {
        out.add(Finding.at(Finding.Severity.WARNING, rule, ptr, at, message, hint));
    }

    /** An integer member as a long, saturated past the long range; null when absent or not an integer. */
    static Long num(JsonValue obj, String name) {
        if (obj == null || !obj.isObject()) {
            return null;
        }
        JsonValue v = obj.get(name);
        if (v == null || !v.isInteger()) {
            return null;
        }
        long l = v.longValue(Long.MIN_VALUE);
        if (l == Long.MIN_VALUE && !v.text().equals("-9223372036854775808")) {
            return v.text().startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return l;
    }

    private static JsonValue obj(JsonValue parent, String name) {
        if (parent == null || !parent.isObject()) {
            return null;
        }
        JsonValue v = parent.get(name);
        return v != null && v.isObject() ? v : null;
    }

    void check(JsonValue root) {
        JsonValue process = obj(root, "process");
        if (process != null) {
            Long adj = num(process, "oomScoreAdj");
            if (adj != null && (adj < -1000 || adj > 1000)) {
                error(RuleId.PROCESS_OOM_SCORE_ADJ_RANGE, "/process/oomScoreAdj", process.get("oomScoreAdj"), "oomScoreAdj " + adj
                        + " is outside -1000..1000", "the kernel refuses it when the runtime writes /proc/self/oom_score_adj (EINVAL)");
            }
            user(obj(process, "user"));
            nofile(process.get("rlimits"));
        }
        for (String f : new String[] {"hostname", "domainname"}) {
            JsonValue v = root.isObject() ? root.get(f) : null;
            int bytes = v != null && v.isString() ? v.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length : 0;
            if (bytes > UTS_LEN) {
                error(RuleId.LINUX_HOSTNAME_LENGTH, "/" + f, v, f + " is " + bytes + " bytes long, above the kernel's 64",
                        "the kernel refuses set" + f + "(2) (EINVAL): use at most 64 bytes");
            }
        }
        JsonValue linux = obj(root, "linux");
        JsonValue res = obj(linux, "resources");
        if (res != null) {
            cpu(obj(res, "cpu"));
            memory(obj(res, "memory"));
            pids(obj(res, "pids"));
            blockIO(obj(res, "blockIO"));
            unified(obj(res, "unified"));
            deviceRules(res.get("devices"));
        }
        if (linux != null) {
            sysctls(obj(linux, "sysctl"), newNetworkNamespace(linux));
            seccomp(obj(linux, "seccomp"));
            JsonValue prop = linux.get("rootfsPropagation");
            if (prop != null && prop.isString() && (prop.text().equals("unbindable") || prop.text().equals("runbindable"))) {
                error(RuleId.LINUX_ROOTFS_PROPAGATION_UNBINDABLE, "/linux/rootfsPropagation", prop, "rootfsPropagation "
                        + prop.text() + " makes the rootfs unbindable", "runc 1.1.5 then cannot bind-mount the rootfs onto"
                        + " itself (\"error preparing rootfs\": EINVAL): use private, slave or shared");
            }
        }
        JsonValue mounts = root.isObject() ? root.get("mounts") : null;
        if (mounts != null && mounts.isArray()) {
            mounts(mounts);
        }
        if (root.isObject() && (mounts == null || mounts.isArray()) && !hasProcMount(mounts)) {
            error(RuleId.MOUNTS_PROC_MISSING, "/mounts", mounts != null ? mounts : root, "no mount at /proc",
                    "runc's init reads /proc/self/fd before it runs the process and fails without it (\"error closing exec"
                    + " fds\"): add {\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"}");
        }
    }

    /** kernel include/uapi/linux/utsname.h __NEW_UTS_LEN. */
    static final int UTS_LEN = 64;
    /** runc libcontainer/user: ids above this are refused. */
    static final long ID_MAX = 2147483647L;
    /** The smallest RLIMIT_NOFILE soft limit runc 1.1.5 starts a container with (measured: 0..6 refused, 7 runs). */
    static final long NOFILE_MIN = 7;

    private void user(JsonValue user) {
        if (user == null) {
            return;
        }
        for (String f : new String[] {"uid", "gid"}) {
            Long id = num(user, f);
            if (id != null && id > ID_MAX) {
                error(RuleId.PROCESS_USER_ID_RANGE, "/process/user/" + f, user.get(f), f + " " + user.get(f).text()
                        + " is above 2147483647", "runc refuses it (\"uids and gids must be in range 0-2147483647\")");
            }
        }
        JsonValue add = user.get("additionalGids");
        if (add != null && add.isArray()) {
            for (int i = 0; i < add.size(); i++) {
                JsonValue g = add.at(i);
                if (g.isInteger() && JsonValue.compareIntegers(g.text(), "2147483647") > 0) {
                    error(RuleId.PROCESS_USER_ID_RANGE, "/process/user/additionalGids/" + i, g, "additional gid " + g.text()
                            + " is above 2147483647", "runc refuses it (\"uids and gids must be in range 0-2147483647\")");
                }
            }
        }
    }

    private void nofile(JsonValue rl) {
        if (rl == null || !rl.isArray()) {
            return;
        }
        for (int i = 0; i < rl.size(); i++) {
            JsonValue r = rl.at(i);
            if (!r.isObject() || !"RLIMIT_NOFILE".equals(r.string("type"))) {
                continue;
            }
            Long soft = num(r, "soft");
            if (soft != null && soft >= 0 && soft < NOFILE_MIN) {
                error(RuleId.PROCESS_RLIMITS_NOFILE_TOO_LOW, "/process/rlimits/" + i + "/soft", r.get("soft"), "RLIMIT_NOFILE soft limit "
                        + soft + " is below 7", "runc's init opens /proc/self/fd under the new limit and fails (\"error closing"
                        + " exec fds: too many open files\"; runc 1.1.5 measured: 6 refused, 7 runs)");
            }
        }
    }

    private static boolean hasProcMount(JsonValue mounts) {
        if (mounts == null) {
            return false;
        }
        for (int i = 0; i < mounts.size(); i++) {
            JsonValue m = mounts.at(i);
            String d = m.isObject() ? m.string("destination") : null;
            if (d == null) {
                return true;   // not a string: the schema's; do not guess
            }
            if (isProc(d)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the config makes a new network namespace (a network entry without a path). */
    static boolean newNetworkNamespace(JsonValue linux) {
        JsonValue ns = linux.get("namespaces");
        if (ns == null || !ns.isArray()) {
            return false;
        }
        for (int i = 0; i < ns.size(); i++) {
            JsonValue n = ns.at(i);
            if (n.isObject() && "network".equals(n.string("type"))) {
                String path = n.string("path");
                return path == null || path.isEmpty();
            }
        }
        return false;
    }

    private void deviceRules(JsonValue devs) {
        if (devs == null || !devs.isArray()) {
            return;
        }
        for (int i = 0; i < devs.size(); i++) {
            JsonValue d = devs.at(i);
            for (String f : new String[] {"major", "minor"}) {
                Long n = num(d, f);
                if (n != null && n < -1) {
                    error(RuleId.LINUX_RESOURCES_DEVICES_NUMBER, "/linux/resources/devices/" + i + "/" + f, d.get(f), "device rule "
                            + f + " " + n + " is negative", "use -1 (or leave it out) for any: the kernel refuses \"" + n
                            + "\" in devices.allow/deny (EINVAL)");
                }
            }
        }
    }

    private void cpu(JsonValue cpu) {
        if (cpu == null) {
            return;
        }
        String p = "/linux/resources/cpu/";
        Long shares = num(cpu, "shares");
        if (shares != null && shares != 0 && (shares < SHARES_MIN || shares > SHARES_MAX)) {
            error(RuleId.LINUX_RESOURCES_CPU_SHARES_RANGE, p + "shares", cpu.get("shares"), "cpu.shares " + shares
                    + " is outside 2..262144", "cgroup v1 clamps it and runc refuses the value read back; on v2 runc's cpu.weight"
                    + " would be outside 1..10000 (ERANGE)");
        }
        Long period = num(cpu, "period");
        if (period != null && period != 0 && (period < PERIOD_MIN || period > PERIOD_MAX)) {
            error(RuleId.LINUX_RESOURCES_CPU_PERIOD_RANGE, p + "period", cpu.get("period"), "cpu period " + period
                    + " us is outside 1000..1000000 (1 ms..1 s)", "the kernel refuses cpu.cfs_period_us / cpu.max (EINVAL)");
        }
        Long quota = num(cpu, "quota");
        if (quota != null && quota > 0 && (quota < PERIOD_MIN || quota > QUOTA_MAX)) {
            error(RuleId.LINUX_RESOURCES_CPU_QUOTA_RANGE, p + "quota", cpu.get("quota"), "cpu quota " + quota
                    + " us is " + (quota < PERIOD_MIN ? "below 1000 (1 ms)" : "above 2^44-1"),
                    "use at least 1000, or -1 for no limit (the kernel refuses it: EINVAL)");
        }
        Long burst = num(cpu, "burst");
        if (burst != null && burst > 0 && quota != null && quota > 0 && burst > quota) {
            warn(RuleId.LINUX_RESOURCES_CPU_BURST_ABOVE_QUOTA, p + "burst", cpu.get("burst"), "cpu burst " + burst
                    + " us is above the quota " + quota + " us", "the kernel refuses cpu.max.burst / cpu.cfs_burst_us (EINVAL)"
                    + " when crun or runc >= 1.2 write it; runc 1.1.5 ignores burst");
        }
        Long idle = num(cpu, "idle");
        if (idle != null && idle != 0 && idle != 1) {
            warn(RuleId.LINUX_RESOURCES_CPU_IDLE_RANGE, p + "idle", cpu.get("idle"), "cpu idle " + idle + " is not 0 or 1",
                    "the kernel refuses cpu.idle (EINVAL) when crun or runc >= 1.2 write it; runc 1.1.5 ignores idle");
        }
        for (String f : new String[] {"cpus", "mems"}) {
            JsonValue v = cpu.get(f);
            if (v != null && v.isString() && !v.text().isEmpty() && cpuList(v.text()) == null) {
                error(RuleId.LINUX_RESOURCES_CPUSET_SYNTAX, p + f, v, "cpuset " + f + " \"" + Finding.clip(v.text())
                        + "\" is not a list such as 0-3,5", "the kernel refuses cpuset." + f + " (EINVAL)");
            }
        }
    }

    /**
     * The numbers of a kernel CPU/node list ("0-3,5", "0-15:2/4"; bitmap_parselist), as
     * {first, last} pairs; null when the kernel would not parse it. Ranges only, not expanded.
     */
    static long[][] cpuList(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return new long[0][];
        }
        String[] parts = t.split(",", -1);
        long[][] r = new long[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            String group = null;
            int colon = part.indexOf(':');
            if (colon >= 0) {
                group = part.substring(colon + 1);
                part = part.substring(0, colon);
            }
            int dash = part.indexOf('-');
            long a = small(dash < 0 ? part : part.substring(0, dash));
            long b = dash < 0 ? a : small(part.substring(dash + 1));
            if (a < 0 || b < 0 || b < a) {
                return null;
            }
            if (group != null) {
                int slash = group.indexOf('/');
                long used = slash < 0 ? -1 : small(group.substring(0, slash));
                long size = slash < 0 ? -1 : small(group.substring(slash + 1));
                if (dash < 0 || used < 1 || size < 1 || used > size) {
                    return null;
                }
            }
            r[i] = new long[] {a, b};
        }
        return r;
    }

    /** A decimal of at most 9 digits, or -1. */
    private static long small(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
    }

    private void memory(JsonValue mem) {
        if (mem == null) {
            return;
        }
        String p = "/linux/resources/memory/";
        for (String f : new String[] {"limit", "reservation", "swap"}) {
            Long v = num(mem, f);
            if (v != null && v < -1) {
                error(RuleId.LINUX_RESOURCES_MEMORY_RANGE, p + f, mem.get(f), "memory " + f + " " + v + " is negative",
                        "use -1 for no limit: the kernel refuses other negative values (EINVAL)");
            }
        }
        Long limit = num(mem, "limit");
        if (limit != null && limit > 0 && limit < MEMORY_RUNC_INIT && (runtime == null || runtime.equals("runc"))) {
            error(RuleId.LINUX_RESOURCES_MEMORY_BELOW_RUNC_INIT, p + "limit", mem.get("limit"), "memory limit " + limit + " bytes ("
                    + String.format(java.util.Locale.ROOT, "%.2f", limit / 1048576.0) + " MiB) is below what runc's own init uses",
                    "runc's init (1.9 to 2.4 MiB, measured) is in the cgroup when runc writes the limit: runc always fails"
                    + " (\"unable to set memory limit\"); give the container at least 4 MiB");
        } else if (limit != null && limit > 0 && limit < MEMORY_WARN_BELOW) {
            warn(RuleId.LINUX_RESOURCES_MEMORY_LIMIT_TOO_LOW, p + "limit", mem.get("limit"), "memory limit " + limit + " bytes ("
                    + String.format(java.util.Locale.ROOT, "%.1f", limit / 1048576.0) + " MiB) is below 4 MiB",
                    "a minimal container's init (busybox sh, runc 1.1.5) already uses about 2.1 MiB when runc writes the limit:"
                    + " runc fails when the limit is below the usage at that moment (\"unable to set memory limit\"); give it more");
        }
        for (String f : new String[] {"kernel", "kernelTCP"}) {
            if (mem.get(f) != null && mem.get(f).isInteger()) {
                warn(RuleId.LINUX_RESOURCES_MEMORY_KERNEL_IGNORED, p + f, mem.get(f), "memory." + f + " is not applied",
                        "runc ignores kernel memory limits, and kernels since 6.1 have no kmem limit files: remove it");
            }
        }
    }

    private void pids(JsonValue pids) {
        Long limit = num(pids, "limit");
        if (limit != null && limit > PIDS_MAX) {
            error(RuleId.LINUX_RESOURCES_PIDS_RANGE, "/linux/resources/pids/limit", pids.get("limit"), "pids limit " + limit
                    + " is above the kernel's 4194304", "use -1 for no limit: pids.max refuses it (EINVAL)");
        }
    }

    private void blockIO(JsonValue bio) {
        if (bio == null) {
            return;
        }
        String p = "/linux/resources/blockIO/";
        weight(bio, "weight", p);
        weight(bio, "leafWeight", p);
        JsonValue wd = bio.get("weightDevice");
        if (wd != null && wd.isArray()) {
            for (int i = 0; i < wd.size(); i++) {
                weight(wd.at(i), "weight", p + "weightDevice/" + i + "/");
                weight(wd.at(i), "leafWeight", p + "weightDevice/" + i + "/");
            }
        }
        for (String t : new String[] {"throttleReadBpsDevice", "throttleWriteBpsDevice", "throttleReadIOPSDevice",
            "throttleWriteIOPSDevice"}) {
            JsonValue list = bio.get(t);
            if (list == null || !list.isArray()) {
                continue;
            }
            for (int i = 0; i < list.size(); i++) {
                for (String f : new String[] {"major", "minor"}) {
                    Long n = num(list.at(i), f);
                    if (n != null && n < 0) {
                        error(RuleId.LINUX_RESOURCES_BLOCKIO_DEVICE_NUMBER, p + t + "/" + i + "/" + f, list.at(i).get(f), t
                                + " " + f + " " + n + " is negative", "the kernel refuses it in blkio.throttle.* / io.max (EINVAL)");
                    }
                }
            }
        }
    }

    private void weight(JsonValue o, String f, String p) {
        Long w = num(o, f);
        if (w != null && w != 0 && (w < 1 || w > BLKIO_WEIGHT_MAX)) {
            error(RuleId.LINUX_RESOURCES_BLOCKIO_WEIGHT_RANGE, p + f, o.get(f), "blkio " + f + " " + w + " is outside 1..1000",
                    "BFQ refuses it (ERANGE); on cgroup v2 without BFQ runc needs 10..1000 for io.weight");
        }
    }

    private void unified(JsonValue u) {
        if (u == null) {
            return;
        }
        for (int i = 0; i < u.size(); i++) {
            String k = u.key(i);
            int dot = k.indexOf('.');
            if (k.contains("/") || dot <= 0 || dot == k.length() - 1) {
                error(RuleId.LINUX_RESOURCES_UNIFIED_KEY, "/linux/resources/unified/" + SchemaChecker.escape(k), u.at(i),
                        "unified key \"" + Finding.clip(k) + "\" is not a file name of the form controller.file",
                        "runc refuses it; e.g. \"memory.high\"");
            }
        }
    }

    /** Well-known sysctls whose kernel handler reads integers (proc_dointvec and friends), and how many. */
    private static final Map<String, Integer> INTEGER_SYSCTLS = Map.ofEntries(
            Map.entry("net.ipv4.ip_forward", 1), Map.entry("net.ipv4.conf.all.forwarding", 1),
            Map.entry("net.ipv4.conf.default.forwarding", 1), Map.entry("net.ipv4.ip_unprivileged_port_start", 1),
            Map.entry("net.ipv4.tcp_syncookies", 1), Map.entry("net.ipv4.ping_group_range", 2),
            Map.entry("net.ipv4.ip_local_port_range", 2), Map.entry("net.core.somaxconn", 1),
            Map.entry("net.ipv6.conf.all.disable_ipv6", 1), Map.entry("net.ipv6.conf.default.disable_ipv6", 1),
            Map.entry("net.ipv6.conf.all.forwarding", 1), Map.entry("kernel.shmmax", 1), Map.entry("kernel.shmall", 1),
            Map.entry("kernel.shmmni", 1), Map.entry("kernel.msgmax", 1), Map.entry("kernel.msgmnb", 1),
            Map.entry("kernel.msgmni", 1), Map.entry("kernel.sem", 4), Map.entry("fs.mqueue.msg_max", 1),
            Map.entry("fs.mqueue.msgsize_max", 1), Map.entry("fs.mqueue.queues_max", 1));

    /** Kernel sysctl ranges: name -> {min, max} of each of its integers (measured on 6.18 in new ipc/net namespaces). */
    private static final Map<String, long[]> SYSCTL_RANGES = Map.ofEntries(
            Map.entry("net.core.somaxconn", new long[] {0, Integer.MAX_VALUE}),
            Map.entry("net.ipv4.ip_unprivileged_port_start", new long[] {0, 65535}),
            Map.entry("kernel.shmmax", new long[] {0, Long.MAX_VALUE}), Map.entry("kernel.shmall", new long[] {0, Long.MAX_VALUE}),
            Map.entry("kernel.shmmni", new long[] {0, 32768}), Map.entry("kernel.shm_rmid_forced", new long[] {0, 1}),
            Map.entry("kernel.msgmax", new long[] {0, Integer.MAX_VALUE}), Map.entry("kernel.msgmnb", new long[] {0, Integer.MAX_VALUE}),
            Map.entry("kernel.msgmni", new long[] {0, 32768}),
            Map.entry("fs.mqueue.msg_max", new long[] {1, 65536}), Map.entry("fs.mqueue.msgsize_max", new long[] {128, 16L << 20}),
            Map.entry("fs.mqueue.msg_default", new long[] {1, 65536}),
            Map.entry("fs.mqueue.msgsize_default", new long[] {128, 16L << 20}));

    private void sysctls(JsonValue sc, boolean newNet) {
        if (sc == null) {
            return;
        }
        portRanges(sc, newNet);
        for (int i = 0; i < sc.size(); i++) {
            String k = sc.key(i);
            String ptr = "/linux/sysctl/" + SchemaChecker.escape(k);
            String dotted = k.replace('/', '.');
            if (!k.isEmpty() && dotted.endsWith(".")) {
                error(RuleId.LINUX_SYSCTL_NAME_FORM, ptr, sc.at(i), "sysctl name \"" + Finding.clip(k) + "\" ends in a separator",
                        "it names a directory of /proc/sys: runc fails writing it (EISDIR)");
                continue;
            }
            Integer n = INTEGER_SYSCTLS.get(dotted);
            JsonValue v = sc.at(i);
            // runc writes "" as it is: the kernel takes an empty write as no change
            if (n != null && v.isString() && !v.text().isBlank() && !integers(v.text(), n)) {
                error(RuleId.LINUX_SYSCTL_VALUE_INTEGER, ptr, v, "sysctl " + k + " takes " + (n == 1 ? "an integer" : n + " integers")
                        + ", not \"" + Finding.clip(v.text()) + "\"", "the kernel refuses the write (EINVAL)");
            } else if (v.isString() && !v.text().isBlank()) {
                range(k, dotted, ptr, v);
            }
            String[] parts = k.contains("/") ? k.split("/") : k.split("\\.");
            if (newNet && parts.length >= 5 && parts[0].equals("net") && (parts[1].equals("ipv4") || parts[1].equals("ipv6"))
                    && parts[2].equals("conf") && !Set.of("all", "default", "lo").contains(parts[3])) {
                error(RuleId.LINUX_SYSCTL_NETNS_INTERFACE, ptr, sc.at(i), "sysctl " + Finding.clip(k) + " names interface \""
                        + Finding.clip(parts[3]) + "\", which a new network namespace does not have", "a new network namespace has only lo"
                        + " when runc writes the sysctls (ENOENT): set it for all or default, or from a hook once the interface exists");
            }
        }
    }

    /**
     * ip_unprivileged_port_start against ip_local_port_range's low end (net/ipv4/sysctl_net_ipv4.c
     * ipv4_privileged_ports, ipv4_local_port_range): each refuses a value that crosses the other, whose
     * defaults in a new network namespace are 1024 and 32768 60999. Only the orders runc's random
     * map order cannot save are errors.
     */
    private void portRanges(JsonValue sc, boolean newNet) {
        String startKey = null;
        String rangeKey = null;
        for (int i = 0; i < sc.size(); i++) {
            String d = sc.key(i).replace('/', '.');
            if (d.equals("net.ipv4.ip_unprivileged_port_start") && sc.at(i).isString() && integers(sc.at(i).text(), 1)) {
                startKey = sc.key(i);
            } else if (d.equals("net.ipv4.ip_local_port_range") && sc.at(i).isString() && integers(sc.at(i).text(), 2)) {
                rangeKey = sc.key(i);
            }
        }
        Long start = startKey == null ? null : firstInts(sc.get(startKey).text(), 1)[0];
        long[] range = rangeKey == null ? null : firstInts(sc.get(rangeKey).text(), 2);
        String ptrStart = startKey == null ? null : "/linux/sysctl/" + SchemaChecker.escape(startKey);
        String ptrRange = rangeKey == null ? null : "/linux/sysctl/" + SchemaChecker.escape(rangeKey);
        if (range != null && range.length == 2 && range[0] > range[1]) {
            error(RuleId.LINUX_SYSCTL_PORT_RANGE, ptrRange, sc.get(rangeKey), "ip_local_port_range " + range[0] + " " + range[1]
                    + " ends below its start", "the kernel refuses the write (EINVAL)");
            return;
        }
        if (start != null && range != null && range.length == 2) {
            if (start > range[0]) {
                error(RuleId.LINUX_SYSCTL_PORT_RANGE, ptrStart, sc.get(startKey), "ip_unprivileged_port_start " + start
                        + " is above ip_local_port_range's start " + range[0], "the kernel refuses whichever runc writes second (EINVAL)");
            }
        } else if (newNet && start != null && start > 32768 && start <= 65535) {
            error(RuleId.LINUX_SYSCTL_PORT_RANGE, ptrStart, sc.get(startKey), "ip_unprivileged_port_start " + start
                    + " is above a new network namespace's ip_local_port_range start 32768", "the kernel refuses it (EINVAL):"
                    + " raise net.ipv4.ip_local_port_range too, or use at most 32768");
        } else if (newNet && range != null && range.length == 2 && range[0] < 1024) {
            error(RuleId.LINUX_SYSCTL_PORT_RANGE, ptrRange, sc.get(rangeKey), "ip_local_port_range starts at " + range[0]
                    + ", below a new network namespace's ip_unprivileged_port_start 1024", "the kernel refuses it (EINVAL):"
                    + " lower net.ipv4.ip_unprivileged_port_start too, or start at 1024 or above");
        }
    }

    /** The first n integers of a sysctl value, as longs (saturated); shorter when it has fewer. */
    private static long[] firstInts(String s, int n) {
        String[] f = s.strip().split("[ \t\n]+");
        long[] r = new long[Math.min(n, f.length)];
        for (int i = 0; i < r.length; i++) {
            java.math.BigInteger b = new java.math.BigInteger(f[i]);
            r[i] = b.bitLength() < 64 ? b.longValue() : b.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    private void range(String k, String dotted, String ptr, JsonValue v) {
        String[] f = v.text().strip().split("[ \t\n]+");
        if (dotted.equals("kernel.sem")) {
            // semmsl semmns semopm semmni: the kernel checks semmni against IPCMNI (ERANGE)
            if (f.length >= 4 && integers(f[3], 1) && (f[3].startsWith("-") || new java.math.BigInteger(f[3]).compareTo(
                    java.math.BigInteger.valueOf(32768)) > 0)) {
                error(RuleId.LINUX_SYSCTL_VALUE_RANGE, ptr, v, "sysctl kernel.sem's semmni " + Finding.clip(f[3]) + " is outside 0..32768",
                        "the kernel refuses the write (ERANGE, IPCMNI)");
            }
            return;
        }
        long[] r = SYSCTL_RANGES.get(dotted);
        if (r == null || !integers(f[0], 1)) {
            return;
        }
        java.math.BigInteger x = new java.math.BigInteger(f[0]);
        if (x.compareTo(java.math.BigInteger.valueOf(r[0])) < 0 || x.compareTo(java.math.BigInteger.valueOf(r[1])) > 0) {
            error(RuleId.LINUX_SYSCTL_VALUE_RANGE, ptr, v, "sysctl " + k + " " + Finding.clip(f[0]) + " is outside " + r[0] + ".."
                    + (r[1] == Long.MAX_VALUE ? "" : r[1]), "the kernel's handler refuses the write (EINVAL)");
        }
    }

    /**
     * Whether s starts with 1..n whitespace-separated decimal integers, as __do_proc_dointvec reads
     * them: a table of n values takes the first n and ignores what follows.
     */
    static boolean integers(String s, int n) {
        String[] parts = s.strip().split("[ \t\n]+");
        if (parts.length == 0 || parts[0].isEmpty()) {
            return false;
        }
        for (int i = 0; i < Math.min(n, parts.length); i++) {
            String p = parts[i];
            String d = p.startsWith("-") ? p.substring(1) : p;
            if (d.isEmpty() || d.length() > 19 || !d.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private void seccomp(JsonValue sc) {
        if (sc == null) {
            return;
        }
        if ("SCMP_ACT_NOTIFY".equals(sc.string("defaultAction"))) {
            error(RuleId.LINUX_SECCOMP_NOTIFY_DEFAULT, "/linux/seccomp/defaultAction", sc.get("defaultAction"),
                    "SCMP_ACT_NOTIFY as the default action", "runc refuses it: the container could not write its seccomp fd");
        }
        String def = sc.string("defaultAction");
        JsonValue calls = sc.get("syscalls");
        boolean killThread = "SCMP_ACT_KILL".equals(def) || "SCMP_ACT_KILL_THREAD".equals(def);
        if (killThread && !allowsExec(calls)) {
            error(RuleId.LINUX_SECCOMP_BLOCKS_EXECVE, "/linux/seccomp/defaultAction", sc.get("defaultAction"), def
                    + " as the default action with no rule allowing execve", "the filter kills runc's init thread at its exec:"
                    + " the process never starts and runc 1.1.5 waits for ever; allow execve with SCMP_ACT_ALLOW");
        } else if (killThread) {
            warn(RuleId.LINUX_SECCOMP_DEFAULT_KILL, "/linux/seccomp/defaultAction", sc.get("defaultAction"), def
                    + " kills only the calling thread", "a syscall runc's init makes after loading the filter and not allowed"
                    + " here leaves runc 1.1.5 waiting for ever: prefer SCMP_ACT_ERRNO or SCMP_ACT_KILL_PROCESS");
        }
        if (def != null && Set.of("SCMP_ACT_ERRNO", "SCMP_ACT_TRAP", "SCMP_ACT_TRACE", "SCMP_ACT_KILL_PROCESS").contains(def)
                && !allowsExec(calls)) {
            error(RuleId.LINUX_SECCOMP_BLOCKS_EXECVE, "/linux/seccomp/defaultAction", sc.get("defaultAction"), def
                    + " as the default action with no rule allowing execve", "runc's init execs the process under the filter:"
                    + " it is stopped (\"container process is already dead\"); allow execve with SCMP_ACT_ALLOW");
        }
        if (calls == null || !calls.isArray()) {
            return;
        }
        JsonValue listener = sc.get("listenerPath");
        boolean hasListener = listener != null && listener.isString() && !listener.text().isEmpty();
        for (int i = 0; i < calls.size(); i++) {
            JsonValue c = calls.at(i);
            if (!c.isObject()) {
                continue;
            }
            String action = c.string("action");
            JsonValue names = c.get("names");
            if ("SCMP_ACT_NOTIFY".equals(action) && !hasListener) {
                error(RuleId.LINUX_SECCOMP_NOTIFY_NO_LISTENER, "/linux/seccomp/syscalls/" + i + "/action", c.get("action"),
                        "SCMP_ACT_NOTIFY without linux.seccomp.listenerPath", "runc refuses it (\"listenerPath is not set\"):"
                        + " name the seccomp agent's socket");
                hasListener = true;   // once
            }
            if ("SCMP_ACT_NOTIFY".equals(action) && names != null && names.isArray()) {
                for (int j = 0; j < names.size(); j++) {
                    if (names.at(j).isString() && names.at(j).text().equals("write")) {
                        error(RuleId.LINUX_SECCOMP_NOTIFY_WRITE, "/linux/seccomp/syscalls/" + i + "/names/" + j, names.at(j),
                                "SCMP_ACT_NOTIFY on write", "runc refuses it: the container could not write its seccomp fd");
                    }
                }
            }
            JsonValue args = c.get("args");
            boolean unconditional = args == null || (args.isArray() && args.size() == 0);
            if (unconditional && action != null && !Set.of("SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY").contains(action)
                    && names != null && names.isArray() && !allowsExec(calls)) {
                for (int j = 0; j < names.size(); j++) {
                    if (names.at(j).isString() && names.at(j).text().equals("execve")) {
                        warn(RuleId.LINUX_SECCOMP_EXECVE_DENIED, "/linux/seccomp/syscalls/" + i + "/names/" + j, names.at(j),
                                Finding.clip(action) + " on execve", "runc starts the container but its init cannot exec the"
                                + " process (runc 1.1.5: \"exec /bin/true: operation not permitted\", exit 1 with SCMP_ACT_ERRNO)");
                    }
                }
            }
            if (args != null && args.isArray()) {
                for (int j = 0; j < args.size(); j++) {
                    Long index = num(args.at(j), "index");
                    if (index != null && index >= 6) {
                        error(RuleId.LINUX_SECCOMP_ARG_INDEX, "/linux/seccomp/syscalls/" + i + "/args/" + j + "/index",
                                args.at(j).get("index"), "seccomp argument index " + index + " is not 0..5", "a syscall has at"
                                + " most 6 arguments: runc refuses it (\"syscalls only have up to 6 arguments\")");
                    }
                }
            }
            if (c.get("errnoRet") != null && action != null && !action.equals("SCMP_ACT_ERRNO") && !action.equals("SCMP_ACT_TRACE")) {
                warn(RuleId.LINUX_SECCOMP_ERRNO_RET_IGNORED, "/linux/seccomp/syscalls/" + i + "/errnoRet", c.get("errnoRet"),
                        "errnoRet with " + Finding.clip(action) + " is not used", "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return it");
            }
        }
    }

    /** Whether a syscalls rule of action ALLOW or LOG names execve or execveat. */
    private static boolean allowsExec(JsonValue calls) {
        if (calls == null || !calls.isArray()) {
            return false;
        }
        for (int i = 0; i < calls.size(); i++) {
            JsonValue c = calls.at(i);
            String action = c.isObject() ? c.string("action") : null;
            JsonValue names = c.isObject() ? c.get("names") : null;
            if (("SCMP_ACT_ALLOW".equals(action) || "SCMP_ACT_LOG".equals(action)) && names != null && names.isArray()) {
                for (int j = 0; j < names.size(); j++) {
                    JsonValue n = names.at(j);
                    if (n.isString() && (n.text().equals("execve") || n.text().equals("execveat"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** runc 1.1.5's mount flags, propagation, recursive and extension options (libcontainer/specconv): never data. */
    static final Set<String> RUNC_FLAGS = Set.of("acl", "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync",
            "exec", "iversion", "lazytime", "loud", "mand", "noacl", "noatime", "nodev", "nodiratime", "noexec", "noiversion",
            "nolazytime", "nomand", "norelatime", "nostrictatime", "nosuid", "nosymfollow", "rbind", "relatime", "remount",
            "ro", "rw", "silent", "strictatime", "suid", "sync", "symfollow", "rprivate", "private", "rslave", "slave",
            "rshared", "shared", "runbindable", "unbindable", "rro", "rrw", "rnosuid", "rsuid", "rnodev", "rdev", "rnoexec",
            "rexec", "rnodiratime", "rdiratime", "rrelatime", "rnorelatime", "rnoatime", "ratime", "rstrictatime",
            "rnostrictatime", "rnosymfollow", "rsymfollow", "tmpcopyup", "idmap", "ridmap");

    /** The data options (names before '=') each filesystem's fs_context parser takes. */
    static final Map<String, Set<String>> DATA_OPTIONS = Map.of(
            "tmpfs", Set.of("size", "nr_blocks", "nr_inodes", "mode", "uid", "gid", "huge", "mpol", "inode32", "inode64",
                    "noswap", "quota", "usrquota", "grpquota", "usrquota_block_hardlimit", "usrquota_inode_hardlimit",
                    "grpquota_block_hardlimit", "grpquota_inode_hardlimit", "casefold", "strict_encoding", "source"),
            "proc", Set.of("hidepid", "gid", "subset", "pidns", "source"),
            "devpts", Set.of("uid", "gid", "mode", "ptmxmode", "newinstance", "max", "source"),
            "mqueue", Set.of("source"),
            "sysfs", Set.of("source"));

    private void mounts(JsonValue ms) {
        for (int i = 0; i < ms.size(); i++) {
            JsonValue m = ms.at(i);
            if (!m.isObject()) {
                continue;
            }
            String type = m.string("type");
            JsonValue opts = m.get("options");
            Set<String> given = new java.util.HashSet<>();
            if (opts != null && opts.isArray()) {
                for (int j = 0; j < opts.size(); j++) {
                    JsonValue o = opts.at(j);
                    if (o.isString()) {
                        given.add(o.text());
                        int eq = o.text().indexOf('=');
                        given.add(eq < 0 ? o.text() : o.text().substring(0, eq + 1));
                        if (o.text().equals("remount")) {
                            error(RuleId.MOUNTS_REMOUNT_OPTION, "/mounts/" + i + "/options/" + j, o, "mount option remount",
                                    "runc mounts a new mount: MS_REMOUNT on a mount point not yet mounted is refused (EINVAL)");
                        }
                    }
                }
            }
            boolean bind = given.contains("bind") || given.contains("rbind");
            // crun binds a mount of type bind whatever its options; runc 1.1.5 only on the option
            boolean typeBinds = "crun".equals(runtime) && "bind".equals(type);
            if (!bind && !typeBinds && (type == null || type.isEmpty() || type.equals("none") || type.equals("bind"))
                    && (m.get("type") == null || m.get("type").isString())) {
                error(RuleId.MOUNTS_TYPE_NO_FILESYSTEM, "/mounts/" + i + (m.get("type") == null ? "" : "/type"),
                        m.get("type") == null ? m : m.get("type"), "mount at " + Finding.clip(String.valueOf(m.string("destination")))
                        + " has type " + (type == null ? "missing" : "\"" + type + "\"") + " and no bind or rbind option",
                        "runc 1.1.5 binds only when the options say bind or rbind, and the kernel has no such filesystem (ENODEV)");
            }
            if ("overlay".equals(type) && !given.contains("lowerdir=")) {
                error(RuleId.MOUNTS_TYPE_DATA_REQUIRED, "/mounts/" + i + "/type", m.get("type"), "overlay mount without a lowerdir option",
                        "the kernel refuses an overlay without lowerdir= (EINVAL)");
            }
            if (type != null && (type.equals("fuse") || type.startsWith("fuse.") || type.equals("fuseblk")) && !bind) {
                for (String need : new String[] {"fd=", "rootmode=", "user_id=", "group_id="}) {
                    if (!given.contains(need)) {
                        error(RuleId.MOUNTS_TYPE_DATA_REQUIRED, "/mounts/" + i + "/type", m.get("type"), type + " mount without the "
                                + need + " option", "the kernel refuses a fuse mount without fd=, rootmode=, user_id= and group_id="
                                + " (EINVAL): a fuse daemon mounts it, not the config");
                        break;
                    }
                }
            }
            Set<String> known = type == null ? null : DATA_OPTIONS.get(type);
            if (known == null || opts == null || !opts.isArray()) {
                continue;
            }
            for (int j = 0; j < opts.size(); j++) {
                JsonValue o = opts.at(j);
                if (!o.isString() || o.text().isEmpty() || RUNC_FLAGS.contains(o.text())) {
                    continue;   // runc drops an empty option
                }
                String name = o.text();
                int eq = name.indexOf('=');
                if (!known.contains(eq < 0 ? name : name.substring(0, eq))) {
                    error(RuleId.MOUNTS_DATA_OPTION_UNKNOWN, "/mounts/" + i + "/options/" + j, o, m.string("type")
                            + " does not know the option \"" + Finding.clip(name) + "\"", "runc passes options it does not"
                            + " know as mount data and the kernel refuses the mount (EINVAL): a typo?");
                } else if (type.equals("tmpfs") && eq > 0 && !bind && !tmpfsValue(name.substring(0, eq), name.substring(eq + 1))) {
                    error(RuleId.MOUNTS_TMPFS_OPTION_VALUE, "/mounts/" + i + "/options/" + j, o, "tmpfs option \"" + Finding.clip(name)
                            + "\" has a value the kernel does not take", "mode is octal, size/nr_blocks/nr_inodes a number with an"
                            + " optional k, m, g, t, p or e (size also N%), uid/gid a number, huge never|always|within_size|advise (EINVAL)");
                }
            }
        }
    }

    /** Whether {@code d} is "proc" with any slashes before and after it: /proc, proc, //proc/ (no regex: start-up). */
    static boolean isProc(String d) {
        int a = 0;
        int b = d.length();
        while (a < b && d.charAt(a) == '/') {
            a++;
        }
        while (b > a && d.charAt(b - 1) == '/') {
            b--;
        }
        return b - a == 4 && d.startsWith("proc", a);
    }

    /**
     * The kernel's memparse() as tmpfs takes it: {@code (0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)}
     * and an optional one of {@code kKmMgGtTpPeE}. Written out, not a regex: a regex costs
     * milliseconds at start.
     */
    static boolean memparse(String v) {
        int n = v.length();
        return number(v, n) || n > 1 && "kKmMgGtTpPeE".indexOf(v.charAt(n - 1)) >= 0 && number(v, n - 1);
    }

    /** Whether the first {@code n} chars of {@code v} are a hex (0x...), octal (0...) or decimal number. */
    private static boolean number(String v, int n) {
        if (n == 0) {
            return false;
        }
        if (v.charAt(0) == '0') {
            if (n > 1 && (v.charAt(1) == 'x' || v.charAt(1) == 'X')) {
                if (n == 2) {
                    return false;
                }
                for (int i = 2; i < n; i++) {
                    char c = v.charAt(i);
                    if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                        return false;
                    }
                }
                return true;
            }
            return all(v, 1, n, '0', '7');
        }
        return v.charAt(0) >= '1' && v.charAt(0) <= '9' && all(v, 1, n, '0', '9');
    }

    /** Whether chars [from, to) of {@code v} are all between {@code lo} and {@code hi}. */
    private static boolean all(String v, int from, int to, char lo, char hi) {
        for (int i = from; i < to; i++) {
            if (v.charAt(i) < lo || v.charAt(i) > hi) {
                return false;
            }
        }
        return true;
    }

    /** An optional '+', then 1 to {@code max} chars between {@code lo} and {@code hi}. */
    private static boolean plusDigits(String v, int max, char lo, char hi) {
        int from = v.startsWith("+") ? 1 : 0;
        int len = v.length() - from;
        return len >= 1 && len <= max && all(v, from, v.length(), lo, hi);
    }

    /** Whether mm/shmem.c shmem_parse_one takes this value (measured on 6.18 with mount -t tmpfs). */
    static boolean tmpfsValue(String name, String value) {
        return switch (name) {
            case "mode" -> plusDigits(value, 11, '0', '7') && Long.parseLong(value.replace("+", ""), 8) <= 0xFFFFFFFFL;
            case "size" -> memparse(value.endsWith("%") ? value.substring(0, value.length() - 1) : value);
            case "nr_blocks", "nr_inodes" -> memparse(value);
            case "uid", "gid" -> plusDigits(value, 10, '0', '9') && Long.parseLong(value.replace("+", "")) < 0xFFFFFFFFL;
            case "huge" -> Set.of("never", "always", "within_size", "advise").contains(value);
            default -> true;
        };
    }
}

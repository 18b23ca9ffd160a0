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

    KernelValues(List<Finding> out) {
        this.out = out;
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
                error("process.oom-score-adj.range", "/process/oomScoreAdj", process.get("oomScoreAdj"), "oomScoreAdj " + adj
                        + " is outside -1000..1000", "the kernel refuses it when the runtime writes /proc/self/oom_score_adj (EINVAL)");
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
        }
        if (linux != null) {
            sysctls(obj(linux, "sysctl"));
            seccomp(obj(linux, "seccomp"));
        }
        JsonValue mounts = root.isObject() ? root.get("mounts") : null;
        if (mounts != null && mounts.isArray()) {
            mounts(mounts);
        }
    }

    private void cpu(JsonValue cpu) {
        if (cpu == null) {
            return;
        }
        String p = "/linux/resources/cpu/";
        Long shares = num(cpu, "shares");
        if (shares != null && shares != 0 && (shares < SHARES_MIN || shares > SHARES_MAX)) {
            error("linux.resources.cpu.shares.range", p + "shares", cpu.get("shares"), "cpu.shares " + shares
                    + " is outside 2..262144", "cgroup v1 clamps it and runc refuses the value read back; on v2 runc's cpu.weight"
                    + " would be outside 1..10000 (ERANGE)");
        }
        Long period = num(cpu, "period");
        if (period != null && period != 0 && (period < PERIOD_MIN || period > PERIOD_MAX)) {
            error("linux.resources.cpu.period.range", p + "period", cpu.get("period"), "cpu period " + period
                    + " us is outside 1000..1000000 (1 ms..1 s)", "the kernel refuses cpu.cfs_period_us / cpu.max (EINVAL)");
        }
        Long quota = num(cpu, "quota");
        if (quota != null && quota > 0 && (quota < PERIOD_MIN || quota > QUOTA_MAX)) {
            error("linux.resources.cpu.quota.range", p + "quota", cpu.get("quota"), "cpu quota " + quota
                    + " us is " + (quota < PERIOD_MIN ? "below 1000 (1 ms)" : "above 2^44-1"),
                    "use at least 1000, or -1 for no limit (the kernel refuses it: EINVAL)");
        }
        Long burst = num(cpu, "burst");
        if (burst != null && burst > 0 && quota != null && quota > 0 && burst > quota) {
            warn("linux.resources.cpu.burst.above-quota", p + "burst", cpu.get("burst"), "cpu burst " + burst
                    + " us is above the quota " + quota + " us", "the kernel refuses cpu.max.burst / cpu.cfs_burst_us (EINVAL)"
                    + " when crun or runc >= 1.2 write it; runc 1.1.5 ignores burst");
        }
        Long idle = num(cpu, "idle");
        if (idle != null && idle != 0 && idle != 1) {
            warn("linux.resources.cpu.idle.range", p + "idle", cpu.get("idle"), "cpu idle " + idle + " is not 0 or 1",
                    "the kernel refuses cpu.idle (EINVAL) when crun or runc >= 1.2 write it; runc 1.1.5 ignores idle");
        }
        for (String f : new String[] {"cpus", "mems"}) {
            JsonValue v = cpu.get(f);
            if (v != null && v.isString() && !v.text().isEmpty() && cpuList(v.text()) == null) {
                error("linux.resources.cpuset.syntax", p + f, v, "cpuset " + f + " \"" + Finding.clip(v.text())
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
                error("linux.resources.memory.range", p + f, mem.get(f), "memory " + f + " " + v + " is negative",
                        "use -1 for no limit: the kernel refuses other negative values (EINVAL)");
            }
        }
        Long limit = num(mem, "limit");
        if (limit != null && limit > 0 && limit < MEMORY_WARN_BELOW) {
            warn("linux.resources.memory.limit-too-low", p + "limit", mem.get("limit"), "memory limit " + limit + " bytes ("
                    + String.format(java.util.Locale.ROOT, "%.1f", limit / 1048576.0) + " MiB) is below 4 MiB",
                    "a minimal container's init (busybox sh, runc 1.1.5) already uses about 2.1 MiB when runc writes the limit:"
                    + " runc fails when the limit is below the usage at that moment (\"unable to set memory limit\"); give it more");
        }
        for (String f : new String[] {"kernel", "kernelTCP"}) {
            if (mem.get(f) != null && mem.get(f).isInteger()) {
                warn("linux.resources.memory.kernel-ignored", p + f, mem.get(f), "memory." + f + " is not applied",
                        "runc ignores kernel memory limits, and kernels since 6.1 have no kmem limit files: remove it");
            }
        }
    }

    private void pids(JsonValue pids) {
        Long limit = num(pids, "limit");
        if (limit != null && limit > PIDS_MAX) {
            error("linux.resources.pids.range", "/linux/resources/pids/limit", pids.get("limit"), "pids limit " + limit
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
    }

    private void weight(JsonValue o, String f, String p) {
        Long w = num(o, f);
        if (w != null && w != 0 && (w < 1 || w > BLKIO_WEIGHT_MAX)) {
            error("linux.resources.blockio.weight.range", p + f, o.get(f), "blkio " + f + " " + w + " is outside 1..1000",
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
                error("linux.resources.unified.key", "/linux/resources/unified/" + SchemaChecker.escape(k), u.at(i),
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

    private void sysctls(JsonValue sc) {
        if (sc == null) {
            return;
        }
        for (int i = 0; i < sc.size(); i++) {
            String k = sc.key(i);
            String ptr = "/linux/sysctl/" + SchemaChecker.escape(k);
            String dotted = k.replace('/', '.');
            if (!k.isEmpty() && dotted.endsWith(".")) {
                error("linux.sysctl.name-form", ptr, sc.at(i), "sysctl name \"" + Finding.clip(k) + "\" ends in a separator",
                        "it names a directory of /proc/sys: runc fails writing it (EISDIR)");
                continue;
            }
            Integer n = INTEGER_SYSCTLS.get(dotted);
            JsonValue v = sc.at(i);
            if (n != null && v.isString() && !integers(v.text(), n)) {
                error("linux.sysctl.value-integer", ptr, v, "sysctl " + k + " takes " + (n == 1 ? "an integer" : n + " integers")
                        + ", not \"" + Finding.clip(v.text()) + "\"", "the kernel refuses the write (EINVAL)");
            }
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
            error("linux.seccomp.notify-default", "/linux/seccomp/defaultAction", sc.get("defaultAction"),
                    "SCMP_ACT_NOTIFY as the default action", "runc refuses it: the container could not write its seccomp fd");
        }
        String def = sc.string("defaultAction");
        if ("SCMP_ACT_KILL".equals(def) || "SCMP_ACT_KILL_THREAD".equals(def)) {
            warn("linux.seccomp.default-kill", "/linux/seccomp/defaultAction", sc.get("defaultAction"), def
                    + " kills only the calling thread", "a syscall runc's init makes after loading the filter and not allowed"
                    + " here leaves runc 1.1.5 waiting for ever: prefer SCMP_ACT_ERRNO or SCMP_ACT_KILL_PROCESS");
        }
        JsonValue calls = sc.get("syscalls");
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
                error("linux.seccomp.notify-no-listener", "/linux/seccomp/syscalls/" + i + "/action", c.get("action"),
                        "SCMP_ACT_NOTIFY without linux.seccomp.listenerPath", "runc refuses it (\"listenerPath is not set\"):"
                        + " name the seccomp agent's socket");
                hasListener = true;   // once
            }
            if ("SCMP_ACT_NOTIFY".equals(action) && names != null && names.isArray()) {
                for (int j = 0; j < names.size(); j++) {
                    if (names.at(j).isString() && names.at(j).text().equals("write")) {
                        error("linux.seccomp.notify-write", "/linux/seccomp/syscalls/" + i + "/names/" + j, names.at(j),
                                "SCMP_ACT_NOTIFY on write", "runc refuses it: the container could not write its seccomp fd");
                    }
                }
            }
            if (c.get("errnoRet") != null && action != null && !action.equals("SCMP_ACT_ERRNO") && !action.equals("SCMP_ACT_TRACE")) {
                warn("linux.seccomp.errno-ret-ignored", "/linux/seccomp/syscalls/" + i + "/errnoRet", c.get("errnoRet"),
                        "errnoRet with " + Finding.clip(action) + " is not used", "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return it");
            }
        }
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
            Set<String> known = type == null ? null : DATA_OPTIONS.get(type);
            JsonValue opts = m.get("options");
            if (known == null || opts == null || !opts.isArray()) {
                continue;
            }
            for (int j = 0; j < opts.size(); j++) {
                JsonValue o = opts.at(j);
                if (!o.isString() || RUNC_FLAGS.contains(o.text())) {
                    continue;
                }
                String name = o.text();
                int eq = name.indexOf('=');
                if (!known.contains(eq < 0 ? name : name.substring(0, eq))) {
                    error("mounts.data-option.unknown", "/mounts/" + i + "/options/" + j, o, m.string("type")
                            + " does not know the option \"" + Finding.clip(name) + "\"", "runc passes options it does not"
                            + " know as mount data and the kernel refuses the mount (EINVAL): a typo?");
                }
            }
        }
    }
}

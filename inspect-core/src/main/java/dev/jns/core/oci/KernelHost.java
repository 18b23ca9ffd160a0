package dev.jns.core.oci;

import dev.jns.core.cgroup.CgroupMode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host layer's kernel value rules: what this machine's kernel takes, read from the roots given
 * (procRoot for /proc, sysRoot for / with its /sys): the cgroup controllers mounted on v1 or
 * enabled on v2, the online CPUs and memory nodes, BFQ, the block devices, the huge page sizes and
 * the caller's own limits. A fact that cannot be read is unknown, and its rule is skipped. Runc
 * 1.1.5 uses its v1 manager on hybrid hosts, so hybrid is judged as v1.
 */
final class KernelHost {
    private final HostFacts facts;
    private final Path sysRoot;
    private final List<Finding> out;
    private CgroupMode mode;
    private Map<String, Path> v1 = Map.of();                // v1 controller -> its mount point under sysRoot
    private Path v2;                                          // the cgroup2 mount point under sysRoot

    KernelHost(HostFacts facts, Path sysRoot, List<Finding> out) {
        this.facts = facts;
        this.sysRoot = sysRoot;
        this.out = out;
    }

    /** On fixtures: procRoot for /proc, sysRoot for the host's / (its sys/...). */
    KernelHost(Path procRoot, Path sysRoot, List<Finding> out) {
        this(new HostFacts(procRoot), sysRoot, out);
    }

    private void error(String rule, String ptr, JsonValue at, String message, String hint) {
        out.add(Finding.at(Finding.Severity.ERROR, rule, ptr, at, message, hint));
    }

    private void warn(String rule, String ptr, JsonValue at, String message, String hint) {
        out.add(Finding.at(Finding.Severity.WARNING, rule, ptr, at, message, hint));
    }

    private Path sys(String absolute) {
        return sysRoot.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    private static String sysText(Path p) {
        return HostFacts.sysText(p);
    }

    private void readCgroups() {
        mode = facts.cgroupMode();
        HostFacts.CgroupRoots roots = mode == null ? null : facts.cgroupRoots(sysRoot);   // read once per validator
        if (roots == null) {
            mode = null;
            return;
        }
        v1 = roots.v1();
        v2 = roots.v2();
    }

    private static JsonValue obj(JsonValue parent, String name) {
        if (parent == null || !parent.isObject()) {
            return null;
        }
        JsonValue v = parent.get(name);
        return v != null && v.isObject() ? v : null;
    }

    private static boolean set(JsonValue o, String name) {
        if (o == null) {
            return false;
        }
        JsonValue v = o.get(name);
        if (v == null) {
            return false;
        }
        return switch (v.kind()) {
            case NUMBER -> !v.text().equals("0");
            case STRING -> !v.text().isEmpty();
            case ARRAY, OBJECT -> v.size() > 0;
            case BOOLEAN -> v.booleanValue();
            default -> false;
        };
    }

    void check(JsonValue root) {
        process(obj(root, "process"));
        JsonValue res = obj(obj(root, "linux"), "resources");
        if (res == null) {
            return;
        }
        // the cgroup layout (a read of mountinfo, about 1 ms at start) only when a rule below can
        // use it: `runc spec`'s resources hold a device rule alone
        if (!users(res).isEmpty() || res.has("cpu") || res.has("memory") || res.has("blockIO") || res.has("unified")) {
            readCgroups();
        }
        if (mode != null) {
            controllers(res);
            cpu(obj(res, "cpu"));
            memory(obj(res, "memory"));
            blockIO(obj(res, "blockIO"));
            unified(obj(res, "unified"));
        }
        hugepages(res.get("hugepageLimits"));
    }

    /** v1 controller name, and the v2 one, for each resources member that makes runc write it. */
    private static Map<String, String[]> users(JsonValue res) {
        Map<String, String[]> m = new LinkedHashMap<>();
        JsonValue cpu = obj(res, "cpu");
        for (String f : new String[] {"shares", "quota", "period"}) {
            if (set(cpu, f)) {
                m.put("cpu/" + f, new String[] {"cpu", "cpu"});
            }
        }
        for (String f : new String[] {"realtimeRuntime", "realtimePeriod"}) {
            if (set(cpu, f)) {
                m.put("cpu/" + f, new String[] {"cpu", null});
            }
        }
        for (String f : new String[] {"cpus", "mems"}) {
            if (set(cpu, f)) {
                m.put("cpu/" + f, new String[] {"cpuset", "cpuset"});
            }
        }
        JsonValue mem = obj(res, "memory");
        for (String f : new String[] {"limit", "reservation", "swap", "disableOOMKiller"}) {
            if (set(mem, f)) {
                m.put("memory/" + f, new String[] {"memory", "memory"});
            }
        }
        if (set(obj(res, "pids"), "limit")) {
            m.put("pids/limit", new String[] {"pids", "pids"});
        }
        JsonValue bio = obj(res, "blockIO");
        for (String f : new String[] {"weight", "weightDevice", "throttleReadBpsDevice", "throttleWriteBpsDevice",
            "throttleReadIOPSDevice", "throttleWriteIOPSDevice"}) {
            if (set(bio, f)) {
                m.put("blockIO/" + f, new String[] {"blkio", "io"});
            }
        }
        if (set(res, "hugepageLimits")) {
            m.put("hugepageLimits", new String[] {"hugetlb", "hugetlb"});
        }
        if (set(res, "rdma")) {
            m.put("rdma", new String[] {"rdma", "rdma"});
        }
        JsonValue net = obj(res, "network");
        if (set(net, "classID")) {
            m.put("network/classID", new String[] {"net_cls", null});
        }
        if (set(net, "priorities")) {
            m.put("network/priorities", new String[] {"net_prio", null});
        }
        return m;
    }

    /** The words of {@code s}, split at runs of spaces, tabs and newlines (no regex: start-up). */
    static List<String> words(String s) {
        List<String> w = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean space = i == s.length() || s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n'
                    || s.charAt(i) == '\r' || s.charAt(i) == '\f' || s.charAt(i) == 0x0B;
            if (space && start >= 0) {
                w.add(s.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return w;
    }


    private Set<String> v2Controllers() {
        String t = v2 == null ? null : sysText(v2.resolve("cgroup.controllers"));
        return t == null ? null : new HashSet<>(words(t));
    }

    private void controllers(JsonValue res) {
        Set<String> enabled = mode == CgroupMode.V2 ? v2Controllers() : null;
        for (Map.Entry<String, String[]> e : users(res).entrySet()) {
            String ptr = "/linux/resources/" + e.getKey();
            JsonValue at = at(res, e.getKey());
            if (mode != CgroupMode.V2) {
                String c = e.getValue()[0];
                if (!v1.containsKey(c)) {
                    error(RuleId.HOST_CGROUP_CONTROLLER_MISSING, ptr, at, "this host has no cgroup v1 " + c + " hierarchy mounted",
                            "runc fails: \"cannot set " + c + " limit: container could not join or create cgroup\"");
                }
            } else if (e.getValue()[1] == null) {
                warn(RuleId.HOST_CGROUP_IGNORED_ON_V2, ptr, at, e.getKey() + " has no cgroup v2 file", "runc ignores it on this"
                        + " cgroup v2 host");
            } else if (enabled != null && !enabled.contains(e.getValue()[1])) {
                error(RuleId.HOST_CGROUP_CONTROLLER_MISSING, ptr, at, "the cgroup v2 controller " + e.getValue()[1]
                        + " is not available on this host (cgroup.controllers: " + String.join(" ", new java.util.TreeSet<>(enabled))
                        + ")", "runc fails writing its file");
            }
        }
        if (mode == CgroupMode.V2) {
            JsonValue mem = obj(res, "memory");
            for (String f : new String[] {"swappiness"}) {
                if (mem != null && mem.get(f) != null && mem.get(f).isInteger()) {
                    warn(RuleId.HOST_CGROUP_IGNORED_ON_V2, "/linux/resources/memory/" + f, mem.get(f), "memory." + f
                            + " has no cgroup v2 file", "runc ignores it on this cgroup v2 host");
                }
            }
            if (set(obj(res, "blockIO"), "leafWeight")) {
                warn(RuleId.HOST_CGROUP_IGNORED_ON_V2, "/linux/resources/blockIO/leafWeight", obj(res, "blockIO").get("leafWeight"),
                        "blockIO.leafWeight has no cgroup v2 file", "runc ignores it on this cgroup v2 host");
            }
        }
    }

    private static JsonValue at(JsonValue res, String rel) {
        JsonValue v = res;
        for (String part : rel.split("/")) {
            v = v != null && v.isObject() ? v.get(part) : null;
        }
        return v;
    }

    private void cpu(JsonValue cpu) {
        if (cpu == null) {
            return;
        }
        String p = "/linux/resources/cpu/";
        for (String f : new String[] {"cpus", "mems"}) {
            JsonValue v = cpu.get(f);
            if (v == null || !v.isString() || v.text().isEmpty()) {
                continue;
            }
            long[][] want = KernelValues.cpuList(v.text());
            String online = sysText(sys(f.equals("cpus") ? "/sys/devices/system/cpu/online" : "/sys/devices/system/node/online"));
            long[][] have = online == null ? null : KernelValues.cpuList(online);
            if (want == null || have == null) {
                continue;
            }
            long off = -1;
            scan:
            for (long[] r : want) {
                for (long n = r[0]; n <= r[1] && n < r[0] + 65536; n++) {
                    if (!in(have, n)) {
                        off = n;
                        break scan;
                    }
                }
            }
            if (off >= 0) {
                error(RuleId.HOST_CPUSET_OFFLINE, p + f, v, (f.equals("cpus") ? "CPU " : "memory node ") + off
                        + " is not online on this host (online: " + online + ")", "the kernel refuses cpuset." + f + " (EINVAL)");
            }
        }
        if (mode == CgroupMode.V2 || !v1.containsKey("cpu")) {
            return;
        }
        Long rt = KernelValues.num(cpu, "realtimeRuntime");
        Long rp = KernelValues.num(cpu, "realtimePeriod");
        boolean any = (rt != null && rt != 0) || (rp != null && rp != 0);
        if (any && !Files.exists(v1.get("cpu").resolve("cpu.rt_runtime_us"))) {
            error(RuleId.HOST_CPU_RT_UNAVAILABLE, p + (rt != null && rt != 0 ? "realtimeRuntime" : "realtimePeriod"),
                    cpu.get(rt != null && rt != 0 ? "realtimeRuntime" : "realtimePeriod"), "this kernel has no real-time group"
                    + " scheduling (no cpu.rt_runtime_us)", "runc fails writing it: CONFIG_RT_GROUP_SCHED is off");
        } else if (rt != null && rt > 0) {
            long period = rp != null && rp > 0 ? rp : 1_000_000;
            long rootRt = longText(v1.get("cpu").resolve("cpu.rt_runtime_us"));
            long rootPeriod = longText(v1.get("cpu").resolve("cpu.rt_period_us"));
            if (rt > period) {
                error(RuleId.HOST_CPU_RT_RANGE, p + "realtimeRuntime", cpu.get("realtimeRuntime"), "realtimeRuntime " + rt
                        + " us is above the period " + period + " us", "the kernel refuses cpu.rt_runtime_us (EINVAL)");
            } else if (rootRt >= 0 && rootPeriod > 0 && rt > 0
                    && java.math.BigInteger.valueOf(rt).multiply(java.math.BigInteger.valueOf(rootPeriod))
                            .compareTo(java.math.BigInteger.valueOf(rootRt).multiply(java.math.BigInteger.valueOf(period))) > 0) {
                error(RuleId.HOST_CPU_RT_RANGE, p + "realtimeRuntime", cpu.get("realtimeRuntime"), "realtimeRuntime " + rt + " us per "
                        + period + " us is more than this host's real-time share (" + rootRt + " us per " + rootPeriod + " us)",
                        "the kernel refuses cpu.rt_runtime_us (EINVAL)");
            }
        }
    }

    /** A kernel file under sysRoot holding one integer; -1 when absent or not one. */
    private long longText(Path p) {
        String t = sysText(p);
        try {
            return t == null ? -1 : Long.parseLong(t);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean in(long[][] ranges, long n) {
        for (long[] r : ranges) {
            if (n >= r[0] && n <= r[1]) {
                return true;
            }
        }
        return false;
    }

    private void memory(JsonValue mem) {
        if (mem == null || mode == CgroupMode.V2) {
            return;
        }
        Long sw = KernelValues.num(mem, "swappiness");
        // runc reads swappiness as uint64 and skips -1 as uint64 (2^64-1): "unset"
        boolean unset = mem.get("swappiness") != null && mem.get("swappiness").text().equals("18446744073709551615");
        if (sw != null && sw != -1 && !unset && (sw < 0 || sw > 100) && v1.containsKey("memory")) {
            error(RuleId.HOST_MEMORY_SWAPPINESS_RANGE, "/linux/resources/memory/swappiness", mem.get("swappiness"), "memory swappiness "
                    + sw + " is outside 0..100", "runc refuses it on cgroup v1 (\"invalid memory swappiness value\")");
        }
        Long swap = KernelValues.num(mem, "swap");
        Long limit = KernelValues.num(mem, "limit");
        if (swap != null && swap > 0 && (limit == null || limit <= 0) && v1.containsKey("memory")) {
            error(RuleId.HOST_CGROUP_V1_SWAP_WITHOUT_LIMIT, "/linux/resources/memory/swap", mem.get("swap"), "memory.swap " + swap
                    + " without a memory.limit on cgroup v1", "memory.memsw.limit_in_bytes must be at least memory.limit_in_bytes,"
                    + " which stays unlimited: the kernel refuses it (EINVAL); set memory.limit too");
        }
    }

    private void blockIO(JsonValue bio) {
        if (bio == null) {
            return;
        }
        String p = "/linux/resources/blockIO/";
        if (mode != CgroupMode.V2 && v1.containsKey("blkio")) {
            if ((set(bio, "weight") || set(bio, "weightDevice")) && !bfq()) {
                String f = set(bio, "weight") ? "weight" : "weightDevice";
                error(RuleId.HOST_BLKIO_NO_BFQ, p + f, bio.get(f), "blkio " + f + " needs the BFQ I/O scheduler, which this host"
                        + " does not offer (no bfq in /sys/block/*/queue/scheduler)", "runc fails writing blkio.bfq.weight:"
                        + " modprobe bfq, or drop the weight");
            }
            if (set(bio, "leafWeight")) {
                error(RuleId.HOST_BLKIO_LEAF_WEIGHT, p + "leafWeight", bio.get("leafWeight"), "blkio.leaf_weight no longer exists"
                        + " (removed with CFQ in Linux 5.0)", "runc fails writing it: remove leafWeight");
            }
        }
        Long w = KernelValues.num(bio, "weight");
        if (mode == CgroupMode.V2 && w != null && w >= 1 && w < 10 && !bfq()) {
            error(RuleId.HOST_BLKIO_V2_WEIGHT_RANGE, p + "weight", bio.get("weight"), "blkio weight " + w + " is below 10 on a cgroup v2"
                    + " host without BFQ", "runc converts it to io.weight as 1 + (weight - 10) * 9999 / 990, which wraps round"
                    + " for weights below 10 and the kernel refuses (ERANGE): use 10..1000");
        }
        for (String f : new String[] {"weightDevice", "throttleReadBpsDevice", "throttleWriteBpsDevice", "throttleReadIOPSDevice",
            "throttleWriteIOPSDevice"}) {
            JsonValue a = bio.get(f);
            if (a == null || !a.isArray()) {
                continue;
            }
            for (int i = 0; i < a.size(); i++) {
                Long major = KernelValues.num(a.at(i), "major");
                Long minor = KernelValues.num(a.at(i), "minor");
                if (major == null || minor == null || major < 0 || minor < 0 || !Files.isDirectory(sys("/sys/dev/block"))) {
                    continue;
                }
                if (!Files.exists(sys("/sys/dev/block/" + major + ":" + minor))) {
                    error(RuleId.HOST_BLKIO_DEVICE_MISSING, p + f + "/" + i, a.at(i), "there is no block device " + major + ":" + minor
                            + " on this host", "the kernel refuses the cgroup file's line (ENODEV)");
                }
            }
        }
    }

    /** Whether any block device offers BFQ; true when unknown (no /sys/block). */
    private boolean bfq() {
        Path block = sys("/sys/block");
        if (!Files.isDirectory(block)) {
            return true;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(block)) {
            for (Path d : ds) {
                String s = sysText(d.resolve("queue/scheduler"));
                if (s != null && (" " + s.replace('[', ' ').replace(']', ' ') + " ").contains(" bfq ")) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return true;
        }
        return false;
    }

    private void unified(JsonValue u) {
        if (u == null || mode != CgroupMode.V2) {
            return;
        }
        Set<String> enabled = v2Controllers();
        if (enabled == null) {
            return;
        }
        for (int i = 0; i < u.size(); i++) {
            String k = u.key(i);
            int dot = k.indexOf('.');
            if (dot <= 0 || k.contains("/")) {
                continue;
            }
            String c = k.substring(0, dot);
            if (!c.equals("cgroup") && !enabled.contains(c)) {
                error(RuleId.HOST_CGROUP_UNIFIED_CONTROLLER, "/linux/resources/unified/" + SchemaChecker.escape(k), u.at(i),
                        "controller " + Finding.clip(c) + " is not available on this host", "runc fails: \"unified resource"
                        + " can't be set: controller not available\"");
            }
        }
    }

    private void hugepages(JsonValue hl) {
        if (hl == null || !hl.isArray() || hl.size() == 0) {
            return;
        }
        Path dir = sys("/sys/kernel/mm/hugepages");
        if (!Files.isDirectory(dir)) {
            return;
        }
        for (int i = 0; i < hl.size(); i++) {
            JsonValue e = hl.at(i);
            String size = e.isObject() ? e.string("pageSize") : null;
            long kb = size == null ? -1 : kib(size);
            if (kb > 0 && !Files.isDirectory(dir.resolve("hugepages-" + kb + "kB"))) {
                error(RuleId.HOST_HUGEPAGE_SIZE_MISSING, "/linux/resources/hugepageLimits/" + i + "/pageSize", e.get("pageSize"),
                        "this host has no " + size + " huge pages (no /sys/kernel/mm/hugepages/hugepages-" + kb + "kB)",
                        "runc fails writing hugetlb." + size + ".limit_in_bytes");
            }
        }
    }

    /** "2MB", "1GB", "64KB" in KiB; -1 when not of that form. */
    static long kib(String s) {
        if (s.length() < 3 || !s.endsWith("B")) {
            return -1;
        }
        char u = s.charAt(s.length() - 2);
        long mult = u == 'K' ? 1 : u == 'M' ? 1024 : u == 'G' ? 1024 * 1024 : -1;
        String n = s.substring(0, s.length() - 2);
        if (mult < 0 || n.isEmpty() || n.length() > 6 || !SemanticChecker.digits(n)) {
            return -1;
        }
        return Long.parseLong(n) * mult;
    }

    private void process(JsonValue process) {
        if (process == null) {
            return;
        }
        Long adj = KernelValues.num(process, "oomScoreAdj");
        if (adj != null && adj >= -1000 && adj <= 1000) {
            String own = facts.text("self/oom_score_adj");
            Boolean capable = capSysResource();
            try {
                if (own != null && capable != null && !capable && adj < Integer.parseInt(own)) {
                    error(RuleId.HOST_OOM_SCORE_ADJ_PRIVILEGE, "/process/oomScoreAdj", process.get("oomScoreAdj"), "oomScoreAdj "
                            + adj + " is below the caller's own " + own + " and the caller lacks CAP_SYS_RESOURCE",
                            "the kernel refuses lowering it (EACCES) unless the runtime runs with CAP_SYS_RESOURCE, or a privileged"
                            + " process once set a lower minimum for the caller");
                }
            } catch (NumberFormatException e) {
                // not judged
            }
        }
        JsonValue rl = process.get("rlimits");
        callerLimits(rl);
        String nrOpen = facts.text("sys/fs/nr_open");
        if (rl == null || !rl.isArray() || nrOpen == null) {
            return;
        }
        long max;
        try {
            max = Long.parseLong(nrOpen);
        } catch (NumberFormatException e) {
            return;
        }
        for (int i = 0; i < rl.size(); i++) {
            JsonValue r = rl.at(i);
            if (!r.isObject() || !"RLIMIT_NOFILE".equals(r.string("type"))) {
                continue;
            }
            for (String f : new String[] {"hard", "soft"}) {
                Long v = KernelValues.num(r, f);
                if (v != null && (v < 0 || v > max)) {
                    // uint64 values past Long.MAX_VALUE saturate; RLIM_INFINITY (2^64-1) is above nr_open too
                    error(RuleId.HOST_RLIMIT_NOFILE_ABOVE_NR_OPEN, "/process/rlimits/" + i + "/" + f, r.get(f), "RLIMIT_NOFILE "
                            + f + " " + r.get(f).text() + " is above fs.nr_open (" + max + ")", "the kernel refuses it (EPERM),"
                            + " even for root");
                    break;
                }
            }
        }
    }

    /** The rows of /proc/self/limits, by rlimit name (proc_pid_limits in fs/proc/base.c). */
    private static final Map<String, String> LIMIT_ROWS = Map.ofEntries(Map.entry("RLIMIT_CPU", "Max cpu time"),
            Map.entry("RLIMIT_FSIZE", "Max file size"), Map.entry("RLIMIT_DATA", "Max data size"),
            Map.entry("RLIMIT_STACK", "Max stack size"), Map.entry("RLIMIT_CORE", "Max core file size"),
            Map.entry("RLIMIT_RSS", "Max resident set"), Map.entry("RLIMIT_NPROC", "Max processes"),
            Map.entry("RLIMIT_NOFILE", "Max open files"), Map.entry("RLIMIT_MEMLOCK", "Max locked memory"),
            Map.entry("RLIMIT_AS", "Max address space"), Map.entry("RLIMIT_LOCKS", "Max file locks"),
            Map.entry("RLIMIT_SIGPENDING", "Max pending signals"), Map.entry("RLIMIT_MSGQUEUE", "Max msgqueue size"),
            Map.entry("RLIMIT_NICE", "Max nice priority"), Map.entry("RLIMIT_RTPRIO", "Max realtime priority"),
            Map.entry("RLIMIT_RTTIME", "Max realtime timeout"));

    /** Hard limits above the caller's own, when the caller cannot raise them (no CAP_SYS_RESOURCE). */
    private void callerLimits(JsonValue rl) {
        if (rl == null || !rl.isArray() || rl.size() == 0 || !Boolean.FALSE.equals(capSysResource())) {
            return;
        }
        String limits = facts.text("self/limits");
        if (limits == null) {
            return;
        }
        for (int i = 0; i < rl.size(); i++) {
            JsonValue r = rl.at(i);
            String type = r.isObject() ? r.string("type") : null;
            String row = type == null ? null : LIMIT_ROWS.get(type);
            JsonValue hard = r.isObject() ? r.get("hard") : null;
            if (row == null || hard == null || !hard.isInteger()) {
                continue;
            }
            String own = null;
            for (String line : limits.split("\n")) {
                if (line.startsWith(row + " ")) {
                    List<String> f = words(line.substring(row.length()));
                    own = f.size() >= 2 ? f.get(1) : null;
                }
            }
            if (own == null || own.equals("unlimited") || !SemanticChecker.digits(own) || own.length() > 19) {
                continue;
            }
            if (JsonValue.compareIntegers(hard.text(), own) > 0) {
                error(RuleId.HOST_RLIMIT_ABOVE_CALLER_HARD, "/process/rlimits/" + i + "/hard", hard, r.string("type") + " hard "
                        + hard.text() + " is above the caller's own hard limit " + own + ", and the caller lacks CAP_SYS_RESOURCE",
                        "the kernel refuses raising it (EPERM): use at most " + own);
            }
        }
    }

    /** Whether the caller has CAP_SYS_RESOURCE in its effective set; null when unknown. */
    private Boolean capSysResource() {
        return facts.effectiveCapability(24);
    }
}

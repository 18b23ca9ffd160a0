package dev.jns.core.cgroup;

import dev.jns.core.NotFoundException;
import dev.jns.core.ParseException;
import dev.jns.core.internal.KeyValueLines;
import dev.jns.core.internal.PseudoFiles;
import dev.jns.core.proc.ProcFs;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads cgroups on any layout: one merged tree over all hierarchies (a cgroup that exists only in
 * the v1 {@code cpu} hierarchy still appears), and each figure from the hierarchy that runs its
 * controller. Files that are absent give empty figures; files that cannot be read give empty
 * figures and a note in {@link #problems()}; malformed content is a {@link ParseException}.
 *
 * <pre>{@code
 * CgroupFs fs = CgroupFs.detect(new ProcFs(Path.of("/proc")), Path.of("/"));
 * CgroupStats s = fs.read("/system.slice");
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class CgroupFs {
    /** File-name prefixes of cgroup control files; other entries may be child cgroups. */
    private static final Set<String> CONTROL_PREFIXES = Set.of("cgroup", "cpu", "cpuacct", "cpuset", "memory", "io",
            "blkio", "pids", "hugetlb", "rdma", "misc", "devices", "freezer", "net_cls", "net_prio", "perf_event",
            "irq", "notify_on_release", "release_agent", "tasks");
    private static final String[][] V1_IO_FILES = {
        {"blkio.bfq.io_service_bytes_recursive", "blkio.bfq.io_serviced_recursive"},
        {"blkio.io_service_bytes_recursive", "blkio.io_serviced_recursive"},
        {"blkio.throttle.io_service_bytes_recursive", "blkio.throttle.io_serviced_recursive"},
        {"blkio.throttle.io_service_bytes", "blkio.throttle.io_serviced"},
    };
    /** USER_HZ: the unit of v1 {@code cpuacct.stat}, fixed at 100 by the kernel ABI. */
    private static final long NS_PER_USER_HZ_TICK = 10_000_000L;

    private final CgroupLayout layout;
    private final Hierarchy cpuacct;
    private final Hierarchy cpu;
    private final Hierarchy memory;
    private final Hierarchy io;
    private final Hierarchy pids;
    private final Hierarchy unified;
    private final List<Hierarchy> membership;
    private final List<String> problems = new ArrayList<>();

    public CgroupFs(CgroupLayout layout) {
        this.layout = layout;
        this.cpuacct = layout.forController("cpuacct").orElse(null);
        this.cpu = layout.forController("cpu").orElse(null);
        this.memory = layout.forController("memory").orElse(null);
        Hierarchy blkio = layout.forController("blkio").orElse(null);
        this.io = blkio != null ? blkio : layout.forController("io").orElse(null);
        this.pids = layout.forController("pids").orElse(null);
        this.unified = layout.unified().orElse(null);
        // Where processes and threads are counted: the pids hierarchy on v1 (it tracks every task),
        // the unified one on v2, then the systemd one, then any hierarchy that has the cgroup.
        List<Hierarchy> m = new ArrayList<>();
        if (layout.mode() == CgroupMode.V2 && unified != null) {
            m.add(unified);
        }
        if (pids != null && !pids.unified()) {
            m.add(pids);
        }
        layout.named("systemd").ifPresent(m::add);
        for (Hierarchy h : new Hierarchy[] {memory, cpu, cpuacct, blkio, unified}) {
            if (h != null && !m.contains(h)) {
                m.add(h);
            }
        }
        for (Hierarchy h : layout.hierarchies()) {
            if (!m.contains(h)) {
                m.add(h);
            }
        }
        this.membership = List.copyOf(m);
    }

    /** The layout of the host this reads: mounts from {@code proc}'s {@code self/mountinfo}, paths under {@code sysRoot}. */
    public static CgroupFs detect(ProcFs proc, Path sysRoot) {
        OptionalInt self = proc.selfPid();
        if (self.isEmpty()) {
            throw new NotFoundException(proc.file("self"), "cannot find this process in " + proc.root()
                    + " (no 'self' link): the cgroup mounts are read from its mountinfo");
        }
        return new CgroupFs(CgroupLayout.detect(proc.mountinfo(self.getAsInt()), sysRoot));
    }

    public CgroupLayout layout() {
        return layout;
    }

    /** What could not be read since the last call, and why (for {@code --debug}); clears the list. */
    public List<String> problems() {
        List<String> p = List.copyOf(problems);
        problems.clear();
        return p;
    }

    /** Whether the cgroup exists in any hierarchy. */
    public boolean exists(String path) {
        for (Hierarchy h : layout.hierarchies()) {
            if (Files.isDirectory(h.dirOf(path))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The merged tree below {@code start} (included), down to {@code maxDepth} levels below it
     * (negative for no limit), sorted so that every cgroup comes right before its descendants.
     */
    public List<String> tree(String start, int maxDepth) {
        TreeSet<String> paths = new TreeSet<>(CgroupFs::comparePaths);
        for (Hierarchy h : layout.hierarchies()) {
            Path dir = h.dirOf(start);
            long nlink = directoryLinks(dir);
            if (nlink >= 0) {
                paths.add(start);
                walk(dir, start, 0, maxDepth, nlink, paths);
            }
        }
        return new ArrayList<>(paths);
    }

    /**
     * Adds the cgroups below {@code dir}. Entries named like control files are not stat'ed (there
     * are dozens per cgroup), but a cgroup may be named so too ({@code mkdir cpu.x} is allowed):
     * they are looked at when the directory's link count ({@code nlink}, 2 + its subdirectories on
     * cgroupfs) says a subdirectory is still unaccounted for, or when that count is unknown.
     */
    private void walk(Path dir, String path, int depth, int maxDepth, long nlink, Set<String> out) {
        if (maxDepth >= 0 && depth >= maxDepth) {
            return;
        }
        List<Path> controlNamed = new ArrayList<>();
        long found = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                int dot = name.indexOf('.');
                if (CONTROL_PREFIXES.contains(dot < 0 ? name : name.substring(0, dot))) {
                    controlNamed.add(p);
                } else if (child(p, path, depth, maxDepth, out)) {
                    found++;
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // removed meanwhile, or unreadable: its children are not shown
            return;
        }
        if (nlink < 2 || found < nlink - 2) {
            for (Path p : controlNamed) {
                child(p, path, depth, maxDepth, out);
            }
        }
    }

    /** Adds and walks {@code p} if it is a directory; whether it was. */
    private boolean child(Path p, String path, int depth, int maxDepth, Set<String> out) {
        long nlink = directoryLinks(p);
        if (nlink < 0) {
            return false;
        }
        String name = p.getFileName().toString();
        String child = path.equals("/") ? "/" + name : path + "/" + name;
        out.add(child);
        walk(p, child, depth + 1, maxDepth, nlink, out);
        return true;
    }

    /** The link count of directory {@code p} (one stat); -1 when it is not a directory or is gone. */
    private static long directoryLinks(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,nlink");
            return ((Integer) a.get("mode") & 0170000) == 0040000 ? ((Number) a.get("nlink")).longValue() : -1;
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** Orders paths depth-first: a parent before its children, siblings by name. */
    static int comparePaths(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x == '/') {
                    return -1;
                }
                if (y == '/') {
                    return 1;
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** The process ids in the cgroup itself (its membership hierarchy's {@code cgroup.procs}). */
    public List<Integer> processes(String path) {
        for (Hierarchy h : membership) {
            Optional<String> s = read(h.dirOf(path).resolve("cgroup.procs"));
            if (s.isPresent()) {
                List<Integer> out = new ArrayList<>();
                for (String l : s.get().split("\n")) {
                    if (!l.isEmpty()) {
                        out.add(Integer.parseInt(l.trim()));
                    }
                }
                return out;
            }
        }
        return List.of();
    }

    /** Reads every figure of one cgroup now. */
    public CgroupStats read(String path) {
        Hierarchy member = null;
        OptionalLong procs = OptionalLong.empty();
        OptionalLong threads = OptionalLong.empty();
        OptionalLong inode = OptionalLong.empty();
        for (Hierarchy h : membership) {
            Path dir = h.dirOf(path);
            Optional<String> p = read(dir.resolve("cgroup.procs"));
            if (p.isPresent()) {
                member = h;
                procs = OptionalLong.of(lines(p.get()));
                Optional<String> t = read(dir.resolve(h.unified() ? "cgroup.threads" : "tasks"));
                threads = t.isPresent() ? OptionalLong.of(lines(t.get())) : OptionalLong.empty();
                inode = inode(dir);
                break;
            }
        }
        return new CgroupStats(path, inode, member == null ? "" : member.label(), procs, threads, readCpu(path),
                readMemory(path), readIo(path), readPids(path), readPsi(path));
    }

    private CgroupStats.Cpu readCpu(String path) {
        OptionalLong usage = OptionalLong.empty();
        OptionalLong user = OptionalLong.empty();
        OptionalLong system = OptionalLong.empty();
        if (cpuacct != null && !cpuacct.unified()) {
            Path dir = cpuacct.dirOf(path);
            Optional<String> u = read(dir.resolve("cpuacct.usage"));
            if (u.isPresent()) {
                usage = OptionalLong.of(KeyValueLines.number(u.get().trim(), dir.resolve("cpuacct.usage"), 1));
                Map<String, Long> st = keyed(dir.resolve("cpuacct.stat"));
                user = times(st, "user", NS_PER_USER_HZ_TICK);
                system = times(st, "system", NS_PER_USER_HZ_TICK);
            }
        }
        Map<String, Long> v2 = unified == null ? Map.of() : keyed(unified.dirOf(path).resolve("cpu.stat"));
        if (usage.isEmpty() && v2.containsKey("usage_usec")) {
            usage = times(v2, "usage_usec", 1000);
            user = times(v2, "user_usec", 1000);
            system = times(v2, "system_usec", 1000);
        }
        OptionalLong periods = OptionalLong.empty();
        OptionalLong throttled = OptionalLong.empty();
        OptionalLong throttledNs = OptionalLong.empty();
        Optional<CpuMax> max = Optional.empty();
        if (cpu != null && !cpu.unified()) {
            Path dir = cpu.dirOf(path);
            Map<String, Long> st = keyed(dir.resolve("cpu.stat"));
            periods = times(st, "nr_periods", 1);
            throttled = times(st, "nr_throttled", 1);
            throttledNs = times(st, "throttled_time", 1);
            Optional<String> q = read(dir.resolve("cpu.cfs_quota_us"));
            Optional<String> p = read(dir.resolve("cpu.cfs_period_us"));
            if (q.isPresent() && p.isPresent()) {
                max = Optional.of(CpuMax.parseV1(q.get(), dir.resolve("cpu.cfs_quota_us"), p.get(),
                        dir.resolve("cpu.cfs_period_us")));
            }
        } else if (unified != null) {
            periods = times(v2, "nr_periods", 1);
            throttled = times(v2, "nr_throttled", 1);
            throttledNs = times(v2, "throttled_usec", 1000);
            Path f = unified.dirOf(path).resolve("cpu.max");
            max = read(f).map(s -> CpuMax.parseV2(s, f));
        }
        return new CgroupStats.Cpu(usage, user, system, periods, throttled, throttledNs, max);
    }

    private CgroupStats.Memory readMemory(String path) {
        if (memory == null) {
            return CgroupStats.Memory.NONE;
        }
        Path dir = memory.dirOf(path);
        if (memory.unified()) {
            Map<String, Long> st = keyed(dir.resolve("memory.stat"));
            OptionalLong anon = times(st, "anon", 1);
            OptionalLong file = times(st, "file", 1);
            OptionalLong current = single(dir.resolve("memory.current"));
            if (current.isEmpty() && anon.isPresent() && file.isPresent()) {
                current = OptionalLong.of(anon.getAsLong() + file.getAsLong()); // the root has no memory.current
            }
            return new CgroupStats.Memory(current, anon, file, single(dir.resolve("memory.swap.current")),
                    limit(dir.resolve("memory.max"), false), limit(dir.resolve("memory.high"), false));
        }
        OptionalLong usage = single(dir.resolve("memory.usage_in_bytes"));
        Map<String, Long> st = keyed(dir.resolve("memory.stat"));
        OptionalLong anon = times(st, st.containsKey("total_rss") ? "total_rss" : "rss", 1);
        OptionalLong file = times(st, st.containsKey("total_cache") ? "total_cache" : "cache", 1);
        OptionalLong memsw = single(dir.resolve("memory.memsw.usage_in_bytes"));
        OptionalLong swap = memsw.isPresent() && usage.isPresent()
                ? OptionalLong.of(Math.max(0, memsw.getAsLong() - usage.getAsLong())) : OptionalLong.empty();
        return new CgroupStats.Memory(usage, anon, file, swap, limit(dir.resolve("memory.limit_in_bytes"), true),
                Optional.empty());
    }

    private Optional<IoStat> readIo(String path) {
        if (io == null) {
            return Optional.empty();
        }
        Path dir = io.dirOf(path);
        if (io.unified()) {
            Path f = dir.resolve("io.stat");
            return read(f).map(s -> IoStat.parseV2(s, f));
        }
        for (String[] pair : V1_IO_FILES) {
            Path bf = dir.resolve(pair[0]);
            Optional<String> bytes = read(bf);
            if (bytes.isPresent()) {
                Path of = dir.resolve(pair[1]);
                return Optional.of(IoStat.parseV1(bytes.get(), bf, read(of).orElse(""), of));
            }
        }
        return Optional.empty();
    }

    private CgroupStats.Pids readPids(String path) {
        if (pids == null) {
            return CgroupStats.Pids.NONE;
        }
        Path dir = pids.dirOf(path);
        return new CgroupStats.Pids(single(dir.resolve("pids.current")), limit(dir.resolve("pids.max"), false));
    }

    private CgroupStats.Psi readPsi(String path) {
        if (unified == null) {
            return CgroupStats.Psi.NONE;
        }
        Path dir = unified.dirOf(path);
        return new CgroupStats.Psi(pressure(dir.resolve("cpu.pressure")), pressure(dir.resolve("memory.pressure")),
                pressure(dir.resolve("io.pressure")));
    }

    private Optional<Pressure> pressure(Path f) {
        return read(f).map(s -> Pressure.parse(s, f));
    }

    private Optional<Limit> limit(Path f, boolean v1) {
        Optional<String> s = read(f);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String v = s.get().trim();
        if (v.equals("max")) {
            return Optional.of(Limit.UNLIMITED);
        }
        try {
            long n = Long.parseLong(v);
            return Optional.of(v1 ? Limit.ofV1Bytes(n) : Limit.of(n));
        } catch (NumberFormatException e) {
            throw new ParseException(f, 1, "expected a number or 'max', found '" + v + "'");
        }
    }

    private OptionalLong single(Path f) {
        Optional<String> s = read(f);
        return s.isPresent() ? OptionalLong.of(KeyValueLines.number(s.get().trim(), f, 1)) : OptionalLong.empty();
    }

    private Map<String, Long> keyed(Path f) {
        Optional<String> s = read(f);
        return s.isPresent() ? KeyValueLines.parse(s.get(), f) : Map.of();
    }

    private static OptionalLong times(Map<String, Long> m, String key, long factor) {
        Long v = m.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v * factor);
    }

    private static long lines(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n + (s.isEmpty() || s.endsWith("\n") ? 0 : 1);
    }

    private OptionalLong inode(Path dir) {
        try {
            Object ino = Files.getAttribute(dir, "unix:ino");
            return ino instanceof Long l ? OptionalLong.of(l) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** A file's content; empty when it does not exist, or cannot be read (noted in {@link #problems()}). */
    private Optional<String> read(Path f) {
        try {
            return Optional.of(PseudoFiles.text(f));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            problems.add(f + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return Optional.empty();
        }
    }
}

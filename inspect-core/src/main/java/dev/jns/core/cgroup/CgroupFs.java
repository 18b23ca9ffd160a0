package dev.jns.core.cgroup;

import dev.jns.core.NotFoundException;
import dev.jns.core.ParseException;
import dev.jns.core.internal.KeyValueLines;
import dev.jns.core.internal.PseudoFiles;
import dev.jns.core.proc.ProcFs;
import java.io.IOException;
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
public final class CgroupFs implements AutoCloseable {
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
    /** Open cgroup files, least recently used first; bounded to stay well inside the fd limit. */
    private final java.util.LinkedHashMap<Path, java.nio.channels.FileChannel> channels =
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Path, java.nio.channels.FileChannel> eldest) {
                    if (size() <= MAX_OPEN_FILES) {
                        return false;
                    }
                    try {
                        eldest.getValue().close();
                    } catch (IOException ignored) {
                        // see forget
                    }
                    return true;
                }
            };
    /** At most this many cgroup files stay open (the JVM raises the soft fd limit to the hard one). */
    private static final int MAX_OPEN_FILES = 8192;
    private java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(8192);
    /** The figures the current read asks for. */
    private Set<Figure> want = Figure.all();
    private final CgroupWalker walker = new CgroupWalker();
    /** Cgroup directories seen by the last {@link #tree} walk, and the subtree it covered. */
    private Map<Path, Long> knownDirs;
    private String walkScope;
    /** While reading a cgroup inside the walked subtree: skip directories the walk did not see. */
    private boolean filterDirs;
    /**
     * Files found absent (a controller not enabled for a cgroup, an optional file this kernel
     * lacks): not tried again for a while, so a refresh does not pay a failed open for each.
     */
    private final Set<Path> absent = new java.util.HashSet<>();
    private long absentSince = System.nanoTime();
    private static final long ABSENT_TTL_NANOS = 30_000_000_000L;

    /** Whether each file is checked to be a regular file before it is opened (see {@link PseudoFiles}). */
    private final boolean checkFiles;

    /** Reads the hierarchies of {@code layout}, opening only regular files (a fixture may hold anything). */
    public CgroupFs(CgroupLayout layout) {
        this(layout, false);
    }

    /**
     * @param layout      the hierarchies
     * @param trustFiles  the hierarchies are the live host's cgroup file systems, whose files are
     *                    opened without checking that they are regular files ({@link #detect} decides)
     */
    private CgroupFs(CgroupLayout layout, boolean trustFiles) {
        this.layout = layout;
        this.checkFiles = !trustFiles;
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

    /**
     * The layout of the host this reads: mounts from {@code proc}'s {@code self/mountinfo}, paths
     * under {@code sysRoot}. Files are trusted (opened without a type check) only on the live
     * host: the default {@code /proc} and a sys root of {@code /}.
     */
    public static CgroupFs detect(ProcFs proc, Path sysRoot) {
        OptionalInt self = proc.selfPid();
        if (self.isEmpty()) {
            throw new NotFoundException(proc.file("self"), "cannot find this process in " + proc.root()
                    + " (no 'self' link): the cgroup mounts are read from its mountinfo");
        }
        boolean live = proc.root().equals(ProcFs.DEFAULT_ROOT) && sysRoot.equals(Path.of("/"));
        return new CgroupFs(CgroupLayout.detect(proc.mountinfo(self.getAsInt()), sysRoot), live);
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

    /**
     * {@code path} itself, when the cgroup exists in some hierarchy.
     *
     * @throws NotFoundException naming the cgroup when it exists in none
     */
    public String require(String path) {
        if (!exists(path)) {
            throw new NotFoundException(layout.hierarchies().get(0).dir(), "no such cgroup: " + path);
        }
        return path;
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
     * The {@code maxDepth} of {@link #tree} and {@link CgroupSnapshot#take} for the whole subtree,
     * however deep (any negative number says the same).
     */
    public static final int ALL_LEVELS = -1;

    /**
     * The merged tree below {@code start} (included), down to {@code maxDepth} levels below it
     * ({@link #ALL_LEVELS} for no limit), sorted so that every cgroup comes right before its descendants.
     */
    public List<String> tree(String start, int maxDepth) {
        TreeSet<String> paths = new TreeSet<>(CgroupFs::comparePaths);
        Map<Path, Long> dirs = new java.util.HashMap<>();
        for (Hierarchy h : layout.hierarchies()) {
            walker.walk(h.dirOf(start), start, maxDepth, paths, dirs);
        }
        // Only a complete walk tells which directories do not exist.
        knownDirs = maxDepth < 0 ? dirs : null;
        walkScope = maxDepth < 0 ? start : null;
        if (System.nanoTime() - absentSince > ABSENT_TTL_NANOS) {
            absent.clear();
            absentSince = System.nanoTime();
        }
        return new ArrayList<>(paths);
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
            Path f = h.dirOf(path).resolve("cgroup.procs");
            Optional<String> s = read(f);
            if (s.isPresent()) {
                List<Integer> out = new ArrayList<>();
                int lineNo = 0;
                for (String l : s.get().split("\n")) {
                    lineNo++;
                    if (!l.isEmpty()) {
                        try {
                            out.add(Integer.parseInt(l.trim()));
                        } catch (NumberFormatException e) {
                            throw new ParseException(f, lineNo, "not a process id: '" + l + "'");
                        }
                    }
                }
                return out;
            }
        }
        return List.of();
    }

    /** Where a cgroup is in each hierarchy: one path for all of them, or a process's paths. */
    @FunctionalInterface
    private interface Placement {
        /** The cgroup's directory in {@code h}. */
        Path dir(Hierarchy h);
    }

    /** Reads every figure of one cgroup (the same path in every hierarchy) now. */
    public CgroupStats read(String path) {
        return read(path, Figure.all());
    }

    /** Reads only the given figures of one cgroup; the others are empty. */
    public CgroupStats read(String path, Set<Figure> figures) {
        Set<Figure> before = want;
        want = figures;
        try {
            return read(path, new SamePath(path));
        } finally {
            want = before;
        }
    }

    /**
     * Reads the figures of a process's cgroups: each controller's figures from the process's own
     * cgroup in that controller's hierarchy (on v1 and hybrid hosts these paths differ).
     *
     * @param entries the process's {@code /proc/PID/cgroup}
     */
    public CgroupStats readMember(List<dev.jns.core.proc.ProcCgroup> entries) {
        java.util.Map<Hierarchy, String> where = pathsOf(entries);
        Hierarchy first = null;
        for (Hierarchy h : membership) {
            if (where.containsKey(h)) {
                first = h;
                break;
            }
        }
        String label = first == null ? "/" : where.get(first);
        return read(label, new Placement() {
            @Override
            public Path dir(Hierarchy h) {
                String p = where.get(h);
                return p == null ? h.dir().resolve(".jns-not-a-member") : h.dirOf(p);
            }
        });
    }

    /** A process's cgroup path in each mounted hierarchy, from its {@code /proc/PID/cgroup}. */
    public java.util.Map<Hierarchy, String> pathsOf(List<dev.jns.core.proc.ProcCgroup> entries) {
        java.util.Map<Hierarchy, String> where = new java.util.HashMap<>();
        for (Hierarchy h : layout.hierarchies()) {
            for (dev.jns.core.proc.ProcCgroup e : entries) {
                boolean match = h.unified() ? e.unified()
                        : !e.unified() && (h.name().isEmpty() ? Set.copyOf(e.controllers()).equals(h.controllers())
                                : e.controllers().contains("name=" + h.name()));
                if (match) {
                    where.put(h, e.path());
                }
            }
        }
        return where;
    }

    /** The process's cgroup path in each hierarchy it belongs to, by hierarchy label. */
    public java.util.Map<String, String> placement(List<dev.jns.core.proc.ProcCgroup> entries) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (dev.jns.core.proc.ProcCgroup e : entries) {
            m.put(e.unified() ? "unified" : String.join(",", e.controllers()), e.path());
        }
        return m;
    }

    private CgroupStats read(String path, Placement at) {
        filterDirs = knownDirs != null && at instanceof SamePath && CgroupPath.within(path, walkScope);
        try {
            return readNow(path, at);
        } finally {
            filterDirs = false;
        }
    }

    /** The same path in every hierarchy. */
    private static final class SamePath implements Placement {
        private final String path;

        SamePath(String path) {
            this.path = path;
        }

        @Override
        public Path dir(Hierarchy h) {
            return h.dirOf(path);
        }
    }

    private CgroupStats readNow(String path, Placement at) {
        Hierarchy member = null;
        OptionalLong procs = OptionalLong.empty();
        OptionalLong threads = OptionalLong.empty();
        OptionalLong inode = OptionalLong.empty();
        for (Hierarchy h : membership) {
            Path dir = at.dir(h);
            if (filterDirs) {
                // the walk saw which hierarchies have this cgroup, and their inodes: no failed opens
                Long ino = knownDirs.get(dir);
                if (ino == null) {
                    continue;
                }
                member = h;
                inode = OptionalLong.of(ino);
                if (want.contains(Figure.PROCS)) {
                    Optional<String> p = read(dir.resolve("cgroup.procs"));
                    procs = p.isPresent() ? OptionalLong.of(lines(p.get())) : OptionalLong.empty();
                }
            } else {
                Optional<String> p = read(dir.resolve("cgroup.procs"));
                if (p.isEmpty()) {
                    continue;
                }
                member = h;
                procs = OptionalLong.of(lines(p.get()));
                inode = inode(dir);
            }
            if (want.contains(Figure.TASKS)) {
                Optional<String> t = read(dir.resolve(h.unified() ? "cgroup.threads" : "tasks"));
                threads = t.isPresent() ? OptionalLong.of(lines(t.get())) : OptionalLong.empty();
            }
            break;
        }
        CgroupStats.Cpu cpuStats = readCpu(at);
        long readAt = System.nanoTime();
        return new CgroupStats(path, inode, member == null ? "" : member.label(), procs, threads, cpuStats,
                readMemory(at), readIo(at), readPids(at), readPsi(at), readAt);
    }

    private CgroupStats.Cpu readCpu(Placement at) {
        boolean detail = want.contains(Figure.CPU_DETAIL);
        if (!detail && !want.contains(Figure.CPU)) {
            return CgroupStats.Cpu.NONE;
        }
        OptionalLong usage = OptionalLong.empty();
        OptionalLong user = OptionalLong.empty();
        OptionalLong system = OptionalLong.empty();
        if (cpuacct != null && !cpuacct.unified()) {
            Path dir = at.dir(cpuacct);
            Optional<String> u = read(dir.resolve("cpuacct.usage"));
            if (u.isPresent()) {
                usage = OptionalLong.of(KeyValueLines.number(u.get().trim(), dir.resolve("cpuacct.usage"), 1));
                Map<String, Long> st = detail ? keyed(dir.resolve("cpuacct.stat")) : Map.of();
                user = times(st, "user", NS_PER_USER_HZ_TICK);
                system = times(st, "system", NS_PER_USER_HZ_TICK);
            }
        }
        Map<String, Long> v2 = unified == null || usage.isPresent() && !detail ? Map.of()
                : keyed(at.dir(unified).resolve("cpu.stat"));
        if (usage.isEmpty() && v2.containsKey("usage_usec")) {
            usage = times(v2, "usage_usec", 1000);
            user = times(v2, "user_usec", 1000);
            system = times(v2, "system_usec", 1000);
        }
        OptionalLong periods = OptionalLong.empty();
        OptionalLong throttled = OptionalLong.empty();
        OptionalLong throttledNs = OptionalLong.empty();
        Optional<CpuMax> max = Optional.empty();
        if (!detail) {
            return new CgroupStats.Cpu(usage, user, system, periods, throttled, throttledNs, max);
        }
        if (cpu != null && !cpu.unified()) {
            Path dir = at.dir(cpu);
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
            Path f = at.dir(unified).resolve("cpu.max");
            max = read(f).map(s -> CpuMax.parseV2(s, f));
        }
        return new CgroupStats.Cpu(usage, user, system, periods, throttled, throttledNs, max);
    }

    private CgroupStats.Memory readMemory(Placement at) {
        if (memory == null) {
            return CgroupStats.Memory.NONE;
        }
        boolean current = want.contains(Figure.MEMORY);
        boolean detail = want.contains(Figure.MEMORY_DETAIL);
        boolean limits = want.contains(Figure.MEMORY_LIMITS);
        if (!current && !detail && !limits) {
            return CgroupStats.Memory.NONE;
        }
        Path dir = at.dir(memory);
        if (memory.unified()) {
            Path cf = dir.resolve("memory.current");
            OptionalLong usage = current || detail ? single(cf) : OptionalLong.empty();
            boolean emulate = current && usage.isEmpty() && Files.notExists(cf); // the root has no memory.current
            Map<String, Long> st = detail || emulate ? keyed(dir.resolve("memory.stat")) : Map.of();
            OptionalLong anon = times(st, "anon", 1);
            OptionalLong file = times(st, "file", 1);
            if (emulate && anon.isPresent() && file.isPresent()) {
                usage = OptionalLong.of(anon.getAsLong() + file.getAsLong());
            }
            return new CgroupStats.Memory(usage, detail ? anon : OptionalLong.empty(), detail ? file : OptionalLong.empty(),
                    detail ? single(dir.resolve("memory.swap.current")) : OptionalLong.empty(),
                    limits ? limit(dir.resolve("memory.max"), false) : Optional.empty(),
                    limits ? limit(dir.resolve("memory.high"), false) : Optional.empty());
        }
        OptionalLong usage = current || detail ? single(dir.resolve("memory.usage_in_bytes")) : OptionalLong.empty();
        OptionalLong anon = OptionalLong.empty();
        OptionalLong file = OptionalLong.empty();
        OptionalLong swap = OptionalLong.empty();
        if (detail) {
            Map<String, Long> st = keyed(dir.resolve("memory.stat"));
            anon = times(st, st.containsKey("total_rss") ? "total_rss" : "rss", 1);
            file = times(st, st.containsKey("total_cache") ? "total_cache" : "cache", 1);
            OptionalLong memsw = single(dir.resolve("memory.memsw.usage_in_bytes"));
            swap = memsw.isPresent() && usage.isPresent()
                    ? OptionalLong.of(Math.max(0, memsw.getAsLong() - usage.getAsLong())) : OptionalLong.empty();
        }
        return new CgroupStats.Memory(current ? usage : OptionalLong.empty(), anon, file, swap,
                limits ? limit(dir.resolve("memory.limit_in_bytes"), true) : Optional.empty(), Optional.empty());
    }

    private Optional<IoStat> readIo(Placement at) {
        if (io == null || !want.contains(Figure.IO)) {
            return Optional.empty();
        }
        Path dir = at.dir(io);
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

    private CgroupStats.Pids readPids(Placement at) {
        if (pids == null) {
            return CgroupStats.Pids.NONE;
        }
        Path dir = at.dir(pids);
        return new CgroupStats.Pids(want.contains(Figure.TASKS) ? single(dir.resolve("pids.current")) : OptionalLong.empty(),
                want.contains(Figure.PIDS_LIMIT) ? limit(dir.resolve("pids.max"), false) : Optional.empty());
    }

    private CgroupStats.Psi readPsi(Placement at) {
        if (unified == null || !want.contains(Figure.PSI)) {
            return CgroupStats.Psi.NONE;
        }
        Path dir = at.dir(unified);
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

    /**
     * A file's content; empty when it does not exist, or cannot be read (noted in {@link #problems()}).
     * Files stay open between refreshes and are re-read from offset 0 (cgroup files regenerate on
     * every read from the start): one system call per figure instead of four.
     */
    private Optional<String> read(Path f) {
        if (filterDirs && !knownDirs.containsKey(f.getParent()) || absent.contains(f)) {
            return Optional.empty();
        }
        String name = f.getFileName().toString();
        if (name.equals("cgroup.procs") || name.equals("tasks") || name.equals("cgroup.threads")) {
            // v1 keeps a pid list per open file for a while: re-reading an open one can be stale
            return readOnce(f);
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            java.nio.channels.FileChannel ch = channels.get(f);
            try {
                if (ch == null) {
                    ch = open(f);
                    channels.put(f, ch);
                }
                return Optional.of(readFrom(ch));
            } catch (NoSuchFileException e) {
                return absent(f);
            } catch (IOException e) {
                forget(f);
                String why = reason(e);
                if (why.contains("No such device") || why.contains("No such file")) {
                    continue; // the cgroup was removed (and maybe made again): open it afresh, once
                }
                problems.add(f + ": " + why);
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * A file found missing: remembered as absent when its cgroup exists (a controller not enabled
     * there, a file this kernel lacks), so that a refresh does not try it again for a while.
     */
    private Optional<String> absent(Path f) {
        if (Files.isDirectory(f.getParent())) {
            absent.add(f);
        }
        return Optional.empty();
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Opens a cgroup file; outside the live host, only a regular file, and not through a last link. */
    private java.nio.channels.FileChannel open(Path f) throws IOException {
        if (!checkFiles) {
            return java.nio.channels.FileChannel.open(f);
        }
        try {
            if (!PseudoFiles.regularOrAbsent(f)) {
                throw new NoSuchFileException(f.toString());
            }
        } catch (dev.jns.core.NotRegularFileException e) {
            throw new IOException(e.what());
        }
        return java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.READ,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    private Optional<String> readOnce(Path f) {
        try (java.nio.channels.FileChannel ch = open(f)) {
            return Optional.of(readFrom(ch));
        } catch (NoSuchFileException e) {
            return absent(f);
        } catch (IOException e) {
            String why = reason(e);
            if (!why.contains("No such device")) {
                problems.add(f + ": " + why);
            }
            return Optional.empty();
        }
    }

    private String readFrom(java.nio.channels.FileChannel ch) throws IOException {
        buffer.clear();
        long pos = 0;
        while (true) {
            int n = ch.read(buffer, pos);
            if (n <= 0) {
                break;
            }
            pos += n;
            if (!buffer.hasRemaining()) {
                if (buffer.capacity() >= PseudoFiles.MAX_BYTES) {
                    break;
                }
                java.nio.ByteBuffer bigger = java.nio.ByteBuffer.allocate(buffer.capacity() * 2);
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }
        return new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private void forget(Path f) {
        java.nio.channels.FileChannel ch = channels.remove(f);
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a cgroup file does not fail in a way that matters
            }
        }
    }

    /** Closes the files kept open between refreshes. The instance stays usable. */
    @Override
    public void close() {
        for (java.nio.channels.FileChannel ch : channels.values()) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // see forget
            }
        }
        channels.clear();
    }
}

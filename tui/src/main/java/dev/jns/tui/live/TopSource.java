package dev.jns.tui.live;

import dev.jns.core.JnsException;
import dev.jns.core.NamespaceId;
import dev.jns.core.NamespaceType;
import dev.jns.core.Units;
import dev.jns.core.cgroup.CgroupFigure;
import dev.jns.core.cgroup.CgroupFs;
import dev.jns.core.cgroup.CgroupPath;
import dev.jns.core.cgroup.CgroupSampler;
import dev.jns.core.cgroup.CgroupStats;
import dev.jns.core.cgroup.CgroupTable;
import dev.jns.core.cgroup.Figure;
import dev.jns.core.cgroup.Limit;
import dev.jns.core.internal.PseudoFiles;
import dev.jns.core.ns.Namespace;
import dev.jns.core.ns.NamespaceScanner;
import dev.jns.core.ns.NamespaceSnapshot;
import dev.jns.core.proc.Passwd;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.proc.ProcessInfo;
import dev.jns.core.proc.ProcessSnapshot;
import dev.jns.core.sys.NativeNamespaceInspector;
import dev.jns.tui.Column;
import dev.jns.tui.ListState;
import dev.jns.tui.Row;
import dev.jns.tui.TopApp;
import dev.jns.tui.TopState;
import dev.jns.tui.TtyTerminal;
import dev.jns.tui.ViewId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The rows of {@code jns top}'s three views (and of {@code jns cgtop}'s full screen), read from
 * the core, and what the UI does to a process: enter its namespaces with {@code jns enter}, or
 * signal it. {@link #show} runs the full screen on the controlling terminal.
 */
public final class TopSource implements TopApp.Source {

    /** Namespace types in the order of the NS summary column, and their letters. */
    static final NamespaceType[] NS_ORDER = {NamespaceType.MNT, NamespaceType.UTS, NamespaceType.IPC, NamespaceType.NET,
        NamespaceType.PID, NamespaceType.USER, NamespaceType.CGROUP, NamespaceType.TIME};
    static final String NS_LETTERS = "muinpUCT";

    private static final Set<Figure> CGROUP_FIGURES = EnumSet.of(Figure.TASKS, Figure.CPU, Figure.MEMORY,
            Figure.MEMORY_LIMITS, Figure.IO, Figure.PSI);

    private final ProcFs proc;
    private final CgroupFs cgroups;
    private final String start;
    private final int depth;
    private final String cgroupMode;
    private final List<String> self;
    private final Passwd users;
    private final CgroupSampler cgroupSampler;
    private ProcessSnapshot prevProcesses;
    private ProcessSnapshot lastProcesses;
    private NamespaceScanner scanner;
    private java.util.function.Supplier<String> oshi;
    private boolean oshiTried;

    /**
     * @param proc         where processes are read
     * @param cgroups      where cgroups are read
     * @param start        the cgroup the cgroup view starts at
     * @param depth        levels below it to show
     * @param self         the command line that runs jns ({@code e} adds {@code enter -a -t PID})
     */
    public TopSource(ProcFs proc, CgroupFs cgroups, String start, int depth, List<String> self) {
        this.proc = proc;
        this.cgroups = cgroups;
        this.start = start;
        this.depth = depth;
        this.cgroupMode = cgroups.layout().mode().label();
        this.self = List.copyOf(self);
        this.users = Passwd.forProcRoot(proc.root());
        this.cgroupSampler = new CgroupSampler(cgroups, start, CGROUP_FIGURES);
    }

    /** The three views' columns, each sorted by its usual key. */
    public static Map<ViewId, ListState> lists() {
        Map<ViewId, ListState> m = new EnumMap<>(ViewId.class);
        m.put(ViewId.CGROUPS, ListState.of(List.of(Column.name("Control Group", 'p'), Column.figure("Tasks", 6, 't'),
                Column.figure("%CPU", 6, 'c'), Column.figure("Memory", 7, 'm'), Column.figure("MemMax", 7, 'l'),
                Column.figure("Input/s", 7, 'i'), Column.figure("Output/s", 8, 'o'), Column.figure("PSI", 5, 's')),
                2, true));
        m.put(ViewId.PROCESSES, ListState.of(List.of(Column.figure("PID", 7, 'n'), Column.text("USER", 8, 'u'),
                Column.figure("%CPU", 5, 'c'), Column.figure("RSS", 6, 'm'), Column.text("S", 1, '\0'),
                Column.text("NS", 8, 'x'), Column.text("CGROUP", 18, 'g'), Column.name("COMMAND", 'p')), 2, false));
        m.put(ViewId.NAMESPACES, ListState.of(List.of(new Column("NS", 10, true, 'n', false),
                Column.text("TYPE", 6, 'y'), Column.figure("NPROCS", 6, 't'), new Column("PID", 7, true, '\0', false),
                Column.text("USER", 8, 'u'), Column.name("COMMAND", 'p')), 1, false));
        return m;
    }

    @Override
    public List<Row> rows(ViewId view) {
        switch (view) {
            case CGROUPS: return cgroupRows();
            case PROCESSES: return processRows();
            default: return namespaceRows();
        }
    }

    /** From OSHI on the live host (loaded on the sampling thread, at the first refresh), else from the proc root. */
    @Override
    public String header() {
        if (!oshiTried) {
            oshiTried = true;
            oshi = proc.root().equals(ProcFs.DEFAULT_ROOT) ? OshiHostLine.load(cgroupMode) : null;
        }
        if (oshi != null) {
            try {
                return oshi.get();
            } catch (RuntimeException e) {
                oshi = null;
            }
        }
        return HostLine.of(proc, cgroupMode);
    }

    List<Row> cgroupRows() {
        CgroupSampler.Interval interval = cgroupSampler.take();
        cgroups.problems();
        List<CgroupTable.Row> table = interval.rows(
                CgroupTable.Settings.of(CgroupTable.Order.PATH, CgroupTable.Count.TASKS, depth, CgroupTable.Option.RECURSIVE), 0);
        List<Row> out = new ArrayList<>(table.size());
        for (CgroupTable.Row r : table) {
            String p = r.path();
            String parent = p.equals(start) ? "" : CgroupPath.parent(p);
            OptionalDouble cpu = r.rates().cpuPercent();
            OptionalLong mem = r.stats().memory().current();
            Optional<Limit> max = r.stats().memory().max();
            OptionalDouble psi = CgroupTable.pressure(r);
            OptionalDouble in = r.rates().readBytesPerSec();
            OptionalDouble outRate = r.rates().writeBytesPerSec();
            out.add(new Row(p, parent, List.of(p, Units.count(r.count()), Units.oneDecimal(cpu), Units.bytes(mem),
                    max.map(l -> l.format(Units::bytes)).orElse(Units.NONE), Units.bytesPerSecond(in),
                    Units.bytesPerSecond(outRate), Units.oneDecimal(psi)),
                    java.util.Arrays.asList(p, boxed(r.count()), boxed(cpu), boxed(mem), limitValue(max), boxed(in),
                            boxed(outRate), boxed(psi)),
                    List.of(), CgroupPath.name(p)));
        }
        return out;
    }

    List<Row> processRows() {
        ProcessSnapshot cur = ProcessSnapshot.take(proc, users);
        ProcessSnapshot prev = prevProcesses;
        prevProcesses = cur;
        lastProcesses = cur;
        Map<NamespaceType, NamespaceId> init = reference(cur);
        List<Row> out = new ArrayList<>(cur.processes().size());
        for (ProcessSnapshot.Sample s : cur.processes().values()) {
            int pid = s.stat().pid();
            OptionalDouble cpu = prev == null ? OptionalDouble.empty() : cur.cpuPercent(prev, pid);
            long rss = s.stat().rssPages() * proc.pageSize();
            String ns = nsSummary(s.namespaces(), init);
            List<String> groups = new ArrayList<>(s.cgroups());
            for (NamespaceId id : s.namespaces().values()) {
                groups.add(id.toString());
            }
            String cmd = s.command();
            out.add(new Row(Integer.toString(pid), Integer.toString(s.stat().ppid()),
                    List.of(Integer.toString(pid), s.user(), Units.oneDecimal(cpu),
                            Units.bytes(rss), String.valueOf(s.stat().state()), ns,
                            s.cgroup().isEmpty() ? "-" : s.cgroup(), cmd),
                    java.util.Arrays.asList((long) pid, s.user(), boxed(cpu), rss, null, ns, s.cgroup(), cmd),
                    groups, ""));
        }
        return out;
    }

    /**
     * The namespaces processes are compared with: PID 1's, or when they cannot be read (PID 1 in
     * a user namespace jns is not privileged over), jns's own.
     */
    private Map<NamespaceType, NamespaceId> reference(ProcessSnapshot snap) {
        ProcessSnapshot.Sample one = snap.processes().get(1);
        if (one != null && !one.namespaces().isEmpty()) {
            return one.namespaces();
        }
        java.util.OptionalInt self = proc.selfPid();
        ProcessSnapshot.Sample me = self.isPresent() ? snap.processes().get(self.getAsInt()) : null;
        return me != null ? me.namespaces() : Map.of();
    }

    /** One letter per namespace type that differs from PID 1's, {@code .} where it is the same, {@code ?} unreadable. */
    public static String nsSummary(Map<NamespaceType, NamespaceId> mine, Map<NamespaceType, NamespaceId> init) {
        StringBuilder b = new StringBuilder(NS_ORDER.length);
        for (int i = 0; i < NS_ORDER.length; i++) {
            NamespaceId m = mine.get(NS_ORDER[i]);
            NamespaceId o = init.get(NS_ORDER[i]);
            b.append(m == null || o == null ? '?' : m.equals(o) ? '.' : NS_LETTERS.charAt(i));
        }
        return b.toString();
    }

    List<Row> namespaceRows() {
        if (scanner == null) {
            scanner = NamespaceScanner.of(proc, new NativeNamespaceInspector.Loader());
        }
        NamespaceSnapshot snap = scanner.scan(NamespaceScanner.Options.of(EnumSet.allOf(NamespaceType.class),
                NamespaceScanner.Find.PERSISTENT, NamespaceScanner.Find.RELATIONS, NamespaceScanner.Find.ANCESTORS));
        List<Row> out = new ArrayList<>(snap.namespaces().size());
        for (Namespace n : snap.namespaces()) {
            String key = n.id().toString();
            String parent = "";
            if (n.owner().isPresent() && n.owner().getAsLong() != 0 && n.owner().getAsLong() != n.inode()) {
                parent = "user:[" + Long.toUnsignedString(n.owner().getAsLong()) + "]";
            }
            Optional<ProcessInfo> p = snap.representative(n);
            String command = p.isPresent() ? p.get().command()
                    : !n.nsfsMounts().isEmpty() ? "(bind mount " + n.nsfsMounts().get(0) + ")"
                    : !n.heldBy().isEmpty() ? "(held by an open file)" : "-";
            Optional<String> user = snap.user(n, scanner.users()); // as jns ls: a held namespace's owner
            String inode = Long.toUnsignedString(n.inode());
            out.add(new Row(key, parent, List.of(inode, n.type().procName(), Integer.toString(n.nprocs()),
                    n.lowestPid().isPresent() ? Integer.toString(n.lowestPid().getAsInt()) : "-", user.orElse("-"), command),
                    java.util.Arrays.asList(n.inode(), n.type().procName(), (long) n.nprocs(),
                            n.lowestPid().isPresent() ? (Object) (long) n.lowestPid().getAsInt() : null,
                            user.orElse(null), command.equals("-") ? null : command), // unknown: null
                    List.of(), ""));
        }
        return out;
    }

    @Override
    public List<String> details(String key) {
        int pid;
        try {
            pid = Integer.parseInt(key);
        } catch (NumberFormatException e) {
            return List.of();
        }
        Optional<ProcessSnapshot.Sample> read = ProcessSnapshot.read(proc, users, pid);
        if (read.isEmpty()) {
            return List.of();
        }
        ProcessSnapshot.Sample s = read.get();
        List<String> lines = new ArrayList<>();
        lines.add("command   " + s.command());
        lines.add("state     " + s.stat().state() + "   threads " + s.stat().numThreads() + "   user " + s.user()
                + " (uid " + s.uid() + ")   parent " + s.stat().ppid());
        lines.add("uid_map   " + oneLine(proc, pid, "uid_map") + "   gid_map " + oneLine(proc, pid, "gid_map"));
        lines.add("");
        lines.add("namespaces (processes in it; * differs from PID 1's, or jns's own when PID 1's are unreadable)");
        ProcessSnapshot all = lastProcesses;
        Map<NamespaceType, NamespaceId> init = all != null ? reference(all) : Map.of();
        for (NamespaceType t : NS_ORDER) {
            NamespaceId id = s.namespaces().get(t);
            if (id == null) {
                lines.add(String.format("  %-7s -", t.procName()));
                continue;
            }
            boolean differs = init.containsKey(t) && !id.equals(init.get(t));
            int n = all != null ? all.sharing(id) : 0;
            String sharing = all == null ? "" : n == 1 ? "1 process" : n + " processes";
            lines.add(String.format("  %-7s %-22s %s%s", t.procName(), id, sharing, differs ? "  *" : ""));
        }
        lines.add("");
        lines.add("cgroup    " + (s.cgroup().isEmpty() ? "-" : s.cgroup()));
        try {
            List<dev.jns.core.proc.ProcCgroup> entries = proc.cgroups(pid);
            for (Map.Entry<String, String> e : cgroups.placement(entries).entrySet()) {
                lines.add("  in " + e.getKey() + ": " + e.getValue());
            }
            CgroupStats st = cgroups.readMember(entries);
            cgroups.problems();
            lines.add("  memory  " + Units.bytes(st.memory().current()) + " of "
                    + st.memory().max().map(l -> l.format(Units::bytes)).orElse(Units.NONE)
                    + "   pids " + Units.count(st.pids().current()) + " of " + CgroupFigure.PIDS_MAX.text(st).orElse(Units.NONE)
                    + "   cpu.max " + CgroupFigure.CPU_MAX.text(st).orElse(Units.NONE));
            lines.add("  cpu     " + Units.count(st.cpu().usageNs()) + " ns used, throttled "
                    + Units.count(st.cpu().throttledPeriods()) + " times");
        } catch (JnsException e) {
            lines.add("  " + e.getMessage());
        }
        return lines;
    }

    private static String oneLine(ProcFs proc, int pid, String name) {
        try {
            String t = PseudoFiles.text(proc.file(pid, name)).trim().replaceAll("\\s+", " ");
            return t.isEmpty() ? "-" : t;
        } catch (IOException | RuntimeException e) {
            return "-";
        }
    }

    @Override
    public String enter(String key) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(self);
        argv.addAll(List.of("enter", "-a", "-t", key));
        System.out.println("jns top: a shell in the namespaces of process " + key + "; exit it to return.");
        System.out.flush();
        Process p;
        try {
            p = new ProcessBuilder(argv).inheritIO().start();
        } catch (IOException e) {
            // a note on the screen, not an end of the UI
            return "could not run jns enter: " + e.getMessage();
        }
        int rc = p.waitFor();
        return "the shell in process " + key + "'s namespaces ended with status " + rc;
    }

    @Override
    public String signal(String key, int signal) {
        String name = signal == 9 ? "SIGKILL" : "SIGTERM";
        try {
            Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(key));
            if (h.isEmpty()) {
                return "process " + key + " is gone: no signal sent";
            }
            boolean sent = signal == 9 ? h.get().destroyForcibly() : h.get().destroy();
            return sent ? "sent " + name + " to process " + key : "could not send " + name + " to process " + key
                    + " (not permitted?)";
        } catch (IllegalStateException | NumberFormatException e) {
            return "could not send " + name + " to process " + key + ": " + e.getMessage();
        }
    }


    private static Object limitValue(Optional<Limit> l) {
        return l.isEmpty() ? null : l.get().unlimited() ? Long.MAX_VALUE : l.get().value().getAsLong();
    }

    private static Object boxed(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    private static Object boxed(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : null;
    }

    /**
     * Runs the full-screen views on the controlling terminal, starting on {@code first}, until the
     * user quits.
     */
    public void show(ViewId first, long delayNs, boolean color, boolean utf8) throws IOException, InterruptedException {
        TopState initial = TopState.initial(first, lists(), Math.max(250, delayNs / 1_000_000));
        TopApp.run(new TtyTerminal(System.in, System.out, java.nio.charset.StandardCharsets.UTF_8), this, initial, color,
                utf8);
    }
}

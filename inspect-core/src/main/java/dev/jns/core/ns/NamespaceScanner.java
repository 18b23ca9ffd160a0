package dev.jns.core.ns;

import dev.jns.core.AccessDeniedException;
import dev.jns.core.NamespaceId;
import dev.jns.core.NamespaceType;
import dev.jns.core.ParseException;
import dev.jns.core.ProcessGoneException;
import dev.jns.core.ReadException;
import dev.jns.core.proc.HeldNamespace;
import dev.jns.core.proc.NsfsFd;
import dev.jns.core.proc.MountInfo;
import dev.jns.core.proc.Passwd;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.proc.ProcessInfo;
import dev.jns.core.proc.RecordedFacts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Finds the namespaces of a host, the way lsns does, and more:
 * <ol>
 *   <li>every {@code /proc/PID/ns/TYPE} link of every process (threads are not looked at);</li>
 *   <li>namespaces held only by an open file descriptor ({@code /proc/PID/fd/N});</li>
 *   <li>namespaces held only by an nsfs bind mount, in this process's mount namespace and in
 *       every other one that has a process ({@code /proc/PID/mountinfo}, one read per mount
 *       namespace);</li>
 *   <li>on request, parents, owners and network namespace ids, through a
 *       {@link NamespaceInspector}, which is created only when a question needs it: on a live
 *       host the native one of {@code dev.jns.core.sys}, which the caller hands in.</li>
 * </ol>
 * A process that exits during the scan is skipped; so is one whose own files are malformed or not
 * regular files (a fixture, a foreign /proc), noted in {@link ProcFs#skipped()}. Other malformed
 * content is a {@link dev.jns.core.ParseException} naming the file and line. Processes whose links cannot be read
 * (another user's, when not root) are counted in {@link NamespaceSnapshot#unreadablePids()}.
 *
 * <pre>{@code
 * NamespaceScanner scanner = NamespaceScanner.of(new ProcFs(Path.of("/proc")), NativeNamespaceInspector::load);
 * for (Namespace ns : scanner.scan(NamespaceScanner.Options.all()).namespaces()) {
 *     System.out.println(ns.id() + " " + ns.nprocs());
 * }
 * }</pre>
 */
public final class NamespaceScanner {

    /** What a scan finds beyond the namespaces that have a process. */
    public enum Find {
        /** Namespaces that have no process: held by an open fd or an nsfs bind mount. */
        PERSISTENT,
        /** {@link Namespace#parent()} and {@link Namespace#owner()}. */
        RELATIONS,
        /**
         * Parent and owner namespaces that have no process of their own, so that a tree by parent
         * or owner is complete (implies {@link #RELATIONS}).
         */
        ANCESTORS,
        /** {@link Namespace#netnsid()} of network namespaces. */
        NETNSID
    }

    /**
     * What to find.
     *
     * @param types namespace types to read (empty: all); others are never looked at
     * @param find  what to find beyond the namespaces of processes; {@link Find#ANCESTORS} adds
     *              {@link Find#RELATIONS}
     */
    public record Options(Set<NamespaceType> types, Set<Find> find) {
        public Options {
            types = types.isEmpty() ? EnumSet.allOf(NamespaceType.class) : EnumSet.copyOf(types);
            EnumSet<Find> f = EnumSet.noneOf(Find.class);
            f.addAll(find);
            if (f.contains(Find.ANCESTORS)) {
                f.add(Find.RELATIONS);
            }
            find = f;
        }

        /** The given types (empty: all), finding what {@code find} names, e.g. {@code Options.of(types, Find.PERSISTENT)}. */
        public static Options of(Set<NamespaceType> types, Find... find) {
            return new Options(types, find.length == 0 ? EnumSet.noneOf(Find.class) : EnumSet.of(find[0], find));
        }

        /** Every type, persistent namespaces included, no native questions. */
        public static Options all() {
            return of(EnumSet.allOf(NamespaceType.class), Find.PERSISTENT);
        }

        /** Whether the scan finds {@code f}. */
        public boolean finds(Find f) {
            return find.contains(f);
        }
    }

    private final ProcFs proc;
    private final Passwd users;
    private final Supplier<? extends NamespaceInspector> inspectorFactory;
    private NamespaceInspector inspector;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param proc             where to read
     * @param users            user names
     * @param inspectorFactory creates the inspector on first need (it may be expensive to load)
     */
    public NamespaceScanner(ProcFs proc, Passwd users, Supplier<? extends NamespaceInspector> inspectorFactory) {
        this.proc = proc;
        this.users = users;
        this.inspectorFactory = inspectorFactory;
    }

    /**
     * A scanner with the usual choices: user names from {@link Passwd#forProcRoot}; the namespace
     * facts that the root records, if it is a recording (a fixture: {@link RecordedFacts}), else
     * those of the inspector that {@code inspector} creates on first need. On a live host that is
     * {@code NativeNamespaceInspector::load} of {@code dev.jns.core.sys}, which loads jnr-ffi; a
     * scan that asks no such question never calls it. {@code () -> NamespaceInspector.NONE} does
     * without.
     */
    public static NamespaceScanner of(ProcFs proc, Supplier<? extends NamespaceInspector> inspector) {
        Optional<RecordedFacts> recorded = proc.recorded();
        return new NamespaceScanner(proc, Passwd.forProcRoot(proc.root()),
                recorded.isPresent() ? new RecordedOr(recorded.get(), inspector) : inspector);
    }

    /** The recorded namespace facts when the recording has them, else {@code inspector}'s; a class, not a lambda. */
    private static final class RecordedOr implements Supplier<NamespaceInspector> {
        private final RecordedFacts recorded;
        private final Supplier<? extends NamespaceInspector> inspector;

        RecordedOr(RecordedFacts recorded, Supplier<? extends NamespaceInspector> inspector) {
            this.recorded = recorded;
            this.inspector = inspector;
        }

        @Override
        public NamespaceInspector get() {
            Optional<NamespaceInspector> facts = recorded.answers(NamespaceInspector.class);
            return facts.isPresent() ? facts.get() : inspector.get();
        }
    }

    /** The user names this scanner resolves uids with. */
    public Passwd users() {
        return users;
    }

    /** Reads the host now. */
    public NamespaceSnapshot scan(Options o) {
        problems.clear();
        NamespaceType[] types = o.types().toArray(new NamespaceType[0]);
        int[] pids = proc.pids();
        Map<NamespaceId, Members> found = new HashMap<>();
        List<HeldNamespace> held = new ArrayList<>();
        List<NsfsFd> boundFds = new ArrayList<>();
        OptionalLong nsfsDevice = o.finds(Find.PERSISTENT) ? proc.nsfsDevice() : OptionalLong.empty();
        List<Integer> unreadable = new ArrayList<>();
        // The lowest pid of each mount namespace: the bind mounts of the others are found through it,
        // whether or not mount namespaces are listed.
        Map<NamespaceId, Integer> mountNamespaces = new HashMap<>();
        boolean mntListed = o.types().contains(NamespaceType.MNT);
        for (int pid : pids) {
            boolean denied = false;
            try {
                for (NamespaceType t : types) {
                    try {
                        Optional<NamespaceId> id = proc.namespace(pid, t);
                        if (id.isPresent()) {
                            Members m = found.get(id.get());
                            if (m == null) {
                                m = new Members();
                                found.put(id.get(), m);
                            }
                            m.add(pid);
                            if (t == NamespaceType.MNT) {
                                mountNamespaces.putIfAbsent(id.get(), pid);
                            }
                        }
                    } catch (AccessDeniedException e) {
                        denied = true;
                    }
                }
                if (o.finds(Find.PERSISTENT) && !denied) {
                    held.addAll(proc.namespaceFds(pid, nsfsDevice, boundFds));
                    if (!mntListed) {
                        try {
                            Optional<NamespaceId> mnt = proc.namespace(pid, NamespaceType.MNT);
                            if (mnt.isPresent()) {
                                mountNamespaces.putIfAbsent(mnt.get(), pid);
                            }
                        } catch (AccessDeniedException e) {
                            // not a listed type: its mounts are only not found
                        }
                    }
                }
            } catch (ProcessGoneException e) {
                continue; // exited during the scan
            } catch (AccessDeniedException | ReadException e) {
                denied = true;
            }
            if (denied) {
                unreadable.add(pid);
            }
        }

        Map<NamespaceId, Row> rows = new TreeMap<>();
        for (Map.Entry<NamespaceId, Members> e : found.entrySet()) {
            rows.put(e.getKey(), new Row(e.getKey(), e.getValue().toList()));
        }
        if (o.finds(Find.PERSISTENT)) {
            addPersistent(rows, held, boundFds, mountNamespaces, o.types());
        }
        Map<Integer, ProcessInfo> procs = representatives(rows);
        if (o.finds(Find.RELATIONS) || o.finds(Find.NETNSID) || hasPersistent(rows)) {
            addFacts(rows, o);
        }
        List<Namespace> out = new ArrayList<>(rows.size());
        for (Row r : rows.values()) {
            out.add(r.toNamespace());
        }
        return new NamespaceSnapshot(out, procs, unreadable, problems);
    }

    /**
     * Details of each row's lowest pid. A process that exited since its links were read is
     * skipped, as one that exits during the scan: it leaves every row, the next pid represents
     * the namespace, and a row left without processes (and not held by a mount or fd) is dropped.
     * A process whose files are malformed or not regular files (a corrupt or hostile proc root)
     * is skipped the same way, and noted in {@link ProcFs#skipped()}.
     */
    private Map<Integer, ProcessInfo> representatives(Map<NamespaceId, Row> rows) {
        Map<Integer, ProcessInfo> procs = new HashMap<>();
        Set<Integer> gone = new HashSet<>();
        for (Row r : rows.values()) {
            while (!r.pids.isEmpty() && !procs.containsKey(r.pids.get(0))) {
                int pid = r.pids.get(0);
                if (gone.contains(pid)) {
                    r.pids.remove(0);
                    continue;
                }
                try {
                    procs.put(pid, proc.process(pid, users));
                } catch (ProcessGoneException e) {
                    gone.add(pid);
                    r.pids.remove(0);
                } catch (ParseException | dev.jns.core.NotRegularFileException e) {
                    proc.skip(pid, e);
                    gone.add(pid);
                    r.pids.remove(0);
                } catch (AccessDeniedException | ReadException e) {
                    problems.add("details of process " + pid + ": " + e.getMessage());
                    break;
                }
            }
        }
        if (!gone.isEmpty()) {
            for (java.util.Iterator<Row> it = rows.values().iterator(); it.hasNext(); ) {
                Row r = it.next();
                r.pids.removeAll(gone);
                if (r.pids.isEmpty() && r.hadPids && r.ownMounts.isEmpty() && r.foreignMounts.isEmpty()
                        && r.heldBy.isEmpty()) {
                    it.remove();
                }
            }
        }
        return procs;
    }

    private static boolean hasPersistent(Map<NamespaceId, Row> rows) {
        for (Row r : rows.values()) {
            if (r.pids.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Details of the given processes; those that exited are left out, and so are those whose
     * files are malformed (noted in {@link ProcFs#skipped()}).
     */
    public Map<Integer, ProcessInfo> processes(List<Integer> pids) {
        Map<Integer, ProcessInfo> m = new LinkedHashMap<>();
        for (int pid : pids) {
            try {
                m.put(pid, proc.process(pid, users));
            } catch (ParseException | dev.jns.core.NotRegularFileException e) {
                proc.skip(pid, e);
            } catch (ProcessGoneException | AccessDeniedException | ReadException e) {
                // exited or unreadable: not shown
            }
        }
        return m;
    }

    /**
     * Rows for namespaces held by an fd or a bind mount. {@code mountNamespaces}: one process of
     * each mount namespace (its lowest pid), through which that namespace's mounts are read.
     */
    private void addPersistent(Map<NamespaceId, Row> rows, List<HeldNamespace> held, List<NsfsFd> boundFds,
                               Map<NamespaceId, Integer> mountNamespaces, Set<NamespaceType> types) {
        for (HeldNamespace h : held) {
            if (types.contains(h.id().type())) {
                row(rows, h.id()).heldBy.add(h);
            }
        }
        // Bind mounts: this mount namespace first (lsns shows only these), then one process of
        // each other mount namespace, whose mounts are reachable under /proc/PID/root.
        OptionalInt self = proc.selfPid();
        NamespaceId ownMnt = null;
        if (self.isPresent()) {
            try {
                ownMnt = proc.namespace(self.getAsInt(), NamespaceType.MNT).orElse(null);
                addMounts(rows, types, proc.mountinfo(self.getAsInt()), null);
            } catch (ProcessGoneException | AccessDeniedException | ReadException e) {
                problems.add("mounts of this process: " + e.getMessage());
            }
        }
        // in the order of the mount namespaces' inodes, as the rows are
        for (Map.Entry<NamespaceId, Integer> e : new TreeMap<>(mountNamespaces).entrySet()) {
            if (!e.getKey().equals(ownMnt)) {
                int pid = e.getValue();
                try {
                    addMounts(rows, types, proc.mountinfo(pid), proc.file(pid, "root"));
                } catch (ProcessGoneException | AccessDeniedException | ReadException | ParseException ex) {
                    problems.add("mounts of process " + pid + ": " + ex.getMessage());
                }
            }
        }
        addBoundFds(rows, boundFds, types);
    }

    /**
     * The fds that hold a namespace opened through a bind mount (see {@link NsfsFd}). The inode
     * names the namespace when a process, a mount or another fd already showed it; otherwise the
     * inspector asks the file its type (this loads the native library, only for such an fd).
     */
    private void addBoundFds(Map<NamespaceId, Row> rows, List<NsfsFd> boundFds, Set<NamespaceType> types) {
        if (boundFds.isEmpty()) {
            return;
        }
        Map<Long, NamespaceId> byInode = new HashMap<>();
        for (NamespaceId id : rows.keySet()) {
            byInode.put(id.inode(), id);
        }
        for (NsfsFd f : boundFds) {
            NamespaceId id = byInode.get(f.inode());
            if (id == null) {
                Path link = proc.file(f.pid(), "fd/" + f.fd());
                Optional<NamespaceId> asked = inspector().identify(new NamespaceFile.ProcLink(link));
                if (asked.isEmpty() || asked.get().inode() != f.inode()) {
                    problems.add(link + ": an nsfs file whose namespace type could not be read");
                    continue;
                }
                id = asked.get();
                byInode.put(id.inode(), id);
            }
            if (types.contains(id.type())) {
                row(rows, id).heldBy.add(new HeldNamespace(id, f.pid(), f.fd()));
            }
        }
    }

    /** The nsfs mounts in {@code mounts}, of a mount namespace whose root is {@code foreignRoot} (null: ours). */
    private static void addMounts(Map<NamespaceId, Row> rows, Set<NamespaceType> types, List<MountInfo> mounts,
                                  Path foreignRoot) {
        for (MountInfo m : mounts) {
            if (!m.fsType().equals("nsfs")) {
                continue;
            }
            Optional<NamespaceId> id = NamespaceId.parse(m.root());
            if (id.isEmpty() || !types.contains(id.get().type())) {
                continue;
            }
            Row r = row(rows, id.get());
            if (foreignRoot == null) {
                add(r.ownMounts, OWN_ROOT, m.mountPoint());
            } else {
                add(r.foreignMounts, foreignRoot, m.mountPoint());
            }
        }
    }

    /** This process's root directory, where its own mount points are resolved. */
    private static final Path OWN_ROOT = Path.of("/");

    private static void add(List<NamespaceFile.Mount> mounts, Path root, String mountPoint) {
        for (NamespaceFile.Mount m : mounts) {
            if (m.path().equals(mountPoint) && m.root().equals(root)) {
                return;
            }
        }
        mounts.add(new NamespaceFile.Mount(root, mountPoint));
    }

    private void addFacts(Map<NamespaceId, Row> rows, Options o) {
        NamespaceInspector in = inspector();
        // A tree by owner or parent shows the ancestors of every row whatever their type, as lsns
        // does (`lsns -T -t pid` has the owning user namespaces, with NPROCS 0).
        Set<NamespaceType> ancestorTypes = o.finds(Find.ANCESTORS) ? EnumSet.allOf(NamespaceType.class) : o.types();
        for (Row r : new ArrayList<>(rows.values())) {
            NamespaceFile file = fileOf(r);
            if (file == null) {
                continue;
            }
            boolean persistent = r.pids.isEmpty();
            if (persistent || o.finds(Find.RELATIONS)) {
                List<NamespaceFacts> facts = in.describe(r.id, file, persistent);
                if (!facts.isEmpty()) {
                    r.facts = facts.get(0);
                    addAncestors(rows, facts, ancestorTypes);
                }
            }
            if (o.finds(Find.NETNSID) && r.id.type() == NamespaceType.NET) {
                r.netnsid = in.netnsid(r.id, file);
            }
        }
        if (o.finds(Find.ANCESTORS)) {
            for (Row r : new ArrayList<>(rows.values())) {
                NamespaceFacts f = r.facts;
                if (f != null && (missing(rows, f.parent()) || missing(rows, f.owner()))) {
                    NamespaceFile file = fileOf(r);
                    if (file != null) {
                        addAncestors(rows, in.describe(r.id, file, true), ancestorTypes);
                    }
                }
            }
        }
        problems.addAll(in.takeProblems());
    }

    private static void addAncestors(Map<NamespaceId, Row> rows, List<NamespaceFacts> facts, Set<NamespaceType> types) {
        for (NamespaceFacts a : facts.subList(1, facts.size())) {
            if (types.contains(a.id().type()) && !rows.containsKey(a.id())) {
                Row g = new Row(a.id(), List.of());
                g.facts = a;
                rows.put(a.id(), g);
            }
        }
    }

    /** The row of {@code id}, added without processes if it is new. */
    private static Row row(Map<NamespaceId, Row> rows, NamespaceId id) {
        Row r = rows.get(id);
        if (r == null) {
            r = new Row(id, List.of());
            rows.put(id, r);
        }
        return r;
    }

    private static boolean missing(Map<NamespaceId, Row> rows, long inode) {
        if (inode == 0) {
            return false;
        }
        for (NamespaceId id : rows.keySet()) {
            if (id.inode() == inode) {
                return false;
            }
        }
        return true;
    }

    /**
     * How the namespace can be opened: a process's link, else a bind mount (ours first), else an
     * fd that holds it. The inspector opens each kind by its own rule ({@link NamespaceFile}).
     */
    private NamespaceFile fileOf(Row r) {
        if (!r.pids.isEmpty()) {
            return new NamespaceFile.ProcLink(proc.file(r.pids.get(0), "ns/" + r.id.type().procName()));
        }
        if (!r.ownMounts.isEmpty()) {
            return r.ownMounts.get(0);
        }
        if (!r.foreignMounts.isEmpty()) {
            return r.foreignMounts.get(0);
        }
        if (!r.heldBy.isEmpty()) {
            HeldNamespace h = r.heldBy.get(0);
            return new NamespaceFile.ProcLink(proc.file(h.pid(), "fd/" + h.fd()));
        }
        return null;
    }

    private NamespaceInspector inspector() {
        if (inspector == null) {
            try {
                inspector = inspectorFactory.get();
            } catch (ParseException | dev.jns.core.NotRegularFileException e) {
                throw e; // a recording that is malformed, or a FIFO: not a missing native library
            } catch (RuntimeException | LinkageError e) {
                problems.add("native namespace calls unavailable: " + e);
                inspector = NamespaceInspector.NONE;
            }
        }
        return inspector;
    }

    /** Ascending pids of one namespace, collected while scanning. */
    private static final class Members {
        int[] pids = new int[4];
        int n;

        void add(int pid) {
            if (n == pids.length) {
                pids = Arrays.copyOf(pids, n * 2);
            }
            pids[n++] = pid;
        }

        List<Integer> toList() {
            List<Integer> l = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                l.add(pids[i]);
            }
            return l;
        }
    }

    /** A namespace being assembled. */
    private static final class Row {
        final NamespaceId id;
        final List<Integer> pids;
        final List<NamespaceFile.Mount> ownMounts = new ArrayList<>();
        final List<NamespaceFile.Mount> foreignMounts = new ArrayList<>();
        final List<HeldNamespace> heldBy = new ArrayList<>();
        final boolean hadPids;
        NamespaceFacts facts;
        Optional<String> netnsid = Optional.empty();

        Row(NamespaceId id, List<Integer> pids) {
            this.id = id;
            this.pids = new ArrayList<>(pids);
            this.hadPids = !pids.isEmpty();
        }

        Namespace toNamespace() {
            return new Namespace(id, pids, mountPaths(), heldBy,
                    facts == null ? OptionalLong.empty() : OptionalLong.of(facts.parent()),
                    facts == null ? OptionalLong.empty() : OptionalLong.of(facts.owner()),
                    facts == null ? OptionalInt.empty() : facts.ownerUid(), netnsid);
        }

        /** Our own mount points; if none, the others', as {@code /proc/PID/root/MOUNTPOINT}. */
        private List<String> mountPaths() {
            List<String> out = new ArrayList<>();
            for (NamespaceFile.Mount m : ownMounts.isEmpty() ? foreignMounts : ownMounts) {
                out.add(m.shownAs());
            }
            return out;
        }
    }
}

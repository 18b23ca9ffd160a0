package dev.jns.cli.ns;

import dev.jns.cli.output.ProcNotes;
import dev.jns.cli.ns.LsCommand.Col;
import dev.jns.cli.ns.LsCommand.Tree;
import dev.jns.cli.output.Table;
import dev.jns.core.NamespaceType;
import dev.jns.core.ns.Namespace;
import dev.jns.core.ns.NamespaceSnapshot;
import dev.jns.core.proc.Passwd;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.proc.ProcessInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lays out {@code jns ls} rows the way lsns does: rows in inode order; in the default process
 * tree a row nests under the latest row of its process's parent; with {@code --tree=owner|parent}
 * a namespace nests under its owner (or parent), which is printed first when it comes later.
 *
 * <p>Whatever a proc root holds, the walks are iterative and end: a cycle of owners, parents or
 * parent processes is broken where the walk meets it again (that row goes to the top level, the
 * same row for the same input), and rows nested deeper than {@value #MAX_DEPTH} levels hang at
 * that level. Both are said in {@link #notes()}.
 */
final class LsTable {
    /**
     * Levels a tree nests at most; deeper rows hang at this level. The kernel nests user and pid
     * namespaces 32 deep at most, and real process trees stay far below this.
     */
    static final int MAX_DEPTH = 100;

    private final ProcFs proc;
    private final Passwd users;
    private final NamespaceSnapshot snap;
    private final List<Col> cols;
    private final Tree mode;
    private final boolean oneLine;
    private final Table table;
    private final Map<Integer, Table.Line> lineOfPid = new HashMap<>();
    private final Map<Long, Table.Line> lineOfNs = new HashMap<>();
    private final Map<Long, Namespace> shown = new HashMap<>();
    private final Map<Table.Line, Integer> depthOf = new java.util.IdentityHashMap<>();
    private final Map<Table.Line, Table.Line> parentOf = new java.util.IdentityHashMap<>();
    private final List<String> cycles = new ArrayList<>();
    private boolean capped;
    /** {@code -Q}: rows it refuses are not added; null without {@code -Q}. */
    private LsFilter filter;

    LsTable(ProcFs proc, Passwd users, NamespaceSnapshot snap, List<Col> cols, Tree mode, boolean oneLine) {
        this.proc = proc;
        this.users = users;
        this.snap = snap;
        this.cols = cols;
        this.mode = mode;
        this.oneLine = oneLine;
        List<Table.Column> tc = new ArrayList<>();
        for (Col c : cols) {
            boolean nsTree = c == Col.NS && (mode == Tree.owner || mode == Tree.parent);
            boolean cmdTree = c == Col.COMMAND && mode == Tree.process;
            Table.Column t = c.align == Table.Align.RIGHT && !nsTree ? Table.Column.right(c.name()) : Table.Column.left(c.name());
            if (nsTree || cmdTree) {
                t = t.withTree();
            }
            if (c == Col.COMMAND) {
                t = t.withTruncation();
            }
            tc.add(t.withJson(c.json).withMinWidth(c.min));
        }
        this.table = new Table(tc);
        for (Namespace n : snap.namespaces()) {
            shown.put(n.inode(), n);
        }
    }

    Table table() {
        return table;
    }

    /**
     * Adds only the rows {@code f} accepts, tested as each is added (as lsns does): a row whose
     * parent row was refused hangs where it would hang without that parent (under the parent
     * process's latest row shown, else at the top).
     */
    void filter(LsFilter f) {
        this.filter = f;
        f.table(this);
    }

    /** Namespace rows (the usual listing). */
    void addNamespaces(List<Namespace> namespaces) {
        for (Namespace ns : namespaces) {
            if (!lineOfNs.containsKey(ns.inode())) {
                show(ns);
            }
        }
    }

    /**
     * Shows {@code start}, after the owners (or parents) it nests under that are not shown yet,
     * farthest first. A chain that comes back to itself is cut: its farthest row goes to the top.
     */
    private void show(Namespace start) {
        List<Namespace> chain = new ArrayList<>();
        Set<Long> inChain = new HashSet<>();
        Namespace cur = start;
        while (cur != null && !lineOfNs.containsKey(cur.inode()) && inChain.add(cur.inode())) {
            chain.add(cur);
            cur = up(cur);
        }
        if (cur != null && !lineOfNs.containsKey(cur.inode())) {
            cycles.add((mode == Tree.owner ? "owners" : "parents") + " of namespaces at "
                    + Long.toUnsignedString(chain.get(chain.size() - 1).inode()));
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            add(chain.get(i));
        }
    }

    /** The namespace {@code ns} is shown after: its owner, or its parent (else owner); null in the process tree. */
    private Namespace up(Namespace ns) {
        if (mode == Tree.owner) {
            return related(ns.owner().orElse(0));
        }
        if (mode == Tree.parent) {
            Namespace parent = related(ns.parent().orElse(0));
            return parent != null ? parent : related(ns.owner().orElse(0));
        }
        return null;
    }

    private void add(Namespace ns) {
        ProcessInfo p = snap.representative(ns).orElse(null);
        if (filter != null && !filter.accepts(ns, p)) {
            return;
        }
        Table.Line parentLine = null;
        if (mode == Tree.process && p != null) {
            parentLine = lineOfPid.get(p.ppid());
        } else if (mode == Tree.owner) {
            parentLine = lineOf(ns.owner().orElse(0));
        } else if (mode == Tree.parent) {
            parentLine = lineOf(ns.parent().orElse(0));
        }
        Table.Line line = line(parentLine);
        fill(line, ns, p);
        lineOfNs.put(ns.inode(), line);
        if (p != null) {
            lineOfPid.put(p.pid(), line);
        }
    }

    /** Rows for the processes of one namespace, nested by parent within it. */
    void addProcesses(Namespace ns, Map<Integer, ProcessInfo> members) {
        for (ProcessInfo p : members.values()) {
            if (!lineOfPid.containsKey(p.pid())) {
                showProcess(ns, p, members);
            }
        }
    }

    /** Shows {@code start} after its parent processes not shown yet, farthest first; a cycle is cut as in {@link #show}. */
    private void showProcess(Namespace ns, ProcessInfo start, Map<Integer, ProcessInfo> members) {
        List<ProcessInfo> chain = new ArrayList<>();
        Set<Integer> inChain = new HashSet<>();
        ProcessInfo cur = start;
        while (cur != null && !lineOfPid.containsKey(cur.pid()) && inChain.add(cur.pid())) {
            chain.add(cur);
            cur = mode == Tree.process ? members.get(cur.ppid()) : null;
        }
        if (cur != null && !lineOfPid.containsKey(cur.pid())) {
            cycles.add("parents of processes at " + chain.get(chain.size() - 1).pid());
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            ProcessInfo p = chain.get(i);
            if (filter != null && !filter.accepts(ns, p)) {
                continue;
            }
            Table.Line line = line(mode == Tree.process ? lineOfPid.get(p.ppid()) : null);
            fill(line, ns, p);
            lineOfPid.put(p.pid(), line);
        }
    }

    /** A new line under {@code parent}, or under its parent when it is {@value #MAX_DEPTH} levels deep. */
    private Table.Line line(Table.Line parent) {
        int depth = parent == null ? 0 : depthOf.get(parent) + 1;
        if (depth > MAX_DEPTH) {
            capped = true;
            parent = parentOf.get(parent);
            depth--;
        }
        Table.Line l = table.add(parent);
        depthOf.put(l, depth);
        parentOf.put(l, parent);
        return l;
    }

    /**
     * What the layout changed to keep the tree finite, for a note: e.g. {@code owners of namespaces
     * at 4026532177 form a cycle: shown at the top level}. Empty for a sane tree.
     */
    List<String> notes() {
        List<String> out = new ArrayList<>();
        if (!cycles.isEmpty()) {
            out.add("cycle in the " + ProcNotes.first(cycles) + ": shown at the top level");
        }
        if (capped) {
            out.add("the tree is deeper than " + MAX_DEPTH + " levels: deeper rows are shown at level " + MAX_DEPTH);
        }
        return out;
    }

    private Namespace related(long inode) {
        return inode == 0 ? null : shown.get(inode);
    }

    private Table.Line lineOf(long inode) {
        return inode == 0 ? null : lineOfNs.get(inode);
    }

    private void fill(Table.Line line, Namespace ns, ProcessInfo p) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i) == Col.NSFS && !oneLine) {
                line.set(i, ns.nsfsMounts()); // one mount point per line, as lsns wraps them
            } else {
                line.set(i, value(cols.get(i), ns, p));
            }
        }
    }

    /** What {@code -Q} compares: the cell's value; NSFS's mount points joined as lsns joins them (by newlines, or commas with -W or -r). */
    String filterValue(Col c, Namespace ns, ProcessInfo p) {
        if (c == Col.NSFS) {
            return ns.nsfsMounts().isEmpty() ? null : String.join(oneLine ? "," : "\n", ns.nsfsMounts());
        }
        return value(c, ns, p);
    }

    private String value(Col c, Namespace ns, ProcessInfo p) {
        return switch (c) {
            case NS -> Long.toUnsignedString(ns.inode());
            case TYPE -> ns.type().procName();
            case PATH -> p == null ? null : proc.file(p.pid(), "ns/" + ns.type().procName()).toString();
            case NPROCS -> Integer.toString(ns.nprocs());
            case PID -> p == null ? null : Integer.toString(p.pid());
            case PPID -> p == null ? null : Integer.toString(p.ppid());
            case COMMAND -> p == null ? null : p.command();
            case UID -> snap.uid(ns).isPresent() ? Integer.toString(snap.uid(ns).getAsInt()) : null;
            case USER -> snap.user(ns, users).orElse(null);
            case NETNSID -> ns.type() == NamespaceType.NET ? ns.netnsid().orElse(null) : null;
            case NSFS -> ns.nsfsMounts().isEmpty() ? null : String.join(",", ns.nsfsMounts());
            case PNS -> ns.parent().isPresent() ? Long.toUnsignedString(ns.parent().getAsLong()) : null;
            case ONS -> ns.owner().isPresent() ? Long.toUnsignedString(ns.owner().getAsLong()) : null;
        };
    }

}

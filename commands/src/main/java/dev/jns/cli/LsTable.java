package dev.jns.cli;

import dev.jns.cli.LsCommand.Col;
import dev.jns.cli.LsCommand.Tree;
import dev.jns.cli.output.Table;
import dev.jns.core.ns.Namespace;
import dev.jns.core.ns.NamespaceSnapshot;
import dev.jns.core.ns.NamespaceType;
import dev.jns.core.proc.Passwd;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.proc.ProcessInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out {@code jns ls} rows the way lsns does: rows in inode order; in the default process
 * tree a row nests under the latest row of its process's parent; with {@code --tree=owner|parent}
 * a namespace nests under its owner (or parent), which is printed first when it comes later.
 */
final class LsTable {
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
            tc.add(new Table.Column(c.name(), c.right && !nsTree, nsTree || cmdTree, c == Col.COMMAND, c.json, c.min));
        }
        this.table = new Table(tc);
        for (Namespace n : snap.namespaces()) {
            shown.put(n.inode(), n);
        }
    }

    Table table() {
        return table;
    }

    /** Namespace rows (the usual listing). */
    void addNamespaces(List<Namespace> namespaces) {
        for (Namespace ns : namespaces) {
            if (!lineOfNs.containsKey(ns.inode())) {
                show(ns);
            }
        }
    }

    private void show(Namespace ns) {
        if (mode == Tree.owner) {
            Namespace owner = related(ns.owner().orElse(0));
            if (owner != null && !lineOfNs.containsKey(owner.inode())) {
                show(owner);
            }
        } else if (mode == Tree.parent) {
            Namespace parent = related(ns.parent().orElse(0));
            Namespace owner = related(ns.owner().orElse(0));
            if (parent != null) {
                if (!lineOfNs.containsKey(parent.inode())) {
                    show(parent);
                }
            } else if (owner != null && !lineOfNs.containsKey(owner.inode())) {
                show(owner);
            }
        }
        ProcessInfo p = ns.lowestPid().isPresent() ? snap.processes().get(ns.lowestPid().getAsInt()) : null;
        Table.Line parentLine = null;
        if (mode == Tree.process && p != null) {
            parentLine = lineOfPid.get(p.ppid());
        } else if (mode == Tree.owner) {
            parentLine = lineOf(ns.owner().orElse(0));
        } else if (mode == Tree.parent) {
            parentLine = lineOf(ns.parent().orElse(0));
        }
        Table.Line line = table.add(parentLine);
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

    private void showProcess(Namespace ns, ProcessInfo p, Map<Integer, ProcessInfo> members) {
        ProcessInfo parent = members.get(p.ppid());
        if (mode == Tree.process && parent != null && !lineOfPid.containsKey(parent.pid())) {
            showProcess(ns, parent, members);
        }
        Table.Line line = table.add(mode == Tree.process ? lineOfPid.get(p.ppid()) : null);
        fill(line, ns, p);
        lineOfPid.put(p.pid(), line);
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

    private String value(Col c, Namespace ns, ProcessInfo p) {
        return switch (c) {
            case NS -> Long.toUnsignedString(ns.inode());
            case TYPE -> ns.type().procName();
            case PATH -> p == null ? null : proc.file(p.pid(), "ns/" + ns.type().procName()).toString();
            case NPROCS -> Integer.toString(ns.nprocs());
            case PID -> p == null ? null : Integer.toString(p.pid());
            case PPID -> p == null ? null : Integer.toString(p.ppid());
            case COMMAND -> p == null ? null : p.command();
            case UID -> p != null ? Integer.toString(p.uid())
                    : ns.ownerUid().isPresent() ? Integer.toString(ns.ownerUid().getAsInt()) : null;
            case USER -> p != null ? p.user()
                    : ns.ownerUid().isPresent() ? users.name(ns.ownerUid().getAsInt()) : null;
            case NETNSID -> ns.type() == NamespaceType.NET ? ns.netnsid().orElse(null) : null;
            case NSFS -> ns.nsfsMounts().isEmpty() ? null : String.join(",", ns.nsfsMounts());
            case PNS -> ns.parent().isPresent() ? Long.toUnsignedString(ns.parent().getAsLong()) : null;
            case ONS -> ns.owner().isPresent() ? Long.toUnsignedString(ns.owner().getAsLong()) : null;
        };
    }

}

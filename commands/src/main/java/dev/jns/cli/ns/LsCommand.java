package dev.jns.cli.ns;

import static dev.jns.cli.output.Table.Align.LEFT;
import static dev.jns.cli.output.Table.Align.RIGHT;

import dev.jns.cli.output.Invocation;
import dev.jns.cli.output.ExitCodes;
import dev.jns.cli.output.ProcNotes;
import dev.jns.cli.output.Table;
import dev.jns.cli.output.Terminal;
import dev.jns.core.NamespaceType;
import dev.jns.core.NotFoundException;
import dev.jns.core.ProcessGoneException;
import dev.jns.core.ns.Namespace;
import dev.jns.core.ns.NamespaceScanner;
import dev.jns.core.ns.NamespaceSnapshot;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.sys.NativeNamespaceInspector;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jns ls}: the namespaces of the host, with lsns's options, columns and output formats. */
@Command(name = "ls", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"List namespaces, with the options, columns and output of util-linux lsns.",
            "Also lists namespaces held only by a bind mount or an open file descriptor."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  jns ls -t pid                       pid namespaces, as a process tree",
            "  jns ls -t net -o +PATH              network namespaces, with NETNSID and NSFS",
            "  jns ls -p 1234                      the namespaces process 1234 is in",
            "  jns ls 4026532248                   the processes in one namespace",
            "  jns ls --tree=owner                 namespaces under the user namespace that owns them",
            "  jns ls -P                           namespaces kept alive without a process",
            "  jns ls -Q 'NPROCS > 1 && USER != \"root\"'",
            "                                      namespaces with 2+ processes, not root's",
            "  jns ls -J --output-all              everything, as JSON",
            "",
            "Columns: NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS (see -H).",
            "Not root: only your own processes can be read; jns says how many it could not read.",
            "",
            "Exit status: 0 success (a process with malformed --proc-root files is skipped,",
            "with a note), 1 failure (no such process or namespace, malformed --proc-root",
            "content, a -Q comparison a row's value does not fit), 2 usage error or a",
            "--proc-root file that is not a regular file."})
public final class LsCommand implements Callable<Integer> {

    /** The lsns columns, in lsns order. */
    enum Col {
        NS(10, RIGHT, Table.JsonType.NUMBER, "namespace identifier (inode number)"),
        TYPE(5, LEFT, Table.JsonType.STRING, "kind of namespace"),
        PATH(0, LEFT, Table.JsonType.STRING, "path to the namespace"),
        NPROCS(5, RIGHT, Table.JsonType.NUMBER, "number of processes in the namespace"),
        PID(5, RIGHT, Table.JsonType.NUMBER, "lowest PID in the namespace"),
        PPID(5, RIGHT, Table.JsonType.NUMBER, "PPID of the PID"),
        COMMAND(0, LEFT, Table.JsonType.STRING, "command line of the PID"),
        UID(0, RIGHT, Table.JsonType.NUMBER, "UID of the PID"),
        USER(0, LEFT, Table.JsonType.STRING, "username of the PID"),
        NETNSID(0, RIGHT, Table.JsonType.STRING, "namespace ID as used by network subsystem"),
        NSFS(0, LEFT, Table.JsonType.STRING, "nsfs mountpoint (usually used network subsystem)"),
        PNS(0, RIGHT, Table.JsonType.NUMBER, "parent namespace identifier (inode number)"),
        ONS(0, RIGHT, Table.JsonType.NUMBER, "owner namespace identifier (inode number)");

        final int min;
        final Table.Align align;
        final Table.JsonType json;
        final String help;

        Col(int min, Table.Align align, Table.JsonType json, String help) {
            this.min = min;
            this.align = align;
            this.json = json;
            this.help = help;
        }
    }

    enum Tree { process, owner, parent, none }

    @ParentCommand
    Invocation root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", split = ",",
            description = "Namespace type: mnt, net, ipc, user, pid, uts, cgroup, time. Repeatable.")
    List<String> types = new ArrayList<>();

    @Option(names = {"-p", "--task"}, paramLabel = "PID", description = "Only the namespaces process PID is in.")
    Integer task;

    @Option(names = {"-o", "--output"}, paramLabel = "LIST",
            description = "Columns, comma-separated; '+LIST' adds to the default columns.")
    String output;

    @Option(names = "--output-all", description = "All columns.")
    boolean outputAll;

    @Option(names = {"-J", "--json"}, description = "JSON output, in lsns's shape and types.")
    boolean json;

    @Option(names = {"-l", "--list"}, description = "A flat list, no tree.")
    boolean list;

    @Option(names = {"-r", "--raw"}, description = "Raw output: single spaces, unsafe characters escaped as \\xHH.")
    boolean raw;

    @Option(names = {"-n", "--noheadings"}, description = "No header line.")
    boolean noHeadings;

    @Option(names = {"-u", "--notruncate"}, description = "Never cut the COMMAND column to the terminal width.")
    boolean noTruncate;

    @Option(names = {"-W", "--nowrap"}, description = "NSFS on one line, comma-separated.")
    boolean noWrap;

    @Option(names = {"-T", "--tree"}, arity = "0..1", paramLabel = "REL", fallbackValue = "owner",
            description = "A tree by process (the default), owner (the default of -T) or parent.")
    String tree;

    @Option(names = {"-P", "--persistent"}, description = "Only namespaces that have no process.")
    boolean persistent;

    @Option(names = {"-H", "--list-columns"}, description = "List the columns and exit.")
    boolean listColumns;

    @Option(names = {"-Q", "--filter"}, paramLabel = "EXPR",
            description = "Only the rows for which EXPR is true: lsns's filter (scols-filter(5)) over any"
                + " column, shown or not. Operators: eq ne lt le gt ge (== != < <= > >=), =~ and !~ (POSIX"
                + " regex), and or not (&& || !), ( ); \"strings\", numbers. && and || bind alike, left to right.")
    String filter;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAMESPACE",
            description = "A namespace inode: list the processes in it.")
    String namespaceArg;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Terminal term = root.terminal();
        if (listColumns) {
            printColumns(out, term);
            return ExitCodes.OK;
        }
        Set<NamespaceType> typeSet = parseTypes();
        Long nsFilter = parseNamespaceArg();
        checkConflicts(nsFilter);
        List<Col> cols = columns(typeSet.contains(NamespaceType.NET) && !types.isEmpty(), nsFilter != null);
        LsFilter rowFilter = filter == null ? null : parseFilter();
        // As lsns: the process tree is the default unless --output-all or --list is given.
        Tree mode = treeMode(nsFilter != null, !outputAll || nsFilter != null);

        ProcFs proc = root.procFs();
        if (task != null && !proc.exists(task)) {
            throw new ProcessGoneException(task, proc.file(task, ""), null);
        }
        NamespaceScanner scanner = NamespaceScanner.of(proc, new NativeNamespaceInspector.Loader());
        EnumSet<NamespaceScanner.Find> find = EnumSet.of(NamespaceScanner.Find.PERSISTENT);
        if (cols.contains(Col.PNS) || cols.contains(Col.ONS)
                || rowFilter != null && (rowFilter.uses(Col.PNS) || rowFilter.uses(Col.ONS))) {
            find.add(NamespaceScanner.Find.RELATIONS);
        }
        if (mode == Tree.owner || mode == Tree.parent) {
            find.add(NamespaceScanner.Find.ANCESTORS);
        }
        if (cols.contains(Col.NETNSID) || rowFilter != null && rowFilter.uses(Col.NETNSID)) {
            find.add(NamespaceScanner.Find.NETNSID);
        }
        NamespaceSnapshot snap = scanner.scan(new NamespaceScanner.Options(typeSet, find));

        LsTable t = new LsTable(proc, scanner.users(), snap, cols, mode, noWrap || raw);
        if (rowFilter != null) {
            t.filter(rowFilter);
        }
        if (nsFilter != null) {
            // no lambdas on this path: the first one of a run bootstraps java.lang.invoke (about 3 ms)
            Namespace ns = snap.byInode(nsFilter).orElse(null);
            if (ns == null) {
                throw new NotFoundException(proc.root(), "not found namespace: " + Long.toUnsignedString(nsFilter));
            }
            t.addProcesses(ns, scanner.processes(ns.pids()));
        } else {
            List<Namespace> rows = new ArrayList<>();
            for (Namespace ns : snap.namespaces()) {
                if ((task == null || ns.contains(task)) && (!persistent || ns.persistent())) {
                    rows.add(ns);
                }
            }
            t.addNamespaces(rows);
        }
        List<ProcFs.Skipped> skipped = proc.skipped();
        for (ProcFs.Skipped s : skipped) {
            if (task != null && s.pid() == task) {
                throw s.cause(); // the one process asked for is the bad one
            }
        }
        if (rowFilter != null && rowFilter.failure() != null) {
            // as lsns's "failed to apply filter": exit 1, no table
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.qualifiedName() + ": " + dev.jns.core.text.SafeText.escape(rowFilter.failure(), term.utf8()));
            err.flush();
            return ExitCodes.FAILURE;
        }
        Table.Mode m = json ? Table.Mode.JSON : raw ? Table.Mode.RAW : Table.Mode.TEXT;
        t.table().print(out, new Table.Style(m, !noHeadings, noTruncate ? 0 : term.width(), term.utf8(),
                term.color(), "namespaces"));
        note(snap, proc, skipped, t);
        return ExitCodes.OK;
    }

    private void note(NamespaceSnapshot snap, ProcFs proc, List<ProcFs.Skipped> skipped, LsTable table) {
        PrintWriter err = spec.commandLine().getErr();
        ProcNotes notes = new ProcNotes(err, spec.qualifiedName(), root.terminal().utf8());
        notes.skipped(proc, skipped);
        for (String n : table.notes()) {
            notes.note(n);
        }
        List<Integer> denied = snap.unreadablePids();
        if (!denied.isEmpty()) {
            String n = denied.size() + " process" + (denied.size() == 1 ? "" : "es");
            if (root.asRoot()) {
                if (root.debug()) err.println("jns ls: note: " + n + " could not be read (the kernel's ptrace access check refused: "
                        + "they hold capabilities this process lacks): PID "
                        + denied.stream().limit(5).map(String::valueOf).collect(Collectors.joining(", "))
                        + (denied.size() > 5 ? ", ..." : ""));
            } else {
                err.println("jns ls: note: " + n + " could not be read (permission denied: other users' "
                        + "processes); run as root to see every namespace");
            }
        }
        if (root.debug()) {
            // problems name mount points and paths others chose: escaped
            for (String p : snap.problems()) {
                err.println("jns ls: debug: " + dev.jns.core.text.SafeText.escape(p, root.terminal().utf8()));
            }
        }
        err.flush();
    }

    private Set<NamespaceType> parseTypes() {
        Set<NamespaceType> s = EnumSet.noneOf(NamespaceType.class);
        for (String t : types) {
            // not orElseThrow(() -> ...): the first lambda of a run bootstraps java.lang.invoke (about 3 ms)
            NamespaceType type = NamespaceType.byName(t.trim()).orElse(null);
            if (type == null) {
                throw usage("unknown namespace type: " + t + " (valid: " + NamespaceType.names() + ")");
            }
            s.add(type);
        }
        return s.isEmpty() ? EnumSet.allOf(NamespaceType.class) : s;
    }

    private Long parseNamespaceArg() {
        if (namespaceArg == null) {
            return null;
        }
        try {
            return Long.parseUnsignedLong(namespaceArg);
        } catch (NumberFormatException e) {
            throw usage("invalid namespace argument: '" + namespaceArg + "' (expected an inode number)");
        }
    }

    private void checkConflicts(Long nsFilter) {
        if (json && raw) {
            throw usage("options --json and --raw are mutually exclusive");
        }
        if (persistent && task != null) {
            throw usage("options --persistent and --task are mutually exclusive");
        }
        if (list && tree != null) {
            throw usage("options --list and --tree are mutually exclusive");
        }
        if (task != null && nsFilter != null) {
            throw usage("--task is mutually exclusive with <namespace>");
        }
        if (outputAll && output != null && !output.startsWith("+")) {
            throw usage("options --output and --output-all are mutually exclusive");
        }
    }

    private List<Col> columns(boolean isNet, boolean processMode) {
        List<Col> dflt;
        if (processMode) {
            dflt = List.of(Col.PID, Col.PPID, Col.USER, Col.COMMAND);
        } else if (isNet) {
            dflt = List.of(Col.NS, Col.TYPE, Col.NPROCS, Col.PID, Col.USER, Col.NETNSID, Col.NSFS, Col.COMMAND);
        } else {
            dflt = List.of(Col.NS, Col.TYPE, Col.NPROCS, Col.PID, Col.USER, Col.COMMAND);
        }
        List<Col> cols = new ArrayList<>(outputAll ? List.of(Col.values()) : List.of());
        if (output == null) {
            return outputAll ? cols : dflt;
        }
        String spec = output;
        if (spec.startsWith("+")) {
            if (!outputAll) {
                cols.addAll(dflt);
            }
            spec = spec.substring(1);
        }
        for (String name : spec.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                cols.add(Col.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw usage("unknown column: " + name.trim() + " (valid: "
                        + Stream.of(Col.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
            }
        }
        if (cols.isEmpty()) {
            throw usage("no columns given to --output");
        }
        return cols;
    }

    /** {@code -Q}; an expression that does not parse, or names an unknown column, is a usage error. */
    private LsFilter parseFilter() {
        try {
            return LsFilter.parse(filter);
        } catch (IllegalArgumentException e) { // Filter.Invalid, not named: a catch type is loaded with this class
            throw usage("invalid filter: " + e.getMessage());
        }
    }

    private Tree treeMode(boolean processMode, boolean defaultColumns) {
        if (tree == null) {
            return list || !defaultColumns ? Tree.none : Tree.process;
        }
        String v = tree.startsWith("=") ? tree.substring(1) : tree;
        try {
            Tree t = Tree.valueOf(v.toLowerCase(Locale.ROOT));
            if (t == Tree.none) {
                throw new IllegalArgumentException(v);
            }
            return processMode && t != Tree.process ? Tree.process : t;
        } catch (IllegalArgumentException e) {
            throw usage("unknown tree type: " + v + " (valid: process, owner, parent)");
        }
    }

    private void printColumns(PrintWriter out, Terminal term) {
        Table t = new Table(List.of(
                Table.Column.right("NAME"), Table.Column.left("TYPE"), Table.Column.left("DESCRIPTION")));
        for (Col c : Col.values()) {
            t.add(null).set(0, c.name()).set(1, c.json == Table.JsonType.NUMBER ? "<integer>" : "<string>")
                    .set(2, c.help);
        }
        Table.Mode m = json ? Table.Mode.JSON : raw ? Table.Mode.RAW : Table.Mode.TEXT;
        t.print(out, new Table.Style(m, !noHeadings, 0, term.utf8(), term.color(), "lsns-columns"));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

package dev.jns.cli.top;

import dev.jns.cli.output.ExitCodes;
import dev.jns.cli.output.Invocation;
import dev.jns.cli.output.Json;
import dev.jns.cli.output.ProcNotes;
import dev.jns.cli.output.RefreshOptions;
import dev.jns.cli.output.Table;
import dev.jns.core.ReadException;
import dev.jns.core.Units;
import dev.jns.core.cgroup.CgroupFs;
import dev.jns.tui.Column;
import dev.jns.tui.ListState;
import dev.jns.tui.ViewId;
import dev.jns.tui.live.TopSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jns top}: live cgroups, processes and namespaces in one full-screen view, linked: Enter
 * on a cgroup lists its processes, Enter on a process shows its namespaces and cgroups, from
 * where {@code e} enters them and {@code k} signals it. {@code -b} prints a view instead.
 */
@Command(name = "top", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Live cgroups, processes and namespaces on one full screen, linked.",
            "Enter on a cgroup lists its processes; Enter on a process shows its",
            "namespaces, cgroup and limits; there e enters its namespaces with a shell",
            "and k sends it a signal. Tab or 1 2 3 switch views; ? lists the keys."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  jns top                             processes, full screen",
            "  jns top --view cgroups -d 2s        the cgroup tree, every 2 seconds",
            "  jns top -b --view processes | head  one refresh as text",
            "  jns top --json -n 3 --view cgroups  three refreshes, a JSON document each",
            "",
            "NS: a letter per namespace that differs from PID 1's (jns's own when",
            "  PID 1's cannot be read): m(nt) u(ts) i(pc) n(et) p(id) U(ser) C(group)",
            "  T(ime); '.' the same, '?' unreadable.",
            "Sort keys: each column's letter is in its title (c %%CPU, m memory...);",
            "  < > sort by the neighbour column; r reverses.",
            "Without a terminal (or with TERM=dumb) -b is implied; NO_COLOR: no colours.",
            "--json: one line per refresh, {\"time\", \"view\", \"rows\": [...]}, a row",
            "  object per line of -b with the same columns: keys are the titles in lower",
            "  case (%%CPU: cpu_percent, Input/s: input_per_s), numbers as numbers",
            "  (bytes, bytes/s), null for '-', \"max\" for no limit.",
            "",
            "Exit status: 0 success, 1 failure (unreadable or malformed input), 2 usage",
            "error or a --proc-root file that is not a regular file (a FIFO, a link)."})
public final class TopCommand implements Callable<Integer> {

    @ParentCommand
    Invocation root;

    @Spec
    CommandSpec spec;

    @Option(names = "--view", paramLabel = "VIEW", description = "The view to start with: cgroups, processes (the default) or namespaces.")
    String view = "processes";

    @Mixin
    RefreshOptions refresh;

    @Option(names = {"-b", "--batch"}, description = "Print the view as text instead of drawing the screen.")
    boolean batch;

    @Option(names = "--json", description = "Print the view as JSON, one document per refresh (implies -b).")
    boolean json;

    @Option(names = {"-n", "--iterations"}, paramLabel = "N", description = "With -b or --json: refreshes to print (default 1).")
    int iterations = 1;

    @Option(names = "--depth", paramLabel = "DEPTH", defaultValue = "3",
            description = "Cgroup view: levels below the root to show. Default: ${DEFAULT-VALUE}.")
    int depth;

    @Override
    public Integer call() throws InterruptedException {
        ViewId first = viewId(view);
        long delayNs = refresh.delayNanos();
        RefreshOptions.atLeast(spec, "--depth", depth, 0);
        RefreshOptions.atLeast(spec, "--iterations", iterations, 1);
        CgroupFs fs = root.cgroupFs();
        dev.jns.core.proc.ProcFs proc = root.procFs();
        TopSource source = new TopSource(proc, fs, "/", depth, root.self());
        if (!batch && !json && root.terminal().fullScreen()) {
            try {
                source.show(first, delayNs, root.terminal().color(), root.terminal().utf8());
            } catch (IOException e) {
                throw new ReadException(Path.of("/dev/tty"), e);
            }
            return ExitCodes.OK;
        }
        PrintWriter out = spec.commandLine().getOut();
        ProcNotes notes = new ProcNotes(spec.commandLine().getErr(), spec.qualifiedName(), root.terminal().utf8());
        ListState list = TopSource.lists().get(first);
        if (first != ViewId.NAMESPACES) {
            source.rows(first); // rates need two samples
            Thread.sleep(refresh.firstIntervalNanos() / 1_000_000);
        }
        for (int i = 0; i < iterations; i++) {
            if (i > 0) {
                Thread.sleep(delayNs / 1_000_000);
                if (!json) {
                    out.println();
                }
            }
            list = list.withRows(source.rows(first));
            if (json) {
                out.println(json(first, list, java.time.Instant.now(), root.terminal().utf8()));
            } else {
                print(out, list, root.terminal().utf8());
            }
            out.flush();
            notes.skipped(proc);
            List<String> cuts = list.cycleCuts();
            if (!cuts.isEmpty()) {
                notes.note("cycle in the parents of " + ProcNotes.first(cuts) + ": shown at the top level");
            }
        }
        return ExitCodes.OK;
    }

    /**
     * The rows as text, a {@link Table}: fixed columns padded, the flexible one as wide as its
     * widest cell. Every cell is escaped ({@link dev.jns.core.text.SafeText#escape}, as
     * {@code jns ls} does) and measured as escaped.
     */
    static void print(PrintWriter out, ListState list, boolean utf8) {
        List<Column> cols = list.columns();
        List<Table.Column> columns = new ArrayList<>(cols.size());
        for (Column c : cols) {
            Table.Column t = c.right() ? Table.Column.right(c.title()) : Table.Column.left(c.title());
            columns.add(c.width() == 0 ? t : t.withFixedWidth(c.width()));
        }
        Table table = new Table(columns);
        for (ListState.Shown s : list.visible()) {
            Table.Line l = table.add(null);
            for (int i = 0; i < cols.size(); i++) {
                l.set(i, s.text(i, cols.get(i)));
            }
        }
        table.print(out, new Table.Style(Table.Mode.TEXT, true, 0, utf8, false, "rows"));
    }

    /**
     * The rows as one JSON document: the view, the time, and a row object per line that
     * {@link #print} prints, with the same columns, typed from the rows' sort values: numbers as
     * numbers, text as strings, {@code null} where the text shows {@code -}, {@code "max"} for a
     * limit that is unlimited. The flexible column holds the row's whole value (a cgroup's path,
     * not its indented name); {@code depth} is its indentation in the tree.
     */
    static String json(ViewId view, ListState list, java.time.Instant time, boolean utf8) {
        List<Column> cols = list.columns();
        List<String> keys = new ArrayList<>(cols.size());
        for (Column c : cols) {
            keys.add(jsonKey(c.title()));
        }
        Json j = new Json(!utf8).open();
        j.field("time", time.toString());
        j.field("view", view.name().toLowerCase(Locale.ROOT));
        j.openArray("rows");
        for (ListState.Shown s : list.visible()) {
            j.open();
            for (int i = 0; i < cols.size(); i++) {
                String cell = i < s.row().cells().size() ? s.row().cells().get(i) : Units.NONE;
                Object v = i < s.row().sort().size() ? s.row().sort().get(i) : null;
                jsonValue(j, keys.get(i), cell, v);
            }
            j.field("depth", s.depth());
            j.close();
        }
        j.closeArray();
        j.close();
        return j.toString();
    }

    /** A column title as a JSON key: lower case, {@code %X} as {@code x_percent}, {@code /s} as {@code _per_s}, blanks as {@code _}. */
    static String jsonKey(String title) {
        String t = title.toLowerCase(Locale.ROOT);
        if (t.startsWith("%")) {
            t = t.substring(1) + "_percent";
        }
        return t.replace("/s", "_per_s").replace(' ', '_').replace('-', '_');
    }

    /** One cell, typed by its sort value: a number, a string, or null for {@code -}; an unlimited limit is "max". */
    private static void jsonValue(Json j, String key, String cell, Object v) {
        if (v instanceof Double d) {
            j.field(key, java.util.OptionalDouble.of(d), 2);
        } else if (v instanceof Number n) {
            if (n.longValue() == Long.MAX_VALUE && cell.equals("max")) {
                j.field(key, "max");
            } else {
                j.field(key, n.longValue());
            }
        } else if (v instanceof String str && !str.isEmpty()) {
            j.field(key, str);
        } else {
            j.field(key, cell.equals(Units.NONE) || cell.isEmpty() ? null : cell);
        }
    }

    private ViewId viewId(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "cgroups", "cgroup", "c", "1": return ViewId.CGROUPS;
            case "processes", "process", "p", "2": return ViewId.PROCESSES;
            case "namespaces", "namespace", "n", "3": return ViewId.NAMESPACES;
            default: throw usage("invalid --view: '" + v + "' (valid: cgroups, processes, namespaces)");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

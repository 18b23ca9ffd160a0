package dev.jns.cli.cgroup;

import dev.jns.cli.output.Invocation;
import dev.jns.cli.output.ExitCodes;
import dev.jns.cli.output.ProcNotes;
import dev.jns.tui.live.TopSource;
import dev.jns.cli.output.RefreshOptions;
import dev.jns.core.cgroup.CgroupFs;
import dev.jns.core.cgroup.CgroupPath;
import dev.jns.core.cgroup.CgroupSampler;
import dev.jns.core.cgroup.CgroupTable;
import dev.jns.core.cgroup.Figure;
import dev.jns.core.cgroup.MachineCgroup;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jns cgtop}: per-cgroup resource use, systemd-cgtop's options and batch output, on v1,
 * v2 and hybrid hosts, with more figures ({@code -o}) and NDJSON ({@code --json}).
 */
@Command(name = "cgtop", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Per-cgroup CPU, memory and IO use, with systemd-cgtop's options and batch output.",
            "Works on v1, v2 and hybrid hosts, reading each figure from the hierarchy that has it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  jns cgtop -b -n 3 -d 500ms          three refreshes, half a second apart",
            "  jns cgtop -m -1 /system.slice       one refresh of a subtree, by memory",
            "  jns cgtop -o mem%%,memlimit,psi-cpu add memory limit use and CPU pressure",
            "  jns cgtop --json -n 5 | jq .        one JSON document per refresh",
            "  jns cgtop -1 --order=swap           who swaps most (memory.swap.current)",
            "  jns cgtop -M web -b -1              one refresh of machine web's cgroup",
            "",
            "Extra columns for -o: memlimit, mem%%, swap, anon, file, thr%% (throttled),",
            "  cpulimit, pidslimit, psi-cpu, psi-mem, psi-io (PSI some avg10).",
            "The first refresh already has rates: jns samples twice, a short interval apart.",
            "'-': the figure does not exist on this layout, or could not be read (--debug says why).",
            "",
            "Exit status: 0 success, 1 failure (no such cgroup or machine, unreadable",
            "input), 2 usage error or a --proc-root file that is not a regular file (a",
            "FIFO, a link)."})
public final class CgtopCommand implements Callable<Integer> {

    /** Sort keys. */
    enum Order { path, tasks, cpu, memory, io, pressure, swap }

    @ParentCommand
    Invocation root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-b", "--batch"}, description = "Batch mode: no keyboard input, print every refresh.")
    boolean batch;

    @Option(names = {"-n", "--iterations"}, paramLabel = "N",
            description = "Stop after N refreshes; 0 runs until interrupted. Default: 1 when not on a terminal, else 0.")
    Integer iterations;

    @Option(names = "-1", description = "The same as --iterations=1.")
    boolean once;

    @Mixin
    RefreshOptions refresh;

    @Option(names = "-p", description = "Order by path.")
    boolean byPath;

    @Option(names = "-t", description = "Order by tasks.")
    boolean byTasks;

    @Option(names = "-c", description = "Order by CPU (the default).")
    boolean byCpu;

    @Option(names = "-m", description = "Order by memory.")
    boolean byMemory;

    @Option(names = "-i", description = "Order by IO.")
    boolean byIo;

    @Option(names = "--order", paramLabel = "KEY",
            description = "Order by path, tasks, cpu, memory, io (systemd-cgtop's keys), pressure or swap (adds the Swap column).")
    Order order;

    @Option(names = {"-r", "--raw"}, description = "Plain numbers: bytes, and CPU time in µs.")
    boolean raw;

    @Option(names = "--cpu", arity = "0..1", fallbackValue = "time", paramLabel = "TYPE",
            description = "Show CPU as 'percentage' (the default) or 'time' (cumulative).")
    String cpuType;

    @Option(names = "-P", description = "Count user-space processes instead of tasks.")
    boolean procs;

    @Option(names = "-k", description = "Count all processes, kernel threads included, instead of tasks.")
    boolean allProcs;

    @Option(names = "--recursive", paramLabel = "BOOL", arity = "1",
            description = "With -P or -k: include the processes of child cgroups: yes (the default) or no.")
    String recursive;

    @Option(names = "--depth", paramLabel = "DEPTH", defaultValue = "3",
            description = "Levels below the start to show; 0 shows only the start. Default: ${DEFAULT-VALUE}.")
    int depth;

    @Option(names = "-o", paramLabel = "COLS", split = ",", description = "Add columns, e.g. mem%%,memlimit,thr%%,psi-cpu.")
    List<String> extra = new ArrayList<>();

    @Option(names = "--json", description = "One JSON object per refresh (NDJSON), with every figure.")
    boolean json;

    @Option(names = {"-M", "--machine"}, paramLabel = "NAME",
            description = "Show only systemd-machined machine NAME's cgroup (its scope, from /run/systemd/machines/NAME).")
    String machine;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CGROUP", description = "Show only this subtree, e.g. /system.slice.")
    String start;

    @Override
    public Integer call() throws InterruptedException {
        long delayNs = refresh.delayNanos();
        boolean recurse = true;
        if (recursive != null) {
            switch (recursive.toLowerCase(Locale.ROOT)) {
                case "yes", "y", "true", "t", "on", "1" -> recurse = true;
                case "no", "n", "false", "f", "off", "0" -> recurse = false;
                default -> throw usage("invalid --recursive: '" + recursive + "' (valid: yes, no)");
            }
        }
        if (!recurse && !procs && !allProcs) {
            throw usage("non-recursive counting is only supported when counting processes, not tasks; use -P or -k");
        }
        if (procs && allProcs) {
            throw usage("options -P and -k are mutually exclusive");
        }
        RefreshOptions.atLeast(spec, "--depth", depth, 0);
        boolean cpuTime = false;
        if (cpuType != null) {
            switch (cpuType.toLowerCase(Locale.ROOT)) {
                case "time" -> cpuTime = true;
                case "percentage", "percent" -> cpuTime = false;
                default -> throw usage("invalid --cpu: '" + cpuType + "' (valid: percentage, time)");
            }
        }
        CgtopView view;
        dev.jns.core.proc.ProcFs proc = root.procFs();
        try {
            CgroupTable.Order by = sortOrder();
            view = new CgtopView(CgtopView.withSortColumn(CgtopView.columns(extra), by), by, raw, cpuTime,
                    procs ? CgroupTable.Count.PROCS : allProcs ? CgroupTable.Count.ALL : CgroupTable.Count.TASKS,
                    recurse, proc, depth, root.terminal().utf8());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (machine != null && start != null) {
            throw usage("-M and CGROUP cannot be combined");
        }
        CgroupFs fs = root.cgroupFs();
        String path = start == null ? CgroupPath.ROOT : CgroupPath.normalize(start);
        if (machine != null) {
            try {
                path = MachineCgroup.of(fs, root.sysRoot(), machine);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        fs.require(path);
        // A dumb terminal cannot draw a screen: it gets the batch output.
        if (!batch && !json && !once && iterations == null && root.terminal().fullScreen()) {
            return fullScreen(fs, path, delayNs);
        }
        int n = once ? 1 : iterations != null ? iterations : root.terminal().interactive() ? 0 : 1;
        RefreshOptions.atLeast(spec, "--iterations", n, 0);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProcNotes notes = new ProcNotes(err, spec.qualifiedName(), root.terminal().utf8());
        // A short first interval, so that the first refresh printed already has rates.
        // The whole subtree is read (counts below --depth add up into the rows shown); --depth limits the rows.
        CgroupSampler sampler = new CgroupSampler(fs, path, json ? Figure.all() : view.figures());
        sampler.take();
        long next = System.nanoTime() + refresh.firstIntervalNanos();
        for (int i = 0; n == 0 || i < n; i++) {
            sleepUntil(next);
            CgroupSampler.Interval interval = sampler.take();
            next = interval.current().monotonicNanos() + delayNs;
            if (json) {
                out.println(view.json(fs.layout().mode(), interval));
            } else {
                if (i > 0) {
                    out.println();
                }
                view.text(out, interval, root.terminal().interactive());
            }
            out.flush();
            notes.skipped(proc);
            if (root.debug()) {
                for (String p : fs.problems()) {
                    err.println("jns cgtop: debug: " + dev.jns.core.text.SafeText.escape(p, root.terminal().utf8()));
                }
                err.flush();
            } else {
                fs.problems();
            }
        }
        return ExitCodes.OK;
    }

    /** The full-screen views (on a terminal without -b), starting on the cgroups: q quits, ? shows the keys. */
    private int fullScreen(CgroupFs fs, String path, long delayNs) throws InterruptedException {
        TopSource source = new TopSource(root.procFs(), fs, path, depth, root.self());
        try {
            source.show(dev.jns.tui.ViewId.CGROUPS, delayNs, root.terminal().color(), root.terminal().utf8());
        } catch (java.io.IOException e) {
            throw new dev.jns.core.ReadException(java.nio.file.Path.of("/dev/tty"), e);
        }
        return ExitCodes.OK;
    }

    private CgroupTable.Order sortOrder() {
        if (order != null) {
            return CgroupTable.Order.valueOf(order.name().toUpperCase(Locale.ROOT));
        }
        return byPath ? CgroupTable.Order.PATH : byTasks ? CgroupTable.Order.TASKS : byMemory ? CgroupTable.Order.MEMORY
                : byIo ? CgroupTable.Order.IO : CgroupTable.Order.CPU;
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

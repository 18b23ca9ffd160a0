package dev.jns.cli.cgroup;

import dev.jns.cli.output.Invocation;
import dev.jns.cli.output.ExitCodes;
import dev.jns.cli.output.Json;
import dev.jns.core.NotFoundException;
import dev.jns.core.ProcessGoneException;
import dev.jns.core.Units;
import dev.jns.core.cgroup.CgroupFigure;
import dev.jns.core.cgroup.CgroupFs;
import dev.jns.core.cgroup.CgroupPath;
import dev.jns.core.cgroup.CgroupStats;
import dev.jns.core.proc.ProcCgroup;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.text.SafeText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jns cg show PID|CGROUP}: every limit and current figure of one cgroup, named like the
 * cgroup v2 files they come from, on any layout. {@code -r KEY} prints one value (v1 names such
 * as {@code memory.limit_in_bytes} work too), the answer to {@code cgget -r KEY CGROUP}. The
 * figures, their names and values are the core's {@link CgroupFigure}; this prints them.
 */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        // one string: `jns cg --help` lists a subcommand with the first string of its description
        description = "Every limit and current figure of one cgroup, or of a process's cgroups, on v1, v2"
            + " and hybrid hosts. Keys are named like cgroup v2 files; v1 names work with -r.",
        footerHeading = "%nExamples:%n",
        footer = {"  jns cg show /system.slice              all figures of a cgroup",
            "  jns cg show 1234                       the cgroups of process 1234",
            "  jns cg show -r memory.max /            one value (also: -r memory.limit_in_bytes)",
            // picocli's help reads "$$" as an escaped "$": "$$$$" prints the shell's $$
            "  jns cg show --json $$$$                  as JSON",
            "", "Exit status: 0 success, 1 failure (no such cgroup, process or key), 2 usage error."})
public final class CgShowCommand implements Callable<Integer> {
    @ParentCommand
    CgCommand cg;

    @Spec
    CommandSpec spec;

    @Option(names = {"-r", "--key"}, paramLabel = "KEY", description = "Print only this value, e.g. memory.max.")
    String key;

    @Option(names = "--json", description = "All figures as one JSON object.")
    boolean json;

    @Parameters(index = "0", paramLabel = "PID|CGROUP", description = "A process id, or a cgroup path such as /system.slice.")
    String target;

    @Override
    public Integer call() {
        if (key != null && json) {
            throw new ParameterException(spec.commandLine(), "options --key and --json are mutually exclusive");
        }
        Invocation root = cg.root();
        CgroupFs fs = root.cgroupFs();
        Map<String, String> where = new LinkedHashMap<>();
        CgroupStats stats;
        if (target.chars().allMatch(Character::isDigit)) {
            ProcFs proc = root.procFs();
            int pid = Integer.parseInt(target);
            if (!proc.exists(pid)) {
                throw new ProcessGoneException(pid, proc.file(pid, "cgroup"), null);
            }
            List<ProcCgroup> entries = proc.cgroups(pid);
            where.putAll(fs.placement(entries));
            stats = fs.readMember(entries);
        } else {
            String path = CgroupPath.normalize(target);
            fs.require(path);
            stats = fs.read(path);
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean utf8 = root.terminal().utf8();
        if (key != null) {
            CgroupFigure f = CgroupFigure.named(key).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "unknown key: " + key + " (valid: " + String.join(", ", keys()) + ")"));
            CgroupFigure.Value v = f.read(stats).orElseThrow(() -> new NotFoundException(
                    fs.layout().hierarchies().get(0).dir(), key + ": not available for " + stats.path() + " on this "
                    + fs.layout().mode().label() + " host"));
            out.println(v.text());
        } else if (json) {
            out.println(json(fs, where, stats, !utf8));
        } else {
            // cgroup paths are named by whoever made the cgroup: escaped
            out.println("cgroup " + SafeText.escape(stats.path(), utf8) + " (" + fs.layout().mode().label() + " host"
                    + (stats.hierarchy().isEmpty() ? "" : ", processes counted in " + stats.hierarchy()) + ")");
            for (Map.Entry<String, String> e : where.entrySet()) {
                out.println("  in " + e.getKey() + ": " + SafeText.escape(e.getValue(), utf8));
            }
            int w = 0;
            for (String k : keys()) {
                w = Math.max(w, k.length());
            }
            for (CgroupFigure f : CgroupFigure.values()) {
                Optional<CgroupFigure.Value> v = f.read(stats);
                out.println(String.format("%-" + w + "s  %s%s", f.key(), v.map(CgroupFigure.Value::text).orElse(Units.NONE),
                        v.map(x -> human(f, x)).orElse("")));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static List<String> keys() {
        List<String> k = new ArrayList<>();
        for (CgroupFigure f : CgroupFigure.values()) {
            k.add(f.key());
        }
        return k;
    }

    /**
     * Every figure as a JSON field: a plain number as a number, anything else (no limit, a pair, a
     * negative sentinel) as its text, a figure this layout does not have as null.
     */
    private static String json(CgroupFs fs, Map<String, String> where, CgroupStats stats, boolean ascii) {
        Json j = new Json(ascii).open();
        j.field("mode", fs.layout().mode().label());
        if (!where.isEmpty()) {
            j.openObject("placement");
            for (Map.Entry<String, String> e : where.entrySet()) {
                j.field(e.getKey(), e.getValue());
            }
            j.close();
        }
        for (CgroupFigure f : CgroupFigure.values()) {
            Optional<CgroupFigure.Value> o = f.read(stats);
            CgroupFigure.Value v = o.orElse(null);
            if (v == null) {
                j.field(f.key(), (String) null);
            } else if (v.kind() == CgroupFigure.Value.Kind.WHOLE && v.whole() >= 0) {
                j.field(f.key(), v.whole());
            } else if (v.kind() == CgroupFigure.Value.Kind.DECIMAL && v.text().matches("\\d+\\.\\d+")) {
                j.field(f.key(), OptionalDouble.of(Double.parseDouble(v.text())), 2);
            } else {
                j.field(f.key(), v.text());
            }
        }
        return j.close().toString();
    }

    /** A human reading beside a byte value of 1 KiB or more. */
    private static String human(CgroupFigure f, CgroupFigure.Value v) {
        return f.unit() == CgroupFigure.Unit.BYTES && v.kind() == CgroupFigure.Value.Kind.WHOLE && v.whole() >= 1024
                ? "  (" + Units.bytes(v.whole()) + ")" : "";
    }
}

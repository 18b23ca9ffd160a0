package dev.jns.cli.cgroup;

import dev.jns.cli.output.Invocation;
import dev.jns.cli.output.ExitCodes;
import dev.jns.cli.output.Json;
import dev.jns.core.Units;
import dev.jns.core.NotFoundException;
import dev.jns.core.ProcessGoneException;
import dev.jns.core.cgroup.CgroupFs;
import dev.jns.core.cgroup.CgroupStats;
import dev.jns.core.cgroup.CpuMax;
import dev.jns.core.cgroup.IoStat;
import dev.jns.core.cgroup.Limit;
import dev.jns.core.cgroup.Pressure;
import dev.jns.core.proc.ProcCgroup;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.text.SafeText;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
 * as {@code memory.limit_in_bytes} work too), the answer to {@code cgget -r KEY CGROUP}.
 */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Every limit and current figure of one cgroup, or of a process's cgroups, on v1, v2",
            "and hybrid hosts. Keys are named like cgroup v2 files; v1 names work with -r."},
        footerHeading = "%nExamples:%n",
        footer = {"  jns cg show /system.slice              all figures of a cgroup",
            "  jns cg show 1234                       the cgroups of process 1234",
            "  jns cg show -r memory.max /            one value (also: -r memory.limit_in_bytes)",
            "  jns cg show --json $$                  as JSON",
            "", "Exit status: 0 success, 1 failure (no such cgroup, process or key), 2 usage error."})
public final class CgShowCommand implements Callable<Integer> {
    /** v1 file names users know, and the key each means here. */
    private static final Map<String, String> ALIASES = Map.of(
            "memory.limit_in_bytes", "memory.max", "memory.usage_in_bytes", "memory.current",
            "memory.memsw.usage_in_bytes", "memory.swap.current", "cpuacct.usage", "cpu.usage_ns",
            "tasks", "cgroup.threads", "cpu.cfs_quota_us", "cpu.max.quota_usec", "cpu.cfs_period_us", "cpu.max.period_usec");

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
        Invocation root = cg.root;
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
            String path = CgtopCommand.normalize(target);
            fs.require(path);
            stats = fs.read(path);
        }
        Map<String, String> values = values(stats);
        PrintWriter out = spec.commandLine().getOut();
        boolean utf8 = root.terminal().utf8();
        if (key != null) {
            String k = ALIASES.getOrDefault(key.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT));
            if (!values.containsKey(k)) {
                throw new ParameterException(spec.commandLine(), "unknown key: " + key
                        + " (valid: " + String.join(", ", values.keySet()) + ")");
            }
            String v = values.get(k);
            if (v == null) {
                throw new NotFoundException(fs.layout().hierarchies().get(0).dir(), key + ": not available for "
                        + stats.path() + " on this " + fs.layout().mode().label() + " host");
            }
            out.println(v);
        } else if (json) {
            out.println(jsonWithNumbers(fs, where, values, !utf8));
        } else {
            // cgroup paths are named by whoever made the cgroup: escaped
            out.println("cgroup " + SafeText.escape(stats.path(), utf8) + " (" + fs.layout().mode().label() + " host"
                    + (stats.hierarchy().isEmpty() ? "" : ", processes counted in " + stats.hierarchy()) + ")");
            for (Map.Entry<String, String> e : where.entrySet()) {
                out.println("  in " + e.getKey() + ": " + SafeText.escape(e.getValue(), utf8));
            }
            int w = 0;
            for (String k : values.keySet()) {
                w = Math.max(w, k.length());
            }
            for (Map.Entry<String, String> e : values.entrySet()) {
                String v = e.getValue() == null ? "-" : e.getValue();
                out.println(String.format("%-" + w + "s  %s%s", e.getKey(), v, human(e.getKey(), e.getValue())));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String jsonWithNumbers(CgroupFs fs, Map<String, String> where, Map<String, String> values,
                                          boolean ascii) {
        Json j = new Json(ascii).open();
        j.field("mode", fs.layout().mode().label());
        if (!where.isEmpty()) {
            j.openObject("placement");
            for (Map.Entry<String, String> e : where.entrySet()) {
                j.field(e.getKey(), e.getValue());
            }
            j.close();
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue();
            if (v != null && !v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
                j.field(e.getKey(), Long.parseLong(v));
            } else if (v != null && v.matches("\\d+\\.\\d+")) {
                j.field(e.getKey(), java.util.OptionalDouble.of(Double.parseDouble(v)), 2);
            } else {
                j.field(e.getKey(), v);
            }
        }
        return j.close().toString();
    }

    /** A human reading beside byte values. */
    private static String human(String key, String value) {
        if (value == null || !(key.endsWith("bytes") || key.startsWith("memory.") && !key.contains("pressure"))
                || !value.chars().allMatch(Character::isDigit) || value.isEmpty()) {
            return "";
        }
        long v = Long.parseLong(value);
        return v >= 1024 ? "  (" + Units.bytes(v) + ")" : "";
    }

    /** Every figure by key; a null value means not available on this layout. */
    static Map<String, String> values(CgroupStats s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cgroup.procs", num(s.procs()));
        m.put("cgroup.threads", num(s.threads()));
        CgroupStats.Cpu c = s.cpu();
        m.put("cpu.usage_ns", num(c.usageNs()));
        m.put("cpu.user_ns", num(c.userNs()));
        m.put("cpu.system_ns", num(c.systemNs()));
        m.put("cpu.nr_periods", num(c.periods()));
        m.put("cpu.nr_throttled", num(c.throttledPeriods()));
        m.put("cpu.throttled_ns", num(c.throttledNs()));
        Optional<CpuMax> max = c.max();
        m.put("cpu.max", max.map(x -> x.quotaUsec() + " " + x.periodUsec()).orElse(null));
        m.put("cpu.max.quota_usec", max.map(x -> x.quotaUsec().unlimited() ? "-1" : x.quotaUsec().toString()).orElse(null));
        m.put("cpu.max.period_usec", max.map(x -> Long.toString(x.periodUsec())).orElse(null));
        m.put("cpu.max.cpus", max.map(x -> x.cpus().isPresent()
                ? String.format(Locale.ROOT, "%.2f", x.cpus().getAsDouble()) : "max").orElse(null));
        CgroupStats.Memory mem = s.memory();
        m.put("memory.current", num(mem.current()));
        m.put("memory.anon", num(mem.anon()));
        m.put("memory.file", num(mem.file()));
        m.put("memory.swap.current", num(mem.swap()));
        m.put("memory.max", limit(mem.max()));
        m.put("memory.high", limit(mem.high()));
        Optional<IoStat> io = s.io();
        m.put("io.rbytes", io.map(x -> Long.toString(x.readBytes())).orElse(null));
        m.put("io.wbytes", io.map(x -> Long.toString(x.writeBytes())).orElse(null));
        m.put("io.rios", io.map(x -> Long.toString(x.readOps())).orElse(null));
        m.put("io.wios", io.map(x -> Long.toString(x.writeOps())).orElse(null));
        m.put("pids.current", num(s.pids().current()));
        m.put("pids.max", limit(s.pids().max()));
        pressure(m, "cpu", s.psi().cpu());
        pressure(m, "memory", s.psi().memory());
        pressure(m, "io", s.psi().io());
        return m;
    }

    private static void pressure(Map<String, String> m, String name, Optional<Pressure> p) {
        m.put(name + ".pressure.some.avg10", p.map(x -> fmt(x.some().avg10())).orElse(null));
        m.put(name + ".pressure.some.avg60", p.map(x -> fmt(x.some().avg60())).orElse(null));
        m.put(name + ".pressure.some.avg300", p.map(x -> fmt(x.some().avg300())).orElse(null));
        m.put(name + ".pressure.some.total_usec", p.map(x -> Long.toString(x.some().totalUsec())).orElse(null));
        m.put(name + ".pressure.full.avg10", p.flatMap(Pressure::full).map(x -> fmt(x.avg10())).orElse(null));
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static String num(OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : null;
    }

    private static String limit(Optional<Limit> l) {
        return l.map(Limit::toString).orElse(null);
    }
}

package dev.jns.cli.cgroup;

import dev.jns.cli.output.Json;
import dev.jns.cli.output.Table;
import dev.jns.core.JnsException;
import dev.jns.core.Units;
import dev.jns.core.cgroup.CgroupFigure;
import dev.jns.core.cgroup.CgroupMode;
import dev.jns.core.cgroup.CgroupSampler;
import dev.jns.core.cgroup.CgroupSnapshot;
import dev.jns.core.cgroup.CgroupStats;
import dev.jns.core.cgroup.CgroupTable;
import dev.jns.core.cgroup.Figure;
import dev.jns.core.cgroup.Limit;
import dev.jns.core.cgroup.Pressure;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.proc.ProcStat;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Lays out {@code jns cgtop} refreshes: systemd-cgtop's columns and widths, plus optional
 * columns, as text; or every figure as one JSON object.
 *
 * @param extras    the optional columns ({@code -o})
 * @param order     sort key
 * @param raw       plain numbers: bytes, and CPU time in µs ({@code -r})
 * @param cpuTime   CPU as cumulative time instead of a percentage
 * @param count     what the count column counts
 * @param recursive process counts include child cgroups
 * @param proc      where kernel threads are counted (with {@link CgroupTable.Count#PROCS})
 * @param depth     levels below the start to show
 * @param utf8      the output is UTF-8 (see {@link dev.jns.cli.output.Terminal#utf8()}): how paths are escaped
 */
record CgtopView(List<Extra> extras, CgroupTable.Order order, boolean raw, boolean cpuTime, CgroupTable.Count count,
                 boolean recursive, ProcFs proc, int depth, boolean utf8) {

    /** Optional columns, by the name {@code -o} takes. */
    enum Extra {
        MEMLIMIT("MemLimit", 8), MEMPCT("Mem%", 6), SWAP("Swap", 8), ANON("Anon", 8), FILE("File", 8),
        THROTTLED("Thr%", 6), CPULIMIT("CPULimit", 8), PIDSLIMIT("PidsLimit", 9),
        PSICPU("PSI-cpu", 7), PSIMEM("PSI-mem", 7), PSIIO("PSI-io", 7);

        final String header;
        final int width;

        Extra(String header, int width) {
            this.header = header;
            this.width = width;
        }
    }

    static final String EXTRA_COLUMNS = "memlimit, mem%, swap, anon, file, thr% (throttled), cpulimit, "
            + "pidslimit, psi-cpu, psi-mem, psi-io (PSI some avg10).";

    CgtopView {
        extras = List.copyOf(extras);
    }

    /** The figures this view shows: only those are read, each refresh. */
    Set<Figure> figures() {
        Set<Figure> f = EnumSet.of(Figure.TASKS, Figure.CPU, Figure.MEMORY, Figure.IO);
        if (order == CgroupTable.Order.PRESSURE) {
            f.add(Figure.PSI);
        }
        if (order == CgroupTable.Order.SWAP) {
            f.add(Figure.MEMORY_DETAIL);
        }
        if (count != CgroupTable.Count.TASKS) {
            f.add(Figure.PROCS);
        }
        for (Extra e : extras) {
            switch (e) {
                case MEMLIMIT, MEMPCT -> f.add(Figure.MEMORY_LIMITS);
                case SWAP, ANON, FILE -> f.add(Figure.MEMORY_DETAIL);
                case THROTTLED, CPULIMIT -> f.add(Figure.CPU_DETAIL);
                case PIDSLIMIT -> f.add(Figure.PIDS_LIMIT);
                case PSICPU, PSIMEM, PSIIO -> f.add(Figure.PSI);
            }
        }
        return f;
    }

    /** Parses {@code -o} names, case-insensitive. */
    static List<Extra> columns(List<String> names) {
        List<Extra> out = new ArrayList<>();
        for (String n : names) {
            String k = n.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
            Extra e = switch (k) {
                case "memlimit", "memmax", "memorymax" -> Extra.MEMLIMIT;
                case "mem%", "memory%", "mempct" -> Extra.MEMPCT;
                case "swap" -> Extra.SWAP;
                case "anon" -> Extra.ANON;
                case "file", "cache" -> Extra.FILE;
                case "thr%", "throttled%", "throttled", "thr" -> Extra.THROTTLED;
                case "cpulimit", "cpumax" -> Extra.CPULIMIT;
                case "pidslimit", "pidsmax" -> Extra.PIDSLIMIT;
                case "psicpu" -> Extra.PSICPU;
                case "psimem", "psimemory" -> Extra.PSIMEM;
                case "psiio" -> Extra.PSIIO;
                default -> throw new IllegalArgumentException("unknown column: " + n.trim() + " (valid: " + EXTRA_COLUMNS + ")");
            };
            if (!out.contains(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** {@code columns}, with the Swap column added when sorting by swap: the key sorted by is shown. */
    static List<Extra> withSortColumn(List<Extra> columns, CgroupTable.Order order) {
        if (order != CgroupTable.Order.SWAP || columns.contains(Extra.SWAP)) {
            return columns;
        }
        List<Extra> out = new ArrayList<>(columns);
        out.add(Extra.SWAP);
        return out;
    }

    private List<CgroupTable.Row> rows(CgroupSampler.Interval interval) {
        long kernel = count == CgroupTable.Count.PROCS && interval.current().cgroups().containsKey("/") ? kernelThreads() : 0;
        EnumSet<CgroupTable.Option> options = EnumSet.noneOf(CgroupTable.Option.class);
        if (cpuTime) {
            options.add(CgroupTable.Option.CPU_TIME);
        }
        if (recursive) {
            options.add(CgroupTable.Option.RECURSIVE);
        }
        return interval.rows(new CgroupTable.Settings(order, count, depth, options), kernel);
    }

    /** Kernel threads live in the root cgroup: kthreadd (2) and its children. */
    private long kernelThreads() {
        long k = 0;
        for (int pid : proc.pids()) {
            try {
                ProcStat st = proc.stat(pid);
                if (pid == 2 || st.ppid() == 2) {
                    k++;
                }
            } catch (JnsException e) {
                if (ProcFs.isBadProcess(e)) {
                    proc.skip(pid, e); // malformed: not counted, noted
                }
                // else exited
            }
        }
        return k;
    }

    // ---- text -------------------------------------------------------------------------------

    /**
     * One refresh as text, systemd-cgtop's: the path column as wide as the widest path, the
     * others of fixed width. A cgroup's name is chosen by whoever made it: the table escapes paths
     * ({@link dev.jns.core.text.SafeText#escape}), and measures them as escaped.
     */
    void text(PrintWriter out, CgroupSampler.Interval interval, boolean header) {
        List<Table.Column> cols = new ArrayList<>(List.of(Table.Column.left("Control Group"),
                Table.Column.right(countHeader()).withFixedWidth(7),
                Table.Column.right(cpuTime ? "CPU Time" : "%CPU").withFixedWidth(cpuTime ? 9 : 6),
                Table.Column.right("Memory").withFixedWidth(8), Table.Column.right("Input/s").withFixedWidth(8),
                Table.Column.right("Output/s").withFixedWidth(8)));
        for (Extra e : extras) {
            cols.add(Table.Column.right(e.header).withFixedWidth(e.width));
        }
        Table t = new Table(cols);
        for (CgroupTable.Row r : rows(interval)) {
            Table.Line l = t.add(null).set(0, r.path()).set(1, Units.count(r.count())).set(2, cpu(r))
                    .set(3, bytes(r.stats().memory().current()))
                    .set(4, rate(r.rates().readBytesPerSec())).set(5, rate(r.rates().writeBytesPerSec()));
            for (int i = 0; i < extras.size(); i++) {
                l.set(6 + i, extra(extras.get(i), r));
            }
        }
        t.print(out, new Table.Style(Table.Mode.TEXT, header, 0, utf8, false, "cgroups"));
    }

    private String countHeader() {
        return count == CgroupTable.Count.TASKS ? "Tasks" : count == CgroupTable.Count.PROCS ? "Procs" : "Proc+";
    }

    private String cpu(CgroupTable.Row r) {
        if (cpuTime) {
            OptionalLong ns = r.stats().cpu().usageNs();
            if (ns.isEmpty()) {
                return Units.NONE;
            }
            return raw ? Long.toString(ns.getAsLong() / 1000) : Units.seconds(ns.getAsLong());
        }
        return Units.oneDecimal(r.rates().cpuPercent());
    }

    private String extra(Extra e, CgroupTable.Row r) {
        CgroupStats.Memory m = r.stats().memory();
        return switch (e) {
            case MEMLIMIT -> m.max().map(l -> l.format(this::bytes)).orElse(Units.NONE);
            case MEMPCT -> {
                if (m.current().isEmpty() || m.max().isEmpty() || m.max().get().unlimited()) {
                    yield Units.NONE;
                }
                long max = m.max().get().value().getAsLong();
                yield max == 0 ? Units.NONE : Units.decimals(100.0 * m.current().getAsLong() / max, 1);
            }
            case SWAP -> bytes(m.swap());
            case ANON -> bytes(m.anon());
            case FILE -> bytes(m.file());
            case THROTTLED -> r.rates().throttledPercent().isPresent()
                    ? Units.decimals(r.rates().throttledPercent().getAsDouble(), 1) : Units.NONE;
            case CPULIMIT -> figure(CgroupFigure.CPU_MAX_CPUS, r);
            case PIDSLIMIT -> figure(CgroupFigure.PIDS_MAX, r);
            case PSICPU -> figure(CgroupFigure.CPU_SOME_AVG10, r);
            case PSIMEM -> figure(CgroupFigure.MEMORY_SOME_AVG10, r);
            case PSIIO -> figure(CgroupFigure.IO_SOME_AVG10, r);
        };
    }

    /** A figure as {@code jns cg show} prints it. */
    private static String figure(CgroupFigure f, CgroupTable.Row r) {
        return f.text(r.stats()).orElse(Units.NONE);
    }

    private String bytes(long v) {
        return raw ? Long.toString(v) : Units.bytes(v);
    }

    private String bytes(OptionalLong v) {
        return raw ? Units.count(v) : Units.bytes(v);
    }

    private String rate(OptionalDouble v) {
        return v.isPresent() ? bytes((long) v.getAsDouble()) : Units.NONE;
    }

    // ---- JSON -------------------------------------------------------------------------------

    String json(CgroupMode mode, CgroupSampler.Interval interval) {
        CgroupSnapshot cur = interval.current();
        Json j = new Json(!utf8).open();
        j.field("time", java.time.Instant.now().toString());
        j.field("mode", mode.label());
        j.field("interval_s", OptionalDouble.of(interval.seconds()), 3);
        j.openArray("cgroups");
        for (CgroupTable.Row r : rows(interval)) {
            CgroupStats s = r.stats();
            j.open();
            j.field("path", r.path());
            j.field("hierarchy", s.hierarchy().isEmpty() ? null : s.hierarchy());
            j.field("tasks", cur.tasks(r.path()));
            j.field("processes", cur.processes(r.path(), true));
            j.field("cpu_percent", r.rates().cpuPercent(), 2);
            j.field("cpu_usage_ns", s.cpu().usageNs());
            j.field("cpu_user_ns", s.cpu().userNs());
            j.field("cpu_system_ns", s.cpu().systemNs());
            j.field("cpu_throttled_percent", r.rates().throttledPercent(), 2);
            j.field("cpu_nr_throttled", s.cpu().throttledPeriods());
            j.field("cpu_throttled_ns", s.cpu().throttledNs());
            limitField(j, "cpu_limit_cpus", s.cpu().max().map(c -> c.cpus().isPresent()
                    ? Limit.of(Math.round(c.cpus().getAsDouble() * 1000)) : Limit.UNLIMITED), 1000);
            j.field("memory_bytes", s.memory().current());
            j.field("memory_anon_bytes", s.memory().anon());
            j.field("memory_file_bytes", s.memory().file());
            j.field("swap_bytes", s.memory().swap());
            limitField(j, "memory_max", s.memory().max(), 1);
            limitField(j, "memory_high", s.memory().high(), 1);
            j.field("io_read_bps", r.rates().readBytesPerSec(), 1);
            j.field("io_write_bps", r.rates().writeBytesPerSec(), 1);
            j.field("io_read_iops", r.rates().readOpsPerSec(), 1);
            j.field("io_write_iops", r.rates().writeOpsPerSec(), 1);
            j.field("pids_current", s.pids().current());
            limitField(j, "pids_max", s.pids().max(), 1);
            j.openObject("psi");
            psiFields(j, "cpu", s.psi().cpu());
            psiFields(j, "memory", s.psi().memory());
            psiFields(j, "io", s.psi().io());
            j.close();
            j.close();
        }
        j.closeArray();
        j.close();
        return j.toString();
    }

    /** A limit: a number, "max" for unlimited, null when unknown. Divided by {@code scale} (for CPUs). */
    private static void limitField(Json j, String key, Optional<Limit> l, long scale) {
        if (l.isEmpty()) {
            j.field(key, (String) null);
        } else if (l.get().unlimited()) {
            j.field(key, "max");
        } else if (scale == 1) {
            j.field(key, l.get().value().getAsLong());
        } else {
            j.field(key, OptionalDouble.of((double) l.get().value().getAsLong() / scale), 3);
        }
    }

    private static void psiFields(Json j, String name, Optional<Pressure> p) {
        j.field(name + "_some_avg10", p.isPresent() ? OptionalDouble.of(p.get().some().avg10()) : OptionalDouble.empty(), 2);
        j.field(name + "_full_avg10", p.isPresent() && p.get().full().isPresent()
                ? OptionalDouble.of(p.get().full().get().avg10()) : OptionalDouble.empty(), 2);
    }
}

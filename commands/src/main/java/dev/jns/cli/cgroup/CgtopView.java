package dev.jns.cli.cgroup;

import dev.jns.cli.output.Json;
import dev.jns.core.Units;
import dev.jns.core.JnsException;
import dev.jns.core.cgroup.CgroupMode;
import dev.jns.core.cgroup.CgroupTable;
import dev.jns.core.cgroup.CgroupSnapshot;
import dev.jns.core.cgroup.CgroupStats;
import dev.jns.core.cgroup.Limit;
import dev.jns.core.cgroup.Pressure;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.proc.ProcStat;
import dev.jns.core.text.SafeText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Lays out {@code jns cgtop} refreshes: systemd-cgtop's columns and widths, plus optional
 * columns, as text; or every figure as one JSON object.
 */
final class CgtopView {

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

    private final List<Extra> extras;
    private final CgroupTable.Order order;
    private final boolean raw;
    private final boolean cpuTime;
    private final CgroupTable.Count count;
    private final boolean recursive;
    private final ProcFs proc;
    private final int depth;
    private final boolean utf8;

    /** @param utf8 the output is UTF-8 (see {@link dev.jns.cli.output.Terminal#utf8()}): how paths are escaped */
    CgtopView(List<Extra> extras, CgroupTable.Order order, boolean raw, boolean cpuTime, CgroupTable.Count count, boolean recursive,
              ProcFs proc, int depth, boolean utf8) {
        this.depth = depth;
        this.utf8 = utf8;
        this.extras = List.copyOf(extras);
        this.order = order;
        this.raw = raw;
        this.cpuTime = cpuTime;
        this.count = count;
        this.recursive = recursive;
        this.proc = proc;
    }

    /** The figures this view shows: only those are read, each refresh. */
    java.util.Set<dev.jns.core.cgroup.Figure> figures() {
        java.util.Set<dev.jns.core.cgroup.Figure> f = java.util.EnumSet.of(dev.jns.core.cgroup.Figure.TASKS,
                dev.jns.core.cgroup.Figure.CPU, dev.jns.core.cgroup.Figure.MEMORY, dev.jns.core.cgroup.Figure.IO);
        if (order == CgroupTable.Order.PRESSURE) {
            f.add(dev.jns.core.cgroup.Figure.PSI);
        }
        if (count != CgroupTable.Count.TASKS) {
            f.add(dev.jns.core.cgroup.Figure.PROCS);
        }
        for (Extra e : extras) {
            switch (e) {
                case MEMLIMIT, MEMPCT -> f.add(dev.jns.core.cgroup.Figure.MEMORY_LIMITS);
                case SWAP, ANON, FILE -> f.add(dev.jns.core.cgroup.Figure.MEMORY_DETAIL);
                case THROTTLED, CPULIMIT -> f.add(dev.jns.core.cgroup.Figure.CPU_DETAIL);
                case PIDSLIMIT -> f.add(dev.jns.core.cgroup.Figure.PIDS_LIMIT);
                case PSICPU, PSIMEM, PSIIO -> f.add(dev.jns.core.cgroup.Figure.PSI);
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

    private List<CgroupTable.Row> rows(CgroupSnapshot prev, CgroupSnapshot cur) {
        long kernel = count == CgroupTable.Count.PROCS && cur.cgroups().containsKey("/") ? kernelThreads() : 0;
        EnumSet<CgroupTable.Option> options = EnumSet.noneOf(CgroupTable.Option.class);
        if (cpuTime) {
            options.add(CgroupTable.Option.CPU_TIME);
        }
        if (recursive) {
            options.add(CgroupTable.Option.RECURSIVE);
        }
        return CgroupTable.rows(prev, cur, new CgroupTable.Settings(order, count, depth, options), kernel);
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
     * One refresh as text. A cgroup's name is chosen by whoever made it: paths are escaped
     * ({@link SafeText#escape}), and measured as escaped.
     */
    void text(PrintWriter out, CgroupSnapshot prev, CgroupSnapshot cur, boolean header) {
        List<CgroupTable.Row> rows = rows(prev, cur);
        int pathWidth = "Control Group".length();
        List<String> paths = new ArrayList<>(rows.size());
        for (CgroupTable.Row r : rows) {
            String p = SafeText.escape(r.path(), utf8);
            paths.add(p);
            pathWidth = Math.max(pathWidth, SafeText.width(p));
        }
        String cpuHeader = cpuTime ? "CPU Time" : "%CPU";
        int cpuWidth = cpuTime ? 9 : 6;
        if (header) {
            StringBuilder h = new StringBuilder();
            h.append(pad("Control Group", pathWidth, false)).append(' ').append(pad(countHeader(), 7, true)).append(' ')
                    .append(pad(cpuHeader, cpuWidth, true)).append(' ').append(pad("Memory", 8, true)).append(' ')
                    .append(pad("Input/s", 8, true)).append(' ').append(pad("Output/s", 8, true));
            for (Extra e : extras) {
                h.append(' ').append(pad(e.header, e.width, true));
            }
            out.println(h.toString().stripTrailing());
        }
        for (int k = 0; k < rows.size(); k++) {
            CgroupTable.Row r = rows.get(k);
            StringBuilder b = new StringBuilder();
            b.append(SafeText.fit(paths.get(k), pathWidth, false)).append(' ').append(pad(num(r.count()), 7, true)).append(' ')
                    .append(pad(cpu(r), cpuWidth, true)).append(' ')
                    .append(pad(bytes(r.stats().memory().current()), 8, true)).append(' ')
                    .append(pad(rate(r.rates().readBytesPerSec()), 8, true)).append(' ')
                    .append(pad(rate(r.rates().writeBytesPerSec()), 8, true));
            for (Extra e : extras) {
                b.append(' ').append(pad(extra(e, r), e.width, true));
            }
            out.println(b);
        }
    }

    private String countHeader() {
        return count == CgroupTable.Count.TASKS ? "Tasks" : count == CgroupTable.Count.PROCS ? "Procs" : "Proc+";
    }

    private String cpu(CgroupTable.Row r) {
        if (cpuTime) {
            OptionalLong ns = r.stats().cpu().usageNs();
            if (ns.isEmpty()) {
                return "-";
            }
            return raw ? Long.toString(ns.getAsLong() / 1000) : String.format(Locale.ROOT, "%.2fs", ns.getAsLong() / 1e9);
        }
        OptionalDouble p = r.rates().cpuPercent();
        return p.isPresent() ? Units.oneDecimal(p.getAsDouble()) : "-";
    }

    private String extra(Extra e, CgroupTable.Row r) {
        CgroupStats.Memory m = r.stats().memory();
        return switch (e) {
            case MEMLIMIT -> limitBytes(m.max());
            case MEMPCT -> {
                if (m.current().isEmpty() || m.max().isEmpty() || m.max().get().unlimited()) {
                    yield "-";
                }
                long max = m.max().get().value().getAsLong();
                yield max == 0 ? "-" : String.format(Locale.ROOT, "%.1f", 100.0 * m.current().getAsLong() / max);
            }
            case SWAP -> bytes(m.swap());
            case ANON -> bytes(m.anon());
            case FILE -> bytes(m.file());
            case THROTTLED -> r.rates().throttledPercent().isPresent()
                    ? String.format(Locale.ROOT, "%.1f", r.rates().throttledPercent().getAsDouble()) : "-";
            case CPULIMIT -> r.stats().cpu().max().map(c -> c.cpus().isPresent()
                    ? String.format(Locale.ROOT, "%.2f", c.cpus().getAsDouble()) : "max").orElse("-");
            case PIDSLIMIT -> r.stats().pids().max().map(Limit::toString).orElse("-");
            case PSICPU -> psi(r.stats().psi().cpu());
            case PSIMEM -> psi(r.stats().psi().memory());
            case PSIIO -> psi(r.stats().psi().io());
        };
    }

    private static String psi(Optional<Pressure> p) {
        return p.map(x -> String.format(Locale.ROOT, "%.2f", x.some().avg10())).orElse("-");
    }

    private String limitBytes(Optional<Limit> l) {
        if (l.isEmpty()) {
            return "-";
        }
        return l.get().unlimited() ? "max" : bytes(l.get().value());
    }

    private String bytes(OptionalLong v) {
        if (v.isEmpty()) {
            return "-";
        }
        return raw ? Long.toString(v.getAsLong()) : Units.bytes(v.getAsLong());
    }

    private String rate(OptionalDouble v) {
        return v.isPresent() ? bytes(OptionalLong.of((long) v.getAsDouble())) : "-";
    }

    private static String num(OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : "-";
    }

    private static String pad(String s, int w, boolean right) {
        if (s.length() >= w) {
            return s;
        }
        String sp = " ".repeat(w - s.length());
        return right ? sp + s : s + sp;
    }

    // ---- JSON -------------------------------------------------------------------------------

    String json(CgroupMode mode, CgroupSnapshot prev, CgroupSnapshot cur) {
        Json j = new Json(!utf8).open();
        j.field("time", java.time.Instant.now().toString());
        j.field("mode", mode.label());
        j.field("interval_s", OptionalDouble.of((cur.monotonicNanos() - prev.monotonicNanos()) / 1e9), 3);
        j.openArray("cgroups");
        for (CgroupTable.Row r : rows(prev, cur)) {
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

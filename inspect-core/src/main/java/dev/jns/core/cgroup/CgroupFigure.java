package dev.jns.core.cgroup;

import dev.jns.core.Units;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Every figure of one cgroup by name, in the order {@code jns cg show} prints them: named like the
 * cgroup v2 files they come from ({@code memory.current}, {@code cpu.pressure.some.avg10}),
 * whatever the layout, each with its unit, the {@link Figure} group that reads it, and its value
 * in a {@link CgroupStats}. Some v1 file names ({@code memory.limit_in_bytes}) name figures too.
 *
 * <p>This is the one list of figures: {@code jns cg show} prints it, and an exporter iterates it.
 * A figure is added here, as a constant with its reader over {@link CgroupStats}.
 */
public enum CgroupFigure {
    PROCS("cgroup.procs", Unit.COUNT, Figure.PROCS, s -> whole(s.procs())),
    THREADS("cgroup.threads", Unit.COUNT, Figure.TASKS, s -> whole(s.threads()), "tasks"),
    CPU_USAGE("cpu.usage_ns", Unit.NANOSECONDS, Figure.CPU, s -> whole(s.cpu().usageNs()), "cpuacct.usage"),
    CPU_USER("cpu.user_ns", Unit.NANOSECONDS, Figure.CPU_DETAIL, s -> whole(s.cpu().userNs())),
    CPU_SYSTEM("cpu.system_ns", Unit.NANOSECONDS, Figure.CPU_DETAIL, s -> whole(s.cpu().systemNs())),
    CPU_PERIODS("cpu.nr_periods", Unit.COUNT, Figure.CPU_DETAIL, s -> whole(s.cpu().periods())),
    CPU_THROTTLED_PERIODS("cpu.nr_throttled", Unit.COUNT, Figure.CPU_DETAIL, s -> whole(s.cpu().throttledPeriods())),
    CPU_THROTTLED("cpu.throttled_ns", Unit.NANOSECONDS, Figure.CPU_DETAIL, s -> whole(s.cpu().throttledNs())),
    /** {@code QUOTA PERIOD}, as v2 {@code cpu.max} reads: a text. */
    CPU_MAX("cpu.max", Unit.MICROSECONDS, Figure.CPU_DETAIL,
            s -> s.cpu().max().map(x -> Value.text(x.quotaUsec() + " " + x.periodUsec()))),
    /** The quota; no limit reads {@code -1}, as v1 {@code cpu.cfs_quota_us} does. */
    CPU_MAX_QUOTA("cpu.max.quota_usec", Unit.MICROSECONDS, Figure.CPU_DETAIL, s -> s.cpu().max()
            .map(x -> x.quotaUsec().unlimited() ? Value.unlimited("-1") : Value.whole(x.quotaUsec().value().getAsLong())),
            "cpu.cfs_quota_us"),
    CPU_MAX_PERIOD("cpu.max.period_usec", Unit.MICROSECONDS, Figure.CPU_DETAIL,
            s -> s.cpu().max().map(x -> Value.whole(x.periodUsec())), "cpu.cfs_period_us"),
    /** The limit in CPUs, quota / period. */
    CPU_MAX_CPUS("cpu.max.cpus", Unit.CPUS, Figure.CPU_DETAIL, s -> s.cpu().max()
            .map(x -> x.cpus().isPresent() ? Value.decimal(x.cpus().getAsDouble()) : Value.unlimited("max"))),
    MEMORY_CURRENT("memory.current", Unit.BYTES, Figure.MEMORY, s -> whole(s.memory().current()), "memory.usage_in_bytes"),
    MEMORY_ANON("memory.anon", Unit.BYTES, Figure.MEMORY_DETAIL, s -> whole(s.memory().anon())),
    MEMORY_FILE("memory.file", Unit.BYTES, Figure.MEMORY_DETAIL, s -> whole(s.memory().file())),
    MEMORY_SWAP("memory.swap.current", Unit.BYTES, Figure.MEMORY_DETAIL, s -> whole(s.memory().swap()),
            "memory.memsw.usage_in_bytes"),
    MEMORY_MAX("memory.max", Unit.BYTES, Figure.MEMORY_LIMITS, s -> limit(s.memory().max()), "memory.limit_in_bytes"),
    MEMORY_HIGH("memory.high", Unit.BYTES, Figure.MEMORY_LIMITS, s -> limit(s.memory().high())),
    IO_READ_BYTES("io.rbytes", Unit.BYTES, Figure.IO, s -> s.io().map(x -> Value.whole(x.readBytes()))),
    IO_WRITE_BYTES("io.wbytes", Unit.BYTES, Figure.IO, s -> s.io().map(x -> Value.whole(x.writeBytes()))),
    IO_READ_OPS("io.rios", Unit.COUNT, Figure.IO, s -> s.io().map(x -> Value.whole(x.readOps()))),
    IO_WRITE_OPS("io.wios", Unit.COUNT, Figure.IO, s -> s.io().map(x -> Value.whole(x.writeOps()))),
    PIDS_CURRENT("pids.current", Unit.COUNT, Figure.TASKS, s -> whole(s.pids().current())),
    PIDS_MAX("pids.max", Unit.COUNT, Figure.PIDS_LIMIT, s -> limit(s.pids().max())),
    CPU_SOME_AVG10("cpu.pressure.some.avg10", Unit.PERCENT, Figure.PSI, s -> some(s.psi().cpu(), Pressure.Line::avg10)),
    CPU_SOME_AVG60("cpu.pressure.some.avg60", Unit.PERCENT, Figure.PSI, s -> some(s.psi().cpu(), Pressure.Line::avg60)),
    CPU_SOME_AVG300("cpu.pressure.some.avg300", Unit.PERCENT, Figure.PSI, s -> some(s.psi().cpu(), Pressure.Line::avg300)),
    CPU_SOME_TOTAL("cpu.pressure.some.total_usec", Unit.MICROSECONDS, Figure.PSI, s -> someTotal(s.psi().cpu())),
    CPU_FULL_AVG10("cpu.pressure.full.avg10", Unit.PERCENT, Figure.PSI, s -> fullAvg10(s.psi().cpu())),
    MEMORY_SOME_AVG10("memory.pressure.some.avg10", Unit.PERCENT, Figure.PSI,
            s -> some(s.psi().memory(), Pressure.Line::avg10)),
    MEMORY_SOME_AVG60("memory.pressure.some.avg60", Unit.PERCENT, Figure.PSI,
            s -> some(s.psi().memory(), Pressure.Line::avg60)),
    MEMORY_SOME_AVG300("memory.pressure.some.avg300", Unit.PERCENT, Figure.PSI,
            s -> some(s.psi().memory(), Pressure.Line::avg300)),
    MEMORY_SOME_TOTAL("memory.pressure.some.total_usec", Unit.MICROSECONDS, Figure.PSI, s -> someTotal(s.psi().memory())),
    MEMORY_FULL_AVG10("memory.pressure.full.avg10", Unit.PERCENT, Figure.PSI, s -> fullAvg10(s.psi().memory())),
    IO_SOME_AVG10("io.pressure.some.avg10", Unit.PERCENT, Figure.PSI, s -> some(s.psi().io(), Pressure.Line::avg10)),
    IO_SOME_AVG60("io.pressure.some.avg60", Unit.PERCENT, Figure.PSI, s -> some(s.psi().io(), Pressure.Line::avg60)),
    IO_SOME_AVG300("io.pressure.some.avg300", Unit.PERCENT, Figure.PSI, s -> some(s.psi().io(), Pressure.Line::avg300)),
    IO_SOME_TOTAL("io.pressure.some.total_usec", Unit.MICROSECONDS, Figure.PSI, s -> someTotal(s.psi().io())),
    IO_FULL_AVG10("io.pressure.full.avg10", Unit.PERCENT, Figure.PSI, s -> fullAvg10(s.psi().io()));

    /** What a figure counts, and the factor to its base unit (seconds, bytes, or itself). */
    public enum Unit {
        COUNT(1), BYTES(1), NANOSECONDS(1e-9), MICROSECONDS(1e-6), PERCENT(1), CPUS(1);

        private final double scale;

        Unit(double scale) {
            this.scale = scale;
        }

        /** The factor to seconds for a time, else 1: {@code usage_ns × scale} is seconds. */
        public double scale() {
            return scale;
        }
    }

    /**
     * One figure's value: a whole number or a decimal in its figure's {@link Unit}, no limit, or a
     * text.
     *
     * @param kind    what it holds
     * @param whole   the number, when {@link Kind#WHOLE}; else 0
     * @param decimal the number as a double, when {@link Kind#WHOLE} or {@link Kind#DECIMAL}; +∞ for
     *                no limit, NaN for a text
     * @param text    how {@code jns cg show} prints it: a whole number in decimal, a decimal with two
     *                places, no limit as the file says it ({@code max}, or {@code -1} for a v1 quota)
     */
    public record Value(Kind kind, long whole, double decimal, String text) {

        /** What a value holds. */
        public enum Kind { WHOLE, DECIMAL, UNLIMITED, TEXT }

        public static Value whole(long v) {
            return new Value(Kind.WHOLE, v, v, Long.toString(v));
        }

        public static Value decimal(double v) {
            return new Value(Kind.DECIMAL, 0, v, Units.decimals(v, 2));
        }

        /** No limit, shown as {@code shown}. */
        public static Value unlimited(String shown) {
            return new Value(Kind.UNLIMITED, 0, Double.POSITIVE_INFINITY, shown);
        }

        public static Value text(String t) {
            return new Value(Kind.TEXT, 0, Double.NaN, t);
        }

        /** The number, in the figure's unit; empty for no limit and for a text. */
        public OptionalDouble number() {
            return kind == Kind.WHOLE || kind == Kind.DECIMAL ? OptionalDouble.of(decimal) : OptionalDouble.empty();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final Map<String, CgroupFigure> BY_NAME = new HashMap<>();

    static {
        for (CgroupFigure f : values()) {
            BY_NAME.put(f.key, f);
            for (String v1 : f.v1Names) {
                BY_NAME.put(v1, f);
            }
        }
    }

    private final String key;
    private final Unit unit;
    private final Figure group;
    private final Function<CgroupStats, Optional<Value>> reader;
    private final List<String> v1Names;

    CgroupFigure(String key, Unit unit, Figure group, Function<CgroupStats, Optional<Value>> reader, String... v1Names) {
        this.key = key;
        this.unit = unit;
        this.group = group;
        this.reader = reader;
        this.v1Names = List.of(v1Names);
    }

    /** Its name, like the cgroup v2 file it comes from: {@code memory.current}. */
    public String key() {
        return key;
    }

    public Unit unit() {
        return unit;
    }

    /** The group to ask {@link CgroupFs#read(String, Set)} for, so that this figure is read. */
    public Figure group() {
        return group;
    }

    /** cgroup v1 file names that name this figure too ({@code memory.limit_in_bytes}). */
    public List<String> v1Names() {
        return v1Names;
    }

    /** Its value in {@code stats}; empty when the layout does not have it or it was not read. */
    public Optional<Value> read(CgroupStats stats) {
        return reader.apply(stats);
    }

    /** Its value in {@code stats} as {@code jns cg show} prints it ({@link Value#text()}). */
    public Optional<String> text(CgroupStats stats) {
        return read(stats).map(Value::text);
    }

    /** The figure a key or a v1 file name names, case-insensitive. */
    public static Optional<CgroupFigure> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The groups to read so that all of {@code figures} are read. */
    public static Set<Figure> groups(Collection<CgroupFigure> figures) {
        Set<Figure> s = EnumSet.noneOf(Figure.class);
        for (CgroupFigure f : figures) {
            s.add(f.group);
        }
        return s;
    }

    private static Optional<Value> whole(OptionalLong v) {
        return v.isPresent() ? Optional.of(Value.whole(v.getAsLong())) : Optional.empty();
    }

    private static Optional<Value> limit(Optional<Limit> l) {
        return l.map(x -> x.unlimited() ? Value.unlimited("max") : Value.whole(x.value().getAsLong()));
    }

    private static Optional<Value> some(Optional<Pressure> p, ToDoubleFunction<Pressure.Line> average) {
        return p.map(x -> Value.decimal(average.applyAsDouble(x.some())));
    }

    private static Optional<Value> someTotal(Optional<Pressure> p) {
        return p.map(x -> Value.whole(x.some().totalUsec()));
    }

    private static Optional<Value> fullAvg10(Optional<Pressure> p) {
        return p.flatMap(Pressure::full).map(x -> Value.decimal(x.avg10()));
    }
}

package dev.jns.core.cgroup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * The rows of a cgroup top view between two snapshots: a tree in which every cgroup comes right
 * before its children and siblings are sorted by a key, with rates and task or process counts.
 * Shared by {@code jns cgtop}'s batch output and its full-screen view.
 */
public final class CgroupTable {

    /**
     * Sort keys: systemd-cgtop's, pressure, and swap (systemd#42863; its figure is in
     * {@link Figure#MEMORY_DETAIL}).
     */
    public enum Order { PATH, TASKS, CPU, MEMORY, IO, PRESSURE, SWAP }

    /** What the count column counts: tasks (threads), user-space processes, or all processes. */
    public enum Count { TASKS, PROCS, ALL }

    /**
     * One row.
     *
     * @param path  the cgroup
     * @param depth levels below the root
     * @param stats its figures now
     * @param rates its rates since the previous snapshot
     * @param count tasks or processes, as {@link Settings#count()} says
     */
    public record Row(String path, int depth, CgroupStats stats, CgroupRates rates, OptionalLong count) {}

    /** Choices beyond the sort key, the count and the depth. */
    public enum Option {
        /** Sort {@link Order#CPU} by cumulative CPU time instead of the rate. */
        CPU_TIME,
        /** Process counts include child cgroups (with {@link Count#PROCS} and {@link Count#ALL}). */
        RECURSIVE,
        /** Reverse the order among siblings (the tree stays: parents before children). */
        REVERSE
    }

    /**
     * How to lay the rows out.
     *
     * @param order    sort key among siblings
     * @param count    what to count
     * @param maxDepth levels below the first cgroup to keep
     * @param options  the {@link Option}s chosen
     */
    public record Settings(Order order, Count count, int maxDepth, Set<Option> options) {
        public Settings {
            options = options.isEmpty() ? EnumSet.noneOf(Option.class) : EnumSet.copyOf(options);
        }

        /** The given settings, e.g. {@code Settings.of(Order.PATH, Count.TASKS, 3, Option.RECURSIVE)}. */
        public static Settings of(Order order, Count count, int maxDepth, Option... options) {
            return new Settings(order, count, maxDepth, options.length == 0 ? Set.of() : EnumSet.of(options[0], options));
        }

        /** Whether {@code o} is chosen. */
        public boolean has(Option o) {
            return options.contains(o);
        }
    }

    private CgroupTable() {}

    /**
     * The rows of {@code cur}, with rates from {@code prev}.
     *
     * @param kernelThreads subtracted from the root's process count with {@link Count#PROCS}
     */
    public static List<Row> rows(CgroupSnapshot prev, CgroupSnapshot cur, Settings s, long kernelThreads) {
        Map<String, Row> byPath = new HashMap<>();
        List<Row> all = new ArrayList<>();
        Map<String, OptionalLong> counts = s.count() == Count.TASKS ? cur.tasksOfAll() : cur.processesOfAll(s.has(Option.RECURSIVE));
        List<String> paths = cur.paths();
        int top = paths.isEmpty() ? 0 : CgroupPath.level(paths.get(0));
        for (String p : paths) {
            if (CgroupPath.level(p) - top > s.maxDepth()) {
                continue;
            }
            OptionalLong n = counts.get(p);
            if (s.count() == Count.PROCS && kernelThreads > 0 && p.equals("/") && n.isPresent()) {
                n = OptionalLong.of(n.getAsLong() - kernelThreads);
            }
            Row r = new Row(p, CgroupPath.level(p), cur.get(p).orElseThrow(), CgroupRates.between(prev, cur, p), n);
            byPath.put(p, r);
            all.add(r);
        }
        Map<String, List<Row>> children = new HashMap<>();
        List<Row> tops = new ArrayList<>();
        for (Row r : all) {
            String parent = CgroupPath.parent(r.path());
            if (parent != null && byPath.containsKey(parent)) {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(r);
            } else {
                tops.add(r);
            }
        }
        List<Row> out = new ArrayList<>(all.size());
        addSorted(tops, children, comparator(s), out);
        return out;
    }

    /** Depth-first, siblings sorted; iterative, so that a deep tree cannot overflow the stack. */
    private static void addSorted(List<Row> rows, Map<String, List<Row>> children, Comparator<Row> cmp, List<Row> out) {
        java.util.ArrayDeque<Row> stack = new java.util.ArrayDeque<>();
        pushSorted(rows, cmp, stack);
        while (!stack.isEmpty()) {
            Row r = stack.pop();
            out.add(r);
            List<Row> c = children.get(r.path());
            if (c != null) {
                pushSorted(c, cmp, stack);
            }
        }
    }

    private static void pushSorted(List<Row> rows, Comparator<Row> cmp, java.util.ArrayDeque<Row> stack) {
        rows.sort(cmp);
        for (int i = rows.size() - 1; i >= 0; i--) {
            stack.push(rows.get(i));
        }
    }

    private static Comparator<Row> comparator(Settings s) {
        Comparator<Row> c = keyComparator(s);
        return s.has(Option.REVERSE) ? c.reversed() : c;
    }

    private static Comparator<Row> keyComparator(Settings s) {
        Comparator<Row> byPath = Comparator.comparing(Row::path);
        return switch (s.order()) {
            case PATH -> byPath;
            case TASKS -> descending(r -> asDouble(r.count())).thenComparing(byPath);
            case CPU -> descending(r -> s.has(Option.CPU_TIME) ? asDouble(r.stats().cpu().usageNs()) : r.rates().cpuPercent())
                    .thenComparing(byPath);
            case MEMORY -> descending(r -> asDouble(r.stats().memory().current())).thenComparing(byPath);
            case IO -> descending(r -> sum(r.rates().readBytesPerSec(), r.rates().writeBytesPerSec())).thenComparing(byPath);
            case PRESSURE -> descending(CgroupTable::pressure).thenComparing(byPath);
            case SWAP -> descending(r -> asDouble(r.stats().memory().swap())).thenComparing(byPath);
        };
    }

    /** Descending by value; rows without a value last. */
    private static Comparator<Row> descending(Function<Row, OptionalDouble> key) {
        return (a, b) -> {
            OptionalDouble x = key.apply(a);
            OptionalDouble y = key.apply(b);
            if (x.isPresent() && y.isPresent()) {
                return Double.compare(y.getAsDouble(), x.getAsDouble());
            }
            return x.isPresent() ? -1 : y.isPresent() ? 1 : 0;
        };
    }

    /** The highest PSI "some avg10" of cpu, memory and io. */
    public static OptionalDouble pressure(Row r) {
        double max = -1;
        for (Optional<Pressure> p : List.of(r.stats().psi().cpu(), r.stats().psi().memory(), r.stats().psi().io())) {
            if (p.isPresent()) {
                max = Math.max(max, p.get().some().avg10());
            }
        }
        return max < 0 ? OptionalDouble.empty() : OptionalDouble.of(max);
    }

    private static OptionalDouble asDouble(OptionalLong v) {
        return v.isPresent() ? OptionalDouble.of(v.getAsLong()) : OptionalDouble.empty();
    }

    private static OptionalDouble sum(OptionalDouble a, OptionalDouble b) {
        return a.isPresent() && b.isPresent() ? OptionalDouble.of(a.getAsDouble() + b.getAsDouble()) : OptionalDouble.empty();
    }
}

package dev.jns.core.cgroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every cgroup of a tree at one moment. Immutable.
 *
 * @param monotonicNanos when it was taken ({@link System#nanoTime()})
 * @param cgroups        the figures, by path, parents before children
 */
public record CgroupSnapshot(long monotonicNanos, Map<String, CgroupStats> cgroups) {

    public CgroupSnapshot {
        cgroups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cgroups));
    }

    /** Takes a snapshot of the tree below {@code start}, {@code maxDepth} levels deep ({@link CgroupFs#ALL_LEVELS}: all). */
    public static CgroupSnapshot take(CgroupFs fs, String start, int maxDepth) {
        return take(fs, start, maxDepth, Figure.all());
    }

    /** The same, reading only the given figures. */
    public static CgroupSnapshot take(CgroupFs fs, String start, int maxDepth, java.util.Set<Figure> figures) {
        Map<String, CgroupStats> m = new LinkedHashMap<>();
        for (String path : fs.tree(start, maxDepth)) {
            m.put(path, fs.read(path, figures));
        }
        return new CgroupSnapshot(System.nanoTime(), m);
    }

    public Optional<CgroupStats> get(String path) {
        return Optional.ofNullable(cgroups.get(path));
    }

    /** Paths, parents before children. */
    public List<String> paths() {
        return new ArrayList<>(cgroups.keySet());
    }

    /**
     * Processes in the cgroup and, with {@code recursive}, in all its descendants in this
     * snapshot (systemd-cgtop's {@code -P}); empty when the count is unknown.
     */
    public OptionalLong processes(String path, boolean recursive) {
        return sum(path, recursive, true);
    }

    /**
     * Tasks (threads) of the cgroup and its descendants: {@code pids.current} where the pids
     * controller has the cgroup, else the thread counts summed over the subtree.
     */
    public OptionalLong tasks(String path) {
        CgroupStats s = cgroups.get(path);
        if (s == null) {
            return OptionalLong.empty();
        }
        return s.pids().current().isPresent() ? s.pids().current() : sum(path, true, false);
    }

    /**
     * {@link #tasks} of every cgroup at once, in one pass over the tree (calling {@code tasks}
     * for each cgroup would visit the tree once per cgroup).
     */
    public Map<String, OptionalLong> tasksOfAll() {
        Map<String, OptionalLong> threads = sumsOfAll(false);
        Map<String, OptionalLong> out = new java.util.HashMap<>();
        for (Map.Entry<String, CgroupStats> e : cgroups.entrySet()) {
            OptionalLong pc = e.getValue().pids().current();
            out.put(e.getKey(), pc.isPresent() ? pc : threads.get(e.getKey()));
        }
        return out;
    }

    /** {@link #processes} of every cgroup at once, in one pass over the tree. */
    public Map<String, OptionalLong> processesOfAll(boolean recursive) {
        if (!recursive) {
            Map<String, OptionalLong> out = new java.util.HashMap<>();
            cgroups.forEach((k, v) -> out.put(k, v.procs()));
            return out;
        }
        return sumsOfAll(true);
    }

    /**
     * Subtree sums of process or thread counts, each only over descendants counted in the
     * cgroup's own hierarchy: children come after parents, so a backwards pass adds each
     * cgroup's per-hierarchy sums into its parent's.
     */
    private Map<String, OptionalLong> sumsOfAll(boolean procs) {
        List<String> order = new ArrayList<>(cgroups.keySet());
        Map<String, Map<String, Long>> byHierarchy = new java.util.HashMap<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            String path = order.get(i);
            CgroupStats s = cgroups.get(path);
            Map<String, Long> mine = byHierarchy.computeIfAbsent(path, k -> new java.util.HashMap<>());
            OptionalLong own = procs ? s.procs() : s.threads();
            if (own.isPresent()) {
                mine.merge(s.hierarchy(), own.getAsLong(), Long::sum);
            }
            String parent = CgroupPath.parent(path);
            if (parent != null && cgroups.containsKey(parent)) {
                Map<String, Long> up = byHierarchy.computeIfAbsent(parent, k -> new java.util.HashMap<>());
                mine.forEach((h, n) -> up.merge(h, n, Long::sum));
            }
        }
        Map<String, OptionalLong> out = new java.util.HashMap<>();
        for (Map.Entry<String, CgroupStats> e : cgroups.entrySet()) {
            CgroupStats s = e.getValue();
            OptionalLong own = procs ? s.procs() : s.threads();
            Long total = byHierarchy.get(e.getKey()).get(s.hierarchy());
            out.put(e.getKey(), own.isEmpty() || total == null ? OptionalLong.empty() : OptionalLong.of(total));
        }
        return out;
    }

    private OptionalLong sum(String path, boolean recursive, boolean procs) {
        CgroupStats s = cgroups.get(path);
        if (s == null || (procs ? s.procs() : s.threads()).isEmpty()) {
            return OptionalLong.empty();
        }
        long n = (procs ? s.procs() : s.threads()).getAsLong();
        if (recursive) {
            for (Map.Entry<String, CgroupStats> e : cgroups.entrySet()) {
                OptionalLong v = procs ? e.getValue().procs() : e.getValue().threads();
                // only descendants counted in the same hierarchy: memberships differ between v1 hierarchies
                if (!e.getKey().equals(path) && CgroupPath.within(e.getKey(), path) && v.isPresent()
                        && e.getValue().hierarchy().equals(s.hierarchy())) {
                    n += v.getAsLong();
                }
            }
        }
        return OptionalLong.of(n);
    }
}

package dev.jns.core.cgroup;

import java.util.List;
import java.util.Set;

/**
 * Samples a cgroup tree again and again, for a top view ({@code jns cgtop}, and the cgroup view of
 * {@code jns top}): each {@link #take()} reads the tree and pairs it with the one before, so that
 * rows have rates. Not thread-safe: one sampler per view.
 */
public final class CgroupSampler {
    private final CgroupFs fs;
    private final String start;
    private final Set<Figure> figures;
    private CgroupSnapshot previous;

    /**
     * @param fs      where the cgroups are read
     * @param start   the top of the tree (all of it below is read: counts add up over it)
     * @param figures what to read of each cgroup
     */
    public CgroupSampler(CgroupFs fs, String start, Set<Figure> figures) {
        this.fs = fs;
        this.start = start;
        this.figures = java.util.EnumSet.noneOf(Figure.class);
        this.figures.addAll(figures);
    }

    /**
     * Reads the tree now. The interval runs from the previous take; the first one's runs from
     * itself, so it has figures but no rates.
     */
    public Interval take() {
        CgroupSnapshot current = CgroupSnapshot.take(fs, start, CgroupFs.ALL_LEVELS, figures);
        Interval i = new Interval(previous != null ? previous : current, current);
        previous = current;
        return i;
    }

    /**
     * Two snapshots of the same tree, one after the other.
     *
     * @param previous the earlier one
     * @param current  the later one: the figures shown
     */
    public record Interval(CgroupSnapshot previous, CgroupSnapshot current) {
        /**
         * The rows of the current snapshot with rates since the previous one: see
         * {@link CgroupTable#rows}.
         */
        public List<CgroupTable.Row> rows(CgroupTable.Settings settings, long kernelThreads) {
            return CgroupTable.rows(previous, current, settings, kernelThreads);
        }

        /** Its length in seconds (0 for a first take). */
        public double seconds() {
            return (current.monotonicNanos() - previous.monotonicNanos()) / 1e9;
        }
    }
}

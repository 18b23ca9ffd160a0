package dev.jns.core.cgroup;

import java.util.EnumSet;
import java.util.Set;

/**
 * Groups of cgroup figures, so that a reader asks only for what it shows: some files (v1
 * {@code memory.stat}) cost the kernel far more to produce than others.
 */
public enum Figure {
    /** Thread counts and {@code pids.current}. */
    TASKS,
    /** Process counts ({@code cgroup.procs}). */
    PROCS,
    /** CPU usage. */
    CPU,
    /** CPU user/system split, throttling and the CPU limit. */
    CPU_DETAIL,
    /** Memory in use. */
    MEMORY,
    /** Anon, file and swap. */
    MEMORY_DETAIL,
    /** Memory max and high. */
    MEMORY_LIMITS,
    /** Block IO. */
    IO,
    /** {@code pids.max}. */
    PIDS_LIMIT,
    /** Pressure stall information. */
    PSI;

    /** Every figure. */
    public static Set<Figure> all() {
        return EnumSet.allOf(Figure.class);
    }
}

package dev.jns.core.cgroup;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The figures of one cgroup at one moment, from whichever hierarchy runs each controller. Every
 * figure is optional: empty means the file is absent on this layout, or could not be read.
 *
 * @param path       the cgroup path, {@code /} for the root
 * @param inode      inode of the cgroup directory in its membership hierarchy: a cgroup removed and
 *                   made again under the same path gets a new one
 * @param hierarchy  label of the membership hierarchy (where tasks and processes were counted)
 * @param procs      processes in this cgroup itself ({@code cgroup.procs} lines)
 * @param threads    threads in this cgroup itself ({@code tasks} on v1, {@code cgroup.threads} on v2)
 * @param cpu        CPU usage, throttling and limit
 * @param memory     memory usage and limits
 * @param io         block IO totals
 * @param pids       pids controller figures (hierarchical)
 * @param psi        pressure stall information (cgroup2 only)
 * @param readNanos  when the CPU counters were read ({@link System#nanoTime()}), 0 when unknown: rates
 *                   use it, so that the time a whole snapshot takes does not skew them
 */
public record CgroupStats(String path, OptionalLong inode, String hierarchy, OptionalLong procs, OptionalLong threads,
                          Cpu cpu, Memory memory, Optional<IoStat> io, Pids pids, Psi psi, long readNanos) {

    /** Figures without their own read time: rates fall back to the snapshot's time. */
    public CgroupStats(String path, OptionalLong inode, String hierarchy, OptionalLong procs, OptionalLong threads,
                       Cpu cpu, Memory memory, Optional<IoStat> io, Pids pids, Psi psi) {
        this(path, inode, hierarchy, procs, threads, cpu, memory, io, pids, psi, 0);
    }

    /**
     * CPU figures. Usage and its user/system split are cumulative nanoseconds (v2 {@code cpu.stat}
     * µs ×1000; v1 {@code cpuacct.usage}, and {@code cpuacct.stat} ticks ×10 ms).
     */
    public record Cpu(OptionalLong usageNs, OptionalLong userNs, OptionalLong systemNs, OptionalLong periods,
                      OptionalLong throttledPeriods, OptionalLong throttledNs, Optional<CpuMax> max) {
        static final Cpu NONE = new Cpu(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
    }

    /**
     * Memory figures in bytes. {@code current} includes page cache (v2 {@code memory.current}, v1
     * {@code memory.usage_in_bytes}); {@code anon} and {@code file} come from {@code memory.stat}
     * (v1: the hierarchical {@code total_rss}/{@code total_cache}); {@code high} exists on v2 only.
     */
    public record Memory(OptionalLong current, OptionalLong anon, OptionalLong file, OptionalLong swap,
                         Optional<Limit> max, Optional<Limit> high) {
        static final Memory NONE = new Memory(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty(), Optional.empty());
    }

    /** {@code pids.current} and {@code pids.max}. */
    public record Pids(OptionalLong current, Optional<Limit> max) {
        static final Pids NONE = new Pids(OptionalLong.empty(), Optional.empty());
    }

    /** {@code cpu.pressure}, {@code memory.pressure}, {@code io.pressure}. */
    public record Psi(Optional<Pressure> cpu, Optional<Pressure> memory, Optional<Pressure> io) {
        static final Psi NONE = new Psi(Optional.empty(), Optional.empty(), Optional.empty());
    }
}

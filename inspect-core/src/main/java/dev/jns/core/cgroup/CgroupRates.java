package dev.jns.core.cgroup;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Rates of one cgroup between two snapshots. Empty when the cgroup is new, was removed and made
 * again (a new inode), or a counter is unknown. Never negative: a counter that went backwards
 * counts as 0.
 *
 * @param cpuPercent        CPU use in percent of one CPU (0 to 100 × CPUs)
 * @param readBytesPerSec   block IO read rate
 * @param writeBytesPerSec  block IO write rate
 * @param readOpsPerSec     read operations per second
 * @param writeOpsPerSec    write operations per second
 * @param throttledPercent  share of CPU periods in which the cgroup was throttled
 */
public record CgroupRates(OptionalDouble cpuPercent, OptionalDouble readBytesPerSec, OptionalDouble writeBytesPerSec,
                          OptionalDouble readOpsPerSec, OptionalDouble writeOpsPerSec, OptionalDouble throttledPercent) {

    public static final CgroupRates NONE = new CgroupRates(OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());

    /** The rates of {@code path} from {@code prev} to {@code cur}. */
    public static CgroupRates between(CgroupSnapshot prev, CgroupSnapshot cur, String path) {
        CgroupStats a = prev.cgroups().get(path);
        CgroupStats b = cur.cgroups().get(path);
        long dt = a != null && b != null && a.readNanos() > 0 && b.readNanos() > 0
                ? b.readNanos() - a.readNanos() : cur.monotonicNanos() - prev.monotonicNanos();
        if (a == null || b == null || dt <= 0 || !a.inode().equals(b.inode())) {
            return NONE;
        }
        double secs = dt / 1e9;
        OptionalDouble cpu = delta(a.cpu().usageNs(), b.cpu().usageNs());
        cpu = cpu.isPresent() ? OptionalDouble.of(cpu.getAsDouble() * 100.0 / dt) : cpu;
        OptionalDouble rb = OptionalDouble.empty();
        OptionalDouble wb = OptionalDouble.empty();
        OptionalDouble ro = OptionalDouble.empty();
        OptionalDouble wo = OptionalDouble.empty();
        if (a.io().isPresent() && b.io().isPresent()) {
            IoStat x = a.io().get();
            IoStat y = b.io().get();
            rb = OptionalDouble.of(Math.max(0, y.readBytes() - x.readBytes()) / secs);
            wb = OptionalDouble.of(Math.max(0, y.writeBytes() - x.writeBytes()) / secs);
            ro = OptionalDouble.of(Math.max(0, y.readOps() - x.readOps()) / secs);
            wo = OptionalDouble.of(Math.max(0, y.writeOps() - x.writeOps()) / secs);
        }
        OptionalDouble thr = OptionalDouble.empty();
        OptionalDouble periods = delta(a.cpu().periods(), b.cpu().periods());
        OptionalDouble throttled = delta(a.cpu().throttledPeriods(), b.cpu().throttledPeriods());
        if (periods.isPresent() && throttled.isPresent()) {
            thr = OptionalDouble.of(periods.getAsDouble() == 0 ? 0 : 100.0 * throttled.getAsDouble() / periods.getAsDouble());
        }
        return new CgroupRates(cpu, rb, wb, ro, wo, thr);
    }

    private static OptionalDouble delta(OptionalLong a, OptionalLong b) {
        if (a.isEmpty() || b.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(0, b.getAsLong() - a.getAsLong()));
    }
}

package dev.jns.core.cgroup;

import dev.jns.core.ParseException;
import dev.jns.core.internal.KeyValueLines;
import java.nio.file.Path;

/**
 * A CPU bandwidth limit: v2 {@code cpu.max} ({@code max 100000} or {@code 50000 100000}), or v1
 * {@code cpu.cfs_quota_us} (-1 for none) with {@code cpu.cfs_period_us}.
 *
 * @param quotaUsec runtime allowed per period, in µs; {@link Limit#UNLIMITED} for none
 * @param periodUsec the period, in µs
 */
public record CpuMax(Limit quotaUsec, long periodUsec) {

    /** The limit in CPUs (quota / period), or empty when unlimited. */
    public java.util.OptionalDouble cpus() {
        return quotaUsec.unlimited() || periodUsec == 0 ? java.util.OptionalDouble.empty()
                : java.util.OptionalDouble.of((double) quotaUsec.value().getAsLong() / periodUsec);
    }

    public static CpuMax parseV2(String content, Path path) {
        String[] f = content.trim().split(" ");
        if (f.length != 2) {
            throw new ParseException(path, 1, "expected '$MAX $PERIOD'");
        }
        Limit q = f[0].equals("max") ? Limit.UNLIMITED : Limit.of(KeyValueLines.number(f[0], path, 1));
        return new CpuMax(q, KeyValueLines.number(f[1], path, 1));
    }

    public static CpuMax parseV1(String quota, Path quotaPath, String period, Path periodPath) {
        long q;
        try {
            q = Long.parseLong(quota.trim());
        } catch (NumberFormatException e) {
            throw new ParseException(quotaPath, 1, "not a number: '" + quota.trim() + "'");
        }
        return new CpuMax(q < 0 ? Limit.UNLIMITED : Limit.of(q), KeyValueLines.number(period.trim(), periodPath, 1));
    }
}

package dev.jns.core.cgroup;

import java.util.Optional;
import java.util.OptionalLong;

/** Builds minimal {@link CgroupStats} values for rate tests. */
final class CgroupFixturesStats {
    /** A cgroup with only a CPU usage counter. */
    CgroupStats usage(String path, long usageNs) {
        CgroupStats.Cpu cpu = new CgroupStats.Cpu(OptionalLong.of(usageNs), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
        return new CgroupStats(path, OptionalLong.of(7), "unified", OptionalLong.empty(), OptionalLong.empty(), cpu,
                CgroupStats.Memory.NONE, Optional.empty(), CgroupStats.Pids.NONE, CgroupStats.Psi.NONE);
    }
}

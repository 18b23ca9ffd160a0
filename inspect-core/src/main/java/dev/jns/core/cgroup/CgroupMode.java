package dev.jns.core.cgroup;

import dev.jns.core.proc.MountInfo;
import java.util.List;
import java.util.Optional;

/** How a host mounts its cgroups. */
public enum CgroupMode {
    /** Only cgroup v1 hierarchies, one per controller (or co-mounted ones). */
    V1,
    /** Only the unified cgroup2 hierarchy: the common case today. */
    V2,
    /** v1 controller hierarchies plus cgroup2 (usually at /sys/fs/cgroup/unified), as systemd's hybrid mode. */
    HYBRID;

    /** Lower-case name, as shown to users. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The mode of a mount table ({@code /proc/self/mountinfo}): {@link #HYBRID} with both cgroup
     * and cgroup2 mounts, else the one there is; empty when no cgroup file system is mounted. Reads
     * nothing: {@link CgroupLayout#detect} also finds the hierarchies and their controllers.
     */
    public static Optional<CgroupMode> of(List<MountInfo> mounts) {
        boolean v1 = false;
        boolean v2 = false;
        for (MountInfo m : mounts) {
            if (m.fsType().equals("cgroup2")) {
                v2 = true;
            } else if (m.fsType().equals("cgroup")) {
                v1 = true;
            }
        }
        return v1 && v2 ? Optional.of(HYBRID) : v2 ? Optional.of(V2) : v1 ? Optional.of(V1) : Optional.empty();
    }
}

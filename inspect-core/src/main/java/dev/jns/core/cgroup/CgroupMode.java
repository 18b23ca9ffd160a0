package dev.jns.core.cgroup;

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
}

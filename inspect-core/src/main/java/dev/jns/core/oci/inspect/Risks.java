package dev.jns.core.oci.inspect;

/**
 * The stable ids of the risk summary of {@link Inspector}. Scripts match on these; the messages
 * beside them may change.
 */
public final class Risks {
    private Risks() {}

    /** CAP_SYS_ADMIN, or every capability, without a user namespace: as good as {@code --privileged}. */
    public static final String PRIVILEGED = "privileged-equivalent";
    /** Every capability Linux has. */
    public static final String CAPS_ALL = "caps.all";
    /** CAP_SYS_ADMIN. */
    public static final String CAPS_SYS_ADMIN = "caps.sys-admin";
    /** Another capability from {@link CapabilityNames#DANGEROUS}. */
    public static final String CAPS_DANGEROUS = "caps.dangerous";
    /** No seccomp filter. */
    public static final String SECCOMP_NONE = "seccomp.none";
    /** Neither an AppArmor profile nor an SELinux label. */
    public static final String MAC_NONE = "mac.none";
    /** A sysfs mount, or a bind of /sys, that is not read-only. */
    public static final String SYS_WRITABLE = "sys.writable";
    /** A proc mount whose /proc/sys and /proc/sysrq-trigger are not read-only. */
    public static final String PROC_WRITABLE = "proc.writable";
    /** A device cgroup rule that allows every device. */
    public static final String DEVICES_ALLOW_ALL = "devices.allow-all";
    /** The host PID namespace. */
    public static final String HOST_PID = "ns.host-pid";
    /** The host network namespace. */
    public static final String HOST_NETWORK = "ns.host-network";
    /** The host IPC namespace. */
    public static final String HOST_IPC = "ns.host-ipc";
    /** The host UTS namespace. */
    public static final String HOST_UTS = "ns.host-uts";
    /** The host mount namespace. */
    public static final String HOST_MOUNT = "ns.host-mount";
    /** The process runs as uid 0 without a user namespace: root on the host. */
    public static final String ROOT_NO_USERNS = "user.root-without-userns";
    /** A user namespace that maps host uid 0 into the container. */
    public static final String USERNS_HOST_ROOT = "userns.maps-host-root";
    /** The rootfs is not read-only. */
    public static final String ROOTFS_WRITABLE = "rootfs.writable";
    /** A bind mount of a sensitive host path (/, /proc, /sys, /dev, a container runtime socket...). */
    public static final String SENSITIVE_MOUNT = "mount.sensitive-host-path";
    /** No memory limit. */
    public static final String NO_MEMORY_LIMIT = "limits.no-memory";
    /** No pids limit. */
    public static final String NO_PIDS_LIMIT = "limits.no-pids";
    /** Hooks that run programs on the host, as the runtime's user, when the container is made or ends. */
    public static final String HOST_HOOKS = "hooks.on-host";
    /** {@code noNewPrivileges} is not set. */
    public static final String NEW_PRIVILEGES = "process.new-privileges";
}

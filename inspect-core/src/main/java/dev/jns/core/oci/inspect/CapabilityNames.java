package dev.jns.core.oci.inspect;

import java.util.List;
import java.util.Locale;

/** Linux capability names (capabilities(7)) and the default sets of runc and Docker. */
public final class CapabilityNames {
    private CapabilityNames() {}

    /** Every capability of Linux 6.x, by number (0 to 40). */
    public static final List<String> KNOWN = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    /** What {@code runc spec} puts in every set (runc 1.1 to 1.3). */
    public static final List<String> RUNC_DEFAULT = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    /** Docker's (and containerd's) default set for a non-privileged container: 14 capabilities. */
    public static final List<String> DOCKER_DEFAULT = List.of("CAP_AUDIT_WRITE", "CAP_CHOWN", "CAP_DAC_OVERRIDE",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_MKNOD", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW",
            "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT");

    /**
     * Capabilities that on their own open a way to the host or its kernel when held without a
     * user namespace (CAP_SYS_ADMIN is reported separately).
     */
    public static final List<String> DANGEROUS = List.of("CAP_BPF", "CAP_DAC_READ_SEARCH", "CAP_MAC_ADMIN",
            "CAP_MAC_OVERRIDE", "CAP_NET_ADMIN", "CAP_PERFMON", "CAP_SYSLOG", "CAP_SYS_BOOT", "CAP_SYS_MODULE",
            "CAP_SYS_PTRACE", "CAP_SYS_RAWIO", "CAP_SYS_TIME");

    /** The canonical name: upper case with the {@code CAP_} prefix ({@code sys_admin} gives CAP_SYS_ADMIN). */
    public static String canonical(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        return n.startsWith("CAP_") ? n : "CAP_" + n;
    }
}

package dev.jns.core.oci.inspect;

import dev.jns.core.proc.Capability;
import java.util.List;
import java.util.Locale;

/**
 * Capability names as configs write them, and the default sets of runc and Docker. The list of
 * capabilities itself is {@link Capability}.
 */
public final class CapabilityNames {
    private CapabilityNames() {}

    /** Every capability this jns knows, by number: {@link Capability#names()}. */
    public static final List<String> KNOWN = Capability.names();

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

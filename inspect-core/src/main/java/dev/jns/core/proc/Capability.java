package dev.jns.core.proc;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Linux capabilities (capabilities(7)), numbered as in {@code <linux/capability.h>}, up to
 * CAP_CHECKPOINT_RESTORE (40, Linux 5.9). The number is the capability's bit in the masks of
 * {@code /proc/PID/status} (CapInh, CapPrm, CapEff, CapBnd, CapAmb); the running kernel's last one
 * is {@code /proc/sys/kernel/cap_last_cap}. A constant's name is the capability's name as OCI
 * configs, runc and capsh(1) write it.
 *
 * <pre>{@code
 * Capability.byName("CAP_SYS_ADMIN").map(Capability::number);   // Optional[21]
 * Capability.ofMask(0x00000000a80425fbL);                        // the 14 of Docker's default set
 * }</pre>
 */
public enum Capability {
    CAP_CHOWN(0),
    CAP_DAC_OVERRIDE(1),
    CAP_DAC_READ_SEARCH(2),
    CAP_FOWNER(3),
    CAP_FSETID(4),
    CAP_KILL(5),
    CAP_SETGID(6),
    CAP_SETUID(7),
    CAP_SETPCAP(8),
    CAP_LINUX_IMMUTABLE(9),
    CAP_NET_BIND_SERVICE(10),
    CAP_NET_BROADCAST(11),
    CAP_NET_ADMIN(12),
    CAP_NET_RAW(13),
    CAP_IPC_LOCK(14),
    CAP_IPC_OWNER(15),
    CAP_SYS_MODULE(16),
    CAP_SYS_RAWIO(17),
    CAP_SYS_CHROOT(18),
    CAP_SYS_PTRACE(19),
    CAP_SYS_PACCT(20),
    CAP_SYS_ADMIN(21),
    CAP_SYS_BOOT(22),
    CAP_SYS_NICE(23),
    CAP_SYS_RESOURCE(24),
    CAP_SYS_TIME(25),
    CAP_SYS_TTY_CONFIG(26),
    CAP_MKNOD(27),
    CAP_LEASE(28),
    CAP_AUDIT_WRITE(29),
    CAP_AUDIT_CONTROL(30),
    CAP_SETFCAP(31),
    CAP_MAC_OVERRIDE(32),
    CAP_MAC_ADMIN(33),
    CAP_SYSLOG(34),
    CAP_WAKE_ALARM(35),
    CAP_BLOCK_SUSPEND(36),
    CAP_AUDIT_READ(37),
    CAP_PERFMON(38),
    CAP_BPF(39),
    CAP_CHECKPOINT_RESTORE(40);

    private static final Capability[] VALUES = values();
    private static final List<String> NAMES;

    static {
        List<String> n = new ArrayList<>(VALUES.length);
        for (Capability c : VALUES) {
            n.add(c.name());
        }
        NAMES = List.copyOf(n);
    }

    private final int number;

    Capability(int number) {
        this.number = number;
    }

    /** The capability's number in {@code <linux/capability.h>}, e.g. 21 for CAP_SYS_ADMIN. */
    public int number() {
        return number;
    }

    /**
     * The capability named exactly {@code name} (upper case, with the {@code CAP_} prefix, as the
     * runtimes take it), if any. No reflection ({@code valueOf} builds a map through it), so the
     * look-up costs {@code jns oci validate} no start-up time.
     */
    public static Optional<Capability> byName(String name) {
        for (Capability c : VALUES) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The capability numbered {@code number}, if this list knows it (a newer kernel may have more). */
    public static Optional<Capability> byNumber(int number) {
        return number >= 0 && number < VALUES.length ? Optional.of(VALUES[number]) : Optional.empty();
    }

    /** Every name, by number: {@code CAP_CHOWN} first. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * The capabilities whose bits are set in {@code mask}, as {@code /proc/PID/status} shows the
     * sets in hexadecimal ({@code CapEff: 000001ffffffffff}). Bits this list does not know are left
     * out.
     */
    public static Set<Capability> ofMask(long mask) {
        Set<Capability> out = EnumSet.noneOf(Capability.class);
        for (Capability c : VALUES) {
            if ((mask & (1L << c.number)) != 0) {
                out.add(c);
            }
        }
        return out;
    }
}

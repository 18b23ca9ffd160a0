package dev.jns.core.sys;

import java.util.OptionalLong;
import jnr.posix.Group;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.Passwd;

/**
 * User and group names through the C library's NSS ({@code getpwnam(3)}, {@code getgrnam(3)}):
 * {@code /etc/passwd} and {@code /etc/group}, and LDAP, sssd or systemd's dynamic users where
 * {@code nsswitch.conf} names them, as util-linux resolves {@code unshare --map-user=NAME}.
 * Loads jnr-posix (about half a second) on first use: ask only for a name, never for a number.
 */
public final class Accounts {
    private Accounts() {
    }

    /** The uid of the user {@code name}, or empty when NSS knows none. */
    public static OptionalLong uid(String name) {
        Passwd p = Native.POSIX.getpwnam(name);
        return p == null ? OptionalLong.empty() : OptionalLong.of(p.getUID());
    }

    /** The gid of the group {@code name}, or empty when NSS knows none. */
    public static OptionalLong gid(String name) {
        Group g = Native.POSIX.getgrnam(name);
        return g == null ? OptionalLong.empty() : OptionalLong.of(g.getGID());
    }

    /** Loaded with the first lookup, not with the class. */
    private static final class Native {
        static final POSIX POSIX = POSIXFactory.getNativePOSIX();
    }
}

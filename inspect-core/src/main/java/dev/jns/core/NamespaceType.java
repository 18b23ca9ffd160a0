package dev.jns.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The eight Linux namespace types. The declaration order is the order in which they are joined:
 * user first (runc's {@code NamespaceTypes()}: "Keep user NS always first").
 */
public enum NamespaceType {
    USER("user", 0x10000000),
    IPC("ipc", 0x08000000),
    UTS("uts", 0x04000000),
    NET("net", 0x40000000),
    PID("pid", 0x20000000),
    MNT("mnt", 0x00020000),
    CGROUP("cgroup", 0x02000000),
    TIME("time", 0x00000080);

    private static final NamespaceType[] VALUES = values();
    private final String procName;
    private final int cloneFlag;

    NamespaceType(String procName, int cloneFlag) {
        this.procName = procName;
        this.cloneFlag = cloneFlag;
    }

    /** The name used in {@code /proc/PID/ns/NAME} and in {@code readlink} text, e.g. {@code "net"}. */
    public String procName() {
        return procName;
    }

    /** The {@code CLONE_NEW*} flag, as {@code setns(2)}, {@code unshare(2)} and {@code NS_GET_NSTYPE} use it. */
    public int cloneFlag() {
        return cloneFlag;
    }

    /**
     * The type whose proc name is exactly {@code text}'s first {@code length} characters (as the
     * kernel writes it, lower case), or null: no substring, no case conversion.
     */
    public static NamespaceType byProcName(String text, int length) {
        for (NamespaceType t : VALUES) {
            if (t.procName.length() == length && text.startsWith(t.procName)) {
                return t;
            }
        }
        return null;
    }

    /** The type whose proc name is {@code name} (case-insensitive), if any. */
    public static Optional<NamespaceType> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (NamespaceType t : VALUES) {
            if (t.procName.equals(n)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The type with the given {@code CLONE_NEW*} flag, if any. */
    public static Optional<NamespaceType> byCloneFlag(int flag) {
        for (NamespaceType t : VALUES) {
            if (t.cloneFlag == flag) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** All proc names, comma-separated, for error messages. */
    public static String names() {
        return Arrays.stream(VALUES).map(NamespaceType::procName).collect(Collectors.joining(", "));
    }

    /** Shared array of all values; do not modify. */
    static NamespaceType[] all() {
        return VALUES;
    }
}

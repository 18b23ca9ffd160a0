package dev.jns.core;

import java.util.Optional;

/**
 * Identity of one namespace: its type and nsfs inode number. Parsed from the text of a
 * {@code /proc/PID/ns/TYPE} or {@code /proc/PID/fd/N} link, e.g. {@code net:[4026531833]}, which
 * works the same on a live host and on a fixture tree. On one host all nsfs inodes share one
 * device, so the inode alone identifies a namespace there.
 */
public record NamespaceId(NamespaceType type, long inode) implements Comparable<NamespaceId> {

    /** Parses link text like {@code net:[4026531833]}; empty when the text is not a namespace. */
    public static Optional<NamespaceId> parse(String link) {
        int colon = link.indexOf(':');
        if (colon <= 0 || link.length() < colon + 4 || link.charAt(colon + 1) != '['
                || link.charAt(link.length() - 1) != ']') {
            return Optional.empty();
        }
        Optional<NamespaceType> type = NamespaceType.byName(link.substring(0, colon));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        try {
            long ino = Long.parseUnsignedLong(link.substring(colon + 2, link.length() - 1));
            return Optional.of(new NamespaceId(type.get(), ino));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Link text, as the kernel prints it. */
    @Override
    public String toString() {
        return type.procName() + ":[" + Long.toUnsignedString(inode) + "]";
    }

    // Written out: the generated record methods bootstrap through invokedynamic, which costs
    // start-up time on the scan path where these are hash keys.
    @Override
    public boolean equals(Object o) {
        return o instanceof NamespaceId other && other.inode == inode && other.type == type;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(inode) * 31 + type.ordinal();
    }

    @Override
    public int compareTo(NamespaceId o) {
        int c = Long.compareUnsigned(inode, o.inode);
        return c != 0 ? c : type.compareTo(o.type);
    }
}

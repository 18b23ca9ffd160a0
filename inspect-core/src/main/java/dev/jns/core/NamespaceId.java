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
        // The kernel's own text (a lower-case name, decimal digits) without a substring or a case
        // conversion: jns ls parses a link per process and type (16,000 at 2,000 processes).
        NamespaceType type = NamespaceType.byProcName(link, colon);
        if (type == null) {
            type = NamespaceType.byName(link.substring(0, colon)).orElse(null);
            if (type == null) {
                return Optional.empty();
            }
        }
        int end = link.length() - 1;
        if (end - (colon + 2) <= 18) {
            long ino = 0;
            int i = colon + 2;
            for (; i < end; i++) {
                char c = link.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                ino = ino * 10 + (c - '0');
            }
            if (i == end) {
                return Optional.of(new NamespaceId(type, ino));
            }
        }
        try {
            long ino = Long.parseUnsignedLong(link.substring(colon + 2, end));
            return Optional.of(new NamespaceId(type, ino));
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

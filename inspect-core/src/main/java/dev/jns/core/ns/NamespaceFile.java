package dev.jns.core.ns;

import java.nio.file.Path;

/**
 * How to open the nsfs file of a namespace, chosen by the scanner for a
 * {@link NamespaceInspector}. The two kinds carry the one rule for opening it safely, since parts
 * of the path may be controlled by another process (a container's mount namespace):
 * <ul>
 *   <li>{@link ProcLink}: a {@code /proc/PID/ns/TYPE} or {@code /proc/PID/fd/N} magic link. The
 *       kernel resolves it to the file the process holds, which may be anything (an fd can be a
 *       FIFO or a device): open it {@code O_PATH} (no side effect), then check that it is nsfs.</li>
 *   <li>{@link Mount}: an nsfs bind mount, as {@code /proc/PID/mountinfo} names it: a path inside a
 *       root directory ({@code /} for this process's mount namespace, {@code /proc/PID/root} for
 *       another one). Resolve it from the root without leaving it and without following any
 *       symlink (a mount point path from mountinfo has none), then check that it is nsfs.</li>
 * </ul>
 * Only after the nsfs check may the file be opened for reading and sent an ioctl.
 */
public sealed interface NamespaceFile {

    /**
     * A magic link under a proc root.
     *
     * @param link {@code PROC/PID/ns/TYPE} or {@code PROC/PID/fd/N}
     */
    record ProcLink(Path link) implements NamespaceFile {
        @Override
        public String toString() {
            return link.toString();
        }
    }

    /**
     * An nsfs bind mount seen from {@code root}.
     *
     * @param root the root directory the path is resolved in: {@code /}, or {@code PROC/PID/root}
     * @param path the mount point, absolute within {@code root}, as mountinfo shows it
     */
    record Mount(Path root, String path) implements NamespaceFile {
        private static final Path SLASH = Path.of("/");

        /**
         * The path as jns shows it (the NSFS column): the mount point itself in this process's
         * mount namespace, {@code /proc/PID/root/MOUNTPOINT} in another.
         */
        public String shownAs() {
            return root.equals(SLASH) ? path : root + path;
        }

        @Override
        public String toString() {
            return shownAs();
        }
    }
}

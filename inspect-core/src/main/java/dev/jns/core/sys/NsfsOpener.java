package dev.jns.core.sys;

import dev.jns.core.ns.NamespaceFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jnr.ffi.LastError;

/**
 * Opens the nsfs file of a namespace for the ioctls and netlink, by the rule of its
 * {@link NamespaceFile} kind, so that a path another process controls cannot make root open
 * anything else (a FIFO, which would block; a device, which would then get an ioctl):
 * <ol>
 *   <li>a {@link NamespaceFile.ProcLink} ({@code /proc/PID/ns/TYPE}, {@code /proc/PID/fd/N}) is
 *       opened {@code O_PATH}: the kernel follows the magic link, and an {@code O_PATH} open has no
 *       side effect whatever the file is;</li>
 *   <li>a {@link NamespaceFile.Mount} is resolved from an {@code O_PATH} fd of its root with
 *       {@code openat2(O_PATH|O_NOFOLLOW, RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS|RESOLVE_NO_SYMLINKS)}:
 *       it cannot leave the root and follows no symlink (a mount point that mountinfo names has
 *       none; a symlink there was put over it). Where the kernel lacks openat2 (before Linux 5.6),
 *       the path is walked one component at a time with {@code openat(O_PATH|O_NOFOLLOW)},
 *       directories with {@code O_DIRECTORY} (a symlink fails with ENOTDIR), {@code ..} refused;</li>
 *   <li>the {@code O_PATH} fd must be on nsfs ({@code fstatfs}, {@code NSFS_MAGIC}); only then is
 *       it reopened read-only, non-blocking, through {@code /proc/self/fd/N}, and the reopened fd
 *       checked to be the same inode.</li>
 * </ol>
 * The flag values are Linux's generic ones (x86, riscv, s390x, loongarch), with arm's and powerpc's
 * O_DIRECTORY and O_NOFOLLOW; the openat2 number 437 is the same on every architecture.
 *
 * <p>Not thread-safe.
 */
final class NsfsOpener {
    static final long NSFS_MAGIC = 0x6e736673L;
    private static final long SYS_OPENAT2 = 437;
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_NO_SYMLINKS = 0x04;
    private static final long RESOLVE_IN_ROOT = 0x10;
    private static final int ENOSYS = 38;
    private static final String ARCH = System.getProperty("os.arch", "");
    /** arm, arm64 and powerpc have their own O_DIRECTORY and O_NOFOLLOW. */
    private static final boolean ARM_PPC = ARCH.startsWith("aarch64") || ARCH.startsWith("arm") || ARCH.startsWith("ppc");
    private static final int O_RDONLY = 0;
    private static final int O_NOCTTY = 0x100;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_DIRECTORY = ARM_PPC ? 0x4000 : 0x10000;
    private static final int O_NOFOLLOW = ARM_PPC ? 0x8000 : 0x20000;
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_PATH = 0x200000;
    /** statfs.f_type is a long, except on 32-bit systems and s390x (an unsigned int). */
    private static final boolean LONG_F_TYPE = ARCH.contains("64") && !ARCH.equals("s390x");

    /**
     * The outcome of an open.
     *
     * @param fd      a read-only fd of the nsfs file, or -1
     * @param refusal why there is no fd (null when there is one)
     */
    record Opened(int fd, String refusal) {
        boolean ok() {
            return fd >= 0;
        }
    }

    private final NativeNamespaceInspector.LibC c;
    private final jnr.ffi.Runtime runtime;
    private boolean openat2;

    /**
     * @param c        the bound libc
     * @param openat2  try openat2 first (false: always walk component by component, as on a kernel
     *                 without it; for tests)
     */
    NsfsOpener(NativeNamespaceInspector.LibC c, boolean openat2) {
        this.c = c;
        this.runtime = jnr.ffi.Runtime.getRuntime(c);
        this.openat2 = openat2;
    }

    /** Whether bind mounts are resolved with openat2 (false after the kernel said ENOSYS). */
    boolean usesOpenat2() {
        return openat2;
    }

    /** Opens {@code f} read-only if, and only if, it is an nsfs file reached by the rule of its kind. */
    Opened open(NamespaceFile f) {
        int path;
        if (f instanceof NamespaceFile.ProcLink l) {
            String link = l.link().toString();
            if (link.indexOf('\0') >= 0) {
                return refused("a NUL in " + link);
            }
            path = c.open(link, O_PATH | O_CLOEXEC);
            if (path < 0) {
                return refused("cannot open " + link + ": " + errnoText(errno()));
            }
        } else {
            Opened p = openInRoot((NamespaceFile.Mount) f);
            if (!p.ok()) {
                return p;
            }
            path = p.fd();
        }
        try {
            return reopenIfNsfs(path, f);
        } finally {
            c.close(path);
        }
    }

    /** An {@code O_PATH} fd of the mount point, resolved inside the root, or the refusal. */
    private Opened openInRoot(NamespaceFile.Mount m) {
        String p = m.path();
        if (!p.startsWith("/") || p.indexOf('\0') >= 0) {
            return refused("not an absolute mount point: " + m);
        }
        String[] parts = p.substring(1).split("/");
        StringBuilder rel = new StringBuilder();
        for (String part : parts) {
            if (part.equals("..")) {
                return refused("'..' in mount point " + m);
            }
            if (!part.isEmpty() && !part.equals(".")) {
                rel.append(rel.length() == 0 ? "" : "/").append(part);
            }
        }
        if (rel.length() == 0) {
            return refused("mount point is the root: " + m);
        }
        int root = c.open(m.root().toString(), O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (root < 0) {
            return refused("cannot open " + m.root() + ": " + errnoText(errno()));
        }
        try {
            if (openat2) {
                byte[] how = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder())
                        .putLong(O_PATH | O_NOFOLLOW | O_CLOEXEC).putLong(0)
                        .putLong(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS).array();
                int fd = (int) c.syscall(SYS_OPENAT2, root, cString(rel.toString()), how, how.length);
                if (fd >= 0) {
                    return new Opened(fd, null);
                }
                int e = errno();
                if (e != ENOSYS) {
                    return refused("cannot resolve " + m + " inside its root: " + errnoText(e));
                }
                openat2 = false;
            }
            return walk(root, parts, m);
        } finally {
            c.close(root);
        }
    }

    /** The fallback: one component at a time from {@code root}, following no symlink. */
    private Opened walk(int root, String[] parts, NamespaceFile.Mount m) {
        int last = parts.length - 1;
        while (last >= 0 && (parts[last].isEmpty() || parts[last].equals("."))) {
            last--;
        }
        int dir = root;
        try {
            for (int i = 0; i <= last; i++) {
                String part = parts[i];
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                int next = c.openat(dir, part, O_PATH | O_NOFOLLOW | O_CLOEXEC | (i < last ? O_DIRECTORY : 0), 0);
                if (next < 0) {
                    return refused("cannot resolve " + m + " at '" + part + "': " + errnoText(errno()));
                }
                if (dir != root) {
                    c.close(dir);
                }
                dir = next;
            }
            int fd = dir;
            dir = root;
            return new Opened(fd, null);
        } finally {
            if (dir != root) {
                c.close(dir);
            }
        }
    }

    /** A read-only fd of the file behind {@code path} (an O_PATH fd) if it is an nsfs file. */
    private Opened reopenIfNsfs(int path, NamespaceFile f) {
        byte[] st = new byte[128]; // struct statfs: at most 120 bytes, f_type first
        if (c.fstatfs(path, st) != 0) {
            return refused("cannot fstatfs " + f + ": " + errnoText(errno()));
        }
        ByteBuffer b = ByteBuffer.wrap(st).order(ByteOrder.nativeOrder());
        long type = LONG_F_TYPE ? b.getLong(0) : b.getInt(0) & 0xffffffffL;
        if (type != NSFS_MAGIC) {
            return refused("not an nsfs file (filesystem type 0x" + Long.toHexString(type) + "): " + f);
        }
        int fd = c.open("/proc/self/fd/" + path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        if (fd < 0) {
            return refused("cannot reopen " + f + ": " + errnoText(errno()));
        }
        if (!sameFile(path, fd)) {
            c.close(fd);
            return refused("reopened " + f + " is another file");
        }
        return new Opened(fd, null);
    }

    /** Whether two fds of this process refer to the same inode (a stat through the fd links). */
    private static boolean sameFile(int a, int b) {
        try {
            Map<String, Object> x = Files.readAttributes(Path.of("/proc/self/fd/" + a), "unix:dev,ino");
            Map<String, Object> y = Files.readAttributes(Path.of("/proc/self/fd/" + b), "unix:dev,ino");
            return x.get("ino") != null && x.get("ino").equals(y.get("ino")) && x.get("dev").equals(y.get("dev"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] cString(String s) {
        byte[] b = dev.jns.core.text.Utf8.encode(s); // the mount point's exact bytes (mountinfo is decoded losslessly)
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }

    /** The errno values an open here meets, by name. */
    static String errnoText(int e) {
        switch (e) {
            case 2: return "no such file (ENOENT)";
            case 13: return "permission denied (EACCES)";
            case 18: return "leaves the root (EXDEV)";
            case 20: return "not a directory, or a symlink to one (ENOTDIR)";
            case 40: return "a symlink on the way (ELOOP)";
            default: return "errno " + e;
        }
    }

    private int errno() {
        return LastError.getLastError(runtime);
    }

    private static Opened refused(String why) {
        return new Opened(-1, why);
    }
}

package dev.jns.core.sys;

import dev.jns.core.NamespaceId;
import dev.jns.core.NamespaceType;
import dev.jns.core.ns.NamespaceFacts;
import dev.jns.core.ns.NamespaceFile;
import dev.jns.core.ns.NamespaceInspector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.Variadic;
import jnr.ffi.byref.IntByReference;

/**
 * The nsfs ioctls ({@code NS_GET_USERNS}, {@code NS_GET_PARENT}, {@code NS_GET_OWNER_UID}; see
 * ioctl_ns(2)) and netlink {@code RTM_GETNSID}, through jnr-ffi. Loading the binding costs about
 * 0.3 s, so it happens on first use only: {@code jns ls} with the default columns never gets here.
 * Namespace files are opened by {@link NsfsOpener}: nothing but an nsfs file is ever opened for
 * reading, and a path inside another mount namespace never leads out of it.
 *
 * <p>Not thread-safe: one instance per scan.
 */
public final class NativeNamespaceInspector implements NamespaceInspector {
    private static final long NS_GET_USERNS = 0xb701;
    private static final long NS_GET_PARENT = 0xb702;
    private static final long NS_GET_NSTYPE = 0xb703;
    private static final long NS_GET_OWNER_UID = 0xb704;
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW_CLOEXEC = 3 | 0x80000;
    private static final int NETLINK_ROUTE = 0;
    private static final short RTM_NEWNSID = 88;
    private static final short RTM_GETNSID = 90;
    private static final short NLM_F_REQUEST = 1;
    private static final short NETNSA_NSID = 1;
    private static final short NETNSA_FD = 3;

    /** The libc calls jnr-posix does not offer. */
    public interface LibC {
        int open(String path, int flags);

        @Variadic(fixedCount = 3)
        int openat(int dirfd, String path, int flags, int mode);

        int close(int fd);

        int fstatfs(int fd, @Out byte[] buf);

        /** For openat2: {@code syscall(437, dirfd, path, &how, sizeof how)}. */
        @Variadic(fixedCount = 1)
        long syscall(long nr, long dirfd, @In byte[] path, @In byte[] how, long size);

        @Variadic(fixedCount = 2)
        int ioctl(int fd, long request);

        @Variadic(fixedCount = 2)
        int ioctl(int fd, long request, @Out IntByReference arg);

        int socket(int domain, int type, int protocol);

        long send(int fd, @In byte[] buf, long len, int flags);

        long recv(int fd, @Out byte[] buf, long len, int flags);
    }

    /** Holder: the library is bound when this class is first touched. */
    private static final class Lib {
        static final LibC C = LibraryLoader.create(LibC.class).load("c");
    }

    private final LibC c;
    private final NsfsOpener opener;
    private final Map<Long, Optional<String>> netnsidCache = new HashMap<>();
    private final Set<String> problems = new LinkedHashSet<>();
    private int netlinkFd = -2;
    private int seq;

    private NativeNamespaceInspector(LibC c, boolean openat2) {
        this.c = c;
        this.opener = new NsfsOpener(c, openat2);
    }

    /**
     * Binds libc. Fails with the loader's error when the native library cannot be loaded (for
     * example a {@code noexec} temporary directory for jffi's stub).
     */
    public static NativeNamespaceInspector load() {
        return new NativeNamespaceInspector(Lib.C, true);
    }

    /**
     * {@link #load()} on first {@code get()}: the inspector factory for
     * {@link dev.jns.core.ns.NamespaceScanner#of}. A class rather than the method reference
     * {@code NativeNamespaceInspector::load}, whose linking loads this class and spins a lambda
     * class on a path that may never need either ({@code jns ls} with the default columns).
     */
    public static final class Loader implements Supplier<NamespaceInspector> {
        @Override
        public NamespaceInspector get() {
            return load();
        }
    }

    /** As {@link #load()}, resolving bind mounts without openat2, as on a kernel before 5.6; for tests. */
    static NativeNamespaceInspector withoutOpenat2() {
        return new NativeNamespaceInspector(Lib.C, false);
    }

    /** The bound libc; for tests. */
    static LibC libc() {
        return Lib.C;
    }

    /** The opener this inspector uses; for tests. */
    NsfsOpener opener() {
        return opener;
    }

    @Override
    public List<NamespaceFacts> describe(NamespaceId id, NamespaceFile file, boolean ancestors) {
        int fd = open(id, file);
        if (fd < 0) {
            return List.of();
        }
        List<Integer> open = new ArrayList<>();
        open.add(fd);
        try {
            if (!id.equals(idOf(fd))) {
                return List.of();
            }
            List<NamespaceFacts> out = new ArrayList<>();
            Deque<Object[]> todo = new ArrayDeque<>();
            Set<Long> seen = new HashSet<>();
            todo.add(new Object[] {fd, id});
            seen.add(id.inode());
            while (!todo.isEmpty()) {
                Object[] cur = todo.poll();
                int cfd = (Integer) cur[0];
                NamespaceId cid = (NamespaceId) cur[1];
                int pfd = -1;
                if (cid.type() == NamespaceType.PID || cid.type() == NamespaceType.USER) {
                    pfd = c.ioctl(cfd, NS_GET_PARENT);
                    if (pfd >= 0) {
                        open.add(pfd);
                    }
                }
                int ofd = c.ioctl(cfd, NS_GET_USERNS);
                if (ofd >= 0) {
                    open.add(ofd);
                }
                NamespaceId parent = pfd >= 0 ? idOf(pfd) : null;
                NamespaceId owner = ofd >= 0 ? idOf(ofd) : null;
                OptionalInt uid = ownerUid(cid.type() == NamespaceType.USER ? cfd : ofd);
                out.add(new NamespaceFacts(cid, parent == null ? 0 : parent.inode(),
                        owner == null ? 0 : owner.inode(), uid));
                if (ancestors) {
                    if (parent != null && seen.add(parent.inode())) {
                        todo.add(new Object[] {pfd, parent});
                    }
                    if (owner != null && seen.add(owner.inode())) {
                        todo.add(new Object[] {ofd, owner});
                    }
                }
            }
            return out;
        } finally {
            for (int f : open) {
                c.close(f);
            }
        }
    }

    @Override
    public Optional<String> netnsid(NamespaceId id, NamespaceFile file) {
        Optional<String> cached = netnsidCache.get(id.inode());
        if (cached != null) {
            return cached;
        }
        Optional<String> v = queryNetnsid(id, file);
        netnsidCache.put(id.inode(), v);
        return v;
    }

    private Optional<String> queryNetnsid(NamespaceId id, NamespaceFile file) {
        if (netlinkFd == -2) {
            netlinkFd = c.socket(AF_NETLINK, SOCK_RAW_CLOEXEC, NETLINK_ROUTE);
        }
        if (netlinkFd < 0) {
            return Optional.empty();
        }
        int fd = open(id, file);
        if (fd < 0) {
            return Optional.empty();
        }
        try {
            if (!id.equals(idOf(fd))) {
                return Optional.empty();
            }
            // struct nlmsghdr (16) + struct rtgenmsg (1, padded to 4) + struct rtattr (4) + int32
            ByteBuffer req = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
            req.putInt(28).putShort(RTM_GETNSID).putShort(NLM_F_REQUEST).putInt(++seq).putInt(0);
            req.put((byte) 0).put(new byte[3]);
            req.putShort((short) 8).putShort(NETNSA_FD).putInt(fd);
            if (c.send(netlinkFd, req.array(), 28, 0) < 0) {
                return Optional.empty();
            }
            byte[] res = new byte[256];
            long n = c.recv(netlinkFd, res, res.length, 0);
            if (n < 28) {
                return Optional.empty();
            }
            ByteBuffer r = ByteBuffer.wrap(res, 0, (int) n).order(ByteOrder.nativeOrder());
            if (r.getShort(4) != RTM_NEWNSID || r.getShort(22) != NETNSA_NSID) {
                return Optional.empty();
            }
            int nsid = r.getInt(24);
            return Optional.ofNullable(nsid >= 0 ? Integer.toString(nsid) : nsid == -1 ? "unassigned" : null);
        } finally {
            c.close(fd);
        }
    }

    @Override
    public Optional<NamespaceId> identify(NamespaceFile file) {
        NsfsOpener.Opened o = opener.open(file);
        if (!o.ok()) {
            problems.add(file + ": " + o.refusal());
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(idOf(o.fd()));
        } finally {
            c.close(o.fd());
        }
    }

    @Override
    public List<String> takeProblems() {
        List<String> out = List.copyOf(problems);
        problems.clear();
        return out;
    }

    /** A read-only fd of the nsfs file of {@code id}, or -1 (and the refusal noted). */
    private int open(NamespaceId id, NamespaceFile file) {
        NsfsOpener.Opened o = opener.open(file);
        if (!o.ok()) {
            problems.add(id + ": " + o.refusal());
        }
        return o.fd();
    }

    private OptionalInt ownerUid(int userNsFd) {
        if (userNsFd < 0) {
            return OptionalInt.empty();
        }
        IntByReference uid = new IntByReference();
        return c.ioctl(userNsFd, NS_GET_OWNER_UID, uid) == 0 ? OptionalInt.of(uid.intValue()) : OptionalInt.empty();
    }

    /**
     * The namespace an nsfs fd refers to: type from {@code NS_GET_NSTYPE}, inode from a stat
     * through the fd. (The fd's link text is a path, not {@code type:[inode]}, when the file was
     * opened through a bind mount.)
     */
    private NamespaceId idOf(int fd) {
        int flag = c.ioctl(fd, NS_GET_NSTYPE);
        Optional<NamespaceType> type = NamespaceType.byCloneFlag(flag);
        if (flag < 0 || type.isEmpty()) {
            return null;
        }
        try {
            Object ino = Files.getAttribute(Path.of("/proc/self/fd/" + fd), "unix:ino");
            return ino instanceof Long l ? new NamespaceId(type.get(), l) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

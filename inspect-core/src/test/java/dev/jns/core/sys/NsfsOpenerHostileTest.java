package dev.jns.core.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jns.core.NamespaceId;
import dev.jns.core.ns.NamespaceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnr.ffi.LastError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, item 1: the opener of namespace files never opens for reading anything but an nsfs
 * file, never follows a symlink out of (or inside) the root a bind mount is resolved in, and
 * never blocks. Each case runs with openat2 and with the component-by-component fallback (as on
 * a kernel before 5.6). The bind-mount cases need root and skip otherwise.
 */
@Tag("hostile")
class NsfsOpenerHostileTest {
    private static final int O_RDWR = 2;
    private static final int O_WRONLY = 1;
    private static final int O_NONBLOCK = 0x800;
    private static final int ENXIO = 6;
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private Path fifo;
    private Path mounted;

    private static NsfsOpener opener(boolean openat2) {
        return openat2 ? NativeNamespaceInspector.load().opener() : NativeNamespaceInspector.withoutOpenat2().opener();
    }

    /** fds the opener returned, closed after each test (an open fd would keep a mount busy). */
    private final List<Integer> fds = new ArrayList<>();

    /**
     * Releases a reader that a wrong open left blocked on the FIFO, closes what was opened and
     * undoes the bind mount (lazily if it is still busy), then checks that it is gone.
     */
    @AfterEach
    void cleanUp() throws Exception {
        if (fifo != null && Files.exists(fifo)) {
            int fd = NativeNamespaceInspector.libc().open(fifo.toString(), O_RDWR | O_NONBLOCK);
            if (fd >= 0) {
                NativeNamespaceInspector.libc().close(fd);
            }
        }
        fds.forEach(fd -> NativeNamespaceInspector.libc().close(fd));
        if (mounted != null && !run("umount", mounted.toString())) {
            run("umount", "-l", mounted.toString());
        }
        if (mounted != null) {
            assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(mounted.toString()),
                    "left mounted: " + mounted);
        }
    }

    /**
     * Opens with a bound on time: a blocking open fails the test instead of hanging the suite. The
     * fd, if any, is closed after the test.
     */
    private NsfsOpener.Opened open(NsfsOpener o, NamespaceFile f) {
        NsfsOpener.Opened r = assertTimeoutPreemptively(PROMPTLY, () -> o.open(f), () -> "open of " + f + " blocked");
        if (r.fd() >= 0) {
            fds.add(r.fd());
        }
        return r;
    }

    private static void assertRefused(NsfsOpener.Opened r, String why) {
        assertEquals(-1, r.fd(), "opened: " + r);
        assertTrue(r.refusal() != null && r.refusal().contains(why), "refusal should say '" + why + "': " + r);
    }

    /** The FIFO has had no reader: opening its write side without blocking gives ENXIO. */
    private void assertFifoNeverOpened() {
        NativeNamespaceInspector.LibC c = NativeNamespaceInspector.libc();
        int fd = c.open(fifo.toString(), O_WRONLY | O_NONBLOCK);
        int errno = LastError.getLastError(jnr.ffi.Runtime.getRuntime(c));
        if (fd >= 0) {
            c.close(fd);
        }
        assertEquals(-1, fd, "the FIFO has a reader: it was opened");
        assertEquals(ENXIO, errno);
    }

    private Path mkfifo(Path p) throws Exception {
        assumeTrue(run("mkfifo", p.toString()), "needs mkfifo(1)");
        fifo = p;
        return p;
    }

    private static long inode(int fd) throws IOException {
        return (Long) Files.getAttribute(Path.of("/proc/self/fd/" + fd), "unix:ino");
    }

    @ParameterizedTest(name = "openat2={0}")
    @ValueSource(booleans = {true, false})
    void opensANamespaceLinkOfAProcess(boolean openat2) throws Exception {
        NamespaceId uts = NamespaceId.parse(Files.readSymbolicLink(Path.of("/proc/self/ns/uts")).toString()).orElseThrow();
        NsfsOpener.Opened r = open(opener(openat2), new NamespaceFile.ProcLink(Path.of("/proc/self/ns/uts")));

        assertTrue(r.ok(), r::toString);
        assertNull(r.refusal());
        assertEquals(uts.inode(), inode(r.fd()));
    }

    @ParameterizedTest(name = "openat2={0}")
    @ValueSource(booleans = {true, false})
    void refusesAFifoBehindAnFdLinkWithoutOpeningIt(boolean openat2) throws Exception {
        Path f = mkfifo(tmp.resolve("fifo"));
        // /proc/PID/fd/N of a FIFO is what a process can swap in for a namespace fd it held
        NsfsOpener.Opened r = open(opener(openat2), new NamespaceFile.ProcLink(f));
        assertRefused(r, "not an nsfs file");
        assertFifoNeverOpened();
    }

    @ParameterizedTest(name = "openat2={0}")
    @ValueSource(booleans = {true, false})
    void refusesADeviceAndARegularFile(boolean openat2) throws Exception {
        Path regular = Files.writeString(tmp.resolve("regular"), "x");
        NsfsOpener o = opener(openat2);
        assertRefused(open(o, new NamespaceFile.ProcLink(Path.of("/dev/null"))), "not an nsfs file");
        assertRefused(open(o, new NamespaceFile.ProcLink(regular)), "not an nsfs file");
        assertRefused(open(o, new NamespaceFile.Mount(tmp, "/regular")), "not an nsfs file");
    }

    @ParameterizedTest(name = "openat2={0}")
    @ValueSource(booleans = {true, false})
    void refusesASymlinkOutOfTheRootToAFifo(boolean openat2) throws Exception {
        Path f = mkfifo(tmp.resolve("hostfifo"));
        Path root = Files.createDirectories(tmp.resolve("root/mnt/a"));
        Files.createSymbolicLink(root.resolve("ns"), f.toAbsolutePath());
        NsfsOpener.Opened r = open(opener(openat2), new NamespaceFile.Mount(tmp.resolve("root"), "/mnt/a/ns"));
        assertEquals(-1, r.fd(), r::toString);
        assertFifoNeverOpened();
    }

    @ParameterizedTest(name = "openat2={0}")
    @ValueSource(booleans = {true, false})
    void refusesSymlinksEvenToARealNamespaceFile(boolean openat2) throws Exception {
        // the target is an nsfs file on the host: only the symlink rule can refuse it
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createSymbolicLink(root.resolve("ns"), Path.of("/proc/self/ns/uts"));
        Files.createSymbolicLink(root.resolve("dir"), Path.of("/proc/self/ns"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../../../../../proc/self/ns"));
        Files.createDirectories(root.resolve("real"));
        Files.createSymbolicLink(root.resolve("real/ns"), Path.of("../ns"));
        NsfsOpener o = opener(openat2);
        for (String p : new String[] {"/ns", "/dir/uts", "/up/uts", "/real/ns"}) {
            NsfsOpener.Opened r = open(o, new NamespaceFile.Mount(root, p));
            assertEquals(-1, r.fd(), () -> p + " was followed: " + r);
        }
        assertRefused(open(o, new NamespaceFile.Mount(root, "/real/../ns")), "'..'");
        assertRefused(open(o, new NamespaceFile.Mount(root, "relative")), "not an absolute mount point");
        assertRefused(open(o, new NamespaceFile.Mount(root, "/")), "mount point is the root");
    }

    @ParameterizedTest(name = "openat2={0}")
    @ValueSource(booleans = {true, false})
    void opensARealNsfsBindMountInsideItsRoot(boolean openat2) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root/run/netns"));
        Path target = Files.createFile(root.resolve("uts"));
        assumeTrue(run("mount", "--bind", "/proc/self/ns/uts", target.toString()),
                "needs root and mount(8) to bind-mount a namespace");
        mounted = target;
        long uts = NamespaceId.parse(Files.readSymbolicLink(Path.of("/proc/self/ns/uts")).toString()).orElseThrow().inode();
        NsfsOpener o = opener(openat2);
        for (NamespaceFile f : new NamespaceFile[] {new NamespaceFile.Mount(tmp.resolve("root"), "/run/netns/uts"),
            new NamespaceFile.Mount(tmp.resolve("root"), "/run//./netns/uts"),
            new NamespaceFile.Mount(Path.of("/"), target.toString())}) {
            NsfsOpener.Opened r = open(o, f);
            assertTrue(r.ok(), r::toString);
            assertEquals(uts, inode(r.fd()), f::toString);
        }
        assertEquals(openat2 && kernelAtLeast(5, 6), o.usesOpenat2(), "openat2 is used where the kernel has it");
        // the same nsfs file reached through a symlink to it is still refused
        Files.createSymbolicLink(tmp.resolve("root/link"), Path.of("run/netns/uts"));
        assertFalse(open(o, new NamespaceFile.Mount(tmp.resolve("root"), "/link")).ok());
    }

    /** Whether the running kernel is at least {@code major.minor} (openat2 came in 5.6). */
    private static boolean kernelAtLeast(int major, int minor) throws IOException {
        String[] v = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim().split("[.-]");
        int ma = Integer.parseInt(v[0]);
        int mi = Integer.parseInt(v[1]);
        return ma > major || (ma == major && mi >= minor);
    }

    private static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}

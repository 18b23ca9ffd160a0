package dev.jns.cli.hostile;

import dev.jns.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jns.cli.hostile.ScanRuns.Result;
import dev.jns.core.sys.NativeNamespaceInspector;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, item 1, live: a process in a mount namespace of its own holds a network namespace by a
 * bind mount on {@code DIR/a/ns}, then covers {@code DIR/a} with a tmpfs where {@code ns} is a
 * symlink to a host file: a FIFO (jns used to block in its open until someone wrote to it), a
 * regular file or a device. Root's {@code jns ls} must finish, list the namespace with its NSFS
 * path as before, and open none of them. The holder runs as root, and once more as uid 65534 in
 * a user namespace of its own (the reproduction) where the kernel allows that.
 *
 * <p>Also the minor item: {@code jns ls -t net} lists a network namespace bind-mounted in another
 * mount namespace, as plain {@code jns ls} does.
 *
 * <p>Needs root (to read another mount namespace and make the files), unshare(1), mount(8),
 * mkfifo(1) and mknod(1); skips otherwise. The {@code strace} checks skip without strace(1).
 */
@Tag("hostile")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NsfsHostileTest {
    /** A scan takes well under a second; one that takes this long is stuck. */
    static final Duration PROMPTLY = Duration.ofSeconds(20);
    static final int NOBODY = 65534;
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The holder, as argv data (no data in the script): make DIR/a/ns a bind mount of a new network
     * namespace; if a target is given, cover DIR/a with a tmpfs where ns is a symlink to it.
     */
    static final String HOLDER = "set -e; d=$1; touch \"$d/a/ns\"; unshare --net=\"$d/a/ns\" true; "
            + "if [ -n \"$2\" ]; then mount -t tmpfs jns-hostile \"$d/a\"; ln -s \"$2\" \"$d/a/ns\"; fi; exec sleep 600";

    Path dir;
    Path fifo;
    Process holder;
    Thread hook;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(ScanRuns.euid() == 0, "needs root: to read another mount namespace's mounts, as the issue's root jns");
        for (String t : List.of("unshare", "mount", "mkfifo", "mknod", "sleep")) {
            assumeTrue(ScanRuns.tool(t).isPresent(), t + " not found");
        }
        hook = new Thread(this::cleanUp, "jns-nsfs-hostile-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        dir = Files.createTempDirectory("jns-nsfs-").toRealPath();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path a = Files.createDirectory(dir.resolve("a"));
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(a, "unix:uid", NOBODY); // the rootless holder makes a/ns
        fifo = dir.resolve("hostfifo");
        check(List.of("mkfifo", fifo.toString()));
        Files.writeString(dir.resolve("hostfile"), "host secret\n");
        check(List.of("mknod", dir.resolve("hostdev").toString(), "c", "1", "3")); // as /dev/null
    }

    @AfterEach
    void tearDown() {
        List<String> left = cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | NullPointerException e) {
            // shutting down, or never added
        }
        assertEquals(List.of(), left, "left behind");
    }

    /** Kills the holder (its mount namespace and the mounts in it go with it), removes the files. */
    private synchronized List<String> cleanUp() {
        List<String> left = new ArrayList<>();
        releaseFifo();
        if (holder != null) {
            holder.destroyForcibly();
            try {
                if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                    left.add("holder " + holder.pid());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dir != null && Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                left.add(dir + ": " + e);
            }
        }
        try {
            if (dir != null && Files.readString(Path.of("/proc/self/mountinfo")).contains(dir.toString())) {
                left.add("a mount under " + dir);
            }
        } catch (IOException e) {
            left.add("/proc/self/mountinfo: " + e);
        }
        return left;
    }

    /** Lets a reader stuck in open(2) on the FIFO go on (O_RDWR never blocks on Linux). */
    private void releaseFifo() {
        if (fifo != null && Files.exists(fifo)) {
            try (RandomAccessFile f = new RandomAccessFile(fifo.toFile(), "rw")) {
                f.getFD();
            } catch (IOException e) {
                // nothing stuck
            }
        }
    }

    private static void check(List<String> argv) {
        Result r = ScanRuns.run(PROMPTLY, () -> { }, argv);
        assertEquals(0, r.rc(), () -> argv + ": " + r);
    }

    /**
     * Starts the holder and waits until it sleeps; returns the inode of its bind-mounted network
     * namespace (from its mountinfo, where the covered mount still shows).
     */
    private long startHolder(boolean rootless, String target) throws Exception {
        List<String> argv = new ArrayList<>();
        if (rootless) {
            assumeTrue(ScanRuns.tool("setpriv").isPresent(), "setpriv not found");
            argv.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                    "unshare", "-U", "-r", "-m", "-n", "--propagation", "private"));
        } else {
            argv.addAll(List.of("unshare", "-m", "--propagation", "private"));
        }
        argv.addAll(List.of("sh", "-c", HOLDER, "sh", dir.toString(), target == null ? "" : target));
        holder = new ProcessBuilder(argv).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + PROMPTLY.toNanos();
        while (!cmdline(holder.pid()).equals("sleep\0" + "600\0")) {
            if (!holder.isAlive()) {
                String err = new String(holder.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (rootless) {
                    Assumptions.abort("this kernel does not let uid " + NOBODY + " do it: " + err);
                }
                fail("the holder failed: " + err);
            }
            if (System.nanoTime() > deadline) {
                fail("the holder did not start within " + PROMPTLY);
            }
            Thread.sleep(10);
        }
        String mountPoint = dir + "/a/ns";
        for (String l : lines(Path.of("/proc/" + holder.pid() + "/mountinfo"))) {
            String[] f = l.split(" ");
            int sep = l.split(" - ")[0].split(" ").length;
            if (f[4].equals(mountPoint) && f[sep + 1].equals("nsfs") && f[3].startsWith("net:[")) {
                return Long.parseLong(f[3].substring(5, f[3].length() - 1));
            }
        }
        throw new AssertionError("no nsfs mount on " + mountPoint + " in the holder's mountinfo");
    }

    /** The lines of a file, decoded leniently (other tests' mount points may be any bytes). */
    private static List<String> lines(Path f) throws IOException {
        return List.of(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\n"));
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** What jns shows in the NSFS column for the holder's mount. */
    private String nsfsText() {
        return "/proc/" + holder.pid() + "/root" + dir + "/a/ns";
    }

    private Result jns(String... args) {
        Result r = ScanRuns.jns(PROMPTLY, this::releaseFifo, args);
        assertEquals(0, r.rc(), () -> "jns " + String.join(" ", args) + ": " + r);
        assertEquals("", r.err(), () -> "jns " + String.join(" ", args) + ": " + r);
        return r;
    }

    /** The row of namespace {@code ns} in the flat JSON of {@code jns ls -J -l ...}. */
    private JsonNode row(Result r, long ns) throws IOException {
        for (JsonNode n : JSON.readTree(r.out()).get("namespaces")) {
            if (n.get("ns").asLong() == ns) {
                return n;
            }
        }
        throw new AssertionError("namespace " + ns + " not listed:\n" + r.out());
    }

    /** The FIFO has no reader now and had none stuck: its write side cannot be opened (ENXIO). */
    private void assertFifoNeverOpened() {
        NativeNamespaceInspector.LibC c = LibraryLoader.create(NativeNamespaceInspector.LibC.class).load("c");
        int fd = c.open(fifo.toString(), 1 | 0x800); // O_WRONLY | O_NONBLOCK
        int errno = LastError.getLastError(jnr.ffi.Runtime.getRuntime(c));
        if (fd >= 0) {
            c.close(fd);
            fail("the host FIFO has a reader: jns opened it");
        }
        assertEquals(6, errno, "ENXIO: no reader");
    }

    @ParameterizedTest(name = "rootless holder: {0}")
    @ValueSource(booleans = {false, true})
    void aSymlinkToAHostFifoOverTheMountIsNeverOpened(boolean rootless) throws Exception {
        long ns = startHolder(rootless, fifo.toString());

        jns("ls");
        jns("ls", "-o", "+NETNSID,PNS,ONS");
        jns("ls", "-T");
        jns("ls", "-Tparent");
        JsonNode all = row(jns("ls", "-J", "-l", "--output-all"), ns);
        JsonNode net = row(jns("ls", "-J", "-l", "-t", "net"), ns);

        Result debug = ScanRuns.jns(PROMPTLY, this::releaseFifo, "--debug", "ls", "-t", "net");

        assertFifoNeverOpened();
        assertEquals(0, debug.rc(), debug::toString);
        assertTrue(debug.err().lines().anyMatch(l -> l.startsWith("jns ls: debug: net:[" + ns + "]: not an nsfs file")
                && l.endsWith(": " + nsfsText())), () -> "--debug says why it was not opened: " + debug);
        for (JsonNode n : List.of(all, net)) {
            assertEquals(nsfsText(), n.get("nsfs").asText(), "NSFS text as before: " + n);
            assertEquals(0, n.get("nprocs").asInt());
            assertTrue(n.get("netnsid").isNull(), "nothing learnt through the symlink: " + n);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hostfile", "hostdev"})
    void aSymlinkToAHostFileOrDeviceOverTheMountIsRefused(String target) throws Exception {
        long ns = startHolder(false, dir.resolve(target).toString());

        JsonNode n = row(jns("ls", "-J", "-l", "-o", "NS,TYPE,NPROCS,NETNSID,NSFS,PNS,ONS"), ns);

        assertEquals(nsfsText(), n.get("nsfs").asText());
        assertTrue(n.get("netnsid").isNull() && n.get("ons").isNull(), "not an nsfs file: no facts: " + n);
    }

    /**
     * The same under strace(1), in a jns process of its own: no open(2) of a host file, and every
     * open of the covered mount point is O_PATH (then refused as not nsfs).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hostfifo", "hostfile", "hostdev"})
    void straceShowsNoOpenOfTheHostFile(String target) throws Exception {
        assumeTrue(ScanRuns.tool("strace").isPresent(), "strace not found");
        startHolder(false, dir.resolve(target).toString());
        Path log = dir.resolve("strace.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Result r = ScanRuns.run(Duration.ofSeconds(60), this::releaseFifo, List.of("strace", "-f", "-qq",
                "-e", "trace=open,openat,openat2", "-o", log.toString(), java, "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), "dev.jns.cli.Main", "ls", "-o", "+NETNSID,PNS,ONS,NSFS"));

        assertEquals(0, r.rc(), r::toString);
        List<String> opens = lines(log).stream().filter(l -> l.contains(dir + "/a/ns")
                || l.contains(dir.toString().substring(1) + "/a/ns") || l.contains(target)).collect(Collectors.toList());
        assertFalse(opens.isEmpty(), "the mount point was looked at:\n" + String.join("\n", opens));
        for (String l : opens) {
            assertFalse(l.contains(target), "opened the host file: " + l);
            assertTrue(l.contains("O_PATH"), "opened the mount point for reading: " + l);
        }
        if (target.equals("hostfifo")) {
            assertFifoNeverOpened();
        }
    }

    /** Issue 11, minor: -t net missed what plain ls shows. The mount is genuine: its facts are read. */
    @Test
    void lsTNetListsANetNamespaceMountedInAnotherMountNamespace() throws Exception {
        long ns = startHolder(false, null);

        JsonNode plain = row(jns("ls", "-J", "-l", "-o", "NS,TYPE,NPROCS,NSFS"), ns);
        JsonNode net = row(jns("ls", "-J", "-l", "-t", "net", "-o", "NS,TYPE,NPROCS,NETNSID,NSFS,ONS"), ns);
        Result text = jns("ls", "-t", "net");

        assertEquals("net", net.get("type").asText());
        assertEquals(plain.get("nsfs"), net.get("nsfs"));
        assertEquals(nsfsText(), net.get("nsfs").asText());
        assertEquals(0, net.get("nprocs").asInt());
        assertFalse(net.get("netnsid").isNull(), "the bind mount is opened and asked (RTM_GETNSID): " + net);
        assertTrue(net.get("ons").asLong() > 0, "and NS_GET_USERNS: " + net);
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith(ns + " net ") && l.contains(nsfsText())),
                () -> "jns ls -t net:\n" + text.out());
    }
}

package dev.jns.cli.live;

import dev.jns.cli.Main;
import static dev.jns.cli.live.Live.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jns.cli.live.Live.Result;
import dev.jns.cli.live.Live.Row;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * jns as an ordinary user (uid 65534, via {@code setpriv}) while root runs a {@code sleep} in a uts
 * namespace of its own: only readable processes are listed, the others are counted in one note
 * on stderr. Needs root (to switch user) and setpriv; skips otherwise.
 *
 * <p>The test classpath usually lies under root's private {@code ~/.m2}: entries that uid 65534
 * cannot read are copied into a world-readable temporary directory, removed afterwards.
 */
@Tag("live")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LsUnprivilegedTest {
    static final int NOBODY = 65534;
    static final Pattern NOTE = Pattern.compile("^jns ls: note: (\\d+) process(es)? could not be read "
            + "\\(permission denied: other users' processes\\); run as root to see every namespace$");

    static String setpriv;
    static String java;
    static String classpath;
    static Path stage;
    static String nobodyName;
    static Process rootSleep;
    static long rootUts;
    static final Map<String, Long> initial = new TreeMap<>();
    static Live.Cleanup cleanup;

    @BeforeAll
    static void setUp() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/ns")), "no /proc/self/ns: not Linux, or /proc not mounted");
        assumeTrue(Live.isRoot(), "needs root to run jns as uid " + NOBODY + " (setpriv); euid is " + Live.euid());
        for (String t : List.of("setpriv", "unshare", "lsns")) {
            assumeTrue(Live.tool(t).isPresent(), t + " not found on PATH (util-linux not installed)");
        }
        String hidepid = procHidepid();
        assumeFalse(hidepid.equals("2") || hidepid.equals("invisible"), "/proc is mounted with hidepid=" + hidepid
                + ": other users' processes are invisible, not unreadable, so there is nothing to count");
        setpriv = Live.tool("setpriv").orElseThrow().toString();
        java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        nobodyName = userName(NOBODY);
        for (String t : List.of("mnt", "net", "ipc", "user", "pid", "uts", "cgroup", "time")) {
            Live.selfNs(t).ifPresent(ino -> initial.put(t, ino));
        }
        cleanup = Live.Cleanup.register("jns-live-cleanup", LsUnprivilegedTest::cleanUp);
        try {
            stage = Files.createTempDirectory("jns-unprivileged-");
            Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path tmp = Files.createDirectory(stage.resolve("tmp"));
            Files.setAttribute(tmp, "unix:uid", NOBODY);
            Files.setAttribute(tmp, "unix:gid", NOBODY);
            classpath = Live.stageClasspath(stage, System.getProperty("java.class.path"));

            Result probe = asNobody(List.of(java, "-XX:-UsePerfData", "-cp", classpath, "dev.jns.cli.Main", "--version"));
            assumeTrue(probe.rc() == 0, "java or the test classpath cannot be used by uid " + NOBODY + ": " + probe);

            rootSleep = new ProcessBuilder(Live.tool("unshare").orElseThrow().toString(), "-u", "sleep", "600")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Live.await("root's unshare -u sleep", () -> Live.differs(rootSleep.pid(), "uts", "uts")
                    && Live.cmdline(rootSleep.pid()).equals(List.of("sleep", "600")), () -> {
                    if (!rootSleep.isAlive()) {
                        Assumptions.abort("unshare -u failed: " + Live.stderrOf(rootSleep));
                    }
                }, () -> "cmdline " + Live.cmdline(rootSleep.pid()));
            rootUts = Live.ns(rootSleep.pid(), "uts").orElseThrow();
            // As root, jns sees it: so its absence below is the permission check, not a bug.
            assertTrue(Live.jns("ls", "-t", "uts").out().lines().map(Live::squeeze)
                    .anyMatch(l -> l.startsWith(rootUts + " uts 1 " + rootSleep.pid() + " root ")), "root sees it");
        } catch (Throwable t) {
            cleanUp();
            throw t;
        }
    }

    @AfterAll
    static void tearDown() {
        Live.Cleanup.finish(cleanup, () -> {
            List<String> problems = new ArrayList<>();
            if (rootSleep != null) {
                long pid = rootSleep.pid();
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(h -> problems.add("process " + pid + " alive"));
            }
            if (stage != null && Files.exists(stage)) {
                problems.add(stage + " still exists");
            }
            return problems;
        });
    }

    private static synchronized List<String> cleanUp() {
        List<String> problems = new ArrayList<>();
        if (rootSleep != null) {
            Live.killTree(rootSleep).forEach(pid -> problems.add("process " + pid + " survived SIGKILL"));
        }
        if (stage != null && Files.exists(stage)) {
            try (Stream<Path> s = Files.walk(stage)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                problems.add("removing " + stage + ": " + e);
            }
        }
        return problems;
    }

    // ---- set-up helpers ---------------------------------------------------------------------

    /** The hidepid option of the /proc mount, "" when none. */
    private static String procHidepid() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = l.split(" ");
            if (f.length > 4 && f[4].equals("/proc")) {
                Matcher m = Pattern.compile("hidepid=(\\w+)").matcher(l);
                return m.find() ? m.group(1) : "";
            }
        }
        return "";
    }

    private static String userName(int uid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = l.split(":");
            if (f.length > 2 && f[2].equals(Integer.toString(uid))) {
                return f[0];
            }
        }
        return Integer.toString(uid);
    }

    private static Result asNobody(List<String> command) {
        List<String> argv = new ArrayList<>(List.of(setpriv, "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        argv.addAll(command);
        return run(argv);
    }

    /** Runs jns in a JVM of its own as uid 65534. */
    private static Result jnsAsNobody(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + stage.resolve("tmp"), "-cp", classpath, "dev.jns.cli.Main"));
        cmd.addAll(List.of(args));
        return asNobody(cmd);
    }

    /** Processes whose /proc/PID is not owned by uid 65534: those it cannot read. */
    private static int notOwnedByNobody() {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : ds) {
                try {
                    if ((Integer) Files.getAttribute(p, "unix:uid") != NOBODY) {
                        n++;
                    }
                } catch (IOException e) {
                    // exited
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    // ---- the tests --------------------------------------------------------------------------

    @Test
    void listsOnlyReadableNamespacesAndCountsTheRestInOneNote() {
        int before = notOwnedByNobody();
        Result r = jnsAsNobody("ls");
        int after = notOwnedByNobody();
        assertEquals(0, r.rc(), r::toString);

        List<String> lines = r.out().lines().collect(Collectors.toList());
        assertEquals("NS TYPE NPROCS PID USER COMMAND", Live.squeeze(lines.get(0)), r::toString);
        Set<Long> withProcesses = new TreeSet<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = Live.squeeze(l).split(" ");
            long ns = Long.parseLong(f[0]);
            assertFalse(ns == rootUts, () -> "root's uts namespace is listed: " + l);
            if (Integer.parseInt(f[2]) > 0) {
                assertTrue(f.length >= 6, () -> "a row with processes but no PID, USER or COMMAND: " + l);
                withProcesses.add(ns);
                // the lowest readable pid, and its user: this JVM, or another process of uid 65534
                assertEquals(nobodyName, f[4], () -> "a row with another user's process: " + l);
            }
        }
        // This JVM's namespaces (it runs in the initial ones, as this test does) are all there.
        assertTrue(withProcesses.containsAll(initial.values()),
                () -> "expected the initial namespaces " + initial + " in\n" + r.out());

        List<String> err = r.errLines();
        assertEquals(1, err.size(), () -> "stderr should be exactly one note: " + r);
        Matcher m = NOTE.matcher(err.get(0));
        assertTrue(m.matches(), () -> "not the note: " + err.get(0));
        int n = Integer.parseInt(m.group(1));
        assertEquals(n == 1, m.group(2) == null, "singular/plural: " + err.get(0));
        // Every process not owned by uid 65534 is unreadable (kernel threads included); the host
        // may start or end a few while we count.
        int slack = Math.max(10, Math.max(before, after) / 10);
        assertTrue(n >= Math.min(before, after) - slack && n <= Math.max(before, after) + slack,
                () -> "note counts " + n + " unreadable processes; /proc has " + before + " then " + after
                        + " not owned by uid " + NOBODY);
    }

    @Test
    void jsonAsNobodyAgreesWithLsnsAsNobody() {
        String lsns = Live.tool("lsns").orElseThrow().toString();
        String cols = "NS,TYPE,NPROCS,PID,UID,USER";
        Result j = jnsAsNobody("ls", "-J", "-o", cols);
        Result l = asNobody(List.of(lsns, "-J", "-o", cols));
        assertEquals(0, j.rc(), j::toString);
        assertEquals(0, l.rc(), l::toString);
        Map<Long, Row> jr = Live.rows(Live.parseJson(j, "jns"));
        Map<Long, Row> lr = Live.rows(Live.parseJson(l, "lsns"));
        assertFalse(jr.containsKey(rootUts), "root's uts namespace listed by jns");
        assertFalse(lr.containsKey(rootUts), "root's uts namespace listed by lsns");

        Map<Long, String> jns = new TreeMap<>();
        for (Row row : jr.values()) {
            JsonNode n = row.node();
            if (n.get("nprocs").asInt() > 0) {
                assertEquals(NOBODY, n.get("uid").asInt(), () -> "another user's process: " + n);
                assertEquals(nobodyName, n.get("user").asText(), n::toString);
                jns.put(row.ns(), n.get("type").asText());
            } else {
                assertTrue(n.get("pid").isNull(), n::toString); // held by a mount or fd, no process
            }
        }
        // lsns 2.38 lists only namespaces with processes. NPROCS is not compared: each side counts
        // itself, and another run's uid 65534 JVM may come and go in between.
        Map<Long, String> ls = new TreeMap<>();
        for (Row row : lr.values()) {
            assertEquals(NOBODY, row.node().get("uid").asInt(), () -> "lsns: " + row.node());
            ls.put(row.ns(), row.node().get("type").asText());
        }
        assertEquals(ls, jns, "namespaces with processes (and their types) seen by uid " + NOBODY);
    }
}

package dev.jns.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jns.cli.Main;
import dev.jns.cli.live.Live;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, item 9: {@code jns unshare --memory/--pids} must leave no cgroup behind, whatever
 * happens to jns: SIGKILL of the JVM, SIGTERM while the cgroup is made or right after, a command
 * that makes child cgroups; stale ones of earlier runs are reclaimed; as {@code nobody} the failure
 * is one clear line. Live, as root (skipped otherwise).
 *
 * <p>Each jns runs in a JVM of its own, started inside a sandbox: a cgroup of this test's own
 * beneath the test JVM's cgroup in each v1 hierarchy jns limits (memory, pids), so that its
 * "caller's cgroup" is ours alone and other runs on the machine neither see nor reclaim what this
 * test makes. (On a pure cgroup2 host there is no sandbox: jns runs in the test JVM's cgroup.)
 * Every process carries a marker in its environment; the test kills any that is left and removes
 * every cgroup it or its runs made, also when an assertion fails.
 */
@Tag("hostile")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UnshareCgroupHostileTest {
    static final String MARK_VAR = "JNS_CGROUP_HOSTILE_MARK";
    static final String MARK = "h" + UUID.randomUUID().toString().replace("-", "");
    static final String PREFIX = "jns-experiment-";
    static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Above PID_MAX_LIMIT (4194304): no process ever has these pids. */
    static final long NEVER_A_PID = 4_194_305;
    static final String[] CONTROLLERS = {"memory", "pids"};
    static final String NOBODY = "65534";

    static String java;
    static String classpath;
    static String helper;
    /** controller -> where jns's experiment cgroups go (the sandbox, or on cgroup2 the test JVM's own). */
    static final Map<String, Path> parents = new LinkedHashMap<>();
    /** The sandbox cgroups made by this test, removed at the end. */
    static final List<Path> sandbox = new ArrayList<>();
    /** The cgroup.procs files a run writes its pid to before java starts. */
    static final List<Path> sandboxProcs = new ArrayList<>();
    static final Set<Run> runs = ConcurrentHashMap.newKeySet();
    static final Set<Long> jnsPids = ConcurrentHashMap.newKeySet();
    static final List<Path> madeHere = new ArrayList<>();
    static Path stage;
    static String nobodyClasspath;
    static Thread hook;

    @BeforeAll
    static void setUp() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/ns")), "no /proc/self/ns: not Linux");
        assumeTrue("0".equals(status("Uid").split("\\s+")[1]), "needs root: jns unshare --memory/--pids makes cgroups");
        Path h = classesDir().getParent().resolve("jns-nsexec");
        assumeTrue(Files.isExecutable(h), "the native helper " + h + " was not built (gcc missing?)");
        helper = h.toString();
        java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        classpath = System.getProperty("java.class.path");
        hook = new Thread(UnshareCgroupHostileTest::cleanUp, "unshare-cgroup-hostile-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Map<String, Path> mounts = cgroupMounts();
        for (String c : CONTROLLERS) {
            assumeTrue(mounts.containsKey(c), "no " + c + " controller mounted");
        }
        for (String c : CONTROLLERS) {
            Path own = ownCgroupDir(c, mounts.get(c));
            if (mounts.get(c).equals(mounts.get(""))) {
                parents.put(c, own); // cgroup2: a sandbox with processes could not delegate
            } else {
                Path box = own.resolve("jns-hostile-" + MARK);
                if (!sandbox.contains(box)) {
                    Files.createDirectory(box);
                    sandbox.add(box);
                    sandboxProcs.add(box.resolve("cgroup.procs"));
                }
                parents.put(c, box);
            }
        }
    }

    @AfterEach
    void afterEach() {
        List<String> problems = cleanUp();
        assertEquals(List.of(), problems, "left behind by the test");
    }

    @AfterAll
    static void tearDown() {
        List<String> problems = cleanUp();
        for (Path box : sandbox) {
            removeCgroup(box).ifPresent(problems::add);
        }
        if (stage != null) {
            deleteTree(stage);
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down
            }
        }
        assertEquals(List.of(), problems, "left behind by the test");
    }

    /** Kills every run and marked process, removes every experiment cgroup of our runs and what we made. */
    private static synchronized List<String> cleanUp() {
        List<String> problems = new ArrayList<>();
        for (Run r : List.copyOf(runs)) {
            r.kill();
        }
        Map<Long, String> left = marked();
        left.keySet().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        if (!left.isEmpty()) {
            problems.add("processes still alive (killed now): " + left);
        }
        for (Path parent : Set.copyOf(parents.values())) {
            for (long pid : jnsPids) {
                Path cg = parent.resolve(PREFIX + pid);
                if (Files.exists(cg)) {
                    problems.add("cgroup " + cg + " left by a run (removed now)");
                    removeCgroup(cg).ifPresent(problems::add);
                }
            }
        }
        for (Path cg : List.copyOf(madeHere)) {
            removeCgroup(cg).ifPresent(problems::add);
            madeHere.remove(cg);
        }
        return problems;
    }

    // ---- running jns ------------------------------------------------------------------------

    /** A jns JVM, its output drained as it comes. */
    static final class Run {
        final Process process;
        final List<String> args;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Thread outReader;
        private final Thread errReader;

        Run(Process process, List<String> args) {
            this.process = process;
            this.args = args;
            outReader = drain(process.getInputStream(), out);
            errReader = drain(process.getErrorStream(), err);
        }

        long pid() {
            return process.pid(); // sh execs setpriv and java: the same pid
        }

        String out() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        String err() {
            synchronized (err) {
                return err.toString(StandardCharsets.UTF_8);
            }
        }

        List<String> errLines() {
            return err().lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        }

        /** Waits for jns to end and its output to close; its exit status. */
        int await() {
            try {
                if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                    fail("jns " + args + " did not end within " + PATIENCE + "; stderr: " + err());
                }
                outReader.join(PATIENCE.toMillis());
                errReader.join(PATIENCE.toMillis());
                assertFalse(outReader.isAlive() || errReader.isAlive(),
                        () -> "jns ended but its output stays open: a process of it is still running: " + marked());
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runs.remove(this);
        }

        @Override
        public String toString() {
            return "jns " + args + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                    + "\nstderr: " + err();
        }

        private static Thread drain(InputStream in, ByteArrayOutputStream to) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[4096];
                try (in) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        synchronized (to) {
                            to.write(buf, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            return t;
        }
    }

    /** Starts {@code jns ARGS} as root in the sandbox, with JVM options {@code props}. */
    static Run start(List<String> props, String... args) {
        return start(false, props, List.of(args));
    }

    static Run start(boolean asNobody, List<String> props, List<String> args) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c",
                "while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 124; shift; done; shift; exec \"$@\"", "sh"));
        sandboxProcs.forEach(p -> argv.add(p.toString()));
        argv.add("--");
        String cp = classpath;
        String nsexec = helper;
        if (asNobody) {
            Path setpriv = Live.tool("setpriv").orElse(null);
            assumeTrue(setpriv != null, "setpriv (util-linux) not found to run jns as uid " + NOBODY);
            cp = nobodyClasspath();
            nsexec = stage.resolve("jns-nsexec").toString();
            argv.addAll(List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        argv.addAll(List.of(java, "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", cp,
                "-Djns.nsexec=" + nsexec));
        argv.addAll(props);
        argv.add("dev.jns.cli.Main");
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("LC_ALL", "C");
        pb.environment().put(MARK_VAR, MARK);
        try {
            Run r = new Run(pb.start(), args);
            runs.add(r);
            jnsPids.add(r.pid());
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv, e);
        }
    }

    /** The experiment cgroups of a run, one per limited controller: controller -> directory. */
    static Map<String, Path> experimentDirs(Run r) {
        Map<String, Path> m = new LinkedHashMap<>();
        parents.forEach((c, p) -> m.put(c, p.resolve(PREFIX + r.pid())));
        return m;
    }

    /** Which of the run's experiment cgroups (or anything below them) still exist. */
    static List<Path> existing(Run r) {
        return experimentDirs(r).values().stream().distinct().filter(Files::exists).collect(Collectors.toList());
    }

    /** Polls (every 10 ms) until {@code ready}; fails after {@code within}. */
    static void await(String what, BooleanSupplier ready, Duration within, Supplier<String> diagnosis) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + within + " waiting for " + what + ": " + diagnosis.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits for a line on the run's stderr. */
    static void awaitErr(Run r, String line) {
        await("'" + line + "' on stderr", () -> r.errLines().contains(line) || !r.process.isAlive(), PATIENCE, r::toString);
        assertTrue(r.errLines().contains(line), () -> "jns ended without saying '" + line + "': " + r);
    }

    /** Live processes (not zombies) with our marker: pid -> cmdline. */
    static Map<Long, String> marked() {
        return Live.withEnv(MARK_VAR, MARK);
    }

    /** Marked processes whose cmdline is {@code cmdline}. */
    static List<Long> running(String cmdline) {
        return marked().entrySet().stream().filter(e -> e.getValue().equals(cmdline)).map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    /** The run left nothing: no experiment cgroup, no process. */
    static void assertNothingLeft(Run r) {
        await("the cgroups and processes of the run to be gone", () -> existing(r).isEmpty() && marked().isEmpty(),
                Duration.ofSeconds(10), () -> "cgroups " + existing(r) + ", processes " + marked());
    }

    static void assertNoInternalError(Run r) {
        assertFalse(r.err().contains("internal error") || r.err().contains("Exception") || r.err().contains("\tat "),
                r::toString);
    }

    // ---- (a) SIGKILL of the JVM --------------------------------------------------------------

    @Test
    void sigkillOfJnsKillsTheCommandAndRemovesItsCgroups() {
        Run r = start(List.of(), "unshare", "--memory", "64M", "--pids", "50", "--", "sleep", "600");
        Map<String, Path> dirs = experimentDirs(r);
        List<Long> sleep = new ArrayList<>();
        await("sleep 600 in the experiment cgroups", () -> {
            sleep.clear();
            sleep.addAll(running("sleep 600"));
            return sleep.size() == 1 && dirs.values().stream().allMatch(d -> procs(d).contains(sleep.get(0)));
        }, PATIENCE, () -> r + "\nprocesses " + marked() + ", cgroups " + existing(r));

        r.process.toHandle().destroyForcibly(); // SIGKILL to the JVM
        long t0 = System.nanoTime();
        await("the sleep and the cgroups to go after SIGKILL of jns",
                () -> !ProcessHandle.of(sleep.get(0)).map(ProcessHandle::isAlive).orElse(false) && existing(r).isEmpty(),
                Duration.ofSeconds(10), () -> "sleep alive: " + ProcessHandle.of(sleep.get(0)).isPresent()
                        + ", cgroups left: " + existing(r));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "took " + ms + " ms");
        assertNothingLeft(r);
    }

    // ---- (b) SIGTERM while the cgroup is made ------------------------------------------------

    @Test
    void sigtermBetweenCreationStepsStopsCleanly() {
        sigtermAtPause("mkdir");
    }

    /**
     * Starts a limited run that pauses (test hook) at {@code point}, sends SIGTERM there, and checks
     * that jns ends with 143, one truthful line, and nothing left.
     */
    private static void sigtermAtPause(String point) {
        Run r = start(List.of("-Djns.test.unsharePause=" + point), "unshare", "--memory", "64M", "--pids", "50", "--",
                "sleep", "600");
        awaitErr(r, "jns unshare: test pause: " + point);
        if (point.equals("mkdir")) {
            assertTrue(existing(r).size() >= 1, () -> "paused after the first mkdir: " + existing(r));
        } else {
            assertEquals(Set.copyOf(experimentDirs(r).values()), Set.copyOf(existing(r)), "all made");
        }
        r.process.toHandle().destroy(); // SIGTERM (Process.destroy() would also close our end of its output)
        int rc = r.await();
        assertNoInternalError(r);
        assertEquals(143, rc, r::toString);
        assertEquals(List.of("jns unshare: test pause: " + point,
                "jns unshare: got SIGTERM before the command started: nothing was run, and its cgroup is removed"),
                r.errLines(), r::toString);
        assertTrue(running("sleep 600").isEmpty(), "the command never ran");
        assertNothingLeft(r);
    }

    /** Without a hook: SIGTERM as soon as the first cgroup appears, which lands in the creation or just after. */
    @Test
    void sigtermAsSoonAsTheCgroupAppearsNeverLeaksNorFailsInternally() {
        for (int i = 0; i < 8; i++) {
            Run r = start(List.of(), "unshare", "--memory", "64M", "--cpus", "0.5", "--pids", "50", "--", "sleep", "600");
            Path first = experimentDirs(r).get("memory");
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!Files.exists(first) && r.process.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // as fast as we can: the creation takes a few milliseconds
            }
            assertTrue(Files.exists(first) || !r.process.isAlive(), () -> "no cgroup appeared: " + r);
            r.process.toHandle().destroy(); // SIGTERM (Process.destroy() would also close our end of its output)
            int rc = r.await();
            assertNoInternalError(r);
            assertEquals(143, rc, r::toString);
            assertTrue(r.errLines().stream().allMatch(l -> l.startsWith("jns unshare: got SIGTERM before the command")),
                    r::toString);
            assertNothingLeft(r);
        }
    }

    // ---- (c) SIGTERM right after the creation ------------------------------------------------

    @Test
    void sigtermRightAfterCreationSaysWhatHappenedAndLeavesNothing() {
        sigtermAtPause("created");
    }

    // ---- (d) a command that makes child cgroups ----------------------------------------------

    @Test
    void childCgroupsOfTheCommandAreRemovedDeepestFirstAndPromptly() {
        // For each limited hierarchy (mount point, key in /proc/self/cgroup): the command makes
        // child/grand in its own cgroup and moves a sleep there, then exits.
        String script = "set -e\n"
                + "while [ $# -gt 0 ]; do\n"
                + "  d=$1$(awk -F: -v k=\"$2\" '$2 == k { print $3 }' /proc/self/cgroup); shift 2\n"
                + "  mkdir -p \"$d/child/grand\"\n"
                + "  sleep 600 &\n"
                + "  echo $! > \"$d/child/grand/cgroup.procs\"\n"
                + "done\n"
                + "echo ready\n";
        List<String> args = new ArrayList<>(List.of("unshare", "--memory", "64M", "--pids", "50", "--", "sh", "-c", script, "sh"));
        Map<String, Path> mounts = cgroupMounts();
        for (String c : CONTROLLERS) {
            boolean v2 = mounts.get(c).equals(mounts.get(""));
            args.add(mounts.get(c).toString());
            args.add(v2 ? "" : c);
            if (v2) {
                break; // one hierarchy for all
            }
        }
        Run r = start(List.of(), args.toArray(String[]::new));
        await("the command to make its cgroups", () -> r.out().contains("ready") || !r.process.isAlive(), PATIENCE, r::toString);
        long t0 = System.nanoTime();
        int rc = r.await();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(r.out().contains("ready"), r::toString);
        assertNoInternalError(r);
        assertEquals(0, rc, r::toString);
        assertEquals(List.of(), r.errLines(), "no word: all went");
        assertNothingLeft(r);
        assertTrue(ms < 3_000, () -> "jns took " + ms + " ms after the command: the removal waited (it spun 5 s before)");
    }

    // ---- (e) stale cgroups of earlier runs ---------------------------------------------------

    @Test
    void staleEmptyCgroupsOfGoneRunsAreReclaimedAndTheRestLeftAlone() throws IOException {
        Path memParent = parents.get("memory");
        Path pidsParent = parents.get("pids");
        List<Path> stale = new ArrayList<>(List.of(memParent.resolve(PREFIX + NEVER_A_PID)));
        if (!pidsParent.equals(memParent)) {
            stale.add(pidsParent.resolve(PREFIX + NEVER_A_PID));
        }
        for (Path d : stale) {
            mkdir(d);
            mkdir(d.resolve("child"));
        }
        Path busy = mkdir(pidsParent.resolve(PREFIX + (NEVER_A_PID + 1)));
        Path alive = mkdir(pidsParent.resolve(PREFIX + ProcessHandle.current().pid()));
        Path oci = mkdir(pidsParent.resolve(PREFIX + "oci-" + NEVER_A_PID)); // runc's, in samples/14
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        try {
            Files.writeString(busy.resolve("cgroup.procs"), Long.toString(sleeper.pid()));
            Run r = start(List.of(), "unshare", "--pids", "10", "--", "true");
            int rc = r.await();
            assertNoInternalError(r);
            assertEquals(0, rc, r::toString);
            List<String> lines = r.errLines();
            assertEquals(1, lines.size(), () -> "one line: " + r);
            String said = lines.get(0);
            String head = "jns unshare: removed " + (stale.size() == 1 ? "a stale cgroup" : stale.size() + " stale cgroups")
                    + " of jns runs that are gone: ";
            assertTrue(said.startsWith(head), r::toString);
            assertEquals(stale.stream().map(Path::toString).collect(Collectors.toSet()),
                    Set.of(said.substring(head.length()).split(", ")), "the line names what was removed");
            for (Path d : stale) {
                assertFalse(Files.exists(d), d + " should be reclaimed");
            }
            for (Path d : List.of(busy, alive, oci)) {
                assertTrue(Files.isDirectory(d), d + " must be left alone");
            }
            assertNothingLeft(r);
        } finally {
            sleeper.destroyForcibly();
            try {
                sleeper.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Path mkdir(Path d) throws IOException {
        Files.createDirectory(d);
        madeHere.add(0, d); // removed at the end, children first
        return d;
    }

    // ---- (f) as nobody -----------------------------------------------------------------------

    @Test
    void asNobodyTheFailedMkdirIsOneClearLineWithExit125() {
        Run r = start(true, List.of(), List.of("unshare", "--memory", "64M", "--", "true"));
        int rc = r.await();
        assumeTrue(!r.err().contains("Error: Could not find or load main class"), () -> "java cannot run as nobody: " + r);
        Path dir = parents.get("memory").resolve(PREFIX + r.pid());
        assertEquals(List.of("jns unshare: cannot create cgroup " + dir
                + ": permission denied (limits need root or a delegated cgroup)"), r.errLines(), r::toString);
        assertEquals(125, rc, r::toString);
        assertNothingLeft(r);
    }

    /** The classpath, with what uid 65534 cannot read copied (world-readable) into a stage directory. */
    private static String nobodyClasspath() {
        try {
            if (stage == null) {
                stage = Files.createTempDirectory("jns-cgroup-hostile-");
                Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
                Path h = stage.resolve("jns-nsexec");
                Files.copy(Path.of(helper), h);
                Files.setPosixFilePermissions(h, PosixFilePermissions.fromString("rwxr-xr-x"));
                nobodyClasspath = Live.stageClasspath(stage, classpath);
            }
            return nobodyClasspath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path d) {
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }

    // ---- cgroups, as the test sees them (independently of jns's code) -------------------------

    /** controller -> mount point of its hierarchy; "" -> the cgroup2 mount, if any. */
    static Map<String, Path> cgroupMounts() {
        Map<String, Path> m = new LinkedHashMap<>();
        try {
            Path v2 = null;
            for (String l : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = l.split(" ");
                int dash = List.of(f).indexOf("-");
                if (dash < 0 || dash + 3 >= f.length) {
                    continue;
                }
                Path at = Path.of(f[4]);
                if (f[dash + 1].equals("cgroup2") && v2 == null) {
                    v2 = at;
                } else if (f[dash + 1].equals("cgroup")) {
                    for (String o : f[dash + 3].split(",")) {
                        m.putIfAbsent(o, at);
                    }
                }
            }
            if (v2 != null) {
                m.put("", v2);
                String enabled = Files.readString(v2.resolve("cgroup.controllers")).trim();
                for (String c : enabled.split(" ")) {
                    if (!c.isEmpty()) {
                        m.putIfAbsent(c, v2);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** The test JVM's own cgroup directory in the hierarchy mounted at {@code mount} that runs {@code controller}. */
    static Path ownCgroupDir(String controller, Path mount) throws IOException {
        boolean v2 = mount.equals(cgroupMounts().get(""));
        for (String l : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] c = l.split(":", 3);
            if (v2 ? c[0].equals("0") : List.of(c[1].split(",")).contains(controller)) {
                return Path.of(mount + c[2]);
            }
        }
        throw new IllegalStateException("not in a " + controller + " cgroup: " + Files.readString(Path.of("/proc/self/cgroup")));
    }

    static List<Long> procs(Path cgroup) {
        try {
            return Files.readAllLines(cgroup.resolve("cgroup.procs")).stream().filter(s -> !s.isBlank())
                    .map(s -> Long.parseLong(s.trim())).collect(Collectors.toList());
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Kills what is in a cgroup (and below) and removes it, deepest first; what went wrong, if anything. */
    static Optional<String> removeCgroup(Path cg) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (Files.isDirectory(cg, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.walk(cg)) {
                List<Path> dirs = s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                        .sorted(Comparator.reverseOrder()).collect(Collectors.toList());
                for (Path d : dirs) {
                    procs(d).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                    Files.deleteIfExists(d);
                }
            } catch (IOException | UncheckedIOException e) {
                if (System.nanoTime() > deadline) {
                    return Optional.of("cannot remove cgroup " + cg + ": " + e);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return Optional.of("interrupted removing " + cg);
                }
            }
        }
        return Optional.empty();
    }

    private static String status(String key) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith(key + ":")) {
                return l;
            }
        }
        return key + ": -1";
    }

    private static Path classesDir() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate jns's classes", e);
        }
    }
}

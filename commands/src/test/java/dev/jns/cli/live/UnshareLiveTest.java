package dev.jns.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jns.cli.Main;
import dev.jns.cli.live.Live.Result;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jns unshare} on the live system, as root: a new namespace of each type, what the
 * options do inside it, namespaces kept on files, exit statuses, the limits, and that many runs
 * (some killed, some with jns itself terminated) leave no process, mount or cgroup behind.
 *
 * <p>jns runs in a JVM of its own (its native helper writes to the real stdout), with
 * {@code -Djns.nsexec} pointing at the helper built in {@code commands/target}. Every run carries
 * a marker in its environment, which the helper and the command inherit: a process with a marker
 * still alive after its run is a leak; processes of other users of the machine never have one.
 */
@Tag("live")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UnshareLiveTest {
    static final int NOBODY = 65534;
    static final String MARK_VAR = "JNS_UNSHARE_LIVE_MARK";
    /** This test JVM's marker; each run's is this plus "-N". */
    static final String MARK = "u" + UUID.randomUUID().toString().replace("-", "");
    /** How long jns's output may stay open after jns ended (its processes end before it does). */
    static final Duration OUTPUT_GRACE = Duration.ofSeconds(10);
    static final String[] TYPES = {"mnt", "uts", "ipc", "net", "pid", "user", "cgroup", "time"};
    /** Fills %d MiB (every page written), then says so. */
    static final String OOM_PY = "b = b'x' * (%d << 20); print('survived')";

    static final AtomicInteger runs = new AtomicInteger();
    static final Set<Jns> started = ConcurrentHashMap.newKeySet();
    /** The pids of the jns JVMs started: their cgroups are named jns-experiment-PID. */
    static final Set<Long> jnsPids = ConcurrentHashMap.newKeySet();

    static String java;
    static String classpath;
    static String helper;
    static Path dir;
    static Live.Cleanup cleanup;
    /** For runs as uid 65534: world-readable copies of the classpath and helper, made on first use. */
    static String nobodyClasspath;
    static String nobodyHelper;

    @BeforeAll
    static void setUp() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/ns")), "no /proc/self/ns: not Linux, or /proc not mounted");
        assumeTrue(Live.isRoot(), "jns unshare needs root to create namespaces (except -U -r); euid is " + Live.euid());
        Path h = helperPath();
        assumeTrue(Files.isRegularFile(h) && Files.isExecutable(h),
                "the native helper " + h + " was not built (gcc missing?)");
        helper = h.toString();
        java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        classpath = System.getProperty("java.class.path");
        assumeTrue(Live.tool("sh").isPresent(), "no sh on PATH");
        cleanup = Live.Cleanup.register("jns-unshare-live-cleanup", UnshareLiveTest::cleanUp);
        dir = Files.createTempDirectory("jns-unshare-live-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void tearDown() {
        Live.Cleanup.finish(cleanup, () -> {
            List<String> problems = new ArrayList<>();
            if (dir != null && Files.exists(dir)) {
                problems.add(dir + " still exists");
            }
            return problems;
        });
    }

    /** Kills every run still going, unmounts what is mounted below {@link #dir}, removes it. */
    private static synchronized List<String> cleanUp() {
        List<String> problems = new ArrayList<>();
        for (Jns j : List.copyOf(started)) {
            j.close();
        }
        Map<Long, String> left = marked(MARK);
        for (long pid : left.keySet()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (!left.isEmpty()) {
            problems.add("processes of jns runs still alive at the end (killed now): " + left);
        }
        for (Path cg : experimentCgroups()) {
            String owner = cg.getFileName().toString().substring("jns-experiment-".length());
            if (owner.matches("[0-9]{1,18}") && jnsPids.contains(Long.parseLong(owner))) {
                problems.add("cgroup " + cg + " left by a jns run (removed now)");
                removeCgroup(cg).ifPresent(problems::add);
            }
        }
        if (dir != null && Files.exists(dir)) {
            for (Path m : mountsBelow(dir)) {
                unmount(m);
            }
            mountsBelow(dir).forEach(m -> problems.add(m + " is still mounted"));
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                problems.add("removing " + dir + ": " + e);
            }
        }
        return problems;
    }

    // ---- running jns ------------------------------------------------------------------------

    /** commands/target/jns-nsexec, next to the classes directory that holds jns. */
    private static Path helperPath() {
        try {
            Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.toAbsolutePath().getParent().resolve("jns-nsexec");
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate jns's classes", e);
        }
    }

    /** A jns run in a JVM of its own, with its own marker; closing it kills what is left of it. */
    static final class Jns implements AutoCloseable {
        final String mark;
        final Process process;
        final List<String> argv;
        private final CompletableFuture<String> out;
        private final CompletableFuture<String> err;

        Jns(String mark, Process process, List<String> argv) {
            this.mark = mark;
            this.process = process;
            this.argv = argv;
            this.out = Live.drain(process.getInputStream());
            this.err = Live.drain(process.getErrorStream());
        }

        long pid() {
            return process.pid();
        }

        /** Waits for jns to end; fails after {@link Live#PATIENCE}. */
        Result await() {
            try {
                if (!process.waitFor(Live.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                    fail("jns " + argv + " did not finish within " + Live.PATIENCE + "; processes: " + marked(mark));
                }
                // Its output ends when the last process holding it ends: one left running holds it open.
                long deadline = System.nanoTime() + OUTPUT_GRACE.toNanos();
                while (!(out.isDone() && err.isDone())) {
                    if (System.nanoTime() > deadline) {
                        fail("jns " + argv + " ended (rc " + process.exitValue() + ") but its output is still open "
                                + OUTPUT_GRACE.toSeconds() + " s later; processes of it still running: " + marked(mark));
                    }
                    Thread.sleep(10);
                }
                return new Result(process.exitValue(), out.get(), err.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for jns " + argv, e);
            } catch (Exception e) {
                throw new AssertionError("reading the output of jns " + argv, e);
            }
        }

        /** What jns printed so far, once it is dead. */
        String stderrIfDead() {
            return process.isAlive() ? "" : err.getNow("");
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                Live.killTree(process);
            }
            for (long pid : marked(mark).keySet()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            started.remove(this);
        }
    }

    /** Starts {@code jns ARGS} as root. */
    static Jns start(String... args) {
        return start(false, List.of(args));
    }

    /** Starts {@code jns ARGS}, as root or as uid 65534 (through setpriv). */
    static Jns start(boolean asNobody, List<String> args) {
        String mark = MARK + "-" + runs.incrementAndGet();
        List<String> argv = new ArrayList<>();
        if (asNobody) {
            argv.addAll(List.of(Live.tool("setpriv").orElseThrow().toString(), "--reuid=" + NOBODY,
                    "--regid=" + NOBODY, "--clear-groups"));
        }
        argv.addAll(List.of(java, "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", asNobody ? nobodyClasspath : classpath,
                "-Djns.nsexec=" + (asNobody ? nobodyHelper : helper), "dev.jns.cli.Main"));
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("LC_ALL", "C");
        pb.environment().put(MARK_VAR, mark);
        try {
            Jns j = new Jns(mark, pb.start(), args);
            started.add(j);
            jnsPids.add(j.pid()); // setpriv execs java: the same pid
            return j;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv, e);
        }
    }

    /** Runs {@code jns ARGS} to the end, then checks that none of its processes is left. */
    static Result jns(String... args) {
        return finish(start(args));
    }

    static Result finish(Jns j) {
        try (j) {
            Result r = j.await();
            awaitGone(j.mark, "the processes of jns " + j.argv);
            return r;
        }
    }

    /** Waits until no process carries a marker starting with {@code mark}. */
    static void awaitGone(String mark, String what) {
        Live.await(what + " to be gone", () -> marked(mark).isEmpty(), () -> { }, () -> "still alive: " + marked(mark));
    }

    /** Waits until {@code count} processes of the run have a cmdline that {@code which} accepts; their pids. */
    static List<Long> awaitCommand(Jns j, int count, Predicate<List<String>> which, String what) {
        List<Long> found = new ArrayList<>();
        Live.await(what, () -> {
            found.clear();
            marked(j.mark).forEach((pid, cmd) -> {
                if (which.test(Live.cmdline(pid))) {
                    found.add(pid);
                }
            });
            return found.size() >= count;
        }, () -> {
            if (!j.process.isAlive()) {
                fail("jns " + j.argv + " ended (rc " + j.process.exitValue() + ") before " + what + ": "
                        + j.stderrIfDead());
            }
        }, () -> "processes of the run: " + marked(j.mark));
        return List.copyOf(found);
    }

    /** Live processes (not zombies) whose environment holds a marker starting with {@code mark}: pid -> cmdline. */
    static Map<Long, String> marked(String mark) {
        return Live.withEnv(MARK_VAR, mark);
    }

    /** Runs jns as uid 65534; stages a world-readable classpath and helper first. */
    static Result jnsAsNobody(String... args) throws IOException {
        assumeTrue(Live.tool("setpriv").isPresent(), "setpriv not found (util-linux) to run jns as uid " + NOBODY);
        if (nobodyHelper == null) {
            Path stage = Files.createDirectory(dir.resolve("nobody"));
            Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
            nobodyClasspath = Live.stageClasspath(stage, classpath);
            Path h = stage.resolve("jns-nsexec");
            Files.copy(Path.of(helper), h);
            Files.setPosixFilePermissions(h, PosixFilePermissions.fromString("rwxr-xr-x"));
            nobodyHelper = h.toString();
            Result probe = finish(start(true, List.of("--version")));
            assumeTrue(probe.rc() == 0, () -> "java or the test classpath cannot be used by uid " + NOBODY + ": " + probe);
        }
        return finish(start(true, List.of(args)));
    }

    // ---- /proc, mounts, cgroups -------------------------------------------------------------

    /** TYPE -> "TYPE:[INODE]" from lines of readlink output. */
    private static Map<String, String> links(String out) {
        Map<String, String> m = new TreeMap<>();
        for (String l : out.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toList())) {
            m.put(l.substring(0, Math.max(0, l.indexOf(':'))), l);
        }
        return m;
    }

    private static String selfLink(String type) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/" + type)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mount points (field 5 of mountinfo) with their whole lines. */
    private static List<String> mountinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mountPoint(String line) {
        String[] f = line.split(" ");
        return f.length > 4 ? f[4] : "";
    }

    private static String fsType(String line) {
        int dash = line.indexOf(" - ");
        return dash < 0 ? "" : line.substring(dash + 3).split(" ")[0];
    }

    private static List<Path> mountsBelow(Path d) {
        return mountinfo().stream().map(UnshareLiveTest::mountPoint).filter(m -> m.startsWith(d.toString() + "/"))
                .map(Path::of).distinct().collect(Collectors.toList());
    }

    private static boolean mounted(Path f) {
        return mountinfo().stream().anyMatch(l -> mountPoint(l).equals(f.toString()));
    }

    /** The mountinfo line of the topmost mount on {@code f}. */
    private static String mountOf(Path f) {
        String found = null;
        for (String l : mountinfo()) {
            if (mountPoint(l).equals(f.toString())) {
                found = l;
            }
        }
        return found;
    }

    /** Unmounts everything mounted on {@code f} (it may be stacked). */
    private static void unmount(Path f) {
        String umount = Live.tool("umount").map(Path::toString).orElse("umount");
        for (int i = 0; i < 16 && mounted(f); i++) {
            Live.run(umount, f.toString());
        }
    }

    /** A file for a namespace to be kept on; removed (after unmounting) by {@link #dropNsFile}. */
    private static Path nsFile(String name) throws IOException {
        return Files.createFile(dir.resolve(name + "-" + runs.incrementAndGet()));
    }

    private static void dropNsFile(Path f) {
        if (f == null) {
            return;
        }
        unmount(f);
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every cgroup directory named jns-experiment-* under /sys/fs/cgroup. */
    private static Set<Path> experimentCgroups() {
        Set<Path> out = new TreeSet<>();
        walkCgroups(Path.of("/sys/fs/cgroup"), out, 0);
        return out;
    }

    private static void walkCgroups(Path d, Set<Path> out, int depth) {
        if (depth > 32) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
            for (Path p : ds) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (p.getFileName().toString().startsWith("jns-experiment-")) {
                        out.add(p);
                    }
                    walkCgroups(p, out, depth + 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            // removed while walking, or not readable
        }
    }

    /** Kills what is in a cgroup and removes it; what went wrong, if anything. */
    private static Optional<String> removeCgroup(Path cg) {
        long deadline = System.nanoTime() + Live.PATIENCE.toNanos();
        while (Files.isDirectory(cg)) {
            try {
                for (String pid : Files.readAllLines(cg.resolve("cgroup.procs"))) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                Files.delete(cg);
            } catch (IOException | RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    return Optional.of("cannot remove cgroup " + cg + ": " + e);
                }
                Thread.onSpinWait();
            }
        }
        return Optional.empty();
    }

    private static long clockTicks() {
        Optional<Path> getconf = Live.tool("getconf");
        if (getconf.isPresent()) {
            Result r = Live.run(getconf.get().toString(), "CLK_TCK");
            if (r.rc() == 0) {
                return Long.parseLong(r.out().strip());
            }
        }
        return 100;
    }

    /** utime + stime of a process, in clock ticks. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            throw new AssertionError("process " + pid + " is gone", e);
        }
    }

    /** Skips when jns says the host lacks a controller (not when a limit fails otherwise). */
    private static void assumeControllers(Result r) {
        assumeTrue(!(r.rc() == 125 && (r.err().contains("controller is not available")
                || r.err().contains("cannot enable the"))), () -> "cgroup controllers not usable here: " + r.err());
    }

    // ---- 1. a new namespace of each type ----------------------------------------------------

    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of("mnt", List.of("--mount")),
                Arguments.of("uts", List.of("-u")),
                Arguments.of("ipc", List.of("-i")),
                Arguments.of("net", List.of("-n")),
                Arguments.of("pid", List.of("-p", "-f")),
                Arguments.of("user", List.of("-U", "-r")),
                Arguments.of("cgroup", List.of("-C")),
                Arguments.of("time", List.of("-T", "-f")));
    }

    @ParameterizedTest(name = "{0}: jns unshare {1}")
    @MethodSource("types")
    void eachTypeGivesANewNamespaceOfThatTypeAndNoOther(String type, List<String> options) {
        assumeTrue(Files.exists(Path.of("/proc/self/ns/" + type)), "this kernel has no " + type + " namespaces");
        List<String> args = new ArrayList<>(List.of("unshare"));
        args.addAll(options);
        args.addAll(List.of("--", "sh", "-c",
                "for t in " + String.join(" ", TYPES) + "; do [ ! -e /proc/self/ns/$t ] || readlink /proc/self/ns/$t; done"));
        Result r = jns(args.toArray(String[]::new));
        assertEquals(0, r.rc(), r::toString);
        assertEquals("", r.err(), r::toString);
        Map<String, String> theirs = links(r.out());
        for (String t : TYPES) {
            if (!Files.exists(Path.of("/proc/self/ns/" + t))) {
                continue;
            }
            String mine = selfLink(t);
            assertTrue(theirs.containsKey(t), () -> "no " + t + " link printed: " + r);
            if (t.equals(type)) {
                assertNotEquals(mine, theirs.get(t), () -> "the command's " + t + " namespace is the test's own: " + r);
            } else {
                assertEquals(mine, theirs.get(t), () -> "only " + type + " should be new, but " + t + " is: " + r);
            }
        }
    }

    // ---- 2. what the options do inside ------------------------------------------------------

    @Test
    void pidNamespaceWithMountProcRunsTheCommandAsPid1WithItsOwnProc() throws IOException {
        Result r = jns("unshare", "-p", "-f", "--mount-proc", "--", "sh", "-c", "echo $$; ls /proc");
        assertEquals(0, r.rc(), r::toString);
        List<String> lines = r.out().lines().collect(Collectors.toList());
        assertEquals("1", lines.get(0), r::toString);
        List<Integer> pids = lines.subList(1, lines.size()).stream().filter(l -> l.matches("[0-9]+"))
                .map(Integer::valueOf).collect(Collectors.toList());
        assertTrue(pids.contains(1) && pids.stream().allMatch(p -> p <= 3),
                () -> "the new /proc should show only the new namespace's few processes: " + pids);
        // the new proc stayed in the command's mount namespace
        assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readSymbolicLink(Path.of("/proc/self")).toString(),
                "this test's /proc was replaced");
    }

    @Test
    void mapUserAndMapGroupTakeNamesAsUtilLinuxDoes() {
        // the names through NSS, as id(1) resolves them here
        Result uid = Live.run("id", "-u", "nobody");
        Result gid = Live.run("id", "-g", "nobody");
        assumeTrue(uid.rc() == 0 && gid.rc() == 0, "no user nobody here");
        Result group = Live.run("getent", "group", gid.out().trim());
        assumeTrue(group.rc() == 0, "no name for nobody's group");
        String groupName = group.out().substring(0, group.out().indexOf(':'));
        Result r = jns("unshare", "--map-user=nobody", "--map-group=" + groupName, "--", "/bin/sh", "-c", "id -u; id -g");
        assertEquals(0, r.rc(), r::toString);
        assertEquals(uid.out().trim() + "\n" + gid.out().trim(), r.out().trim(), r::toString);

        Result unknown = jns("unshare", "--map-user=no-such-user-of-jns", "--", "true");
        assertEquals(2, unknown.rc(), unknown::toString);
        assertTrue(unknown.err().contains("no user named 'no-such-user-of-jns'"), unknown::toString);
        Result tooBig = jns("unshare", "--map-group=4294967295", "--", "true");
        assertEquals(2, tooBig.rc(), tooBig::toString);
    }

    @Test
    void theCommandInheritsNoIgnoredSignalOfJns() throws IOException {
        // as under util-linux unshare from this JVM's parent: what jns's JVM and the way it starts
        // its helper ignore (SIGINT while the command runs; glibc's 32 and 33 after posix_spawn)
        // is not ignored by the command
        Result r = jns("unshare", "-n", "--", "/bin/sh", "-c", "grep '^SigIgn:' /proc/self/status");
        assertEquals(0, r.rc(), r::toString);
        long ignored = Long.parseUnsignedLong(r.out().trim().substring("SigIgn:".length()).trim(), 16);
        long ours = 0;
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("SigIgn:")) {
                ours = Long.parseUnsignedLong(l.substring("SigIgn:".length()).trim(), 16);
            }
        }
        // sh itself ignores none at start (a non-interactive sh with no traps); this JVM's own
        // inherited ones (a nohup'd test run: SIGHUP) would be passed on, as by any exec
        assertEquals(0, ignored & ~ours & ((1L << 31) | (1L << 32) | (1L << 1)),
                "ignored in the command: " + Long.toHexString(ignored) + " (" + r + ")");
    }

    @Test
    void netNamespaceHasOnlyLoopback() {
        Optional<Path> ip = Live.tool("ip");
        assumeTrue(ip.isPresent(), "ip (iproute2) not found");
        Result host = Live.run(ip.get().toString(), "-o", "link");
        Result r = jns("unshare", "-n", "--", ip.get().toString(), "-o", "link");
        assertEquals(0, r.rc(), r::toString);
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        assertEquals(1, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("1: lo: "), r::toString);
        // and jns did not just print the host's: it has more than lo here
        assumeTrue(host.out().lines().filter(l -> !l.isBlank()).count() > 1, "the host itself has only lo");
    }

    @Test
    void userNamespaceMapsAnOrdinaryUserToRoot() throws IOException {
        assumeUserNamespacesForEveryone();
        Result r = jnsAsNobody("unshare", "-U", "-r", "--", "id", "-u");
        assertEquals(0, r.rc(), r::toString);
        assertEquals("0", r.out().strip(), r::toString);
        Result map = jnsAsNobody("unshare", "-U", "-r", "--", "cat", "/proc/self/uid_map", "/proc/self/gid_map",
                "/proc/self/setgroups");
        assertEquals(0, map.rc(), map::toString);
        assertEquals(List.of("0 65534 1", "0 65534 1", "deny"),
                map.out().lines().map(Live::squeeze).collect(Collectors.toList()), map::toString);
        // without a user namespace the same user may not create one
        Result denied = jnsAsNobody("unshare", "-n", "--", "true");
        assertEquals(125, denied.rc(), denied::toString);
        assertTrue(denied.err().contains("creating them needs root, or a new user namespace: -U -r"), denied::toString);
    }

    private static void assumeUserNamespacesForEveryone() throws IOException {
        Path clone = Path.of("/proc/sys/kernel/unprivileged_userns_clone");
        assumeTrue(!Files.exists(clone) || Files.readString(clone).strip().equals("1"),
                "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone=0)");
        Path max = Path.of("/proc/sys/user/max_user_namespaces");
        assumeTrue(!Files.exists(max) || !Files.readString(max).strip().equals("0"),
                "user namespaces are disabled (user.max_user_namespaces=0)");
    }

    @Test
    void hostnameIsSetInTheNewUtsNamespaceOnly() throws IOException {
        String before = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assumeTrue(!before.equals("lab"), "the host is called lab already");
        Result r = jns("unshare", "-u", "--hostname", "lab", "--", "hostname");
        assertEquals(0, r.rc(), r::toString);
        assertEquals("lab", r.out().strip(), r::toString);
        assertEquals(before, Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(), "the host's name changed");
    }

    @Test
    void timeNamespaceHasTheGivenOffsets() throws IOException {
        assumeTrue(Files.exists(Path.of("/proc/self/ns/time")), "this kernel has no time namespaces");
        Result r = jns("unshare", "-T", "-f", "--monotonic", "3600", "--", "cat", "/proc/self/timens_offsets");
        assertEquals(0, r.rc(), r::toString);
        List<String> lines = r.out().lines().map(Live::squeeze).collect(Collectors.toList());
        assertTrue(lines.contains("monotonic 3600 0"), r::toString);
        assertTrue(lines.contains("boottime 0 0"), r::toString);
        // and the clock moved: uptime (CLOCK_BOOTTIME) is a day ahead with --boottime 86400
        double hostUptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        Result up = jns("unshare", "-T", "-f", "--boottime", "86400", "--", "cat", "/proc/uptime");
        assertEquals(0, up.rc(), up::toString);
        double theirs = Double.parseDouble(up.out().split(" ")[0]);
        assertTrue(theirs >= hostUptime + 86400 && theirs < hostUptime + 86400 + Live.PATIENCE.toSeconds(),
                () -> "uptime " + theirs + " inside, " + hostUptime + " here: " + up);
    }

    // ---- 3. namespaces kept on files --------------------------------------------------------

    @Test
    void keptNetNamespaceCanBeEnteredAndIsTheSameOne() throws IOException {
        Optional<Path> ip = Live.tool("ip");
        assumeTrue(ip.isPresent(), "ip (iproute2) not found");
        Path f = nsFile("net");
        try {
            Result r = jns("unshare", "-n=" + f, "true");
            assertEquals(0, r.rc(), r::toString);
            assertTrue(mounted(f), () -> "nothing mounted on the file: " + r);
            long ino = (Long) Files.getAttribute(f, "unix:ino");
            String link = "net:[" + ino + "]";
            assertNotEquals(selfLink("net"), link, "the kept namespace is the test's own");
            assertTrue(mountOf(f).split(" ")[3].equals(link), () -> "mountinfo: " + mountOf(f));

            Result lo = jns("enter", "--net=" + f, "--", ip.get().toString(), "-o", "link");
            assertEquals(0, lo.rc(), lo::toString);
            List<String> lines = lo.out().lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
            assertEquals(1, lines.size(), lo::toString);
            assertTrue(lines.get(0).startsWith("1: lo: "), lo::toString);

            Result same = jns("enter", "--net=" + f, "--", "readlink", "/proc/self/ns/net");
            assertEquals(0, same.rc(), same::toString);
            assertEquals(link, same.out().strip(), same::toString);
        } finally {
            dropNsFile(f);
        }
        assertFalse(mounted(f), () -> f + " still mounted");
        assertFalse(Files.exists(f), () -> f + " still exists");
    }

    @Test
    void keptUtsPidAndTimeNamespacesKeepTheirState() throws IOException {
        Path uts = nsFile("uts");
        Path pid = nsFile("pid");
        Path time = nsFile("time");
        try {
            Result r = jns("unshare", "-u=" + uts, "--hostname", "kept", "true");
            assertEquals(0, r.rc(), r::toString);
            Result name = jns("enter", "--uts=" + uts, "--", "hostname");
            assertEquals(0, name.rc(), name::toString);
            assertEquals("kept", name.out().strip(), name::toString);

            // the command ends at once: the namespace must be kept all the same
            Result p = jns("unshare", "-p=" + pid, "-f", "true");
            assertEquals(0, p.rc(), p::toString);
            assertTrue(mountOf(pid) != null && mountOf(pid).split(" ")[3].startsWith("pid:["), () -> "mountinfo: " + mountOf(pid));
            assertNotEquals(selfLink("pid"), mountOf(pid).split(" ")[3], "the kept pid namespace is the test's own");

            if (Files.exists(Path.of("/proc/self/ns/time"))) {
                Result t = jns("unshare", "-T=" + time, "-f", "--monotonic", "77", "true");
                assertEquals(0, t.rc(), t::toString);
                Result offsets = jns("enter", "--time=" + time, "--", "cat", "/proc/self/timens_offsets");
                assertEquals(0, offsets.rc(), offsets::toString);
                assertTrue(offsets.out().lines().map(Live::squeeze).anyMatch("monotonic 77 0"::equals), offsets::toString);
            }
        } finally {
            dropNsFile(uts);
            dropNsFile(pid);
            dropNsFile(time);
        }
        assertEquals(List.of(), mountsBelow(dir), "left mounted");
    }

    // ---- 4. exit statuses -------------------------------------------------------------------

    static Stream<Arguments> exits() {
        return Stream.of(
                Arguments.of(List.of("-u"), "exit 3", 3),
                Arguments.of(List.of("-u", "-f"), "exit 3", 3),
                Arguments.of(List.of("-p", "-f"), "exit 3", 3),
                Arguments.of(List.of("-u"), "kill -KILL $$", 137),
                Arguments.of(List.of("-u", "-f"), "kill -KILL $$", 137),
                Arguments.of(List.of("-u"), "kill -TERM $$", 143),
                Arguments.of(List.of("-u", "-f"), "kill -HUP $$", 129),
                Arguments.of(List.of("-n", "--memory", "64M"), "kill -KILL $$", 137));
    }

    @ParameterizedTest(name = "jns unshare {0} -- sh -c ''{1}'' -> {2}")
    @MethodSource("exits")
    void exitStatusIsTheCommands(List<String> options, String script, int expected) {
        List<String> args = new ArrayList<>(List.of("unshare"));
        args.addAll(options);
        args.addAll(List.of("--", "sh", "-c", script));
        Result r = jns(args.toArray(String[]::new));
        assumeControllers(r);
        assertEquals(expected, r.rc(), r::toString);
        assertFalse(r.err().contains("OOM") || r.err().contains("pids limit"), r::toString);
    }

    @Test
    void commandNotFoundOrNotExecutable() {
        Result missing = jns("unshare", "-u", "--", dir.resolve("no-such-command").toString());
        assertEquals(127, missing.rc(), missing::toString);
        Result notExecutable = jns("unshare", "-u", "-f", "--", dir.toString());
        assertEquals(126, notExecutable.rc(), notExecutable::toString);
    }

    // ---- 5. limits --------------------------------------------------------------------------

    @Test
    void memoryLimitEndsTheCommandByTheOomKillerAndSaysSo() throws IOException {
        assumeTrue(Live.tool("python3").isPresent(), "python3 not found");
        boolean noSwap = Files.readAllLines(Path.of("/proc/swaps")).size() <= 1;
        assumeTrue(noSwap || Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"))
                || Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")),
                "swap is on and not accounted in memory cgroups: the command would swap rather than be OOM-killed");
        Result big = jns("unshare", "--memory", "32M", "--", "python3", "-c", String.format(OOM_PY, 200));
        assumeControllers(big);
        assertEquals(137, big.rc(), big::toString);
        assertFalse(big.out().contains("survived"), big::toString);
        assertTrue(big.errLines().contains("jns unshare: killed by the OOM killer: memory limit 32M reached"), big::toString);

        Result small = jns("unshare", "--memory", "32M", "--", "python3", "-c", String.format(OOM_PY, 8));
        assertEquals(0, small.rc(), small::toString);
        assertEquals("survived", small.out().strip(), small::toString);
        assertFalse(small.err().contains("OOM"), small::toString);
    }

    @Test
    void pidsLimitStopsAForkLoopAndSaysSo() {
        Result r = jns("unshare", "--pids", "10", "--", "sh", "-c", "while :; do sleep 60 & done");
        assumeControllers(r);
        assertNotEquals(0, r.rc(), r::toString);
        assertTrue(r.errLines().contains("jns unshare: pids limit 10 reached: a fork failed"), r::toString);
        // (jns() has also checked that the sleeps left in the cgroup are gone)

        Result few = jns("unshare", "--pids", "10", "--", "sh", "-c", "sleep 0 & sleep 0 & wait");
        assertEquals(0, few.rc(), few::toString);
        assertFalse(few.err().contains("pids limit"), few::toString);
    }

    @Test
    void cpuLimitKeepsABusyLoopNearHalfACpu() {
        String loop = "while :; do :; done";
        long hz = clockTicks();
        try (Jns j = start("unshare", "--cpus", "0.5", "--", "sh", "-c", loop)) {
            long busy = awaitCommand(j, 1, c -> c.equals(List.of("sh", "-c", loop)), "the busy loop").get(0);
            String cgroup = readCgroup(busy);
            assertTrue(cgroup.contains("/jns-experiment-" + j.pid()), () -> "the loop is not in jns's cgroup: " + cgroup);
            long c0 = cpuTicks(busy);
            long t0 = System.nanoTime();
            Live.await("2 s of the busy loop", () -> System.nanoTime() - t0 >= 2_000_000_000L, () -> {
                if (!ProcessHandle.of(busy).map(ProcessHandle::isAlive).orElse(false)) {
                    fail("the busy loop ended: " + j.stderrIfDead());
                }
            }, () -> "");
            long c1 = cpuTicks(busy);
            long t1 = System.nanoTime();
            double share = (c1 - c0) / (double) hz / ((t1 - t0) / 1e9);
            assertTrue(share >= 0.30 && share <= 0.70, () -> String.format("the loop used %.2f CPUs, limit 0.5", share));

            j.process.destroy(); // SIGTERM to jns
            Result r = j.await();
            assertEquals(143, r.rc(), r::toString);
            awaitGone(j.mark, "the busy loop");
        }
    }

    private static String readCgroup(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cgroup"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- 6. nothing left behind -------------------------------------------------------------

    enum End { FINISH, KILL_COMMAND, TERM_JNS, KILL_JNS }

    /**
     * One run: jns's arguments; how it ends; the exit status (null: not checked); for KILL_COMMAND
     * and TERM_JNS, how many processes must be running the command (cmdline starting with
     * {@code ready}) before the signal, and for KILL_COMMAND the victim's cmdline.
     */
    record Run(List<String> args, End end, Integer rc, String stderr, String ready, int count, List<String> victim) {
        static Run finish(int rc, String... args) {
            return new Run(List.of(args), End.FINISH, rc, null, null, 0, null);
        }

        static Run finishSaying(String stderr, String... args) {
            return new Run(List.of(args), End.FINISH, null, stderr, null, 0, null);
        }

        static Run kill(List<String> victim, String ready, int count, String... args) {
            return new Run(List.of(args), End.KILL_COMMAND, 137, null, ready, count, victim);
        }

        static Run term(String ready, int count, String... args) {
            return new Run(List.of(args), End.TERM_JNS, null, null, ready, count, null);
        }

        /** SIGKILL to the jns JVM: only with limits, whose cgroup takes the command down with jns. */
        static Run killJns(String ready, int count, String... args) {
            return new Run(List.of(args), End.KILL_JNS, 137, null, ready, count, null);
        }
    }

    @Test
    void manyRunsLeaveNoProcessMountOrCgroupBehind() throws IOException {
        boolean python = Live.tool("python3").isPresent();
        String oom = String.format(OOM_PY, 200);
        String twoSleeps = "sleep 60 & sleep 61 & wait";
        String oomMessage = "jns unshare: killed by the OOM killer: memory limit 32M reached";
        String pidsMessage = "jns unshare: pids limit 10 reached: a fork failed";
        List<Run> plan = new ArrayList<>(List.of(
                Run.finish(0, "unshare", "-m", "--", "true"),
                Run.finish(0, "unshare", "-u", "--hostname", "leak", "--", "hostname"),
                Run.finish(0, "unshare", "-i", "--", "true"),
                Run.finish(0, "unshare", "-n", "--", "true"),
                Run.finish(0, "unshare", "-p", "-f", "--mount-proc", "--", "sh", "-c", "sleep 60 & sleep 61 & echo $$"),
                Run.finish(0, "unshare", "-U", "-r", "--", "id", "-u"),
                Run.finish(0, "unshare", "-C", "--", "true"),
                Run.finish(0, "unshare", "-T", "-f", "--boottime", "100", "--", "true"),
                Run.finish(0, "unshare", "-m", "-u", "-i", "-n", "-p", "-f", "-U", "-r", "-C", "-T", "--mount-proc",
                        "--", "sh", "-c", "sleep 60 & exit 0"),
                Run.finish(3, "unshare", "-u", "--", "sh", "-c", "exit 3"),
                Run.finish(137, "unshare", "-u", "-f", "--", "sh", "-c", "kill -KILL $$"),
                Run.finish(129, "unshare", "-n", "--", "sh", "-c", "kill -HUP $$"),
                Run.finishSaying(pidsMessage, "unshare", "--pids", "10", "--", "sh", "-c", "while :; do sleep 60 & done"),
                Run.finishSaying(pidsMessage, "unshare", "--pids", "10", "-p", "-f", "--", "sh", "-c",
                        "while :; do sleep 60 & done"),
                Run.finish(0, "unshare", "--cpus", "0.5", "-u", "--", "sh", "-c",
                        "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"),
                Run.finish(5, "unshare", "--memory", "64M", "--cpus", "1.5", "--pids", "50", "-n", "--", "sh", "-c",
                        "sleep 60 & exit 5"),
                Run.kill(List.of("sleep", "60"), "sleep", 1, "unshare", "-m", "--", "sleep", "60"),
                Run.kill(List.of("sh", "-c", "sleep 60 & sleep 61; true"), "sleep", 2,
                        "unshare", "-p", "-f", "--", "sh", "-c", "sleep 60 & sleep 61; true"),
                Run.kill(List.of("sleep", "60"), "sleep", 1, "unshare", "-U", "-r", "-n", "--", "sleep", "60"),
                Run.kill(List.of("sh", "-c", "sleep 60 & sleep 61; true"), "sleep", 2,
                        "unshare", "--memory", "64M", "--", "sh", "-c", "sleep 60 & sleep 61; true"),
                Run.term("sleep", 1, "unshare", "-m", "--", "sleep", "60"),
                Run.term("sleep", 1, "unshare", "-p", "-f", "--", "sleep", "60"),
                Run.term("sleep", 2, "unshare", "-p", "-f", "--mount-proc", "--", "sh", "-c", twoSleeps),
                Run.term("sleep", 1, "unshare", "-p", "--", "sh", "-c", "sleep 60 & wait"),
                Run.term("sleep", 2, "unshare", "--memory", "64M", "--pids", "20", "--", "sh", "-c", twoSleeps),
                Run.term("sleep", 2, "unshare", "-U", "-r", "-p", "-f", "--", "sh", "-c", twoSleeps),
                Run.term("sleep", 1, "unshare", "--kill-child", "-p", "--", "sleep", "60"),
                Run.term("sleep", 1, "unshare", "-T", "-f", "-n", "--", "sleep", "60"),
                Run.killJns("sleep", 1, "unshare", "--pids", "20", "--", "sleep", "60"),
                Run.killJns("sleep", 2, "unshare", "--memory", "64M", "--cpus", "0.5", "-p", "-f", "--mount-proc", "--",
                        "sh", "-c", twoSleeps),
                Run.killJns("sleep", 2, "unshare", "--pids", "20", "-U", "-r", "-f", "--kill-child", "--", "sh", "-c",
                        twoSleeps)));
        if (python) {
            plan.add(Run.finishSaying(oomMessage, "unshare", "--memory", "32M", "-p", "-f", "--", "python3", "-c", oom));
            plan.add(Run.finishSaying(oomMessage, "unshare", "--memory", "32M", "--", "sh", "-c",
                    "sleep 60 & sleep 61 & python3 -c \"" + oom + "\"; exit 0"));
        }

        Set<Long> pidsBefore = ProcessHandle.allProcesses().map(ProcessHandle::pid).collect(Collectors.toSet());
        Set<String> mountsBefore = Set.copyOf(mountinfo());
        Set<Path> cgroupsBefore = experimentCgroups();
        List<String> failures = new ArrayList<>();

        for (Run run : plan) {
            Path keep = null;
            try {
                List<String> args = new ArrayList<>(run.args());
                if (run.args().equals(List.of("unshare", "-i", "--", "true"))) {
                    keep = nsFile("ipc"); // one run keeps its namespace, unmounted below
                    args.set(1, "-i=" + keep);
                }
                Result r;
                try {
                    r = runOnce(run, args);
                } catch (AssertionError e) {
                    failures.add(args + " (" + run.end() + "): " + e.getMessage());
                    continue;
                }
                if (run.rc() != null && r.rc() != run.rc()) {
                    failures.add(args + ": exit status " + r.rc() + ", expected " + run.rc() + "\n" + r);
                }
                if (run.stderr() != null && !r.errLines().contains(run.stderr())) {
                    failures.add(args + ": stderr lacks '" + run.stderr() + "'\n" + r);
                }
                if (keep != null && !mounted(keep)) {
                    failures.add(args + ": the ipc namespace was not kept on " + keep);
                }
            } finally {
                dropNsFile(keep);
            }
        }
        assertEquals(List.of(), failures, "runs that went wrong");

        // processes: none of the runs' (marked) ones; new processes of others are churn
        Live.await("every process of the runs to be gone", () -> marked(MARK).isEmpty(), () -> { },
                () -> "still alive: " + marked(MARK));
        Map<Long, String> newAndOurs = new TreeMap<>(marked(MARK));
        newAndOurs.keySet().retainAll(ProcessHandle.allProcesses().map(ProcessHandle::pid)
                .filter(pid -> !pidsBefore.contains(pid)).collect(Collectors.toSet()));
        assertEquals(Map.of(), newAndOurs, "new processes left by the runs");

        // mounts: nothing new below our directory, and no proc mounted anywhere by a run
        List<String> newMounts = mountinfo().stream().filter(l -> !mountsBefore.contains(l))
                .filter(l -> mountPoint(l).startsWith(dir.toString()) || fsType(l).equals("proc"))
                .collect(Collectors.toList());
        assertEquals(List.of(), newMounts, "mounts left by the runs");

        // cgroups: none named after a jns JVM of ours, and no new one whose jns is gone
        Set<Path> leftCgroups = experimentCgroups().stream().filter(p -> {
            String owner = p.getFileName().toString().substring("jns-experiment-".length());
            Optional<ProcessHandle> jvm = owner.matches("[0-9]{1,18}") ? ProcessHandle.of(Long.parseLong(owner))
                    : Optional.empty();
            return owner.matches("[0-9]{1,18}") && jnsPids.contains(Long.parseLong(owner))
                    || !cgroupsBefore.contains(p) && jvm.map(h -> !h.isAlive()).orElse(true);
        }).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), leftCgroups, "cgroups left by the runs");
    }

    /** One run of the leak test: started, ended as the plan says, and checked to leave nothing running. */
    private Result runOnce(Run run, List<String> args) {
        try (Jns j = start(args.toArray(String[]::new))) {
            switch (run.end()) {
                case FINISH:
                    break;
                case KILL_COMMAND: {
                    awaitCommand(j, run.count(), c -> !c.isEmpty() && c.get(0).equals(run.ready()), "the command to run");
                    List<Long> victims = awaitCommand(j, 1, run.victim()::equals, "the process to kill");
                    ProcessHandle.of(victims.get(0)).ifPresent(ProcessHandle::destroyForcibly);
                    break;
                }
                case TERM_JNS: {
                    awaitCommand(j, run.count(), c -> !c.isEmpty() && c.get(0).equals(run.ready()), "the command to run");
                    j.process.destroy(); // SIGTERM to the jns JVM
                    break;
                }
                case KILL_JNS: {
                    awaitCommand(j, run.count(), c -> !c.isEmpty() && c.get(0).equals(run.ready()), "the command to run");
                    j.process.toHandle().destroyForcibly(); // SIGKILL: the helper's reaper must clean up
                    break;
                }
                default:
                    throw new IllegalStateException();
            }
            Result r = j.await();
            awaitGone(j.mark, "the processes of jns " + args + " (ended: " + run.end() + ")");
            return r;
        }
    }
}

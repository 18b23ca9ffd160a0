package dev.jns.cli.live;

import dev.jns.cli.exec.EnterCommand;
import static dev.jns.cli.live.Live.UNSET;
import static dev.jns.cli.live.Live.differs;
import static dev.jns.cli.live.Live.ns;
import static dev.jns.cli.live.Live.selfNs;
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
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.TestAbortedException;

/**
 * {@code jns enter} on the live host, against util-linux {@code nsenter}: which namespaces the
 * command ends up in, for each of the eight types, {@code -a}, {@code -F}, namespace files of
 * {@code ip netns}; exit status and signals; {@code -e}, {@code -c}; credentials in a user
 * namespace; the errors.
 *
 * <p>jns runs as a subprocess ({@code java -cp <test class path> dev.jns.cli.Main enter ...}):
 * its native helper inherits jns's stdout and stderr, so only a subprocess lets the test capture
 * what the command printed (and keeps it out of surefire's channel to this JVM).
 *
 * <p>Needs root, util-linux (unshare, nsenter), iproute2 (ip) and a kernel with all eight
 * namespace types; the tests that need what is missing skip with the reason. The errors need
 * none of that and run for any user. Everything started or created (processes, a netns, a
 * cgroup) is removed in {@link #tearDown}, also when setting up failed half-way, and
 * {@code tearDown} fails if anything is left.
 */
@Tag("live")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EnterLiveTest {
    static final List<String> TYPES = List.of("user", "mnt", "uts", "ipc", "net", "pid", "cgroup", "time");
    /** nsenter's (and jns's) long option for each type. */
    static final Map<String, String> OPTION = Map.of("user", "--user", "mnt", "--mount", "uts", "--uts",
            "ipc", "--ipc", "net", "--net", "pid", "--pid", "cgroup", "--cgroup", "time", "--time");
    static final List<String> SLEEP = List.of("sleep", "600");
    /** What the mount namespace checks run, to be looked at from outside while it sleeps. */
    static final List<String> OBSERVED = List.of("sleep", "599");

    /** Unique per run; every process started here carries it in its environment (the leak check). */
    static final String TAG = "jns-test-" + ProcessHandle.current().pid() + "-"
            + Long.toHexString(new SecureRandom().nextLong() & 0xffffffffL);
    static final String MARKER = "marker-" + TAG;
    /** The environment of jns, nsenter and the targets: the tag, a variable of our own, no JVM options. */
    static final Map<String, String> ENV = Map.of("JNS_LIVE_TAG", TAG, "JNS_OWN", "mine",
            "JAVA_TOOL_OPTIONS", UNSET, "JDK_JAVA_OPTIONS", UNSET, "_JAVA_OPTIONS", UNSET);

    // Everything started or created, for the clean-up (also when setting up fails half-way).
    static final List<Process> started = new ArrayList<>();
    static final List<ProcessHandle> forked = new ArrayList<>();
    static final List<Long> ourPids = new ArrayList<>();
    static final List<String> ourNetns = new ArrayList<>();
    static final List<Path> ourCgroups = new ArrayList<>();
    static Live.Cleanup cleanup;

    static String java;
    static String classpath;
    static Path helper;
    static String unshare;
    static String nsenter;
    static String ip;

    /** A process to enter, and its namespaces by type. */
    record Target(long pid, Map<String, Long> ns) {
        String arg() {
            return Long.toString(pid);
        }

        /** What readlink prints for its namespace of this type, e.g. {@code net:[4026532000]}. */
        String link(String type) {
            return type + ":[" + ns.get(type) + "]";
        }
    }

    /** {@code unshare -U -r -m -u -i -n -p -C -T -f --mount-proc}: new namespaces of all eight types. */
    static Target allEight;
    /** {@code env JNS_MARKER=... unshare -n}: a new net namespace only; our user namespace. */
    static Target netOnly;
    /** {@code unshare -U} with uid and gid maps 0 -> 100000, 5 -> 0 (us), 7 -> 100007. */
    static Target mapped;
    /** Why a target is missing (null when not tried: not root). */
    static final Map<String, String> missing = new LinkedHashMap<>();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void setUp() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/ns")), "no /proc/self/ns: not Linux, or /proc not mounted");
        java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        classpath = System.getProperty("java.class.path");
        helper = helperPath();
        assumeTrue(Files.isExecutable(helper), "the native helper " + helper + " was not built (gcc missing?)");
        cleanup = Live.Cleanup.register("jns-enter-live-cleanup", EnterLiveTest::cleanUp);
        if (!Live.isRoot()) {
            return; // the tests that need targets skip, each with the reason
        }
        unshare = Live.tool("unshare").map(Path::toString).orElse(null);
        nsenter = Live.tool("nsenter").map(Path::toString).orElse(null);
        ip = Live.tool("ip").map(Path::toString).orElse(null);
        if (unshare == null || nsenter == null) {
            missing.put("all", "unshare or nsenter not found on PATH (util-linux not installed)");
            return;
        }
        try {
            allEight = target("allEight", EnterLiveTest::startAllEight);
            netOnly = target("netOnly", EnterLiveTest::startNetOnly);
            mapped = target("mapped", EnterLiveTest::startMapped);
        } catch (Throwable t) {
            cleanUp();
            throw t;
        }
    }

    /** Where {@link dev.jns.cli.exec.NsexecArgs#helper()} finds the helper: next to the classes directory. */
    private static Path helperPath() {
        try {
            Path classes = Path.of(EnterCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().resolve("jns-nsexec");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes a target; a kernel that cannot is a reason to skip the tests that need it, not the others. */
    private static Target target(String name, Supplier<Target> make) {
        try {
            return make.get();
        } catch (TestAbortedException e) {
            missing.put(name, e.getMessage());
            return null;
        }
    }

    private static Target startAllEight() {
        List<String> argv = new ArrayList<>(List.of(unshare, "-U", "-r", "-m", "-u", "-i", "-n", "-p", "-C", "-T",
                "-f", "--mount-proc"));
        argv.addAll(SLEEP);
        Process p = start(Map.of(), argv);
        // unshare makes the user, mount, uts, ipc, net and cgroup namespaces for itself; its forked
        // child is the new pid and time namespaces' first process and execs sleep after mounting /proc.
        BooleanSupplier ready = () -> sleeper(p).isPresent();
        await(p, String.join(" ", argv), ready);
        ProcessHandle child = sleeper(p).orElseThrow();
        remember(child);
        return targetOf(child.pid());
    }

    /** The sleeping child of the all-eight unshare, once it is in a new namespace of every type. */
    private static Optional<ProcessHandle> sleeper(Process p) {
        return p.descendants().filter(h -> Live.cmdline(h.pid()).equals(SLEEP)
                && TYPES.stream().allMatch(t -> differs(h.pid(), t, t))).findFirst();
    }

    private static Target startNetOnly() {
        List<String> argv = new ArrayList<>(List.of("env", "JNS_MARKER=" + MARKER, unshare, "-n"));
        argv.addAll(SLEEP);
        Process p = start(Map.of(), argv);
        await(p, String.join(" ", argv), () -> Live.cmdline(p.pid()).equals(SLEEP) && differs(p.pid(), "net", "net"));
        return targetOf(p.pid());
    }

    private static Target startMapped() {
        List<String> argv = new ArrayList<>(List.of(unshare, "-U"));
        argv.addAll(SLEEP);
        Process p = start(Map.of(), argv);
        await(p, "unshare -U", () -> Live.cmdline(p.pid()).equals(SLEEP) && differs(p.pid(), "user", "user"));
        // Root outside is 5 inside, and 0 and 7 inside are other users: so that taking uid 0,
        // keeping ours (--preserve-credentials) and -S/-G are told apart. Written as root (with
        // CAP_SETUID and CAP_SETGID in the parent namespace), any such map is allowed.
        String map = "0 100000 1\n5 0 1\n7 100007 1\n";
        for (String f : List.of("uid_map", "gid_map")) {
            try {
                Files.writeString(Path.of("/proc/" + p.pid() + "/" + f), map);
            } catch (IOException e) {
                Assumptions.abort("cannot write /proc/" + p.pid() + "/" + f + ": " + e);
            }
        }
        return targetOf(p.pid());
    }

    private static Target targetOf(long pid) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String t : TYPES) {
            m.put(t, ns(pid, t).orElseThrow(() -> new AssertionError("cannot read /proc/" + pid + "/ns/" + t)));
        }
        return new Target(pid, m);
    }

    private static Process start(Map<String, String> env, List<String> argv) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(Map.of("JNS_LIVE_TAG", TAG, "LC_ALL", "C"));
        env.forEach((k, v) -> {
            if (UNSET.equals(v)) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        try {
            Process p = pb.start();
            synchronized (EnterLiveTest.class) {
                started.add(p);
                ourPids.add(p.pid());
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv, e);
        }
    }

    private static synchronized void remember(ProcessHandle h) {
        forked.add(h);
        ourPids.add(h.pid());
    }

    /** Polls until {@code ready}; a process that exits meanwhile could not make its namespaces: skip. */
    private static void await(Process p, String what, BooleanSupplier ready) {
        Live.await(what, ready, () -> {
            if (!p.isAlive()) {
                Assumptions.abort(what + " could not make its namespaces (exit " + p.exitValue() + ": "
                        + Live.stderrOf(p) + "): the kernel or its configuration lacks the feature");
            }
        }, () -> "/proc/" + p.pid() + " cmdline " + Live.cmdline(p.pid()) + ", descendants "
                + p.descendants().map(c -> c.pid() + " " + Live.cmdline(c.pid())).collect(Collectors.toList()));
    }

    private static void requireRoot() {
        assumeTrue(Live.isRoot(), "needs root to make namespaces to enter; euid is " + Live.euid());
        assumeTrue(unshare != null && nsenter != null, () -> missing.get("all"));
    }

    private static Target need(Target t, String name) {
        requireRoot();
        if (t == null) {
            Assumptions.abort(missing.getOrDefault(name, missing.getOrDefault("all", "target " + name + " missing")));
        }
        return t;
    }

    // ---- running jns and nsenter ---------------------------------------------------------------

    /** {@code jns enter ARGS} as a subprocess, with the helper built by this module. */
    private static List<String> jnsArgv(String... args) {
        List<String> a = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djns.nsexec=" + helper, "-cp", classpath, Main.class.getName(), "enter"));
        a.addAll(List.of(args));
        return a;
    }

    private static Result enter(String... args) {
        return Live.run(jnsArgv(args), ENV);
    }

    private static Result nsenter(String... args) {
        List<String> a = new ArrayList<>();
        a.add(nsenter);
        a.addAll(List.of(args));
        return Live.run(a, ENV);
    }

    private static Result ok(Result r, String who) {
        assertEquals(0, r.rc(), () -> who + " failed: " + r);
        assertEquals("", r.err(), () -> who + " wrote to stderr: " + r);
        return r;
    }

    private static List<String> lines(Result r) {
        return r.out().lines().collect(Collectors.toList());
    }

    private static String[] cat(String[] a, String... b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }

    /** The one line of stderr of a failure that printed nothing on stdout and no stack trace. */
    private static String oneErrorLine(Result r) {
        assertEquals("", r.out(), () -> "stdout of a failure (the command must not have run): " + r);
        assertEquals(1, r.errLines().size(), () -> "stderr should be one line: " + r);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), () -> "stack trace: " + r);
        return r.errLines().get(0);
    }

    // ---- which namespaces the command is in ------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"user", "uts", "ipc", "net", "pid", "cgroup", "time"})
    void entersTheTargetsNamespaceOfEachTypeLikeNsenter(String type) {
        Target t = need(allEight, "allEight");
        assertNotEquals(selfNs(type).orElseThrow(), t.ns().get(type), "precondition: the target's differs from ours");
        String[] args = {"-t", t.arg(), OPTION.get(type), "--", "sh", "-c", "readlink /proc/self/ns/" + type};
        Result j = ok(enter(args), "jns enter");
        assertEquals(List.of(t.link(type)), lines(j), "the command's " + type + " namespace");
        Result n = ok(nsenter(args), "nsenter");
        assertEquals(n.out(), j.out(), "nsenter's command saw another namespace");
    }

    /**
     * The mount namespace, observed from outside: the target's /proc belongs to its own pid
     * namespace, where a command that did not enter it has no /proc/self.
     */
    @Test
    void entersTheTargetsMountNamespaceLikeNsenter() {
        Target t = need(allEight, "allEight");
        assertNotEquals(selfNs("mnt").orElseThrow(), t.ns().get("mnt"), "precondition");
        String[] args = cat(new String[] {"-t", t.arg(), "--mount", "--"}, OBSERVED.toArray(String[]::new));
        assertEquals(t.ns().get("mnt"), observedNs(jnsArgv(args), "mnt"), "jns enter -m: the command's mnt namespace");
        List<String> n = new ArrayList<>(List.of(nsenter));
        n.addAll(List.of(args));
        assertEquals(t.ns().get("mnt"), observedNs(n, "mnt"), "nsenter -m: the command's mnt namespace");
    }

    /** Starts argv, whose command is {@link #OBSERVED}; its namespace of {@code type} once it runs. */
    private static long observedNs(List<String> argv, String type) {
        Process p = start(ENV, argv);
        try {
            Live.await(argv + " to run " + OBSERVED, () -> observed(p).isPresent(), () -> {
                if (!p.isAlive()) {
                    fail(argv + " exited " + p.exitValue() + ": " + Live.stderrOf(p));
                }
            }, () -> "descendants " + p.descendants().map(c -> c.pid() + " " + Live.cmdline(c.pid()))
                    .collect(Collectors.toList()));
            long pid = observed(p).orElseThrow().pid();
            return ns(pid, type).orElseThrow(() -> new AssertionError("cannot read /proc/" + pid + "/ns/" + type));
        } finally {
            List<Long> survivors = Live.killTree(p);
            assertEquals(List.of(), survivors, "survived SIGKILL");
            synchronized (EnterLiveTest.class) {
                started.remove(p);
            }
        }
    }

    private static Optional<ProcessHandle> observed(Process p) {
        return Stream.concat(Stream.of(p.toHandle()), p.descendants())
                .filter(h -> Live.cmdline(h.pid()).equals(OBSERVED)).findFirst();
    }

    @Test
    void allEntersEveryTypeLikeNsenter() {
        Target t = need(allEight, "allEight");
        String script = "for t in " + String.join(" ", TYPES) + "; do readlink /proc/self/ns/$t; done";
        String[] args = {"-t", t.arg(), "-a", "--", "sh", "-c", script};
        Result j = ok(enter(args), "jns enter -a");
        assertEquals(TYPES.stream().map(t::link).collect(Collectors.toList()), lines(j));
        Result n = ok(nsenter(args), "nsenter -a");
        assertEquals(n.out(), j.out(), "nsenter -a");
    }

    /** Entering one's own user namespace fails (EINVAL): -a leaves it out, as nsenter does. */
    @Test
    void allLeavesOutOurOwnUserNamespace() {
        Target t = need(netOnly, "netOnly");
        assertEquals(selfNs("user").orElseThrow(), t.ns().get("user"), "precondition: the target shares our user ns");
        assertNotEquals(selfNs("net").orElseThrow(), t.ns().get("net"), "precondition: but not our net ns");
        String script = "for t in " + String.join(" ", TYPES) + "; do readlink /proc/self/ns/$t; done";
        String[] args = {"-t", t.arg(), "-a", "--", "sh", "-c", script};
        Result j = ok(enter(args), "jns enter -a");
        assertEquals(TYPES.stream().map(t::link).collect(Collectors.toList()), lines(j));
        Result n = ok(nsenter(args), "nsenter -a");
        assertEquals(n.out(), j.out(), "nsenter -a");
    }

    /** -F: the command itself stays in its pid namespace (setns changes it for children only). */
    @Test
    void noForkLeavesTheCommandInItsPidNamespaceAndPutsItsChildrenInTheTargets() {
        Target t = need(allEight, "allEight");
        String[] args = {"-t", t.arg(), "-p", "-F", "--", "sh", "-c",
            "readlink /proc/$$/ns/pid; readlink /proc/self/ns/pid"};
        Result j = ok(enter(args), "jns enter -p -F");
        assertEquals(List.of("pid:[" + selfNs("pid").orElseThrow() + "]", t.link("pid")), lines(j),
                "the shell's own pid namespace, then its child readlink's");
        Result n = ok(nsenter(args), "nsenter -p -F");
        assertEquals(n.out(), j.out(), "nsenter -p -F");
    }

    /**
     * Only a pid namespace needs a fork: other types (time included: setns moves the caller
     * itself) run the command in place, as nsenter does, so that it is jns's child.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--time", "--net", "--user"})
    void runsTheCommandInPlaceWhenNoPidNamespaceIsEntered(String option) {
        Target t = need(allEight, "allEight");
        String[] args = {"-t", t.arg(), option, "--", "sh", "-c", "cat /proc/$PPID/comm"};
        Result j = ok(enter(args), "jns enter " + option);
        assertNotEquals("jns-nsexec", j.out().strip(), "the command runs in a child of the helper");
        Result n = ok(nsenter(args), "nsenter " + option);
        assertEquals(n.out(), j.out(), "the parent of the command (java: jns, or the test for nsenter)");
    }

    // ---- namespace files -------------------------------------------------------------------------

    @Test
    void entersANetworkNamespaceKeptByIpNetns() {
        requireRoot();
        assumeTrue(ip != null, "ip not found on PATH (iproute2 not installed)");
        String name = TAG + "-net";
        synchronized (EnterLiveTest.class) {
            ourNetns.add(name);
        }
        try {
            Result add = Live.run(ip, "netns", "add", name);
            assumeTrue(add.rc() == 0, () -> "ip netns add failed (no network namespaces, or /run not writable): " + add);
            Path file = Stream.of("/run/netns/", "/var/run/netns/").map(d -> Path.of(d + name))
                    .filter(Files::exists).findFirst().orElseThrow(() -> new AssertionError("no file for netns " + name));
            // Without "--": the command starts at the first argument that is not an option.
            Result j = ok(Live.run(jnsArgv("--net=" + file, ip, "-o", "link"), ENV), "jns enter --net=" + file);
            List<String> links = lines(j);
            assertEquals(1, links.size(), () -> "a new network namespace has only lo: " + j);
            assertTrue(links.get(0).startsWith("1: lo: "), j::toString);
            assertNotEquals(Live.run(ip, "-o", "link").out(), j.out(), "ours (lo is up here, down there)");
            Result n = ok(nsenter("--net=" + file, ip, "-o", "link"), "nsenter --net");
            assertEquals(n.out(), j.out(), "nsenter --net");

            // A bind-mounted nsfs file is not a symlink naming its type: the kernel refuses the join.
            Result wrong = enter("--uts=" + file, "--", "sh", "-c", "echo ran");
            assertEquals(125, wrong.rc(), wrong::toString);
            assertEquals("jns enter: cannot join " + file + ": not a uts namespace, or not one this process may join",
                    oneErrorLine(wrong));
        } finally {
            if (netnsExists(name)) {
                Result del = Live.run(ip, "netns", "del", name);
                assertEquals(0, del.rc(), del::toString);
            }
        }
    }

    // ---- exit status -----------------------------------------------------------------------------

    /** --net runs the command in place (exec), --pid in a forked child that the helper waits for. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--net", "--pid"})
    void exitStatusPassesThroughLikeNsenter(String option) throws IOException {
        Target t = need(allEight, "allEight");
        Path noExec = tmp.resolve("not-executable-" + option.substring(2));
        Files.writeString(noExec, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(noExec, PosixFilePermissions.fromString("rw-r--r--"));
        String notFound = "jns-no-such-command-" + TAG;
        record Case(List<String> command, int rc, String err) {}
        List<Case> cases = List.of(
                new Case(List.of("sh", "-c", "exit 7"), 7, null),
                new Case(List.of("sh", "-c", "exit 0"), 0, null),
                new Case(List.of("sh", "-c", "kill -KILL $$"), 128 + 9, null),
                new Case(List.of("sh", "-c", "kill -TERM $$"), 128 + 15, null),
                new Case(List.of(notFound), 127, "jns enter: " + notFound + ": No such file or directory"),
                new Case(List.of(noExec.toString()), 126, "jns enter: " + noExec + ": Permission denied"));
        for (Case c : cases) {
            String[] args = cat(new String[] {"-t", t.arg(), option, "--"}, c.command().toArray(String[]::new));
            Result j = enter(args);
            assertEquals(c.rc(), j.rc(), () -> "jns enter " + option + " " + c.command() + ": " + j);
            if (c.err() == null) {
                assertEquals("", j.err(), j::toString);
            } else {
                assertEquals(List.of(c.err()), j.errLines(), j::toString);
            }
            Result n = nsenter(args);
            assertEquals(n.rc(), j.rc(), () -> "nsenter " + option + " " + c.command() + ": " + n);
        }
    }

    // ---- environment and cgroup ------------------------------------------------------------------

    @Test
    void envTakesTheTargetsEnvironmentInsteadOfOurs() {
        Target t = need(netOnly, "netOnly");
        String script = "echo \"${JNS_MARKER-unset}\"; echo \"${JNS_OWN-unset}\"";
        Result with = ok(enter("-t", t.arg(), "-n", "-e", "--", "sh", "-c", script), "jns enter -e");
        assertEquals(List.of(MARKER, "unset"), lines(with), "-e: the target's environment, and nothing of ours");
        Result without = ok(enter("-t", t.arg(), "-n", "--", "sh", "-c", script), "jns enter");
        assertEquals(List.of("unset", "mine"), lines(without), "without -e: our environment");
    }

    @Test
    void joinCgroupRunsTheCommandInTheTargetsCgroup() throws IOException {
        requireRoot();
        String own = cgroup2Path(ProcessHandle.current().pid())
                .orElseThrow(() -> new TestAbortedException("this process has no cgroup2 cgroup (no 0:: line)"));
        Path mount = cgroup2Mount().orElseThrow(() -> new TestAbortedException("no cgroup2 file system mounted"));
        Path ownDir = mount.resolve(own.substring(1));
        assumeTrue(Files.isRegularFile(ownDir.resolve("cgroup.procs"))
                && Files.readAllLines(ownDir.resolve("cgroup.procs")).contains(Long.toString(ProcessHandle.current().pid())),
                () -> "cannot find our cgroup " + own + " under " + mount + " (a cgroup namespace?)");
        Path dir = ownDir.resolve(TAG);
        synchronized (EnterLiveTest.class) {
            ourCgroups.add(dir);
        }
        Process p = null;
        try {
            try {
                Files.createDirectory(dir);
            } catch (IOException e) {
                Assumptions.abort("cannot create a cgroup under ours: " + e);
            }
            List<String> argv = new ArrayList<>(List.of(unshare, "-n"));
            argv.addAll(SLEEP);
            Process target = start(Map.of(), argv);
            p = target;
            await(target, "unshare -n", () -> Live.cmdline(target.pid()).equals(SLEEP));
            Files.writeString(dir.resolve("cgroup.procs"), Long.toString(target.pid()));
            String want = (own.equals("/") ? "" : own) + "/" + TAG;
            Live.await("the target in " + want, () -> cgroup2Path(target.pid()).equals(Optional.of(want)), () -> { },
                    () -> "its cgroup is " + cgroup2Path(target.pid()));

            String script = "grep '^0::' /proc/self/cgroup";
            Result with = ok(enter("-t", Long.toString(target.pid()), "-n", "-c", "--", "sh", "-c", script),
                    "jns enter -c");
            assertEquals(List.of("0::" + want), lines(with), "-c: the target's cgroup");
            Result without = ok(enter("-t", Long.toString(target.pid()), "-n", "--", "sh", "-c", script), "jns enter");
            assertEquals(List.of("0::" + own), lines(without), "without -c: ours");
        } finally {
            if (p != null) {
                assertEquals(List.of(), Live.killTree(p), "survived SIGKILL");
                synchronized (EnterLiveTest.class) {
                    started.remove(p);
                }
            }
            List<String> problems = new ArrayList<>();
            removeCgroup(dir, problems);
            assertEquals(List.of(), problems);
        }
    }

    /** The path in the {@code 0::} line of /proc/PID/cgroup. */
    private static Optional<String> cgroup2Path(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream().filter(l -> l.startsWith("0::"))
                    .map(l -> l.substring(3)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Where cgroup2 is mounted (its root: /sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid host). */
    private static Optional<Path> cgroup2Mount() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] halves = l.split(" - ", 2);
                String[] f = halves[0].split(" ");
                if (halves.length == 2 && halves[1].startsWith("cgroup2 ") && f[3].equals("/")) {
                    return Optional.of(Path.of(f[4].replace("\\040", " ")));
                }
            }
        } catch (IOException e) {
            // none
        }
        return Optional.empty();
    }

    // ---- credentials in a user namespace ---------------------------------------------------------

    @Test
    void userNamespaceCredentialsLikeNsenter() {
        Target t = need(mapped, "mapped");
        String script = "id -u; id -g";
        record Case(List<String> options, List<String> ids) {}
        for (Case c : List.of(
                new Case(List.of(), List.of("0", "0")), // nsenter's default: root in it
                new Case(List.of("--preserve-credentials"), List.of("5", "5")), // ours, as it maps them
                new Case(List.of("-S", "7", "-G", "7"), List.of("7", "7")),
                new Case(List.of("-S", "7"), List.of("7", "0")),
                new Case(List.of("-G", "7"), List.of("0", "7")))) {
            List<String> a = new ArrayList<>(List.of("-t", t.arg(), "-U"));
            a.addAll(c.options());
            a.addAll(List.of("--", "sh", "-c", script));
            String[] args = a.toArray(String[]::new);
            Result j = ok(enter(args), "jns enter " + a);
            assertEquals(c.ids(), lines(j), "uid and gid with " + c.options());
            Result n = ok(nsenter(args), "nsenter " + a);
            assertEquals(n.out(), j.out(), "nsenter " + c.options());
        }
    }

    /** An id the namespace does not map cannot be taken: the helper's documented failure, 125. */
    @Test
    void unmappedUidOrGidIsAJoinFailure() {
        Target t = need(allEight, "allEight");
        // unshare -r maps only 0: the default (uid and gid 0) works, 1 does not.
        assertEquals(List.of("0", "0"), lines(ok(enter("-t", t.arg(), "-U", "--", "sh", "-c", "id -u; id -g"),
                "jns enter -U")));
        Result uid = enter("-t", t.arg(), "-U", "-S", "1", "--", "sh", "-c", "echo ran");
        assertEquals(125, uid.rc(), uid::toString);
        assertEquals("jns enter: setuid: Invalid argument", oneErrorLine(uid));
        Result gid = enter("-t", t.arg(), "-U", "-G", "1", "--", "sh", "-c", "echo ran");
        assertEquals(125, gid.rc(), gid::toString);
        assertEquals("jns enter: setgid: Invalid argument", oneErrorLine(gid));
    }

    // ---- errors (any user) -----------------------------------------------------------------------

    @Test
    void noNamespaceOptionIsAUsageError() {
        for (String[] args : List.of(new String[] {"--", "sh", "-c", "echo ran"},
                new String[] {"-t", Long.toString(ProcessHandle.current().pid()), "--", "sh", "-c", "echo ran"})) {
            Result r = enter(args);
            assertEquals(2, r.rc(), r::toString);
            assertTrue(oneErrorLine(r).startsWith("jns enter: no namespace specified: "), r::toString);
        }
    }

    @Test
    void namespaceOptionWithoutTargetIsAUsageError() {
        Result r = enter("-n", "--", "sh", "-c", "echo ran");
        assertEquals(2, r.rc(), r::toString);
        assertTrue(oneErrorLine(r).startsWith("jns enter: no target PID specified (-t PID)"), r::toString);
    }

    @Test
    void targetThatDoesNotExistIsAFailure() throws IOException {
        // Pids are below pid_max, so pid_max itself is never a process.
        String pid = Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).trim();
        assertFalse(Files.exists(Path.of("/proc/" + pid)), "pid " + pid + " exists");
        Result r = enter("-t", pid, "-n", "--", "sh", "-c", "echo ran");
        assertEquals(1, r.rc(), r::toString);
        assertEquals("jns enter: no such process: " + pid, oneErrorLine(r));
    }

    @Test
    void fileThatIsNotANamespaceIsAUsageError() {
        Result r = enter("--net=/etc/passwd", "--", "sh", "-c", "echo ran");
        assertEquals(2, r.rc(), r::toString);
        assertTrue(oneErrorLine(r).startsWith("jns enter: /etc/passwd is not a namespace file"), r::toString);
    }

    @Test
    void namespaceOfTheWrongTypeIsAUsageError() {
        String file = "/proc/" + ProcessHandle.current().pid() + "/ns/uts";
        Result r = enter("--net=" + file, "--", "sh", "-c", "echo ran");
        assertEquals(2, r.rc(), r::toString);
        assertTrue(oneErrorLine(r).startsWith("jns enter: " + file + " is a uts namespace, not net"), r::toString);
    }

    @Test
    void namespaceFileThatDoesNotExistIsAFailure() {
        String file = "/nonexistent-" + TAG;
        Result r = enter("--net=" + file, "--", "sh", "-c", "echo ran");
        assertEquals(1, r.rc(), r::toString);
        assertEquals("jns enter: no such namespace file: " + file, oneErrorLine(r));
    }

    // ---- clean-up --------------------------------------------------------------------------------

    /** Kills every process this class started (and their children), removes its netns and cgroups; idempotent. */
    static synchronized List<String> cleanUp() {
        List<String> problems = new ArrayList<>();
        for (Process p : new ArrayList<>(started)) {
            Live.killTree(p).forEach(pid -> problems.add("process " + pid + " survived SIGKILL"));
            started.remove(p);
        }
        // Children found while setting up, in case their parent was gone before clean-up.
        for (ProcessHandle h : forked) {
            h.destroyForcibly();
            try {
                h.onExit().get(Live.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                problems.add("process " + h.pid() + " did not exit: " + e);
            }
        }
        forked.clear();
        if (ip != null) {
            for (String n : ourNetns) {
                if (netnsExists(n)) {
                    Result r = Live.run(ip, "netns", "del", n);
                    if (r.rc() != 0) {
                        problems.add("ip netns del " + n + ": " + r);
                    }
                }
            }
        }
        for (Path d : ourCgroups) {
            removeCgroup(d, problems);
        }
        return problems;
    }

    private static boolean netnsExists(String name) {
        return Files.exists(Path.of("/run/netns", name)) || Files.exists(Path.of("/var/run/netns", name))
                || ip != null && Live.run(ip, "netns", "list").out().lines().anyMatch(l -> l.split(" ")[0].equals(name));
    }

    /** rmdir, retried while the cgroup is still busy (a killed process leaves it a moment later). */
    private static void removeCgroup(Path dir, List<String> problems) {
        long deadline = System.nanoTime() + Live.PATIENCE.toNanos();
        while (Files.exists(dir)) {
            try {
                Files.delete(dir);
            } catch (FileSystemException e) {
                if (System.nanoTime() > deadline) {
                    problems.add("cannot remove cgroup " + dir + ": " + e);
                    return;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    problems.add("interrupted removing cgroup " + dir);
                    return;
                }
            } catch (IOException e) {
                problems.add("cannot remove cgroup " + dir + ": " + e);
                return;
            }
        }
    }

    /** Every live process whose environment carries this run's tag: all of them were started here. */
    private static List<String> taggedProcesses() {
        byte[] needle = ("\0JNS_LIVE_TAG=" + TAG + "\0").getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path d : procs) {
                byte[] env;
                try {
                    byte[] raw = Files.readAllBytes(d.resolve("environ"));
                    env = new byte[raw.length + 1];
                    System.arraycopy(raw, 0, env, 1, raw.length);
                } catch (IOException e) {
                    continue; // gone, or not ours to read
                }
                if (indexOf(env, needle) >= 0) {
                    long pid = Long.parseLong(d.getFileName().toString());
                    found.add(pid + " " + Live.cmdline(pid));
                }
            }
        } catch (IOException e) {
            found.add("cannot list /proc: " + e);
        }
        return found;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @AfterAll
    static void tearDown() {
        Live.Cleanup.finish(cleanup, () -> {
            List<String> problems = new ArrayList<>();
            for (long pid : ourPids) {
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .ifPresent(h -> problems.add("process " + pid + " still alive: " + Live.cmdline(pid)));
            }
            taggedProcesses().forEach(p -> problems.add("process left behind: " + p));
            for (String n : ourNetns) {
                if (netnsExists(n)) {
                    problems.add("ip netns " + n + " still exists");
                }
            }
            for (Path d : ourCgroups) {
                if (Files.exists(d)) {
                    problems.add("cgroup " + d + " still exists");
                }
            }
            return problems;
        });
    }
}

package dev.jns.cli.hostile;

import dev.jns.cli.exec.NsexecArgs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jns.cli.Main;
import dev.jns.core.NotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, item 2: a target must not choose what root runs through {@code jns enter -e}. A target
 * started with {@code PATH=DIR/evil:...}, {@code LD_PRELOAD}, {@code BASH_ENV}, an exported bash
 * function and {@code HOME} in its environment, and {@code DIR/evil/id} that leaves a marker file:
 * {@code jns enter -t T -n -e -- id} (and {@code sh -c id}, {@code bash -c id}) must run the real
 * id; the command's environment has the target's ordinary variables but none of those; with
 * {@code --env-unsafe} it has them all (nsenter's -e). In the target's mount namespace ({@code -m},
 * {@code -a}) or root ({@code -r}) the command is looked up there, with jns's PATH. Relative PATH
 * entries never reach the target's working directory.
 *
 * <p>The environ file is the target's to write: the native helper's reading of it is probed
 * directly (any user): empty, unterminated, without '=', empty names, duplicates, control bytes,
 * over the 6 MiB bound, a FIFO (through {@code --proc-root}), and a seeded fuzz
 * ({@code -Djns.fuzz.seed=N}).
 *
 * <p>The target tests need root and unshare(1); they skip otherwise. Every process started here
 * carries a tag in its environment; all are killed, and the directory under /tmp removed, in
 * {@link #tearDown}, which fails if anything is left.
 */
@Tag("hostile")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EnterEnvHostileTest {
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final String TAG_VAR = "JNS_ENTERENV_TAG";
    static final String TAG = "h" + UUID.randomUUID().toString().replace("-", "");
    static final List<String> SLEEP = List.of("sleep", "600");

    static String java;
    static String classpath;
    static Path helper;
    static String unshare;
    /** This JVM's PATH, HOME and SHELL: what jns runs with, and what the command gets instead of the target's. */
    static String ourPath;
    static String ourHome;
    static String ourShell;
    static Path dir;
    static Path evil;
    static Path marker;
    static final List<Process> started = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void setUp() throws IOException {
        java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        classpath = System.getProperty("java.class.path");
        try {
            helper = NsexecArgs.helper();
        } catch (NotFoundException e) {
            Assumptions.abort(e.getMessage());
        }
        ourPath = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        ourHome = System.getenv("HOME");
        ourShell = System.getenv("SHELL");
        unshare = tool("unshare").map(Path::toString).orElse(null);
        dir = Files.createTempDirectory(Path.of("/tmp"), "jns-enterenv-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        evil = Files.createDirectory(dir.resolve("evil"));
        marker = dir.resolve("marker");
        // What the target would have root run: each leaves the marker, then prints as the real one.
        for (String name : List.of("id", "jnsprobe")) {
            script(evil.resolve(name), "touch " + marker + "\necho evil-" + name + "\n");
        }
        script(evil.resolve("startup"), "touch " + marker + "\n");
    }

    /** Each test starts without the marker, so that one that fails leaves nothing to the next. */
    @BeforeEach
    void noMarker() throws IOException {
        Files.deleteIfExists(marker);
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The environment of a hostile target: everything that used to steer root's command. */
    private static Map<String, String> hostileEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", evil + ":" + ourPath);
        env.put("LD_PRELOAD", evil.resolve("libevil.so").toString());
        env.put("LD_LIBRARY_PATH", evil.toString());
        env.put("BASH_ENV", evil.resolve("startup").toString());
        env.put("ENV", evil.resolve("startup").toString());
        env.put("BASH_FUNC_id%%", "() { touch " + marker + "; echo evil-function; }");
        env.put("HOME", evil.toString());
        env.put("SHELL", evil.resolve("startup").toString());
        env.put("FOO", "bar");
        env.put("JNS_ODD", "a=b c\tline");
        return env;
    }

    // ---- the target's PATH, loader and start-up variables ---------------------------------------

    @Test
    void targetsPathDoesNotChooseTheCommand() throws IOException {
        long t = netTarget();
        String realId = ok(run(List.of("id"), Map.of()), "id").out();
        for (List<String> command : List.of(List.of("id"), List.of("sh", "-c", "id"), List.of("bash", "-c", "id"))) {
            if (command.get(0).equals("bash") && tool("bash").isEmpty()) {
                continue;
            }
            List<String> args = new ArrayList<>(List.of("-t", Long.toString(t), "-n", "-e", "--"));
            args.addAll(command);
            Result r = ok(jnsEnter(args, Map.of()), "jns enter " + args);
            assertEquals(realId, r.out(), () -> command + " ran something else than the real id: " + r);
            assertFalse(Files.exists(marker), () -> command + " ran the target's program or start-up file: " + r);
        }
    }

    @Test
    void envCarriesTheTargetsOrdinaryVariablesOnly() throws IOException {
        long t = netTarget();
        Map<String, String> env = environment(ok(jnsEnter(List.of("-t", Long.toString(t), "-n", "-e", "--",
                envTool(), "-0"), Map.of()), "jns enter -e -- env -0"));
        assertEquals("bar", env.get("FOO"), () -> "an ordinary variable of the target: " + env);
        assertEquals("a=b c\tline", env.get("JNS_ODD"), () -> "values are taken as they are: " + env);
        assertEquals(TAG, env.get(TAG_VAR), "the target's, not ours (the same here)");
        for (String name : List.of("LD_PRELOAD", "LD_LIBRARY_PATH", "BASH_ENV", "ENV", "BASH_FUNC_id%%")) {
            assertFalse(env.containsKey(name), () -> name + " was carried from the target: " + env);
        }
        assertEquals(ourPath, env.get("PATH"), "the command runs in our files: our PATH");
        assertEquals(ourHome, env.get("HOME"), "the command runs in our files: our HOME");
        assertEquals(ourShell, env.get("SHELL"), "the command runs in our files: our SHELL");
        assertFalse(Files.exists(marker));
    }

    @Test
    void envUnsafeCarriesEverythingAsNsenterDoes() throws IOException {
        long t = netTarget();
        try {
            Result r = jnsEnter(List.of("-t", Long.toString(t), "-n", "--env-unsafe", "--", envTool(), "-0"), Map.of());
            assertEquals(0, r.rc(), r::toString);
            Map<String, String> env = environment(r);
            assertEquals(hostileEnv(), filter(env, hostileEnv().keySet()), "the whole environment of the target");
            assertTrue(r.err().contains("LD_PRELOAD"), () -> "the loader saw LD_PRELOAD (it cannot load it): " + r);

            Result id = jnsEnter(List.of("-t", Long.toString(t), "-n", "--env-unsafe", "--", "id"), Map.of());
            assertEquals("evil-id", id.out().strip(), () -> "looked up with the target's PATH: " + id);
            assertTrue(Files.exists(marker));
        } finally {
            Files.deleteIfExists(marker);
        }
    }

    @Test
    void debugNamesWhatWasLeftOut() {
        long t = netTarget();
        Result quiet = ok(jnsEnter(List.of("-t", Long.toString(t), "-n", "-e", "--", "true"), Map.of()), "jns enter -e");
        assertEquals("", quiet.err(), "nothing said without --debug");
        Result r = jnsEnter(List.of("--debug", "-t", Long.toString(t), "-n", "-e", "--", "true"), Map.of());
        assertEquals(0, r.rc(), r::toString);
        List<String> lines = r.err().lines().collect(Collectors.toList());
        assertEquals(2, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("jns enter: left out of the target's environment (5 in all, --env-unsafe"
                + " keeps them): ") && lines.get(0).contains("LD_PRELOAD") && lines.get(0).contains("BASH_FUNC_id%%"),
                r::toString);
        assertEquals("jns enter: the command runs in jns's files: PATH, HOME and SHELL are jns's, not the target's",
                lines.get(1));
    }

    /** A command name not on our PATH is not found, even though the target's PATH has it: 127 with a hint. */
    @Test
    void aCommandOnlyOnTheTargetsPathIsNotFound() {
        long t = netTarget();
        Result r = jnsEnter(List.of("-t", Long.toString(t), "-n", "-e", "--", "jnsprobe"), Map.of());
        assertEquals(127, r.rc(), r::toString);
        assertEquals("jns enter: jnsprobe: No such file or directory (looked up with jns's PATH, not the target's)\n",
                r.err());
        assertFalse(Files.exists(marker));
    }

    /**
     * An empty or relative PATH entry of ours would be searched in the working directory, which
     * {@code -w} makes the target's. Only absolute entries are searched; a name with a '/' is the
     * user's explicit choice and is used as given.
     */
    @Test
    void relativePathEntriesDoNotReachTheTargetsWorkingDirectory() throws IOException {
        long t = netTarget();
        String realId = ok(run(List.of("id"), Map.of()), "id").out();
        for (String path : List.of(":" + ourPath, ".:" + ourPath, "../evil:" + ourPath)) {
            Result r = ok(jnsEnter(List.of("-t", Long.toString(t), "-n", "-w", "--", "id"), Map.of("PATH", path)),
                    "jns enter -w with PATH=" + path);
            assertEquals(realId, r.out(), () -> "PATH=" + path + ": " + r);
            assertFalse(Files.exists(marker), () -> "PATH=" + path + " ran the target's ./id: " + r);
        }
        try {
            Result r = ok(jnsEnter(List.of("-t", Long.toString(t), "-n", "-w", "--", "./id"), Map.of()), "./id");
            assertEquals("evil-id", r.out().strip(), "./id: in the target's working directory, as asked");
        } finally {
            Files.deleteIfExists(marker);
        }
    }

    // ---- the target's mount namespace and root ---------------------------------------------------

    /**
     * A target in a mount namespace of its own where {@code DIR/bin} is a tmpfs with a jnsprobe
     * that prints "target-view"; on the host, {@code DIR/bin/jnsprobe} prints "host-view". jns's
     * PATH starts with {@code DIR/bin}, the target's with {@code DIR/evil}.
     */
    @Test
    void inTheTargetsFilesTheCommandIsLookedUpThereWithOurPath() throws IOException {
        requireRoot();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("jnsprobe"), "echo host-view\n");
        String setUp = "mount -t tmpfs tmpfs " + bin + " && printf '#!/bin/sh\\necho target-view\\n' > " + bin
                + "/jnsprobe && chmod +x " + bin + "/jnsprobe && exec sleep 600";
        Process p = start(List.of(unshare, "-m", "--propagation", "private", "-n", "sh", "-c", setUp), hostileEnv());
        await(p, () -> cmdline(p.pid()).equals(SLEEP) && !readLink("/proc/" + p.pid() + "/ns/mnt")
                .equals(readLink("/proc/self/ns/mnt")));
        String t = Long.toString(p.pid());
        Map<String, String> jnsEnv = Map.of("PATH", bin + ":" + ourPath);
        record Case(List<String> options, String out) {}
        for (Case c : List.of(new Case(List.of("-n"), "host-view"), new Case(List.of("-n", "-e"), "host-view"),
                new Case(List.of("-m"), "target-view"), new Case(List.of("-m", "-e"), "target-view"),
                new Case(List.of("-a", "-e"), "target-view"), new Case(List.of("-n", "-r", "-e"), "target-view"))) {
            List<String> args = new ArrayList<>(List.of("-t", t));
            args.addAll(c.options());
            args.addAll(List.of("--", "jnsprobe"));
            Result r = ok(jnsEnter(args, jnsEnv), "jns enter " + args);
            assertEquals(c.out(), r.out().strip(), () -> "jns enter " + args + ": " + r);
            assertFalse(Files.exists(marker), () -> "jns enter " + args + " ran the target's PATH's jnsprobe");
        }
        // In the target's files the command gets the target's PATH (it names places there); in ours, ours.
        Result inTheirs = ok(jnsEnter(List.of("-t", t, "-m", "-e", "--", "sh", "-c", "echo \"$PATH\""), jnsEnv), "-m -e");
        assertEquals(evil + ":" + ourPath, inTheirs.out().strip());
        Result inOurs = ok(jnsEnter(List.of("-t", t, "-n", "-e", "--", "sh", "-c", "echo \"$PATH\""), jnsEnv), "-n -e");
        assertEquals(bin + ":" + ourPath, inOurs.out().strip());
    }

    // ---- the environ file: the helper's reading of it (any user) ---------------------------------

    /** Odd but small environ files: each is taken without a crash, with the rules of the helper. */
    @Test
    void oddEnvironFilesAreTakenByTheRules() throws IOException {
        record Case(String content, Map<String, String> expected) {}
        Map<String, String> ours = ours();
        List<Case> cases = List.of(
                new Case("", ours),
                new Case("\0\0\0", ours),
                new Case("A=1\0B=2", with(ours, "A", "1", "B", "2")), // no final NUL
                new Case("noequals\0A=1\0", with(ours, "A", "1")),
                new Case("=x\0==\0A=\0", with(ours, "A", "")), // empty names skipped, empty value kept
                new Case("A=first\0A=second\0", with(ours, "A", "first")), // getenv()'s and nsenter's choice
                new Case("A=1\0LD_PRELOAD=/x\0LD_=1\0MALLOC_ARENA_MAX=1\0GLIBC_TUNABLES=a\0GCONV_PATH=/x\0TMPDIR=/x\0",
                        with(ours, "A", "1")),
                new Case("\u001b]0;x\u0007=1\0", with(ours, "\u001b]0;x\u0007", "1")), // a name with control bytes
                new Case("PATH=/x\0HOME=/x\0SHELL=/x\0", ours));
        for (Case c : cases) {
            Path f = dir.resolve("environ-" + Integer.toHexString(c.content().hashCode()));
            Files.write(f, c.content().getBytes(StandardCharsets.ISO_8859_1));
            Result r = helperEnv(f);
            assertEquals(0, r.rc(), () -> printable(c.content()) + ": " + r);
            assertEquals("", r.err(), () -> printable(c.content()) + ": " + r);
            assertEquals(c.expected(), environment(r), () -> printable(c.content()));
        }
    }

    /** Big files: bounded (6 MiB), linear (a deduplicated or huge count in well under a second). */
    @Test
    void bigEnvironFilesAreBounded() throws IOException {
        int max = 6 << 20;
        Path over = dir.resolve("environ-over");
        Files.write(over, new byte[max + 1]);
        Result r = helperEnv(over);
        assertEquals(125, r.rc(), r::toString);
        assertEquals("jns enter: the environment in " + over + " is larger than 6 MiB: not taken\n", r.err());

        // 6 MiB of "a=\0": two million times one name.
        Path dups = dir.resolve("environ-dups");
        Files.write(dups, "a=\0".repeat(max / 3).getBytes(StandardCharsets.US_ASCII));
        Result d = helperEnv(dups);
        assertEquals(0, d.rc(), d::toString);
        assertEquals(with(ours(), "a", ""), environment(d));

        // 6 MiB of distinct names: more than execve takes (E2BIG, 126), but read and sorted out quickly.
        StringBuilder sb = new StringBuilder(max);
        for (int i = 0; sb.length() < max - 16; i++) {
            sb.append('v').append(i).append("=\0");
        }
        Path many = dir.resolve("environ-many");
        Files.writeString(many, sb, StandardCharsets.US_ASCII);
        Result m = helperEnv(many);
        assertEquals(126, m.rc(), m::toString);
        assertEquals("jns enter: " + envTool() + ": Argument list too long\n", m.err());
    }

    /** A FIFO in a --proc-root tree: refused at once (it used to block in open until a writer came). */
    @Test
    void environThatIsNotARegularFileIsRefusedWithoutBlocking() throws IOException, InterruptedException {
        assumeTrue(tool("mkfifo").isPresent(), "mkfifo not found");
        Path procRoot = Files.createDirectories(dir.resolve("proc/4242"));
        Path fifo = procRoot.resolve("environ");
        ok(run(List.of("mkfifo", fifo.toString()), Map.of()), "mkfifo");
        String net = "/proc/" + ProcessHandle.current().pid() + "/ns/net";
        Result r = jns(List.of("--proc-root", dir.resolve("proc").toString(), "enter", "-t", "4242", "--net=" + net, "-e",
                "--", "true"), Map.of());
        assertEquals(125, r.rc(), r::toString);
        assertEquals("jns enter: " + fifo + " is not a regular file: the environment is not taken\n", r.err());
    }

    /**
     * Random environ files (seeded: {@code -Djns.fuzz.seed=N}): names from a pool of safe, unsafe,
     * place and odd names, values of any bytes but NUL, entries without '=', empty names and
     * pieces, with or without a final NUL. Every run must give exactly: the first value of each
     * safe name, in order, then our PATH, HOME and SHELL.
     */
    @Test
    void fuzzedEnvironFiles() throws IOException {
        long seed = Long.getLong("jns.fuzz.seed", System.nanoTime());
        System.out.println("EnterEnvHostileTest.fuzzedEnvironFiles seed " + seed + " (-Djns.fuzz.seed=" + seed + ")");
        Random rnd = new Random(seed);
        List<String> unsafe = List.of("LD_PRELOAD", "LD_AUDIT", "LD_", "LD_LIBRARY_PATH", "MALLOC_CHECK_",
                "GLIBC_TUNABLES", "GCONV_PATH", "LOCPATH", "NLSPATH", "HOSTALIASES", "RESOLV_HOST_CONF", "TMPDIR",
                "TZDIR", "BASH_ENV", "ENV", "BASH_FUNC_f%%", "PS1", "PROMPT_COMMAND", "PYTHONPATH", "PERL5OPT",
                "NODE_OPTIONS", "JAVA_TOOL_OPTIONS");
        List<String> safe = List.of("FOO", "A", "LD", "LDX", "XLD_PRELOAD", "ENV2", "MALLOC", "PATHS", "HOMES",
                "lang", "\u001b[1m", "a b", "\u00e9", "x\ny", "SHELLX", "XPATH");
        List<String> places = List.of("PATH", "HOME", "SHELL");
        int runs = 300;
        long slowest = 0;
        for (int run = 0; run < runs; run++) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            Map<String, String> expected = new LinkedHashMap<>();
            int pieces = rnd.nextInt(40);
            for (int i = 0; i < pieces; i++) {
                int kind = rnd.nextInt(10);
                String piece;
                if (kind == 0) {
                    piece = randomBytes(rnd, 12).replace("=", ""); // no '='
                } else if (kind == 1) {
                    piece = "=" + randomBytes(rnd, 8); // empty name
                } else if (kind == 2) {
                    piece = "";
                } else {
                    String name = kind < 5 ? unsafe.get(rnd.nextInt(unsafe.size()))
                            : kind == 5 ? places.get(rnd.nextInt(places.size())) : safe.get(rnd.nextInt(safe.size()));
                    String value = randomBytes(rnd, rnd.nextInt(5) == 0 ? 2000 : 20);
                    piece = name + "=" + value;
                    if (kind >= 6) {
                        expected.putIfAbsent(name, value);
                    }
                }
                content.writeBytes(piece.getBytes(StandardCharsets.ISO_8859_1));
                if (i < pieces - 1 || rnd.nextBoolean()) {
                    content.write(0);
                }
            }
            expected.putAll(ours());
            Path f = dir.resolve("environ-fuzz");
            Files.write(f, content.toByteArray());
            long t0 = System.nanoTime();
            Result r = helperEnv(f);
            slowest = Math.max(slowest, System.nanoTime() - t0);
            String what = "seed " + seed + " run " + run + ": " + printable(content.toString(StandardCharsets.ISO_8859_1));
            assertEquals(0, r.rc(), () -> what + "\n" + r);
            assertEquals("", r.err(), () -> what + "\n" + r);
            assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(environment(r).entrySet()), what);
        }
        System.out.println("EnterEnvHostileTest.fuzzedEnvironFiles: " + runs + " runs, slowest "
                + TimeUnit.NANOSECONDS.toMillis(slowest) + " ms");
        assertTrue(slowest < TimeUnit.SECONDS.toNanos(5), "a run took over 5 s");
    }

    private static String randomBytes(Random rnd, int max) {
        int n = rnd.nextInt(max + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(6);
            sb.append(k == 0 ? '=' : k == 1 ? (char) (1 + rnd.nextInt(255)) : (char) ('a' + rnd.nextInt(26)));
        }
        return sb.toString();
    }

    private static Map<String, String> ours() {
        Map<String, String> m = new LinkedHashMap<>();
        if (ourPath != null) {
            m.put("PATH", ourPath);
        }
        if (ourHome != null) {
            m.put("HOME", ourHome);
        }
        if (ourShell != null) {
            m.put("SHELL", ourShell);
        }
        return m;
    }

    /** The target's entries first (in order), then our PATH, HOME and SHELL, as the helper builds them. */
    private static Map<String, String> with(Map<String, String> ours, String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        m.putAll(ours);
        return m;
    }

    private static <V> Map<String, V> filter(Map<String, V> m, Set<String> keys) {
        Map<String, V> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (keys.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.length() > 400 ? sb.substring(0, 400) + "..." : sb.toString();
    }

    // ---- running things ----------------------------------------------------------------------------

    record Result(int rc, String out, String err) {
        @Override
        public String toString() {
            return "rc=" + rc + "\n--- stdout ---\n" + printable(out) + "\n--- stderr ---\n" + err;
        }
    }

    private static Result ok(Result r, String who) {
        assertEquals(0, r.rc(), () -> who + " failed: " + r);
        assertEquals("", r.err(), () -> who + " wrote to stderr: " + r);
        return r;
    }

    /** {@code env -0}'s output as a map, in order (bytes kept as ISO-8859-1 chars). */
    private static Map<String, String> environment(Result r) {
        Map<String, String> m = new LinkedHashMap<>();
        Set<String> twice = new HashSet<>();
        for (String e : r.out().split("\0")) {
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            assertTrue(eq > 0, () -> "an entry without a name: " + printable(e));
            if (m.put(e.substring(0, eq), e.substring(eq + 1)) != null) {
                twice.add(e.substring(0, eq));
            }
        }
        assertEquals(Set.of(), twice, "names given twice");
        return m;
    }

    private static String envTool() {
        return tool("env").map(Path::toString).orElse("/usr/bin/env");
    }

    /** The helper as jns runs it for {@code -e}, joining nothing, running {@code env -0}; within 5 s. */
    private static Result helperEnv(Path environ) {
        return run(List.of(helper.toString(), "--prog", "jns enter", "--environ", environ.toString(), "--", envTool(),
                "-0"), Map.of(), Duration.ofSeconds(5));
    }

    private static Result jnsEnter(List<String> args, Map<String, String> env) {
        List<String> a = new ArrayList<>(List.of("enter"));
        a.addAll(args);
        return jns(a, env);
    }

    /** jns in a JVM of its own (its helper writes to the inherited stdout and stderr). */
    private static Result jns(List<String> args, Map<String, String> env) {
        List<String> a = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djns.nsexec=" + helper, "-cp", classpath, Main.class.getName()));
        a.addAll(args);
        return run(a, env, PATIENCE);
    }

    private static Result run(List<String> argv, Map<String, String> env) {
        return run(argv, env, PATIENCE);
    }

    /**
     * Runs argv with env set, the tag and no JVM options from the environment, stdin from /dev/null, stdout and stderr
     * to files (read as ISO-8859-1, so that any byte survives); fails after {@code limit}.
     */
    private static Result run(List<String> argv, Map<String, String> env, Duration limit) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
        pb.environment().putAll(env);
        pb.environment().put(TAG_VAR, TAG);
        pb.environment().put("LC_ALL", "C");
        try {
            Path out = Files.createTempFile(dir, "out", "");
            Path err = Files.createTempFile(dir, "err", "");
            try {
                Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    fail(argv + " did not finish within " + limit);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                        Files.readString(err, StandardCharsets.ISO_8859_1));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + argv, e);
        }
    }

    // ---- targets -----------------------------------------------------------------------------------

    private static void requireRoot() {
        assumeTrue("0".equals(uid()), "needs root to make and enter namespaces; uid is " + uid());
        assumeTrue(unshare != null, "unshare not found on PATH (util-linux not installed)");
    }

    private static String uid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[2]).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /** {@code unshare -n sleep 600} with the hostile environment, working in DIR/evil. */
    private static long netTarget() {
        requireRoot();
        List<String> argv = new ArrayList<>(List.of(unshare, "-n"));
        argv.addAll(SLEEP);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(evil.toFile());
        Process p = start(pb, hostileEnv());
        await(p, () -> cmdline(p.pid()).equals(SLEEP)
                && !readLink("/proc/" + p.pid() + "/ns/net").equals(readLink("/proc/self/ns/net")));
        return p.pid();
    }

    private static Process start(List<String> argv, Map<String, String> env) {
        return start(new ProcessBuilder(argv), env);
    }

    /** Starts a target with exactly {@code env} and the tag; its output is discarded (the loader complains). */
    private static Process start(ProcessBuilder pb, Map<String, String> env) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put(TAG_VAR, TAG);
        try {
            Process p = pb.start();
            started.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + pb.command(), e);
        }
    }

    private static void await(Process p, BooleanSupplier ready) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!ready.getAsBoolean()) {
            if (!p.isAlive()) {
                fail(p.info().commandLine().orElse("the target") + " exited " + p.exitValue());
            }
            if (System.nanoTime() > deadline) {
                fail("the target " + p.pid() + " was not ready after " + PATIENCE + ": " + cmdline(p.pid()));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static List<String> cmdline(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.ISO_8859_1);
            return s.isEmpty() ? List.of() : Arrays.asList(s.substring(0, s.length() - 1).split("\0", -1));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String readLink(String link) {
        try {
            return Files.readSymbolicLink(Path.of(link)).toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static Optional<Path> tool(String name) {
        List<String> dirs = new ArrayList<>(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        return dirs.stream().filter(d -> d.startsWith("/")).map(d -> Path.of(d, name))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    // ---- clean-up ----------------------------------------------------------------------------------

    @AfterAll
    static void tearDown() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Process p : new ArrayList<>(started)) {
            List<ProcessHandle> all = p.descendants().collect(Collectors.toList());
            Collections.reverse(all);
            Stream.concat(all.stream(), Stream.of(p.toHandle())).forEach(h -> {
                h.destroyForcibly();
                try {
                    h.onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                } catch (Exception e) {
                    problems.add("process " + h.pid() + " did not exit: " + e);
                }
            });
        }
        started.clear();
        for (String p : tagged()) {
            problems.add("process left behind: " + p);
        }
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path f : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList())) {
                    Files.deleteIfExists(f);
                }
            }
            if (Files.exists(dir)) {
                problems.add(dir + " still exists");
            }
        }
        assertEquals(List.of(), problems, "left behind after the test");
    }

    /** Live processes whose environment carries this run's tag. */
    private static List<String> tagged() {
        byte[] needle = (TAG_VAR + "=" + TAG).getBytes(StandardCharsets.US_ASCII);
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path d : procs) {
                try {
                    String env = new String(Files.readAllBytes(d.resolve("environ")), StandardCharsets.ISO_8859_1);
                    if (env.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                        long pid = Long.parseLong(d.getFileName().toString());
                        if (pid != ProcessHandle.current().pid()) {
                            found.add(pid + " " + cmdline(pid));
                        }
                    }
                } catch (IOException e) {
                    // gone, or not ours to read
                }
            }
        } catch (IOException e) {
            found.add("cannot list /proc: " + e);
        }
        return found;
    }
}

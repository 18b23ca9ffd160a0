package dev.jns.cli.live;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jns.cli.Main;
import dev.jns.cli.output.Terminal;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Helpers for the live tests: tools, subprocesses, in-process jns, /proc reads, polling. Public
 * where the hostile tests (dev.jns.cli.hostile) use them too.
 */
public final class Live {
    /** How long a namespace may take to appear, or a process to die. Generous: CI VMs are slow. */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    private Live() {}

    /** The outcome of a command. */
    record Result(int rc, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        }

        @Override
        public String toString() {
            return "rc=" + rc + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /** The effective uid of this JVM (from /proc/self/status), or -1 when unknown. */
    static int euid() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("Uid:")) {
                    return Integer.parseInt(l.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return -1;
    }

    static boolean isRoot() {
        return euid() == 0;
    }

    /** A program on PATH (or in the sbin directories an ordinary user's PATH lacks). */
    public static Optional<Path> tool(String name) {
        List<String> dirs = new ArrayList<>(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Runs a program (argv, no shell) under LC_ALL=C, stdin from /dev/null, and waits for it. */
    static Result run(List<String> argv) {
        return run(argv, Map.of());
    }

    /** As {@link #run(List)}, with {@code env} set in the inherited environment ({@link #UNSET}: removed). */
    static Result run(List<String> argv, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("COLUMNS");
        env.forEach((k, v) -> {
            if (UNSET.equals(v)) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv, e);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                fail(argv + " did not finish within " + PATIENCE);
            }
            return new Result(p.exitValue(), out.get(PATIENCE.toSeconds(), TimeUnit.SECONDS),
                    err.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new AssertionError("interrupted while running " + argv, e);
        } catch (Exception e) {
            throw new AssertionError("reading the output of " + argv, e);
        }
    }

    /** An environment value for {@link #run(List, Map)}: remove the variable. */
    static final String UNSET = "\u0000unset";

    static Result run(String... argv) {
        return run(List.of(argv));
    }

    /** Reads a stream to its end on a daemon thread (so a child's stdout and stderr cannot block each other). */
    static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        }, "drain");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** Runs jns in this JVM, as a pipe under the C locale would see it. */
    static Result jns(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), args);
        return new Result(rc, out.toString(), err.toString());
    }

    static JsonNode parseJson(Result r, String who) {
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError(who + " printed no valid JSON: " + e.getMessage() + "\n" + r, e);
        }
    }

    /** One row of lsns-shaped JSON, with the ns of the row it is nested under (0 at top level). */
    record Row(JsonNode node, long parentNs) {
        long ns() {
            return node.get("ns").asLong();
        }
    }

    /** The rows of {"namespaces": [...]}, depth-first (document order), keyed by ns. */
    static Map<Long, Row> rows(JsonNode doc) {
        Map<Long, Row> m = new LinkedHashMap<>();
        JsonNode arr = doc.get("namespaces");
        if (arr == null || !arr.isArray()) {
            fail("no \"namespaces\" array in " + doc);
        }
        collect(arr, 0, m);
        return m;
    }

    private static void collect(JsonNode arr, long parent, Map<Long, Row> m) {
        for (JsonNode n : arr) {
            long ns = n.get("ns").asLong();
            if (m.put(ns, new Row(n, parent)) != null) {
                fail("namespace " + ns + " listed twice");
            }
            JsonNode kids = n.get("children");
            if (kids != null) {
                collect(kids, ns, m);
            }
        }
    }

    /** The inode of /proc/PID/ns/NAME (NAME may be e.g. time_for_children); empty if unreadable or gone. */
    static OptionalLong ns(long pid, String name) {
        return nsOf(Path.of("/proc/" + pid + "/ns/" + name));
    }

    static OptionalLong selfNs(String name) {
        return nsOf(Path.of("/proc/self/ns/" + name));
    }

    private static OptionalLong nsOf(Path link) {
        try {
            String t = Files.readSymbolicLink(link).toString();
            int a = t.indexOf(":[");
            return a < 0 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(t.substring(a + 2, t.length() - 1)));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether the namespace of {@code pid} is known and differs from this process's one. */
    static boolean differs(long pid, String name, String selfName) {
        OptionalLong theirs = ns(pid, name);
        OptionalLong mine = selfNs(selfName);
        return theirs.isPresent() && mine.isPresent() && theirs.getAsLong() != mine.getAsLong();
    }

    /** /proc/PID/cmdline split at NULs; empty when gone. */
    static List<String> cmdline(long pid) {
        try {
            String s = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
            if (s.isEmpty()) {
                return List.of();
            }
            return Arrays.asList((s.endsWith("\0") ? s.substring(0, s.length() - 1) : s).split("\0", -1));
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Polls {@code ready} (every 10 ms, no fixed sleep) until it holds; {@code check} runs first each
     * round and may abort (e.g. when the process died). Fails after {@link #PATIENCE}.
     */
    static void await(String what, BooleanSupplier ready, Runnable check, Supplier<String> diagnosis) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            check.run();
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("timed out after " + PATIENCE + " waiting for " + what + ": " + diagnosis.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /**
     * Kills a started process and everything below it (unshare --fork leaves a child that would
     * outlive its parent; a pid namespace's init ignores SIGTERM, so SIGKILL), children first while
     * their parent still reaps them, and waits until all are gone. Returns the pids that survived.
     */
    static List<Long> killTree(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().collect(Collectors.toList()));
        Collections.reverse(all); // deepest (latest) first
        List<Long> survivors = new ArrayList<>();
        for (ProcessHandle h : all) {
            h.destroyForcibly();
            try {
                h.onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported below
            }
            if (h.isAlive()) {
                survivors.add(h.pid());
            }
        }
        p.destroyForcibly();
        try {
            if (!p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                survivors.add(p.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            survivors.add(p.pid());
        }
        closeQuietly(p);
        return survivors;
    }

    private static void closeQuietly(Process p) {
        for (java.io.Closeable c : new java.io.Closeable[] {p.getInputStream(), p.getErrorStream(), p.getOutputStream()}) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    /** The text a dead process left on stderr (for skip and failure reasons). */
    static String stderrOf(Process p) {
        if (p.isAlive()) {
            return "";
        }
        try {
            return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Live processes (not zombies: their environ reads empty) whose environment holds
     * {@code VAR=VALUE} with VALUE starting with {@code prefix}: pid -> cmdline.
     */
    public static Map<Long, String> withEnv(String var, String prefix) {
        byte[] needle = (var + "=" + prefix).getBytes(StandardCharsets.UTF_8);
        Map<Long, String> m = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : ds) {
                byte[] env;
                try {
                    env = Files.readAllBytes(p.resolve("environ"));
                } catch (IOException e) {
                    continue; // exited, or a kernel thread
                }
                if (contains(env, needle)) {
                    long pid = Long.parseLong(p.getFileName().toString());
                    m.put(pid, String.join(" ", cmdline(pid)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** Whether a NUL-separated environment holds an entry starting with {@code needle}. */
    private static boolean contains(byte[] env, byte[] needle) {
        for (int start = 0; start + needle.length <= env.length; ) {
            if (Arrays.equals(env, start, start + needle.length, needle, 0, needle.length)) {
                return true;
            }
            while (start < env.length && env[start] != 0) {
                start++;
            }
            start++;
        }
        return false;
    }

    /** Lines with runs of blanks collapsed, for comparing text tables whose column widths differ. */
    static String squeeze(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }

    /** A classpath, with entries uid 65534 cannot read replaced by world-readable copies. */
    public static String stageClasspath(Path stage, String classpath) throws IOException {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String e : classpath.split(File.pathSeparator)) {
            Path p = Path.of(e).toAbsolutePath();
            if (e.isEmpty() || !Files.exists(p)) {
                continue;
            }
            if (worldReadable(p)) {
                out.add(p.toString());
            } else {
                Path copy = stage.resolve(i++ + "-" + p.getFileName());
                copyTree(p, copy);
                out.add(copy.toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    static boolean worldReadable(Path p) throws IOException {
        for (Path a = p.getParent(); a != null; a = a.getParent()) {
            if (!Files.getPosixFilePermissions(a).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.allMatch(f -> {
                try {
                    Set<PosixFilePermission> perm = Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS);
                    return perm.contains(PosixFilePermission.OTHERS_READ)
                            && (!Files.isDirectory(f) || perm.contains(PosixFilePermission.OTHERS_EXECUTE));
                } catch (IOException ex) {
                    return false;
                }
            });
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.collect(Collectors.toList())) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(f, t);
                    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    /**
     * A live test class's clean-up, in one place: {@link #register} runs it from a shutdown hook
     * should the JVM end before the class does (a killed run leaves nothing either), and
     * {@link #finish} runs it at the end ({@code @AfterAll}), removes the hook, and fails with
     * whatever it reported or was still left behind.
     */
    static final class Cleanup {
        private final Supplier<List<String>> cleanUp;
        private final Thread hook;

        private Cleanup(String name, Supplier<List<String>> cleanUp) {
            this.cleanUp = cleanUp;
            this.hook = new Thread(cleanUp::get, name);
            Runtime.getRuntime().addShutdownHook(hook);
        }

        /** Registers {@code cleanUp} (which returns its problems) as the class's clean-up. */
        static Cleanup register(String name, Supplier<List<String>> cleanUp) {
            return new Cleanup(name, cleanUp);
        }

        /**
         * Runs the clean-up, then {@code leftovers} (what must be gone by now), and fails listing
         * the problems of both. Nothing to do when the class skipped before registering.
         */
        static void finish(Cleanup c, Supplier<List<String>> leftovers) {
            if (c == null) {
                return;
            }
            List<String> problems = new ArrayList<>(c.cleanUp.get());
            try {
                Runtime.getRuntime().removeShutdownHook(c.hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
            problems.addAll(leftovers.get());
            org.junit.jupiter.api.Assertions.assertEquals(List.of(), problems, "left behind after the test");
        }
    }
}

package dev.jns.samples.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs one experiment script (samples/experiments/NN-name/run.sh) as a learner would, and checks
 * that it left nothing behind: no process (each one carries a mark in its environment), no
 * {@code jns-experiment-*} cgroup beneath this JVM's own cgroups, no {@code /tmp/jns-exp*} file,
 * no mount, no System V message queue.
 */
public final class Experiment {
    /** A script runs in seconds; this is for a stuck one on a slow CI VM. */
    private static final long TIMEOUT_SECONDS = 90;
    private static final long PATIENCE_MS = 10_000;

    /** What a script printed (stdout and stderr together), and its {@code observed: KEY=VALUE} lines. */
    record Result(String name, int rc, String output, Map<String, String> observed) {
        String get(String key) {
            String v = observed.get(key);
            if (v == null) {
                fail(name + " printed no 'observed: " + key + "=' line:\n" + output);
            }
            return v;
        }

        long number(String key) {
            return Long.parseLong(get(key).split(" ")[0]);
        }

        double decimal(String key) {
            return Double.parseDouble(get(key).split(" ")[0]);
        }

        @Override
        public String toString() {
            return name + " (exit " + rc + "):\n" + output;
        }
    }

    private Experiment() {}

    /** The repository root: where ./jns is. Tests run in the samples module's directory. */
    public static Path repo() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !(Files.isRegularFile(d.resolve("jns")) && Files.isDirectory(d.resolve("samples/experiments")))) {
            d = d.getParent();
        }
        if (d == null) {
            throw new IllegalStateException("no repository root with ./jns above " + Path.of("").toAbsolutePath());
        }
        return d;
    }

    /** Skips unless root (the experiments create namespaces and cgroups) and jns is built. */
    public static void assumeRunnable() {
        assumeTrue(uid() == 0, "the experiments need root: they create namespaces and cgroups");
        assumeTrue(Files.isRegularFile(repo().resolve("commands/target/jns.jar")),
                "needs commands/target/jns.jar: run mvn verify from the repository root (samples builds after commands)");
    }

    public static void assumeCommand(String name) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            found |= Files.isExecutable(Path.of(dir, name));
        }
        assumeTrue(found, "needs " + name + " on PATH");
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            return -1;
        }
    }

    /** Runs the experiment in {@code samples/experiments/<dir>}, asserts exit 0 and a clean host after. */
    static Result run(String dir) {
        Before before = Before.now();
        Result r;
        try {
            Process p = start(dir, before.mark());
            var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroy(); // SIGTERM: the script's trap cleans up
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                fail(dir + " did not finish in " + TIMEOUT_SECONDS + " s:\n" + out.getNow(""));
            }
            String output = out.get(10, TimeUnit.SECONDS);
            r = new Result(dir, p.exitValue(), output, observed(output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError(dir + ": " + e, e);
        }

        assertNothingLeft(dir, before);
        assertEquals(0, r.rc(), r.toString());
        assertTrue(!r.output().contains("skipped:"), r.toString());
        return r;
    }

    /**
     * Starts the experiment, waits until it prints a line starting with {@code line}, then sends
     * it SIGTERM (what a CI timeout or a closed terminal sends; Ctrl-C's SIGINT takes the same
     * path) and asserts that its trap removed everything it had made. Returns the exit status.
     */
    static int interrupt(String dir, String line) {
        return interrupt(dir, line, false);
    }

    /**
     * As {@link #interrupt(String, String)}, or, with {@code closePipe}, by closing the pipe the
     * script writes to instead of a signal (as {@code run.sh | head} does): its next write gets
     * SIGPIPE.
     */
    static int interrupt(String dir, String line, boolean closePipe) {
        Before before = Before.now();
        StringBuilder seen = new StringBuilder();
        int rc;
        try {
            Process p = start(dir, before.mark());
            java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = in.readLine()) != null; ) {
                        synchronized (seen) {
                            seen.append(l).append('\n');
                        }
                        if (l.startsWith(line)) {
                            reached.countDown();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.start();
            if (!reached.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(dir + " never printed '" + line + "':\n" + seen);
            }
            if (closePipe) {
                p.getInputStream().close();
            } else {
                p.toHandle().destroy(); // SIGTERM; Process.destroy() would close our end of the pipe too
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(dir + " did not end within 30 s of SIGTERM:\n" + seen);
            }
            reader.join(10_000);
            rc = p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        String output;
        synchronized (seen) {
            output = seen.toString();
        }
        assertNothingLeft(dir + " (interrupted, exit " + rc + ", output:\n" + output + ")", before);
        return rc;
    }

    /** The mark the experiment's processes carry, and what existed before it ran. */
    private record Before(String mark, Set<Path> cgroups, Set<String> tmp, int queues) {
        static Before now() {
            return new Before(UUID.randomUUID().toString(), experimentCgroups(), tmpEntries(), lines(Path.of("/proc/sysvipc/msg")));
        }
    }

    /** Starts samples/experiments/DIR/run.sh, stdout and stderr together, its processes marked. */
    private static Process start(String dir, String mark) throws IOException {
        Path script = repo().resolve("samples/experiments").resolve(dir).resolve("run.sh");
        assertTrue(Files.isExecutable(script), script + " is not executable");
        ProcessBuilder pb = new ProcessBuilder(List.of(script.toString())).redirectErrorStream(true);
        pb.environment().put("JNS_EXPERIMENT_MARK", mark);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    private static void assertNothingLeft(String dir, Before before) {
        awaitNone(() -> markedProcesses(before.mark()), "processes left by " + dir);
        awaitNone(() -> minus(experimentCgroups(), before.cgroups()), "cgroups left by " + dir);
        awaitNone(() -> minus(tmpEntries(), before.tmp()), "files in /tmp left by " + dir);
        awaitNone(() -> mountsMentioning("jns-exp"), "mounts left by " + dir);
        assertEquals(before.queues(), lines(Path.of("/proc/sysvipc/msg")), "message queues left by " + dir);
    }

    private static Map<String, String> observed(String output) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : output.split("\n")) {
            if (l.startsWith("observed: ") && l.contains("=")) {
                String kv = l.substring("observed: ".length());
                m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        return m;
    }

    private static void awaitNone(Supplier<Set<String>> leftovers, String what) {
        long deadline = System.currentTimeMillis() + PATIENCE_MS;
        Set<String> left = leftovers.get();
        while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = leftovers.get();
        }
        assertTrue(left.isEmpty(), what + ": " + left);
    }

    private static <T> Set<String> minus(Set<T> after, Set<T> before) {
        Set<String> out = new TreeSet<>();
        for (T t : after) {
            if (!before.contains(t)) {
                out.add(t.toString());
            }
        }
        return out;
    }

    /** Live processes (not zombies) whose environment carries the mark. */
    static Set<String> markedProcesses(String mark) {
        Set<String> out = new TreeSet<>();
        byte[] needle = ("JNS_EXPERIMENT_MARK=" + mark).getBytes(StandardCharsets.UTF_8);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : ds) {
                try {
                    byte[] env = Files.readAllBytes(p.resolve("environ"));
                    if (indexOf(env, needle) >= 0) {
                        out.add(p.getFileName() + " " + Files.readString(p.resolve("cmdline")).replace('\0', ' ').trim());
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** {@code jns-experiment-*} directories beneath this JVM's own cgroup, in every hierarchy. */
    public static Set<Path> experimentCgroups() {
        Set<Path> out = new TreeSet<>();
        for (Path own : ownCgroupDirs()) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(own, "jns-experiment-*")) {
                ds.forEach(out::add);
            } catch (IOException e) {
                // not a directory here
            }
        }
        return out;
    }

    /** This JVM's cgroup directory in each mounted hierarchy (v1 and v2). */
    public static List<Path> ownCgroupDirs() {
        List<Path> out = new ArrayList<>();
        try {
            List<String> self = Files.readAllLines(Path.of("/proc/self/cgroup"));
            for (String m : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = m.split(" ");
                int dash = List.of(f).indexOf("-");
                if (dash < 0 || !f[dash + 1].startsWith("cgroup")) {
                    continue;
                }
                boolean v2 = f[dash + 1].equals("cgroup2");
                Set<String> opts = Set.of(f[dash + 3].split(","));
                for (String l : self) {
                    String[] c = l.split(":", 3);
                    boolean match = v2 ? c[0].equals("0") : !c[1].isEmpty() && opts.containsAll(List.of(c[1].split(",")));
                    if (match) {
                        out.add(Path.of(f[4] + c[2]));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Set<String> tmpEntries() {
        Set<String> out = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/tmp"), "jns-exp*")) {
            ds.forEach(p -> out.add(p.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Set<String> mountsMentioning(String word) {
        Set<String> out = new TreeSet<>();
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                if (l.contains(word)) {
                    out.add(l);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static int lines(Path f) {
        try {
            return Files.readAllLines(f).size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The line right after the one that shows {@code command} being run ("$ command"). */
    static String lineAfter(Result r, String command) {
        List<String> lines = r.output().lines().toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("$ " + command)) {
                return lines.get(i + 1);
            }
        }
        return fail("no '$ " + command + "' in " + r);
    }

    /** Lines from the one that shows {@code command} to the next blank or "$ " line. */
    static List<String> block(Result r, String command) {
        List<String> lines = r.output().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("$ " + command)) {
                List<String> out = new ArrayList<>();
                for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank() && !lines.get(j).startsWith("$ ")
                        && !lines.get(j).startsWith("observed: "); j++) {
                    out.add(lines.get(j));
                }
                return out;
            }
        }
        return fail("no '$ " + command + "' in " + r);
    }
}

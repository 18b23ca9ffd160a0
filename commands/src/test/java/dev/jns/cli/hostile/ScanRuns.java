package dev.jns.cli.hostile;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jns.cli.Main;
import dev.jns.cli.output.Terminal;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Helpers for the nsfs and churn hostile tests: jns in this JVM with a bound on time (a hang fails
 * the test instead of blocking the suite), programs run by argv, the caller's identity.
 */
final class ScanRuns {
    private ScanRuns() {}

    /** The outcome of a command. */
    record Result(int rc, String out, String err) {
        @Override
        public String toString() {
            return "rc=" + rc + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /**
     * Runs jns in this JVM on a daemon thread, as a pipe under the C locale would see it. When it
     * takes longer than {@code bound}, {@code release} runs (to unblock whatever it is stuck in)
     * and the test fails.
     */
    static Result jns(Duration bound, Runnable release, String... args) {
        CompletableFuture<Result> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int rc = Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), args);
                f.complete(new Result(rc, out.toString(), err.toString()));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "jns " + String.join(" ", args));
        t.setDaemon(true);
        t.start();
        try {
            return f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            release.run();
            throw new AssertionError("jns " + String.join(" ", args) + " did not finish within " + bound
                    + " (hung)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("jns " + String.join(" ", args) + " threw", e.getCause());
        }
    }

    /** The effective uid of this JVM. */
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

    /** A program in the usual directories. */
    static Optional<Path> tool(String name) {
        for (String d : List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Runs a program (argv, no shell), stdin from /dev/null; fails the test after {@code bound}. */
    static Result run(Duration bound, Runnable release, List<String> argv) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + argv, e);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                release.run();
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                fail(argv + " did not finish within " + bound + " (hung)");
            }
            return new Result(p.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new AssertionError("interrupted while running " + argv, e);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new AssertionError("reading the output of " + argv, e);
        }
    }

    private static CompletableFuture<String> drain(java.io.InputStream in) {
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
}

package dev.jns.cli.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jns.cli.Main;
import dev.jns.cli.output.Terminal;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    /** The effective uid of this JVM (the owner of /proc/self), or -1 when unknown. */
    static int euid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
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

    /**
     * Runs a program (argv, no shell), stdin from /dev/null, output to temporary files (removed);
     * after {@code bound}, runs {@code release}, kills it and fails the test.
     */
    static Result run(Duration bound, Runnable release, List<String> argv) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("jns-hostile-out-", ".txt");
            err = Files.createTempFile("jns-hostile-err-", ".txt");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                release.run();
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                fail(argv + " did not finish within " + bound + " (hung)");
            }
            return new Result(p.exitValue(), new String(Files.readAllBytes(out), UTF_8), new String(Files.readAllBytes(err), UTF_8));
        } catch (IOException e) {
            throw new AssertionError("running " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + argv, e);
        } finally {
            for (Path f : new Path[] {out, err}) {
                try {
                    if (f != null) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException e) {
                    // a temporary file left: nothing else to do
                }
            }
        }
    }
}

package dev.jns.cli.hostile;

import dev.jns.cli.Main;
import dev.jns.cli.output.Terminal;
import dev.jns.core.testing.Fifos;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Corrupted {@code --proc-root} trees for the hostile tests, and a bounded in-process run of
 * {@code jns} over them.
 */
final class ProcRootTrees {
    private ProcRootTrees() {}

    /**
     * One run.
     *
     * @param rc     exit status
     * @param out    stdout
     * @param err    stderr
     * @param millis how long it took
     */
    record Result(int rc, String out, String err, long millis) {
        /** Whether stderr shows a stack trace or an internal error. */
        boolean crashed() {
            return rc == -1 || err.contains("internal error") || err.contains("Exception") || err.contains("\tat ")
                    || err.contains("Error:") || err.contains("StackOverflow");
        }

        @Override
        public String toString() {
            return "rc " + rc + " in " + millis + " ms, stderr: " + (err.length() > 2000 ? err.substring(0, 2000) + "..." : err);
        }
    }

    /**
     * Runs {@code jns ARGS} in-process with plain output; fails (after releasing the FIFOs, so
     * that nothing stays blocked) when it takes longer than {@code timeout}. An exception or
     * error that escapes {@code Main.run} is exit status -1, with its name on stderr.
     */
    static Result run(Fifos fifos, Duration timeout, String... args) {
        return fifos.within(timeout, () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            long t = System.nanoTime();
            int rc;
            try {
                rc = Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), args);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                rc = -1; // what picocli lets through: a crash
                err.write("uncaught " + e);
            }
            return new Result(rc, out.toString(), err.toString(), (System.nanoTime() - t) / 1_000_000);
        });
    }

    /**
     * What a test makes and must undo: directories for big trees, on tmpfs ({@code /dev/shm})
     * when it is there (tens of thousands of files are made there many times faster than on a
     * disk), and FIFOs. {@link #close()} releases the FIFOs and removes the directories.
     */
    static final class Scratch implements AutoCloseable {
        private final List<Path> made = new java.util.ArrayList<>();
        private final Fifos fifos = new Fifos();

        /** The FIFOs of this test. */
        Fifos fifos() {
            return fifos;
        }

        /** A new empty directory. */
        Path make() throws IOException {
            Path shm = Path.of("/dev/shm");
            Path d = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "jns-hostile-")
                    : Files.createTempDirectory("jns-hostile-");
            made.add(d);
            return d;
        }

        @Override
        public void close() {
            fifos.release();
            for (Path d : made) {
                try (java.util.stream.Stream<Path> s = Files.walk(d)) {
                    for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove " + d, e);
                }
            }
            made.clear();
        }
    }

    /** A well-formed {@code stat} line. */
    static String stat(int pid, String comm, int ppid) {
        return pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid
                + " 0 -1 4194560 91 0 0 0 3 1 0 0 20 0 1 0 113944 3031040 411 18446744073709551615 0\n";
    }

    /** Sets field 4 (ppid) of {@code PID/stat}, keeping the rest. */
    static void setPpid(Path proc, int pid, int ppid) {
        Path f = proc.resolve(pid + "/stat");
        try {
            String s = Files.readString(f);
            int close = s.lastIndexOf(')');
            String[] rest = s.substring(close + 2).split(" ", 3);
            Files.writeString(f, s.substring(0, close + 2) + rest[0] + " " + ppid + " " + rest[2]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds processes {@code first} to {@code first + n - 1}, each the child of the one before
     * ({@code first}'s parent is {@code parent}), in the namespaces of {@code like} (its
     * {@code ns/TYPE} links for {@code types}), each with a {@code stat} and a {@code cmdline}.
     */
    static void chain(Path proc, int like, int parent, int first, int n, List<String> types) {
        try {
            String[] targets = new String[types.size()];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = Files.readSymbolicLink(proc.resolve(like + "/ns/" + types.get(i))).toString();
            }
            byte[] cmdline = "sleep\u00009\u0000".getBytes();
            for (int k = 0; k < n; k++) {
                int pid = first + k;
                Path dir = Files.createDirectories(proc.resolve(pid + "/ns"));
                Files.writeString(dir.resolveSibling("stat"), stat(pid, "sleep", k == 0 ? parent : pid - 1));
                Files.write(dir.resolveSibling("cmdline"), cmdline);
                for (int i = 0; i < targets.length; i++) {
                    Files.createSymbolicLink(dir.resolve(types.get(i)), Path.of(targets[i]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

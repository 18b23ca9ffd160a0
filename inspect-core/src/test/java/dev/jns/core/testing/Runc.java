package dev.jns.core.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real runc runs for tests: a busybox rootfs built at test time (no binaries in git), unique
 * container ids, and {@code runc delete -f} after every run, also when it fails.
 */
public final class Runc {
    /** Debian's busybox-static: one static binary, so it runs in any rootfs. */
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private static final List<String> APPLETS = List.of("sh", "echo", "cat", "ls", "id", "hostname", "sleep", "true");

    private Runc() {}

    /** Why runc runs cannot happen here, or empty when they can: needs root, runc and busybox-static. */
    public static Optional<String> unavailable() {
        if (!isRoot()) {
            return Optional.of("runc run needs root (runs as uid " + uid() + ")");
        }
        if (runc() == null) {
            return Optional.of("runc is not installed (apt-get install runc)");
        }
        if (!Files.isRegularFile(BUSYBOX) || !Files.isExecutable(BUSYBOX)) {
            return Optional.of(BUSYBOX + " is missing (apt-get install busybox-static)");
        }
        return Optional.empty();
    }

    /** The runc binary on PATH, or null. */
    public static Path runc() {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/sbin:/usr/bin:/sbin:/bin" : path).split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "runc");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** A container id nobody else on this machine uses: prefix, pid and a random suffix. */
    public static String uniqueId(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    }

    /** Builds a rootfs: bin/busybox copied from the host, the usual applets as symlinks to it. */
    public static void busyboxRootfs(Path rootfs) throws IOException {
        Path bin = rootfs.resolve("bin");
        Files.createDirectories(bin);
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        for (String a : APPLETS) {
            Files.createSymbolicLink(bin.resolve(a), Path.of("busybox"));
        }
        for (String d : List.of("proc", "sys", "dev", "tmp", "etc")) {
            Files.createDirectories(rootfs.resolve(d));
        }
    }

    /** What a run gave. */
    public record Result(int rc, String out, String err) {
        @Override
        public String toString() {
            return "rc=" + rc + " out=" + out.strip() + " err=" + err.strip();
        }
    }

    /**
     * {@code runc run --bundle BUNDLE ID} with stdin from /dev/null; waits at most {@code timeout},
     * then {@code runc delete -f ID} whatever happened.
     */
    public static Result run(Path bundle, String id, Duration timeout) throws IOException, InterruptedException {
        try {
            return exec(null, List.of(runc().toString(), "run", "--bundle", bundle.toString(), id), timeout);
        } finally {
            delete(id);
        }
    }

    /**
     * Runs {@code argv} in {@code dir} (null: the current directory) with stdin from /dev/null and
     * waits at most {@code timeout}; a process still running then is killed and gives rc -1.
     */
    public static Result exec(Path dir, List<String> argv, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jns-exec-out", ".txt");
        Path err = Files.createTempFile("jns-exec-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            pb.environment().remove("XDG_RUNTIME_DIR");
            Process p = pb.start();
            int rc;
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                rc = p.exitValue();
            } else {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                rc = -1;
            }
            return new Result(rc, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** {@code runc delete -f ID}; quiet when there is no such container. */
    public static void delete(String id) throws IOException, InterruptedException {
        Process d = new ProcessBuilder(runc().toString(), "delete", "-f", id)
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!d.waitFor(30, TimeUnit.SECONDS)) {
            d.destroyForcibly();
        }
    }

    /** Removes a directory tree without following symlinks (the rootfs has some). */
    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(all::add);
        }
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    private static boolean isRoot() {
        return uid() == 0;
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

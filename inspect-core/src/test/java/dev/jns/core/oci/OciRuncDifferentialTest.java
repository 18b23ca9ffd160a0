package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The differential test of issue 13: every bundle of {@link OciBundleMutator} goes through jns's
 * validator (in-process, host layer on, runtime layer runc) and through the real {@code runc run};
 * runc's outcome is the oracle. Asserts (a) raw agreement at least {@code jns.diff.agreement}
 * percent and (b) at most {@code jns.diff.max-jns-miss} disagreements of class {@code jns-miss}
 * (see {@link DifferentialReport#REASONS}), and that no container, cgroup or mount is left behind.
 * With {@code -Djns.diff.report=FILE} it writes the report (docs/oci-runc-differential.md).
 *
 * <p>Properties: {@code jns.diff.seed} (13), {@code jns.diff.threads} (2), {@code jns.diff.budget}
 * seconds (240: no bundle is started after it), {@code jns.diff.timeout} seconds per bundle (10).
 * Skips unless root, with runc on PATH and /bin/busybox (busybox-static).
 */
@Tag("live")
class OciRuncDifferentialTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    /** How runc's {@code run} ended. */
    enum RuncOutcome {
        /** exit 0: created, started, the process exited 0. */
        RAN,
        /** nonzero with no error of runc's own: the container ran, its process failed. */
        RAN_NONZERO,
        /** nonzero with runc's error line: refused at create or start. */
        REFUSED,
        /** still running after the per-bundle timeout (killed). */
        TIMEOUT;

        /** runc's verdict: true when it ran the container (a hang never ran it). */
        boolean accepted() {
            return this == RAN || this == RAN_NONZERO;
        }
    }

    /** One bundle's two verdicts. */
    record Result(OciBundleMutator.Mutation mutation, RuncOutcome runc, int exit, String runcError, List<Finding> jnsErrors,
            boolean predictsRun, long millis) {
        boolean jnsValid() {
            return jnsErrors.isEmpty();
        }

        /** The verdict (valid: no error of any layer) matches runc's outcome. */
        boolean agree() {
            return runc.accepted() == jnsValid();
        }

        /** The report's prediction for runc ({@link RuntimeLeniency.Prediction#runs}) matches runc's outcome. */
        boolean predictionAgrees() {
            return runc.accepted() == predictsRun;
        }
    }

    private static String prop(String name, String def) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? def : v.trim();
    }

    static Path which(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static boolean isRoot() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("Uid:")) {
                return l.split("\\s+")[2].equals("0");
            }
        }
        return false;
    }

    @Test
    void jnsAgreesWithRuncOnTheMutatedBundles() throws Exception {
        Assumptions.assumeTrue(isRoot(), "runc run needs root");
        Path runc = which("runc");
        Assumptions.assumeTrue(runc != null, "runc is not on PATH");
        Assumptions.assumeTrue(Files.isExecutable(BUSYBOX), "/bin/busybox (busybox-static) is not installed");

        long seed = Long.parseLong(prop("jns.diff.seed", Long.toString(OciBundleMutator.DEFAULT_SEED)));
        int threads = Integer.parseInt(prop("jns.diff.threads", "2"));
        long budget = Long.parseLong(prop("jns.diff.budget", "240"));
        int timeout = Integer.parseInt(prop("jns.diff.timeout", "10"));
        double threshold = Double.parseDouble(prop("jns.diff.agreement", "0"));
        double predictionThreshold = Double.parseDouble(prop("jns.diff.prediction-agreement", "0"));
        int maxMiss = Integer.parseInt(prop("jns.diff.max-jns-miss", "1000000"));
        String report = prop("jns.diff.report", "");

        List<OciBundleMutator.Mutation> all = OciBundleMutator.generate(seed);
        Path work = Files.createTempDirectory("jns-diff-");
        // 0711: a user namespace's root (host uid 100000) must reach the bundles
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
        Path state = work.resolve("runc-state");
        Path template = work.resolve("rootfs-template");
        buildRootfs(template);
        String prefix = "jns-diff-" + ProcessHandle.current().pid() + "-";
        Result[] results = new Result[all.size()];
        Instant start = Instant.now();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(budget);
        AtomicInteger next = new AtomicInteger();
        ThreadLocal<OciValidator> validators = ThreadLocal.withInitial(
                () -> new OciValidator(Path.of("/proc"), true, "runc", System.getenv("PATH")));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ReadWriteLock shared = new ReentrantReadWriteLock(); // a bundle that must run alone takes the write lock
        List<String> leftovers = new ArrayList<>();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    int i;
                    while (System.nanoTime() < deadline && (i = next.getAndIncrement()) < all.size()) {
                        OciBundleMutator.Mutation m = all.get(i);
                        Lock lock = m.alone() ? shared.writeLock() : shared.readLock();
                        lock.lock();
                        try {
                            results[i] = runOne(m, i, runc, state, work, template, prefix + i, validators.get(), timeout);
                        } finally {
                            lock.unlock();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            leftovers.addAll(leftovers(runc, state, work, prefix));
            if (leftovers.stream().noneMatch(l -> l.startsWith("mount"))) {
                deleteTree(work);
            }
        }
        Duration took = Duration.between(start, Instant.now());
        List<Result> ran = new ArrayList<>();
        for (Result r : results) {
            if (r != null) {
                ran.add(r);
            }
        }
        DifferentialReport dr = new DifferentialReport(ran, all.size(), seed, threads, budget, took, runcVersion(runc), threshold,
                predictionThreshold, maxMiss);
        if (!report.isEmpty()) {
            Path out = Path.of(report);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, dr.markdown(), StandardCharsets.UTF_8);
        }
        System.out.println(dr.summary());
        assertEquals(List.of(), leftovers, "left behind");
        assertTrue(dr.agreementPercent() >= threshold, "raw agreement " + dr.summary() + " is below jns.diff.agreement=" + threshold);
        assertTrue(dr.predictionPercent() >= predictionThreshold, "prediction agreement " + dr.summary()
                + " is below jns.diff.prediction-agreement=" + predictionThreshold);
        assertTrue(dr.count(DifferentialReport.Reason.JNS_MISS) <= maxMiss, "jns-miss " + dr.count(DifferentialReport.Reason.JNS_MISS)
                + " > jns.diff.max-jns-miss=" + maxMiss + "\n" + dr.summary());
        int maxUnexplained = Integer.getInteger("jns.diff.max-unexplained", 0);
        assertTrue(dr.unexplained() <= maxUnexplained, "jns-miss, jns-false-alarm and unclassified: " + dr.unexplained()
                + " > jns.diff.max-unexplained=" + maxUnexplained + "\n" + dr.summary());
    }

    /** A busybox rootfs: /bin/busybox, its links, an unexecutable file and a link out of the rootfs. */
    static void buildRootfs(Path rootfs) throws IOException {
        for (String d : new String[] {"bin", "etc", "proc", "sys", "dev", "tmp", "mnt"}) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
        links(rootfs);
    }

    private static void links(Path rootfs) throws IOException {
        for (String l : new String[] {"sh", "true", "false"}) {
            Files.createSymbolicLink(rootfs.resolve("bin/" + l), Path.of("busybox"));
        }
        Files.createSymbolicLink(rootfs.resolve("bin/escape"), Path.of("../../../../../../usr/bin/env"));
        Files.writeString(rootfs.resolve("etc/data"), "data\n");
        Files.setPosixFilePermissions(rootfs.resolve("etc/data"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(rootfs.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /** A bundle's own rootfs: the template's busybox hard-linked (no copy), fresh links and files. */
    private static void copyRootfs(Path template, Path rootfs) throws IOException {
        for (String d : new String[] {"bin", "etc", "proc", "sys", "dev", "tmp", "mnt"}) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.createLink(rootfs.resolve("bin/busybox"), template.resolve("bin/busybox"));
        links(rootfs);
    }

    private static Result runOne(OciBundleMutator.Mutation m, int index, Path runc, Path state, Path work, Path template, String id,
            OciValidator validator, int timeout) throws IOException, InterruptedException {
        Path bundle = work.resolve("b" + index);
        long t0 = System.nanoTime();
        try {
            copyRootfs(template, bundle.resolve("rootfs"));
            Files.write(bundle.resolve("config.json"), m.json(id));
            OciValidator.Report report = validator.validate(bundle);
            List<Finding> errors = report.findings().stream().filter(Finding::isError).toList();
            boolean predictsRun = report.prediction() != null && report.prediction().runs();
            Path log = bundle.resolve("runc.out");
            String r = runc.toString();
            Process p = new ProcessBuilder(List.of(r, "--root", state.toString(), "run", "--bundle", bundle.toString(), id))
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            RuncOutcome outcome = null;
            int exit = -1;
            try {
                if (p.waitFor(timeout, TimeUnit.SECONDS)) {
                    exit = p.exitValue();
                    outcome = null;
                } else {
                    outcome = RuncOutcome.TIMEOUT;
                    run(List.of(r, "--root", state.toString(), "kill", id, "KILL"), 10);
                    killCgroup(id);
                }
            } finally {
                run(List.of(r, "--root", state.toString(), "delete", "-f", id), 20);
                if (outcome == RuncOutcome.TIMEOUT) {
                    for (Path dir : ownCgroupDirs()) {
                        Files.deleteIfExists(dir.resolve(id)); // rmdir: runc delete -f leaves a hung container's cgroups
                    }
                }
                if (p.isAlive()) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
            String out = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            String error = errorLine(out);
            if (outcome == null) {
                outcome = exit == 0 ? RuncOutcome.RAN : error.isEmpty() ? RuncOutcome.RAN_NONZERO : RuncOutcome.REFUSED;
            }
            return new Result(m, outcome, exit, error, errors, predictsRun, (System.nanoTime() - t0) / 1_000_000);
        } finally {
            if (mountsUnder(bundle).isEmpty()) {
                deleteTree(bundle);
            }
        }
    }

    /**
     * SIGKILL to every process in the container's cgroups, until none is left (at most 10 s). Needed
     * after a timeout: with seccomp SCMP_ACT_KILL(_THREAD) runc 1.1.5's init loses one thread and
     * hangs, and neither {@code runc kill} nor {@code runc delete -f} reaches the rest.
     */
    static void killCgroup(String id) throws IOException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            boolean any = false;
            for (Path dir : ownCgroupDirs()) {
                Path procs = dir.resolve(id).resolve("cgroup.procs");
                if (!Files.isRegularFile(procs)) {
                    continue;
                }
                for (String l : Files.readAllLines(procs)) {
                    if (!l.isBlank()) {
                        any = true;
                        ProcessHandle.of(Long.parseLong(l.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            }
            if (!any || System.nanoTime() > until) {
                return;
            }
            Thread.sleep(20); // polling the cgroup until the kernel has reaped the killed processes
        }
    }

    /** runc's last error message (level=error msg="..."), unquoted; "" when it printed none. */
    static String errorLine(String out) {
        String last = "";
        for (String l : out.split("\n")) {
            int i = l.indexOf("level=error msg=\"");
            if (i >= 0) {
                String msg = l.substring(i + "level=error msg=\"".length());
                if (msg.endsWith("\"")) {
                    msg = msg.substring(0, msg.length() - 1);
                }
                last = msg.replace("\\\"", "\"").replace("\\\\", "\\");
            }
        }
        return last;
    }

    private static String run(List<String> argv, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static String runcVersion(Path runc) {
        try {
            String v = run(List.of(runc.toString(), "--version"), 10);
            return v.lines().findFirst().orElse("runc ?").trim();
        } catch (IOException | InterruptedException e) {
            return "runc ? (" + e + ")";
        }
    }

    /** Mount points at or below {@code dir} in this mount namespace. */
    static List<String> mountsUnder(Path dir) throws IOException {
        String d = dir.toString();
        List<String> found = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = l.split(" ");
            if (f.length > 4 && (f[4].equals(d) || f[4].startsWith(d + "/"))) {
                found.add(f[4]);
            }
        }
        return found;
    }

    /** What the run left: containers in runc's state, cgroups named {@code prefix*}, mounts under {@code work}. */
    private static List<String> leftovers(Path runc, Path state, Path work, String prefix) throws IOException, InterruptedException {
        List<String> left = new ArrayList<>();
        if (Files.isDirectory(state)) {
            String list = run(List.of(runc.toString(), "--root", state.toString(), "list", "-q"), 20).trim();
            if (!list.isEmpty()) {
                left.add("containers: " + list.replace('\n', ' '));
            }
        }
        for (Path cg : ownCgroupDirs()) {
            try (Stream<Path> s = Files.list(cg)) {
                for (Path c : s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                    left.add("cgroup: " + c);
                    try {
                        Files.delete(c); // an empty cgroup: rmdir
                    } catch (IOException e) {
                        left.add("cgroup not removable: " + c + ": " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                // a hierarchy we cannot list has no cgroup of ours either
            }
        }
        for (String m : mountsUnder(work)) {
            left.add("mount: " + m);
        }
        return left;
    }

    /** This process's cgroup directory in every mounted hierarchy (runc nests a relative cgroupsPath there). */
    static List<Path> ownCgroupDirs() throws IOException {
        List<String[]> own = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] f = l.split(":", 3);
            if (f.length == 3) {
                own.add(f);
            }
        }
        List<Path> dirs = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            int dash = l.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] pre = l.substring(0, dash).split(" ");
            String[] post = l.substring(dash + 3).split(" ");
            if (post.length < 3 || !(post[0].equals("cgroup") || post[0].equals("cgroup2")) || !pre[3].equals("/")) {
                continue;
            }
            Set<String> opts = new HashSet<>(List.of(post[2].split(",")));
            for (String[] o : own) {
                boolean match = post[0].equals("cgroup2") ? o[1].isEmpty()
                        : !o[1].isEmpty() && opts.containsAll(List.of(o[1].split(",")));
                if (match) {
                    dirs.add(Path.of(pre[4] + o[2]));
                }
            }
        }
        return dirs;
    }

    /** Deletes a tree without following links (the caller has checked that nothing is mounted below). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}

package dev.jns.core.cgroup;

import dev.jns.core.proc.ProcCgroup;
import dev.jns.core.proc.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Creates and removes cgroups for live tests, on the live host, as root. Every cgroup goes beneath
 * this JVM's own cgroup of its hierarchy (from {@code /proc/self/cgroup}), never at a hierarchy's
 * root directly, and is named {@code jns-test-<pid>-<n>}.
 *
 * <p>{@link #close()} kills every process this helper started and every process still in a test
 * cgroup, waits until the cgroups are empty, then removes them deepest first. It runs from
 * {@code @AfterEach}, from {@code @AfterAll} through {@link #closeAll()}, and from a JVM shutdown
 * hook, so a failing or interrupted test leaves nothing behind. Thread-safe.
 */
final class TestCgroups implements AutoCloseable {

    /** How long cleanup waits for processes to die and cgroups to become removable. */
    private static final long CLEANUP_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<TestCgroups> LIVE = Collections.newSetFromMap(new IdentityHashMap<>());

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestCgroups::closeAll, "jns-test-cgroups-cleanup"));
    }

    /** One test cgroup: the same name beneath this JVM's own cgroup in each hierarchy it was made in. */
    record TestCgroup(String name, Map<Hierarchy, String> paths) {
        TestCgroup {
            paths = Collections.unmodifiableMap(new LinkedHashMap<>(paths));
        }

        /** Its cgroup path in {@code h} (as {@link CgroupFs} takes it). */
        String path(Hierarchy h) {
            String p = paths.get(h);
            if (p == null) {
                throw new IllegalArgumentException(name + " was not made in " + h.label());
            }
            return p;
        }

        Path dir(Hierarchy h) {
            return h.dirOf(path(h));
        }

        boolean in(Hierarchy h) {
            return paths.containsKey(h);
        }
    }

    private final CgroupLayout layout;
    private final Map<Hierarchy, String> own = new LinkedHashMap<>();
    /** Directories made and not yet removed, in creation order. */
    private final List<Path> dirs = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private boolean closed;

    private TestCgroups(CgroupLayout layout, List<ProcCgroup> self) {
        this.layout = layout;
        for (Hierarchy h : layout.hierarchies()) {
            for (ProcCgroup c : self) {
                if (matches(h, c)) {
                    own.put(h, c.path());
                    break;
                }
            }
        }
    }

    /** A helper for the hierarchies mounted on this host (not registered for cleanup until something is made). */
    static TestCgroups open() {
        ProcFs proc = new ProcFs(Path.of("/proc"));
        CgroupLayout layout = CgroupFs.detect(proc, Path.of("/")).layout();
        TestCgroups t = new TestCgroups(layout, proc.cgroups(proc.selfPid().orElseThrow()));
        synchronized (LIVE) {
            LIVE.add(t);
        }
        return t;
    }

    /** Cleans up every helper not closed yet (for {@code @AfterAll} and the shutdown hook). */
    static void closeAll() {
        List<TestCgroups> all;
        synchronized (LIVE) {
            all = new ArrayList<>(LIVE);
        }
        for (TestCgroups t : all) {
            t.close();
        }
    }

    private static boolean matches(Hierarchy h, ProcCgroup c) {
        if (h.unified()) {
            return c.unified();
        }
        if (c.unified()) {
            return false;
        }
        if (!h.name().isEmpty()) {
            return c.controllers().contains("name=" + h.name());
        }
        return new HashSet<>(c.controllers()).equals(h.controllers());
    }

    CgroupLayout layout() {
        return layout;
    }

    /** Hierarchies in which this JVM's cgroup is known (so test cgroups can be made there). */
    List<Hierarchy> hierarchies() {
        return new ArrayList<>(own.keySet());
    }

    /** This JVM's cgroup path in {@code h}. */
    String ownPath(Hierarchy h) {
        String p = own.get(h);
        if (p == null) {
            throw new IllegalArgumentException("this process has no cgroup in " + h.label());
        }
        return p;
    }

    static String child(String parent, String name) {
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }

    /** Makes a new test cgroup in every hierarchy accepted by {@code where}. */
    synchronized TestCgroup create(Predicate<Hierarchy> where) throws IOException {
        String name = "jns-test-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        return make(name, where);
    }

    /** Makes a child of {@code parent} named {@code name} in each hierarchy {@code parent} is in. */
    synchronized TestCgroup createChild(TestCgroup parent, String name) throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        Map<Hierarchy, String> paths = new LinkedHashMap<>();
        for (Map.Entry<Hierarchy, String> e : parent.paths().entrySet()) {
            String path = child(e.getValue(), name);
            Path dir = e.getKey().dirOf(path);
            Files.createDirectory(dir);
            dirs.add(dir);
            paths.put(e.getKey(), path);
        }
        return new TestCgroup(name, paths);
    }

    /** Makes {@code cg} again (after {@link #remove}): same name and paths, new directories. */
    synchronized TestCgroup recreate(TestCgroup cg) throws IOException {
        return make(cg.name(), cg.paths()::containsKey);
    }

    private TestCgroup make(String name, Predicate<Hierarchy> where) throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        Map<Hierarchy, String> paths = new LinkedHashMap<>();
        for (Map.Entry<Hierarchy, String> e : own.entrySet()) {
            Hierarchy h = e.getKey();
            if (where.test(h)) {
                String path = child(e.getValue(), name);
                Path dir = h.dirOf(path);
                Files.createDirectory(dir);
                dirs.add(dir);
                paths.put(h, path);
            }
        }
        return new TestCgroup(name, paths);
    }

    /** Starts a process (argv, no shell) that {@link #close()} kills; its output is discarded unless read. */
    synchronized Process start(String... argv) throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        return p;
    }

    /** Moves process {@code pid} into {@code cg} in each of {@code hs} (writes {@code cgroup.procs}). */
    static void move(long pid, TestCgroup cg, Hierarchy... hs) throws IOException {
        for (Hierarchy h : hs) {
            writeProcs(cg.dir(h), pid);
        }
    }

    /** Moves process {@code pid} back to this JVM's cgroup in each of {@code hs}. */
    void moveBack(long pid, Hierarchy... hs) {
        for (Hierarchy h : hs) {
            try {
                writeProcs(h.dirOf(ownPath(h)), pid);
            } catch (IOException e) {
                throw new AssertionError("cannot move " + pid + " back in " + h.label() + ": " + e.getMessage(), e);
            }
        }
    }

    private static void writeProcs(Path dir, long pid) throws IOException {
        try {
            Files.writeString(dir.resolve("cgroup.procs"), Long.toString(pid), StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot move " + pid + " into " + dir + ": " + e, e);
        }
    }

    /** Writes a control file of {@code cg} in {@code h}, e.g. {@code pids.max}. */
    static void write(TestCgroup cg, Hierarchy h, String file, String value) throws IOException {
        Files.writeString(cg.dir(h).resolve(file), value, StandardOpenOption.WRITE);
    }

    /** Pids listed in {@code dir}'s {@code cgroup.procs}; empty when the cgroup is gone. */
    static List<Long> procs(Path dir) {
        List<Long> out = new ArrayList<>();
        try {
            for (String l : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                if (!l.isBlank()) {
                    out.add(Long.parseLong(l.trim()));
                }
            }
        } catch (NoSuchFileException e) {
            // removed
        } catch (IOException e) {
            // a cgroup being removed can fail reads (ENODEV): treat as empty, rmdir decides
        }
        return out;
    }

    /** Kills the processes in {@code cg} and removes its directories (deepest first). */
    synchronized void remove(TestCgroup cg) {
        List<Path> mine = new ArrayList<>();
        for (Hierarchy h : cg.paths().keySet()) {
            mine.add(cg.dir(h));
        }
        removeDirs(mine);
    }

    /** Idempotent: kills everything started here or found in a test cgroup, then removes every test cgroup. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (Process p : processes) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            for (Process p : processes) {
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            processes.clear();
            removeDirs(new ArrayList<>(dirs));
        } finally {
            synchronized (LIVE) {
                LIVE.remove(this);
            }
        }
    }

    private void removeDirs(List<Path> which) {
        // deepest first; then by creation order reversed
        List<Path> order = new ArrayList<>(which);
        Collections.reverse(order);
        order.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        long self = ProcessHandle.current().pid();
        long deadline = System.nanoTime() + CLEANUP_NANOS;
        List<String> failures = new ArrayList<>();
        for (Path dir : order) {
            while (true) {
                for (long pid : procs(dir)) {
                    if (pid != self) {
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                try {
                    Files.deleteIfExists(dir);
                    dirs.remove(dir);
                    break;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        failures.add(dir + ": " + e);
                        break;
                    }
                    pause();
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("could not remove test cgroups: " + failures);
        }
    }

    /** A short pause inside a poll loop. */
    static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The hierarchy among {@code hs} with this label ({@link Hierarchy#label()}). */
    static Optional<Hierarchy> byLabel(List<Hierarchy> hs, String label) {
        return hs.stream().filter(h -> h.label().equals(label)).findFirst();
    }
}

package dev.jns.core.cgroup;

import dev.jns.core.AccessDeniedException;
import dev.jns.core.NotFoundException;
import dev.jns.core.internal.KeyValueLines;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.proc.ProcStat;
import dev.jns.core.proc.ProcessSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A cgroup made for one experiment, with limits, beneath the caller's own cgroup in each
 * hierarchy that runs a limited controller (never at a hierarchy's root), on v1, v2 and hybrid
 * hosts. It is named {@code jns-experiment-PID}, PID being the process that made it. The command
 * joins it by writing its pid to {@link #procsFiles()}.
 *
 * <p>Removal: {@link #remove()} (and {@link #close()}) kills whatever is inside, at every level
 * (cgroup.kill on cgroup2 where the kernel has it, else SIGKILL to each pid of cgroup.procs),
 * removes child cgroups the command made, deepest first, and waits a bounded time for the
 * processes to leave. jns unshare leaves that to its native helper, which outlives the JVM; this
 * class's removal is the fallback, and {@link #reclaim} removes, on the next start, empty ones
 * whose maker is gone. {@link #events()} are the counters that tell whether a limit ended the
 * command, read after it ends and before the cgroup goes.
 *
 * <pre>{@code
 * try (ExperimentCgroup cg = ExperimentCgroup.create(fs, proc, 64L << 20, null, 20)) { ... }
 * }</pre>
 */
public final class ExperimentCgroup implements AutoCloseable {
    /** Names are this prefix and the pid of the process that made the cgroup. */
    public static final String PREFIX = "jns-experiment-";
    /** How long {@link #remove()} waits for the processes it killed to leave. */
    public static final Duration REMOVE_WAIT = Duration.ofSeconds(5);
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "([0-9]{1,9})");
    /** Cgroups nested deeper than this below an experiment cgroup are not walked. */
    private static final int MAX_DEPTH = 32;
    /**
     * A live process with the name's pid is taken for a reused pid, not the maker, only when it
     * started this much later than the cgroup was made (the margin absorbs clock steps).
     */
    private static final long REUSE_MARGIN_MILLIS = 5_000;
    private static final long PERIOD_USEC = 100_000;

    private final Map<String, Path> dirs; // controller -> directory
    private final Long memoryBytes;
    private final Integer pids;
    private final List<Path> made = new ArrayList<>();

    /**
     * A counter that, when above 0 after the command ended, means a limit ended it.
     *
     * @param file    a flat-keyed file of the cgroup ({@code memory.events}, {@code pids.events} ...)
     * @param key     the counter's key in it
     * @param message what to say then, e.g. {@code killed by the OOM killer: memory limit 64M reached}
     */
    public record Event(Path file, String key, String message) {}

    private ExperimentCgroup(Map<String, Path> dirs, Long memoryBytes, Integer pids) {
        this.dirs = dirs;
        this.memoryBytes = memoryBytes;
        this.pids = pids;
    }

    /** No cgroup: for an experiment without limits. */
    public static ExperimentCgroup none() {
        return new ExperimentCgroup(new LinkedHashMap<>(), null, null);
    }

    /**
     * Makes the cgroup and sets the limits that are not null. With no limit at all, makes nothing.
     *
     * @throws NotFoundException     when a controller is not mounted, cannot be delegated below the
     *                               caller's cgroup, or a directory or file cannot be made or written
     * @throws AccessDeniedException when the kernel refuses (not root, no delegated cgroup): its path
     *                               is the cgroup directory, or the control file that could not be written
     */
    public static ExperimentCgroup create(CgroupFs fs, ProcFs proc, Long memoryBytes, Double cpus, Integer pids) {
        return create(fs, proc, memoryBytes, cpus, pids, d -> { });
    }

    /**
     * As {@link #create(CgroupFs, ProcFs, Long, Double, Integer)}; {@code made} is told of each
     * directory as soon as it exists. If it throws, what was made is removed and its exception
     * is thrown: a caller stops the creation half-way so (on a signal, say).
     */
    public static ExperimentCgroup create(CgroupFs fs, ProcFs proc, Long memoryBytes, Double cpus, Integer pids,
                                          Consumer<Path> made) {
        ExperimentCgroup cg = new ExperimentCgroup(new LinkedHashMap<>(), memoryBytes, pids);
        if (memoryBytes == null && cpus == null && pids == null) {
            return cg;
        }
        int self = proc.selfPid().orElseThrow(() -> new NotFoundException(proc.file("self"), "no /proc/self"));
        Map<Hierarchy, String> own = fs.pathsOf(proc.cgroups(self));
        String name = PREFIX + ProcessHandle.current().pid();
        try {
            if (memoryBytes != null) {
                Path d = cg.make(fs, own, "memory", name, made);
                if (fs.layout().forController("memory").orElseThrow().unified()) {
                    write(d.resolve("memory.max"), Long.toString(memoryBytes));
                    if (Files.exists(d.resolve("memory.swap.max"))) {
                        write(d.resolve("memory.swap.max"), "0");
                    }
                } else {
                    write(d.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
                    if (Files.exists(d.resolve("memory.memsw.limit_in_bytes"))) {
                        write(d.resolve("memory.memsw.limit_in_bytes"), Long.toString(memoryBytes));
                    }
                }
            }
            if (cpus != null) {
                Path d = cg.make(fs, own, "cpu", name, made);
                long quota = Math.max(1000, Math.round(cpus * PERIOD_USEC));
                if (fs.layout().forController("cpu").orElseThrow().unified()) {
                    write(d.resolve("cpu.max"), quota + " " + PERIOD_USEC);
                } else {
                    write(d.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_USEC));
                    write(d.resolve("cpu.cfs_quota_us"), Long.toString(quota));
                }
                // v1 with cpuacct mounted apart from cpu: join it too, or the command's CPU use is
                // counted in the caller's cgroup and cgtop shows the limited cgroup without %CPU.
                Hierarchy acct = fs.layout().forController("cpuacct").orElse(null);
                if (acct != null && !acct.unified() && !acct.equals(fs.layout().forController("cpu").orElseThrow())) {
                    cg.make(fs, own, "cpuacct", name, made);
                }
            }
            if (pids != null) {
                write(cg.make(fs, own, "pids", name, made).resolve("pids.max"), Integer.toString(pids));
            }
            return cg;
        } catch (RuntimeException e) {
            cg.remove();
            throw e;
        }
    }

    private Path make(CgroupFs fs, Map<Hierarchy, String> own, String controller, String name, Consumer<Path> listener) {
        Hierarchy h = fs.layout().forController(controller).orElseThrow(() -> new NotFoundException(
                Path.of("/sys/fs/cgroup"), "the " + controller + " controller is not available on this host"));
        Path parent = h.dirOf(own.getOrDefault(h, "/"));
        Path dir = parent.resolve(name);
        if (h.unified()) {
            delegate(parent, controller); // each controller, also when the cgroup exists already
        }
        if (!made.contains(dir)) {
            try {
                Files.createDirectory(dir);
            } catch (java.nio.file.AccessDeniedException e) {
                throw new AccessDeniedException(dir, e);
            } catch (FileAlreadyExistsException e) {
                throw new NotFoundException(dir, "cannot create cgroup " + dir
                        + ": it exists already, and is not empty (processes of an earlier run with this pid?)");
            } catch (IOException e) {
                throw new NotFoundException(dir, "cannot create cgroup " + dir + ": " + reason(e));
            }
            made.add(dir);
            listener.accept(dir);
        }
        dirs.put(controller, dir);
        return dir;
    }

    /** On cgroup2, a controller must be enabled in the parent's subtree_control. */
    private static void delegate(Path parent, String controller) {
        Path control = parent.resolve("cgroup.subtree_control");
        try {
            String enabled = Files.readString(control);
            if (!List.of(enabled.trim().split(" ")).contains(controller)) {
                Files.writeString(control, "+" + controller);
            }
        } catch (java.nio.file.AccessDeniedException e) {
            throw new AccessDeniedException(control, e);
        } catch (IOException e) {
            throw new NotFoundException(parent, "cannot enable the " + controller + " controller below " + parent
                    + " (" + e.getMessage() + "): a cgroup2 cgroup with processes cannot delegate controllers;"
                    + " run jns in a cgroup of its own, e.g. systemd-run --scope -p Delegate=yes jns ...");
        }
    }

    /** The directories made, one per hierarchy, in the order made. */
    public List<Path> dirs() {
        return List.copyOf(made);
    }

    /** The {@code cgroup.procs} files a process writes its pid to, to join. */
    public List<Path> procsFiles() {
        List<Path> out = new ArrayList<>();
        for (Path d : made) {
            out.add(d.resolve("cgroup.procs"));
        }
        return out;
    }

    /**
     * The counters that tell whether a limit ended the command, in the order they are checked:
     * the OOM killer (cgroup2 {@code memory.events}, v1 {@code memory.oom_control}), then a refused
     * fork ({@code pids.events}). The first one above 0 is the reason.
     */
    public List<Event> events() {
        List<Event> out = new ArrayList<>();
        Path mem = dirs.get("memory");
        if (mem != null) {
            String m = "killed by the OOM killer: memory limit " + human(memoryBytes) + " reached";
            out.add(new Event(mem.resolve("memory.events"), "oom_kill", m));
            out.add(new Event(mem.resolve("memory.oom_control"), "oom_kill", m));
        }
        Path p = dirs.get("pids");
        if (p != null) {
            out.add(new Event(p.resolve("pids.events"), "max", "pids limit " + pids + " reached: a fork failed"));
        }
        return out;
    }

    /** Why the command ended, if a limit ended it: the OOM killer, or a refused fork. */
    public Optional<String> why() {
        for (Event e : events()) {
            if (counter(e.file(), e.key()) > 0) {
                return Optional.of(e.message());
            }
        }
        return Optional.empty();
    }

    private static long counter(Path f, String key) {
        try {
            Long v = KeyValueLines.parse(Files.readString(f), f).get(key);
            return v == null ? 0 : v;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String human(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "G";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "M";
        }
        if (bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "K";
        }
        return bytes + " bytes";
    }

    /** {@link #remove(Duration)} with {@link #REMOVE_WAIT}. */
    public List<Path> remove() {
        return remove(REMOVE_WAIT);
    }

    /**
     * Kills what is inside and removes the cgroup with the child cgroups the command made, deepest
     * first, polling until the killed processes have left, for at most {@code wait}. Safe to call
     * more than once (what is gone already is skipped).
     *
     * @return the directories that could not be removed (empty when all went): for each cgroup
     *         still there, the deepest one that failed
     */
    public synchronized List<Path> remove(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long pauseMillis = 1;
        while (true) {
            List<Path> left = new ArrayList<>();
            for (int i = made.size() - 1; i >= 0; i--) {
                removeTree(made.get(i), 0, true).ifPresent(left::add);
            }
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return left;
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return left;
            }
            pauseMillis = Math.min(20, pauseMillis * 2);
        }
    }

    /** Removes everything left, without saying what could not be removed; see {@link #remove()}. */
    @Override
    public void close() {
        remove();
    }

    /**
     * Removes {@code dir} and its child cgroups, deepest first, killing what is in each when
     * {@code kill}; the deepest directory that is still there, if any.
     */
    private static Optional<Path> removeTree(Path dir, int depth, boolean kill) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (depth > MAX_DEPTH) {
            return Optional.of(dir);
        }
        if (kill) {
            killAll(dir);
        }
        Optional<Path> failed = Optional.empty();
        for (Path child : children(dir)) {
            Optional<Path> f = removeTree(child, depth + 1, kill);
            if (failed.isEmpty()) {
                failed = f;
            }
        }
        try {
            Files.delete(dir);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(failed.orElse(dir));
        }
        return Optional.empty();
    }

    private static List<Path> children(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not listable: its rmdir says what is wrong
        }
        return out;
    }

    /** cgroup.kill (cgroup2, Linux 5.14+) when the kernel has it, else SIGKILL to each pid of cgroup.procs. */
    private static void killAll(Path dir) {
        try {
            // WRITE without CREATE: where the file does not exist (v1, older kernels), nothing is made
            Files.write(dir.resolve("cgroup.kill"), "1".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
            return;
        } catch (IOException e) {
            // below
        }
        for (long pid : procs(dir)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** The pids in {@code dir/cgroup.procs}; none when it does not exist. */
    private static List<Long> procs(Path dir) {
        List<Long> out = new ArrayList<>();
        try {
            for (String l : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                if (!l.isBlank()) {
                    out.add(Long.parseLong(l.trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone already
        }
        return out;
    }

    /**
     * Removes the stale experiment cgroups beneath the caller's own cgroup, in every hierarchy:
     * those named {@code jns-experiment-PID} whose PID is gone (no such process, a zombie, or a
     * process that started well after the cgroup was made: the pid was reused), and that hold no
     * process at any level. Child cgroups go first. Never fails: what cannot be read or removed
     * is left alone.
     *
     * @return the directories removed
     */
    public static List<Path> reclaim(CgroupFs fs, ProcFs proc) {
        List<Path> removed = new ArrayList<>();
        Map<Hierarchy, String> own;
        try {
            int self = proc.selfPid().orElse(-1);
            if (self < 0) {
                return removed;
            }
            own = fs.pathsOf(proc.cgroups(self));
        } catch (RuntimeException e) {
            return removed;
        }
        for (Hierarchy h : fs.layout().hierarchies()) {
            Path parent = h.dirOf(own.getOrDefault(h, "/"));
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, PREFIX + "*")) {
                for (Path d : ds) {
                    var m = NAME.matcher(d.getFileName().toString());
                    if (m.matches() && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)
                            && !makerAlive(proc, Integer.parseInt(m.group(1)), d) && empty(d, 0)
                            && removeTree(d, 0, false).isEmpty()) {
                        removed.add(d);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // this hierarchy cannot be listed here: nothing to reclaim in it
            }
        }
        return removed;
    }

    /** Whether the process {@code pid} may be the one that made {@code dir}; when unsure, yes. */
    private static boolean makerAlive(ProcFs proc, int pid, Path dir) {
        if (!proc.exists(pid)) {
            return false;
        }
        try {
            ProcStat st = proc.stat(pid);
            if (st.state() == 'Z') {
                return false;
            }
            String uptime = Files.readString(proc.file("uptime")).trim();
            double up = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ') < 0 ? uptime.length() : uptime.indexOf(' ')));
            long processAge = Math.round((up - st.startTicks() / (double) ProcessSnapshot.TICKS_PER_SECOND) * 1000);
            long dirAge = System.currentTimeMillis() - Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toMillis();
            return processAge + REUSE_MARGIN_MILLIS >= dirAge;
        } catch (IOException | RuntimeException e) {
            return proc.exists(pid); // it ended while being read, or cannot be read: alive means unsure
        }
    }

    /** No process in {@code dir} nor below (a missing cgroup.procs counts as none). */
    private static boolean empty(Path dir, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        try {
            for (String l : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                if (!l.isBlank()) {
                    return false;
                }
            }
        } catch (NoSuchFileException e) {
            // no processes file: nothing in it
        } catch (IOException e) {
            return false;
        }
        for (Path c : children(dir)) {
            if (!empty(c, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private static void write(Path f, String value) {
        try {
            Files.writeString(f, value);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new AccessDeniedException(f, e);
        } catch (IOException e) {
            throw new NotFoundException(f, "cannot write " + value + " to " + f + ": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

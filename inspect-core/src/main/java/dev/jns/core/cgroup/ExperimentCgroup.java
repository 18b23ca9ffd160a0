package dev.jns.core.cgroup;

import dev.jns.core.NotFoundException;
import dev.jns.core.ReadException;
import dev.jns.core.internal.KeyValueLines;
import dev.jns.core.proc.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cgroup made for one experiment, with limits, beneath the caller's own cgroup in each
 * hierarchy that runs a limited controller (never at a hierarchy's root), on v1, v2 and hybrid
 * hosts. The command joins it by writing its pid to {@link #procsFiles()}; {@link #close()} kills
 * whatever is still inside and removes it. {@link #why()} tells whether a limit ended the command.
 *
 * <pre>{@code
 * try (ExperimentCgroup cg = ExperimentCgroup.create(fs, proc, 64L << 20, null, 20)) { ... }
 * }</pre>
 */
public final class ExperimentCgroup implements AutoCloseable {
    private static final long PERIOD_USEC = 100_000;
    private final Map<String, Path> dirs; // controller -> directory
    private final Long memoryBytes;
    private final Integer pids;
    private final List<Path> made = new ArrayList<>();

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
     * @throws NotFoundException when a controller is not mounted, or cannot be delegated below
     *                           the caller's cgroup
     */
    public static ExperimentCgroup create(CgroupFs fs, ProcFs proc, Long memoryBytes, Double cpus, Integer pids) {
        ExperimentCgroup cg = new ExperimentCgroup(new LinkedHashMap<>(), memoryBytes, pids);
        if (memoryBytes == null && cpus == null && pids == null) {
            return cg;
        }
        int self = proc.selfPid().orElseThrow(() -> new NotFoundException(proc.file("self"), "no /proc/self"));
        Map<Hierarchy, String> own = fs.pathsOf(proc.cgroups(self));
        String name = "jns-experiment-" + ProcessHandle.current().pid();
        try {
            if (memoryBytes != null) {
                Path d = cg.make(fs, own, "memory", name);
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
                Path d = cg.make(fs, own, "cpu", name);
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
                    cg.make(fs, own, "cpuacct", name);
                }
            }
            if (pids != null) {
                write(cg.make(fs, own, "pids", name).resolve("pids.max"), Integer.toString(pids));
            }
            return cg;
        } catch (RuntimeException e) {
            cg.close();
            throw e;
        }
    }

    private Path make(CgroupFs fs, Map<Hierarchy, String> own, String controller, String name) {
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
            } catch (IOException e) {
                throw new ReadException(dir, e);
            }
            made.add(dir);
        }
        dirs.put(controller, dir);
        return dir;
    }

    /** On cgroup2, a controller must be enabled in the parent's subtree_control. */
    private static void delegate(Path parent, String controller) {
        try {
            String enabled = Files.readString(parent.resolve("cgroup.subtree_control"));
            if (!List.of(enabled.trim().split(" ")).contains(controller)) {
                Files.writeString(parent.resolve("cgroup.subtree_control"), "+" + controller);
            }
        } catch (IOException e) {
            throw new NotFoundException(parent, "cannot enable the " + controller + " controller below " + parent
                    + " (" + e.getMessage() + "): a cgroup2 cgroup with processes cannot delegate controllers;"
                    + " run jns in a cgroup of its own, e.g. systemd-run --scope -p Delegate=yes jns ...");
        }
    }

    /** The {@code cgroup.procs} files a process writes its pid to, to join. */
    public List<Path> procsFiles() {
        List<Path> out = new ArrayList<>();
        for (Path d : made) {
            out.add(d.resolve("cgroup.procs"));
        }
        return out;
    }

    /** Why the command ended, if a limit ended it: the OOM killer, or a refused fork. */
    public Optional<String> why() {
        Path mem = dirs.get("memory");
        if (mem != null) {
            long kills = counter(mem.resolve("memory.events"), "oom_kill") + counter(mem.resolve("memory.oom_control"), "oom_kill");
            if (kills > 0) {
                return Optional.of("killed by the OOM killer: memory limit " + human(memoryBytes) + " reached");
            }
        }
        Path p = dirs.get("pids");
        if (p != null && counter(p.resolve("pids.events"), "max") > 0) {
            return Optional.of("pids limit " + pids + " reached: a fork failed");
        }
        return Optional.empty();
    }

    private static long counter(Path f, String key) {
        try {
            Map<String, Long> m = KeyValueLines.parse(Files.readString(f), f);
            Long v = m.get(key);
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

    /**
     * Kills what is left inside and removes the cgroup (deepest first), retrying while it drains.
     * Safe to call more than once, and from a shutdown hook.
     */
    @Override
    public synchronized void close() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (int i = made.size() - 1; i >= 0; i--) {
            Path d = made.get(i);
            while (Files.isDirectory(d)) {
                killAll(d);
                try {
                    Files.delete(d);
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        break; // leave it rather than hang; the message below names it
                    }
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static void killAll(Path dir) {
        try {
            for (String l : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                if (!l.isBlank()) {
                    ProcessHandle.of(Long.parseLong(l.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone already
        }
    }

    private static void write(Path f, String value) {
        try {
            Files.writeString(f, value);
        } catch (IOException e) {
            throw new ReadException(f, e);
        }
    }
}

package dev.jns.core.proc;

import dev.jns.core.JnsException;
import dev.jns.core.NamespaceId;
import dev.jns.core.NamespaceType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Every process of a proc root at one moment, with what a process top view shows: its
 * {@code stat} (CPU ticks, RSS, state), owner, command line, cgroup and namespaces. A process that
 * exits while it is read is left out; a file that cannot be read leaves its figure empty. A process
 * with a malformed file, or one that is not a regular file, is left out and noted in
 * {@link ProcFs#skipped()}.
 *
 * @param monotonicNanos when the snapshot was taken ({@link System#nanoTime()})
 * @param processes      by pid, ascending
 */
public record ProcessSnapshot(long monotonicNanos, Map<Integer, Sample> processes) {

    /** Clock ticks per second of {@code stat}'s CPU times: USER_HZ, 100 on every Linux architecture jns runs on. */
    public static final int TICKS_PER_SECOND = 100;

    public ProcessSnapshot {
        processes = Collections.unmodifiableMap(new LinkedHashMap<>(processes));
    }

    /**
     * One process.
     *
     * @param stat       {@code /proc/PID/stat}
     * @param uid        owner of {@code /proc/PID}
     * @param user       its name, or the number
     * @param cmdline    arguments, empty for kernel threads and when unreadable
     * @param cgroup     the cgroup2 path when the process has one, else its first v1 path; empty when unreadable
     * @param namespaces its namespaces; a type is absent when the link cannot be read
     * @param cgroups    its distinct cgroup paths over all hierarchies (on a hybrid host a v1
     *                   controller may place it elsewhere than cgroup2), {@code cgroup} first
     */
    public record Sample(ProcStat stat, int uid, String user, List<String> cmdline, String cgroup,
                         Map<NamespaceType, NamespaceId> namespaces, List<String> cgroups) {
        public Sample {
            cmdline = List.copyOf(cmdline);
            cgroups = List.copyOf(cgroups);
            namespaces = namespaces.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(namespaces));
        }

        /** The command line joined by spaces, or {@code [comm]} for a kernel thread. */
        public String command() {
            return cmdline.isEmpty() ? "[" + stat.comm() + "]" : String.join(" ", cmdline);
        }
    }

    /** Reads every process of {@code proc} now. */
    public static ProcessSnapshot take(ProcFs proc, Passwd users) {
        long t = System.nanoTime();
        Map<Integer, Sample> out = new LinkedHashMap<>();
        for (int pid : proc.pids()) {
            read(proc, users, pid).ifPresent(s -> out.put(pid, s));
        }
        return new ProcessSnapshot(t, out);
    }

    /**
     * One process now; empty when it does not exist (any more), its {@code stat} cannot be read,
     * or one of its files is bad (then noted in {@link ProcFs#skipped()}).
     */
    public static Optional<Sample> read(ProcFs proc, Passwd users, int pid) {
        try {
            return readOrThrow(proc, users, pid);
        } catch (JnsException e) {
            if (ProcFs.isBadProcess(e)) {
                proc.skip(pid, e);
            }
            return Optional.empty();
        }
    }

    private static Optional<Sample> readOrThrow(ProcFs proc, Passwd users, int pid) {
        ProcStat st = proc.stat(pid);
        int uid = proc.owner(pid);
        List<String> args;
        try {
            args = proc.cmdline(pid);
        } catch (JnsException e) {
            if (ProcFs.isBadProcess(e)) {
                throw e;
            }
            args = List.of();
        }
        String cgroup = "";
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        try {
            List<ProcCgroup> entries = proc.cgroups(pid);
            for (ProcCgroup c : entries) {
                if (c.unified()) {
                    cgroup = c.path();
                }
            }
            if (cgroup.isEmpty() && !entries.isEmpty()) {
                cgroup = entries.get(0).path();
            }
            if (!cgroup.isEmpty()) {
                all.add(cgroup);
            }
            for (ProcCgroup c : entries) {
                all.add(c.path());
            }
        } catch (JnsException e) {
            if (ProcFs.isBadProcess(e)) {
                throw e;
            }
            cgroup = "";
        }
        Map<NamespaceType, NamespaceId> ns = new EnumMap<>(NamespaceType.class);
        for (NamespaceType type : NamespaceType.values()) {
            try {
                proc.namespace(pid, type).ifPresent(id -> ns.put(type, id));
            } catch (JnsException e) {
                // unreadable: the type stays absent
            }
        }
        return Optional.of(new Sample(st, uid, users.name(uid), args, cgroup, ns, List.copyOf(all)));
    }

    /** The process's CPU use since {@code prev}, in percent of one CPU; empty when either lacks it. */
    public OptionalDouble cpuPercent(ProcessSnapshot prev, int pid) {
        Sample now = processes.get(pid);
        Sample then = prev == null ? null : prev.processes.get(pid);
        long dt = monotonicNanos - (prev == null ? 0 : prev.monotonicNanos);
        if (now == null || then == null || dt <= 0 || now.stat().startTicks() != then.stat().startTicks()) {
            return OptionalDouble.empty();
        }
        long ticks = now.stat().utimeTicks() + now.stat().stimeTicks() - then.stat().utimeTicks() - then.stat().stimeTicks();
        return OptionalDouble.of(Math.max(0, ticks) * 1e9 * 100 / TICKS_PER_SECOND / dt);
    }

    /** How many processes of this snapshot are in namespace {@code id}. */
    public int sharing(NamespaceId id) {
        int n = 0;
        for (Sample s : processes.values()) {
            if (id.equals(s.namespaces().get(id.type()))) {
                n++;
            }
        }
        return n;
    }
}

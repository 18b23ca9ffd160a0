package dev.jns.samples;

import dev.jns.core.JnsException;
import dev.jns.core.Units;
import dev.jns.core.cgroup.CgroupFs;
import dev.jns.core.cgroup.CgroupStats;
import dev.jns.core.cgroup.Limit;
import dev.jns.core.proc.ProcFs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Library example: a cgroup's usage and its limits (memory, CPU, pids), on v1, v2 and hybrid
 * hosts alike, through the core's cgroup package. Give a cgroup path, or a PID for the cgroups of
 * that process (on v1 and hybrid hosts each controller has its own).
 *
 * <pre>
 * java -cp ... dev.jns.samples.CgroupUsage /system.slice
 * java -cp ... dev.jns.samples.CgroupUsage 1234
 * </pre>
 */
public final class CgroupUsage {
    private CgroupUsage() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: CgroupUsage PID|CGROUP");
            System.exit(2);
        }
        System.exit(run(args[0], Path.of("/proc"), Path.of("/"), System.out));
    }

    /**
     * Prints the usage and limits of {@code target}, a PID or a cgroup path; 0 when done, 1 when
     * there is no such process or cgroup (one line says which), 2 for a target that is neither.
     */
    public static int run(String target, Path procRoot, Path sysRoot, PrintStream out) {
        ProcFs proc = new ProcFs(procRoot);
        try (CgroupFs fs = CgroupFs.detect(proc, sysRoot)) {
            CgroupStats s;
            if (target.matches("[0-9]+")) {
                var cgroups = proc.cgroups(Integer.parseInt(target));
                s = fs.readMember(cgroups);
                out.println("process " + target + ", in:");
                fs.placement(cgroups).forEach((hierarchy, path) -> out.println("  " + hierarchy + " " + path));
            } else if (target.startsWith("/")) {
                s = fs.read(fs.require(target));
            } else {
                out.println("not a PID or a cgroup path (one starts with /): " + target);
                return 2;
            }
            if (!target.matches("[0-9]+")) {
                out.println("cgroup " + s.path() + " (" + fs.layout().mode().label() + " host)");
            }
            print(s, out);
            return 0;
        } catch (JnsException e) {
            out.println(e.getMessage());
            return 1;
        }
    }

    private static void print(CgroupStats s, PrintStream out) {
        CgroupStats.Memory m = s.memory();
        out.println("memory  " + Units.bytes(m.current()) + " used" + limit(m.max(), m.current(), true)
                + ", of which anon " + Units.bytes(m.anon()) + ", page cache " + Units.bytes(m.file()));

        CgroupStats.Cpu c = s.cpu();
        String cpuLimit = c.max().map(x -> x.cpus().isPresent()
                ? String.format(Locale.ROOT, "limit %.2f CPU (%s of every %d µs)", x.cpus().getAsDouble(),
                        x.quotaUsec(), x.periodUsec())
                : "no limit").orElse("limit -");
        out.println("cpu     " + Units.seconds(c.usageNs()) + " used (user " + Units.seconds(c.userNs()) + ", system "
                + Units.seconds(c.systemNs()) + "), " + cpuLimit + ", throttled in " + Units.count(c.throttledPeriods())
                + " of " + Units.count(c.periods()) + " periods");

        CgroupStats.Pids p = s.pids();
        out.println("pids    " + Units.count(p.current()) + " in use" + limit(p.max(), p.current(), false));
    }

    /** ", limit 32.0M (40% used)", ", no limit", or ", limit -" when the file does not exist here. */
    private static String limit(Optional<Limit> max, OptionalLong used, boolean inBytes) {
        if (max.isEmpty()) {
            return ", limit -";
        }
        if (max.get().unlimited()) {
            return ", no limit";
        }
        long v = max.get().value().getAsLong();
        String text = inBytes ? Units.bytes(v) : Long.toString(v);
        if (used.isPresent() && v > 0) {
            text += String.format(Locale.ROOT, " (%.0f%% used)", 100.0 * used.getAsLong() / v);
        }
        return ", limit " + text;
    }
}

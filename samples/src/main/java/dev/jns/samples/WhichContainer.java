package dev.jns.samples;

import dev.jns.core.JnsException;
import dev.jns.core.NamespaceId;
import dev.jns.core.NamespaceType;
import dev.jns.core.proc.ProcCgroup;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.proc.ProcStat;
import dev.jns.core.text.SafeText;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Library example: which container a process belongs to. It compares the process's namespaces
 * with PID 1's (what it shares with the host, what it has of its own), prints its cgroups, and
 * guesses the container engine from the cgroup paths (docker, podman, containerd, CRI-O,
 * systemd-nspawn, LXC, jns unshare) or else from its ancestors (runc, crun, conmon, a containerd
 * shim, unshare). The guess is a guess: any process may name its cgroup as it likes.
 *
 * <pre>
 * java -cp ... dev.jns.samples.WhichContainer 1234
 * </pre>
 */
public final class WhichContainer {
    private WhichContainer() {}

    /** Cgroup path patterns of the common engines, most specific first; group 1 is the id or name. */
    private static final List<Map.Entry<String, Pattern>> BY_CGROUP = List.of(
            Map.entry("docker", Pattern.compile("(?:/docker/|docker-)([0-9a-f]{12,64})(?:\\.scope)?(?:/|$)")),
            Map.entry("podman", Pattern.compile("libpod-(?:conmon-)?([0-9a-f]{12,64})(?:\\.scope)?(?:/|$)")),
            Map.entry("CRI-O (Kubernetes)", Pattern.compile("crio-(?:conmon-)?([0-9a-f]{12,64})(?:\\.scope)?(?:/|$)")),
            Map.entry("containerd (Kubernetes)", Pattern.compile("cri-containerd-([0-9a-f]{12,64})(?:\\.scope)?(?:/|$)")),
            Map.entry("Kubernetes pod", Pattern.compile("/kubepods[^/]*/(?:[^/]+/)*(?:pod)?([0-9a-f_-]{36})(?:\\.slice)?(?:/|$)")),
            Map.entry("systemd-nspawn", Pattern.compile("(?:systemd-nspawn@|machine-)([^/]+?)(?:\\.service|\\.scope)(?:/|$)")),
            Map.entry("LXC", Pattern.compile("/lxc(?:\\.payload\\.|/)([^/]+)")),
            Map.entry("jns unshare", Pattern.compile("/jns-experiment-([0-9]+)(?:/|$)")));

    /** Process names of runtimes and their helpers, seen among a container's ancestors. */
    private static final List<Map.Entry<String, Pattern>> BY_ANCESTOR = List.of(
            Map.entry("runc", Pattern.compile("runc(?::.*)?")),
            Map.entry("crun", Pattern.compile("crun")),
            Map.entry("podman (conmon)", Pattern.compile("conmon")),
            Map.entry("containerd", Pattern.compile("containerd-shim.*")),
            Map.entry("systemd-nspawn", Pattern.compile("systemd-nspawn")),
            Map.entry("jns unshare", Pattern.compile("jns-nsexec")),
            Map.entry("unshare (util-linux)", Pattern.compile("unshare")));

    public static void main(String[] args) {
        if (args.length != 1 || !args[0].matches("[0-9]+")) {
            System.err.println("usage: WhichContainer PID");
            System.exit(2);
        }
        System.exit(run(Integer.parseInt(args[0]), Path.of("/proc"), System.out));
    }

    /** Prints what {@code pid} shares with PID 1 and a guess at its container; 1 when it cannot be read. */
    public static int run(int pid, Path procRoot, PrintStream out) {
        ProcFs proc = new ProcFs(procRoot);
        try {
            ProcStat st = proc.stat(pid);
            out.println("process " + pid + " (" + SafeText.escape(st.comm(), false) + "), parent " + st.ppid());
            Map<NamespaceType, NamespaceId> mine = proc.namespaces(pid);
            Reference ref = reference(proc);
            Map<NamespaceType, NamespaceId> host = ref.namespaces();
            List<String> own = new ArrayList<>();
            out.println("namespaces, compared with the host's (those of " + ref.label() + "):");
            for (Map.Entry<NamespaceType, NamespaceId> e : mine.entrySet()) {
                boolean shared = e.getValue().equals(host.get(e.getKey()));
                if (!shared) {
                    own.add(e.getKey().procName());
                }
                out.printf("  %-6s %-12d %s%n", e.getKey().procName(), e.getValue().inode(),
                        shared ? "shared with the host" : "its own");
            }
            List<ProcCgroup> cgroups = proc.cgroups(pid);
            out.println("cgroups:");
            for (ProcCgroup c : cgroups) {
                out.println("  " + (c.unified() ? "(v2)" : String.join(",", c.controllers())) + " " + SafeText.escape(c.path(), false));
            }
            List<String> ancestors = ancestors(proc, st.ppid());
            Optional<String> engine = guess(cgroups.stream().map(ProcCgroup::path).toList(), ancestors);
            if (own.isEmpty()) {
                out.println("container: none: it shares every namespace with the host"
                        + engine.map(g -> " (though its cgroup suggests " + g + ")").orElse(""));
            } else {
                out.println("container: " + engine.orElse("unknown engine") + "; namespaces of its own: "
                        + String.join(" ", own));
            }
            return 0;
        } catch (JnsException e) {
            out.println(SafeText.escape(e.getMessage(), false));
            return 1;
        }
    }

    private record Reference(String label, Map<NamespaceType, NamespaceId> namespaces) {}

    /**
     * The host's namespaces: PID 1's, or else (when PID 1 refuses to be read, as an undumpable
     * init does) kthreadd's, PID 2: kernel threads always live in the initial namespaces.
     */
    private static Reference reference(ProcFs proc) {
        JnsException first = null;
        for (int pid : new int[] {1, 2}) {
            try {
                return new Reference("PID " + pid + ", " + proc.stat(pid).comm(), proc.namespaces(pid));
            } catch (JnsException e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    /** The command names from {@code ppid} up to (not including) PID 1, nearest first. */
    static List<String> ancestors(ProcFs proc, int ppid) {
        List<String> out = new ArrayList<>();
        int p = ppid;
        for (int i = 0; i < 64 && p > 1; i++) {
            try {
                ProcStat st = proc.stat(p);
                out.add(st.comm());
                p = st.ppid();
            } catch (JnsException gone) {
                break;
            }
        }
        return out;
    }

    /**
     * The container engine that cgroup paths, or else ancestor command names, point at, such as
     * {@code docker 0123456789ab}; empty when nothing matches.
     */
    public static Optional<String> guess(List<String> cgroupPaths, List<String> ancestorComms) {
        for (Map.Entry<String, Pattern> e : BY_CGROUP) {
            for (String path : cgroupPaths) {
                Matcher m = e.getValue().matcher(path);
                if (m.find()) {
                    String id = m.group(1);
                    return Optional.of(e.getKey() + " " + (id.matches("[0-9a-f]{64}") ? id.substring(0, 12) : id));
                }
            }
        }
        for (Map.Entry<String, Pattern> e : BY_ANCESTOR) {
            for (String comm : ancestorComms) {
                if (e.getValue().matcher(comm).matches()) {
                    return Optional.of(e.getKey() + " (an ancestor is " + comm + ")");
                }
            }
        }
        return Optional.empty();
    }
}

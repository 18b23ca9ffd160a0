package dev.jns.cli.cgroup;

import dev.jns.cli.output.Invocation;
import dev.jns.cli.output.ExitCodes;
import dev.jns.cli.output.Json;
import dev.jns.cli.output.ProcNotes;
import dev.jns.core.JnsException;
import dev.jns.core.cgroup.CgroupFs;
import dev.jns.core.cgroup.CgroupPath;
import dev.jns.core.proc.Passwd;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.proc.ProcessInfo;
import dev.jns.core.text.SafeText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jns cg ls}: the cgroup tree with each cgroup's processes, like systemd-cgls, over every
 * hierarchy at once (a cgroup that exists only in one v1 hierarchy is shown too).
 */
@Command(name = "ls", mixinStandardHelpOptions = true, sortOptions = false,
        // one string: `jns cg --help` lists a subcommand with the first string of its description
        description = "The cgroup tree with each cgroup's processes (pid, command), like systemd-cgls,"
            + " merged over all hierarchies: v1, v2 and hybrid.",
        footerHeading = "%nExamples:%n",
        footer = {"  jns cg ls                  the whole tree", "  jns cg ls /system.slice    one subtree",
            "  jns cg ls --no-procs       cgroups only",
            "  jns cg ls --json | jq .    the tree as JSON: each cgroup's path, processes",
            "                             [{pid, command}] and, when it has any, children",
            "", "Exit status: 0 success, 1 failure (no such cgroup), 2 usage error."})
public final class CgLsCommand implements Callable<Integer> {
    @ParentCommand
    CgCommand cg;

    @Spec
    CommandSpec spec;

    @Option(names = "--no-procs", description = "Only the cgroups, not their processes.")
    boolean noProcs;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "-1", description = "Levels below the start to show (default: all).")
    int depth;

    @Option(names = {"-J", "--json"}, description = "The tree as one JSON document, each cgroup's children nested in it.")
    boolean json;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CGROUP", description = "Start here instead of /.")
    String start;

    @Override
    public Integer call() {
        Invocation root = cg.root();
        CgroupFs fs = root.cgroupFs();
        String path = start == null ? "/" : CgroupPath.normalize(start);
        fs.require(path);
        ProcFs proc = root.procFs();
        Passwd users = Passwd.forProcRoot(proc.root());
        boolean utf8 = root.terminal().utf8();
        List<String> paths = fs.tree(path, depth);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(fs, proc, users, paths, path, utf8));
        } else {
            out.println("Control group " + SafeText.escape(path, utf8) + " (" + fs.layout().mode().label() + "):");
            // Each cgroup is a node; its processes are leaves before its child cgroups.
            print(out, fs, proc, users, paths, path, utf8);
        }
        out.flush();
        new ProcNotes(spec.commandLine().getErr(), spec.qualifiedName(), utf8).skipped(proc);
        return ExitCodes.OK;
    }

    /** One cgroup still to print: its line's indent, and whether it is the last of its siblings. */
    private record Node(String path, String indent, boolean last) {}

    /** The tree below {@code start}, depth-first without recursion (a tree may be thousands of levels deep). */
    private void print(PrintWriter out, CgroupFs fs, ProcFs proc, Passwd users, List<String> paths, String start,
                       boolean utf8) {
        Map<String, List<String>> kids = children(paths);
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
        todo.push(new Node(start, null, true));
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            String indent = "";
            if (n.indent() != null) {
                out.println(n.indent() + branch(n.last(), utf8) + SafeText.escape(CgroupPath.name(n.path()), utf8));
                indent = n.indent() + (n.last() ? "  " : utf8 ? "\u2502 " : "| ");
            }
            List<String> below = kids.getOrDefault(n.path(), List.of());
            List<Member> members = processes(fs, proc, users, n.path());
            int total = members.size() + below.size();
            int i = 0;
            for (Member m : members) {
                out.println(indent + branch(++i == total, utf8) + m.pid() + " " + SafeText.escape(m.command(), utf8));
            }
            for (int k = below.size() - 1; k >= 0; k--) {
                todo.push(new Node(below.get(k), indent, i + k + 1 == total));
            }
        }
    }

    /** A process of a cgroup. */
    private record Member(int pid, String command) {}

    /** The processes in the cgroup itself (none with --no-procs); bad processes are skipped and noted. */
    private List<Member> processes(CgroupFs fs, ProcFs proc, Passwd users, String path) {
        List<Member> members = new ArrayList<>();
        if (noProcs) {
            return members;
        }
        for (int pid : fs.processes(path)) {
            try {
                ProcessInfo p = proc.process(pid, users);
                members.add(new Member(pid, p.command()));
            } catch (JnsException e) {
                if (ProcFs.isBadProcess(e)) {
                    proc.skip(pid, e);
                }
                // else exited meanwhile
            }
        }
        return members;
    }

    /** One cgroup whose children are being written. */
    private static final class Level {
        final List<String> paths;
        int next;

        Level(List<String> paths) {
            this.paths = paths;
        }
    }

    /**
     * The tree below {@code start} as one JSON document, lsns -J's tree form:
     * {@code {"mode", "cgroups": [{"path", "processes": [{"pid", "command"}], "children": [...]}]}};
     * {@code children} only when there are some, {@code processes} not with --no-procs. Written
     * without recursion, as the text.
     */
    private String json(CgroupFs fs, ProcFs proc, Passwd users, List<String> paths, String start, boolean utf8) {
        Map<String, List<String>> kids = children(paths);
        Json j = new Json(!utf8).open();
        j.field("mode", fs.layout().mode().label());
        j.openArray("cgroups");
        java.util.ArrayDeque<Level> stack = new java.util.ArrayDeque<>();
        stack.push(new Level(List.of(start)));
        while (!stack.isEmpty()) {
            Level l = stack.peek();
            if (l.next == l.paths.size()) {
                stack.pop();
                j.closeArray();
                if (!stack.isEmpty()) {
                    j.close(); // the cgroup whose children these were
                }
                continue;
            }
            String p = l.paths.get(l.next++);
            j.open().field("path", p);
            if (!noProcs) {
                j.openArray("processes");
                for (Member m : processes(fs, proc, users, p)) {
                    j.open().field("pid", m.pid()).field("command", m.command()).close();
                }
                j.closeArray();
            }
            List<String> below = kids.getOrDefault(p, List.of());
            if (below.isEmpty()) {
                j.close();
            } else {
                j.openArray("children");
                stack.push(new Level(below));
            }
        }
        return j.close().toString();
    }

    private static String branch(boolean last, boolean utf8) {
        return last ? (utf8 ? "\u2514\u2500" : "`-") : (utf8 ? "\u251c\u2500" : "|-");
    }

    /** The child cgroups of each cgroup among {@code paths}, in the order of {@code paths}. */
    private static Map<String, List<String>> children(List<String> paths) {
        Map<String, List<String>> out = new HashMap<>();
        for (String p : paths) {
            String parent = CgroupPath.parent(p);
            if (parent != null) {
                out.computeIfAbsent(parent, k -> new ArrayList<>()).add(p);
            }
        }
        return out;
    }
}

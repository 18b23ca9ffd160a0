package dev.jns.cli;

import dev.jns.core.JnsException;
import dev.jns.core.cgroup.CgroupFs;
import dev.jns.core.proc.Passwd;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.proc.ProcessInfo;
import dev.jns.core.text.SafeText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jns cg ls}: the cgroup tree with each cgroup's processes, like systemd-cgls, over every
 * hierarchy at once (a cgroup that exists only in one v1 hierarchy is shown too). Names and
 * command lines are escaped ({@link SafeText#escape}).
 */
@Command(name = "ls", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The cgroup tree with each cgroup's processes (pid, command), like systemd-cgls,",
            "merged over all hierarchies: v1, v2 and hybrid."},
        footerHeading = "%nExamples:%n",
        footer = {"  jns cg ls                  the whole tree", "  jns cg ls /system.slice    one subtree",
            "  jns cg ls --no-procs       cgroups only",
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

    @Parameters(index = "0", arity = "0..1", paramLabel = "CGROUP", description = "Start here instead of /.")
    String start;

    @Override
    public Integer call() {
        JnsCommand root = cg.root;
        CgroupFs fs = root.cgroupFs();
        String path = start == null ? "/" : CgtopCommand.normalize(start);
        fs.require(path);
        ProcFs proc = root.procFs();
        Passwd users = Passwd.forProcRoot(proc.root());
        boolean utf8 = root.terminal().utf8();
        List<String> paths = fs.tree(path, depth);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Control group " + SafeText.escape(path, utf8) + " (" + fs.layout().mode().label() + "):");
        // Each cgroup is a node; its processes are leaves before its child cgroups.
        printNode(out, fs, proc, users, paths, path, "", utf8);
        out.flush();
        return ExitCodes.OK;
    }

    private void printNode(PrintWriter out, CgroupFs fs, ProcFs proc, Passwd users, List<String> paths, String path,
                           String indent, boolean utf8) {
        List<String> kids = children(paths, path);
        List<String> procLines = new ArrayList<>();
        if (!noProcs) {
            for (int pid : fs.processes(path)) {
                try {
                    ProcessInfo p = proc.process(pid, users);
                    procLines.add(pid + " " + SafeText.escape(p.command(), utf8));
                } catch (JnsException e) {
                    // exited meanwhile
                }
            }
        }
        int total = procLines.size() + kids.size();
        int i = 0;
        for (String l : procLines) {
            out.println(indent + branch(++i == total, utf8) + l);
        }
        for (String k : kids) {
            boolean last = ++i == total;
            out.println(indent + branch(last, utf8) + SafeText.escape(k.substring(k.lastIndexOf('/') + 1), utf8));
            printNode(out, fs, proc, users, paths, k, indent + (last ? "  " : utf8 ? "\u2502 " : "| "), utf8);
        }
    }

    private static String branch(boolean last, boolean utf8) {
        return last ? (utf8 ? "\u2514\u2500" : "`-") : (utf8 ? "\u251c\u2500" : "|-");
    }

    private static List<String> children(List<String> paths, String parent) {
        String prefix = parent.equals("/") ? "/" : parent + "/";
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            if (p.startsWith(prefix) && p.length() > prefix.length() && p.indexOf('/', prefix.length()) < 0) {
                out.add(p);
            }
        }
        return out;
    }
}

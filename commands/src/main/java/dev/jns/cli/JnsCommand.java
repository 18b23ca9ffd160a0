package dev.jns.cli;

import dev.jns.cli.output.Terminal;
import dev.jns.core.proc.ProcFs;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: global options, and the subcommands. */
@Command(name = "jns", mixinStandardHelpOptions = true, version = "jns 0.1.0",
        description = "See and experiment with Linux namespaces, cgroups and OCI bundles.",
        exitCodeListHeading = "%nExit status:%n", exitCodeList = {
            "0:Success.",
            "1:Failure: no such process or namespace, unreadable or malformed input.",
            "2:Usage error: unknown option, type or column, or conflicting options; input that is not a regular file (a FIFO, a device, a link).",
            "*:enter and unshare: the command's status; 128+N for signal N.",
            "125:enter and unshare: joining or creating the namespaces (or unshare's cgroup) failed.",
            "126/127:enter and unshare: the command cannot be run / is not found."})
public final class JnsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--proc-root", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Read this directory instead of /proc: a host's /proc mounted elsewhere, or a fixture.")
    Path procRoot = ProcFs.DEFAULT_ROOT;

    @Option(names = "--sys-root", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Resolve cgroup mount points under this directory instead of /: a fixture, or a host's / mounted elsewhere.")
    Path sysRoot = Path.of("/");

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces and the reasons behind missing values.")
    boolean debug;

    private final Terminal terminal;

    public JnsCommand() {
        this(Terminal.detect());
    }

    public JnsCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    /** Where the output goes. */
    public Terminal terminal() {
        return terminal;
    }

    /** The proc filesystem the options name. */
    public ProcFs procFs() {
        return new ProcFs(procRoot);
    }

    /** The cgroups of the host the options name. */
    public dev.jns.core.cgroup.CgroupFs cgroupFs() {
        return dev.jns.core.cgroup.CgroupFs.detect(procFs(), sysRoot);
    }

    public boolean debug() {
        return debug;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}

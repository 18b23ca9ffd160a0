package dev.jns.cli;

import dev.jns.cli.output.Invocation;
import dev.jns.cli.output.Terminal;
import dev.jns.core.proc.ProcFs;
import java.nio.file.Path;
import java.util.List;
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
public final class JnsCommand implements java.util.concurrent.Callable<Integer>, Invocation {

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

    @Override
    public Terminal terminal() {
        return terminal;
    }

    @Override
    public Path procRoot() {
        return procRoot;
    }

    @Override
    public Path sysRoot() {
        return sysRoot;
    }

    @Override
    public ProcFs procFs() {
        return new ProcFs(procRoot);
    }

    @Override
    public dev.jns.core.cgroup.CgroupFs cgroupFs() {
        return dev.jns.core.cgroup.CgroupFs.detect(procFs(), sysRoot);
    }

    @Override
    public boolean asRoot() {
        try {
            return ((Integer) java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean debug() {
        return debug;
    }

    /**
     * The launcher when jns was started by it ({@code ./jns} passes its own path as
     * {@code -Djns.launcher}), so a jns started from jns gets the same JVM flags and start-up
     * cache; otherwise this JVM's java running {@link Main} on this class path.
     */
    @Override
    public List<String> self() {
        String launcher = System.getProperty("jns.launcher");
        if (launcher != null && !launcher.isEmpty()) {
            return List.of(launcher);
        }
        return List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName());
    }

    /** Bare {@code jns}: the usage on stderr, and the usage error's status (2). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}

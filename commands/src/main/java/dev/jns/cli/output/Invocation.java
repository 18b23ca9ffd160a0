package dev.jns.cli.output;

import dev.jns.core.cgroup.CgroupFs;
import dev.jns.core.proc.ProcFs;
import java.nio.file.Path;
import java.util.List;

/**
 * What one run of jns was given, as every subcommand sees it: the roots to read, where the output
 * goes, whether to debug. The root command implements it; a subcommand names it in its
 * {@code @ParentCommand} field, so no subject package depends on the root package or on another
 * subject's.
 */
public interface Invocation {
    /** Where the output goes. */
    Terminal terminal();

    /** The proc root of {@code --proc-root} (default {@code /proc}). */
    Path procRoot();

    /** The root of {@code --sys-root} under which cgroup mount points resolve (default {@code /}). */
    Path sysRoot();

    /** The proc filesystem the options name. */
    ProcFs procFs();

    /** The cgroups of the host the options name. */
    CgroupFs cgroupFs();

    /** Whether jns runs as root: its effective uid is 0 (the owner of the live {@code /proc/self}). */
    boolean asRoot();

    /** Whether {@code --debug} was given. */
    boolean debug();

    /**
     * The command line that runs this jns again, to which a subcommand and its arguments are
     * appended (for example {@code jns top}'s {@code e} key runs {@code jns enter -a -t PID}).
     */
    List<String> self();
}

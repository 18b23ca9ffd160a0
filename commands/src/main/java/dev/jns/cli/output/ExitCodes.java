package dev.jns.cli.output;

/** The exit codes of every jns command, listed in {@code --help}. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** Failure: no such process or namespace, unreadable or malformed input. */
    public static final int FAILURE = 1;
    /**
     * Usage error: unknown option, type or column; conflicting options. Also input that is not a
     * regular file where one belongs (a FIFO, a device or a link under {@code --proc-root}).
     */
    public static final int USAGE = 2;
    /**
     * {@code jns enter} and {@code jns unshare}, which otherwise return the command's own status:
     * jns itself failed (the namespaces could not be joined or created, the cgroup not made), as
     * nsenter, unshare and env use it.
     */
    public static final int EXEC_FAILED = 125;

    private ExitCodes() {}
}

package dev.jns.core;

import java.nio.file.Path;

/** The kernel refused access to a file (EACCES/EPERM), typically a ptrace check on /proc/PID. */
public final class AccessDeniedException extends JnsException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(Path path, Throwable cause) {
        super(path, "permission denied: " + path, cause);
    }

    /** With a hint on what would work, e.g. "run as root". */
    public AccessDeniedException(Path path, String hint) {
        super(path, "permission denied: " + path + " (" + hint + ")", null);
    }
}

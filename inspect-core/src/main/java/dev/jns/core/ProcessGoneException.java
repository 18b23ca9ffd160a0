package dev.jns.core;

import java.nio.file.Path;

/** The process does not exist (any more): /proc/PID vanished, or never existed. */
public final class ProcessGoneException extends JnsException {
    private static final long serialVersionUID = 1L;
    private final int pid;

    public ProcessGoneException(int pid, Path path, Throwable cause) {
        super(path, "no such process: " + pid, cause);
        this.pid = pid;
    }

    public int pid() {
        return pid;
    }
}

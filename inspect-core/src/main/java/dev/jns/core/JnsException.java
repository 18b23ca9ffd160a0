package dev.jns.core;

import java.nio.file.Path;

/**
 * The one failure type of the inspection core. Every error names the path it concerns, so a
 * command can print a one-line message that says what was wrong and where.
 */
public abstract sealed class JnsException extends RuntimeException
        permits ParseException, ProcessGoneException, AccessDeniedException, NotFoundException, ReadException {

    private static final long serialVersionUID = 1L;
    private final transient Path path;

    protected JnsException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The file or directory the error concerns. */
    public Path path() {
        return path;
    }
}

package dev.jns.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file could not be read for a reason other than absence or permission (for example EIO), or
 * is not a regular file where one is required ({@link NotRegularFileException}).
 */
public sealed class ReadException extends JnsException permits NotRegularFileException {
    private static final long serialVersionUID = 1L;

    public ReadException(Path path, IOException cause) {
        super(path, "cannot read " + path + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()), cause);
    }

    /** With a message of its own. */
    protected ReadException(Path path, String message, IOException cause) {
        super(path, message, cause);
    }
}

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
        super(path, "cannot read " + path + ": " + reason(cause), cause);
    }

    /** With a message of its own. */
    protected ReadException(Path path, String message, IOException cause) {
        super(path, message, cause);
    }

    /**
     * Why, in words: the system's reason ("Is a directory", "Too many levels of symbolic
     * links"), not a Java class name.
     */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof java.nio.file.FileSystemException) {
            String n = e.getClass().getSimpleName().replace("Exception", "");
            return n.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() != null ? e.getMessage() : "I/O error";
    }
}

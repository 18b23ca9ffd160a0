package dev.jns.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that jns reads as content (outside the live {@code /proc}) is not a regular file: a
 * FIFO, a device, a socket, a directory or a symbolic link; or an entry that must be a directory
 * (a process's directory in a proc root) is not one. Reading it could block forever or leave the
 * root, so it is refused. Commands exit with status 2 (unreadable input), or skip the one
 * process whose file it is.
 */
public final class NotRegularFileException extends ReadException {
    private static final long serialVersionUID = 1L;
    private final String what;

    /**
     * @param path the file
     * @param kind what it is instead, e.g. {@code "a FIFO"}
     */
    public NotRegularFileException(Path path, String kind) {
        this(path, "a regular file", kind);
    }

    /**
     * @param path     the file
     * @param expected what it should be, e.g. {@code "a directory"}
     * @param kind     what it is instead, e.g. {@code "a symbolic link"}
     */
    public NotRegularFileException(Path path, String expected, String kind) {
        super(path, path + ": not " + expected + " (" + kind + ")", (IOException) null);
        this.what = "not " + expected + " (" + kind + ")";
    }

    /** What is wrong, without the path: e.g. {@code not a regular file (a FIFO)}. */
    public String what() {
        return what;
    }
}

package dev.jns.core;

import java.nio.file.Path;

/** Something the caller named (a namespace, a root directory, a file) does not exist. */
public final class NotFoundException extends JnsException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(Path path, String message) {
        super(path, message, null);
    }
}

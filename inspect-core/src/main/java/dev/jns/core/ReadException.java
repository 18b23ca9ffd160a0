package dev.jns.core;

import java.io.IOException;
import java.nio.file.Path;

/** A file could not be read for a reason other than absence or permission (for example EIO). */
public final class ReadException extends JnsException {
    private static final long serialVersionUID = 1L;

    public ReadException(Path path, IOException cause) {
        super(path, "cannot read " + path + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()), cause);
    }
}

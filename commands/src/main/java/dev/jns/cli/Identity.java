package dev.jns.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who jns runs as. */
final class Identity {
    private Identity() {}

    /** Whether the effective uid is 0 (owner of {@code /proc/self}). */
    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}

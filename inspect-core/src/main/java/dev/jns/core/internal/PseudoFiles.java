package dev.jns.core.internal;

import dev.jns.core.text.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads kernel pseudo-files. /proc and /sys report sizes of 0 or 4096 whatever the content, so
 * these are read until EOF, without a stat, and capped (after prometheus/procfs ReadFileNoStat).
 */
public final class PseudoFiles {
    /** Upper bound for one pseudo-file; larger content is cut. */
    public static final int MAX_BYTES = 1 << 20;

    private PseudoFiles() {}

    /** The file's bytes, at most {@code max}. */
    public static byte[] read(Path path, int max) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buf = new byte[Math.min(max, 4096)];
            int n = 0;
            while (true) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
                if (n == buf.length) {
                    if (n >= max) {
                        break;
                    }
                    buf = Arrays.copyOf(buf, Math.min(max, buf.length * 2));
                }
            }
            return n == buf.length ? buf : Arrays.copyOf(buf, n);
        }
    }

    /**
     * The file as UTF-8 text, at most {@link #MAX_BYTES}. Decoded without loss ({@link Utf8}): a
     * command name, cgroup or mount path need not be UTF-8, and an invalid byte stays itself.
     */
    public static String text(Path path) throws IOException {
        return Utf8.decode(read(path, MAX_BYTES));
    }
}

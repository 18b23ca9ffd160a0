package dev.jns.core.proc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /proc/PID/cmdline}: the arguments, NUL-separated. Empty for kernel threads and zombies.
 * A process may have rewritten its argument area, so a missing final NUL is accepted.
 */
public final class ProcCmdline {
    private ProcCmdline() {}

    /** Splits the raw bytes into arguments. */
    public static List<String> parse(byte[] raw) {
        List<String> args = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < raw.length) {
            args.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
        }
        return List.copyOf(args);
    }
}

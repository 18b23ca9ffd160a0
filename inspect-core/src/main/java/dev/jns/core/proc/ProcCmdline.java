package dev.jns.core.proc;

import dev.jns.core.text.Utf8;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /proc/PID/cmdline}: the arguments, NUL-separated. Empty for kernel threads and zombies.
 * A process may have rewritten its argument area, so a missing final NUL is accepted. Arguments
 * need not be UTF-8: they are decoded {@link Utf8 losslessly}, an invalid byte kept as an escaped
 * byte that text output shows as {@code \xNN}.
 */
public final class ProcCmdline {
    private ProcCmdline() {}

    /** Splits the raw bytes into arguments. */
    public static List<String> parse(byte[] raw) {
        List<String> args = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                args.add(Utf8.decode(raw, start, i - start));
                start = i + 1;
            }
        }
        if (start < raw.length) {
            args.add(Utf8.decode(raw, start, raw.length - start));
        }
        return List.copyOf(args);
    }
}

package dev.jns.core.proc;

import dev.jns.core.text.Utf8;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /proc/PID/cmdline}: the arguments, NUL-separated. Empty for kernel threads and zombies.
 * A process may have rewritten its argument area, so a missing final NUL is accepted.
 */
public final class ProcCmdline {
    private ProcCmdline() {}

    /**
     * Splits the raw bytes into arguments. Decoded once, then cut: a command line of a million
     * empty arguments (1 MiB of NULs, which any user can exec) costs no object per argument.
     */
    public static List<String> parse(byte[] raw) {
        String s = Utf8.decode(raw); // lossless; a NUL never sits inside a UTF-8 sequence
        List<String> args = new ArrayList<>();
        int start = 0;
        for (int i = s.indexOf('\0'); i >= 0; i = s.indexOf('\0', start)) {
            args.add(i == start ? "" : s.substring(start, i));
            start = i + 1;
        }
        if (start < s.length()) {
            args.add(s.substring(start));
        }
        return List.copyOf(args);
    }
}

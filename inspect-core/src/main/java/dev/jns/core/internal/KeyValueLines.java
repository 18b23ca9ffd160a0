package dev.jns.core.internal;

import dev.jns.core.ParseException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flat-keyed kernel files: one {@code key value} pair per line ({@code cpu.stat},
 * {@code memory.stat}, {@code memory.events}, v1 {@code cpuacct.stat}). Values are unsigned
 * 64-bit integers; a malformed line is an error naming the file and line, never a silent 0.
 */
public final class KeyValueLines {
    private KeyValueLines() {}

    /** Parses {@code content}; {@code path} is only used in errors. */
    public static Map<String, Long> parse(String content, Path path) {
        Map<String, Long> m = new LinkedHashMap<>();
        int lineNo = 0;
        int start = 0;
        int n = content.length();
        while (start < n) {
            int end = content.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            lineNo++;
            if (end > start) {
                int sp = content.indexOf(' ', start);
                if (sp <= start || sp >= end) {
                    throw new ParseException(path, lineNo, "expected 'KEY VALUE'");
                }
                m.put(content.substring(start, sp), number(content.substring(sp + 1, end).trim(), path, lineNo));
            }
            start = end + 1;
        }
        return m;
    }

    /**
     * An unsigned decimal; negative values (some v1 files) read as 0, as opencontainers/cgroups does.
     */
    public static long number(String s, Path path, int lineNo) {
        try {
            if (s.startsWith("-")) {
                Long.parseLong(s);
                return 0;
            }
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new ParseException(path, lineNo, "not a number: '" + s + "'");
        }
    }
}

package dev.jns.core.cgroup;

import dev.jns.core.ParseException;
import dev.jns.core.internal.KeyValueLines;
import dev.jns.core.internal.Lines;
import java.nio.file.Path;

/**
 * Block IO totals of a cgroup, summed over devices: v2 {@code io.stat}
 * ({@code MAJ:MIN rbytes=N wbytes=N rios=N wios=N ...}) or a v1 blkio file
 * ({@code MAJ:MIN Read N} ... {@code Total N}). Stacked devices (dm over sd) are counted once
 * per device line, as the kernel reports them.
 */
public record IoStat(long readBytes, long writeBytes, long readOps, long writeOps) {

    /** Parses v2 {@code io.stat}. Unknown keys (such as {@code cost.usage=}) are ignored. */
    public static IoStat parseV2(String content, Path path) {
        long rb = 0;
        long wb = 0;
        long ro = 0;
        long wo = 0;
        for (Lines l = new Lines(content); l.next(); ) {
            int lineNo = l.number();
            String[] f = l.fields();
            if (f[0].indexOf(':') <= 0) {
                throw new ParseException(path, lineNo, "expected 'MAJ:MIN key=value ...'");
            }
            for (int i = 1; i < f.length; i++) {
                if (f[i].isEmpty()) {
                    continue; // 'MAJ:MIN ' with no IO, then a policy's ' cost.usage=0': two spaces
                }
                int eq = f[i].indexOf('=');
                if (eq <= 0) {
                    throw new ParseException(path, lineNo, "expected key=value, found '" + f[i] + "'");
                }
                String k = f[i].substring(0, eq);
                switch (k) {
                    case "rbytes" -> rb += KeyValueLines.number(f[i].substring(eq + 1), path, lineNo);
                    case "wbytes" -> wb += KeyValueLines.number(f[i].substring(eq + 1), path, lineNo);
                    case "rios" -> ro += KeyValueLines.number(f[i].substring(eq + 1), path, lineNo);
                    case "wios" -> wo += KeyValueLines.number(f[i].substring(eq + 1), path, lineNo);
                    default -> { }
                }
            }
        }
        return new IoStat(rb, wb, ro, wo);
    }

    /**
     * Parses a v1 pair: {@code bytes} ({@code *io_service_bytes*}) and {@code ops}
     * ({@code *io_serviced*}), each {@code MAJ:MIN Op N} lines and a final {@code Total N}.
     */
    public static IoStat parseV1(String bytes, Path bytesPath, String ops, Path opsPath) {
        long[] b = readWrite(bytes, bytesPath);
        long[] o = readWrite(ops, opsPath);
        return new IoStat(b[0], b[1], o[0], o[1]);
    }

    private static long[] readWrite(String content, Path path) {
        long[] rw = new long[2];
        for (Lines l = new Lines(content); l.next(); ) {
            int lineNo = l.number();
            String[] f = l.fields();
            if (f.length == 2 && f[0].equals("Total")) {
                KeyValueLines.number(f[1], path, lineNo); // unused, but a malformed one is still an error
                continue;
            }
            if (f.length != 3 || f[0].indexOf(':') <= 0) {
                throw new ParseException(path, lineNo, "expected 'MAJ:MIN OP VALUE' or 'Total VALUE'");
            }
            long v = KeyValueLines.number(f[2], path, lineNo);
            if (f[1].equals("Read")) {
                rw[0] += v;
            } else if (f[1].equals("Write")) {
                rw[1] += v;
            }
        }
        return rw;
    }
}

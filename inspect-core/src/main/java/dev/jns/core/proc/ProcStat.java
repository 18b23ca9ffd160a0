package dev.jns.core.proc;

import dev.jns.core.ParseException;
import java.nio.file.Path;

/**
 * {@code /proc/PID/stat}: the fields jns uses. See proc_pid_stat(5). The command name may contain
 * spaces and parentheses, so the fields after it are split from the <em>last</em> {@code ')'}.
 *
 * @param pid          field 1
 * @param comm         field 2, without the parentheses
 * @param state        field 3, e.g. {@code 'S'}
 * @param ppid         field 4
 * @param numThreads   field 20
 * @param startTicks   field 22: start time after boot, in clock ticks (see {@code CLK_TCK})
 * @param utimeTicks   field 14: user CPU time, in clock ticks
 * @param stimeTicks   field 15: system CPU time, in clock ticks
 * @param rssPages     field 24: resident set size, in pages; 0 when the line is shorter
 */
public record ProcStat(int pid, String comm, char state, int ppid, int numThreads, long startTicks,
                       long utimeTicks, long stimeTicks, long rssPages) {

    /** Parses the content of one {@code stat} file; {@code path} is only used in errors. */
    public static ProcStat parse(String content, Path path) {
        int open = content.indexOf(" (");
        int close = content.lastIndexOf(')');
        if (open <= 0 || close < open || close + 2 > content.length()) {
            throw new ParseException(path, 1, "expected 'PID (COMM) STATE ...'");
        }
        String[] f = content.substring(close + 2).trim().split(" ");
        if (f.length < 20 || f[0].length() != 1) {
            throw new ParseException(path, 1, "expected at least 22 fields, found " + (f.length + 2));
        }
        try {
            return new ProcStat(Integer.parseInt(content.substring(0, open)),
                    content.substring(open + 2, close), f[0].charAt(0), Integer.parseInt(f[1]),
                    Integer.parseInt(f[17]), Long.parseLong(f[19]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                    f.length > 21 ? Long.parseLong(f[21]) : 0);
        } catch (NumberFormatException e) {
            throw new ParseException(path, 1, "not a number: " + e.getMessage());
        }
    }
}

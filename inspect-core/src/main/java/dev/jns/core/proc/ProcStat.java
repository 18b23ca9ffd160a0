package dev.jns.core.proc;

import dev.jns.core.ParseException;
import java.nio.file.Path;

/**
 * {@code /proc/PID/stat}: the fields jns uses, named and numbered as proc_pid_stat(5) does. The
 * command name may contain spaces and parentheses, so the fields after it are split from the
 * <em>last</em> {@code ')'}.
 *
 * @param pid          field 1, {@code pid}
 * @param comm         field 2, {@code comm}, without the parentheses
 * @param state        field 3, {@code state}, e.g. {@code 'S'}
 * @param ppid         field 4, {@code ppid}
 * @param numThreads   field 20, {@code num_threads}
 * @param startTicks   field 22, {@code starttime}: start time after boot, in clock ticks (see {@code CLK_TCK})
 * @param utimeTicks   field 14, {@code utime}: user CPU time, in clock ticks
 * @param stimeTicks   field 15, {@code stime}: system CPU time, in clock ticks
 * @param rssPages     field 24, {@code rss}: resident set size, in pages; 0 when the line is shorter
 */
public record ProcStat(int pid, String comm, char state, int ppid, int numThreads, long startTicks,
                       long utimeTicks, long stimeTicks, long rssPages) {

    // Field numbers of proc_pid_stat(5), counted from 1 as the man page does (OSHI's ProcPidStat
    // names them the same way). Fields 1 and 2 come before the last ')'.
    private static final int STATE = 3;
    private static final int PPID = 4;
    private static final int UTIME = 14;
    private static final int STIME = 15;
    private static final int NUM_THREADS = 20;
    private static final int STARTTIME = 22;
    private static final int RSS = 24;
    /** The line must reach {@code starttime}; {@code rss} may be missing. */
    private static final int REQUIRED = STARTTIME;

    /**
     * Parses the content of one {@code stat} file; {@code path} is only used in errors. One pass
     * over the line, which allocates nothing but {@code comm} and the record: the fields are kept
     * as {@linkplain #span spans} of the line and parsed in place.
     */
    public static ProcStat parse(String content, Path path) {
        int open = content.indexOf(" (");
        int close = content.lastIndexOf(')');
        if (open <= 0 || close < open || close + 2 > content.length()) {
            throw new ParseException(path, 1, "expected 'PID (COMM) STATE ...'");
        }
        // Fields 3 on: the rest of the line, trimmed, split at single spaces.
        int from = close + 2;
        int to = content.length();
        while (from < to && content.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && content.charAt(to - 1) <= ' ') {
            to--;
        }
        long state = 0;
        long ppid = 0;
        long utime = 0;
        long stime = 0;
        long numThreads = 0;
        long starttime = 0;
        long rss = 0;
        int field = STATE;
        int begin = from;
        for (int i = from; i <= to; i++) {
            if (i < to && content.charAt(i) != ' ') {
                continue;
            }
            long s = span(begin, i);
            switch (field) {
                case STATE -> state = s;
                case PPID -> ppid = s;
                case UTIME -> utime = s;
                case STIME -> stime = s;
                case NUM_THREADS -> numThreads = s;
                case STARTTIME -> starttime = s;
                case RSS -> rss = s;
                default -> { }
            }
            field++;
            begin = i + 1;
            if (field > RSS) {
                break; // the ~28 fields after rss are not used: a third of the line left unscanned
            }
        }
        int fields = field - 1;
        if (fields < REQUIRED || length(state) != 1) {
            fields = 3; // the whole line's count for the message (the loop stops after rss): pid, comm, and the rest
            for (int i = from; i < to; i++) {
                if (content.charAt(i) == ' ') {
                    fields++;
                }
            }
            throw new ParseException(path, 1, "expected at least " + REQUIRED + " fields, found " + fields);
        }
        try {
            int pid = intField(content, span(0, open));
            String comm = content.substring(open + 2, close);
            int parent = intField(content, ppid);
            int threads = intField(content, numThreads);
            long start = longField(content, starttime);
            long user = longField(content, utime);
            long system = longField(content, stime);
            long pages = fields >= RSS ? longField(content, rss) : 0;
            return new ProcStat(pid, comm, content.charAt(begin(state)), parent, threads, start, user, system, pages);
        } catch (NumberFormatException e) {
            throw new ParseException(path, 1, "not a number: " + e.getMessage());
        }
    }

    /** The characters {@code [begin, end)} of the line, packed into one long. */
    private static long span(int begin, int end) {
        return (long) begin << 32 | end;
    }

    private static int begin(long span) {
        return (int) (span >>> 32);
    }

    private static int end(long span) {
        return (int) span;
    }

    private static int length(long span) {
        return end(span) - begin(span);
    }

    private static int intField(String s, long span) {
        try {
            return Integer.parseInt(s, begin(span), end(span), 10);
        } catch (NumberFormatException e) {
            return Integer.parseInt(s.substring(begin(span), end(span))); // throws, with the usual message
        }
    }

    private static long longField(String s, long span) {
        try {
            return Long.parseLong(s, begin(span), end(span), 10);
        } catch (NumberFormatException e) {
            return Long.parseLong(s.substring(begin(span), end(span))); // throws, with the usual message
        }
    }
}

package dev.jns.cli.output;

import dev.jns.core.proc.ProcFs;
import dev.jns.core.text.SafeText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one-line notes a listing prints on stderr about what it left out of a proc root: processes
 * whose files are malformed or not regular files, and cycles in a tree. The exit status stays 0.
 * One instance per run: a process or a note is reported once, however many refreshes meet it.
 */
public final class ProcNotes {
    /** Reasons listed in a note; the rest are counted. */
    static final int SHOWN = 3;
    /** Characters of one reason shown at most. */
    private static final int MAX_REASON = 160;

    private final PrintWriter err;
    private final String command;
    private final boolean utf8;
    private final Set<Integer> noted = new HashSet<>();
    private final Set<String> said = new HashSet<>();

    /**
     * @param err     where notes go
     * @param command the command's name, e.g. {@code jns ls}
     * @param utf8    whether the terminal takes UTF-8 (else every non-ASCII byte is escaped)
     */
    public ProcNotes(PrintWriter err, String command, boolean utf8) {
        this.err = err;
        this.command = command;
        this.utf8 = utf8;
    }

    /** The processes {@code proc} skipped since the last call (see {@link #skipped(ProcFs, List)}). */
    public void skipped(ProcFs proc) {
        skipped(proc, proc.skipped());
    }

    /**
     * {@code jns ls: note: skipped 2 processes with malformed files in ROOT: 426/stat line 1:
     * expected at least 22 fields, found 5; 1/stat line 1: ...}; nothing when none was skipped
     * (or all were noted before).
     */
    public void skipped(ProcFs proc, List<ProcFs.Skipped> all) {
        List<ProcFs.Skipped> s = new ArrayList<>();
        for (ProcFs.Skipped k : all) {
            if (noted.add(k.pid())) {
                s.add(k);
            }
        }
        if (s.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder("skipped ").append(s.size())
                .append(s.size() == 1 ? " process" : " processes").append(" with malformed files in ")
                .append(proc.root()).append(": ");
        for (int i = 0; i < Math.min(SHOWN, s.size()); i++) {
            String r = s.get(i).reason();
            b.append(i > 0 ? "; " : "").append(r.length() > MAX_REASON ? r.substring(0, MAX_REASON) + "..." : r);
        }
        if (s.size() > SHOWN) {
            b.append("; ...");
        }
        note(b.toString());
    }

    /** {@code jns ls: note: WHAT}, once per run. */
    public void note(String what) {
        if (said.add(what)) {
            err.println(SafeText.escape(command + ": note: " + what, utf8));
            err.flush();
        }
    }

    /** The first {@value #SHOWN} items, comma-separated, then {@code and N more}. */
    public static String first(List<String> items) {
        return String.join(", ", items.subList(0, Math.min(SHOWN, items.size())))
                + (items.size() > SHOWN ? " and " + (items.size() - SHOWN) + " more" : "");
    }
}

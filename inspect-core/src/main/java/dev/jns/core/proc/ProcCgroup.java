package dev.jns.core.proc;

import dev.jns.core.ParseException;
import dev.jns.core.internal.Lines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /proc/PID/cgroup}: one line per hierarchy, {@code ID:CONTROLLERS:PATH}. The v2 line is
 * {@code 0::/path}; v1 lines name their controllers ({@code 4:memory:/a}, {@code 9:name=systemd:/}).
 * The path may itself contain colons. See cgroups(7).
 */
public record ProcCgroup(int hierarchyId, List<String> controllers, String path) {

    public ProcCgroup {
        controllers = List.copyOf(controllers);
    }

    /** Whether this is the cgroup2 line. */
    public boolean unified() {
        return hierarchyId == 0 && controllers.isEmpty();
    }

    public static List<ProcCgroup> parse(String content, Path path) {
        List<ProcCgroup> out = new ArrayList<>();
        for (Lines lines = new Lines(content); lines.next(); ) {
            int lineNo = lines.number();
            String l = lines.line();
            int a = l.indexOf(':');
            int b = a < 0 ? -1 : l.indexOf(':', a + 1);
            if (a <= 0 || b < 0) {
                throw new ParseException(path, lineNo, "expected 'ID:CONTROLLERS:PATH'");
            }
            int id;
            try {
                id = Integer.parseInt(l.substring(0, a));
            } catch (NumberFormatException e) {
                throw new ParseException(path, lineNo, "bad hierarchy id '" + l.substring(0, a) + "'");
            }
            if (l.indexOf('\0') >= 0) {
                throw new ParseException(path, lineNo, "a NUL character in a cgroup line");
            }
            String ctl = l.substring(a + 1, b);
            out.add(new ProcCgroup(id, ctl.isEmpty() ? List.of() : List.of(ctl.split(",")), l.substring(b + 1)));
        }
        return List.copyOf(out);
    }
}

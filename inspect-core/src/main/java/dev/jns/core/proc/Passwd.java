package dev.jns.core.proc;

import dev.jns.core.JnsException;
import dev.jns.core.ReadException;
import dev.jns.core.internal.PseudoFiles;
import dev.jns.core.text.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * User names from a {@code passwd(5)} file. Users known only to NSS modules (LDAP, systemd
 * dynamic users) are not in the file; they show as numbers.
 *
 * <p>Reading is bounded, whatever the file holds: at most {@value #MAX_BYTES} bytes
 * (16 MiB) are read, lines longer than {@value #MAX_LINE} bytes are skipped, and at most
 * {@value #MAX_USERS} users are kept; users past these limits show as numbers.
 */
public final class Passwd {
    /** Bytes read at most: 16 MiB, some 200,000 users of a large local file. */
    public static final int MAX_BYTES = 16 << 20;
    /** Longest line kept, in bytes; longer ones are skipped. */
    public static final int MAX_LINE = 4096;
    /** Users kept at most. */
    public static final int MAX_USERS = 100_000;

    private final Map<Integer, String> names;

    private Passwd(Map<Integer, String> names) {
        this.names = names;
    }

    /** Reads {@code file}; a missing or unreadable file gives an empty table. */
    public static Passwd load(Path file) {
        try {
            return read(file, false);
        } catch (IOException | JnsException e) {
            return new Passwd(Map.of());
        }
    }

    /**
     * The passwd file that belongs with a proc root: {@code ROOT/../etc/passwd} when it exists (a
     * host's / mounted elsewhere, or a fixture), otherwise {@code /etc/passwd}. Beside a root
     * other than the live {@code /proc}, the file must be a regular file, not a link.
     *
     * @throws dev.jns.core.NotRegularFileException when the file beside the root is a FIFO, a
     *         link, a directory or a device
     */
    public static Passwd forProcRoot(Path procRoot) {
        Path host = Path.of("/etc/passwd");
        if (procRoot.equals(ProcFs.DEFAULT_ROOT)) {
            return load(host);
        }
        Path parent = procRoot.toAbsolutePath().normalize().getParent();
        Path beside = parent == null ? null : parent.resolve("etc/passwd");
        if (beside == null || beside.equals(host)) {
            return load(host);
        }
        try {
            if (!PseudoFiles.regularOrAbsent(beside)) {
                return load(host);
            }
            return read(beside, true);
        } catch (IOException e) {
            throw new ReadException(beside, e);
        }
    }

    /** Reads a file line by line, within the bounds of the class comment. */
    private static Passwd read(Path file, boolean check) throws IOException {
        Map<Integer, String> m = new HashMap<>();
        try (InputStream in = PseudoFiles.open(file, check)) {
            byte[] buf = new byte[65536];
            byte[] line = new byte[MAX_LINE];
            int len = 0;
            boolean tooLong = false;
            long total = 0;
            int r;
            while (total < MAX_BYTES && m.size() < MAX_USERS
                    && (r = in.read(buf, 0, (int) Math.min(buf.length, MAX_BYTES - total))) > 0) {
                total += r;
                for (int i = 0; i < r; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        if (!tooLong) {
                            addLine(Utf8.decode(line, 0, len), m);
                        }
                        len = 0;
                        tooLong = false;
                    } else if (len < MAX_LINE) {
                        line[len++] = b;
                    } else {
                        tooLong = true;
                    }
                }
            }
            if (len > 0 && !tooLong && total < MAX_BYTES) {
                addLine(Utf8.decode(line, 0, len), m);
            }
        }
        return new Passwd(Map.copyOf(m));
    }

    /** Parses passwd content; malformed lines are skipped, as getpwent(3) does. */
    public static Passwd parse(String content) {
        Map<Integer, String> m = new HashMap<>();
        for (String line : content.split("\n")) {
            addLine(line, m);
        }
        return new Passwd(Map.copyOf(m));
    }

    private static void addLine(String line, Map<Integer, String> m) {
        if (m.size() >= MAX_USERS) {
            return;
        }
        int a = line.indexOf(':');
        int b = a < 0 ? -1 : line.indexOf(':', a + 1);
        if (a <= 0 || b < 0) {
            return;
        }
        int c = line.indexOf(':', b + 1);
        try {
            m.putIfAbsent(Integer.parseUnsignedInt(line.substring(b + 1, c < 0 ? line.length() : c)),
                    line.substring(0, a));
        } catch (NumberFormatException ignored) {
            // skipped, like getpwent
        }
    }

    /** The name of {@code uid}, or the number as text. */
    public String name(int uid) {
        String n = names.get(uid);
        return n != null ? n : Integer.toUnsignedString(uid);
    }
}

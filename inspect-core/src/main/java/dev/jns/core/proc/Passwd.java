package dev.jns.core.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * User names from a {@code passwd(5)} file. Users known only to NSS modules (LDAP, systemd
 * dynamic users) are not in the file; they show as numbers.
 */
public final class Passwd {
    private final Map<Integer, String> names;

    private Passwd(Map<Integer, String> names) {
        this.names = names;
    }

    /** Reads {@code file}; a missing or unreadable file gives an empty table. */
    public static Passwd load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return new Passwd(Map.of());
        }
    }

    /**
     * The passwd file that belongs with a proc root: {@code ROOT/../etc/passwd} when it exists (a
     * host's / mounted elsewhere, or a fixture), otherwise {@code /etc/passwd}.
     */
    public static Passwd forProcRoot(Path procRoot) {
        Path parent = procRoot.toAbsolutePath().normalize().getParent();
        Path beside = parent == null ? null : parent.resolve("etc/passwd");
        return load(beside != null && Files.isRegularFile(beside) ? beside : Path.of("/etc/passwd"));
    }

    /** Parses passwd content; malformed lines are skipped, as getpwent(3) does. */
    public static Passwd parse(String content) {
        Map<Integer, String> m = new HashMap<>();
        for (String line : content.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && !f[0].isEmpty()) {
                try {
                    m.putIfAbsent(Integer.parseUnsignedInt(f[2]), f[0]);
                } catch (NumberFormatException ignored) {
                    // skipped, like getpwent
                }
            }
        }
        return new Passwd(Map.copyOf(m));
    }

    /** The name of {@code uid}, or the number as text. */
    public String name(int uid) {
        String n = names.get(uid);
        return n != null ? n : Integer.toUnsignedString(uid);
    }
}

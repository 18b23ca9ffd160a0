package dev.jns.core.text;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * File names as {@link Utf8 lossless} text, whatever the locale. The JVM turns a file name's bytes
 * into a string with the locale's charset ({@code sun.jnu.encoding}, which {@code -D} cannot
 * change on JDK 17 or 25): under {@code LC_ALL=C} {@code café} comes back as {@code caf??} and
 * cannot be resolved again ({@link InvalidPathException}); under a UTF-8 locale a name with an
 * invalid byte comes back with U+FFFD and names another file. A cgroup or a mount point may be
 * named so by any user who can make one.
 *
 * <p>A {@link Path} keeps the bytes it was made from, and its {@link Path#toUri URI} spells them
 * out ({@code %FF}); a {@code file:} URI gives a path of exactly the bytes it spells. These
 * methods go that way when a name is not plain ASCII (or UTF-8 under a UTF-8 locale), so that the
 * name read from a directory and the path made from it again are the same bytes.
 */
public final class FileNames {
    /** The JVM decodes and encodes file names as UTF-8: valid UTF-8 names survive a round trip. */
    private static final boolean JNU_UTF8 = isUtf8(System.getProperty("sun.jnu.encoding", ""));
    private static final Path SLASH = Path.of("/");

    private FileNames() {}

    static boolean isUtf8(String charset) {
        return charset.equalsIgnoreCase("UTF-8") || charset.equalsIgnoreCase("UTF8");
    }

    /** The last name of {@code p}, decoded losslessly from its bytes; empty for {@code /}. */
    public static String name(Path p) {
        Path n = p.getFileName();
        if (n == null) {
            return "";
        }
        String s = n.toString();
        if (exact(s)) {
            return s;
        }
        String raw = p.toAbsolutePath().toUri().getRawPath();
        if (raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1); // toUri marks a directory so
        }
        return Utf8.decode(percentDecode(raw.substring(raw.lastIndexOf('/') + 1)));
    }

    /** Whether a name as the JVM decoded it is its bytes exactly. */
    private static boolean exact(String s) {
        if (Utf8.ascii(s)) {
            return true;
        }
        if (!JNU_UTF8) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\uFFFD' || Character.isSurrogate(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code dir} resolved against {@code relative} ({@code a/b}; an absolute one replaces
     * {@code dir}, as {@link Path#resolve(String)}), where each character of {@code relative} is
     * its {@link Utf8#encode bytes}.
     *
     * @throws InvalidPathException when {@code relative} holds a NUL
     */
    public static Path resolve(Path dir, String relative) {
        if (exact(relative)) {
            return dir.resolve(relative);
        }
        Path p = of(relative.startsWith("/") ? relative : "/" + relative);
        return relative.startsWith("/") ? p : dir.resolve(SLASH.relativize(p));
    }

    /** The path {@code s} ({@code Path.of}), each character its {@link Utf8#encode bytes}. */
    public static Path path(String s) {
        if (exact(s)) {
            return Path.of(s);
        }
        return s.startsWith("/") ? of(s) : SLASH.relativize(of("/" + s));
    }

    /** An absolute path from its lossless text, through a {@code file:} URI of its bytes. */
    private static Path of(String absolute) {
        StringBuilder u = new StringBuilder("file://");
        for (byte x : Utf8.encode(absolute)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '-'
                    || c == '.' || c == '_' || c == '~') {
                u.append((char) c);
            } else {
                u.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        try {
            return Path.of(URI.create(u.toString()));
        } catch (IllegalArgumentException e) {
            throw new InvalidPathException(absolute, String.valueOf(e.getMessage()));
        }
    }

    private static byte[] percentDecode(String s) {
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * The names in directory {@code dir}, decoded losslessly; null when it cannot be listed (as
     * {@link File#list}). Plain names cost no more than {@link File#list}.
     */
    public static String[] list(Path dir) {
        String d = dir.toString();
        if (exact(d)) {
            String[] names = new File(d).list();
            if (names == null || allExact(names)) {
                return names;
            }
        }
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(name(p));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return out.toArray(new String[0]);
    }

    private static boolean allExact(String[] names) {
        for (String n : names) {
            if (!exact(n)) {
                return false;
            }
        }
        return true;
    }
}

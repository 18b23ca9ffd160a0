package dev.jns.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A subset of a host's {@code /proc} (and {@code /etc/passwd}) as one text file, symlinks
 * included, so that tests run anywhere. The format follows prometheus/procfs's ttar:
 *
 * <pre>
 * # comment lines and blank lines between entries are ignored
 * Directory: proc/1/fd
 * Path: proc/1/cmdline
 * Lines: 1
 * /sbin/initNULLBYTEsplashNULLBYTEEOF
 * Path: proc/1/ns/net
 * SymlinkTo: net:[4026531833]
 * </pre>
 *
 * <ul>
 *   <li>{@code Path: P} then {@code Lines: N} then exactly N lines: a regular file. A NUL byte is
 *       written as {@code NULLBYTE}; a last line that ends in {@code EOF} has no final newline;
 *       literal {@code NULLBYTE} and {@code EOF} in the content are escaped as {@code \NULLBYTE}
 *       and {@code \EOF}. {@code Lines: 0} is an empty file.</li>
 *   <li>{@code Path: P} then {@code SymlinkTo: T}: a symbolic link with the raw text T, which may
 *       dangle (as {@code net:[4026531833]} does).</li>
 *   <li>{@code Directory: P}: a directory (parents of files and links are created anyway; this is
 *       for empty ones such as a kernel thread's {@code fd}).</li>
 * </ul>
 * Paths are relative to the fixture root, which holds {@code proc/} and {@code etc/}; absolute
 * paths and {@code ..} are refused. Content is UTF-8 and lines end with {@code \n} only.
 *
 * <pre>{@code
 * Path root = ProcFixture.unpack("fixtures/plain-host.txt", tempDir);
 * ProcFs proc = new ProcFs(root.resolve("proc"));
 * }</pre>
 */
public final class ProcFixture {
    static final String PATH = "Path: ";
    static final String LINES = "Lines: ";
    static final String SYMLINK = "SymlinkTo: ";
    static final String DIRECTORY = "Directory: ";
    static final String NUL_TOKEN = "NULLBYTE";
    static final String EOF_TOKEN = "EOF";

    private ProcFixture() {}

    /** A fixture file that does not have the format: the message names the file and line. */
    public static final class MalformedFixtureException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String fixture;
        private final int line;

        MalformedFixtureException(String fixture, int line, String what) {
            super(fixture + ":" + line + ": " + what);
            this.fixture = fixture;
            this.line = line;
        }

        /** The fixture's name (resource or file name). */
        public String fixture() {
            return fixture;
        }

        /** 1-based line number in the fixture file. */
        public int line() {
            return line;
        }
    }

    /**
     * Unpacks the fixture resource {@code resourceName} (a class-path resource, e.g.
     * {@code fixtures/plain-host.txt}) into {@code targetDir}, which is created if needed.
     *
     * @return the fixture root ({@code targetDir}): {@code proc/} and {@code etc/} are under it
     * @throws MalformedFixtureException when the fixture is not well-formed
     * @throws IllegalArgumentException  when there is no such resource
     */
    public static Path unpack(String resourceName, Path targetDir) {
        String name = resourceName.startsWith("/") ? resourceName.substring(1) : resourceName;
        try (InputStream in = ProcFixture.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no such fixture on the class path: " + resourceName);
            }
            return unpackText(name, new String(in.readAllBytes(), StandardCharsets.UTF_8), targetDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + resourceName, e);
        }
    }

    /**
     * Unpacks fixture text into {@code targetDir}; {@code fixtureName} is only used in errors.
     *
     * @return the fixture root ({@code targetDir})
     */
    public static Path unpackText(String fixtureName, String text, Path targetDir) {
        List<Entry> entries = parse(fixtureName, text);
        try {
            Files.createDirectories(targetDir);
            for (Entry e : entries) {
                Path p = targetDir.resolve(e.path);
                if (e.kind != Kind.DIRECTORY && p.getParent() != null) {
                    Files.createDirectories(p.getParent());
                }
                switch (e.kind) {
                    case DIRECTORY -> Files.createDirectories(p);
                    case SYMLINK -> Files.createSymbolicLink(p, Path.of(e.target));
                    case FILE -> Files.write(p, e.content);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack fixture " + fixtureName + " into " + targetDir, e);
        }
        return targetDir;
    }

    enum Kind { FILE, SYMLINK, DIRECTORY }

    /** One parsed entry. */
    record Entry(Kind kind, String path, byte[] content, String target, int line) {}

    /** Parses fixture text into entries, checking everything before anything is written. */
    static List<Entry> parse(String fixture, String text) {
        String[] lines = text.split("\n", -1);
        // A final newline ends the last line; it does not start another.
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        List<Entry> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int i = 0;
        while (i < count) {
            String line = lines[i];
            int lineNo = i + 1;
            i++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith(DIRECTORY)) {
                String path = checkPath(fixture, lineNo, line.substring(DIRECTORY.length()), seen);
                out.add(new Entry(Kind.DIRECTORY, path, null, null, lineNo));
                continue;
            }
            if (!line.startsWith(PATH)) {
                throw new MalformedFixtureException(fixture, lineNo,
                        "expected 'Path: P' or 'Directory: P', found '" + abbreviate(line) + "'");
            }
            String path = checkPath(fixture, lineNo, line.substring(PATH.length()), seen);
            if (i >= count) {
                throw new MalformedFixtureException(fixture, lineNo,
                        "'Path: " + path + "' is not followed by 'Lines: N' or 'SymlinkTo: TARGET'");
            }
            String next = lines[i];
            i++;
            if (next.startsWith(SYMLINK)) {
                String target = next.substring(SYMLINK.length());
                if (target.isEmpty()) {
                    throw new MalformedFixtureException(fixture, i, "empty symlink target for " + path);
                }
                out.add(new Entry(Kind.SYMLINK, path, null, target, lineNo));
            } else if (next.startsWith(LINES)) {
                int n;
                try {
                    n = Integer.parseInt(next.substring(LINES.length()).strip());
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 0) {
                    throw new MalformedFixtureException(fixture, i,
                            "expected 'Lines: N' with N a number >= 0, found '" + abbreviate(next) + "'");
                }
                if (count - i < n) {
                    throw new MalformedFixtureException(fixture, lineNo, "'Path: " + path + "' announces " + n
                            + " lines but the fixture ends after " + (count - i));
                }
                out.add(new Entry(Kind.FILE, path, decode(lines, i, n), null, lineNo));
                i += n;
            } else {
                throw new MalformedFixtureException(fixture, i, "expected 'Lines: N' or 'SymlinkTo: TARGET' after 'Path: "
                        + path + "', found '" + abbreviate(next) + "'");
            }
        }
        return out;
    }

    private static String checkPath(String fixture, int lineNo, String raw, Set<String> seen) {
        String p = raw.strip();
        if (p.isEmpty()) {
            throw new MalformedFixtureException(fixture, lineNo, "empty path");
        }
        if (p.startsWith("/")) {
            throw new MalformedFixtureException(fixture, lineNo, "path must be relative to the fixture root: " + p);
        }
        for (String part : p.split("/")) {
            if (part.equals("..") || part.equals(".") || part.isEmpty()) {
                throw new MalformedFixtureException(fixture, lineNo, "path must not contain '', '.' or '..' parts: " + p);
            }
        }
        if (!seen.add(p)) {
            throw new MalformedFixtureException(fixture, lineNo, "duplicate entry for " + p);
        }
        return p;
    }

    private static byte[] decode(String[] lines, int from, int n) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int k = 0; k < n; k++) {
            String l = lines[from + k];
            boolean last = k == n - 1;
            boolean newline = true;
            if (last && l.endsWith(EOF_TOKEN) && !l.endsWith("\\" + EOF_TOKEN)) {
                l = l.substring(0, l.length() - EOF_TOKEN.length());
                newline = false;
            }
            StringBuilder s = new StringBuilder(l.length());
            for (int j = 0; j < l.length(); ) {
                if (l.startsWith("\\" + NUL_TOKEN, j)) {
                    s.append(NUL_TOKEN);
                    j += NUL_TOKEN.length() + 1;
                } else if (l.startsWith("\\" + EOF_TOKEN, j)) {
                    s.append(EOF_TOKEN);
                    j += EOF_TOKEN.length() + 1;
                } else if (l.startsWith(NUL_TOKEN, j)) {
                    s.append('\0');
                    j += NUL_TOKEN.length();
                } else {
                    s.append(l.charAt(j));
                    j++;
                }
            }
            if (newline) {
                s.append('\n');
            }
            b.writeBytes(s.toString().getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    // ---- writing ----------------------------------------------------------------------------

    /** Writes entries in the fixture format (used by {@link RecordFixture}). */
    public static final class Writer {
        private final java.io.Writer out;

        public Writer(java.io.Writer out) {
            this.out = out;
        }

        /** A {@code #} comment line. */
        public Writer comment(String text) throws IOException {
            for (String l : text.split("\n", -1)) {
                out.write("# " + l + "\n");
            }
            return this;
        }

        /** A {@code Directory:} entry. */
        public Writer directory(String path) throws IOException {
            out.write(DIRECTORY + path + "\n");
            return this;
        }

        /** A {@code Path: / SymlinkTo:} entry. */
        public Writer symlink(String path, String target) throws IOException {
            if (target.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a link target with a newline cannot be written: " + path);
            }
            out.write(PATH + path + "\n" + SYMLINK + target + "\n");
            return this;
        }

        /**
         * A {@code Path: / Lines:} entry. Content is decoded as UTF-8 (malformed bytes replaced).
         * Content whose last line does not end in a newline but in a backslash cannot be told
         * apart from an escaped {@code \EOF}; it is refused.
         */
        public Writer file(String path, byte[] content) throws IOException {
            out.write(PATH + path + "\n" + encode(path, content));
            return this;
        }

        /** Flushes the underlying writer. */
        public void flush() throws IOException {
            out.flush();
        }
    }

    /** The {@code Lines: N} header and the encoded lines of {@code content}. */
    static String encode(String path, byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8)
                .replace(NUL_TOKEN, "\\" + NUL_TOKEN)
                .replace(EOF_TOKEN, "\\" + EOF_TOKEN)
                .replace("\0", NUL_TOKEN);
        if (text.isEmpty()) {
            return LINES + "0\n";
        }
        boolean finalNewline = text.endsWith("\n");
        if (!finalNewline && text.endsWith("\\")) {
            throw new IllegalArgumentException("content ending in a backslash without a newline cannot be written: " + path);
        }
        String body = finalNewline ? text : text + EOF_TOKEN + "\n";
        int n = 0;
        for (int k = 0; k < body.length(); k++) {
            if (body.charAt(k) == '\n') {
                n++;
            }
        }
        return LINES + n + "\n" + body;
    }

    /** For tests of the format: the text a writer produces for one file entry. */
    static String encodeEntry(String path, byte[] content) {
        try {
            java.io.StringWriter sw = new java.io.StringWriter();
            new Writer(sw).file(path, content);
            return sw.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.jns.core.testing;

import dev.jns.core.ParseException;
import dev.jns.core.ReadException;
import dev.jns.core.internal.PseudoFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shape of the files a fixture records beside {@code /proc}'s ({@code .owners}, {@code .nsinfo}):
 * one record a line, fields separated by white space, blank lines and {@code #} comments ignored,
 * at most 1 MiB. Read as every file of an untrusted root: only a regular file, never through a last
 * symbolic link.
 */
final class RecordedLines {
    /** Upper bound for one file: 1 MiB, some 80,000 owners or 25,000 namespaces. */
    static final int MAX_BYTES = 1 << 20;

    /** One record: its fields and its line number, for errors. */
    interface Record {
        void accept(String[] fields, int line);
    }

    private RecordedLines() {}

    /**
     * The text of {@code file}, or empty when there is none.
     *
     * @throws dev.jns.core.NotRegularFileException when it is there but is not a regular file
     * @throws ParseException when it is larger than {@link #MAX_BYTES}
     */
    static Optional<String> read(Path file) {
        try {
            return PseudoFiles.optionalText(file, MAX_BYTES);
        } catch (IOException e) {
            throw new ReadException(file, e);
        }
    }

    /**
     * Hands each record of {@code text} to {@code each}.
     *
     * @param format the fields, named, e.g. {@code PID UID}: a line with another number of fields is a
     *               {@link ParseException} that says it
     */
    static void parse(String text, Path file, String format, Record each) {
        int count = format.split(" ").length;
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            if (f.length != count) {
                throw new ParseException(file, lineNo, "expected '" + format + "'");
            }
            each.accept(f, lineNo);
        }
    }
}

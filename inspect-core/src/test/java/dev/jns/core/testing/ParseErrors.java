package dev.jns.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.ParseException;
import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;

/** Assertions on {@link ParseException}: a malformed kernel file is an error naming the file and the line. */
public final class ParseErrors {
    private ParseErrors() {}

    /**
     * Asserts that {@code parse} throws a {@link ParseException} for {@code file} at {@code line}
     * (0: the whole file), whose message starts with {@code FILE:LINE: } ({@code FILE: } for 0).
     */
    public static ParseException assertParseError(Path file, int line, Executable parse) {
        ParseException e = assertThrows(ParseException.class, parse);
        assertEquals(file, e.path(), "path of " + e.getMessage());
        assertEquals(line, e.line(), "line of " + e.getMessage());
        String prefix = line > 0 ? file + ":" + line + ": " : file + ": ";
        assertTrue(e.getMessage().startsWith(prefix), "'" + e.getMessage() + "' should start with '" + prefix + "'");
        assertTrue(e.getMessage().length() > prefix.length(), "says what is wrong: " + e.getMessage());
        return e;
    }
}

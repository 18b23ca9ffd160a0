package dev.jns.core;

import java.nio.file.Path;

/** Content of a kernel file that does not have the documented format: names the file and line. */
public final class ParseException extends JnsException {
    private static final long serialVersionUID = 1L;
    private final int line;

    /**
     * @param path the file
     * @param line 1-based line number, or 0 when the whole file is at fault
     * @param what what was wrong with it
     */
    public ParseException(Path path, int line, String what) {
        super(path, path + (line > 0 ? ":" + line : "") + ": " + what, null);
        this.line = line;
    }

    /**
     * @param path the file
     * @param line 1-based line number
     * @param column 1-based column (in characters)
     * @param what what was wrong there
     */
    public ParseException(Path path, int line, int column, String what) {
        super(path, path + ":" + line + ":" + column + ": " + what, null);
        this.line = line;
    }

    /** 1-based line number, 0 when not line-specific. */
    public int line() {
        return line;
    }
}

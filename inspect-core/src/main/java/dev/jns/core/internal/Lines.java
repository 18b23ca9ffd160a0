package dev.jns.core.internal;

/**
 * The non-empty lines of a kernel file, one at a time, each with its number for errors (the
 * {@code N} of {@code FILE:N: what}):
 *
 * <pre>{@code
 * for (Lines l = new Lines(content); l.next(); ) {
 *     String[] f = l.fields();   // split at single spaces
 *     ... new ParseException(path, l.number(), "expected ...") ...
 * }
 * }</pre>
 */
public final class Lines {
    private final String content;
    private int start;
    private int end = -1;
    private int number;

    public Lines(String content) {
        this.content = content;
    }

    /** Moves to the next non-empty line; false at the end. */
    public boolean next() {
        int n = content.length();
        while (end < n) {
            start = end + 1;
            int nl = content.indexOf('\n', start);
            end = nl < 0 ? n : nl;
            number++;
            if (end > start) {
                return true;
            }
        }
        return false;
    }

    /** The current line, without its newline. */
    public String line() {
        return content.substring(start, end);
    }

    /** The current line split at single spaces, as {@code line().split(" ")}. */
    public String[] fields() {
        return line().split(" ");
    }

    /** The current line's number, from 1, counting empty lines. */
    public int number() {
        return number;
    }
}

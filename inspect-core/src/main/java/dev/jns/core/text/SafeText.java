package dev.jns.core.text;

import java.io.ByteArrayOutputStream;
import java.util.function.IntPredicate;

/**
 * The one escaper for everything jns shows: text tables, the tree views, batch output and the
 * full screen. Process names, command lines, cgroup and mount paths are chosen by whoever runs a
 * process or makes a cgroup, so none of it may reach a terminal as control characters.
 *
 * <p>{@link #escape} follows util-linux's {@code mbs_safe_encode_to_buffer} (lib/mbsalign.c), as
 * libsmartcols applies it to every cell of lsns's output, so that jns prints what lsns prints:
 * <ul>
 *   <li>a control character (0x00-0x1F, DEL 0x7F) becomes {@code \xNN};</li>
 *   <li>a backslash followed by {@code x} becomes {@code \x5c}, so that every {@code \x} in the
 *       output starts an escape; any other backslash stays;</li>
 *   <li>each byte of an invalid UTF-8 sequence (see {@link Utf8}) becomes {@code \xNN};</li>
 *   <li>a valid character that is not printable (C1 controls U+0080-U+009F such as the 8-bit CSI
 *       U+009B, U+2028/U+2029, unassigned code points) becomes {@code \xNN} for each of its
 *       UTF-8 bytes, as glibc's {@code iswprint} decides in C.UTF-8 ({@link WcWidth});</li>
 *   <li>under a locale that is not UTF-8 ({@code utf8} false), every byte that is not ASCII
 *       becomes {@code \xNN}, as lsns does under {@code LC_ALL=C};</li>
 *   <li>everything else is kept: printable ASCII, and in UTF-8 printable characters such as
 *       {@code é} and {@code 中} (two columns), combining marks (no column).</li>
 * </ul>
 *
 * <p>The escaped text is what is measured ({@link #width}: {@code wcwidth}, four columns per
 * escape) and cut to fit ({@link #truncate}: never inside an escape). {@link #escapeRaw} is
 * libsmartcols' raw output ({@code -r}), {@link #json} a JSON string body.
 */
public final class SafeText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SafeText() {}

    /** {@code s} escaped for human output: see the class comment. */
    public static String escape(String s, boolean utf8) {
        return escape(s, utf8, null);
    }

    /**
     * {@code s} escaped for human output, where {@code shown}, when not null, may refuse further
     * printable characters that are not ASCII (they are escaped too): the full screen refuses
     * those its library would draw in another width than the terminal.
     */
    public static String escape(String s, boolean utf8, IntPredicate shown) {
        if (plain(s)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (cp < 0x80) {
                if (cp < 0x20 || cp == 0x7f || cp == '\\' && i + 1 < s.length() && s.charAt(i + 1) == 'x') {
                    hex(cp, b);
                } else {
                    b.append((char) cp);
                }
            } else if (!utf8 || !printable(cp) || shown != null && !shown.test(cp)) {
                hexBytes(cp, b);
            } else {
                b.appendCodePoint(cp);
            }
            i += n;
        }
        return b.toString();
    }

    /** Nothing to escape: printable ASCII without {@code \x}. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == 'x') {
                return false;
            }
        }
        return true;
    }

    /** Whether glibc calls {@code cp} printable in C.UTF-8 (an escaped byte or a lone surrogate is not). */
    public static boolean printable(int cp) {
        if (cp < 0x80) {
            return cp >= 0x20 && cp != 0x7f;
        }
        if (cp >= 0xd800 && cp <= 0xdfff) {
            return false;
        }
        return commonSingle(cp) || WcWidth.kind(cp) != WcWidth.NONPRINT;
    }

    /**
     * Printable in one column without a look at the table (so that the tree's box drawing and
     * Latin text do not load it): U+00A0-U+02FF and U+2460-U+25FC, as glibc says.
     */
    private static boolean commonSingle(int cp) {
        return cp >= 0xa0 && cp <= 0x2ff || cp >= 0x2460 && cp <= 0x25fc;
    }

    /** Columns a printable code point takes: {@code wcwidth}; 1 for one that is not printable. */
    public static int width(int cp) {
        if (cp < 0x80 || commonSingle(cp)) {
            return 1;
        }
        return switch (WcWidth.kind(cp)) {
            case WcWidth.WIDE -> 2;
            case WcWidth.ZERO -> 0;
            default -> 1;
        };
    }

    /** Columns the escaped text {@code s} takes on a terminal. */
    public static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c < 0x80) {
                w++;
                i++;
            } else {
                int cp = s.codePointAt(i);
                w += width(cp);
                i += Character.charCount(cp);
            }
        }
        return w;
    }

    /**
     * The longest start of the escaped text {@code s} that fits in {@code width} columns, cut
     * before a whole {@code \xNN}, never inside one (the cut text may be up to three columns
     * narrower than asked: pad it). Combining marks stay with the character before them.
     */
    public static String truncate(String s, int width) {
        int w = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n;
            int cw;
            if (cp == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x') {
                n = 4;
                cw = 4;
            } else {
                n = Character.charCount(cp);
                cw = width(cp);
            }
            if (w + cw > width) {
                break;
            }
            w += cw;
            i += n;
        }
        return i == s.length() ? s : s.substring(0, i);
    }

    /** The escaped text {@code s}, cut or padded with spaces to exactly {@code width} columns. */
    public static String fit(String s, int width, boolean right) {
        String t = truncate(s, width);
        int pad = width - width(t);
        if (pad <= 0) {
            return t;
        }
        String sp = " ".repeat(pad);
        return right ? sp + t : t + sp;
    }

    /**
     * libsmartcols' raw output ({@code fputs_nonblank}): each byte that is blank (space, tab), a
     * backslash, a control or not ASCII becomes {@code \xNN}, so that a raw line splits at spaces.
     * Escaped bytes of invalid UTF-8 give their own byte.
     */
    public static void escapeRaw(String s, StringBuilder b) {
        for (byte x : Utf8.encode(s)) {
            int c = x & 0xff;
            if (c <= 0x20 || c == '\\' || c >= 0x7f) {
                hex(c, b);
            } else {
                b.append((char) c);
            }
        }
    }

    /** {@link #escapeRaw(String, StringBuilder)} as a string. */
    public static String escapeRaw(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        escapeRaw(s, b);
        return b.toString();
    }

    /**
     * A JSON string body, as util-linux's {@code fputs_quoted_json} writes one: {@code "} and
     * {@code \} escaped, {@code \b \t \n \f \r}, other controls as <code>&#92;u00XX</code>. Beyond it, so
     * that the output is valid UTF-8 and safe on a terminal: DEL and the C1 controls U+0080-U+009F
     * as <code>&#92;u00XX</code>, and each escaped byte of invalid UTF-8 (or other lone surrogate) as
     * U+FFFD, as {@link Utf8#forJson} does.
     */
    public static void json(String s, StringBuilder b) {
        json(s, false, b);
    }

    /**
     * {@link #json(String, StringBuilder)}, where {@code ascii} also writes every character that is
     * not ASCII as <code>&#92;uXXXX</code> (a pair for one beyond U+FFFF): for an output that is not
     * UTF-8 (a locale that is not), the same document in ASCII.
     */
    public static void json(String s, boolean ascii, StringBuilder b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
                        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 15]);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        jsonChar(c, ascii, b);
                        jsonChar(s.charAt(++i), ascii, b);
                    } else {
                        jsonChar(Character.isSurrogate(c) ? '\uFFFD' : c, ascii, b);
                    }
                }
            }
        }
    }

    private static void jsonChar(char c, boolean ascii, StringBuilder b) {
        if (ascii && c >= 0x80) {
            b.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 15]).append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
        } else {
            b.append(c);
        }
    }

    private static void hex(int c, StringBuilder b) {
        b.append('\\').append('x').append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
    }

    /** {@code \xNN} for each byte of {@code cp} ({@link Utf8#encode}: an escaped byte is its byte). */
    private static void hexBytes(int cp, StringBuilder b) {
        if (Utf8.isEscapedByte(cp)) {
            hex(Utf8.escapedByte(cp), b);
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4);
        Utf8.appendUtf8(cp, bytes);
        for (byte x : bytes.toByteArray()) {
            hex(x & 0xff, b);
        }
    }
}

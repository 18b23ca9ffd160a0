package dev.jns.core.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lossless UTF-8 decoding for text the kernel hands over as bytes (command lines, {@code comm},
 * cgroup and mount paths), which need not be valid UTF-8. A valid sequence becomes its character;
 * each byte of an invalid or incomplete sequence becomes the lone surrogate {@code U+DC80 + (b -
 * 0x80)} ("surrogateescape", as Python does), so that {@link #encode} gives the original bytes back
 * and {@link SafeText} can show each as {@code \xNN}, as libsmartcols does. JSON cannot carry a
 * lone surrogate: {@link #forJson} puts U+FFFD in its place.
 *
 * <p>Decoding resynchronises after one byte, as {@code mbrtowc} callers do: {@code E4 B8 41}
 * decodes to {@code U+DCE4 U+DCB8 'A'}. Overlong forms, encoded surrogates ({@code ED A0 80}) and
 * values above U+10FFFF are invalid.
 */
public final class Utf8 {
    /** The first of the 128 characters that stand for the bytes 0x80 to 0xFF of invalid sequences. */
    static final char ESCAPE_BASE = '\uDC80';

    private Utf8() {}

    /** {@code bytes} decoded losslessly. */
    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** {@code len} bytes from {@code off}, decoded losslessly. */
    public static String decode(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1); // ASCII: the common case, fast
        }
        StringBuilder out = new StringBuilder(len);
        for (int k = off; k < i; k++) {
            out.append((char) b[k]);
        }
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                out.append((char) c);
                i++;
                continue;
            }
            int n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
            int cp = n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
            boolean ok = n > 0 && i + n <= end;
            for (int k = 1; ok && k < n; k++) {
                int x = b[i + k] & 0xff;
                if ((x & 0xc0) != 0x80) {
                    ok = false;
                } else {
                    cp = cp << 6 | x & 0x3f;
                }
            }
            if (ok && (n == 3 && (cp < 0x800 || cp >= 0xd800 && cp <= 0xdfff) || n == 4 && (cp < 0x10000 || cp > 0x10ffff))) {
                ok = false;
            }
            if (ok) {
                out.appendCodePoint(cp);
                i += n;
            } else {
                out.append((char) (ESCAPE_BASE + c - 0x80));
                i++;
            }
        }
        return out.toString();
    }

    /**
     * Whether code point {@code cp} (as {@link String#codePointAt} gives it, so never half of a
     * pair) stands for a byte of an invalid sequence.
     */
    public static boolean isEscapedByte(int cp) {
        return cp >= ESCAPE_BASE && cp <= 0xdcff;
    }

    /** The byte an {@link #isEscapedByte escaped byte} stands for. */
    public static int escapedByte(int cp) {
        return cp - ESCAPE_BASE + 0x80;
    }

    /** Whether {@code s} holds a character that is not ASCII. */
    static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * The bytes {@code s} was decoded from: escaped bytes as themselves, characters in UTF-8. A lone
     * surrogate that no decoding made (it cannot be encoded) gives U+FFFD's bytes.
     */
    public static byte[] encode(String s) {
        if (ascii(s)) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            appendUtf8(cp, out);
        }
        return out.toByteArray();
    }

    /** Appends the bytes of one code point as {@link #encode} does. */
    static void appendUtf8(int cp, ByteArrayOutputStream out) {
        if (cp < 0x80) {
            out.write(cp);
        } else if (isEscapedByte(cp)) {
            out.write(escapedByte(cp));
        } else if (cp >= 0xd800 && cp <= 0xdfff) {
            appendUtf8(0xfffd, out);
        } else if (cp < 0x800) {
            out.write(0xc0 | cp >> 6);
            out.write(0x80 | cp & 0x3f);
        } else if (cp < 0x10000) {
            out.write(0xe0 | cp >> 12);
            out.write(0x80 | cp >> 6 & 0x3f);
            out.write(0x80 | cp & 0x3f);
        } else {
            out.write(0xf0 | cp >> 18);
            out.write(0x80 | cp >> 12 & 0x3f);
            out.write(0x80 | cp >> 6 & 0x3f);
            out.write(0x80 | cp & 0x3f);
        }
    }

    /**
     * {@code s} as JSON can carry it: every lone surrogate (an escaped byte, or any other) becomes
     * U+FFFD REPLACEMENT CHARACTER, as a lossy UTF-8 decoder would have made it.
     */
    public static String forJson(String s) {
        int i = 0;
        while (i < s.length() && !Character.isSurrogate(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
                b.append(c).append(s.charAt(++k));
            } else {
                b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }
}

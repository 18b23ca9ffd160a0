package dev.jns.core.oci;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;

/**
 * A strict RFC 8259 JSON reader that never throws on bad input: it builds a {@link JsonValue} tree
 * with the position of every value and key, keeps numbers' exact text, and reports problems as
 * findings. Malformed JSON, invalid UTF-8, a byte-order mark and nesting deeper than
 * {@link #MAX_DEPTH} stop the reading with one error ({@code json.syntax}, {@code json.utf8},
 * {@code json.depth}); a duplicate key is a warning ({@code json.duplicate-key}) and, as in Go's
 * encoding/json (runc, runtime-tools), the last value wins. A lone UTF-16 surrogate escape
 * ({@code "\\ud800"}) is a warning ({@code json.lone-surrogate}) and becomes U+FFFD, as in Go: strings
 * in the tree are always valid Unicode.
 *
 * <p>Test code only: the reader that main used before it moved onto jackson-core ({@link JsonReader}),
 * kept for OciJsonParityTest. Hand-written rather than Jackson's streaming parser: one class to load, which matters for the
 * start-up of {@code jns oci validate}, and full control of positions, depth and numbers.
 */
final class HandWrittenJsonReader {
    /** Deepest nesting accepted; deeper documents get one {@code json.depth} error. */
    public static final int MAX_DEPTH = 1000;

    private final byte[] buf;
    private final int end;
    private final List<Finding> findings;
    private int pos;
    private int line = 1;
    private int lineStart;          // byte offset where the current line starts
    private int colPos;             // cache: a byte offset on the current line ...
    private int colValue = 1;       // ... and its 1-based column
    private int depth;
    private final StringBuilder sb = new StringBuilder();
    /**
     * Short strings seen so far, to share: keys ("destination", "type") and values ("tmpfs",
     * "nosuid") repeat thousands of times in a large config, and one copy of each keeps its tree
     * within a small heap. Bounded, so a config of distinct strings costs no more than without.
     */
    private final HashMap<String, String> shared = new HashMap<>();
    private static final int SHARE_MAX_LENGTH = 32;
    private static final int SHARE_MAX_ENTRIES = 4096;

    private HandWrittenJsonReader(byte[] buf, int length, List<Finding> findings) {
        this.buf = buf;
        this.end = length;
        this.findings = findings;
    }

    /** Thrown internally to stop at the first syntax error; never escapes {@link #read}. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    /**
     * Parses {@code bytes}; adds findings to {@code findings}. Returns the root, or null when the
     * document could not be read (then one error finding says why).
     */
    public static JsonValue read(byte[] bytes, List<Finding> findings) {
        return read(bytes, bytes.length, findings);
    }

    /** Parses the first {@code length} bytes of {@code bytes}. */
    public static JsonValue read(byte[] bytes, int length, List<Finding> findings) {
        HandWrittenJsonReader r = new HandWrittenJsonReader(bytes, length, findings);
        try {
            if (length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
                r.fail("json.syntax", "the file starts with a UTF-8 byte-order mark",
                        "remove the BOM: runc and Go's encoding/json do not accept it");
            }
            r.skipWs();
            if (r.pos >= r.end) {
                r.fail("json.syntax", length == 0 ? "the file is empty" : "the file holds only white space",
                        "a config.json is one JSON object; `jns oci spec` writes a default one");
            }
            JsonValue root = r.value("");
            r.skipWs();
            if (r.pos < r.end) {
                r.fail("json.syntax", "unexpected " + r.describe(r.pos) + " after the end of the document",
                        "a config.json holds exactly one JSON value");
            }
            return root;
        } catch (Stop s) {
            return null;
        }
    }

    // ---- positions -------------------------------------------------------------------------

    private int columnAt(int p) {
        if (colPos < lineStart || colPos > p) {
            colPos = lineStart;
            colValue = 1;
        }
        int c = colValue;
        for (int i = colPos; i < p; i++) {
            if ((buf[i] & 0xC0) != 0x80) {
                c++;
            }
        }
        colPos = p;
        colValue = c;
        return c;
    }

    private void fail(String rule, String message, String hint) {
        fail(rule, pos, message, hint);
    }

    private void fail(String rule, int at, String message, String hint) {
        findings.add(new Finding(Finding.Severity.ERROR, rule, "", line, columnAt(Math.min(at, end)), message, hint));
        throw new Stop();
    }

    private String describe(int p) {
        if (p >= end) {
            return "end of file";
        }
        int b = buf[p] & 0xff;
        if (b >= 0x20 && b < 0x7f) {
            return "character '" + (char) b + "'";
        }
        return String.format("byte 0x%02x", b);
    }

    private void skipWs() {
        while (pos < end) {
            byte b = buf[pos];
            if (b == ' ' || b == '\t' || b == '\r') {
                pos++;
            } else if (b == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else {
                return;
            }
        }
    }

    // ---- values ----------------------------------------------------------------------------

    private JsonValue value(String where) {
        if (pos >= end) {
            fail("json.syntax", "unexpected end of file" + where, "the document is cut short");
        }
        int b = buf[pos] & 0xff;
        switch (b) {
            case '{': return object();
            case '[': return array();
            case '"': {
                int l = line;
                int c = columnAt(pos);
                return new JsonValue(JsonValue.Kind.STRING, l, c, string(), false);
            }
            case 't': return literal("true", JsonValue.Kind.BOOLEAN, true);
            case 'f': return literal("false", JsonValue.Kind.BOOLEAN, false);
            case 'n': return literal("null", JsonValue.Kind.NULL, false);
            default:
                if (b == '-' || (b >= '0' && b <= '9')) {
                    return number();
                }
                if (b >= 0x80) {
                    checkUtf8At(pos);
                }
                fail("json.syntax", "expected a value" + where + ", found " + describe(pos),
                        b == '\'' ? "JSON strings use double quotes" : "");
                return null;
        }
    }

    private JsonValue literal(String word, JsonValue.Kind kind, boolean v) {
        int l = line;
        int c = columnAt(pos);
        for (int i = 0; i < word.length(); i++) {
            if (pos + i >= end || buf[pos + i] != word.charAt(i)) {
                fail("json.syntax", "invalid literal: expected '" + word + "'", "");
            }
        }
        pos += word.length();
        return new JsonValue(kind, l, c, null, v);
    }

    private JsonValue number() {
        int l = line;
        int c = columnAt(pos);
        int start = pos;
        if (buf[pos] == '-') {
            pos++;
        }
        if (pos < end && buf[pos] == '0') {
            pos++;
            if (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
                fail("json.syntax", "a number must not have a leading zero", "write decimal numbers without leading zeros (file modes are decimal: 0755 octal is 493)");
            }
        } else if (pos < end && buf[pos] >= '1' && buf[pos] <= '9') {
            while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
                pos++;
            }
        } else {
            fail("json.syntax", "invalid number", "");
        }
        if (pos < end && buf[pos] == '.') {
            pos++;
            if (pos >= end || buf[pos] < '0' || buf[pos] > '9') {
                fail("json.syntax", "invalid number: a digit must follow the decimal point", "");
            }
            while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
                pos++;
            }
        }
        if (pos < end && (buf[pos] == 'e' || buf[pos] == 'E')) {
            pos++;
            if (pos < end && (buf[pos] == '+' || buf[pos] == '-')) {
                pos++;
            }
            if (pos >= end || buf[pos] < '0' || buf[pos] > '9') {
                fail("json.syntax", "invalid number: a digit must follow the exponent", "");
            }
            while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
                pos++;
            }
        }
        return new JsonValue(JsonValue.Kind.NUMBER, l, c, share(new String(buf, start, pos - start, StandardCharsets.ISO_8859_1)),
                false);
    }

    private JsonValue object() {
        int l = line;
        int c = columnAt(pos);
        if (++depth > MAX_DEPTH) {
            fail("json.depth", "nesting deeper than " + MAX_DEPTH + " levels", "a config.json is a few levels deep; this is not one");
        }
        pos++;
        JsonValue obj = new JsonValue(JsonValue.Kind.OBJECT, l, c, null, false);
        HashMap<String, Integer> index = null;
        skipWs();
        if (pos < end && buf[pos] == '}') {
            pos++;
            depth--;
            return obj;
        }
        while (true) {
            skipWs();
            if (pos >= end || buf[pos] != '"') {
                fail("json.syntax", "expected a member name in double quotes, found " + describe(pos),
                        pos < end && buf[pos] == '}' ? "remove the trailing comma" : "");
            }
            int kl = line;
            int kc = columnAt(pos);
            String key = string();
            skipWs();
            if (pos >= end || buf[pos] != ':') {
                fail("json.syntax", "expected ':' after member name \"" + Finding.clip(key) + "\", found " + describe(pos), "");
            }
            pos++;
            skipWs();
            JsonValue v = value(key.length() <= Finding.MAX_QUOTED ? " for member \"" + key + "\"" : " for a member");
            int prev;
            if (index != null) {
                Integer p = index.get(key);
                prev = p == null ? -1 : p;
            } else {
                prev = obj.indexOf(key);
            }
            if (prev >= 0) {
                findings.add(new Finding(Finding.Severity.WARNING, "json.duplicate-key", "", kl, kc,
                        "duplicate key \"" + Finding.clip(key) + "\" (first at line " + obj.keyLine(prev) + ")",
                        "runc keeps the last value; remove one of them"));
                obj.replace(prev, kl, kc, v);
            } else {
                obj.add(key, kl, kc, v);
                if (index != null) {
                    index.put(key, obj.size() - 1);
                } else if (obj.size() > 32) {
                    index = new HashMap<>();
                    for (int i = 0; i < obj.size(); i++) {
                        index.put(obj.key(i), i);
                    }
                }
            }
            skipWs();
            if (pos < end && buf[pos] == ',') {
                pos++;
                continue;
            }
            if (pos < end && buf[pos] == '}') {
                pos++;
                depth--;
                return obj;
            }
            fail("json.syntax", "expected ',' or '}' after an object member, found " + describe(pos),
                    pos < end && buf[pos] == '"' ? "a comma is missing" : "");
        }
    }

    private JsonValue array() {
        int l = line;
        int c = columnAt(pos);
        if (++depth > MAX_DEPTH) {
            fail("json.depth", "nesting deeper than " + MAX_DEPTH + " levels", "a config.json is a few levels deep; this is not one");
        }
        pos++;
        JsonValue arr = new JsonValue(JsonValue.Kind.ARRAY, l, c, null, false);
        skipWs();
        if (pos < end && buf[pos] == ']') {
            pos++;
            depth--;
            return arr;
        }
        while (true) {
            skipWs();
            if (pos < end && buf[pos] == ']') {
                fail("json.syntax", "expected a value, found ']'", "remove the trailing comma");
            }
            arr.addItem(value(" in an array"));
            skipWs();
            if (pos < end && buf[pos] == ',') {
                pos++;
                continue;
            }
            if (pos < end && buf[pos] == ']') {
                pos++;
                depth--;
                return arr;
            }
            fail("json.syntax", "expected ',' or ']' after an array item, found " + describe(pos), "");
        }
    }

    /** Reads a string starting at the opening quote; validates UTF-8 and escapes. */
    private String string() {
        int start = ++pos;
        // fast path: ASCII without escapes
        while (pos < end) {
            int b = buf[pos];
            if (b == '"') {
                String s = share(new String(buf, start, pos - start, StandardCharsets.ISO_8859_1));
                pos++;
                return s;
            }
            if (b == '\\' || b < 0x20) {   // negative: non-ASCII
                break;
            }
            pos++;
        }
        sb.setLength(0);
        sb.append(new String(buf, start, pos - start, StandardCharsets.ISO_8859_1));
        while (true) {
            if (pos >= end) {
                fail("json.syntax", "unterminated string", "a closing double quote is missing");
            }
            int b = buf[pos] & 0xff;
            if (b == '"') {
                pos++;
                return share(sb.toString());
            }
            if (b == '\\') {
                escape();
            } else if (b < 0x20) {
                fail("json.syntax", String.format("control character 0x%02x in a string", b),
                        b == '\n' ? "a newline inside a string must be written \\n" : "escape it as \\u00XX");
            } else if (b < 0x80) {
                sb.append((char) b);
                pos++;
            } else {
                int cp = checkUtf8At(pos);
                sb.appendCodePoint(cp);
            }
        }
    }

    private String share(String s) {
        if (s.length() > SHARE_MAX_LENGTH) {
            return s;
        }
        String known = shared.get(s);
        if (known != null) {
            return known;
        }
        if (shared.size() < SHARE_MAX_ENTRIES) {
            shared.put(s, s);
        }
        return s;
    }

    private void escape() {
        pos++;
        if (pos >= end) {
            fail("json.syntax", "unterminated string", "");
        }
        int b = buf[pos] & 0xff;
        switch (b) {
            case '"': sb.append('"'); break;
            case '\\': sb.append('\\'); break;
            case '/': sb.append('/'); break;
            case 'b': sb.append('\b'); break;
            case 'f': sb.append('\f'); break;
            case 'n': sb.append('\n'); break;
            case 'r': sb.append('\r'); break;
            case 't': sb.append('\t'); break;
            case 'u': {
                int at = pos - 1;   // the backslash
                int v = hex4(pos + 1);
                if (v < 0) {
                    fail("json.syntax", "invalid \\u escape: four hex digits expected", "");
                }
                pos += 4;
                if (v >= 0xD800 && v <= 0xDBFF && pos + 2 < end && buf[pos + 1] == '\\' && buf[pos + 2] == 'u') {
                    int low = hex4(pos + 3);
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        sb.append((char) v).append((char) low);   // a surrogate pair: one character
                        pos += 6;
                        break;
                    }
                }
                if (v >= 0xD800 && v <= 0xDFFF) {
                    // half a pair, alone: not a character. Go's encoding/json (runc, runtime-tools)
                    // reads U+FFFD, so the value is what runc would see, and never a malformed
                    // Java string (which no file name, and no UTF-8 output, can hold)
                    findings.add(new Finding(Finding.Severity.WARNING, "json.lone-surrogate", "", line, columnAt(at),
                            String.format("\\u%04x is half of a UTF-16 surrogate pair, alone: runc (Go's encoding/json) reads"
                                    + " it as U+FFFD, the replacement character", v),
                            "write the character itself, or both halves of its pair (e.g. \\ud83d\\ude00)"));
                    sb.append('\uFFFD');
                    break;
                }
                sb.append((char) v);
                break;
            }
            default:
                fail("json.syntax", "invalid escape '\\" + (char) b + "' in a string", "to write a backslash, double it: \\\\");
        }
        pos++;
    }

    /** The value of the four hex digits at {@code p}, or -1. */
    private int hex4(int p) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int h = p + i < end ? hex(buf[p + i]) : -1;
            if (h < 0) {
                return -1;
            }
            v = v * 16 + h;
        }
        return v;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** Decodes the UTF-8 sequence at {@code p}, advancing pos past it; fails on invalid UTF-8. */
    private int checkUtf8At(int p) {
        int b0 = buf[p] & 0xff;
        int n;
        int cp;
        int min;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 1;
            cp = b0 & 0x1F;
            min = 0x80;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 2;
            cp = b0 & 0x0F;
            min = 0x800;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 3;
            cp = b0 & 0x07;
            min = 0x10000;
        } else {
            fail("json.utf8", p, String.format("invalid UTF-8: byte 0x%02x cannot start a character", b0),
                    "save the file as UTF-8 (iconv -t UTF-8)");
            return 0;
        }
        for (int i = 1; i <= n; i++) {
            if (p + i >= end || (buf[p + i] & 0xC0) != 0x80) {
                fail("json.utf8", p, "invalid UTF-8: truncated multi-byte sequence", "save the file as UTF-8 (iconv -t UTF-8)");
            }
            cp = (cp << 6) | (buf[p + i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            fail("json.utf8", p, String.format("invalid UTF-8: bad code point U+%04X", cp), "save the file as UTF-8 (iconv -t UTF-8)");
        }
        pos = p + n + 1;
        return cp;
    }
}

package dev.jns.core.oci;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;
import com.fasterxml.jackson.core.util.BufferRecyclers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;

/**
 * Reads JSON with jackson-core's streaming parser into a {@link JsonValue} tree, never throwing on
 * bad input: the position of every value and key, numbers' exact text, and problems as findings.
 * Malformed JSON, invalid UTF-8, a byte-order mark, nesting deeper than {@link #MAX_DEPTH} and a
 * document over {@link ConfigFile#MAX_BYTES} stop the reading with one error ({@code json.syntax},
 * {@code json.utf8}, {@code json.depth}, {@code input.too-large}); a duplicate key is a warning
 * ({@code json.duplicate-key}, naming both places) and, as in Go's encoding/json (runc,
 * runtime-tools), the last value wins. A lone UTF-16 surrogate escape ({@code "\\ud800"}) is a
 * warning ({@code json.lone-surrogate}) and becomes U+FFFD, as in Go: strings in the tree are always
 * valid Unicode.
 *
 * <p>What Jackson does not do the way a config.json needs, this class does around it:
 * <ul>
 *   <li>positions: Jackson's columns count bytes, and it counts a CR as a line end; these count
 *       characters and LFs (Jackson's own serve where they agree: ASCII without a CR);</li>
 *   <li>UTF-8: Jackson decodes overlong forms and UTF-8-encoded surrogates without complaint; the
 *       bytes are checked first, and Jackson parses only up to the first invalid one;</li>
 *   <li>a byte-order mark (Go refuses it), text after the document (Jackson reads a sequence
 *       of documents), and the messages: Jackson's are mapped to one line that
 *       says what was expected and what was found.</li>
 * </ul>
 * Nesting depth, and the lengths of names, strings and numbers, are Jackson's
 * {@link StreamReadConstraints}.
 */
public final class JsonReader {
    /** Deepest nesting accepted; deeper documents get one {@code json.depth} error. */
    public static final int MAX_DEPTH = 1000;

    /**
     * The limits: {@link #MAX_DEPTH}, and no name, string or number longer than a config may be.
     * Numbers keep their text, so a number of a million digits is a range error, not a crash.
     */
    static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxDocumentLength(ConfigFile.MAX_BYTES)
            .maxNameLength((int) ConfigFile.MAX_BYTES)
            .maxStringLength((int) ConfigFile.MAX_BYTES)
            .maxNumberLength((int) ConfigFile.MAX_BYTES)
            .build();

    /**
     * Names are shared through Jackson's symbol table but not interned (a config of 200,000
     * distinct keys must not fill the JVM's string table), and a table full of colliding names is
     * not an error (names chosen to collide are still only names).
     */
    private static final ByteQuadsCanonicalizer NAMES = ByteQuadsCanonicalizer.createRoot();
    private static final int NAMES_FLAGS = JsonFactory.Feature.CANONICALIZE_FIELD_NAMES.getMask();
    private static final int PARSER_FEATURES = JsonParser.Feature.collectDefaults();

    private static final String UTF8_HINT = "save the file as UTF-8 (iconv -t UTF-8)";

    private final byte[] buf;
    private final int end;
    private final List<Finding> findings;
    /** Where Jackson's input ends: {@link #end}, or the first byte that is not UTF-8. */
    private int parseEnd;
    // the position of byte offset scanPos: line, and column in characters (see at())
    private int scanPos;
    private int line = 1;
    private int column = 1;
    private int depth;
    /**
     * Whether Jackson's lines and columns are this reader's: in ASCII without a carriage return
     * (Jackson counts a CR as a line end, and its columns count bytes). Then the bytes need no
     * second pass.
     */
    private boolean jacksonPositions;
    /**
     * Short strings seen so far, to share: values ("tmpfs", "nosuid") repeat thousands of times in
     * a large config, and one copy of each keeps its tree within a small heap. Bounded, so a config
     * of distinct strings costs no more than without. (Keys are shared by Jackson's symbol table.)
     */
    private HashMap<String, String> shared;
    private static final int SHARE_MAX_LENGTH = 32;
    private static final int SHARE_MAX_ENTRIES = 4096;

    private JsonReader(byte[] buf, int length, List<Finding> findings) {
        this.buf = buf;
        this.end = length;
        this.findings = findings;
    }

    /** Thrown internally to stop at the first error; never escapes {@link #read}. */
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
        try {
            return new JsonReader(bytes, length, findings).document();
        } catch (Stop s) {
            return null;
        }
    }

    private JsonValue document() {
        try {
            CONSTRAINTS.validateDocumentLength(end);
        } catch (StreamConstraintsException e) {
            findings.add(new Finding(Finding.Severity.ERROR, RuleId.INPUT_TOO_LARGE, "", 0, 0, "the document is " + (end >> 20)
                    + " MiB; jns reads configs up to " + (ConfigFile.MAX_BYTES >> 20) + " MiB",
                    "a config.json is a few kilobytes: is this the right file?"));
            throw new Stop();
        }
        if (end >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
            fail(RuleId.JSON_SYNTAX, 0, "the file starts with a UTF-8 byte-order mark",
                    "remove the BOM: runc and Go's encoding/json do not accept it");
        }
        int ascii = 0;
        while (ascii < end && buf[ascii] >= 0 && buf[ascii] != '\r') {
            ascii++;
        }
        jacksonPositions = ascii == end;
        int bad = jacksonPositions ? -1 : firstInvalidUtf8(buf, end);
        parseEnd = bad < 0 ? end : bad;
        JsonParser p = null;
        try {
            p = parser();
            JsonToken t = p.nextToken();
            if (t == null) {
                if (bad >= 0) {
                    utf8(bad);
                }
                fail(RuleId.JSON_SYNTAX, end, end == 0 ? "the file is empty" : "the file holds only white space",
                        "a config.json is one JSON object; `jns oci spec` writes a default one");
            }
            JsonValue root = value(p, t);
            // Jackson reads a sequence of documents; a config.json is one
            int after = (int) p.currentLocation().getByteOffset();
            while (after < end && (buf[after] == ' ' || buf[after] == '\t' || buf[after] == '\r' || buf[after] == '\n')) {
                after++;
            }
            if (after < end) {
                fail(RuleId.JSON_SYNTAX, after, "unexpected " + describe(after) + " after the end of the document",
                        "a config.json holds exactly one JSON value");
            }
            return root;
        } catch (StreamConstraintsException e) {
            if (depth >= MAX_DEPTH) {
                // thrown when the opening bracket is read: it is the byte before the parser
                fail(RuleId.JSON_DEPTH, (int) p.currentLocation().getByteOffset() - 1, "nesting deeper than " + MAX_DEPTH + " levels",
                        "a config.json is a few levels deep; this is not one");
            }
            fail(RuleId.INPUT_TOO_LARGE, offset(p, e), firstLine(e.getOriginalMessage()), "");
            return null;
        } catch (JsonProcessingException e) {
            syntax(p, e, bad);
            return null;
        } catch (IOException e) {
            // no I/O on a byte array: only a parser error not of the kinds above
            fail(RuleId.JSON_SYNTAX, p == null ? 0 : offset(p, null), "not valid JSON: " + firstLine(e.getMessage()), "");
            return null;
        } finally {
            if (p != null) {
                try {
                    p.close();   // returns its buffers to Jackson's recycler
                } catch (IOException e) {
                    // a byte array: nothing to close
                }
            }
        }
    }

    /**
     * Jackson's UTF-8 parser on the bytes, made directly rather than by a {@code JsonFactory}: the
     * bytes are UTF-8 (no detection of UTF-16 or UTF-32), and a short {@code jns oci validate}
     * loads a third fewer of Jackson's classes (the factory's generators, readers and
     * non-blocking parsers).
     */
    private JsonParser parser() {
        IOContext io = new IOContext(CONSTRAINTS, StreamWriteConstraints.defaults(), ErrorReportConfiguration.defaults(),
                BufferRecyclers.getBufferRecycler(), ContentReference.redacted(), false);
        return new UTF8StreamJsonParser(io, PARSER_FEATURES, null, null, NAMES.makeChild(NAMES_FLAGS), buf, 0, parseEnd, false);
    }

    // ---- values ----------------------------------------------------------------------------

    private JsonValue value(JsonParser p, JsonToken t) throws IOException {
        JsonLocation loc = p.currentTokenLocation();
        int off = (int) loc.getByteOffset();
        long at = position(loc);
        int l = (int) (at >>> 32);
        int c = (int) at;
        switch (t) {
            case START_OBJECT:
                return object(p, l, c);
            case START_ARRAY:
                return array(p, l, c);
            case VALUE_STRING:
                return new JsonValue(JsonValue.Kind.STRING, l, c, share(wellFormed(p.getText(), off)), false);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new JsonValue(JsonValue.Kind.NUMBER, l, c, share(p.getText()), false);
            case VALUE_TRUE:
                return new JsonValue(JsonValue.Kind.BOOLEAN, l, c, null, true);
            case VALUE_FALSE:
                return new JsonValue(JsonValue.Kind.BOOLEAN, l, c, null, false);
            case VALUE_NULL:
                return new JsonValue(JsonValue.Kind.NULL, l, c, null, false);
            default:
                // Jackson returns no other token where a value belongs; if it did, say so
                fail(RuleId.JSON_SYNTAX, off, "expected a value, found " + describe(off), "");
                return null;
        }
    }

    private JsonValue object(JsonParser p, int l, int c) throws IOException {
        depth++;
        JsonValue obj = new JsonValue(JsonValue.Kind.OBJECT, l, c, null, false);
        HashMap<String, Integer> index = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            JsonLocation loc = p.currentTokenLocation();
            int koff = (int) loc.getByteOffset();
            long at = position(loc);
            int kl = (int) (at >>> 32);
            int kc = (int) at;
            String key = wellFormed(p.currentName(), koff);
            JsonValue v = value(p, p.nextToken());
            int prev;
            if (index != null) {
                Integer i = index.get(key);
                prev = i == null ? -1 : i;
            } else {
                prev = obj.indexOf(key);
            }
            if (prev >= 0) {
                findings.add(new Finding(Finding.Severity.WARNING, RuleId.JSON_DUPLICATE_KEY, "", kl, kc,
                        "duplicate key \"" + Finding.clip(key) + "\" at line " + kl + ", column " + kc + " (first at line "
                                + obj.keyLine(prev) + ", column " + obj.keyColumn(prev) + ")",
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
        }
        if (t != JsonToken.END_OBJECT) {
            int off = offset(p, null);
            fail(RuleId.JSON_SYNTAX, off, "expected a member name in double quotes, found " + describe(off), "");
        }
        depth--;
        return obj;
    }

    private JsonValue array(JsonParser p, int l, int c) throws IOException {
        depth++;
        JsonValue arr = new JsonValue(JsonValue.Kind.ARRAY, l, c, null, false);
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            arr.addItem(value(p, t));
        }
        depth--;
        return arr;
    }

    private String share(String s) {
        if (s.length() > SHARE_MAX_LENGTH) {
            return s;
        }
        if (shared == null) {
            shared = new HashMap<>(256);
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

    /**
     * The string, with every lone UTF-16 surrogate replaced by U+FFFD and a warning at its
     * {@code \\u} escape (the bytes were checked: a surrogate in a string came from an escape).
     * {@code off} is the offset of the string's opening quote.
     */
    private String wellFormed(String s, int off) {
        int n = s.length();
        int i = 0;
        while (i < n && !Character.isSurrogate(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n).append(s, 0, i);
        int escape = off + 1;   // where to look for the next \\u escape of a surrogate
        while (i < n) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(ch).append(s.charAt(i + 1));
                escape = surrogateEscape(escape, true);
                i += 2;
                continue;
            }
            if (Character.isSurrogate(ch)) {
                int at = surrogateEscape(escape, false);
                escape = at + 6;
                at(at);
                // half a pair, alone: not a character. Go's encoding/json (runc, runtime-tools)
                // reads U+FFFD, so the value is what runc would see, and never a malformed Java
                // string (which no file name, and no UTF-8 output, can hold)
                findings.add(new Finding(Finding.Severity.WARNING, RuleId.JSON_LONE_SURROGATE, "", line, column,
                        String.format("\\u%04x is half of a UTF-16 surrogate pair, alone: runc (Go's encoding/json) reads"
                                + " it as U+FFFD, the replacement character", (int) ch),
                        "write the character itself, or both halves of its pair (e.g. \\ud83d\\ude00)"));
                b.append('\uFFFD');
            } else {
                b.append(ch);
            }
            i++;
        }
        return b.toString();
    }

    /**
     * From {@code from} in a string's bytes, the offset of the next backslash of a {@code \\u}
     * escape of a surrogate; with {@code pair}, the offset after the surrogate pair that starts
     * there (escaped, or four bytes of UTF-8). Backslashes that escape a backslash are skipped.
     */
    private int surrogateEscape(int from, boolean pair) {
        int i = from;
        while (i < parseEnd) {
            int b = buf[i] & 0xff;
            if (b >= 0xF0) {
                if (pair) {
                    return i + 4;   // a character beyond U+FFFF, in UTF-8: a pair in the Java string
                }
                i += 4;
            } else if (b == '\\') {
                if (i + 1 < parseEnd && buf[i + 1] == 'u') {
                    int v = hex4(i + 2);
                    if (v >= 0xD800 && v <= 0xDFFF) {
                        return pair ? i + 12 : i;
                    }
                    i += 6;
                } else {
                    i += 2;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    /** The value of the four hex digits at {@code p}, or -1. */
    private int hex4(int p) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int h = p + i < parseEnd ? Character.digit(buf[p + i], 16) : -1;
            if (h < 0) {
                return -1;
            }
            v = v * 16 + h;
        }
        return v;
    }

    // ---- positions -------------------------------------------------------------------------

    /**
     * Moves line and column to byte offset {@code off}. Offsets come in document order, so the
     * bytes are counted once; an earlier one counts again from the start.
     */
    private void at(int off) {
        if (off < scanPos) {
            scanPos = 0;
            line = 1;
            column = 1;
        }
        int c = column;
        for (int i = scanPos; i < off; i++) {
            byte b = buf[i];
            if (b == '\n') {
                line++;
                c = 1;
            } else if ((b & 0xC0) != 0x80) {
                c++;
            }
        }
        column = c;
        scanPos = off;
    }

    /** The line and column of a token, packed: {@code line << 32 | column}. */
    private long position(JsonLocation loc) {
        if (jacksonPositions) {
            return (long) loc.getLineNr() << 32 | loc.getColumnNr();
        }
        at((int) loc.getByteOffset());
        return (long) line << 32 | column;
    }

    /** Where Jackson stopped: the offset of {@code e}'s location, else the parser's. */
    private int offset(JsonParser p, JsonProcessingException e) {
        JsonLocation l = e != null ? e.getLocation() : null;
        long off = l != null ? l.getByteOffset() : -1;
        if (off < 0 && p != null) {
            off = p.currentLocation().getByteOffset();
        }
        return (int) Math.max(0, Math.min(off, end));
    }

    private void fail(String rule, int at, String message, String hint) {
        at(Math.min(Math.max(at, 0), end));
        findings.add(new Finding(Finding.Severity.ERROR, rule, "", line, column, message, hint));
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

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).replaceAll(" \\(code [0-9]+\\)", "");
    }

    // ---- Jackson's errors, in jns's words ----------------------------------------------------

    /** One json.syntax (or json.utf8) finding for a Jackson parse error. */
    private void syntax(JsonParser p, JsonProcessingException e, int bad) {
        int off = offset(p, e);
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        JsonStreamContext ctx = p.getParsingContext();
        boolean inArray = ctx != null && ctx.inArray();
        boolean inObject = ctx != null && ctx.inObject();
        String where = inArray ? " in an array" : inObject ? memberWhere(ctx.getCurrentName()) : "";
        if (m.startsWith("Unrecognized token '") || m.startsWith("Non-standard token '")) {
            token(m, off, inArray, inObject, where);   // Jackson reads a token to its end: the error is where it starts
        }
        if (off > 0 && (m.startsWith("Illegal character ((CTRL-CHAR") || m.startsWith("Unexpected character ('+'") && !m.contains("root-level"))) {
            off--;   // Jackson stops after the character it refuses
        }
        if (bad >= 0 && (off >= parseEnd || e instanceof JsonEOFException)) {
            utf8(bad);   // Jackson read up to the first byte that is not UTF-8, and no further
        }
        int b = off < end ? buf[off] & 0xff : -1;
        if (m.startsWith("Illegal character ((CTRL-CHAR")) {
            fail(RuleId.JSON_SYNTAX, off, "unexpected " + describe(off) + ": only space, tab, CR and LF may stand between tokens", "");
        }
        if (b == '+' && !m.contains("root-level")) {
            fail(RuleId.JSON_SYNTAX, off, "expected a value" + where + ", found character '+'", "JSON numbers have no plus sign");
        }
        if (e instanceof JsonEOFException) {
            boolean inString = m.contains("VALUE_STRING") || m.contains("FIELD_NAME") || m.contains("closing quote");
            fail(RuleId.JSON_SYNTAX, end, inString ? "unterminated string" : "unexpected end of file" + (inArray ? " in an array"
                    : inObject ? " in an object" : ""), inString ? "a closing double quote is missing" : "the document is cut short");
        }
        if (m.contains("double-quote to start field name")) {
            fail(RuleId.JSON_SYNTAX, off, "expected a member name in double quotes, found " + describe(off),
                    b == '}' ? "remove the trailing comma" : b == '\'' ? "JSON strings use double quotes" : "");
        }
        if (m.contains("colon to separate field name")) {
            fail(RuleId.JSON_SYNTAX, off, "expected ':' after member name \"" + Finding.clip(String.valueOf(ctx.getCurrentName()))
                    + "\", found " + describe(off), "");
        }
        if (m.contains("comma to separate Object entries")) {
            fail(RuleId.JSON_SYNTAX, off, "expected ',' or '}' after an object member, found " + describe(off),
                    b == '"' ? "a comma is missing" : "");
        }
        if (m.contains("comma to separate Array entries")) {
            fail(RuleId.JSON_SYNTAX, off, "expected ',' or ']' after an array item, found " + describe(off), "");
        }
        if (m.contains("separating root-level values")) {
            fail(RuleId.JSON_SYNTAX, off, "unexpected " + describe(off) + " after the end of the document",
                    "a config.json holds exactly one JSON value");
        }
        if (m.startsWith("Unexpected close marker")) {
            fail(RuleId.JSON_SYNTAX, off, inArray ? "expected ',' or ']' after an array item, found " + describe(off)
                    : inObject ? "expected ',' or '}' after an object member, found " + describe(off)
                    : "expected a value, found " + describe(off), "");
        }
        if (m.contains("expected a value") || m.contains("expected valid value")) {
            if (b == ']' && inArray) {
                fail(RuleId.JSON_SYNTAX, off, "expected a value, found ']'", "remove the trailing comma");
            }
            fail(RuleId.JSON_SYNTAX, off, "expected a value" + where + ", found " + describe(off),
                    b == '\'' ? "JSON strings use double quotes" : "");
        }
        if (m.contains("Leading zeroes not allowed")) {
            fail(RuleId.JSON_SYNTAX, off, "a number must not have a leading zero",
                    "write decimal numbers without leading zeros (file modes are decimal: 0755 octal is 493)");
        }
        if (m.contains("Decimal point not followed by a digit")) {
            fail(RuleId.JSON_SYNTAX, off, "invalid number: a digit must follow the decimal point", "");
        }
        if (m.contains("Exponent indicator not followed by a digit")) {
            fail(RuleId.JSON_SYNTAX, off, "invalid number: a digit must follow the exponent", "");
        }
        if (m.contains("in numeric value")) {
            fail(RuleId.JSON_SYNTAX, off, "invalid number", "");
        }
        if (m.startsWith("Illegal unquoted character")) {
            fail(RuleId.JSON_SYNTAX, off, String.format("control character 0x%02x in a string", Math.max(b, 0)),
                    b == '\n' ? "a newline inside a string must be written \\n" : "escape it as \\u00XX");
        }
        if (m.startsWith("Unrecognized character escape")) {
            fail(RuleId.JSON_SYNTAX, off, "invalid escape '\\" + (b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : "?")
                    + "' in a string", "to write a backslash, double it: \\\\");
        }
        if (m.contains("hex-digit for character escape")) {
            fail(RuleId.JSON_SYNTAX, off, "invalid \\u escape: four hex digits expected", "");
        }
        fail(RuleId.JSON_SYNTAX, off, "not valid JSON: " + firstLine(m), "");
    }

    /** An unrecognised token: a literal with more after it, a literal cut short, or no value at all. */
    private void token(String m, int off, boolean inArray, boolean inObject, String where) {
        int q = m.indexOf('\'');
        int q2 = m.indexOf('\'', q + 1);
        String token = q2 > q ? m.substring(q + 1, q2) : "";
        int start = lastIndexOf(token.getBytes(StandardCharsets.UTF_8), off);
        for (String word : new String[] {"true", "false", "null"}) {
            if (token.startsWith(word) && start >= 0) {
                // the literal is whole; what follows it is the error
                int after = start + word.length();
                fail(RuleId.JSON_SYNTAX, after, inArray ? "expected ',' or ']' after an array item, found " + describe(after)
                        : inObject ? "expected ',' or '}' after an object member, found " + describe(after)
                        : "unexpected " + describe(after) + " after the end of the document", "");
            }
            if (!token.isEmpty() && token.charAt(0) == word.charAt(0) && start >= 0) {
                fail(RuleId.JSON_SYNTAX, start, "invalid literal: expected '" + word + "'", "");
            }
        }
        int at = start >= 0 ? start : off;
        fail(RuleId.JSON_SYNTAX, at, "expected a value" + where + ", found " + describe(at), "");
    }

    private static String memberWhere(String key) {
        return key != null && key.length() <= Finding.MAX_QUOTED ? " for member \"" + key + "\"" : " for a member";
    }

    /** The last offset before {@code before} where {@code token} starts, or -1. */
    private int lastIndexOf(byte[] token, int before) {
        if (token.length == 0) {
            return -1;
        }
        outer:
        for (int i = Math.min(before, parseEnd) - token.length; i >= 0; i--) {
            for (int j = 0; j < token.length; j++) {
                if (buf[i + j] != token[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ---- UTF-8 -----------------------------------------------------------------------------

    /** The offset of the first byte that does not begin a well-formed UTF-8 character, or -1. */
    static int firstInvalidUtf8(byte[] b, int end) {
        int i = 0;
        while (i < end) {
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int n = utf8Length(b, i, end);
            if (n < 0) {
                return i;
            }
            i += n;
        }
        return -1;
    }

    /** The length of the well-formed multi-byte UTF-8 sequence at {@code p}, or -1 (RFC 3629). */
    private static int utf8Length(byte[] b, int p, int end) {
        int b0 = b[p] & 0xff;
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
            return -1;
        }
        for (int i = 1; i <= n; i++) {
            if (p + i >= end || (b[p + i] & 0xC0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (b[p + i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return -1;
        }
        return n + 1;
    }

    /** The json.utf8 error for the invalid sequence at {@code p}. */
    private void utf8(int p) {
        int b0 = buf[p] & 0xff;
        if (b0 < 0xC2 || b0 > 0xF4) {
            fail(RuleId.JSON_UTF8, p, String.format("invalid UTF-8: byte 0x%02x cannot start a character", b0), UTF8_HINT);
        }
        int n = b0 <= 0xDF ? 1 : b0 <= 0xEF ? 2 : 3;
        int cp = b0 & (n == 1 ? 0x1F : n == 2 ? 0x0F : 0x07);
        for (int i = 1; i <= n; i++) {
            if (p + i >= end || (buf[p + i] & 0xC0) != 0x80) {
                fail(RuleId.JSON_UTF8, p, "invalid UTF-8: truncated multi-byte sequence", UTF8_HINT);
            }
            cp = (cp << 6) | (buf[p + i] & 0x3F);
        }
        fail(RuleId.JSON_UTF8, p, String.format("invalid UTF-8: bad code point U+%04X", cp), UTF8_HINT);
    }
}

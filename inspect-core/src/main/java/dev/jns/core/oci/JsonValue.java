package dev.jns.core.oci;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * One value of a parsed JSON document, with the 1-based line and column where it starts. Numbers
 * keep their exact text (so uint64's 18446744073709551615 and beyond compare exactly); objects
 * keep their members in document order, with the position of each key.
 */
public final class JsonValue {
    /** The JSON kinds. */
    public enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

    private final Kind kind;
    private final int line;
    private final int column;
    private final String text;      // string value, or the number's text
    private final boolean bool;
    private String[] keys;
    private int[] keyPos;           // line and column of key i at 2i and 2i+1
    private JsonValue[] values;     // object member values, or array items
    private int size;

    JsonValue(Kind kind, int line, int column, String text, boolean bool) {
        this.kind = kind;
        this.line = line;
        this.column = column;
        this.text = text;
        this.bool = bool;
    }

    public Kind kind() {
        return kind;
    }

    /** 1-based line of the value's first character. */
    public int line() {
        return line;
    }

    /** 1-based column (in characters) of the value's first character. */
    public int column() {
        return column;
    }

    public boolean isObject() {
        return kind == Kind.OBJECT;
    }

    public boolean isArray() {
        return kind == Kind.ARRAY;
    }

    public boolean isString() {
        return kind == Kind.STRING;
    }

    public boolean isNumber() {
        return kind == Kind.NUMBER;
    }

    /** The string's value; the number's text; null for the other kinds. */
    public String text() {
        return text;
    }

    public boolean booleanValue() {
        return bool;
    }

    /** Members of an object or items of an array. */
    public int size() {
        return size;
    }

    /** The i-th array item or object member value. */
    public JsonValue at(int i) {
        return values[i];
    }

    /** The i-th object key. */
    public String key(int i) {
        return keys[i];
    }

    public int keyLine(int i) {
        return keyPos[2 * i];
    }

    public int keyColumn(int i) {
        return keyPos[2 * i + 1];
    }

    /** The member named {@code name} of an object, or null (also when this is not an object). */
    public JsonValue get(String name) {
        if (kind != Kind.OBJECT) {
            return null;
        }
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    /** The string member {@code name}, or null when absent or not a string. */
    public String string(String name) {
        JsonValue v = get(name);
        return v != null && v.kind == Kind.STRING ? v.text : null;
    }

    /** A number without fraction or exponent: what JSON Schema draft 4 calls an integer. */
    public boolean isInteger() {
        if (kind != Kind.NUMBER) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                return false;
            }
        }
        return true;
    }

    /** The exact integer value; only for {@link #isInteger()}. */
    public BigInteger bigInteger() {
        return new BigInteger(text);
    }

    /**
     * Compares two JSON integer texts (no fraction, no exponent, no leading zeros) exactly, without
     * BigInteger: parsing one of a million digits is quadratic, comparing texts is linear.
     */
    public static int compareIntegers(String a, String b) {
        if (a.equals("-0")) {
            a = "0";
        }
        if (b.equals("-0")) {
            b = "0";
        }
        boolean na = a.startsWith("-");
        boolean nb = b.startsWith("-");
        if (na != nb) {
            return na ? -1 : 1;
        }
        int c = a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        return na ? -c : c;
    }

    /** The exact numeric value of a number. */
    public BigDecimal decimal() {
        return new BigDecimal(text);
    }

    /** The value as a long when it is an integer that fits, else {@code fallback}. */
    public long longValue(long fallback) {
        Long l = exactLong();
        return l != null ? l : fallback;
    }

    /** The value of an integer that fits a long ({@code -0} is 0); null for any other value. */
    public Long exactLong() {
        if (!isInteger() || text.length() > 20) {   // a sign and 19 digits
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the member {@code name} is present (any value, null included). */
    public boolean has(String name) {
        return get(name) != null;
    }

    void add(String key, int keyLine, int keyColumn, JsonValue value) {
        if (keys == null) {
            // small: most objects of a config have a handful of members, and a config of
            // 50,000 mounts has 50,000 of them
            keys = new String[4];
            keyPos = new int[8];
            values = new JsonValue[4];
        } else if (size == keys.length) {
            int n = size * 2;
            keys = java.util.Arrays.copyOf(keys, n);
            keyPos = java.util.Arrays.copyOf(keyPos, 2 * n);
            values = java.util.Arrays.copyOf(values, n);
        }
        keys[size] = key;
        keyPos[2 * size] = keyLine;
        keyPos[2 * size + 1] = keyColumn;
        values[size++] = value;
    }

    /** Replaces the value of member i (a duplicate key: the last one wins, as in Go and runc). */
    void replace(int i, int keyLine, int keyColumn, JsonValue value) {
        keyPos[2 * i] = keyLine;
        keyPos[2 * i + 1] = keyColumn;
        values[i] = value;
    }

    int indexOf(String key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    void addItem(JsonValue value) {
        if (values == null) {
            values = new JsonValue[4];
        } else if (size == values.length) {
            values = java.util.Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    @Override
    public String toString() {
        return kind + "@" + line + ":" + column + (text != null ? " " + text : "");
    }
}

package dev.jns.cli.output;

/**
 * A minimal JSON writer for one-line documents (NDJSON), without a library: Jackson's start-up
 * cost would dominate a short command. Values: strings (escaped as {@link Table#jsonEscape} does:
 * valid UTF-8, no raw control characters), numbers, booleans, null, nested objects
 * and arrays; the caller keeps the structure balanced.
 */
public final class Json {
    private final StringBuilder b = new StringBuilder(256);
    private final boolean ascii;
    private boolean first = true;

    /** Strings in UTF-8. */
    public Json() {
        this(false);
    }

    /**
     * @param ascii every character that is not ASCII as a <code>&#92;u</code> escape, for an output
     *              that is not UTF-8 (see {@link Terminal#utf8()})
     */
    public Json(boolean ascii) {
        this.ascii = ascii;
    }

    public Json open() {
        comma();
        b.append('{');
        first = true;
        return this;
    }

    public Json close() {
        b.append('}');
        first = false;
        return this;
    }

    public Json openArray(String key) {
        key(key);
        b.append('[');
        first = true;
        return this;
    }

    public Json closeArray() {
        b.append(']');
        first = false;
        return this;
    }

    public Json openObject(String key) {
        key(key);
        b.append('{');
        first = true;
        return this;
    }

    public Json field(String key, String value) {
        key(key);
        if (value == null) {
            b.append("null");
        } else {
            b.append('"');
            dev.jns.core.text.SafeText.json(value, ascii, b);
            b.append('"');
        }
        return this;
    }

    /** A string as an array element. */
    public Json value(String value) {
        comma();
        b.append('"');
        dev.jns.core.text.SafeText.json(value, ascii, b);
        b.append('"');
        return this;
    }

    public Json field(String key, long value) {
        key(key);
        b.append(value);
        return this;
    }

    public Json field(String key, java.util.OptionalLong value) {
        key(key);
        if (value.isPresent()) {
            b.append(value.getAsLong());
        } else {
            b.append("null");
        }
        return this;
    }

    public Json field(String key, java.util.OptionalDouble value, int decimals) {
        key(key);
        if (value.isPresent() && Double.isFinite(value.getAsDouble())) {
            b.append(java.math.BigDecimal.valueOf(value.getAsDouble()).setScale(decimals, java.math.RoundingMode.HALF_UP)
                    .stripTrailingZeros().toPlainString());
        } else {
            b.append("null");
        }
        return this;
    }

    public Json field(String key, boolean value) {
        key(key);
        b.append(value);
        return this;
    }

    private void key(String key) {
        comma();
        b.append('"');
        dev.jns.core.text.SafeText.json(key, ascii, b);
        b.append("\":");
    }

    private void comma() {
        if (!first) {
            b.append(',');
        }
        first = false;
    }

    @Override
    public String toString() {
        return b.toString();
    }
}

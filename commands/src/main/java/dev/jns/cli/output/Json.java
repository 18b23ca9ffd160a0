package dev.jns.cli.output;

/**
 * A minimal JSON writer for one-line documents (NDJSON), without a library: Jackson's start-up
 * cost would dominate a short command. Values: strings, numbers, booleans, null, nested objects
 * and arrays; the caller keeps the structure balanced.
 */
public final class Json {
    private final StringBuilder b = new StringBuilder(256);
    private boolean first = true;

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
            Table.jsonEscape(value, b);
            b.append('"');
        }
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
        Table.jsonEscape(key, b);
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

package dev.jns.core.oci.inspect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jns.core.oci.JsonValue;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON text with Jackson's streaming generator only: of Jackson trees (what {@code jns oci spec}
 * builds) and of the values of a config read by {@link dev.jns.core.oci.JsonReader}, the one
 * parser of config.json. An {@code ObjectMapper} would do the same, but loading it costs a short
 * command about 300 more classes (bench/RESULTS.md, oci).
 *
 * <p>A number of a config is shown as Jackson shows the number it would read: an integer exactly
 * (uint64's 18446744073709551615 included) up to {@link StreamReadConstraints#DEFAULT_MAX_NUM_LEN}
 * digits, anything else as a double ({@code 1.5e3} is {@code 1500.0}, {@code 1e400} is
 * {@code Infinity}). The text of a number with a million digits is never parsed as a
 * {@code BigInteger}, which takes minutes.
 */
public final class JsonText {
    /** Made on first writing: reading a config's numbers needs none of the generator's classes. */
    private static final class Factory {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    private JsonText() {}

    /** One line, no spaces. */
    public static String compact(JsonNode node) {
        return write(node, null);
    }

    /**
     * Pretty-printed with 2-space indents, {@code "key": value}, one array element per line and
     * {@code \n} line ends (no final newline).
     */
    public static String pretty(JsonNode node) {
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        return write(node, new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indent)
                .withArrayIndenter(indent));
    }

    /**
     * A generator of compact JSON (one line, no spaces) into {@code out}, for a document written
     * without a tree ({@code jns oci inspect --json}).
     */
    public static JsonGenerator generator(java.io.Writer out) throws IOException {
        return Factory.FACTORY.createGenerator(out);
    }

    /**
     * A config value as one line of JSON, no spaces: what {@code toString()} of the Jackson tree
     * of the same text gives.
     */
    public static String compact(JsonValue value) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Factory.FACTORY.createGenerator(w)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * A scalar config value as plain text, what Jackson's {@code asText()} gives: a string's value
     * unquoted, a number as described above, {@code true}, {@code false}, {@code null}; an array or
     * an object as {@link #compact(JsonValue)}.
     */
    public static String plain(JsonValue v) {
        switch (v.kind()) {
            case STRING:
                return v.text();
            case NUMBER: {
                Long l = exactLong(v);
                if (l != null) {
                    return Long.toString(l);
                }
                return v.isInteger() && v.text().length() <= StreamReadConstraints.DEFAULT_MAX_NUM_LEN ? v.text()
                        : Double.toString(Double.parseDouble(v.text()));
            }
            case BOOLEAN:
                return v.booleanValue() ? "true" : "false";
            case NULL:
                return "null";
            default:
                return compact(v);
        }
    }

    /** The value of an integer that fits a long ({@code -0} is 0); null for any other value. */
    public static Long exactLong(JsonValue v) {
        return v == null ? null : v.exactLong();
    }

    private static void write(JsonGenerator g, JsonValue v) throws IOException {
        switch (v.kind()) {
            case OBJECT:
                g.writeStartObject();
                for (int i = 0; i < v.size(); i++) {
                    g.writeFieldName(v.key(i));
                    write(g, v.at(i));
                }
                g.writeEndObject();
                break;
            case ARRAY:
                g.writeStartArray();
                for (int i = 0; i < v.size(); i++) {
                    write(g, v.at(i));
                }
                g.writeEndArray();
                break;
            case STRING:
                g.writeString(v.text());
                break;
            case NUMBER: {
                Long l = exactLong(v);
                if (l != null) {
                    g.writeNumber(l);
                } else if (v.isInteger() && v.text().length() <= StreamReadConstraints.DEFAULT_MAX_NUM_LEN) {
                    g.writeNumber(v.bigInteger());
                } else {
                    g.writeNumber(Double.parseDouble(v.text()));   // Infinity is written "Infinity", as Jackson does
                }
                break;
            }
            case BOOLEAN:
                g.writeBoolean(v.booleanValue());
                break;
            default:
                g.writeNull();
        }
    }

    private static String write(JsonNode node, PrettyPrinter pp) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Factory.FACTORY.createGenerator(w)) {
            if (pp != null) {
                g.setPrettyPrinter(pp);
            }
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        if (n == null || n.isNull() || n.isMissingNode()) {
            g.writeNull();
        } else if (n.isObject()) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (n.isArray()) {
            g.writeStartArray();
            for (JsonNode e : n) {
                write(g, e);
            }
            g.writeEndArray();
        } else if (n.isTextual()) {
            g.writeString(n.textValue());
        } else if (n.isBoolean()) {
            g.writeBoolean(n.booleanValue());
        } else if (n.isInt() || n.isLong()) {
            g.writeNumber(n.longValue());
        } else if (n.isBigInteger()) {
            g.writeNumber(n.bigIntegerValue());
        } else if (n.isNumber()) {
            g.writeNumber(n.doubleValue());
        } else {
            g.writeString(n.asText());
        }
    }
}

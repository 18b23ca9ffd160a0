package dev.jns.core.oci.inspect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Jackson trees to JSON text with Jackson's streaming generator only. An {@code ObjectMapper}
 * would do the same, but loading it costs a short command about 300 more classes
 * (bench/RESULTS.md, oci). Reading is {@link dev.jns.core.oci.JsonReader}'s (then
 * {@link ConfigReader}'s tree), the one parser of config.json.
 */
public final class JsonText {
    private static final JsonFactory FACTORY = new JsonFactory();

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

    private static String write(JsonNode node, PrettyPrinter pp) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
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

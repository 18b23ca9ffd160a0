package dev.jns.core.oci.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jns.core.oci.Finding;
import dev.jns.core.oci.JsonReader;
import dev.jns.core.oci.JsonValue;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {
    /** Parsed by JsonReader, then made a Jackson tree, as inspect once did (null when not JSON). */
    private static JsonNode parse(String s) {
        List<Finding> findings = new ArrayList<>();
        JsonValue v = JsonReader.read(s.getBytes(StandardCharsets.UTF_8), findings);
        return v == null ? null : node(v);
    }

    /**
     * The Jackson tree of a parsed value: numbers as int, long, BigInteger or double nodes, as
     * ObjectMapper reads them. This was ConfigReader.node, inspect's second tree; inspect now reads
     * the JsonValues themselves, and this stays as the reference they must show the same as.
     */
    static JsonNode node(JsonValue v) {
        switch (v.kind()) {
            case OBJECT: {
                ObjectNode o = NODES.objectNode();
                for (int i = 0; i < v.size(); i++) {
                    o.set(v.key(i), node(v.at(i)));
                }
                return o;
            }
            case ARRAY: {
                ArrayNode a = NODES.arrayNode();
                for (int i = 0; i < v.size(); i++) {
                    a.add(node(v.at(i)));
                }
                return a;
            }
            case STRING:
                return NODES.textNode(v.text());
            case NUMBER: {
                if (!v.isInteger()) {
                    return NODES.numberNode(Double.parseDouble(v.text()));
                }
                long l = v.longValue(Long.MIN_VALUE);
                if (l == Long.MIN_VALUE && !v.text().equals(Long.toString(Long.MIN_VALUE))) {
                    return v.text().length() <= StreamReadConstraints.DEFAULT_MAX_NUM_LEN ? NODES.numberNode(v.bigInteger())
                            : NODES.numberNode(Double.parseDouble(v.text()));
                }
                return l == (int) l ? NODES.numberNode((int) l) : NODES.numberNode(l);
            }
            case BOOLEAN:
                return NODES.booleanNode(v.booleanValue());
            default:
                return NODES.nullNode();
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "{\"a\":[1,-2,3.5,true,false,null,\"x\\\"y\\u00e9\"],\"b\":{\"c\":{}}}",
        "{\"limit\":18446744073709551615,\"n\":-9223372036854775808,\"i\":2147483648}", "\"s\"", "0"})
    void sameTreeAsObjectMapper(String json) throws Exception {
        JsonNode mine = parse(json);
        assertEquals(new ObjectMapper().readTree(json), mine);
        assertEquals(mine, parse(JsonText.compact(mine)), "round trip");
        assertEquals(mine, parse(JsonText.pretty(mine)), "round trip, pretty");
    }

    @Test
    void bigNumbersStayExact() throws Exception {
        JsonNode n = parse("{\"max\":18446744073709551615}");
        assertEquals(new BigInteger("18446744073709551615"), n.get("max").bigIntegerValue());
        assertEquals("{\"max\":18446744073709551615}", JsonText.compact(n));
    }

    @Test
    void lastDuplicateKeyWins() throws Exception {
        assertEquals(2, parse("{\"a\":1,\"a\":2}").get("a").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n", "{", "{]", "{} {}", "[1,]", "{\"a\" 1}", "nul"})
    void malformed(String json) {
        assertNull(parse(json), json);
    }

    @Test
    void prettyLayout() throws Exception {
        assertEquals("{\n  \"a\": [\n    1,\n    \"b\"\n  ],\n  \"c\": {\n    \"d\": null\n  }\n}",
                JsonText.pretty(parse("{\"a\":[1,\"b\"],\"c\":{\"d\":null}}")));
    }
}

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

    /**
     * A config value shows as the Jackson tree of the same text did when inspect read through
     * one: compact as its toString(), a scalar as its asText(). Numbers are where they could part.
     */
    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "-1000000000000000000",
        "18446744073709551615", "123456789012345678901234567890", "0.0", "-0.0", "0.5", "1.5e3", "1E2", "1e+2",
        "123e5", "1e20", "1e-7", "1e400", "-1e400", "1e-400", "1.7976931348623157e308", "4.9e-324", "0.1",
        "\"s\"", "\"\\u0000\\u001f\\u007f\\n\\t\\\"\\\\/\u00e9\\ud83d\\ude00\\ud800\"", "true", "false", "null",
        "[]", "{}", "[1,2.0,\"x\",null,[{}],{\"a\":[1e400]}]", "{\"k\\u0001\":{\"a\":1,\"a\":2,\"b\":-0}}"})
    void valuesShowAsTheJacksonTreeShowedThem(String json) {
        JsonValue v = JsonReader.read(json.getBytes(StandardCharsets.UTF_8), new ArrayList<>());
        JsonNode n = node(v);
        assertEquals(n.toString(), JsonText.compact(v));
        assertEquals(n.isContainerNode() ? n.toString() : n.asText(), JsonText.plain(v));
    }

    @Test
    void integersPastJacksonsLengthAreDoubles() {
        for (String json : List.of("9".repeat(1000), "9".repeat(1001), "-" + "9".repeat(1000), "-" + "9".repeat(1001),
                "[" + "1".repeat(1001) + "]")) {
            JsonValue v = JsonReader.read(json.getBytes(StandardCharsets.UTF_8), new ArrayList<>());
            JsonNode n = node(v);
            assertEquals(n.toString(), JsonText.compact(v), json);
            assertEquals(n.isContainerNode() ? n.toString() : n.asText(), JsonText.plain(v), json);
        }
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

package dev.jns.core.oci.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    /** Parsed as inspect parses a config: JsonReader, then the Jackson tree (null when not JSON). */
    private static JsonNode parse(String s) {
        List<Finding> findings = new ArrayList<>();
        JsonValue v = JsonReader.read(s.getBytes(StandardCharsets.UTF_8), findings);
        return v == null ? null : ConfigReader.node(v);
    }

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

package dev.jns.core.oci.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {
    private static JsonNode parse(String s) throws Exception {
        return JsonText.parse(s.getBytes(StandardCharsets.UTF_8));
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

    @Test
    void emptyInputIsNull() throws Exception {
        assertNull(parse(""));
        assertNull(parse("  \n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{]", "{} {}", "[1,]", "{\"a\" 1}", "nul"})
    void malformed(String json) {
        JsonParseException e = assertThrows(JsonParseException.class, () -> parse(json));
        assertTrue(e.getLocation() != null, json);
    }

    @Test
    void prettyLayout() throws Exception {
        assertEquals("{\n  \"a\": [\n    1,\n    \"b\"\n  ],\n  \"c\": {\n    \"d\": null\n  }\n}",
                JsonText.pretty(parse("{\"a\":[1,\"b\"],\"c\":{\"d\":null}}")));
    }
}

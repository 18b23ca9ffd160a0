package dev.jns.core.oci.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultSpecTest {
    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.has("type") ? n.get("type").asText() : n.asText()));
        return out;
    }

    @Test
    void prettyPrintedWithTwoSpacesAndAFinalNewline() {
        String text = DefaultSpec.toJson(DefaultSpec.generate(DefaultSpec.Options.defaults()));
        assertTrue(text.startsWith("{\n  \"ociVersion\": \"1.0.2-dev\",\n  \"process\": {\n    \"terminal\": true,\n"), text);
        assertTrue(text.contains("\n    \"args\": [\n      \"sh\"\n    ],\n"), text);
        assertTrue(text.endsWith("\n}\n"));
        assertFalse(text.contains("\t") || text.contains("\r") || text.contains(" :"));
        assertEquals(text, DefaultSpec.toJson(DefaultSpec.generate(DefaultSpec.Options.defaults())), "deterministic");
    }

    @Test
    void defaultLikeRuncSpec() throws Exception {
        JsonNode c = new ObjectMapper().readTree(DefaultSpec.toJson(DefaultSpec.generate(
                new DefaultSpec.Options(List.of("echo", "a b"), false, false, 0, 0))));
        assertEquals(List.of("echo", "a b"), texts(c.at("/process/args")));
        assertFalse(c.at("/process/terminal").asBoolean());
        assertEquals(List.of("pid", "network", "ipc", "uts", "mount"), texts(c.at("/linux/namespaces")));
        assertEquals(List.of(), texts(c.at("/process/capabilities/ambient")));   // runc lists them there, never raised
        assertFalse(c.at("/linux/uidMappings").isArray());
        assertEquals("sysfs", c.at("/mounts/5/type").asText());
        assertTrue(texts(c.at("/mounts/2/options")).contains("gid=5"));
        assertFalse(c.at("/linux/resources/devices/0/allow").asBoolean());
    }

    @Test
    void rootlessLikeRuncSpecRootless() throws Exception {
        JsonNode c = DefaultSpec.generate(new DefaultSpec.Options(List.of("sh"), true, true, 1000, 1001));
        assertEquals(List.of("pid", "ipc", "uts", "mount", "user"), texts(c.at("/linux/namespaces")));
        assertEquals(1000, c.at("/linux/uidMappings/0/hostID").asLong());
        assertEquals(1001, c.at("/linux/gidMappings/0/hostID").asLong());
        assertEquals(0, c.at("/linux/uidMappings/0/containerID").asLong());
        assertEquals(1, c.at("/linux/gidMappings/0/size").asLong());
        assertTrue(c.at("/linux/resources").isMissingNode());
        assertEquals("/sys", c.at("/mounts/5/source").asText());
        assertFalse(texts(c.at("/mounts/2/options")).contains("gid=5"));
    }

    @Test
    void argsAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> new DefaultSpec.Options(List.of(), true, false, 0, 0));
    }
}

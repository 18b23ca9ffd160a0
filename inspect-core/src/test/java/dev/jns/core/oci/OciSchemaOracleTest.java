package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The oracle: jns's schema layer must reach the official runtime-spec schema's verdict on every
 * one of a few thousand configs made by mutating valid ones (wrong types, missing required
 * members, bad enums and patterns, out-of-range and non-integer numbers, unknown members). The
 * official schema (runtime-spec HEAD, draft-04) is loaded in test scope only, with networknt's
 * validator, from ../shared/oci-runtime-spec-schema beside the repository; the test skips when
 * that folder is absent (a clean clone elsewhere).
 *
 * <p>jns's verdict is "invalid" when its schema layer reports an error, or the documented
 * deviation {@code linux.rootfs-propagation.r-form} (a warning in jns, since runc and crun accept
 * the r-forms; the schema's enum does not).
 */
class OciSchemaOracleTest {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    private static Schema official;

    /** The schema folder: repo root's parent / shared / oci-runtime-spec-schema, or null. */
    static Path schemaDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("inspect-core")) && Files.isRegularFile(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        if (dir == null || dir.getParent() == null) {
            return null;
        }
        Path s = dir.getParent().resolve("shared/oci-runtime-spec-schema");
        return Files.isRegularFile(s.resolve("config-schema.json")) ? s : null;
    }

    /** Each test, not the class, skips: surefire then counts the skips and keeps the reason. */
    @org.junit.jupiter.api.BeforeEach
    void needsTheOfficialSchema() {
        Assumptions.assumeTrue(schemaDir() != null, "official schema not found at ../shared/oci-runtime-spec-schema"
                + " beside the repository (a clean clone elsewhere): oracle skipped");
    }

    @BeforeAll
    static void loadOfficial() {
        Path dir = schemaDir();
        if (dir == null) {
            return;
        }
        String base = "https://oci-schema.test/";
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
                b -> b.schemas(iri -> {
                    if (!iri.startsWith(base)) {
                        return null;
                    }
                    try {
                        return Files.readString(dir.resolve(iri.substring(base.length())));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
        official = registry.getSchema(SchemaLocation.of(base + "config-schema.json"));
    }

    static JsonNode resource(String name) {
        try (InputStream in = OciSchemaOracleTest.class.getResourceAsStream("/oci/" + name)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean officialInvalid(String json) {
        return !official.validate(json, InputFormat.JSON).isEmpty();
    }

    /** The JSON pointers of the values the official schema finds fault with. */
    private static Set<String> officialPointers(String json) {
        Set<String> out = new java.util.TreeSet<>();
        for (com.networknt.schema.Error e : official.validate(json, InputFormat.JSON)) {
            com.networknt.schema.path.NodePath p = e.getInstanceLocation();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < p.getNameCount(); i++) {
                b.append('/').append(String.valueOf(p.getElement(i)).replace("~", "~0").replace("/", "~1"));
            }
            out.add(b.toString());
        }
        return out;
    }

    /** The JSON pointers of jns's schema-layer verdicts (errors, and the r-form deviation). */
    private static Set<String> jnsPointers(String json) {
        Set<String> out = new java.util.TreeSet<>();
        for (Finding f : OciValidator.schemaOnly(json.getBytes(StandardCharsets.UTF_8))) {
            if (f.isError() || f.rule().equals("linux.rootfs-propagation.r-form")) {
                out.add(f.pointer());
            }
        }
        return out;
    }

    private static boolean jnsInvalid(String json) {
        for (Finding f : OciValidator.schemaOnly(json.getBytes(StandardCharsets.UTF_8))) {
            if (f.isError() || f.rule().equals("linux.rootfs-propagation.r-form")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void baseConfigsAreValidForBoth() throws IOException {
        for (String name : new String[] {"full.json", "runc-spec.json"}) {
            String json = MAPPER.writeValueAsString(resource(name));
            assertEquals(List.of(), official.validate(json, InputFormat.JSON), name + " (official)");
            assertEquals(false, jnsInvalid(json), name + " (jns): " + OciValidator.schemaOnly(json.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Replacement values tried at every place of a base config. */
    private static List<JsonNode> replacements(JsonNode original) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> r = new ArrayList<>();
        r.add(f.textNode("x"));
        r.add(f.textNode(""));
        r.add(f.numberNode(BigInteger.ONE));
        r.add(f.numberNode(new BigDecimal("1.5")));
        r.add(f.booleanNode(true));
        r.add(f.nullNode());
        r.add(f.arrayNode());
        r.add(f.objectNode());
        if (original.isNumber()) {
            for (String n : new String[] {"-1", "0", "1", "100", "101", "127", "128", "255", "256", "511", "512", "32767",
                "32768", "65535", "65536", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295",
                "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                "18446744073709551615", "18446744073709551616", "99999999999999999999999999"}) {
                r.add(f.numberNode(new BigInteger(n)));
            }
            r.add(f.numberNode(new BigDecimal("1.0")));
            r.add(f.numberNode(new BigDecimal("2E+3")));
            r.add(f.numberNode(new BigDecimal("-0.5")));
        }
        if (original.isTextual()) {
            String s = original.asText();
            for (String t : new String[] {s.toLowerCase(), s.toUpperCase(), s + "X", "r" + s, s.isEmpty() ? "a" : s.substring(1),
                "RLIMIT_", "RLIMIT_nofile", "RLIMIT_NOFILE", "RLIMIT_NOFILE1", "0-3,7", "0-3;7", "2MB", "02MB", "2KB",
                "2mb", "2TB", "MB:0=1", "MB:0=1\nx", "mb:0", "c", "b", "u", "p", "cc", "x", "LINUX", "LINUX32", "rshared",
                "rslave", "shared", "private", "time", "SCMP_ACT_KILL_THREAD", "SCMP_ARCH_M68K", "MPOL_LOCAL", "class",
                "vhd", "new", "disable", "inherit", "SCHED_ISO", "IOPRIO_CLASS_IDLE", "SCMP_CMP_GE", "1.0.0", "X" + s}) {
                r.add(f.textNode(t));
            }
        }
        if (original.isArray()) {
            ArrayNode dup = original.deepCopy();
            if (dup.size() > 0) {
                dup.add(dup.get(0).deepCopy());
            }
            r.add(dup);
            ArrayNode wrapped = f.arrayNode();
            wrapped.add(f.textNode("x"));
            r.add(wrapped);
            ArrayNode ints = f.arrayNode();
            ints.add(f.numberNode(BigInteger.valueOf(3)));
            r.add(ints);
        }
        return r;
    }

    /** Every mutation of {@code base}: replacements at each place, removals of each member, an added member. */
    private static void mutate(JsonNode base, JsonNode node, List<String> path, Set<String> out) throws IOException {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            List<String> names = new ArrayList<>();
            while (it.hasNext()) {
                names.add(it.next().getKey());
            }
            for (String n : names) {
                ObjectNode copy = (ObjectNode) base.deepCopy();
                ((ObjectNode) at(copy, path)).remove(n);
                out.add(MAPPER.writeValueAsString(copy));
                List<String> child = new ArrayList<>(path);
                child.add(n);
                for (JsonNode r : replacements(node.get(n))) {
                    ObjectNode c2 = (ObjectNode) base.deepCopy();
                    ((ObjectNode) at(c2, path)).set(n, r);
                    out.add(MAPPER.writeValueAsString(c2));
                }
                mutate(base, node.get(n), child, out);
            }
            ObjectNode extra = (ObjectNode) base.deepCopy();
            ((ObjectNode) at(extra, path)).put("jnsUnknownMember", 1);
            out.add(MAPPER.writeValueAsString(extra));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<String> child = new ArrayList<>(path);
                child.add("#" + i);
                for (JsonNode r : replacements(node.get(i))) {
                    ObjectNode c2 = (ObjectNode) base.deepCopy();
                    ((ArrayNode) at(c2, path)).set(i, r);
                    out.add(MAPPER.writeValueAsString(c2));
                }
                ObjectNode empty = (ObjectNode) base.deepCopy();
                ((ArrayNode) at(empty, path)).removeAll();
                out.add(MAPPER.writeValueAsString(empty));
                mutate(base, node.get(i), child, out);
            }
        }
    }

    private static JsonNode at(JsonNode root, List<String> path) {
        JsonNode n = root;
        for (String p : path) {
            n = p.startsWith("#") ? n.get(Integer.parseInt(p.substring(1))) : n.get(p);
        }
        return n;
    }

    @Test
    void jnsAgreesWithTheOfficialSchemaOnEveryMutation() throws IOException {
        Set<String> configs = new LinkedHashSet<>();
        for (String name : new String[] {"full.json", "runc-spec.json"}) {
            JsonNode base = resource(name);
            mutate(base, base, new ArrayList<>(), configs);
        }
        // a few whole-document shapes
        configs.add("{}");
        configs.add("[]");
        configs.add("\"1.0.0\"");
        configs.add("{\"ociVersion\": 1}");
        configs.add("{\"ociVersion\": \"1.0.0\"}");
        // a seeded sample keeps the run short while covering every kind of mutation
        List<String> all = new ArrayList<>(configs);
        Random rnd = new Random(42);
        List<String> sample = new ArrayList<>();
        int want = Math.min(all.size(), Integer.getInteger("oracle.size", 6000));
        for (int i = 0; i < all.size(); i++) {
            if (rnd.nextInt(all.size() - i) < want - sample.size()) {
                sample.add(all.get(i));
            }
        }
        int invalid = 0;
        int placesCompared = 0;
        List<String> disagreements = new ArrayList<>();
        List<String> placeDisagreements = new ArrayList<>();
        for (String json : sample) {
            boolean o = officialInvalid(json);
            boolean j = jnsInvalid(json);
            if (o) {
                invalid++;
            }
            if (o && j) {
                placesCompared++;
                Set<String> op = officialPointers(json);
                Set<String> jp = jnsPointers(json);
                if (!op.equals(jp) && placeDisagreements.size() < 20) {
                    placeDisagreements.add("official at " + op + ", jns at " + jp + ": " + diffHint(json));
                }
            }
            if (o != j && disagreements.size() < 20) {
                disagreements.add((o ? "official INVALID, jns valid: " : "official valid, jns INVALID: ")
                        + official.validate(json, InputFormat.JSON) + " / "
                        + OciValidator.schemaOnly(json.getBytes(StandardCharsets.UTF_8)) + "\n   " + diffHint(json));
            }
        }
        System.out.printf("oci schema oracle: %d configs (%d generated), %d invalid per the official schema, %d disagreements;"
                + " places of the faults compared on %d, %d differ%n",
                sample.size(), all.size(), invalid, disagreements.size(), placesCompared, placeDisagreements.size());
        assertTrue(sample.size() >= 2000, "only " + sample.size() + " configs");
        assertTrue(invalid > sample.size() / 4, "too few invalid configs: " + invalid);
        assertEquals(List.of(), disagreements, "jns and the official schema disagree");
        assertEquals(List.of(), placeDisagreements, "jns and the official schema fault different places");
    }

    private static String diffHint(String json) {
        return json.length() > 300 ? json.substring(0, 300) + "..." : json;
    }
}

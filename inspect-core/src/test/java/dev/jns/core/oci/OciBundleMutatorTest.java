package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The differential test's generator: deterministic for a seed, every family covered, every config JSON. */
class OciBundleMutatorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<String> names(List<OciBundleMutator.Mutation> ms) {
        return ms.stream().map(OciBundleMutator.Mutation::name).toList();
    }

    @Test
    void sameSeedSameBundlesInTheSameOrder() {
        List<OciBundleMutator.Mutation> a = OciBundleMutator.generate(OciBundleMutator.DEFAULT_SEED);
        List<OciBundleMutator.Mutation> b = OciBundleMutator.generate(OciBundleMutator.DEFAULT_SEED);
        assertEquals(names(a), names(b));
        for (int i = 0; i < a.size(); i++) {
            assertEquals(new String(a.get(i).json("x")), new String(b.get(i).json("x")), a.get(i).name());
        }
    }

    @Test
    void anotherSeedChangesOnlyTheRandomPart() {
        List<String> a = names(OciBundleMutator.generate(13));
        List<String> b = names(OciBundleMutator.generate(14));
        assertEquals(a.size(), b.size());
        int fixed = a.size() - OciBundleMutator.RANDOM_COUNT;
        assertEquals(a.subList(0, fixed), b.subList(0, fixed));
        assertNotEquals(a.subList(fixed, a.size()), b.subList(fixed, b.size()));
        assertTrue(a.subList(fixed, a.size()).stream().allMatch(n -> n.startsWith("rand.")), a.toString());
    }

    @Test
    void atLeast500UniquelyNamedBundles() {
        List<String> n = names(OciBundleMutator.generate(OciBundleMutator.DEFAULT_SEED));
        assertTrue(n.size() >= 500, "only " + n.size());
        assertEquals(n.size(), new HashSet<>(n).size(), "duplicate names");
    }

    @Test
    void everyFamilyIsCoveredWithSeveralMutations() {
        Map<OciBundleMutator.Family, Integer> count = new EnumMap<>(OciBundleMutator.Family.class);
        for (OciBundleMutator.Mutation m : OciBundleMutator.generate(OciBundleMutator.DEFAULT_SEED)) {
            count.merge(m.family(), 1, Integer::sum);
        }
        for (OciBundleMutator.Family f : OciBundleMutator.Family.values()) {
            assertTrue(count.getOrDefault(f, 0) >= 3, f + " has " + count.get(f));
        }
    }

    @Test
    void everyBundleIsJsonWithTheCgroupsPathAndDiffersFromTheBase() throws IOException {
        JsonNode base = OciBundleMutator.base("jns-diff-x");
        Set<String> seen = new HashSet<>();
        List<String> same = new java.util.ArrayList<>();
        for (OciBundleMutator.Mutation m : OciBundleMutator.generate(OciBundleMutator.DEFAULT_SEED)) {
            JsonNode doc = MAPPER.readTree(m.json("jns-diff-x"));
            assertTrue(doc.isObject(), m.name());
            if (m.name().equals("base")) {
                assertEquals(base, doc);
                continue;
            }
            if (base.equals(doc)) {
                same.add(m.name());
            }
            if (doc.path("linux").isObject()) {
                assertEquals("jns-diff-x", doc.path("linux").path("cgroupsPath").asText(), m.name());
            }
            seen.add(doc.toString());
        }
        assertEquals(List.of(), same, "mutations that change nothing");
        assertTrue(seen.size() > 450, "distinct configs: " + seen.size());
    }

    @Test
    void boundaryValuesOnBothSides() {
        Set<String> n = new HashSet<>(names(OciBundleMutator.generate(OciBundleMutator.DEFAULT_SEED)));
        for (String s : Arrays.asList("cpu.period=999", "cpu.period=1000", "cpu.period=1000000", "cpu.period=1000001",
                "oomScoreAdj=-1001", "oomScoreAdj=-1000", "oomScoreAdj=1000", "oomScoreAdj=1001", "cpu.shares=1",
                "cpu.shares=262145", "pids.limit=4194305", "blockIO.weight=9", "blockIO.weight=1001",
                "rlimits.NOFILE=1048577/1048577", "memory.swappiness=101")) {
            assertTrue(n.contains(s), s);
        }
    }
}

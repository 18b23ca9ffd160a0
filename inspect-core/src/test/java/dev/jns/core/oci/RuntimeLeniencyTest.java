package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The prediction of what runc 1.1 does with a config that has errors ({@link RuntimeLeniency}),
 * on the config-only rules (no host, no runtime binary): the mutations that runc 1.1.5 was measured
 * to run despite a spec error are predicted to run, and near misses of each are predicted to be
 * refused. The live check against runc itself is {@link OciRuncDifferentialTest}.
 */
class RuntimeLeniencyTest {
    /** Mutations of {@link OciBundleMutator} that runc 1.1.5 ran although jns reports an error (measured). */
    private static final List<String> RUNC_RUNS = List.of("pids.empty", "resources.devices=deny-all-rwx",
            "resources.devices=no-allow", "mounts.bind.options=rbind,mode=755", "mounts.bind.options=bind,size=1m",
            "mounts.destination=/proc/sys", "uidMappings-without-userns", "devices.relative-path", "devices.fileMode=07777",
            "devices.duplicate-path", "devices.no-path", "seccomp.syscalls.names=empty", "seccomp.no-defaultAction",
            "ociVersion=\"invalid\"", "ociVersion=\"\"", "personality={\"domain\":\"BOGUS\"}", "maskedPaths=[\"relative\"]",
            "readonlyPaths=[\"relative\"]", "ioPriority={\"class\":\"IOPRIO_CLASS_BOGUS\",\"priority\":4}",
            "scheduler={\"policy\":\"SCHED_BOGUS\"}");

    private static RuntimeLeniency.Prediction predict(String runtime, String version, byte[] json) {
        List<Finding> findings = new ArrayList<>();
        JsonValue root = JsonReader.read(json, findings);
        if (root != null) {
            OciValidator.configOnly(root, findings);
        }
        findings.sort(null);
        int errors = (int) findings.stream().filter(Finding::isError).count();
        return RuntimeLeniency.predict(runtime, version, root, findings, errors, false);
    }

    private static byte[] base(String edit) {
        return ("{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},\"process\":{\"cwd\":\"/\",\"args\":[\"sh\"],"
                + "\"user\":{\"uid\":0,\"gid\":0}},\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"mount\"}]" + edit + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void whatRunc11WasMeasuredToRunIsPredictedToRunAndNamesTheErrorsItOverlooks() {
        Map<String, OciBundleMutator.Mutation> byName = new TreeMap<>();
        for (OciBundleMutator.Mutation m : OciBundleMutator.generate(OciBundleMutator.DEFAULT_SEED)) {
            byName.put(m.name(), m);
        }
        for (String name : RUNC_RUNS) {
            OciBundleMutator.Mutation m = byName.get(name);
            assertTrue(m != null, "no mutation " + name);
            byte[] json = m.json("jns-test");
            RuntimeLeniency.Prediction p = predict("runc", "1.1.5+ds1", json);
            assertTrue(p.runs(), name + ": predicted a refusal");
            assertFalse(p.overlooked().isEmpty(), name + ": jns found no error to overlook");
            assertTrue(p.measured());
            // the same errors are refusals for a runtime or version that was not measured
            assertFalse(predict("runc", "1.2.0", json).runs(), name + " with runc 1.2");
            assertFalse(predict("crun", "1.8.1", json).runs(), name + " with crun");
        }
    }

    @Test
    void nearMissesOfEachLeniencyArePredictedToBeRefused() {
        Map<String, String> refused = new TreeMap<>();
        // runc 1.1's devices emulator writes an allow rule's letters to the kernel, which refuses x
        refused.put("allow rwx", ",\"resources\":{\"devices\":[{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":3,\"access\":\"rwx\"}]}");
        // an empty access is refused even in a deny-all rule
        refused.put("deny-all empty", ",\"resources\":{\"devices\":[{\"allow\":false,\"access\":\"\"}]}");
        // a tmpfs in /proc where procfs has no directory, or on a symlink of procfs
        refused.put("tmpfs /proc/x", "}, \"mounts\":[{\"destination\":\"/proc/x\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}], \"x\":{");
        refused.put("tmpfs /proc/self", "}, \"mounts\":[{\"destination\":\"/proc/self\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}], \"x\":{");
        // a negative file mode fails Go's unmarshal into uint32
        refused.put("fileMode -1", ",\"devices\":[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":1,\"minor\":3,\"fileMode\":-1}]");
        // a device with no type: runc refuses an unknown device type
        refused.put("device without type", ",\"devices\":[{\"path\":\"/dev/x\",\"major\":1,\"minor\":3}]");
        // a personality domain of the wrong JSON type fails Go's unmarshal
        refused.put("personality 5", ",\"personality\":{\"domain\":5}");
        // a lenient error next to one runc refuses: the refusal wins
        refused.put("two errors", ",\"maskedPaths\":[\"relative\"],\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"pid\"}]");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            RuntimeLeniency.Prediction p = predict("runc", "1.1.5", base(e.getValue()));
            assertFalse(p.runs(), e.getKey() + ": predicted to run");
            assertEquals(List.of(), p.overlooked(), e.getKey());
        }
        RuntimeLeniency.Prediction ok = predict("runc", "1.1.5", base(",\"maskedPaths\":[\"relative\"]"));
        assertTrue(ok.runs());
        assertEquals(List.of(RuleId.LINUX_MASKED_PATHS_RELATIVE), ok.overlooked().stream().map(Finding::rule).toList());
        RuntimeLeniency.Prediction sys = predict("runc", "1.1.5", base(
                "}, \"mounts\":[{\"destination\":\"/proc/sys/\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}], \"x\":{"));
        assertTrue(sys.runs());
        assertEquals(List.of(RuleId.MOUNTS_DESTINATION_IN_PROC), sys.overlooked().stream().map(Finding::rule).toList());
    }

    @Test
    void aValidConfigRunsAndTruncatedFindingsAreARefusal() {
        assertTrue(predict("crun", "1.8.1", base("")).runs());
        assertEquals(List.of(), predict("runc", "1.1.5", base("")).overlooked());
        List<Finding> one = List.of(new Finding(Finding.Severity.ERROR, RuleId.OCI_VERSION_SEMVER, "/ociVersion", 1, 1, "x", ""));
        JsonValue root = JsonReader.read(base(""), new ArrayList<>());
        assertTrue(RuntimeLeniency.predict("runc", "1.1.5", root, one, 1, false).runs());
        assertFalse(RuntimeLeniency.predict("runc", "1.1.5", root, one, 2, true).runs(), "unseen errors");
    }

    @Test
    void aMegabyteOfSlashesInAProcDestinationIsJudgedInLinearTime() {
        String dest = "/proc/" + "/".repeat(1_000_000) + "x";
        byte[] json = base("}, \"mounts\":[{\"destination\":\"" + dest + "\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}], \"x\":{");
        RuntimeLeniency.Prediction p = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> predict("runc", "1.1.5", json));
        assertFalse(p.runs(), "/proc/x is no directory of procfs");
        String sys = "/proc/" + "/".repeat(1_000_000) + "sys" + "/".repeat(1_000_000);
        RuntimeLeniency.Prediction q = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> predict("runc", "1.1.5", base(
                "}, \"mounts\":[{\"destination\":\"" + sys + "\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}], \"x\":{")));
        assertTrue(q.runs(), "/proc/sys, however spelt");
    }

    @Test
    void indexedPointers() {
        assertTrue(RuntimeLeniency.indexed("/linux/devices/12/path", "/linux/devices/", "/path"));
        assertTrue(RuntimeLeniency.indexed("/linux/devices/0", "/linux/devices/", ""));
        assertFalse(RuntimeLeniency.indexed("/linux/devices//path", "/linux/devices/", "/path"));
        assertFalse(RuntimeLeniency.indexed("/linux/devices/1/x/path", "/linux/devices/", "/path"));
        assertFalse(RuntimeLeniency.indexed("/linux/devices/1/path/x", "/linux/devices/", "/path"));
        assertFalse(RuntimeLeniency.indexed("/linux/devices/path", "/linux/devices/", "/path"));
    }

    @Test
    void pointersResolveWithEscapes() {
        JsonValue root = JsonReader.read("{\"a/b\":{\"c~d\":[1,{\"e\":2}]}}".getBytes(StandardCharsets.UTF_8), new ArrayList<>());
        assertEquals("2", RuntimeLeniency.at(root, "/a~1b/c~0d/1/e").text());
        assertEquals(null, RuntimeLeniency.at(root, "/a~1b/c~0d/2"));
        assertEquals(null, RuntimeLeniency.at(root, "/a~1b/c~0d/x"));
        assertEquals(root, RuntimeLeniency.at(root, ""));
    }
}

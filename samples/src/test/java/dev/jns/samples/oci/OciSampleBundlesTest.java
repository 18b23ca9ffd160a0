package dev.jns.samples.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jns.core.oci.inspect.Inspection;
import dev.jns.core.oci.inspect.Inspector;
import dev.jns.core.testing.Runc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample bundles of samples/oci-bundles: each has a config.json and an expected.json saying
 * whether runc runs it or rejects it, what {@code jns oci validate} should find (rule ids) and
 * what {@code jns oci inspect} reports (risk ids). Checked here against jns and real runc.
 */
class OciSampleBundlesTest {
    static final Path SAMPLES = Path.of("oci-bundles").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> samples() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(SAMPLES)) {
            s.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        return names.stream();
    }

    static JsonNode expected(String sample) throws IOException {
        return JSON.readTree(SAMPLES.resolve(sample).resolve("expected.json").toFile());
    }

    @Test
    void goodAndBrokenSamplesExist() throws IOException {
        List<String> rejected = new ArrayList<>();
        for (String s : (Iterable<String>) samples()::iterator) {
            if (expected(s).path("runc").asText().equals("rejects")) {
                rejected.add(s);
            }
        }
        assertEquals("good", expected("hello").path("kind").asText());
        assertEquals("runs", expected("hello").path("runc").asText());
        assertTrue(rejected.size() >= 6, "samples runc rejects: " + rejected);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void expectationsAreComplete(String sample) throws IOException {
        JsonNode e = expected(sample);
        assertFalse(e.path("description").asText().isBlank(), sample + ": description");
        assertTrue(List.of("good", "broken", "risky").contains(e.path("kind").asText()), sample + ": kind");
        assertTrue(List.of("runs", "rejects", "not-run").contains(e.path("runc").asText()), sample + ": runc");
        assertTrue(e.path("validate").isArray(), sample + ": validate ids");
        assertTrue(e.path("inspect").isArray(), sample + ": inspect ids");
        assertEquals(e.path("kind").asText().equals("broken"), e.path("validate").size() > 0,
                sample + ": a broken sample names what validate should find; a good one nothing");
        assertTrue(Files.readString(SAMPLES.resolve("README.md")).contains("`" + sample + "`"),
                sample + " is described in oci-bundles/README.md");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void inspectReportsTheExpectedRisks(String sample) throws IOException {
        Inspection i = Inspector.inspect(SAMPLES.resolve(sample));
        TreeSet<String> want = new TreeSet<>();
        expected(sample).path("inspect").forEach(n -> want.add(n.asText()));
        TreeSet<String> got = new TreeSet<>(i.riskIds());
        assertEquals(want, got, sample + ": " + i.risks());
    }

    /**
     * {@code jns oci validate} (the core's validator, host layer on, with a busybox rootfs in place
     * as the runc test has) finds exactly the errors the sample's expected.json names: none for the
     * good and the risky ones.
     */
    @ParameterizedTest
    @MethodSource("samples")
    void validateFindsExactlyTheExpectedErrors(String sample) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static for the rootfs");
        Path bundle = Files.createTempDirectory("jns-sample-" + sample);
        try {
            // as a bundle usually is: a temporary directory's 0700 would keep a user namespace's
            // root out of the rootfs (host.rootfs.userns-access), a finding of its own
            Files.setPosixFilePermissions(bundle, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.copy(SAMPLES.resolve(sample).resolve("config.json"), bundle.resolve("config.json"));
            Runc.busyboxRootfs(bundle.resolve("rootfs"));
            // the runtime layer with runc, whose verdict the samples record: the errors that are
            // runc's refusals (process.user.unmapped, ...) are the runtime layer's; without runc
            // they are not expected
            Path runc = Runc.runc();
            dev.jns.core.oci.OciValidator.Report r = new dev.jns.core.oci.OciValidator(Path.of("/proc"), true,
                    runc != null ? runc.toString() : "none", System.getenv("PATH")).validate(bundle);
            TreeSet<String> got = new TreeSet<>();
            for (dev.jns.core.oci.Finding f : r.findings()) {
                if (f.severity() == dev.jns.core.oci.Finding.Severity.ERROR) {
                    got.add(f.rule());
                }
            }
            TreeSet<String> want = new TreeSet<>();
            expected(sample).path("validate").forEach(n -> want.add(n.asText()));
            if (runc == null) {
                want.removeIf(dev.jns.core.oci.Rules::isRuntime);
            }
            // host-dependent: privileged binds the host's docker.sock, which this host may not have
            for (JsonNode m : JSON.readTree(bundle.resolve("config.json").toFile()).path("mounts")) {
                String src = m.path("source").asText("");
                boolean bind = false;
                for (JsonNode o : m.path("options")) {
                    bind |= o.asText().equals("bind") || o.asText().equals("rbind");
                }
                if (bind && src.startsWith("/") && !Files.exists(Path.of(src))) {
                    want.add("host.mount.source-missing");
                }
            }
            assertEquals(want, got, sample + ": " + r.findings());
        } finally {
            Runc.deleteTree(bundle);
        }
    }

    /** runc on this host runs the good samples and refuses the broken ones. */
    @ParameterizedTest
    @MethodSource("samples")
    void runcAgreesWithTheExpectation(String sample) throws Exception {
        Optional<String> why = Runc.unavailable();
        assumeTrue(why.isEmpty(), () -> why.orElse(""));
        JsonNode e = expected(sample);
        assumeFalse(e.path("runc").asText().equals("not-run"), sample + " is for inspect only; never run");
        Path bundle = Files.createTempDirectory("jns-sample-" + sample);
        String id = Runc.uniqueId("jns-sample-" + sample);
        try {
            JsonNode config = JSON.readTree(SAMPLES.resolve(sample).resolve("config.json").toFile());
            if (config.path("linux").isObject()) {
                // relative, so runc nests it beneath this test's own cgroup; unique per run
                ((ObjectNode) config.get("linux")).put("cgroupsPath", "jns-test-" + id);
            }
            Files.writeString(bundle.resolve("config.json"), JSON.writeValueAsString(config));
            Runc.busyboxRootfs(bundle.resolve("rootfs"));
            Runc.Result r = Runc.run(bundle, id, Duration.ofSeconds(60));
            if (e.path("runc").asText().equals("runs")) {
                assertEquals(0, r.rc(), sample + ": " + r);
                assertEquals(e.path("output").asText(), r.out().strip(), sample + ": " + r);
            } else {
                assertNotEquals(0, r.rc(), sample + " should be refused: " + r);
                assertNotEquals(-1, r.rc(), sample + ": runc timed out: " + r);
                assertFalse(r.err().isBlank(), sample + ": runc says why: " + r);
            }
        } finally {
            Runc.deleteTree(bundle);
        }
    }
}

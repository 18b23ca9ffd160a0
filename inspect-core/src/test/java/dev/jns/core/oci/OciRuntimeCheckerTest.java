package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime layer: a features document (runc 1.1.5's, trimmed) and each runtime's known rules. */
class OciRuntimeCheckerTest {
    @TempDir
    Path tmp;
    Path proc;

    static final String FEATURES = "{\"ociVersionMin\":\"1.0.0\",\"ociVersionMax\":\"1.0.2-dev\","
            + "\"hooks\":[\"prestart\",\"createRuntime\",\"createContainer\",\"startContainer\",\"poststart\",\"poststop\"],"
            + "\"mountOptions\":[\"bind\",\"rbind\",\"ro\",\"rw\",\"nosuid\",\"nodev\",\"noexec\",\"strictatime\",\"relatime\"],"
            + "\"linux\":{\"namespaces\":[\"cgroup\",\"ipc\",\"mount\",\"network\",\"pid\",\"user\",\"uts\"],"
            + "\"cgroup\":{\"v1\":true,\"v2\":true},"
            + "\"seccomp\":{\"enabled\":true,\"actions\":[\"SCMP_ACT_ALLOW\",\"SCMP_ACT_ERRNO\",\"SCMP_ACT_KILL\"],"
            + "\"operators\":[\"SCMP_CMP_EQ\",\"SCMP_CMP_NE\"],\"archs\":[\"SCMP_ARCH_X86\",\"SCMP_ARCH_X86_64\"]}},"
            + "\"annotations\":{\"org.opencontainers.runc.version\":\"1.1.5\"}}";

    @BeforeEach
    void fixture() throws IOException {
        proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("self/mountinfo"), "31 23 0:28 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
    }

    private List<Finding> check(String runtime, String ops, String features) {
        List<Finding> out = new ArrayList<>();
        JsonValue cfg = JsonReader.read(OciRulesTest.edit(ops), out);
        JsonValue f = features == null ? null : JsonReader.read(features.getBytes(StandardCharsets.UTF_8), new ArrayList<>());
        new RuntimeChecker(runtime, proc, null, out).check(cfg, f);
        return out;
    }

    private static boolean has(List<Finding> f, String rule) {
        return f.stream().anyMatch(x -> x.rule().equals(rule));
    }

    private void assertFires(String rule, String bad, String good) {
        assertTrue(has(check("runc", bad, FEATURES), rule), rule + " on " + bad + ": " + check("runc", bad, FEATURES));
        assertFalse(has(check("runc", good, FEATURES), rule), rule + " on " + good + ": " + check("runc", good, FEATURES));
    }

    @Test
    void featuresChecks() {
        assertFires("runtime.oci-version", "/ociVersion=\"1.2.0\"", "/ociVersion=\"1.0.2\"");
        assertFires("runtime.namespace-unsupported", "+/linux/namespaces={\"type\":\"time\"}", "+/linux/namespaces={\"type\":\"cgroup\"}");
        assertFires("runtime.seccomp-unsupported", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_NOTIFY\"}",
                "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ERRNO\"}");
        assertFires("runtime.seccomp-unsupported", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_RISCV64\"]}",
                "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\"]}");
        assertFires("runtime.seccomp-unsupported", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"x\"],"
                + "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_GT\"}]}]}",
                "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"x\"],"
                + "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}");
        assertFires("runtime.mount-option-unsupported", "/mounts/0/options=[\"nosymfollow\"]", "/mounts/0/options=[\"nosuid\",\"mode=755\"]");
    }

    @Test
    void hooksAndCgroupsTheRuntimeLacks() {
        String noHooks = FEATURES.replace("\"createRuntime\",", "").replace("\"v2\":true", "\"v2\":false");
        List<Finding> f = check("runc", "/hooks={\"createRuntime\":[{\"path\":\"/bin/true\"}]} ;; /linux/resources={\"pids\":{\"limit\":10}}", noHooks);
        assertTrue(has(f, "runtime.hook-unsupported"), f.toString());
        assertTrue(has(f, "runtime.cgroup-unsupported"), f.toString());
        List<Finding> g = check("runc", "/hooks={\"prestart\":[{\"path\":\"/bin/true\"}]} ;; /linux/resources={\"pids\":{\"limit\":10}}", FEATURES);
        assertFalse(has(g, "runtime.hook-unsupported") || has(g, "runtime.cgroup-unsupported"), g.toString());
    }

    @Test
    void crunRefusesHybridHostsAndMore() throws IOException {
        assertFalse(has(check("crun", "", null), "runtime.crun.hybrid-cgroups"));
        Files.writeString(proc.resolve("self/mountinfo"), "31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
                + "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n33 31 0:30 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n");
        assertTrue(has(check("crun", "", null), "runtime.crun.hybrid-cgroups"));
        assertFalse(has(check("runc", "", FEATURES), "runtime.crun.hybrid-cgroups"));
        assertTrue(has(check("/usr/local/bin/crun", "-/mounts", null), "runtime.crun.no-mounts"));
        assertFalse(has(check("/usr/local/bin/crun", "/mounts=[]", null), "runtime.crun.no-mounts"));
        assertFalse(has(check("runc", "-/mounts", FEATURES), "runtime.crun.no-mounts"));
        assertTrue(has(check("crun", "-/linux", null), "runtime.crun.no-linux"));
        assertFalse(has(check("crun", "/linux={}", null), "runtime.crun.no-linux"));
        assertTrue(has(check("crun", "+/process/capabilities/bounding=\"CAP_FOO\"", null), "runtime.crun.unknown-capability"));
        assertFalse(has(check("runc", "+/process/capabilities/bounding=\"CAP_FOO\"", FEATURES), "runtime.crun.unknown-capability"));
    }

    @Test
    void aRuntimeWithoutFeaturesIsAWarning() throws IOException {
        Path fake = tmp.resolve("oldrt");
        Files.writeString(fake, "#!/bin/sh\necho \"unknown command $1\" >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<Finding> out = new ArrayList<>();
        JsonValue cfg = JsonReader.read(OciRulesTest.edit(""), out);
        assertTrue(new RuntimeChecker(fake.toString(), proc, null, out).check(cfg));
        assertEquals(List.of("runtime.features-unavailable"), out.stream().map(Finding::rule).toList());
        assertFalse(new RuntimeChecker("no-such-runtime-jns", proc, "/nonexistent", out).check(cfg));
    }

    @Test
    void aFakeRuntimesFeaturesAreRead() throws IOException {
        Path fake = tmp.resolve("fakert");
        Path json = tmp.resolve("features.json");
        Files.writeString(json, FEATURES);
        Files.writeString(fake, "#!/bin/sh\n[ \"$1\" = features ] && exec cat " + json + "\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<Finding> out = new ArrayList<>();
        JsonValue cfg = JsonReader.read(OciRulesTest.edit("+/linux/namespaces={\"type\":\"time\"}"), out);
        assertTrue(new RuntimeChecker(fake.toString(), proc, null, out).check(cfg));
        assertTrue(has(out, "runtime.namespace-unsupported"), out.toString());
    }

    @Test
    void theInstalledRuncsFeaturesParse() {
        RuntimeChecker rc = new RuntimeChecker("runc", proc, System.getenv("PATH"), new ArrayList<>());
        Assumptions.assumeTrue(rc.binary() != null, "runc not installed");
        List<Finding> out = new ArrayList<>();
        JsonValue cfg = JsonReader.read(OciRulesTest.edit("/ociVersion=\"1.0.2\""), out);
        assertTrue(new RuntimeChecker("runc", proc, System.getenv("PATH"), out).check(cfg));
        assertFalse(has(out, "runtime.features-unavailable"), out.toString());
        assertFalse(out.stream().anyMatch(Finding::isError), out.toString());
    }
}

package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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

    // ---- the runtime that runs the bundle: platform, probe, cache, layers ----

    /** A fake runtime: prints a version and FEATURES, and counts its runs in a file beside it. */
    private Path fakeRuntime(String name, String version) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path f = bin.resolve(name);
        Files.writeString(bin.resolve("features.json"), FEATURES);
        Files.writeString(f, "#!/bin/sh\necho run >> '" + bin.resolve("runs") + "'\n"
                + "case \"$1\" in --version) echo '" + name + " version " + version + "'; echo 'commit: x';;\n"
                + "features) /bin/cat '" + bin.resolve("features.json") + "';;\n*) exit 2;;\nesac\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    private long runs() throws IOException {
        Path r = tmp.resolve("bin/runs");
        return Files.exists(r) ? Files.readAllLines(r).size() : 0;
    }

    @Test
    void runcRunsLinuxConfigsOnly() throws IOException {
        Path bin = fakeRuntime("runc", "1.1.5");
        RuntimeProbe.Result probe = new RuntimeProbe(tmp.resolve("bin").toString(), null).auto();
        for (String platform : new String[] {"freebsd", "zos", "solaris", "windows", "vm"}) {
            List<Finding> out = new ArrayList<>();
            JsonValue cfg = JsonReader.read(("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"rootfs\"},\"" + platform + "\":{}}")
                    .getBytes(StandardCharsets.UTF_8), out);
            new RuntimeChecker(bin.toString(), proc, null, out).check(cfg, probe);
            assertTrue(has(out, "runtime.platform"), platform + ": " + out);
            assertEquals("runtime", out.get(0).layer());
        }
        List<Finding> out = new ArrayList<>();
        JsonValue linux = JsonReader.read(OciRulesTest.edit("/ociVersion=\"1.0.2\""), out);
        new RuntimeChecker(bin.toString(), proc, null, out).check(linux, probe);
        assertFalse(has(out, "runtime.platform"), out.toString());
    }

    @Test
    void theProbeIsCachedByTheBinarysIdentity() throws Exception {
        Path bin = fakeRuntime("runc", "1.1.5");
        Path cache = tmp.resolve("cache");
        RuntimeProbe p = new RuntimeProbe(tmp.resolve("bin").toString(), cache);
        RuntimeProbe.Result first = p.auto();
        assertEquals("runc", first.name());
        assertEquals("1.1.5", first.version());
        assertEquals("found on PATH", first.how());
        assertFalse(first.cached());
        assertEquals(2, runs(), "--version and features");
        RuntimeProbe.Result second = p.auto();
        assertTrue(second.cached());
        assertEquals(2, runs(), "the second probe runs nothing");
        assertEquals(new String(first.features(), StandardCharsets.UTF_8), new String(second.features(), StandardCharsets.UTF_8));
        // a new binary (another size and mtime) is probed again
        Files.writeString(bin, Files.readString(bin).replace("1.1.5", "1.1.6"));
        RuntimeProbe.Result third = p.auto();
        assertFalse(third.cached());
        assertEquals("1.1.6", third.version());
        assertEquals(4, runs());
        try (var s = Files.list(cache)) {
            assertEquals(1, s.count(), "one file per binary, no temporary left");
        }
    }

    @Test
    void aRuntimeWhoseChildKeepsItsOutputOpenDoesNotHangTheProbe() throws Exception {
        // `features` leaves a background child holding stdout for 20 s, then exits: reading the
        // output to its end would wait for that child; the probe must not
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path pid = tmp.resolve("child.pid");
        Path f = bin.resolve("runc");
        Files.writeString(f, "#!/bin/sh\ncase \"$1\" in --version) echo 'runc version 1.1.5';;\n"
                + "features) sleep 20 & echo $! > '" + pid + "'; echo '{}';;\nesac\nexit 0\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            RuntimeProbe.Result r = assertTimeoutPreemptively(java.time.Duration.ofSeconds(15),
                    () -> new RuntimeProbe(bin.toString(), null).auto());
            assertEquals("1.1.5", r.version());
        } finally {
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void aBrokenPlantedOrUnwritableCacheIsIgnored() throws Exception {
        Path bin = fakeRuntime("crun", "1.8.1");
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Path file = cache.resolve(RuntimeProbe.fileName(bin));
        RuntimeProbe p = new RuntimeProbe(tmp.resolve("bin").toString(), cache);
        // garbage, then a file too large: probed, and replaced by a good one
        for (byte[] junk : new byte[][] {"jns-runtime-probe 1\nnot the key\n".getBytes(StandardCharsets.UTF_8),
            new byte[RuntimeProbe.MAX_CACHE + 10]}) {
            Files.write(file, junk);
            assertFalse(p.auto().cached());
            assertTrue(p.auto().cached());
        }
        // a symlink planted where the cache file goes, to a good cache file elsewhere: not followed,
        // and replaced (not written through)
        Path elsewhere = tmp.resolve("elsewhere");
        Files.copy(file, elsewhere);
        Files.delete(file);
        Files.createSymbolicLink(file, elsewhere);
        byte[] before = Files.readAllBytes(elsewhere);
        long n = runs();
        assertFalse(p.auto().cached(), "the link is not read");
        assertEquals(n + 2, runs());
        assertFalse(Files.isSymbolicLink(file), "replaced by a regular file");
        assertEquals(new String(before, StandardCharsets.ISO_8859_1), new String(Files.readAllBytes(elsewhere), StandardCharsets.ISO_8859_1));
        // a good cache file that others may write, or (as root) that another user owns: not believed
        assertTrue(p.auto().cached());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertFalse(p.auto().cached(), "a world-writable cache");
        assertTrue(p.auto().cached(), "rewritten as our own");
        if ("root".equals(System.getProperty("user.name"))) {
            Files.setAttribute(file, "unix:uid", 65534);
            assertFalse(p.auto().cached(), "a cache that nobody owns, read by root");
            assertTrue(p.auto().cached());
        }
        // a cache "directory" that is a file, or a directory without write permission: no cache, no error
        Path notDir = Files.writeString(tmp.resolve("notdir"), "x");
        RuntimeProbe q = new RuntimeProbe(tmp.resolve("bin").toString(), notDir.resolve("jns"));
        assertFalse(q.auto().cached());
        assertFalse(q.auto().cached());
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        RuntimeProbe r = new RuntimeProbe(tmp.resolve("bin").toString(), ro.resolve("jns"));
        assertEquals("crun", r.auto().name());
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void runtimeRulesAppearOnlyWhenARuntimeLayerRuns() throws Exception {
        fakeRuntime("runc", "1.1.5");
        Path cfg = tmp.resolve("config.json");
        // no process: the spec allows it at create time; runc refuses (process.missing, runtime layer)
        Files.writeString(cfg, "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},\"linux\":{}}");
        String path = tmp.resolve("bin").toString();
        OciValidator.Report none = new OciValidator(proc, false, "none", path).validate(cfg);
        assertEquals(List.of("spec"), none.checked());
        assertEquals(0, none.total(), none.findings().toString());
        OciValidator.Report auto = new OciValidator(proc, false, "auto", path).cacheDir(tmp.resolve("cache")).validate(cfg);
        assertEquals(List.of("spec", "runtime"), auto.checked());
        assertEquals("runc", auto.runtime().name());
        assertTrue(has(auto.findings(), "process.missing"), auto.findings().toString());
        for (Finding f : auto.findings()) {
            assertEquals("runtime", f.layer(), f.toString());
        }
        // auto without runc or crun on PATH: no runtime layer, and no error for it
        OciValidator.Report nothing = new OciValidator(proc, false, "auto", tmp.resolve("empty").toString()).validate(cfg);
        assertEquals(List.of("spec"), nothing.checked());
        assertFalse(nothing.runtimeMissing());
        // a runtime named but absent is a usage error
        assertTrue(new OciValidator(proc, false, "no-such-runtime-jns", path).validate(cfg).runtimeMissing());
    }

    private static List<String> rules(String json) {
        List<String> ids = new ArrayList<>();
        for (Finding f : OciValidator.validateBytes(json.getBytes(StandardCharsets.UTF_8))) {
            ids.add(f.rule());
        }
        return ids;
    }

    @Test
    void specRulesFollowTheConfigsPlatform() {
        // Windows: root optional (Hyper-V forbids it), args may be replaced by commandLine, paths are C:\...
        String win = "{\"ociVersion\":\"1.0.2\",\"process\":{\"cwd\":\"C:\\\\\",\"commandLine\":\"cmd\"},\"windows\":{\"layerFolders\":[\"C:\\\\l\"]}}";
        List<String> w = rules(win);
        assertFalse(w.contains("json.syntax") || w.contains("schema.type"), w.toString());
        assertFalse(w.contains("root.missing") || w.contains("process.args.empty") || w.contains("process.cwd.relative"), w.toString());
        // FreeBSD: root is required (all platforms but Windows); Linux rlimit names and capabilities are not checked
        String bsd = "{\"ociVersion\":\"1.3.0\",\"process\":{\"cwd\":\"/\",\"args\":[\"sh\"],\"rlimits\":[{\"type\":\"RLIMIT_VMEM\","
                + "\"hard\":1,\"soft\":1}]},\"freebsd\":{}}";
        List<String> b = rules(bsd);
        assertTrue(b.contains("root.missing"), b.toString());
        assertFalse(b.contains("process.rlimits.unknown"), b.toString());
        // the same on Linux: both
        List<String> l = rules(bsd.replace("\"freebsd\":{}", "\"linux\":{}"));
        assertTrue(l.contains("root.missing") && l.contains("process.rlimits.unknown"), l.toString());
    }

    @Test
    void everyRuleHasALayerAndASource() {
        for (Rules.Rule r : Rules.all()) {
            assertTrue(List.of("spec", "host", "runtime").contains(r.layer()), r.toString());
            assertEquals(r.layer(), Rules.layer(r.id()));
            assertFalse(r.source().isEmpty(), r.toString());
        }
        assertEquals("runtime", Rules.layer("process.missing"));
        assertEquals("spec", Rules.layer("root.missing"));
        assertEquals("spec", Rules.layer("json.syntax"));
        assertEquals("host", Rules.layer("host.rootfs.missing"));
        assertEquals("RT #43; runc", Rules.sourceOf("a namespace type listed twice (RT #43; runc)"));
    }

    @Test
    void seccompFlagsNeedTheRuntimesSupportedFlags() {
        String flags = "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\"]}";
        // runc 1.1.5's features list no supportedFlags: any flag is refused
        assertFires("runtime.seccomp-flags-unsupported", flags, "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"flags\":[]}");
        String newer = FEATURES.replace("\"enabled\":true,", "\"enabled\":true,\"knownFlags\":[\"SECCOMP_FILTER_FLAG_LOG\","
                + "\"SECCOMP_FILTER_FLAG_TSYNC\"],\"supportedFlags\":[\"SECCOMP_FILTER_FLAG_LOG\"],");
        assertFalse(has(check("runc", flags, newer), "runtime.seccomp-flags-unsupported"));
        assertTrue(has(check("runc", flags.replace("FLAG_LOG", "FLAG_TSYNC"), newer), "runtime.seccomp-flags-unsupported"));
    }

    @Test
    void aDevNullDeviceDropsRuncsAllowRule() {
        String dev = "/linux/devices=[{\"path\":\"/dev/null\",\"type\":\"c\",\"major\":1,\"minor\":3}] ;; ";
        String denyAll = "/linux/resources={\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]}";
        String allowNull = "/linux/resources={\"devices\":[{\"allow\":false,\"access\":\"rwm\"},"
                + "{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":3,\"access\":\"rwm\"}]}";
        assertFires("runtime.runc.dev-null-denied", dev + denyAll, dev + allowNull);
        assertTrue(has(check("runc", dev.replace(" ;; ", ""), FEATURES), "runtime.runc.dev-null-denied"),
                "no resources.devices: runc starts from deny-all");
        assertFalse(has(check("runc", dev + "/linux/resources={\"devices\":[{\"allow\":true,\"access\":\"rwm\"}]}", FEATURES),
                "runtime.runc.dev-null-denied"), "allow all");
        assertFalse(has(check("runc", "/linux/devices=[{\"path\":\"/dev/jnszero\",\"type\":\"c\",\"major\":1,\"minor\":5}] ;; "
                + denyAll, FEATURES), "runtime.runc.dev-null-denied"), "another path keeps runc's default");
        assertFalse(has(check("runc", dev + denyAll + " ;; +/mounts={\"destination\":\"/dev\",\"type\":\"bind\",\"source\":\"/dev\","
                + "\"options\":[\"rbind\"]}", FEATURES), "runtime.runc.dev-null-denied"), "a bound /dev: runc does not reopen it");
        assertFalse(has(check("crun", dev + denyAll, null), "runtime.runc.dev-null-denied"), "runc's rule only");
    }

    @Test
    void aMountAtDevNullBreaksRuncsReopen() {
        String tmpfs = "+/mounts={\"destination\":\"/dev/null\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}";
        assertFires("runtime.runc.dev-null-mount", tmpfs, "+/mounts={\"destination\":\"/dev/nul\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}");
        assertFalse(has(check("runc", "+/mounts={\"destination\":\"/dev/null\",\"type\":\"bind\",\"source\":\"/dev/null\","
                + "\"options\":[\"bind\"]}", FEATURES), "runtime.runc.dev-null-mount"), "a bind of a device file");
        assertFalse(has(check("runc", "+/mounts={\"destination\":\"/dev\",\"type\":\"bind\",\"source\":\"/dev\",\"options\":[\"rbind\"]} ;; "
                + tmpfs, FEATURES), "runtime.runc.dev-null-mount"), "/dev bound: no reopen");
        assertFalse(has(check("crun", tmpfs, null), "runtime.runc.dev-null-mount"));
    }
}

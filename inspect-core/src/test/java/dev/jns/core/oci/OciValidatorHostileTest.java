package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 regressions for the validator's core: a bundle made by someone else must not hang,
 * exhaust or crash {@code jns oci validate}, nor make it open or show a host file. Each test names
 * the old behaviour it guards against. Needs no root: FIFOs are made with mkfifo(1) (skipped when
 * it is missing), sockets with a UNIX-domain socket channel.
 */
@Tag("hostile")
class OciValidatorHostileTest {
    private static final String SECRET = "root:SECRET-HASH-LINE:19000:0:99999:7:::";

    @TempDir
    Path tmp;
    Path bundle;
    Path rootfs;
    Path proc;
    private final ExecutorService pool = OciHostileSupport.pool();

    @BeforeEach
    void fixture() throws IOException {
        bundle = tmp.resolve("bundle");
        rootfs = bundle.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        Path sh = Files.writeString(rootfs.resolve("bin/sh"), "never executed");
        Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(bundle.resolve("config.json"), OciRulesTest.edit(""));
        proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("self/ns"));
        for (String ns : new String[] {"cgroup", "ipc", "mnt", "net", "pid", "user", "uts", "time"}) {
            Files.writeString(proc.resolve("self/ns/" + ns), "");
        }
        Files.createDirectories(proc.resolve("sys/net/ipv4"));
        Files.writeString(proc.resolve("sys/net/ipv4/ip_forward"), "0\n");
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private OciValidator validator() {
        return new OciValidator(proc, tmp.resolve("host"), true, null, null);
    }

    private static boolean has(OciValidator.Report r, String rule) {
        return r.findings().stream().anyMatch(f -> f.rule().equals(rule));
    }

    private static void mkfifo(Path p) throws IOException, InterruptedException {
        OciHostileSupport.mkfifo(p);
    }

    private <T> T within5s(Callable<T> c, Path... fifos) throws Exception {
        return OciHostileSupport.within5s(pool, c, fifos);
    }

    // ---- item 5: only regular files are read ----

    @Test
    void aFifoAsConfigJsonIsRefusedUnopened() throws Exception {
        // old: Files.readAllBytes on the FIFO blocked forever (until someone wrote to it)
        Path fifo = bundle.resolve("config.json");
        Files.delete(fifo);
        mkfifo(fifo);
        for (Path p : List.of(bundle, fifo)) {
            OciValidator.Report r = within5s(() -> validator().validate(p), fifo);
            assertTrue(r.unreadable(), r.findings().toString());
            assertEquals(1, r.findings().size());
            Finding f = r.findings().get(0);
            assertEquals("input.unreadable", f.rule());
            assertEquals(fifo + " is a FIFO, not a regular file", f.message());
        }
    }

    @Test
    void aFifoASocketOrADeviceAsThePathIsRefusedUnopened() throws Exception {
        Path fifo = tmp.resolve("fifo");
        mkfifo(fifo);
        Path sock = tmp.resolve("sock");
        try (java.nio.channels.ServerSocketChannel s = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            s.bind(java.net.UnixDomainSocketAddress.of(sock));
        }
        Files.createSymbolicLink(tmp.resolve("link-to-fifo"), fifo);
        String[][] cases = {{fifo.toString(), "a FIFO"}, {sock.toString(), "a socket"}, {"/dev/null", "a character device"},
            {tmp.resolve("link-to-fifo").toString(), "a FIFO"}};
        for (String[] c : cases) {
            // old: /dev/null was read (an empty "config"), /dev/zero until the heap ran out, a FIFO forever
            OciValidator.Report r = within5s(() -> validator().validate(Path.of(c[0])), fifo);
            assertTrue(r.unreadable(), c[0] + ": " + r.findings());
            assertTrue(r.findings().get(0).message().contains(" is " + c[1] + ", not a regular file"), r.findings().toString());
        }
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")));
        OciValidator.Report z = within5s(() -> validator().validate(Path.of("/dev/zero")));
        assertTrue(z.unreadable(), z.findings().toString());
    }

    @Test
    void aConfigSymlinkOutOfTheBundleIsRefusedAndNothingOfItsTargetShown() throws Exception {
        // old: the link was followed and the target's first line printed in the json.syntax excerpt
        Path secret = Files.writeString(tmp.resolve("shadow"), SECRET + "\n");
        Path link = bundle.resolve("config.json");
        Files.delete(link);
        Files.createSymbolicLink(link, secret);
        for (Path p : List.of(bundle, link)) {
            OciValidator.Report r = validator().validate(p);
            assertTrue(r.unreadable(), r.findings().toString());
            Finding f = r.findings().get(0);
            assertEquals("input.unreadable", f.rule());
            assertTrue(f.message().contains("symbolic link to " + secret.toRealPath()) && f.message().contains("outside"),
                    f.message());
            assertNotNull(r.config());
            assertEquals(null, r.sourceLine(1), "nothing of the target is kept");
            assertFalse(r.findings().toString().contains("SECRET"), r.findings().toString());
        }
        // ../ out of the bundle is out too, however it is spelled
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("../shadow"));
        assertTrue(validator().validate(bundle).unreadable());
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("rootfs/../../shadow"));
        assertTrue(validator().validate(bundle).unreadable());
    }

    @Test
    void aConfigSymlinkInsideTheBundleAndABundleThatIsASymlinkAreRead() throws Exception {
        Path real = Files.createDirectories(bundle.resolve("configs")).resolve("c1.json");
        Files.move(bundle.resolve("config.json"), real);
        Files.createSymbolicLink(bundle.resolve("config.json"), Path.of("configs/c1.json"));
        Path linkedBundle = Files.createSymbolicLink(tmp.resolve("bundle-link"), bundle);
        for (Path p : List.of(bundle, linkedBundle, linkedBundle.resolve("config.json"))) {
            OciValidator.Report r = new OciValidator(proc, false, null, null).validate(p);
            assertFalse(r.unreadable(), p + ": " + r.findings());
            assertEquals(List.of(), r.findings(), p.toString());
        }
    }

    @Test
    void aFifoOrADeviceInTheRootfsIsOnlyLookedAt() throws Exception {
        // args[0], a startContainer hook and a host hook that are FIFOs or devices: lstat and
        // access(2) only, never open (old and new alike: a guard, not a regression)
        Path fifo = rootfs.resolve("bin/fifo");
        mkfifo(fifo);
        Path hostFifo = Files.createDirectories(tmp.resolve("host/usr/bin")).resolve("hook");
        mkfifo(hostFifo);
        Files.write(bundle.resolve("config.json"), OciRulesTest.edit("/process/args=[\"/bin/fifo\"] ;; "
                + "/hooks={\"startContainer\":[{\"path\":\"/bin/fifo\"}],\"prestart\":[{\"path\":\"/usr/bin/hook\"}]}"));
        OciValidator.Report r = within5s(() -> validator().validate(bundle), fifo, hostFifo);
        assertTrue(has(r, "host.args0.not-found"), r.findings().toString());
        assertTrue(r.findings().stream().filter(f -> f.rule().equals("host.hook.not-executable")).count() == 2,
                r.findings().toString());
        // a device node, as root only (mknod): /dev/zero's numbers, in the rootfs
        Path zero = rootfs.resolve("bin/zero");
        Process p = new ProcessBuilder("mknod", zero.toString(), "c", "1", "5").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mknod needs root: device part skipped");
        Files.setPosixFilePermissions(zero, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(bundle.resolve("config.json"), OciRulesTest.edit("/process/args=[\"zero\"] ;; "
                + "/hooks={\"startContainer\":[{\"path\":\"/bin/zero\"}]}"));
        OciValidator.Report d = within5s(() -> validator().validate(bundle));
        assertTrue(has(d, "host.args0.not-found") && has(d, "host.hook.not-executable"), d.findings().toString());
    }

    // ---- item 6: near-linear, bounded findings ----

    @Test
    void twoHundredThousandDuplicateKeysAreCountedNotKept() throws IOException {
        // old: 200,000 findings built the report out of memory under the launcher's -Xmx80m
        StringBuilder b = new StringBuilder(new String(OciRulesTest.edit(""), StandardCharsets.UTF_8).trim());
        b.setLength(b.length() - 1);
        for (int i = 0; i < 200_000; i++) {
            b.append(",\"a\":1");
        }
        b.append('}');
        Files.writeString(bundle.resolve("config.json"), b);
        OciValidator.Report r = new OciValidator(proc, false, null, null).validate(bundle);
        assertEquals(200_000, r.warnings(), "199,999 duplicates, and \"a\" is unknown");
        assertEquals(0, r.errors());
        assertEquals(200_000, r.total());
        assertEquals(Findings.DEFAULT_LIMIT, r.findings().size());
        assertTrue(r.truncated());
        // the kept ones are the first in file order
        List<Finding> kept = r.findings();
        for (int i = 1; i < kept.size(); i++) {
            assertTrue(kept.get(i - 1).compareTo(kept.get(i)) <= 0, "file order at " + i);
        }
        assertEquals("json.duplicate-key", kept.get(kept.size() - 1).rule());
    }

    private static String withSysctls(int n) {
        StringBuilder b = new StringBuilder("{\"ociVersion\":\"1.2.0\",\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"env\":"
                + "[\"PATH=/bin\"]},\"root\":{\"path\":\"rootfs\"},\"linux\":{\"namespaces\":[{\"type\":\"mount\"}],\"sysctl\":{\n");
        for (int i = 0; i < n; i++) {
            b.append(i > 0 ? ",\n" : "").append("\"vm.x").append(i).append("\": \"1\"");
        }
        return b.append("}}}\n").toString();
    }

    @Test
    void aHundredThousandSysctlsGiveEveryCountAndTheFirstFindings() throws IOException {
        // old: out of memory while the report was built (two findings per sysctl)
        Files.writeString(bundle.resolve("config.json"), withSysctls(100_000));
        OciValidator.Report r = validator().validate(bundle);
        // unknown to this (fixture) kernel: host layer; "not namespaced" is runc's refusal (runtime
        // layer), not reported without a runtime
        assertEquals(100_000, r.errors(), "unknown to this (fixture) kernel");
        assertEquals(100_000, r.total());
        assertEquals(Findings.DEFAULT_LIMIT, r.findings().size());
        assertEquals(2, r.findings().get(0).line(), "the first sysctl's line comes first");
        assertEquals(Findings.DEFAULT_LIMIT + 1, r.findings().get(Findings.DEFAULT_LIMIT - 1).line());
    }

    @Test
    void mountsNestedDeepestFirstGiveOneShadowFindingEach() {
        // /d/d/.../d (2,000 levels) first, then each parent: every mount hides all the earlier ones.
        // old: one finding per pair, 2 million of them (and O(n^2) time: 101 s at 50,000 mounts)
        StringBuilder m = new StringBuilder();
        List<String> dests = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            m.append("/d");
            dests.add(m.toString());
        }
        java.util.Collections.reverse(dests);
        StringBuilder ops = new StringBuilder("/mounts=[");
        for (int i = 0; i < dests.size(); i++) {
            ops.append(i > 0 ? "," : "").append("{\"destination\":\"").append(dests.get(i)).append("\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}");
        }
        List<Finding> f = OciValidator.validateBytes(OciRulesTest.edit(ops.append("]").toString()));
        List<Finding> shadowed = f.stream().filter(x -> x.rule().equals("mounts.shadowed")).toList();
        assertEquals(1999, shadowed.size());
        assertEquals("/mounts/1/destination", shadowed.get(0).pointer());
        assertTrue(shadowed.get(1).message().contains("and others below"), shadowed.get(1).message());
        assertFalse(shadowed.get(0).message().contains("and others"), shadowed.get(0).message());
        // and the plain case still names the one hidden
        List<Finding> two = OciValidator.validateBytes(OciRulesTest.edit("+/mounts={\"destination\":\"/a/b\",\"type\":\"tmpfs\"} ;; "
                + "+/mounts={\"destination\":\"/a/c\",\"type\":\"tmpfs\"} ;; +/mounts={\"destination\":\"/a\",\"type\":\"tmpfs\"} ;; "
                + "+/mounts={\"destination\":\"/\",\"type\":\"tmpfs\"}"));
        List<String> msgs = two.stream().filter(x -> x.rule().equals("mounts.shadowed")).map(Finding::message).toList();
        assertEquals(2, msgs.size(), two.toString());
        assertTrue(msgs.get(0).contains("on /a hides the earlier mount on /a/b (/mounts/"), msgs.toString());
        assertTrue(msgs.get(1).contains("on / hides the earlier mount on /a"), msgs.toString());
    }

    @Test
    void manyOverlappingMappingsGiveOneFindingPerEntry() {
        // 20,000 entries that all overlap: old, 200 million pairs compared and as many findings
        StringBuilder m = new StringBuilder("[{\"containerID\":0,\"hostID\":100000,\"size\":65536}");
        for (int i = 1; i < 20_000; i++) {
            m.append(",{\"containerID\":").append(i).append(",\"hostID\":").append(200_000 + i).append(",\"size\":10}");
        }
        String maps = m.append(']').toString();
        List<Finding> f = OciValidator.validateBytes(OciRulesTest.edit("+/linux/namespaces={\"type\":\"user\"} ;; /linux/uidMappings="
                + maps + " ;; /linux/gidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]"));
        List<Finding> overlap = f.stream().filter(x -> x.rule().equals("linux.user-mappings.overlap")).toList();
        assertEquals(19_999, overlap.size(), "entries 1.. overlap entry 0 (container ids) and each other");
        assertTrue(overlap.get(0).message().startsWith("uidMappings entries 0 and 1 overlap (container ids)"), overlap.get(0).message());
        // host ids only
        List<Finding> h = OciValidator.validateBytes(OciRulesTest.edit("+/linux/namespaces={\"type\":\"user\"} ;; /linux/uidMappings="
                + "[{\"containerID\":0,\"hostID\":1000,\"size\":10},{\"containerID\":10,\"hostID\":1005,\"size\":10}] ;; "
                + "/linux/gidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]"));
        assertTrue(h.stream().anyMatch(x -> x.message().equals("uidMappings entries 0 and 1 overlap (host ids)")), h.toString());
    }

    // ---- item 7: path strings no file name can hold ----

    @Test
    void nulAndLoneSurrogatesInPathsAreFindingsNotExceptions() throws Exception {
        // a runtime with no features: its layer runs (runc's static refusals), nothing else of it
        Path runtime = tmp.resolve("fake-runc");
        Files.writeString(runtime, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(runtime, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        // old: "internal error: InvalidPathException" from the host layer for each of these
        String[] places = {
            "/process/args=[\"%s\"]", "/root/path=\"%s\"", "/process/cwd=\"/%s\"", "/process/env=[\"PATH=/%s\"]",
            "/hooks={\"prestart\":[{\"path\":\"/%s\"}],\"startContainer\":[{\"path\":\"/%s\"}]}",
            "/linux/namespaces/1/path=\"/%s\"", "/linux/namespaces/1/type=\"%s\"", "/linux/sysctl={\"net.%s\":\"1\"}",
            "/mounts=[{\"destination\":\"/%s\",\"source\":\"/%s\",\"type\":\"%s\"}]",
            "/linux/devices=[{\"path\":\"/dev/%s\",\"type\":\"c\",\"major\":1,\"minor\":3}]",
        };
        for (String bad : new String[] {"a\\u0000b", "a\\ud800b", "\\udc00"}) {
            for (String place : places) {
                String ops = place.replace("%s", bad);
                byte[] cfg = new String(OciRulesTest.edit(place.replace("%s", "PLACEHOLDER")), StandardCharsets.UTF_8)
                        .replace("PLACEHOLDER", bad).getBytes(StandardCharsets.UTF_8);
                Files.write(bundle.resolve("config.json"), cfg);
                // path.null-byte and mounts.null-byte are runc's refusals: the runtime layer runs
                OciValidator.Report r = new OciValidator(proc, tmp.resolve("host"), true, runtime.toString(), null).validate(bundle);
                assertFalse(r.unreadable(), ops + ": " + r.findings());
                if (bad.contains("u0000")) {
                    assertTrue(has(r, "path.null-byte") || has(r, "mounts.null-byte") || has(r, "schema.enum"), ops + ": " + r.findings());
                } else {
                    assertTrue(has(r, "json.lone-surrogate"), ops + ": " + r.findings());
                }
            }
        }
        // what runc would look for: U+FFFD in place of the lone surrogate
        Files.write(bundle.resolve("config.json"), new String(OciRulesTest.edit("/root/path=\"PLACEHOLDER\""),
                StandardCharsets.UTF_8).replace("PLACEHOLDER", "rootfs\\ud800").getBytes(StandardCharsets.UTF_8));
        Finding missing = validator().validate(bundle).findings().stream().filter(f -> f.rule().equals("host.rootfs.missing"))
                .findFirst().orElseThrow();
        assertTrue(missing.message().contains("rootfs\ufffd"), missing.message());
        Files.createDirectories(bundle.resolve("rootfs\ufffd/bin"));
        assertFalse(has(validator().validate(bundle), "host.rootfs.missing"));
    }

    /**
     * One validator, many validations: it keeps the host's facts (the directories above the
     * bundle, the caller's own /proc files), never what is in the bundle. A rootfs, a program or a
     * config replaced between two validations is seen by the second.
     */
    @Test
    void aValidatorThatIsUsedAgainLooksAtTheBundleAgain() throws Exception {
        OciValidator v = validator();
        OciValidator.Report first = v.validate(bundle);
        assertFalse(has(first, "host.rootfs.symlink") || has(first, "host.args0.not-found"), first.findings().toString());
        Files.move(rootfs.resolve("bin/sh"), rootfs.resolve("bin/sh.moved"));
        assertTrue(has(v.validate(bundle), "host.args0.not-found"), "args[0] looked up again");
        Files.move(rootfs, bundle.resolve("real-rootfs"));
        Files.createSymbolicLink(rootfs, Path.of("real-rootfs"));
        assertTrue(has(v.validate(bundle), "host.rootfs.symlink"), "the rootfs path walked again");
        Files.delete(bundle.resolve("config.json"));
        Files.createDirectory(bundle.resolve("config.json"));
        assertTrue(v.validate(bundle).unreadable(), "config.json looked at again: a directory now");
    }

    @Test
    void rootPathOfSlashOrDotDotAboveTheTopIsTheHostRoot() throws Exception {
        // old: "rootfs / is not a directory" (the loop over the path's names had none for "/")
        for (String p : new String[] {"/", "../../../../../../../../../..", "rootfs/../../../../../../../../../..", "//"}) {
            Files.write(bundle.resolve("config.json"), OciRulesTest.edit("/root/path=\"" + p + "\" ;; /process/args=[\"/\"]"));
            OciValidator.Report r = validator().validate(bundle);
            assertFalse(has(r, "host.rootfs.not-directory"), p + ": " + r.findings());
            assertFalse(has(r, "host.rootfs.missing"), p + ": " + r.findings());
            assertTrue(has(r, "host.args0.not-found"), "\"/\" is a directory, not a program: " + r.findings());
        }
        // a rootfs reached through a symlink is still refused, as runc does
        Files.createSymbolicLink(bundle.resolve("rootfs-link"), Path.of("rootfs"));
        Files.write(bundle.resolve("config.json"), OciRulesTest.edit("/root/path=\"rootfs-link/../rootfs-link\""));
        assertTrue(has(validator().validate(bundle), "host.rootfs.symlink"));
    }

    /**
     * Under a C locale the JVM cannot put non-ASCII characters in a file name: the host check of
     * such a path is skipped with {@code host.path-unencodable}, not an InvalidPathException.
     */
    @Test
    void aPathThisJvmCannotNameIsAWarningUnderACLocale() throws Exception {
        Files.write(bundle.resolve("config.json"), OciRulesTest.edit("/root/path=\"rootfs-\u00e9t\u00e9\" ;; "
                + "/hooks={\"prestart\":[{\"path\":\"/usr/bin/caf\u00e9\"}]}"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), proc.toString(), bundle.toString()).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("LANG", "C");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        Assumptions.assumeFalse(out.startsWith("encoding UTF-8"), "this JDK names files in UTF-8 even under LC_ALL=C");
        assertEquals(0, p.exitValue(), out);
        String rule = "host.path-unencodable";
        assertTrue(out.contains(rule + " /root/path"), out);
        assertTrue(out.contains(rule + " /hooks/prestart/0/path"), out);
        assertFalse(out.contains("Exception"), out);
    }

    /** The child JVM of {@link #aPathThisJvmCannotNameIsAWarningUnderACLocale}: prints rule and pointer per finding. */
    public static final class Child {
        public static void main(String[] args) {
            System.out.println("encoding " + System.getProperty("sun.jnu.encoding"));
            OciValidator.Report r = new OciValidator(Path.of(args[0]), Path.of("/nonexistent-sys-root"), true, null, null)
                    .validate(Path.of(args[1]));
            for (Finding f : r.findings()) {
                System.out.println(f.rule() + " " + f.pointer());
            }
        }
    }
}

package dev.jns.samples.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jns.core.testing.Runc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code jns oci spec}, through the repository's {@code ./jns} launcher, against runc on this
 * host: the same config as {@code runc spec} (default and rootless), and one {@code runc run}
 * accepts, as root and as an ordinary user.
 */
class OciSpecRuncTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The repository: the samples module's parent. */
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path JNS = REPO.resolve("jns");
    /** An ordinary user for the rootless run: nobody. */
    private static final String NOBODY = "65534";

    private static void assumeJns() {
        assumeTrue(Files.isRegularFile(REPO.resolve("commands/target/jns.jar")),
                "commands/target/jns.jar is not built (run mvn verify from the repository)");
    }

    private static void assumeRunc() {
        Optional<String> why = Runc.unavailable();
        assumeTrue(why.isEmpty(), () -> why.orElse(""));
    }

    private static Runc.Result jns(List<String> prefix, String... args) throws Exception {
        List<String> argv = new ArrayList<>(prefix);
        argv.add(JNS.toString());
        argv.addAll(List.of(args));
        return Runc.exec(null, argv, PATIENCE);
    }

    private static List<String> asNobody() {
        return List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--");
    }

    private static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** A bundle for runc as root: jns's config with a unique relative cgroupsPath, and a busybox rootfs. */
    private static void prepare(Path bundle, String id) throws IOException {
        ObjectNode c = (ObjectNode) read(bundle.resolve("config.json"));
        ((ObjectNode) c.get("linux")).put("cgroupsPath", "jns-test-" + id);
        Files.writeString(bundle.resolve("config.json"), JSON.writeValueAsString(c));
        Runc.busyboxRootfs(bundle.resolve("rootfs"));
    }

    @Test
    void sameConfigAsRuncSpec() throws Exception {
        assumeJns();
        assumeTrue(Runc.runc() != null, "runc is not installed");
        Path dir = Files.createTempDirectory("jns-spec-vs-runc");
        try {
            for (boolean rootless : new boolean[] {false, true}) {
                Path r = Files.createDirectory(dir.resolve("runc" + rootless));
                Path j = Files.createDirectory(dir.resolve("jns" + rootless));
                List<String> runcArgv = new ArrayList<>(List.of(Runc.runc().toString(), "spec"));
                List<String> jnsArgs = new ArrayList<>(List.of("oci", "spec", "--bundle", j.toString()));
                if (rootless) {
                    runcArgv.add("--rootless");
                    jnsArgs.add("--rootless");
                }
                Runc.Result rs = Runc.exec(r, runcArgv, PATIENCE);
                assertEquals(0, rs.rc(), rs.toString());
                Runc.Result js = jns(List.of(), jnsArgs.toArray(new String[0]));
                assertEquals(0, js.rc(), js.toString());
                // the same JSON tree: same values, same key and element order, but for the ambient
                // capabilities: runc spec lists three that are not inheritable (never raised); jns's
                // ambient set is empty so that its default passes `oci validate --strict`
                JsonNode runc = read(r.resolve("config.json"));
                ((ObjectNode) runc.at("/process/capabilities")).putArray("ambient");
                assertEquals(runc, read(j.resolve("config.json")), "rootless " + rootless);
                assertEquals(runc.toString(), read(j.resolve("config.json")).toString());
            }
        } finally {
            Runc.deleteTree(dir);
        }
    }

    /**
     * {@code ./jns oci spec --bundle B SPEC_ARGS}, then {@code runc run} as root on it (with a
     * relative cgroupsPath and a busybox rootfs); returns runc's result and the config jns wrote.
     */
    private static Runc.Result specAndRun(String name, JsonNode[] written, String... specArgs) throws Exception {
        Path bundle = Files.createTempDirectory("jns-" + name);
        String id = Runc.uniqueId("jns-" + name);
        try {
            List<String> args = new ArrayList<>(List.of("oci", "spec", "--bundle", bundle.toString()));
            args.addAll(List.of(specArgs));
            Runc.Result s = jns(List.of(), args.toArray(new String[0]));
            assertEquals(0, s.rc(), s.toString());
            written[0] = read(bundle.resolve("config.json"));
            prepare(bundle, id);
            Runc.Result r = Runc.run(bundle, id, PATIENCE);
            Runc.Result state = Runc.exec(null, List.of(Runc.runc().toString(), "state", id), PATIENCE);
            assertNotEquals(0, state.rc(), "the container is gone after the run: " + state);
            return r;
        } finally {
            Runc.deleteTree(bundle);
        }
    }

    @Test
    void runcRunsTheDefaultSpec() throws Exception {
        assumeJns();
        assumeRunc();
        JsonNode[] config = new JsonNode[1];
        Runc.Result r = specAndRun("spec", config, "--no-terminal", "--", "echo", "spec ok");
        assertEquals(0, r.rc(), r.toString());
        assertEquals("spec ok", r.out().strip());
    }

    /** runc's own default (a terminal) needs a terminal on stdin: script(1) gives it one. */
    @Test
    void runcRunsTheDefaultSpecOnATerminal() throws Exception {
        assumeJns();
        assumeRunc();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) from util-linux is missing");
        Path bundle = Files.createTempDirectory("jns-spec-tty");
        String id = Runc.uniqueId("jns-spec-tty");
        try {
            Runc.Result s = jns(List.of(), "oci", "spec", "--bundle", bundle.toString(), "--", "echo", "tty-ok");
            assertEquals(0, s.rc(), s.toString());
            assertEquals(true, read(bundle.resolve("config.json")).at("/process/terminal").asBoolean());
            prepare(bundle, id);
            // script takes a shell command line; every word here is ours ([a-z0-9/-] only)
            String cmd = Runc.runc() + " run --bundle " + bundle + " " + id;
            assumeTrue(cmd.matches("[A-Za-z0-9/ ._-]+"), "unexpected characters in " + cmd);
            Runc.Result r;
            try {
                r = Runc.exec(null, List.of("/usr/bin/script", "-qec", cmd, "/dev/null"), PATIENCE);
            } finally {
                Runc.delete(id);
            }
            assertEquals(0, r.rc(), r.toString());
            // the terminal's output: CR LF line ends, and a NUL (echoed as ^@) before the text
            assertEquals("tty-ok", r.out().replace("\0", "").replace("^@", "").strip(), r.toString());
        } finally {
            Runc.deleteTree(bundle);
        }
    }

    @Test
    void runcRunsTheRootlessSpecAsRoot() throws Exception {
        assumeJns();
        assumeRunc();
        JsonNode[] config = new JsonNode[1];
        Runc.Result r = specAndRun("spec-rootless", config, "--rootless", "--no-terminal", "--", "id");
        assertEquals(0, config[0].at("/linux/uidMappings/0/hostID").asLong(), "root's own uid");
        assertEquals(0, r.rc(), r.toString());
        assertEquals("uid=0 gid=0", r.out().strip());
    }

    /** What {@code --rootless} is for: runc run by an ordinary user (nobody), in a user namespace. */
    @Test
    void runcRunsTheRootlessSpecAsAnOrdinaryUser() throws Exception {
        assumeJns();
        assumeRunc();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv(1) from util-linux is missing");
        Runc.Result userns = Runc.exec(null, List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "--", "unshare", "--user", "true"), PATIENCE);
        assumeTrue(userns.rc() == 0, "nobody cannot create a user namespace here: " + userns);
        Runc.Result canRun = jns(asNobody(), "--version");
        assumeTrue(canRun.rc() == 0, "nobody cannot run " + JNS + ": " + canRun);
        Path bundle = Files.createTempDirectory("jns-spec-nobody");
        Path state = bundle.resolve("state");
        String id = Runc.uniqueId("jns-spec-nobody");
        List<String> runcAsNobody = new ArrayList<>(asNobody());
        runcAsNobody.addAll(List.of(Runc.runc().toString(), "--root", state.toString()));
        try {
            Files.setPosixFilePermissions(bundle, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setOwner(bundle, bundle.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(NOBODY));
            Runc.Result s = jns(asNobody(), "oci", "spec", "--rootless", "--no-terminal", "--bundle", bundle.toString(),
                    "--", "id");
            assertEquals(0, s.rc(), s.toString());
            assertEquals(65534, read(bundle.resolve("config.json")).at("/linux/uidMappings/0/hostID").asLong());
            assertEquals(65534, read(bundle.resolve("config.json")).at("/linux/gidMappings/0/hostID").asLong());
            // jns's config as written: without a cgroupsPath, rootless runc on cgroup v1 skips the
            // cgroups it may not create (with one it fails: mkdir ... permission denied)
            Runc.busyboxRootfs(bundle.resolve("rootfs"));
            chownTree(bundle.resolve("rootfs"));
            List<String> run = new ArrayList<>(runcAsNobody);
            run.addAll(List.of("run", "--bundle", bundle.toString(), id));
            Runc.Result r = Runc.exec(bundle, run, PATIENCE);
            assertEquals(0, r.rc(), r.toString());
            assertEquals("uid=0 gid=0", r.out().strip());
        } finally {
            List<String> delete = new ArrayList<>(runcAsNobody);
            delete.addAll(List.of("delete", "-f", id));
            Runc.exec(null, delete, PATIENCE);
            Runc.deleteTree(bundle);
        }
    }

    private static void chownTree(Path dir) throws IOException {
        java.nio.file.attribute.UserPrincipal nobody =
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(NOBODY);
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS).setOwner(nobody);
            }
        }
    }
}

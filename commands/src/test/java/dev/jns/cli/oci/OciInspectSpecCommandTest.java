package dev.jns.cli.oci;

import dev.jns.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jns.cli.output.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jns oci inspect} and {@code jns oci spec} through the full command line. */
class OciInspectSpecCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Result(int rc, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }

        @Override
        public String toString() {
            return "rc=" + rc + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private static Result jns(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), args);
        return new Result(rc, out.toString(), err.toString());
    }

    private static void assertOneLineError(Result r, int rc, String... parts) {
        assertEquals(rc, r.rc(), r.toString());
        assertEquals("", r.out(), r.toString());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + r);
        for (String p : parts) {
            assertTrue(lines.get(0).contains(p), "'" + p + "' in: " + r);
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    }

    private Path bundle(String name, String config) throws Exception {
        Path b = Files.createDirectories(tmp.resolve(name));
        Files.writeString(b.resolve("config.json"), config);
        return b;
    }

    private static List<String> ids(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    // ---- spec ----

    @Test
    void specWritesAConfigThatInspectReads() throws Exception {
        Result s = jns("oci", "spec", "--bundle", tmp.toString());
        assertEquals(0, s.rc(), s.toString());
        assertEquals("", s.out() + s.err());
        Path file = tmp.resolve("config.json");
        String text = Files.readString(file);
        assertTrue(text.startsWith("{\n  \"ociVersion\": \"1.0.2-dev\",\n"), text);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        Result i = jns("oci", "inspect", "--json", tmp.toString());
        assertEquals(0, i.rc(), i.toString());
        JsonNode j = i.json();
        assertEquals(file.toString(), j.get("file").asText());
        assertEquals("[\"sh\"]", j.at("/process/args").toString());
        assertTrue(j.at("/process/terminal").asBoolean());
        assertEquals(List.of("new", "new", "new", "new", "new", "host", "host", "host"), ids(j.get("namespaces"), "mode"));
        assertEquals(0, j.at("/capabilities/beyondRuncDefault").size());
        assertEquals(List.of("user.root-without-userns", "seccomp.none", "mac.none", "limits.no-memory", "limits.no-pids"),
                ids(j.get("risks"), "id"));
        assertFalse(j.at("/users/rootless").asBoolean());
    }

    @Test
    void specArgsRootlessAndNoTerminal() throws Exception {
        Result s = jns("oci", "spec", "--rootless", "--no-terminal", "-b", tmp.toString(), "--", "echo", "-n", "a b");
        assertEquals(0, s.rc(), s.toString());
        JsonNode c = JSON.readTree(tmp.resolve("config.json").toFile());
        assertEquals("[\"echo\",\"-n\",\"a b\"]", c.at("/process/args").toString());
        assertFalse(c.at("/process/terminal").asBoolean());
        long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        assertEquals(uid, c.at("/linux/uidMappings/0/hostID").asLong());
        assertTrue(c.at("/linux/namespaces").toString().contains("\"user\""));
        assertFalse(c.at("/linux/namespaces").toString().contains("\"network\""));
    }

    @Test
    void specPassesItsOwnStrictValidation() throws Exception {
        // jns's default lists no ambient capability that is not raised (runc spec's does: three warnings)
        for (String[] extra : new String[][] {{}, {"--rootless"}}) {
            Path b = Files.createDirectories(tmp.resolve("strict" + extra.length));
            List<String> args = new ArrayList<>(List.of("oci", "spec", "--bundle", b.toString()));
            args.addAll(List.of(extra));
            assertEquals(0, jns(args.toArray(new String[0])).rc());
            Result v = jns("oci", "validate", "--strict", "--runtime", "none", b.resolve("config.json").toString());
            assertEquals(0, v.rc(), v.toString());
            assertTrue(v.out().endsWith(": valid (checked: spec)\n"), v.toString());
        }
    }

    @Test
    void specRefusesToOverwriteWithoutForce() throws Exception {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, "mine");
        assertOneLineError(jns("oci", "spec", "--bundle", tmp.toString()), 1, file.toString(), "already exists", "--force");
        assertEquals("mine", Files.readString(file));

        Result f = jns("oci", "spec", "--bundle", tmp.toString(), "--force", "--", "true");
        assertEquals(0, f.rc(), f.toString());
        assertEquals("[\"true\"]", JSON.readTree(file.toFile()).at("/process/args").toString());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(file), s.toList(), "no temporary file left behind");
        }
    }

    @Test
    void specIsDeterministic() throws Exception {
        jns("oci", "spec", "--bundle", tmp.toString());
        byte[] first = Files.readAllBytes(tmp.resolve("config.json"));
        jns("oci", "spec", "--bundle", tmp.toString(), "--force");
        assertEquals(new String(first), Files.readString(tmp.resolve("config.json")));
    }

    @Test
    void specReplacesASymlinkInsteadOfWritingThroughIt() throws Exception {
        Path target = tmp.resolve("elsewhere.json");
        Files.writeString(target, "keep");
        Path b = Files.createDirectory(tmp.resolve("b"));
        Files.createSymbolicLink(b.resolve("config.json"), target);
        assertOneLineError(jns("oci", "spec", "--bundle", b.toString()), 1, "already exists");
        assertEquals(0, jns("oci", "spec", "--bundle", b.toString(), "--force").rc());
        assertEquals("keep", Files.readString(target));
        assertFalse(Files.isSymbolicLink(b.resolve("config.json")));
    }

    @Test
    void specErrors() {
        Path none = tmp.resolve("none");
        assertOneLineError(jns("oci", "spec", "--bundle", none.toString()), 1, "no such directory: " + none);
        assertFalse(Files.exists(none));
        assertOneLineError(jns("oci", "spec", "--bogus"), 2, "jns oci spec", "--bogus");
    }

    // ---- inspect ----

    @Test
    void inspectTextExplainsInPlainLanguage() throws Exception {
        Path b = bundle("host", "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"nginx\",\"-g\",\"daemon off;\"],"
                + "\"user\":{\"uid\":101,\"gid\":101},\"cwd\":\"/srv\",\"capabilities\":{\"bounding\":[\"CAP_NET_RAW\","
                + "\"CAP_SYS_ADMIN\"]}},\"root\":{\"path\":\"rootfs\"},\"mounts\":[{\"destination\":\"/sock\",\"type\":\"bind\","
                + "\"source\":\"/run/docker.sock\"}],\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"mount\"},"
                + "{\"type\":\"ipc\",\"path\":\"/proc/1/ns/ipc\"}],\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ERRNO\","
                + "\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]},\"resources\":{\"memory\":"
                + "{\"limit\":536870912}}}}");
        Result r = jns("oci", "inspect", b.toString());
        assertEquals(0, r.rc(), r.toString());
        String out = r.out();
        for (String want : List.of(
                b.resolve("config.json") + " (ociVersion 1.0.2)",
                "  args            nginx -g 'daemon off;'",
                "  user            uid 101, gid 101",
                "  cwd             /srv",
                "  rootfs          rootfs (writable)",
                "  network  host     shares the host network namespace: sees and can bind every host interface",
                "  ipc      joined   joins the ipc namespace at /proc/1/ns/ipc (PID 1's: normally the host's own)",
                "  pid      new      own PID namespace",
                "  /sock  bind of host /run/docker.sock (read-write)",
                "  memory.limit    536870912 (512.0M)",
                "  beyond runc     CAP_NET_RAW CAP_SYS_ADMIN",
                "  beyond Docker   CAP_SYS_ADMIN",
                "  seccomp         default SCMP_ACT_ERRNO, 1 rule",
                "  privileged-equivalent      CAP_SYS_ADMIN without a user namespace",
                "  ns.host-ipc ",
                "  mount.sensitive-host-path  bind mount of host /run/docker.sock at /sock (read-write)")) {
            assertTrue(out.contains(want), "'" + want + "' in:\n" + out);
        }
        assertFalse(out.contains("seccomp.none"), out);
        assertFalse(out.contains("limits.no-memory"), out);
        assertFalse(out.contains("user.root-without-userns"), "uid 101 is not root:\n" + out);
    }

    @Test
    void inspectSummarisesEveryCapabilityAndUnmappedIds() throws Exception {
        String all = String.join("\",\"", dev.jns.core.oci.inspect.CapabilityNames.KNOWN);
        Path b = bundle("all", "{\"process\":{\"user\":{\"uid\":1000,\"gid\":0},\"cwd\":\"/\",\"capabilities\":{\"bounding\":[\""
                + all + "\"],\"effective\":[\"" + all + "\"]}},\"linux\":{\"namespaces\":[{\"type\":\"user\"}],"
                + "\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}],"
                + "\"gidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}]}}");
        Result r = jns("oci", "inspect", b.toString());
        assertEquals(0, r.rc(), r.toString());
        for (String want : List.of("  user            uid 1000, gid 0; its uid is not mapped in the user namespace",
                "  every set       all 41 capabilities (bounding, effective)",
                "  beyond runc     all 38 others", "  beyond Docker   all 27 others", "  caps.all ")) {
            assertTrue(r.out().contains(want), "'" + want + "' in:\n" + r.out());
        }
        assertFalse(r.out().contains("privileged-equivalent"), "inside a user namespace:\n" + r.out());
    }

    @Test
    void inspectJsonOfAConfigFile() throws Exception {
        Path b = bundle("rootless", "{\"ociVersion\":\"1.2.0\",\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"},"
                + "\"linux\":{\"namespaces\":[{\"type\":\"user\"},{\"type\":\"network\"}],\"uidMappings\":"
                + "[{\"containerID\":0,\"hostID\":1000,\"size\":1}],\"gidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}]}}");
        Result r = jns("oci", "inspect", "--json", b.resolve("config.json").toString());
        assertEquals(0, r.rc(), r.toString());
        assertEquals(1, r.out().lines().count(), "one line");
        JsonNode j = r.json();
        assertTrue(j.at("/users/rootless").asBoolean());
        assertEquals("new", j.at("/users/userNamespace").asText());
        assertEquals(1000, j.at("/users/uidMappings/0/hostID").asLong());
        assertTrue(j.at("/process/uid").isNull(), "absent, not 0: " + j.get("process"));
        assertTrue(j.at("/security/seccomp").isNull());
        assertTrue(j.at("/capabilities/sets").isNull());
        List<String> risks = ids(j.get("risks"), "id");
        assertTrue(risks.containsAll(List.of("ns.host-pid", "ns.host-mount", "seccomp.none")), risks.toString());
        assertFalse(risks.contains("user.root-without-userns"));
        j.get("risks").forEach(x -> assertFalse(x.get("message").asText().isBlank()));
    }

    @Test
    void inspectNeverRunsAnythingFromTheBundle() throws Exception {
        Path marker = tmp.resolve("ran");
        Path b = bundle("trap", "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"/trap.sh\"],\"cwd\":\"/\"},"
                + "\"root\":{\"path\":\"rootfs\"},\"hooks\":{\"prestart\":[{\"path\":\"" + tmp.resolve("trap/rootfs/trap.sh")
                + "\"}]}}");
        Path script = Files.createDirectories(b.resolve("rootfs")).resolve("trap.sh");
        Files.writeString(script, "#!/bin/sh\ntouch " + marker + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Result r = jns("oci", "inspect", b.toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("  prestart        " + script + ", on the host"), r.out());
        assertTrue(r.out().contains("  hooks.on-host "), r.out());
        Result j = jns("oci", "inspect", "--json", b.toString());
        assertEquals(0, j.rc(), j.toString());
        assertEquals(script.toString(), j.json().at("/hooks/0/path").asText());
        assertFalse(Files.exists(marker));
    }

    @Test
    void inspectOddShapesSayUnknown() throws Exception {
        Path b = bundle("odd", "{\"ociVersion\":1,\"process\":{\"args\":\"sh\",\"user\":[]},\"root\":5,"
                + "\"linux\":{\"namespaces\":{\"pid\":{}},\"resources\":{\"devices\":7}},\"mounts\":[{\"destination\":[]}]}");
        Result r = jns("oci", "inspect", b.toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("(ociVersion unknown)"), r.out());
        assertTrue(r.out().contains("  args            unknown"), r.out());
        assertTrue(r.out().contains("  pid      unknown  unknown: linux.namespaces is not a list"), r.out());
        assertEquals(0, jns("oci", "inspect", "--json", b.toString()).rc());
    }

    @Test
    void inspectErrors() throws Exception {
        Path none = tmp.resolve("none");
        // unreadable input is exit status 2, as for validate; a config that is not JSON is a failure (1)
        assertOneLineError(jns("oci", "inspect", none.toString()), 2, "jns oci inspect: ", "no such file or bundle: " + none);
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertOneLineError(jns("oci", "inspect", empty.toString()), 2, "no config.json in bundle " + empty);
        Path bad = bundle("bad", "{\n\"ociVersion\": \"1.0.2\"\n\"process\": {}\n}");
        // not JSON: validate's finding, in validate's words, at its line and column (one parser for both)
        assertOneLineError(jns("oci", "inspect", bad.toString()), 1, bad.resolve("config.json")
                + ":3:1: error[json.syntax]: expected ',' or '}' after an object member, found character '\"'");
        Path words = bundle("words", "hello");
        Result w = jns("oci", "inspect", words.toString());
        assertOneLineError(w, 1, words.resolve("config.json") + ":1:1: error[json.syntax]: expected a value, found character 'h'");
        assertFalse(w.err().contains("Unrecognized token"), w.err());
        Path array = bundle("array", "[]");
        assertOneLineError(jns("oci", "inspect", "--json", array.toString()), 1, "error[schema.type]: the config must be a JSON object");
        assertOneLineError(jns("oci", "inspect", "a", "b"), 2, "jns oci inspect");
    }

    @Test
    void theSubcommandsAreListed() {
        Result r = jns("oci", "--help");
        assertTrue(r.out().contains("inspect") && r.out().contains("spec"), r.toString());
    }
}

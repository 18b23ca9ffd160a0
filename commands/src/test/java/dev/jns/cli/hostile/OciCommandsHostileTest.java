package dev.jns.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jns.cli.Main;
import dev.jns.cli.output.Terminal;
import dev.jns.core.oci.OciHostileSupport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 regressions for {@code jns oci validate} and {@code jns oci inspect} through the whole
 * command (in-process {@link Main#run}): what a user sees when the bundle is hostile. Each test
 * names the old behaviour. No root needed; FIFOs come from mkfifo(1) (skipped without it).
 */
@Tag("hostile")
class OciCommandsHostileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "root:SECRET-HASH-LINE:19000:0:99999:7:::";
    private static final String VALID = "{\n  \"ociVersion\": \"1.2.0\",\n  \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\","
            + " \"env\": [\"PATH=/bin\"]},\n  \"root\": {\"path\": \"rootfs\"},\n  \"linux\": {\"namespaces\": [{\"type\": \"mount\"}]}\n}\n";

    @TempDir
    Path tmp;
    Path bundle;
    private final ExecutorService pool = OciHostileSupport.pool();

    record Result(int rc, String out, String err) {
        @Override
        public String toString() {
            return "rc=" + rc + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    @BeforeEach
    void fixture() throws IOException {
        bundle = tmp.resolve("bundle");
        Files.createDirectories(bundle.resolve("rootfs/bin"));
        Path sh = Files.writeString(bundle.resolve("rootfs/bin/sh"), "");
        Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(bundle.resolve("config.json"), VALID);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static Result jns(String... args) {
        return jns(Terminal.plain(), args);
    }

    private static Result jns(Terminal terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(terminal, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(rc, out.toString(), err.toString());
    }

    /** {@link #jns} with a 5 s limit; a run blocked opening {@code fifo} (when it is one) is released, and fails. */
    private Result within5s(Path fifo, String... args) throws Exception {
        return OciHostileSupport.within5s(pool, () -> jns(args), fifo);
    }

    private static void oneLineError(Result r, String... parts) {
        assertEquals(2, r.rc(), r.toString());
        assertEquals("", r.out(), r.toString());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.toString());
        for (String p : parts) {
            assertTrue(lines.get(0).contains(p), "'" + p + "' in " + r);
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("internal error"), r.toString());
    }

    private static void mkfifo(Path p) throws Exception {
        OciHostileSupport.mkfifo(p);
    }

    @Test
    void aFifoConfigIsExitTwoWithOneLineForEveryCommand() throws Exception {
        // old: validate and inspect blocked forever in open(2) on the FIFO
        Path fifo = bundle.resolve("config.json");
        Files.delete(fifo);
        mkfifo(fifo);
        for (String cmd : new String[] {"validate", "inspect"}) {
            oneLineError(within5s(fifo, "oci", cmd, bundle.toString()), "jns oci " + cmd + ": ", fifo + " is a FIFO, not a regular file");
            oneLineError(within5s(fifo, "oci", cmd, fifo.toString()), " is a FIFO, not a regular file");
        }
        Result j = within5s(fifo, "oci", "validate", "--json", bundle.toString());
        assertEquals(2, j.rc(), j.toString());
        JsonNode n = JSON.readTree(j.out());
        assertEquals("input.unreadable", n.at("/findings/0/rule").asText());
        assertFalse(n.get("valid").asBoolean());
    }

    @Test
    void aDeviceIsNeverRead() throws Exception {
        // old: inspect /dev/zero read until "java.lang.OutOfMemoryError: Java heap space" and a stack trace;
        // validate /dev/null read it as an empty config
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")));
        oneLineError(within5s(tmp, "oci", "inspect", "/dev/zero"), "/dev/zero is a character device, not a regular file");
        oneLineError(within5s(tmp, "oci", "validate", "/dev/zero"), "/dev/zero is a character device, not a regular file");
        oneLineError(within5s(tmp, "oci", "validate", "/dev/null"), "/dev/null is a character device, not a regular file");
    }

    @Test
    void aConfigLinkedToAHostFileIsRefusedAndNoLineOfItShown() throws Exception {
        // old: validate followed the link and printed "    1 | root:SECRET-..." under a json.syntax error
        Path shadow = Files.writeString(tmp.resolve("shadow"), SECRET + "\n");
        Path link = bundle.resolve("config.json");
        Files.delete(link);
        Files.createSymbolicLink(link, shadow);
        for (String[] args : new String[][] {{"oci", "validate", bundle.toString()}, {"oci", "validate", link.toString()},
            {"oci", "inspect", bundle.toString()}, {"oci", "validate", "--json", bundle.toString()}, {"oci", "inspect", "--json",
                link.toString()}}) {
            Result r = jns(args);
            assertEquals(2, r.rc(), r.toString());
            assertFalse((r.out() + r.err()).contains("SECRET"), r.toString());
            assertTrue((r.out() + r.err()).contains("outside"), r.toString());
        }
    }

    @Test
    void duplicateKeysAreCappedInTextAndJson() throws Exception {
        // old: OutOfMemoryError under the launcher's -Xmx80m while 200,000 findings were printed
        // an empty cwd: one error of the spec layer (a runtime's, like hostname without a UTS
        // namespace, is not reported under --no-host)
        StringBuilder b = new StringBuilder(VALID.replace("\"cwd\": \"/\"", "\"cwd\": \"\"").trim());
        b.setLength(b.length() - 1);
        for (int i = 0; i < 20_001; i++) {   // 20,000 duplicates
            b.append(",\n\"hostname\": \"h").append(i).append('"');
        }
        Files.writeString(bundle.resolve("config.json"), b.append("\n}\n"));
        Result r = jns("oci", "validate", "--no-host", bundle.toString());
        assertEquals(1, r.rc(), "an empty cwd is an error");
        List<String> lines = r.out().lines().toList();
        long findings = lines.stream().filter(l -> l.contains(": warning[") || l.contains(": error[")).count();
        assertEquals(100, findings, "the first 100 findings, then a count");
        String name = bundle.resolve("config.json").toString();
        assertEquals(name + ": ... and 19901 more (1 error, 20000 warnings in all; --json lists the first 1000)",
                lines.get(lines.size() - 2));
        assertEquals(name + ": invalid: 1 error, 20000 warnings (checked: spec)", lines.get(lines.size() - 1));
        JsonNode j = JSON.readTree(jns("oci", "validate", "--no-host", "--json", bundle.toString()).out());
        assertEquals(1000, j.get("findings").size());
        assertTrue(j.get("truncated").asBoolean());
        assertEquals(20_000, j.get("warnings").asInt());
        assertEquals(1, j.get("errors").asInt());
        // --strict counts every warning as an error, in the counts and in the findings shown
        JsonNode s = JSON.readTree(jns("oci", "validate", "--no-host", "--json", "--strict", bundle.toString()).out());
        assertEquals(20_001, s.get("errors").asInt());
        assertEquals(0, s.get("warnings").asInt());
        assertEquals("error", s.at("/findings/999/severity").asText());
        // a small report is whole, and says so
        Files.writeString(bundle.resolve("config.json"), VALID);
        assertFalse(JSON.readTree(jns("oci", "validate", "--json", bundle.toString()).out()).get("truncated").asBoolean());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "utf8={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void excerptsOfAMinifiedConfigPointAtEachFinding(boolean utf8) throws Exception {
        // one 2 MB line with 3,000 findings: each excerpt is a window of the line around its column,
        // and the caret under the finding's column (the source is read once, not once per finding)
        StringBuilder b = new StringBuilder("{\"ociVersion\":\"1.2.0\",\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"},"
                + "\"root\":{\"path\":\"rootfs\"},\"annotations\":{");
        for (int i = 0; i < 3000; i++) {
            b.append(i > 0 ? "," : "").append("\"k").append(i).append("\":\"").append("\u00e9".repeat(600)).append('"');
        }
        Files.writeString(bundle.resolve("config.json"), b.append("}}"));
        // outside a UTF-8 locale each é is shown as its bytes (\xc3\xa9), and the caret follows
        Result r = jns(new Terminal(false, 0, false, utf8), "oci", "validate", "--no-host", bundle.toString());
        List<String> lines = r.out().lines().toList();
        int checked = 0;
        for (int i = 0; i + 2 < lines.size(); i++) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(":1:(\\d+): warning\\[annotations.key-format\\]: annotation key"
                    + " \"(k\\d+)\"").matcher(lines.get(i));
            if (!m.find()) {
                continue;
            }
            String src = lines.get(i + 1);
            String caret = lines.get(i + 2);
            assertTrue(src.startsWith("    1 | ..."), src);
            int at = caret.indexOf('^') - "      | ".length();
            assertTrue(src.substring("    1 | ".length()).startsWith("\"" + m.group(2) + "\"", at), "caret under the key:\n" + src
                    + "\n" + caret);
            assertTrue(src.length() <= "    1 | ".length() + (utf8 ? 106 : 6 + 100 * 8), src);
            assertEquals(utf8, !src.contains("\\xc3\\xa9"), src);
            checked++;
        }
        assertEquals(100, checked, r.out());
    }

    @Test
    void controlCharactersFromTheConfigAreEscapedInText() throws Exception {
        // old: a key with ESC ]0; ... BEL set the terminal's title of whoever validated the bundle
        Files.writeString(bundle.resolve("config.json"), VALID.replace("\"linux\"", "\"\\u001b]0;pwned\\u0007\": 1, \"\\u009b2J\": 2,"
                + " \"linux\""));
        for (String cmd : new String[] {"validate", "inspect"}) {
            Result r = jns("oci", cmd, bundle.toString());
            String all = r.out() + r.err();
            assertFalse(all.contains("\u001b") || all.contains("\u0007") || all.contains("\u009b"), r.toString());
        }
        Result v = jns("oci", "validate", bundle.toString());
        assertTrue(v.out().contains("unknown member \"\\x1b]0;pwned\\x07\""), v.out());
        assertTrue(v.out().contains("unknown member \"\\xc2\\x9b2J\""), v.out());
        // a raw ESC in a broken file shows escaped in the excerpt too
        Files.writeString(bundle.resolve("config.json"), "{\"a\": \u001b[31m}");
        Result s = jns("oci", "validate", bundle.toString());
        assertEquals(1, s.rc());
        assertTrue(s.out().contains("    1 | {\"a\": \\x1b[31m}"), s.out());
        assertFalse(s.out().contains("\u001b"), s.out());
    }

    @Test
    void pathsNoFileNameCanHoldAreFindings() throws Exception {
        // old: "jns oci validate: internal error: java.nio.file.InvalidPathException: Nul character not allowed"
        for (String bad : new String[] {"/bin/s\\u0000h", "/bin/\\ud800sh"}) {
            Files.writeString(bundle.resolve("config.json"), VALID.replace("[\"sh\"]", "[\"" + bad + "\"]")
                    .replace("\"rootfs\"", "\"" + bad.replace("/bin/", "") + "\""));
            Result r = jns("oci", "validate", bundle.toString());
            assertEquals(1, r.rc(), r.toString());
            assertFalse(r.err().contains("internal error"), r.toString());
            assertTrue(r.out().contains(bad.contains("u0000") ? "error[path.null-byte]" : "warning[json.lone-surrogate]"), r.out());
            Result i = jns("oci", "inspect", "--json", bundle.toString());
            assertEquals(0, i.rc(), i.toString());
        }
    }

    @Test
    void rootPathSlashIsADirectory() throws Exception {
        // old: "error[host.rootfs.not-directory]: rootfs / is not a directory"
        for (String p : new String[] {"/", "../../../../../../../../../../.."}) {
            Files.writeString(bundle.resolve("config.json"), VALID.replace("\"rootfs\"", "\"" + p + "\"")
                    .replace("[\"sh\"]", "[\"/\"]"));
            Result r = jns("oci", "validate", bundle.toString());
            assertFalse(r.out().contains("host.rootfs.not-directory"), r.out());
            assertTrue(r.out().contains("host.args0.not-found"), r.out());
        }
    }

    @Test
    void inspectSurvivesOddMountsAndKeepsItsColumnsNarrow() throws Exception {
        // old: an empty destination ended inspect with "internal error: MissingFormatWidthException: %-0s"
        Files.writeString(bundle.resolve("config.json"), "{\"ociVersion\":\"1.0.0\",\"mounts\":[{\"destination\":\"\"}]}");
        Result r = jns("oci", "inspect", bundle.toString());
        assertEquals(0, r.rc(), r.toString());
        // old: one 10,000-character destination padded every mount row to 10,000 characters
        Files.writeString(bundle.resolve("config.json"), "{\"ociVersion\":\"1.0.0\",\"mounts\":[{\"destination\":\"/" + "d".repeat(10_000)
                + "\",\"type\":\"tmpfs\"},{\"destination\":\"/x\",\"type\":\"tmpfs\"}]}");
        Result w = jns("oci", "inspect", bundle.toString());
        String row = w.out().lines().filter(l -> l.startsWith("  /x ")).findFirst().orElseThrow();
        assertTrue(row.length() < 120, row);
    }

    @Test
    void manyMountsNestedDeepestFirstGiveOneWarningEach() throws Exception {
        // the 50,000-mount timing is bench/oci-hostile.sh's; here the shape: one mounts.shadowed
        // per mount (old: one per pair, 2 million for 2,000 mounts)
        StringBuilder b = new StringBuilder(VALID.replace("\n}\n", ",\n\"mounts\": ["));
        String d = "/d".repeat(2000);
        for (int i = 2000; i > 0; i--) {
            b.append(i < 2000 ? ",\n" : "\n").append("{\"destination\": \"").append(d, 0, 2 * i).append("\", \"type\": \"tmpfs\"}");
        }
        Files.writeString(bundle.resolve("config.json"), b.append("]}\n"));
        Result r = jns("oci", "validate", "--runtime", "none", "--json", bundle.toString());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(1999, j.get("warnings").asInt(), r.toString().substring(0, Math.min(2000, r.toString().length())));
        assertEquals("mounts.shadowed", j.at("/findings/0/rule").asText());
    }
}

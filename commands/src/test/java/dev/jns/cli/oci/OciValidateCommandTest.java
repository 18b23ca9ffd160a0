package dev.jns.cli.oci;

import dev.jns.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jns.cli.output.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jns oci validate}, run in-process: text and JSON output, exit codes, options. */
class OciValidateCommandTest {
    @TempDir
    Path tmp;
    Path bundle;
    Path proc;

    record Result(int rc, String out, String err) {}

    static final String VALID = "{\n"
            + "  \"ociVersion\": \"1.2.0\",\n"
            + "  \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"env\": [\"PATH=/bin\"]},\n"
            + "  \"root\": {\"path\": \"rootfs\"},\n"
            + "  \"hostname\": \"c1\", \"mounts\": [{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"}],\n"
            + "  \"linux\": {\n"
            + "    \"namespaces\": [\n"
            + "      {\"type\": \"pid\"},\n"
            + "      {\"type\": \"uts\"},\n"
            + "      {\"type\": \"mount\"}\n"
            + "    ]\n"
            + "  }\n"
            + "}\n";

    /**
     * A bundle in {@code tmp} (config {@code config}, a rootfs with an executable bin/sh) and a
     * fixture /proc with the pid, uts and mnt namespaces: {bundle, proc}.
     */
    static Path[] bundleAndProc(Path tmp, String config) throws IOException {
        Path b = tmp.resolve("bundle");
        Files.createDirectories(b.resolve("rootfs/bin"));
        Path sh = Files.writeString(b.resolve("rootfs/bin/sh"), "");
        Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(b.resolve("config.json"), config);
        Path p = tmp.resolve("proc");
        Files.createDirectories(p.resolve("self/ns"));
        for (String ns : new String[] {"pid", "uts", "mnt"}) {
            Files.writeString(p.resolve("self/ns/" + ns), "");
        }
        return new Path[] {b, p};
    }

    @BeforeEach
    void fixture() throws IOException {
        bundle = tmp.resolve("bundle");
        Files.createDirectories(bundle.resolve("rootfs/bin"));
        Path sh = bundle.resolve("rootfs/bin/sh");
        Files.writeString(sh, "");
        Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(bundle.resolve("config.json"), VALID);
        proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("self/ns"));
        for (String ns : new String[] {"pid", "uts", "mnt", "net", "ipc"}) {
            Files.writeString(proc.resolve("self/ns/" + ns), "");
        }
    }

    /**
     * {@code jns oci validate ARGS} in this JVM, with {@code --runtime none} unless ARGS name a
     * runtime: the goldens do not depend on the runc or crun this host has (the runtime layer is
     * tested through {@link #process}, with a fake runc on PATH).
     */
    private Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--proc-root", proc.toString(), "oci", "validate"));
        if (java.util.Arrays.stream(args).noneMatch(a -> a.startsWith("--runtime"))) {
            all.addAll(List.of("--runtime", "none"));
        }
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
        String b = bundle.toString();
        return new Result(rc, out.toString().replace(b, "BUNDLE"), err.toString().replace(b, "BUNDLE"));
    }

    @Test
    void aValidBundle() {
        Result r = run(bundle.toString());
        assertEquals(0, r.rc(), r.toString());
        assertEquals("BUNDLE/config.json: valid (checked: spec, host)\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void findingsAreCompilerStyleWithSourceCaretAndHint() throws IOException {
        Files.writeString(bundle.resolve("config.json"), VALID.replace("{\"type\": \"mount\"}", "{\"type\": \"pid\"}"));
        Result r = run(bundle.toString());
        assertEquals(1, r.rc(), r.toString());
        assertEquals("BUNDLE/config.json:10:7: error[linux.namespaces.duplicate]: namespace \"pid\" listed twice (/linux/namespaces/2) [spec]\n"
                + "   10 |       {\"type\": \"pid\"}\n"
                + "      |       ^\n"
                + "      = hint: keep one entry per namespace type; the first is /linux/namespaces/0\n"
                + "BUNDLE/config.json: invalid: 1 error (checked: spec, host)\n", r.out());
    }

    @Test
    void jsonOutput() throws IOException {
        Files.writeString(bundle.resolve("config.json"), VALID.replace("\"1.2.0\"", "\"1.2\"").replace("\"PATH=/bin\"", "\"1X=y\", \"PATH=/bin\""));
        Result r = run("--json", bundle.toString());
        assertEquals(1, r.rc(), r.toString());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertFalse(j.get("valid").asBoolean());
        assertEquals(1, j.get("errors").asInt());
        assertEquals(1, j.get("warnings").asInt());
        JsonNode f = j.get("findings").get(0);
        assertEquals("[\"spec\",\"host\"]", j.get("checked").toString());
        assertTrue(j.get("runtime").isNull(), j.toString());
        assertEquals("spec", f.get("layer").asText());
        assertEquals("error", f.get("severity").asText());
        assertEquals("oci-version.semver", f.get("rule").asText());
        assertEquals("/ociVersion", f.get("pointer").asText());
        assertEquals(2, f.get("line").asInt());
        assertEquals(17, f.get("column").asInt());
        assertTrue(f.get("hint").asText().contains("SemVer"));
        assertEquals("env.digit-leading", j.get("findings").get(1).get("rule").asText());
    }

    @Test
    void warningsPassUnlessStrict() throws IOException {
        Files.writeString(bundle.resolve("config.json"), VALID.replace("\"PATH=/bin\"", "\"1X=y\", \"PATH=/bin\""));
        Result r = run(bundle.toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("warning[env.digit-leading]"), r.out());
        assertTrue(r.out().endsWith("BUNDLE/config.json: valid, 1 warning (checked: spec, host)\n"), r.out());
        Result s = run("--strict", bundle.toString());
        assertEquals(1, s.rc(), s.toString());
        assertTrue(s.out().contains("error[env.digit-leading]"), s.out());
    }

    @Test
    void hostChecksRunForABundleUnlessNoHost() throws IOException {
        Files.delete(bundle.resolve("rootfs/bin/sh"));
        Result r = run(bundle.toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.out().contains("error[host.args0.not-found]"), r.out());
        Result n = run("--no-host", bundle.toString());
        assertEquals(0, n.rc(), n.toString());
        assertTrue(n.out().contains("(checked: spec)"), n.out());
        // a config file alone: no bundle, no host layer
        Result f = run(bundle.resolve("config.json").toString());
        assertEquals(0, f.rc(), f.toString());
    }

    @Test
    void theDefaultPathIsTheCurrentDirectory() {
        // the test's working directory (the module) has no config.json: unreadable, exit 2
        Result r = run();
        assertEquals(2, r.rc(), r.toString());
        assertTrue(r.err().startsWith("jns oci validate: ") && r.err().contains("config.json: no such file"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unreadableInputIsExitTwo() throws IOException {
        Result missing = run(tmp.resolve("nope").toString());
        assertEquals(2, missing.rc());
        Files.delete(bundle.resolve("config.json"));
        Files.createDirectories(bundle.resolve("config.json"));
        Result dir = run(bundle.toString());
        assertEquals(2, dir.rc(), dir.toString());
        assertTrue(dir.err().contains("is a directory"), dir.err());
        Result json = run("--json", bundle.toString());
        assertEquals(2, json.rc());
        assertTrue(json.out().contains("\"rule\":\"input.unreadable\""), json.out());
    }

    @Test
    void longLinesAreShownAsAWindowAroundTheColumn() throws IOException {
        String minified = "{\"ociVersion\":\"1.2.0\",\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"},"
                + "\"root\":{\"path\":\"rootfs\"},\"annotations\":{" + "\"com.example.k\":\"" + "x".repeat(300) + "\","
                + "\"bad\":\"v\"}}";
        Files.writeString(bundle.resolve("config.json"), minified);
        Result r = run("--no-host", bundle.toString());
        String[] lines = r.out().split("\n");
        int col = minified.indexOf("\"bad\"") + 1;
        assertTrue(lines[0].startsWith("BUNDLE/config.json:1:" + col + ": warning[annotations.key-format]"), lines[0]);
        assertTrue(lines[1].length() < 120 && lines[1].startsWith("    1 | ...") && lines[1].contains("\"bad\""), lines[1]);
        // the caret stands under the key's opening quote
        assertEquals(lines[1].indexOf("\"bad\""), lines[2].indexOf('^'), r.out());
    }

    @Test
    void malformedJsonIsExitOneWithThePosition() throws IOException {
        Files.writeString(bundle.resolve("config.json"), "{\n  \"ociVersion\": \"1.2.0\"\n  \"process\": {}\n}\n");
        Result r = run(bundle.toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.out().startsWith("BUNDLE/config.json:3:3: error[json.syntax]: expected ',' or '}'"), r.out());
    }

    @Test
    void usageErrors() {
        Result r = run("--runtime", "no-such-runtime-jns", bundle.toString());
        assertEquals(2, r.rc(), r.toString());
        assertTrue(r.err().contains("runtime \"no-such-runtime-jns\" not found"), r.err());
        Result bad = run("--no-such-option");
        assertEquals(2, bad.rc());
    }

    @Test
    void listRules() {
        Result r = run("--list-rules");
        assertEquals(0, r.rc());
        assertTrue(r.out().startsWith("RULE "), r.out());
        assertTrue(r.out().contains("linux.namespaces.duplicate"), r.out());
        assertTrue(r.out().matches("(?s).*\\n\\d+ rules\\n$"), r.out());
    }

    /** A separate JVM through Main.main, as ./jns runs it: every output is flushed before exit. */
    private Result process(String... args) throws IOException, InterruptedException {
        return process(Files.createDirectories(tmp.resolve("empty-path")), args);
    }

    /** {@link #process} with PATH={@code path} and the runtime cache in tmp/cache. */
    private Result process(Path path, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--proc-root", proc.toString(), "oci", "validate"));
        argv.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("PATH", path.toString());
        pb.environment().put("JNS_CACHE_DIR", tmp.resolve("cache").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        String b = bundle.toString();
        return new Result(p.exitValue(), Files.readString(out).replace(b, "BUNDLE"), Files.readString(err).replace(b, "BUNDLE"));
    }

    @Test
    void everyOutputIsFlushedInAWholeProcess() throws Exception {
        Result rules = process("--list-rules");
        assertEquals(0, rules.rc(), rules.toString());
        assertTrue(rules.out().matches("(?s)RULE .*\\n\\d+ rules\\n$"), rules.out());
        Result valid = process(bundle.toString());
        assertEquals(new Result(0, "BUNDLE/config.json: valid (checked: spec, host; no runtime: neither runc nor crun on PATH)\n",
                ""), valid);
        Result json = process("--json", bundle.toString());
        assertTrue(json.out().startsWith("{\"path\":\"BUNDLE/config.json\",\"valid\":true"), json.out());
        Result missing = process(tmp.resolve("nope").toString());
        assertEquals(2, missing.rc());
        assertTrue(missing.err().contains("no such file"), missing.err());
        Result rt = process("--runtime", "no-such-runtime-jns", bundle.toString());
        assertEquals(2, rt.rc());
        assertTrue(rt.err().contains("not found"), rt.err());
    }

    /** A fake runc: its version, and features with ociVersionMax 1.0.2-dev (runc 1.1.5's); counts its runs. */
    private Path fakeRunc() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path runc = bin.resolve("runc");
        Files.writeString(bin.resolve("features.json"), "{\"ociVersionMin\":\"1.0.0\",\"ociVersionMax\":\"1.0.2-dev\"}");
        Files.writeString(runc, "#!/bin/sh\necho run >> '" + bin.resolve("runs") + "'\n"
                + "case \"$1\" in --version) echo 'runc version 1.1.5';; features) /bin/cat '" + bin.resolve("features.json")
                + "';; *) exit 2;; esac\n");
        Files.setPosixFilePermissions(runc, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void theRuntimeOnPathIsCheckedByDefaultAndCached() throws Exception {
        Path bin = fakeRunc();
        // no process: the spec allows it (valid with --no-host); runc refuses it (the runtime layer)
        Files.writeString(bundle.resolve("config.json"), VALID.replace("\"1.2.0\"", "\"1.0.2\"")
                .replace("  \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"env\": [\"PATH=/bin\"]},\n", ""));
        Result auto = process(bin, bundle.toString());
        assertEquals(1, auto.rc(), auto.toString());
        assertTrue(auto.out().contains("error[process.missing]: ") && auto.out().contains(" [runtime]\n"), auto.out());
        assertTrue(auto.out().endsWith("invalid: 1 error (checked: spec, host, runtime runc 1.1.5 (found on PATH))\n"), auto.out());
        assertEquals(2, Files.readAllLines(bin.resolve("runs")).size(), "--version and features, once");
        Result again = process(bin, "--json", bundle.toString());
        assertEquals(2, Files.readAllLines(bin.resolve("runs")).size(), "the second run asks the cache");
        JsonNode j = new ObjectMapper().readTree(again.out());
        assertEquals("[\"spec\",\"host\",\"runtime\"]", j.get("checked").toString());
        assertEquals("runc", j.at("/runtime/name").asText());
        assertEquals("1.1.5", j.at("/runtime/version").asText());
        assertEquals(bin.resolve("runc").toString(), j.at("/runtime/path").asText());
        assertEquals("found on PATH", j.at("/runtime/how").asText());
        assertEquals("runtime", j.at("/findings/0/layer").asText());
        // --no-host: the spec-only verdict, the automatic runtime dropped
        Result spec = process(bin, "--no-host", bundle.toString());
        assertEquals(new Result(0, "BUNDLE/config.json: valid (checked: spec)\n", ""), spec);
        // a runtime named explicitly still runs under --no-host; none skips the layer
        Result named = process(bin, "--no-host", "--runtime", "runc", bundle.toString());
        assertTrue(named.out().endsWith("(checked: spec, runtime runc 1.1.5 (named, found on PATH))\n"), named.out());
        Result none = process(bin, "--runtime", "none", bundle.toString());
        assertEquals(new Result(0, "BUNDLE/config.json: valid (checked: spec, host)\n", ""), none);
        // a broken cache is ignored without a word
        try (var s = Files.list(tmp.resolve("cache"))) {
            for (Path f : s.toList()) {
                Files.writeString(f, "garbage");
            }
        }
        Result broken = process(bin, bundle.toString());
        assertEquals(auto, broken);
    }

    @Test
    void whatRunc11RunsDespiteItsErrorsIsSaidOnALastLineAndInJson() throws Exception {
        Path bin = fakeRunc();
        Files.writeString(bundle.resolve("config.json"), VALID.replace("\"1.2.0\"", "\"v1\""));
        Result text = process(bin, bundle.toString());
        assertEquals(1, text.rc(), text.toString());
        assertTrue(text.out().endsWith("invalid: 1 error (checked: spec, host, runtime runc 1.1.5 (found on PATH))\n"
                + "BUNDLE/config.json: runc 1.1.5 would still run it: it does not check oci-version.semver (another runtime or"
                + " version may refuse it)\n"), text.out());
        JsonNode j = new ObjectMapper().readTree(process(bin, "--json", bundle.toString()).out());
        assertEquals("{\"runs\":true,\"measured\":true,\"overlooked\":[{\"rule\":\"oci-version.semver\",\"pointer\":\"/ociVersion\"}]}",
                j.get("prediction").toString());
        // an error runc refuses too: no such line, and runs is false
        Files.writeString(bundle.resolve("config.json"), VALID.replace("\"1.2.0\"", "\"v1\"").replace("{\"type\": \"uts\"}",
                "{\"type\": \"pid\"}"));
        Result both = process(bin, bundle.toString());
        assertEquals(1, both.rc());
        assertFalse(both.out().contains("would still run"), both.out());
        assertEquals("{\"runs\":false,\"measured\":true,\"overlooked\":[]}",
                new ObjectMapper().readTree(process(bin, "--json", bundle.toString()).out()).get("prediction").toString());
        // no runtime layer: no prediction
        assertTrue(new ObjectMapper().readTree(process(bin, "--json", "--runtime", "none", bundle.toString()).out())
                .get("prediction").isNull());
    }

    @Test
    void listRulesShowsLayerAndSourceAndJson() throws Exception {
        Result t = run("--list-rules");
        assertTrue(t.out().startsWith("RULE ") && t.out().contains(" LAYER ") && t.out().contains(" SOURCE "), t.out());
        String pm = t.out().lines().filter(l -> l.startsWith("process.missing ")).findFirst().orElseThrow();
        assertTrue(pm.matches("process\\.missing +runtime +error +runc +no process.*"), pm);
        Result j = run("--list-rules", "--json");
        assertEquals(0, j.rc());
        JsonNode rules = new ObjectMapper().readTree(j.out()).get("rules");
        assertTrue(rules.size() > 100, j.out());
        for (JsonNode r : rules) {
            for (String k : new String[] {"id", "layer", "severity", "source", "description"}) {
                assertFalse(r.get(k).asText().isEmpty(), k + " of " + r);
            }
            assertTrue(r.get("layer").asText().matches("spec|host|runtime"), r.toString());
        }
        assertEquals(rules.size(), new ObjectMapper().readTree(j.out()).get("count").asInt());
    }

    @Test
    void helpListsTheExitCodes() {
        Result r = run("--help");
        assertEquals(0, r.rc());
        assertTrue(r.out().contains("2   The input is unreadable"), r.out());
    }
}

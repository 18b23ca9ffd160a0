package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input never throws and always gives findings: malformed JSON, invalid UTF-8, duplicate keys,
 * 10,000-deep nesting, a 50 MB file, numbers beyond uint64, an empty file, a directory given as
 * the config. Positions are 1-based lines and columns in characters.
 */
class OciJsonRobustnessTest {
    @TempDir
    Path tmp;

    private static OciValidator validator() {
        return new OciValidator(Path.of("/proc"), false, null, null);
    }

    private OciValidator.Report validateFile(byte[] content) throws IOException {
        Path f = tmp.resolve("config.json");
        Files.write(f, content);
        return validator().validate(f);
    }

    private static Finding only(OciValidator.Report r, String rule) {
        List<Finding> f = r.findings();
        assertTrue(f.stream().anyMatch(x -> x.rule().equals(rule)), "expected " + rule + " in " + f);
        return f.stream().filter(x -> x.rule().equals(rule)).findFirst().orElseThrow();
    }

    @Test
    void malformedJsonIsOneSyntaxErrorWithItsPosition() throws IOException {
        OciValidator.Report r = validateFile("{\n  \"ociVersion\": \"1.2.0\",\n  \"process\": {\"cwd\": \"/\",}\n}".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.findings().size(), r.findings().toString());
        Finding f = only(r, "json.syntax");
        assertEquals(3, f.line());
        assertEquals(26, f.column()); // the }
        assertTrue(f.hint().contains("trailing comma"), f.hint());
        assertFalse(r.unreadable());
    }

    /** Every integer that fits a long reads as one, a sign and 19 digits too (old: 20 characters fell back). */
    @Test
    void longValueTakesEveryLongAndNothingElse() {
        String[] texts = {"-1000000000000000000", "-9223372036854775808", "9223372036854775807", "-0", "7",
            "9223372036854775808", "-9223372036854775809", "18446744073709551615", "1.5", "1e3"};
        long[] want = {-1000000000000000000L, Long.MIN_VALUE, Long.MAX_VALUE, 0, 7, 42, 42, 42, 42, 42};
        for (int k = 0; k < texts.length; k++) {
            JsonValue v = JsonReader.read(("[" + texts[k] + "]").getBytes(StandardCharsets.UTF_8), new ArrayList<>()).at(0);
            assertEquals(want[k], v.longValue(42), texts[k]);
        }
    }

    @Test
    void syntaxErrorsOfEveryKindAreFindings() {
        String[] bad = {"{", "}", "[1,]", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{'a':1}", "{\"a\":tru}", "{\"a\":01}", "{\"a\":1.}",
            "{\"a\":-}", "{\"a\":1e}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"x\ny\"}", "{\"a\":\"x}", "{} {}", "nul",
            "\"abc", "{\"a\":NaN}", "{\"a\":Infinity}", "[1 2]", "{,}"};
        for (String s : bad) {
            List<Finding> f = new ArrayList<>();
            assertNull(JsonReader.read(s.getBytes(StandardCharsets.UTF_8), f), s);
            assertEquals(1, f.size(), s + ": " + f);
            assertEquals("json.syntax", f.get(0).rule(), s);
            assertTrue(f.get(0).line() >= 1 && f.get(0).column() >= 1, s);
        }
    }

    @Test
    void invalidUtf8IsAFindingAtTheBadByte() throws IOException {
        byte[] b = "{\"ociVersion\": \"1.2.0\", \"hostname\": \"ab\u00e9XY\"}".getBytes(StandardCharsets.UTF_8);
        // replace the é (2 bytes) with a lone continuation byte and a stray 0xFF
        int i = indexOf(b, (byte) 0xC3);
        b[i] = (byte) 0xFF;
        OciValidator.Report r = validateFile(b);
        Finding f = only(r, "json.utf8");
        assertEquals(1, f.line());
        assertEquals(i + 1, f.column());
        // overlong encoding and a UTF-16 surrogate encoded in UTF-8 are invalid too
        for (byte[] bad : new byte[][] {{'"', (byte) 0xC0, (byte) 0xAF, '"'}, {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
            {'"', (byte) 0xE2, (byte) 0x82, '"'}, {(byte) 0x80}}) {
            List<Finding> out = new ArrayList<>();
            assertNull(JsonReader.read(bad, out));
            assertEquals("json.utf8", out.get(0).rule(), out.toString());
        }
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void columnsCountCharactersNotBytes() {
        List<Finding> f = new ArrayList<>();
        JsonValue v = JsonReader.read("{\"h\u00e9\u00e9\": \"\u20ac\", \"x\": 1}".getBytes(StandardCharsets.UTF_8), f);
        assertNotNull(v);
        assertEquals(9, v.get("h\u00e9\u00e9").column());
        assertEquals(19, v.get("x").column());
    }

    @Test
    void duplicateKeysAreAWarningAndTheLastValueWins() throws IOException {
        OciValidator.Report r = validateFile("{\"ociVersion\": \"1.2.0\",\n \"ociVersion\": \"x\"}".getBytes(StandardCharsets.UTF_8));
        Finding d = only(r, "json.duplicate-key");
        assertEquals(Finding.Severity.WARNING, d.severity());
        assertEquals(2, d.line());
        only(r, "oci-version.semver"); // the last value, "x", is the one checked
    }

    @Test
    void duplicateKeysInALargeObjectAreFound() {
        StringBuilder b = new StringBuilder("{\"annotations\":{");
        for (int i = 0; i < 5000; i++) {
            b.append("\"com.example.k").append(i).append("\":\"v\",");
        }
        b.append("\"com.example.k7\":\"again\"}}");
        List<Finding> f = new ArrayList<>();
        JsonValue v = JsonReader.read(b.toString().getBytes(StandardCharsets.UTF_8), f);
        assertEquals(5000, v.get("annotations").size());
        assertEquals("again", v.get("annotations").string("com.example.k7"));
        assertEquals(1, f.size());
    }

    @Test
    void tenThousandDeepNestingIsADepthError() throws IOException {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        OciValidator.Report r = validateFile(deep.getBytes(StandardCharsets.UTF_8));
        Finding f = only(r, "json.depth");
        assertEquals(JsonReader.MAX_DEPTH + 1, f.column());
        String deepObj = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        only(validateFile(deepObj.getBytes(StandardCharsets.UTF_8)), "json.depth");
        // 1000 levels are fine
        List<Finding> ok = new ArrayList<>();
        assertNotNull(JsonReader.read(("[".repeat(1000) + "]".repeat(1000)).getBytes(StandardCharsets.UTF_8), ok));
        assertEquals(List.of(), ok);
    }

    @Test
    void aFiftyMegabyteFileIsRefusedUnread() throws IOException {
        Path f = tmp.resolve("config.json");
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write("{\"ociVersion\":\"1.2.0\",\"annotations\":{\"com.example.big\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write("\"}}".getBytes(StandardCharsets.UTF_8));
        }
        OciValidator.Report r = validator().validate(f);
        Finding x = only(r, "input.too-large");
        assertTrue(x.message().contains("50 MiB"), x.message());
        assertTrue(r.unreadable());
    }

    @Test
    void aTenMegabyteConfigIsReadInFull() {
        StringBuilder b = new StringBuilder("{\"ociVersion\":\"1.2.0\",\"process\":{\"cwd\":\"/\",\"args\":[\"sh\"],\"env\":[");
        for (int i = 0; i < 300_000; i++) {
            b.append(i == 0 ? "" : ",").append("\"VAR_").append(i).append("=value\"");
        }
        b.append(",\"1BAD=x\"]},\"root\":{\"path\":\"rootfs\"}}");
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        assertTrue(bytes.length > 5_000_000);
        List<Finding> f = OciValidator.validateBytes(bytes);
        assertEquals(1, f.size(), f.toString());
        assertEquals("env.digit-leading", f.get(0).rule());
    }

    @Test
    void numbersBeyondUint64AreRangeErrorsNotCrashes() throws IOException {
        OciValidator.Report r = validateFile(("{\"ociVersion\":\"1.2.0\",\"process\":{\"cwd\":\"/\",\"args\":[\"sh\"],"
                + "\"rlimits\":[{\"type\":\"RLIMIT_CPU\",\"soft\":1,\"hard\":184467440737095516150000000000000000000000}],"
                + "\"oomScoreAdj\":1e400,\"user\":{\"uid\":-99999999999999999999999}}}").getBytes(StandardCharsets.UTF_8));
        List<Finding> ranges = r.findings().stream().filter(f -> f.rule().equals("schema.range")).toList();
        assertEquals(2, ranges.size(), r.findings().toString());
        only(r, "schema.type"); // 1e400: not an integer
        // 18446744073709551615 itself is fine
        assertEquals(List.of(), OciValidator.schemaOnly(("{\"ociVersion\":\"1.2.0\",\"process\":{\"cwd\":\"/\","
                + "\"rlimits\":[{\"type\":\"RLIMIT_CPU\",\"soft\":18446744073709551615,\"hard\":18446744073709551615}]}}")
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anEmptyFileAndWhiteSpaceAreSyntaxErrors() throws IOException {
        Finding f = only(validateFile(new byte[0]), "json.syntax");
        assertTrue(f.message().contains("empty"), f.message());
        only(validateFile(" \n\t\n".getBytes(StandardCharsets.UTF_8)), "json.syntax");
        only(validateFile(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}), "json.syntax");
    }

    @Test
    void aDirectoryGivenAsTheConfigIsUnreadable() throws IOException {
        Path bundle = tmp.resolve("bundle");
        Files.createDirectories(bundle.resolve("config.json"));
        OciValidator.Report r = validator().validate(bundle);
        only(r, "input.unreadable");
        assertTrue(r.unreadable());
        OciValidator.Report r2 = validator().validate(tmp.resolve("missing"));
        only(r2, "input.unreadable");
    }

    @Test
    void nonObjectDocumentsAreTypeErrors() {
        for (String s : new String[] {"[]", "1", "\"x\"", "null", "true"}) {
            List<Finding> f = OciValidator.validateBytes(s.getBytes(StandardCharsets.UTF_8));
            assertEquals(1, f.size(), s + ": " + f);
            assertEquals("schema.type", f.get(0).rule());
        }
    }

    @Test
    void wrongTypesEverywhereNeverThrow() {
        // every member of base.json replaced by every kind of value: no exception, some finding
        String[] kinds = {"1", "\"x\"", "[]", "{}", "null", "true", "[1,{}]", "{\"a\":[]}"};
        byte[] base = OciRulesTest.edit("");
        String text = new String(base, StandardCharsets.UTF_8);
        int n = 0;
        for (String key : new String[] {"process", "root", "mounts", "linux", "hooks", "annotations", "user", "capabilities",
            "rlimits", "namespaces", "env", "args", "maskedPaths", "cwd"}) {
            int at = text.indexOf("\"" + key + "\"");
            if (at < 0) {
                continue;
            }
            for (String k : kinds) {
                String edited = OciRulesTestSupport.replaceValue(text, at, k);
                OciValidator.validateBytes(edited.getBytes(StandardCharsets.UTF_8));
                n++;
            }
        }
        assertTrue(n > 50);
    }

    @Test
    void aLoneSurrogateEscapeIsAWarningAndReadsAsTheReplacementCharacter() {
        // runc (Go's encoding/json) reads "\ud800" as U+FFFD; so does jns, with a warning
        String[][] cases = {
            {"\\ud800", "\ufffd"}, {"\\udc00", "\ufffd"}, {"a\\ud800b", "a\ufffdb"}, {"\\ud800\\u0041", "\ufffdA"},
            {"\\ud800\\ud800", "\ufffd\ufffd"}, {"\\udc00\\ud83d\\ude00", "\ufffd\ud83d\ude00"}, {"x\\ud83d", "x\ufffd"},
        };
        for (String[] c : cases) {
            List<Finding> f = new ArrayList<>();
            JsonValue v = JsonReader.read(("{\"hostname\": \"" + c[0] + "\"}").getBytes(StandardCharsets.UTF_8), f);
            assertNotNull(v, c[0]);
            assertEquals(c[1], v.get("hostname").text(), c[0]);
            assertFalse(f.isEmpty(), c[0]);
            for (Finding x : f) {
                assertEquals("json.lone-surrogate", x.rule(), c[0]);
                assertEquals(Finding.Severity.WARNING, x.severity());
                assertEquals(1, x.line());
                assertTrue(x.column() >= 15, x.toString());   // at the escape, inside the string
            }
        }
        // a pair is one character and no finding; in a key too
        List<Finding> f = new ArrayList<>();
        JsonValue v = JsonReader.read("{\"\\ud83d\\ude00\": \"\\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8), f);
        assertEquals(List.of(), f);
        assertEquals("\ud83d\ude00", v.key(0));
        f.clear();
        v = JsonReader.read("{\"k\\udfff\": 1}".getBytes(StandardCharsets.UTF_8), f);
        assertEquals("k\ufffd", v.key(0));
        assertEquals("json.lone-surrogate", f.get(0).rule());
        assertEquals(4, f.get(0).column());   // the backslash
    }
}

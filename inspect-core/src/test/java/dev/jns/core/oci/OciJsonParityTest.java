package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reader on Jackson's streaming parser ({@link JsonReader}) against the hand-written one it
 * replaced ({@link HandWrittenJsonReader}, kept as test code for this comparison only): on a few
 * hundred generated inputs (valid configs, truncations, garbage bytes, duplicate keys, deep
 * nesting, huge numbers, invalid UTF-8, lone surrogates), the same findings (rule, severity, line,
 * column) and, when the document is read, the same tree (kinds, texts, positions of every value and
 * key). Messages may differ: they are Jackson's errors in jns's words.
 *
 * <p>Where the two differ, the old reader was the one that was wrong, in these classes (each
 * recognised by {@link #knownDifference}, and counted):
 * <ol>
 *   <li><b>utf8-not-syntax</b>: a byte that is not UTF-8 where JSON punctuation belongs (after a
 *       value, where a member name starts, in a literal). The old reader said json.syntax ("found
 *       byte 0xff"), the new one json.utf8, at the same line and column: the file is not UTF-8,
 *       and that is what to fix first.</li>
 *   <li><b>hex-digit</b>: a {@code \\u} escape without four hex digits. The old reader pointed at
 *       the {@code u}, the new one at the first character that is not a hex digit, on the same
 *       line.</li>
 * </ol>
 */
class OciJsonParityTest {
    private static final long SEED = 20261205L;

    @Test
    void theJacksonReaderAgreesWithTheHandWrittenOne() {
        Map<String, byte[]> inputs = inputs();
        assertTrue(inputs.size() >= 300, "only " + inputs.size() + " inputs");
        Map<String, Integer> known = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        int same = 0;
        for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
            byte[] in = e.getValue();
            List<Finding> oldF = new ArrayList<>();
            List<Finding> newF = new ArrayList<>();
            JsonValue oldV = HandWrittenJsonReader.read(in, oldF);
            JsonValue newV = JsonReader.read(in, newF);
            String o = summary(oldF);
            String n = summary(newF);
            String diff = null;
            if (!o.equals(n)) {
                diff = "findings: old " + o + " new " + n + " " + oldF + " " + newF;
            } else if ((oldV == null) != (newV == null)) {
                diff = "root: old " + oldV + " new " + newV;
            } else if (oldV != null) {
                StringBuilder a = new StringBuilder();
                StringBuilder b = new StringBuilder();
                dump(oldV, a);
                dump(newV, b);
                if (!a.toString().equals(b.toString())) {
                    diff = "tree: old " + a + "\n new " + b;
                }
            }
            if (diff == null) {
                same++;
                continue;
            }
            String why = knownDifference(oldF, newF);
            if (why != null) {
                known.merge(why, 1, Integer::sum);
            } else {
                failures.add((e.getKey() + ": " + diff).replace("\n", "\\n"));
            }
        }
        System.out.println("OciJsonParityTest: " + inputs.size() + " inputs, " + same + " identical, known differences " + known);
        assertEquals(List.of(), failures, failures.size() + " unexplained differences");
        assertTrue(same >= inputs.size() * 9 / 10, same + " of " + inputs.size() + " identical");
    }

    /** The class of a documented difference (see the class comment), or null. */
    private static String knownDifference(List<Finding> oldF, List<Finding> newF) {
        if (oldF.size() != newF.size() || oldF.isEmpty()) {
            return null;
        }
        for (int i = 0; i < oldF.size() - 1; i++) {
            if (!key(oldF.get(i)).equals(key(newF.get(i)))) {
                return null;
            }
        }
        Finding o = oldF.get(oldF.size() - 1);
        Finding n = newF.get(newF.size() - 1);
        if (o.rule().equals("json.syntax") && n.rule().equals("json.utf8") && o.line() == n.line()
                && (o.column() == n.column() || o.message().startsWith("invalid literal"))) {
            return "utf8-not-syntax";
        }
        if (o.rule().equals("json.syntax") && n.rule().equals("json.syntax") && o.message().startsWith("invalid \\u escape")
                && o.line() == n.line() && n.column() > o.column() && n.column() <= o.column() + 5) {
            return "hex-digit";
        }
        return null;
    }

    private static String key(Finding f) {
        return f.rule() + "/" + f.severity() + "@" + f.line() + ":" + f.column();
    }

    private static String summary(List<Finding> f) {
        StringBuilder b = new StringBuilder("[");
        for (Finding x : f) {
            b.append(key(x)).append(' ');
        }
        return b.append(']').toString();
    }

    private static void dump(JsonValue v, StringBuilder b) {
        b.append(v.kind()).append('@').append(v.line()).append(':').append(v.column());
        switch (v.kind()) {
            case STRING, NUMBER -> b.append('=').append(v.text());
            case BOOLEAN -> b.append('=').append(v.booleanValue());
            case OBJECT -> {
                b.append('{');
                for (int i = 0; i < v.size(); i++) {
                    b.append(v.key(i)).append('@').append(v.keyLine(i)).append(':').append(v.keyColumn(i)).append('=');
                    dump(v.at(i), b);
                    b.append(',');
                }
                b.append('}');
            }
            case ARRAY -> {
                b.append('[');
                for (int i = 0; i < v.size(); i++) {
                    dump(v.at(i), b);
                    b.append(',');
                }
                b.append(']');
            }
            default -> { }
        }
    }

    // ---- the inputs ----------------------------------------------------------------------------

    private static Map<String, byte[]> inputs() {
        Map<String, byte[]> in = new LinkedHashMap<>();
        Random rnd = new Random(SEED);
        byte[] base = OciRulesTest.edit("");
        String text = new String(base, StandardCharsets.UTF_8);
        String minified = text.replaceAll("\n\\s*", "");
        String unicode = text.replace("\"/bin/sh\"", "\"/bin/\u00e9\u20ac\ud83d\ude00sh\"").replace("\"rootfs\"", "\"r\u00f6\u00f6tfs\"");
        // valid configs
        in.put("valid: base", base);
        in.put("valid: minified", utf8(minified));
        in.put("valid: unicode", utf8(unicode));
        in.put("valid: CRLF", utf8(text.replace("\n", "\r\n")));
        in.put("valid: tabs", utf8(text.replace("  ", "\t")));
        for (String edit : new String[] {"/hostname=\"h\\u00e9\\n\\t\\\"x\\\\\\/\"", "/annotations={\"a\":[1,-0,2.5e-3,1E+9,true,false,null]}",
            "/process/oomScoreAdj=-1000", "/annotations={}", "/annotations={\"\":\"\"}", "/process/args=[]"}) {
            in.put("valid: " + edit, OciRulesTest.edit(edit));
        }
        // truncations of three forms of the config, every few bytes
        String[] forms = {text, minified, unicode};
        for (int f = 0; f < forms.length; f++) {
            byte[] b = utf8(forms[f]);
            for (int cut = 0; cut < b.length; cut += 1 + b.length / 40) {
                in.put("truncated " + f + " at " + cut, java.util.Arrays.copyOf(b, cut));
            }
        }
        // one byte replaced by garbage, or by a character that matters to JSON
        byte[] specials = {'{', '}', '[', ']', ',', ':', '"', '\\', '\n', 0, 't', 'n', '0', '-', '.', 'e', (byte) 0xff, (byte) 0xc3,
            (byte) 0x80, (byte) 0xed, (byte) 0xf0, '\'', ' '};
        for (int i = 0; i < 80; i++) {
            byte[] b = base.clone();
            int at = rnd.nextInt(b.length);
            b[at] = i % 2 == 0 ? specials[rnd.nextInt(specials.length)] : (byte) rnd.nextInt(256);
            in.put("replaced byte " + at + " #" + i, b);
        }
        for (int i = 0; i < 20; i++) {
            byte[] b = base.clone();
            int at = rnd.nextInt(b.length - 1);
            in.put("deleted byte " + at, concat(java.util.Arrays.copyOf(b, at), java.util.Arrays.copyOfRange(b, at + 1, b.length)));
        }
        // garbage
        for (int i = 0; i < 30; i++) {
            byte[] b = new byte[1 + rnd.nextInt(60)];
            rnd.nextBytes(b);
            in.put("garbage #" + i, b);
        }
        for (int i = 0; i < 30; i++) {
            String alphabet = "{}[]\",:0123456789-+.eEtrufalsn \n\\u";
            StringBuilder s = new StringBuilder();
            for (int j = 1 + rnd.nextInt(30); j > 0; j--) {
                s.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            in.put("json-ish #" + i + " " + s, utf8(s.toString()));
        }
        // syntax errors of every kind, at the top and in a member
        String[] bad = {"", " \n\t\n", "\ufeff{}", "{", "}", "[1,]", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{'a':1}", "{\"a\":tru}",
            "{\"a\":01}", "{\"a\":1.}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"x\ny\"}",
            "{\"a\":\"x}", "{} {}", "{}x", "nul", "\"abc", "{\"a\":NaN}", "{\"a\":Infinity}", "[1 2]", "{,}", "{\"a\":truex}",
            "[nullx]", "1x", "1 2", "[}", "{]", "{\"a\":]}", "[1}", "{\"a\":1]", "{\"a\":+1}", "{\"a\":.5}", "{\"a\":1,}",
            "[,1]", "{\"a\"}", "{\"a\":}", "{\"a\":1/*c*/}", "{\"a\":\"\t\"}", "{\"\\u0000\":1}", "[\"a\"\"b\"]", "[1.5.5]",
            "[0x10]", "[-01]", "[1e+]", "[1E-2]", "[true false]", "{\"k\":\"v\"\n,\n\"k2\"\n:\n}", "[\n\n  x", "\n\n\n}"};
        for (String s : bad) {
            in.put("bad: " + s, utf8(s));
            in.put("bad in member: " + s, utf8("{\"ociVersion\": \"1.2.0\",\n  \"annotations\": {\"x\": " + s + "}}"));
        }
        // duplicate keys, small and large objects, nested
        in.put("dup: top", utf8("{\"ociVersion\": \"1.2.0\",\n \"ociVersion\": \"x\"}"));
        in.put("dup: three", utf8("{\"a\":1,\"a\":2,\n\"a\":3}"));
        in.put("dup: nested", utf8("{\"a\":{\"b\":1,\"b\":{\"c\":1,\"c\":2}},\"a\":[{\"d\":1,\"d\":1}]}"));
        StringBuilder large = new StringBuilder("{\"annotations\":{");
        for (int i = 0; i < 100; i++) {
            large.append("\"k").append(i).append("\":\"v\",\n");
        }
        large.append("\"k7\":\"again\",\"k99\":1}}");
        in.put("dup: large object", utf8(large.toString()));
        in.put("dup: base", OciRulesTest.edit("").length > 0 ? utf8(text.replaceFirst("\"ociVersion\"", "\"hostname\": \"h\",\n \"ociVersion\"")
                .replaceFirst("\\{", "{\"hostname\": \"first\",")) : base);
        // deep nesting
        for (int d : new int[] {999, 1000, 1001, 1500}) {
            in.put("deep array " + d, utf8("[".repeat(d) + "]".repeat(d)));
            in.put("deep object " + d, utf8("{\"a\":".repeat(d) + "1" + "}".repeat(d)));
            in.put("deep mixed " + d, utf8("{\"x\":\n" + "[{\"a\":".repeat(d / 2) + "1" + "}]".repeat(d / 2) + "}"));
            in.put("deep unclosed " + d, utf8("[".repeat(d)));
        }
        // huge and odd numbers
        for (String num : new String[] {"18446744073709551615", "18446744073709551616", "-9223372036854775809", "1e400", "-1E-400",
            "0.000000000000000000000000000001", "-0", "0e0", "1" + "0".repeat(5000), "-" + "9".repeat(2000) + ".5e99999",
            "123456789012345678901234567890.123456789"}) {
            in.put("number " + num.length() + " " + num.substring(0, Math.min(20, num.length())),
                    utf8("{\"ociVersion\":\"1.2.0\",\"process\":{\"oomScoreAdj\":" + num + ",\"user\":{\"uid\":[" + num + "]}}}"));
        }
        // invalid UTF-8 in strings, keys, between tokens, at the end
        byte[][] badUtf8 = {{(byte) 0xff}, {(byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xc3}, {(byte) 0xe0, (byte) 0x80, (byte) 0x80}, {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}};
        for (int i = 0; i < badUtf8.length; i++) {
            byte[] x = badUtf8[i];
            in.put("utf8 " + i + " in a string", concat(utf8("{\"hostname\": \"ab\u00e9"), x, utf8("cd\"}")));
            in.put("utf8 " + i + " in a key", concat(utf8("{\"a\":1,\n \"k"), x, utf8("\": 1}")));
            in.put("utf8 " + i + " as a value", concat(utf8("{\"a\": "), x, utf8("}")));
            in.put("utf8 " + i + " after a value", concat(utf8("{\"a\": 1"), x, utf8("}")));
            in.put("utf8 " + i + " at the end", concat(utf8("{\"a\": \"\u20ac\"}"), x));
            in.put("utf8 " + i + " alone", x);
        }
        // a NUL among the first four bytes (Jackson would take the file for UTF-16 or UTF-32), and JSON in UTF-16
        for (String s : new String[] {"{\0", "\0{}", "[1\0]", "{}\0", " \0", "\0\0\0{", "{\"a\0\":1}"}) {
            in.put("nul " + s.replace("\0", "\\0"), utf8(s));
        }
        in.put("utf-16le", "{\"a\": 1}".getBytes(StandardCharsets.UTF_16LE));
        in.put("utf-16be", "{\"a\": 1}".getBytes(StandardCharsets.UTF_16BE));
        in.put("utf-16 with BOM", "{\"a\": 1}".getBytes(StandardCharsets.UTF_16));
        in.put("utf-32", "{}".getBytes(java.nio.charset.Charset.forName("UTF-32")));
        // escapes and lone surrogates, in values and keys
        String[] escapes = {"\\ud800", "\\udc00", "a\\ud800b", "\\ud800\\u0041", "\\ud800\\ud800", "\\udc00\\ud83d\\ude00",
            "x\\ud83d", "\\ud83d\\ude00", "\u00e9\\ud800\u20ac", "\ud83d\ude00\\udfff", "\\ud83d\ud83d\ude00", "\\\\ud800",
            "\\\\\\ud800", "\\u00e9\\u20AC", "\\\"\\ud800\\\""};
        for (String s : escapes) {
            in.put("escape value " + s, utf8("{\"a\": 1,\n  \"hostname\": \"" + s + "\", \"b\": \"" + s + "\"}"));
            in.put("escape key " + s, utf8("{\"k" + s + "\": 1, \"x\": [\"" + s + "\"]}"));
        }
        return in;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

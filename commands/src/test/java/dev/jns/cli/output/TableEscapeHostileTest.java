package dev.jns.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jns.cli.output.Table.JsonType;
import dev.jns.core.text.Utf8;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 4: the table every listing prints through escapes what processes and cgroups are
 * named with, in text (as lsns), raw (as lsns -r) and JSON (valid UTF-8, controls escaped), in
 * the tree too, and measures and cuts the escaped text.
 */
@Tag("hostile")
class TableEscapeHostileTest {
    static final String BAD = Utf8.decode(new byte[] {(byte) 0xff});
    static final String HOSTILE = "x\u001b]0;pwned\u0007 \t\u007f\u009b" + BAD + " \u00e9\u4e2d";

    private static Table table(boolean tree) {
        Table.Column command = Table.Column.left("COMMAND").withTruncation();
        Table t = new Table(List.of(Table.Column.right("PID").withJson(JsonType.NUMBER),
                tree ? command.withTree() : command, Table.Column.left("NSFS")));
        Table.Line a = t.add(null).set(0, "1").set(1, "init").set(2, List.of("/run/a\nb", "/run/\u001bc"));
        t.add(tree ? a : null).set(0, "42").set(1, HOSTILE).set(2, (String) null);
        t.add(tree ? a : null).set(0, "43").set(1, "sleep").set(2, "");
        return t;
    }

    private static String print(Table t, Table.Mode mode, boolean utf8, int width) {
        StringWriter s = new StringWriter();
        t.print(new PrintWriter(s), new Table.Style(mode, true, width, utf8, false, "things"));
        return s.toString();
    }

    @Test
    void textIsEscapedAndAlignedByColumns() {
        // the command is 42 columns wide: 中 takes two, each escape four; the last column is not padded
        String pad = " ".repeat(42 - "init".length());
        assertEquals("PID COMMAND" + " ".repeat(42 - 7) + " NSFS\n"
                + "  1 init" + pad + " /run/a\\x0ab\n"
                + "    " + " ".repeat(42) + " /run/\\x1bc\n"
                + " 42 x\\x1b]0;pwned\\x07 \\x09\\x7f\\xc2\\x9b\\xff \u00e9\u4e2d \n"
                + " 43 sleep" + " ".repeat(42 - 5) + " \n", print(table(false), Table.Mode.TEXT, true, 0));
    }

    @Test
    void underTheCLocaleEveryByteThatIsNotAsciiToo() {
        String out = print(table(false), Table.Mode.TEXT, false, 0);
        assertTrue(out.contains(" 42 x\\x1b]0;pwned\\x07 \\x09\\x7f\\xc2\\x9b\\xff \\xc3\\xa9\\xe4\\xb8\\xad \n"), out);
        assertTrue(out.chars().allMatch(c -> c < 0x80), out);
    }

    @Test
    void theTreeIsDrawnBeforeTheEscapedValue() {
        String pad = " ".repeat(44 - "init".length());
        assertEquals("PID COMMAND" + " ".repeat(44 - 7) + " NSFS\n"
                + "  1 init" + pad + " /run/a\\x0ab\n"
                + "    " + " ".repeat(44) + " /run/\\x1bc\n"
                + " 42 \u251c\u2500x\\x1b]0;pwned\\x07 \\x09\\x7f\\xc2\\x9b\\xff \u00e9\u4e2d \n"
                + " 43 \u2514\u2500sleep" + " ".repeat(44 - 7) + " \n", print(table(true), Table.Mode.TEXT, true, 0));
        assertTrue(print(table(true), Table.Mode.TEXT, false, 0).contains(" 42 |-x\\x1b]0;pwned\\x07 "), "ASCII tree");
    }

    @Test
    void rawIsLibsmartcolsRaw() {
        assertEquals("""
                PID COMMAND NSFS
                1 init /run/a\\x0ab\\x0a/run/\\x1bc
                42 |-x\\x1b]0;pwned\\x07\\x20\\x09\\x7f\\xc2\\x9b\\xff\\x20\\xc3\\xa9\\xe4\\xb8\\xad\s
                43 `-sleep\s
                """, print(table(true), Table.Mode.RAW, false, 0));
        assertTrue(print(table(true), Table.Mode.RAW, true, 0).contains("\n42 \\xe2\\x94\\x9c\\xe2\\x94\\x80x\\x1b]0;"),
                "the UTF-8 tree escaped byte by byte, as lsns -r does");
    }

    @Test
    void jsonIsValidUtf8AndRoundTripsWithUfffdForAnInvalidByte() throws Exception {
        for (boolean utf8 : new boolean[] {true, false}) {
            String out = print(table(true), Table.Mode.JSON, utf8, 0);
            for (char c : out.toCharArray()) {
                assertTrue(c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f) && !Character.isSurrogate(c) || c == '\n',
                        () -> String.format("U+%04X in the JSON: %s", (int) c, out));
            }
            if (!utf8) {
                assertTrue(out.chars().allMatch(c -> c < 0x80), "ASCII under a locale that is not UTF-8: " + out);
            }
            assertTrue(out.contains("\\u001b]0;pwned\\u0007 \\t\\u007f\\u009b"), out);
            JsonNode doc = new ObjectMapper().readTree(out.getBytes(StandardCharsets.UTF_8));
            JsonNode kids = doc.get("things").get(0).get("children");
            assertEquals(HOSTILE.replace(BAD, "\ufffd"), kids.get(0).get("command").asText());
            assertEquals("/run/a\nb\n/run/\u001bc", doc.get("things").get(0).get("nsfs").asText());
            assertTrue(kids.get(0).get("nsfs").isNull());
            assertEquals(42, kids.get(0).get("pid").asInt());
        }
    }

    @Test
    void aTruncatedColumnIsCutBeforeAnEscapeNeverInside() {
        Table t = new Table(List.of(Table.Column.right("PID").withJson(JsonType.NUMBER),
                Table.Column.left("CMD").withTruncation(), Table.Column.left("USER")));
        t.add(null).set(0, "7").set(1, "ab\u001bcdefghij").set(2, "root");
        // "ab\x1bcdefghij" is 14 columns; the line is 3 + 14 + 4 + 2: a width of W leaves CMD 14 - (23 - W)
        assertEquals("PID CMD            USER\n  7 ab\\x1bcdefghij root\n", print(t, Table.Mode.TEXT, true, 0));
        assertEquals("PID CMD     USER\n  7 ab\\x1bc root\n", print(t, Table.Mode.TEXT, true, 16));
        assertEquals("PID CMD    USER\n  7 ab\\x1b root\n", print(t, Table.Mode.TEXT, true, 15));
        assertEquals("PID CMD   USER\n  7 ab    root\n", print(t, Table.Mode.TEXT, true, 14), "not ab\\x1");
        assertEquals("PID CMD  USER\n  7 ab   root\n", print(t, Table.Mode.TEXT, true, 13), "not ab\\x");
    }
}

package dev.jns.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.ParseException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProcStatTest {
    private static final Path PATH = Path.of("/proc/4242/stat");
    /** Fields 3 to 22 (and a few more) of a real stat line, after "PID (COMM) ". */
    private static final String REST = "S 4100 4242 4100 34816 4242 4194304 1188 0 0 0 2 1 0 0 20 0 3 0 108871 "
            + "9191096320 1930 18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 1 0 0 0 0 0\n";

    @Test
    void parsesTheFieldsJnsUses() {
        ProcStat st = ProcStat.parse("4242 (bash) " + REST, PATH);

        assertEquals(4242, st.pid());
        assertEquals("bash", st.comm());
        assertEquals('S', st.state());
        assertEquals(4100, st.ppid());
        assertEquals(3, st.numThreads());
        assertEquals(108871L, st.startTicks());
        assertEquals(2L, st.utimeTicks());
        assertEquals(1L, st.stimeTicks());
        assertEquals(1930L, st.rssPages());
    }

    @ParameterizedTest(name = "comm \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "4242 (tmux: server)|tmux: server",
        "4242 (a) b)|a) b",
        "4242 ((sd-pam))|(sd-pam)",
        "4242 (x) 1 2 3)|x) 1 2 3",
        "4242 ( )|' '",
        "4242 ()|''",
    })
    void commMayHoldSpacesAndParentheses(String head, String comm) {
        ProcStat st = ProcStat.parse(head + " " + REST, PATH);

        assertEquals(comm, st.comm());
        assertEquals(4100, st.ppid(), "fields after comm are counted from the last ')'");
        assertEquals(108871L, st.startTicks());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "4242 (bash) S 4100 4242\n",
        "4242 (bash) S 4100 4242 4100 34816 4242 4194304 1188 0 0 0 2 1 0 0 20 0 3 0",
        "4242 bash S 4100",
        "4242 (bash",
        "",
        "(bash) " + "S 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1",
        "4242 (bash) SS 4100 4242 4100 34816 4242 4194304 1188 0 0 0 2 1 0 0 20 0 3 0 108871 1 1",
        "4242 (bash) S x 4242 4100 34816 4242 4194304 1188 0 0 0 2 1 0 0 20 0 3 0 108871 1 1",
        "4242 (bash) S 1 4242 4100 34816 4242 4194304 1188 0 0 0 2 1 0 0 20 0 3 0 later 1 1",
    })
    void malformedContentNamesPathAndLine(String content) {
        ParseException e = assertThrows(ParseException.class, () -> ProcStat.parse(content, PATH));

        assertEquals(PATH, e.path());
        assertEquals(1, e.line());
        assertTrue(e.getMessage().startsWith("/proc/4242/stat:1: "), e.getMessage());
    }

    @Test
    void tooFewFieldsSaysHowMany() {
        ParseException e = assertThrows(ParseException.class,
                () -> ProcStat.parse("4242 (bash) S 4100 4242\n", PATH));
        assertEquals("/proc/4242/stat:1: expected at least 22 fields, found 5", e.getMessage());
    }

    /**
     * The parser before it named its fields: split at spaces, fields by index. The parser now must
     * agree with it on every input: the same record, or the same error.
     */
    private static String reference(String content) {
        try {
            int open = content.indexOf(" (");
            int close = content.lastIndexOf(')');
            if (open <= 0 || close < open || close + 2 > content.length()) {
                return "error: expected 'PID (COMM) STATE ...'";
            }
            String[] f = content.substring(close + 2).trim().split(" ");
            if (f.length < 20 || f[0].length() != 1) {
                return "error: expected at least 22 fields, found " + (f.length + 2);
            }
            return new ProcStat(Integer.parseInt(content.substring(0, open)),
                    content.substring(open + 2, close), f[0].charAt(0), Integer.parseInt(f[1]),
                    Integer.parseInt(f[17]), Long.parseLong(f[19]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                    f.length > 21 ? Long.parseLong(f[21]) : 0).toString();
        } catch (NumberFormatException e) {
            return "error: not a number: " + e.getMessage();
        }
    }

    private static String parsed(String content) {
        try {
            return ProcStat.parse(content, PATH).toString();
        } catch (ParseException e) {
            return "error: " + e.getMessage().substring((PATH + ":1: ").length());
        }
    }

    /** Seeded mutations of real lines (-Djns.fuzz.seed=N to repeat one run). */
    @Test
    void namedFieldsReadWhatTheSplitByIndexRead() {
        long seed = Long.getLong("jns.fuzz.seed", System.nanoTime());
        System.out.println("ProcStatTest seed: " + seed);
        java.util.Random rnd = new java.util.Random(seed);
        String[] bases = {"4242 (bash) " + REST, "4242 (a) b) " + REST, "1 (init) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 "
                + "20 0 1 0 20 100 200\n", "77 (k) I 2 0 0 0 -1 69238880 0 0 0 0 0 0 0 0 20 0 1 0 30 0 0"};
        String alphabet = " \t\n)(x+-0123456789";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(bases[rnd.nextInt(bases.length)]);
            for (int m = rnd.nextInt(4); m >= 0; m--) {
                int at = rnd.nextInt(b.length() + 1);
                switch (rnd.nextInt(4)) {
                    case 0 -> b.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    case 1 -> { if (at < b.length()) { b.deleteCharAt(at); } }
                    case 2 -> b.insert(at, "99999999999999999999");
                    default -> b.setLength(Math.min(b.length(), at));
                }
            }
            String line = b.toString();
            assertEquals(reference(line), parsed(line), "seed " + seed + ", line: " + line);
        }
    }

    /** One pass, in place: a parse allocates its comm and its record, not a string per field (as split did, 4 KiB). */
    @Test
    void parsingAllocatesLittle() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported(), "no allocation counter");
        String line = "4242 (bash) " + REST;
        long sink = 0;
        for (int i = 0; i < 2_000; i++) {
            sink += ProcStat.parse(line, PATH).rssPages(); // compiled, as in a long top session
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000; i++) {
            sink += ProcStat.parse(line, PATH).rssPages();
        }
        long perParse = (mx.getCurrentThreadAllocatedBytes() - before) / 1_000;

        assertEquals(1930L * 3_000, sink);
        assertTrue(perParse < 512, perParse + " bytes per parse");
    }
}

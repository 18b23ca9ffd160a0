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
}

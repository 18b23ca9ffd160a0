package dev.jns.core.internal;

import static dev.jns.core.testing.ParseErrors.assertParseError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.ParseException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyValueLinesTest {
    private static final Path CPU_STAT = Path.of("/sys/fs/cgroup/system.slice/cpu.stat");

    @Test
    void parsesCgroupV2CpuStatInFileOrder() {
        Map<String, Long> m = KeyValueLines.parse("""
                usage_usec 84211093
                user_usec 60123456
                system_usec 24087637
                nr_periods 51234
                nr_throttled 1290
                throttled_usec 9876543
                """, CPU_STAT);

        assertEquals(List.of("usage_usec", "user_usec", "system_usec", "nr_periods", "nr_throttled", "throttled_usec"),
                List.copyOf(m.keySet()));
        assertEquals(84211093L, m.get("usage_usec"));
        assertEquals(9876543L, m.get("throttled_usec"));
    }

    @Test
    void emptyFileIsAnEmptyMap() {
        assertTrue(KeyValueLines.parse("", CPU_STAT).isEmpty());
    }

    @Test
    void lastLineNeedNotEndInANewline() {
        assertEquals(Map.of("user", 104645L, "system", 29893L), KeyValueLines.parse("user 104645\nsystem 29893", CPU_STAT));
    }

    @Test
    void valuesAboveLongMaxAreUnsigned64Bit() {
        // hierarchical_memory_limit fits a signed long; a u64 counter past 2^63 must not be an error
        Map<String, Long> m = KeyValueLines.parse("hierarchical_memory_limit 9223372036854771712\nbig 18446744073709551615\n",
                CPU_STAT);
        assertEquals(9223372036854771712L, m.get("hierarchical_memory_limit"));
        assertEquals("18446744073709551615", Long.toUnsignedString(m.get("big")));
    }

    @Test
    void negativeValuesReadAsZero() {
        // some v1 files report -1; opencontainers/cgroups reads them as 0, and so does the core
        assertEquals(0L, KeyValueLines.parse("hierarchical_memsw_limit -1\n", CPU_STAT).get("hierarchical_memsw_limit"));
    }

    @ParameterizedTest(name = "[{index}] line {1} of \"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "usage_usec|1",
        "\"usage_usec \"|1",
        "usage_usec abc|1",
        "usage_usec 12x|1",
        "usage_usec 1 2|1",
        "usage_usec 0x10|1",
        "\" 5\"|1",
        "usage_usec 1\\nuser_usec|2",
        "usage_usec 1\\nuser_usec 2\\nsystem_usec --3|3",
        "usage_usec 1\\n\\nsystem_usec x|3",
        "usage_usec -|1",
    })
    void malformedLineIsAnErrorNamingFileAndLine(String content, int line) {
        String text = content.replace("\\n", "\n");
        ParseException e = assertParseError(CPU_STAT, line, () -> KeyValueLines.parse(text, CPU_STAT));
        assertTrue(e.getMessage().contains("'") || e.getMessage().contains("KEY VALUE"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0,0", "42,42", "-1,0", "18446744073709551615,-1"})
    void number(String s, long expected) {
        assertEquals(expected, KeyValueLines.number(s, CPU_STAT, 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''|4", "abc|4", "1.5|7", "- 1|2", "18446744073709551616|1"})
    void notANumberNamesTheLineGiven(String s, int line) {
        ParseException e = assertParseError(CPU_STAT, line, () -> KeyValueLines.number(s, CPU_STAT, line));
        assertTrue(e.getMessage().contains("'" + s + "'"), e.getMessage());
    }
}

package dev.jns.core.cgroup;

import static dev.jns.core.testing.ParseErrors.assertParseError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PressureTest {
    private static final Path CPU = Path.of("/sys/fs/cgroup/system.slice/cpu.pressure");

    @Test
    void parsesSomeAndFull() {
        Pressure p = Pressure.parse("""
                some avg10=18.52 avg60=12.07 avg300=6.33 total=95614230
                full avg10=11.40 avg60=7.81 avg300=3.90 total=60125514
                """, CPU);

        assertEquals(new Pressure.Line(18.52, 12.07, 6.33, 95614230L), p.some());
        assertEquals(Optional.of(new Pressure.Line(11.40, 7.81, 3.90, 60125514L)), p.full());
    }

    @Test
    void cpuPressureOfOlderKernelsHasNoFullLine() {
        // before 5.13 cpu.pressure had only the 'some' line
        Pressure p = Pressure.parse("some avg10=0.00 avg60=0.50 avg300=1.25 total=1234\n", CPU);

        assertEquals(new Pressure.Line(0.0, 0.5, 1.25, 1234L), p.some());
        assertTrue(p.full().isEmpty());
    }

    @Test
    void lineOrderDoesNotMatterAndTheLastNewlineIsOptional() {
        Pressure p = Pressure.parse("full avg10=0.10 avg60=0.20 avg300=0.30 total=7\nsome avg10=1.00 avg60=2.00 avg300=3.00 total=9",
                CPU);

        assertEquals(9L, p.some().totalUsec());
        assertEquals(7L, p.full().orElseThrow().totalUsec());
    }

    @Test
    void largeTotalsFitInALong() {
        Pressure p = Pressure.parse("some avg10=100.00 avg60=100.00 avg300=100.00 total=9223372036854775807\n", CPU);
        assertEquals(Long.MAX_VALUE, p.some().totalUsec());
        assertEquals(100.0, p.some().avg300());
    }

    @ParameterizedTest(name = "[{index}] line {1} of \"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "some avg10=0.00 avg60=0.00 avg300=0.00|1",
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=0 extra=1|1",
        "some avg10=x avg60=0.00 avg300=0.00 total=0|1",
        "some avg60=0.00 avg10=0.00 avg300=0.00 total=0|1",
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=1.5|1",
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=|1",
        "some avg10=0.00 avg60=0.00 avg300=0.00 sum=0|1",
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\\npartial avg10=0.00 avg60=0.00 avg300=0.00 total=0|2",
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\\nfull avg10=0.00 avg60=0.00  avg300=0.00 total=0|2",
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\\n\\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=oops|3",
        "SOME avg10=0.00 avg60=0.00 avg300=0.00 total=0|1",
    })
    void malformedLineIsAnErrorNamingFileAndLine(String content, int line) {
        String text = content.replace("\\n", "\n");
        assertParseError(CPU, line, () -> Pressure.parse(text, CPU));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''", "full avg10=0.00 avg60=0.00 avg300=0.00 total=0"})
    void withoutASomeLineTheWholeFileIsAtFault(String content) {
        assertParseError(CPU, 0, () -> Pressure.parse(content, CPU));
    }
}

package dev.jns.tui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.proc.ProcFs;
import dev.jns.core.testing.Fifos;
import dev.jns.core.testing.ProcFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 8: the full-screen header reads {@code uptime}, {@code meminfo} and
 * {@code loadavg} of the proc root; garbage there is shown as '-' or 0, and a FIFO is not
 * opened, instead of stopping the screen's sampling.
 */
@Tag("hostile")
class HostLineHostileTest {
    @TempDir
    Path tmp;

    @Test
    void garbageAndFifosInTheHostFilesGiveAHeaderAnyway() throws IOException {
        Path proc = ProcFixture.unpack("fixtures/plain-host.txt", tmp).resolve("proc");
        Files.writeString(proc.resolve("uptime"), "forever 0\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal: 99999999999999999999 kB\nMemAvailable: lots kB\n");
        try (Fifos fifos = new Fifos()) {
            fifos.make(proc.resolve("loadavg"));

            String line = fifos.within(Duration.ofSeconds(5), () -> HostLine.of(new ProcFs(proc), "v2"));

            assertTrue(line.contains(" | up - | "), line);
            assertTrue(line.contains(" | load - | "), line);
            assertTrue(line.endsWith(" | mem 0B/0B | v2"), line);
        }
    }

    @Test
    void aSaneProcRootGivesItsFigures() throws IOException {
        Path proc = ProcFixture.unpack("fixtures/plain-host.txt", tmp).resolve("proc");
        Files.writeString(proc.resolve("uptime"), "93784.5 1000.0\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal: 2048 kB\nMemAvailable: 1024 kB\n");
        Files.writeString(proc.resolve("loadavg"), "0.50 0.25 0.10 1/100 42\n");

        String line = HostLine.of(new ProcFs(proc), "v2");

        assertEquals(" | up 1d 2:03 | ", line.substring(line.indexOf(" | up "), line.indexOf(" | up ") + 16));
        assertTrue(line.contains(" | load 0.50 0.25 0.10 | mem 1.0M/2.0M | v2"), line);
    }
}

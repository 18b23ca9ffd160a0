package dev.jns.tui.live;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The live views' host line from OSHI says what /proc says. */
class OshiHostLineTest {
    @Test
    void hostKernelAndModeAsProcSays() throws Exception {
        Supplier<String> line = OshiHostLine.load("hybrid");
        assertNotNull(line, "OSHI loads here");
        String s = line.get();
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        assertTrue(s.startsWith(host + " | " + kernel + " | up "), s);
        assertTrue(s.matches(".* \\| \\d+ CPUs \\| load \\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d \\| mem \\S+/\\S+ \\| hybrid"), s);
    }

    /** The load is printed as /proc/loadavg and HostLine print it, whatever the JVM's locale. */
    @Test
    void theLoadHasADecimalPointInAnyLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.GERMANY);
        try {
            Supplier<String> line = OshiHostLine.load("v2");
            assertNotNull(line, "OSHI loads here");
            String s = line.get();
            assertTrue(s.matches(".* \\| load \\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d \\| .*"), s);
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}

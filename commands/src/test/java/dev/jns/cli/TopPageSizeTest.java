package dev.jns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jns.cli.output.Terminal;
import dev.jns.core.Units;
import dev.jns.core.testing.ProcFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jns top}'s RSS is {@code stat}'s page count times the page size of the tree read, not 4096. */
class TopPageSizeTest {
    /** Pages pid 426 (unshare) of container-host.txt has resident: its stat's field 24. */
    private static final long PAGES = 411;

    @TempDir
    Path tmp;

    private String rssOf426(Path root) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), "--proc-root",
                root.resolve("proc").toString(), "--sys-root", root.toString(), "top", "-b", "-d", "1ms");
        assertEquals(0, rc, err.toString());
        for (String l : out.toString().lines().toList()) {
            String[] f = l.trim().split("\\s+");
            if (f[0].equals("426")) {
                return f[3];
            }
        }
        throw new AssertionError("no pid 426 in:\n" + out);
    }

    @Test
    void aFixtureWithoutAuxvHas4KiBPages() {
        Path root = ProcFixture.unpack("fixtures/container-host.txt", tmp);

        assertEquals(Units.bytes(PAGES * 4096), rssOf426(root));
    }

    @Test
    void aFixtureThatRecordsA64KiBPageSizeShowsSixteenTimesTheRss() throws IOException {
        Path root = ProcFixture.unpack("fixtures/container-host.txt", tmp);
        Path self = root.resolve("proc").resolve(Files.readSymbolicLink(root.resolve("proc/self")));
        // AT_PAGESZ (6) = 65536, then AT_NULL, in native 64-bit words
        byte[] auxv = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder()).putLong(6).putLong(65536).putLong(0)
                .putLong(0).array();
        Files.write(self.resolve("auxv"), auxv);

        assertEquals(Units.bytes(PAGES * 65536), rssOf426(root));
    }
}

package dev.jns.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.ns.NamespaceInspector;
import dev.jns.core.testing.ProcFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RecordedFacts}: a root that is not a procfs is looked at for a recording through the
 * readers {@link java.util.ServiceLoader} finds (here the fixture reader of the test-jar and
 * {@link CountingReader}); the live {@code /proc} never is.
 */
class RecordedFactsTest {
    @TempDir
    Path tmp;

    @Test
    void theLiveProcIsNotLookedAtForARecording() {
        int before = CountingReader.ASKED.get();

        ProcFs proc = new ProcFs(ProcFs.DEFAULT_ROOT);

        assertEquals(before, CountingReader.ASKED.get(), "no reader was asked");
        assertTrue(proc.recorded().isEmpty());
        assertTrue(proc.trusted());
    }

    @Test
    void aPlainDirectoryIsLookedAtAndRecordsNothing() throws IOException {
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        int before = CountingReader.ASKED.get();

        ProcFs fs = new ProcFs(proc);

        assertEquals(before + 1, CountingReader.ASKED.get());
        assertTrue(fs.recorded().isEmpty());
    }

    @Test
    void aFixtureRecordsOwnersAndNamespaceFacts() {
        Path proc = ProcFixture.unpack("fixtures/container-host.txt", tmp.resolve("root")).resolve("proc");

        RecordedFacts facts = new ProcFs(proc).recorded().orElseThrow();

        assertEquals(OptionalInt.of(1000), facts.owner(426));
        assertEquals(OptionalInt.empty(), facts.owner(99999), "not recorded");
        assertTrue(facts.answers(NamespaceInspector.class).isPresent(), "the .nsinfo facts");
        assertTrue(facts.answers(Runnable.class).isEmpty(), "no answers of another kind");
        assertEquals(1000, new ProcFs(proc).owner(426), "ProcFs reports the recorded owner");
    }
}

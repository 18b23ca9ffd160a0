package dev.jns.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProcAuxv} and {@link ProcFs#pageSize()}: the page size from {@code self/auxv}, without native code. */
class PageSizeTest {
    @TempDir
    Path tmp;

    /** An auxiliary vector of 64-bit native words: the pairs given, then AT_NULL. */
    static byte[] auxv(long... pairs) {
        ByteBuffer b = ByteBuffer.allocate((pairs.length + 2) * 8).order(ByteOrder.nativeOrder());
        for (long v : pairs) {
            b.putLong(v);
        }
        return b.putLong(0).putLong(0).array();
    }

    /** A proc root whose {@code self} is pid 7, with {@code auxv} as 7/auxv when not null. */
    private Path root(byte[] auxv) throws IOException {
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        Files.createDirectories(proc.resolve("7"));
        Files.createSymbolicLink(proc.resolve("self"), Path.of("7"));
        if (auxv != null) {
            Files.write(proc.resolve("7/auxv"), auxv);
        }
        return proc;
    }

    @Test
    void readsAtPageszAmongTheOtherEntries() {
        assertEquals(OptionalLong.of(65536), ProcAuxv.pageSize(auxv(33, 0x7fff0000L, 16, 0xbfebfbffL, 6, 65536, 17, 100)));
        assertEquals(OptionalLong.of(4096), ProcAuxv.pageSize(auxv(6, 4096)));
    }

    @Test
    void noEntryOrAnImplausibleOneIsEmpty() {
        assertEquals(OptionalLong.empty(), ProcAuxv.pageSize(auxv(33, 1, 17, 100)), "no AT_PAGESZ");
        assertEquals(OptionalLong.empty(), ProcAuxv.pageSize(new byte[0]));
        assertEquals(OptionalLong.empty(), ProcAuxv.pageSize(new byte[13]), "shorter than one entry");
        assertEquals(OptionalLong.empty(), ProcAuxv.pageSize(auxv(6, 5000)), "not a power of two");
        assertEquals(OptionalLong.empty(), ProcAuxv.pageSize(auxv(6, 1024)), "below 4 KiB");
        assertEquals(OptionalLong.empty(), ProcAuxv.pageSize(auxv(6, -4096)), "negative");
        byte[] afterNull = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder()).putLong(0).putLong(0).putLong(6)
                .putLong(65536).array();
        assertEquals(OptionalLong.empty(), ProcAuxv.pageSize(afterNull), "nothing is read after AT_NULL");
    }

    @Test
    void aRootThatRecordsAnAuxvSaysItsPageSize() throws IOException {
        assertEquals(65536, new ProcFs(root(auxv(6, 65536))).pageSize());
    }

    @Test
    void aRootWithoutAuxvIsTakenToHave4KiBPages() throws IOException {
        assertEquals(ProcFs.DEFAULT_PAGE_SIZE, new ProcFs(root(null)).pageSize());
        assertEquals(4096, ProcFs.DEFAULT_PAGE_SIZE);
    }

    @Test
    void theLiveHostsPageSizeIsGetconfs() throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("getconf", "PAGESIZE").redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no getconf on this host: " + e.getMessage());
            return;
        }
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS), "getconf did not answer");
        long expected = Long.parseLong(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());

        assertEquals(expected, new ProcFs(ProcFs.DEFAULT_ROOT).pageSize());
    }
}

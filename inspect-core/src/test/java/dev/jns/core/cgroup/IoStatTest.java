package dev.jns.core.cgroup;

import static dev.jns.core.testing.ParseErrors.assertParseError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IoStatTest {
    private static final Path IO_STAT = Path.of("/sys/fs/cgroup/system.slice/io.stat");
    private static final Path BYTES = Path.of("/sys/fs/cgroup/blkio/system.slice/blkio.throttle.io_service_bytes_recursive");
    private static final Path OPS = Path.of("/sys/fs/cgroup/blkio/system.slice/blkio.throttle.io_serviced_recursive");

    // ---- v2 io.stat

    @Test
    void v2SumsEveryDeviceLine() {
        IoStat s = IoStat.parseV2("""
                8:0 rbytes=1421180928 wbytes=5368709120 rios=40321 wios=201234 dbytes=0 dios=0
                8:16 rbytes=52428800 wbytes=104857600 rios=1200 wios=3400 dbytes=4096 dios=1
                """, IO_STAT);

        assertEquals(new IoStat(1421180928L + 52428800L, 5368709120L + 104857600L, 40321 + 1200, 201234 + 3400), s);
    }

    @Test
    void v2IgnoresKeysOfIoControllersAndDebugStats() {
        // io.cost at the root adds cost.vrate (a decimal), io.latency adds depth/avg_lat/win, debug adds use_delay
        IoStat s = IoStat.parseV2("""
                259:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0 cost.vrate=100.00 cost.usage=1510 cost.wait=0 cost.indebt=0 cost.indelay=0
                253:0 rbytes=10 wbytes=20 rios=3 wios=4 dbytes=0 dios=0 use_delay=-1 delay_nsec=0 depth=max avg_lat=1200 win=100
                """, IO_STAT);

        assertEquals(new IoStat(4106, 8212, 4, 6), s);
    }

    @Test
    void v2DeviceWithoutIoIsZero() {
        // the kernel prints 'MAJ:MIN ' and then only the policies' keys, each after a space, for a device with no IO
        IoStat s = IoStat.parseV2("8:0 rbytes=512 wbytes=1024 rios=1 wios=2 dbytes=0 dios=0\n8:16 \n", IO_STAT);

        assertEquals(new IoStat(512, 1024, 1, 2), s);
    }

    @Test
    void v2DeviceWithoutIoUnderIoCostIsZero() {
        // "8:16 " then " cost.usage=0": two spaces in a row
        IoStat s = IoStat.parseV2("8:0 rbytes=512 wbytes=1024 rios=1 wios=2 dbytes=0 dios=0 cost.usage=3\n8:16  cost.usage=0\n",
                IO_STAT);

        assertEquals(new IoStat(512, 1024, 1, 2), s);
    }

    @Test
    void v2EmptyFileIsZero() {
        // a cgroup that has done no IO yet
        assertEquals(new IoStat(0, 0, 0, 0), IoStat.parseV2("", IO_STAT));
    }

    @ParameterizedTest(name = "[{index}] line {1} of \"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "rbytes=1 wbytes=2|1",
        "sda rbytes=1|1",
        ":0 rbytes=1|1",
        "8:0 rbytes|1",
        "8:0 =5|1",
        "8:0 rbytes=|1",
        "8:0 rbytes=12k|1",
        "8:0 rbytes=1\\n8:16 wbytes=x|2",
        "8:0 rbytes=1\\n\\n8:16 rios=1.5|3",
        "8:0 wios=1 rios=2 rbytes=-|1",
    })
    void v2MalformedLineIsAnErrorNamingFileAndLine(String content, int line) {
        String text = content.replace("\\n", "\n");
        assertParseError(IO_STAT, line, () -> IoStat.parseV2(text, IO_STAT));
    }

    // ---- v1 blkio

    private static final String V1_BYTES = """
            8:0 Read 1421180928
            8:0 Write 5368709120
            8:0 Sync 4294967296
            8:0 Async 2494922752
            8:0 Discard 0
            8:0 Total 6789890048
            8:16 Read 52428800
            8:16 Write 104857600
            8:16 Sync 104857600
            8:16 Async 52432896
            8:16 Discard 4096
            8:16 Total 157290496
            Total 6947180544
            """;
    private static final String V1_OPS = """
            8:0 Read 40321
            8:0 Write 201234
            8:0 Sync 150000
            8:0 Async 91555
            8:0 Discard 0
            8:0 Total 241555
            8:16 Read 1200
            8:16 Write 3400
            8:16 Sync 3000
            8:16 Async 1601
            8:16 Discard 1
            8:16 Total 4601
            Total 246156
            """;

    @Test
    void v1SumsReadAndWriteLinesOnly() {
        // Sync/Async/Discard/Total per device and the final Total must not be added in
        assertEquals(new IoStat(1421180928L + 52428800L, 5368709120L + 104857600L, 40321 + 1200, 201234 + 3400),
                IoStat.parseV1(V1_BYTES, BYTES, V1_OPS, OPS));
    }

    @Test
    void v1OnlyTotalIsZero() {
        // a cgroup with no IO of its own: the non-recursive files of an inner node
        assertEquals(new IoStat(0, 0, 0, 0), IoStat.parseV1("Total 0\n", BYTES, "Total 0\n", OPS));
    }

    @Test
    void v1MissingOpsFileGivesZeroOps() {
        // CgroupFs passes "" when io_serviced is absent
        assertEquals(new IoStat(1421180928L + 52428800L, 5368709120L + 104857600L, 0, 0),
                IoStat.parseV1(V1_BYTES, BYTES, "", OPS));
    }

    @ParameterizedTest(name = "[{index}] line {1} of \"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "8:0 Read|1",
        "8:0 Read 12 34|1",
        "8:0 Read x|1",
        "8:0 Read 1\\nRead 5 6|2",
        "8:0 Read 1\\n8:0 Write 2\\nTotal|3",
        "8:0 Read 1\\n8:0 Write 2\\nTotal x|3",
        "8:0 Read 1\\n8:0 Write 2\\nTotal 3 4|3",
        "Read 1|1",
        "8:0 Write 1.0|1",
    })
    void v1MalformedBytesLineNamesTheBytesFile(String content, int line) {
        String text = content.replace("\\n", "\n");
        assertParseError(BYTES, line, () -> IoStat.parseV1(text, BYTES, "Total 0\n", OPS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8:0 Read 1\n8:0 Write two\nTotal 3\n", "8:0 Read 1\nbad\nTotal 1\n"})
    void v1MalformedOpsLineNamesTheOpsFile(String ops) {
        assertParseError(OPS, 2, () -> IoStat.parseV1(V1_BYTES, BYTES, ops, OPS));
    }
}

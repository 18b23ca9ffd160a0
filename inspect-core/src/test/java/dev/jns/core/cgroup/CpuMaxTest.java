package dev.jns.core.cgroup;

import static dev.jns.core.testing.ParseErrors.assertParseError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CpuMaxTest {
    private static final Path MAX = Path.of("/sys/fs/cgroup/system.slice/docker-abc.scope/cpu.max");
    private static final Path QUOTA = Path.of("/sys/fs/cgroup/cpu,cpuacct/batch/cpu.cfs_quota_us");
    private static final Path PERIOD = Path.of("/sys/fs/cgroup/cpu,cpuacct/batch/cpu.cfs_period_us");

    @Test
    void v2Unlimited() {
        CpuMax m = CpuMax.parseV2("max 100000\n", MAX);

        assertTrue(m.quotaUsec().unlimited());
        assertEquals(100000L, m.periodUsec());
        assertEquals(OptionalDouble.empty(), m.cpus());
    }

    @ParameterizedTest
    @CsvSource({"150000 100000,150000,100000,1.5", "50000 100000,50000,100000,0.5", "1000 1000000,1000,1000000,0.001",
        "400000 100000,400000,100000,4.0"})
    void v2Limit(String content, long quota, long period, double cpus) {
        CpuMax m = CpuMax.parseV2(content + "\n", MAX);

        assertEquals(Limit.of(quota), m.quotaUsec());
        assertEquals(period, m.periodUsec());
        assertEquals(cpus, m.cpus().orElseThrow(), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "max", "150000", "max 100000 1", "max  100000", "abc 100000", "150000 abc",
        "150000 max", "1.5 100000", "max\t100000"})
    void v2MalformedIsAnErrorOnLine1(String content) {
        assertParseError(MAX, 1, () -> CpuMax.parseV2(content, MAX));
    }

    @Test
    void v1MinusOneIsUnlimited() {
        CpuMax m = CpuMax.parseV1("-1\n", QUOTA, "100000\n", PERIOD);

        assertTrue(m.quotaUsec().unlimited());
        assertEquals(100000L, m.periodUsec());
    }

    @Test
    void v1Quota() {
        CpuMax m = CpuMax.parseV1("50000\n", QUOTA, "100000\n", PERIOD);

        assertEquals(Limit.of(50000), m.quotaUsec());
        assertEquals(0.5, m.cpus().orElseThrow(), 1e-12);
    }

    @Test
    void zeroPeriodGivesNoCpuFigure() {
        assertEquals(OptionalDouble.empty(), new CpuMax(Limit.of(50000), 0).cpus());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "max", "abc", "1.5", "50000 100000"})
    void v1MalformedQuotaNamesTheQuotaFile(String quota) {
        assertParseError(QUOTA, 1, () -> CpuMax.parseV1(quota, QUOTA, "100000\n", PERIOD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "max", "abc", "1e5"})
    void v1MalformedPeriodNamesThePeriodFile(String period) {
        assertParseError(PERIOD, 1, () -> CpuMax.parseV1("50000\n", QUOTA, period, PERIOD));
    }
}

package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupRatesTest {
    private static final long SEC = 1_000_000_000L;
    private static final String C = "/system.slice/docker-abc.scope";

    @TempDir
    Path tmp;

    /** A cgroup with CPU usage (ns), CFS periods and throttled periods, and IO totals; null for unknown. */
    private static CgroupStats stats(long inode, Long usageNs, Long periods, Long throttled, IoStat io) {
        CgroupStats.Cpu cpu = new CgroupStats.Cpu(opt(usageNs), OptionalLong.empty(), OptionalLong.empty(), opt(periods),
                opt(throttled), OptionalLong.empty(), Optional.empty());
        return new CgroupStats(C, OptionalLong.of(inode), "unified", OptionalLong.of(1), OptionalLong.of(1), cpu,
                CgroupStats.Memory.NONE, Optional.ofNullable(io), CgroupStats.Pids.NONE, CgroupStats.Psi.NONE);
    }

    private static OptionalLong opt(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private static CgroupSnapshot at(long nanos, CgroupStats... cgroups) {
        Map<String, CgroupStats> m = new LinkedHashMap<>();
        for (CgroupStats s : cgroups) {
            m.put(s.path(), s);
        }
        return new CgroupSnapshot(nanos, m);
    }

    private static void assertRate(double expected, OptionalDouble actual) {
        assertRate(expected, actual, "");
    }

    private static void assertRate(double expected, OptionalDouble actual, String what) {
        assertTrue(actual.isPresent(), "no rate " + what);
        assertEquals(expected, actual.getAsDouble(), 1e-9, what);
    }

    @Test
    void ratesOverOneSecond() {
        CgroupSnapshot a = at(5 * SEC, stats(7, 1_000_000_000L, 100L, 10L, new IoStat(1000, 2000, 10, 20)));
        CgroupSnapshot b = at(6 * SEC, stats(7, 1_500_000_000L, 110L, 15L, new IoStat(5096, 2000, 12, 120)));

        CgroupRates r = CgroupRates.between(a, b, C);

        assertRate(50.0, r.cpuPercent());
        assertRate(4096.0, r.readBytesPerSec());
        assertRate(0.0, r.writeBytesPerSec());
        assertRate(2.0, r.readOpsPerSec());
        assertRate(100.0, r.writeOpsPerSec());
        assertRate(50.0, r.throttledPercent());
    }

    @Test
    void ratesAreDividedByTheElapsedTime() {
        // 2.5 s, 3 CPUs busy: 300 %
        CgroupSnapshot a = at(0, stats(7, 0L, 0L, 0L, new IoStat(0, 0, 0, 0)));
        CgroupSnapshot b = at(2_500_000_000L, stats(7, 7_500_000_000L, 25L, 5L, new IoStat(10_000, 5_000, 25, 50)));

        CgroupRates r = CgroupRates.between(a, b, C);

        assertRate(300.0, r.cpuPercent());
        assertRate(4000.0, r.readBytesPerSec());
        assertRate(2000.0, r.writeBytesPerSec());
        assertRate(10.0, r.readOpsPerSec());
        assertRate(20.0, r.writeOpsPerSec());
        assertRate(20.0, r.throttledPercent());
    }

    @Test
    void idleIsZeroNotEmpty() {
        CgroupStats same = stats(7, 42L, 10L, 0L, new IoStat(1, 2, 3, 4));

        CgroupRates r = CgroupRates.between(at(0, same), at(SEC, same), C);

        assertRate(0.0, r.cpuPercent());
        assertRate(0.0, r.readBytesPerSec());
        assertRate(0.0, r.throttledPercent(), "no period elapsed: not throttled");
    }

    @Test
    void countersGoingBackwardsGiveZeroNotNegative() {
        CgroupSnapshot a = at(0, stats(7, 9 * SEC, 500L, 400L, new IoStat(9000, 9000, 90, 90)));
        CgroupSnapshot b = at(SEC, stats(7, 2 * SEC, 100L, 50L, new IoStat(1000, 10_000, 10, 100)));

        CgroupRates r = CgroupRates.between(a, b, C);

        assertRate(0.0, r.cpuPercent());
        assertRate(0.0, r.readBytesPerSec());
        assertRate(1000.0, r.writeBytesPerSec());
        assertRate(0.0, r.readOpsPerSec());
        assertRate(10.0, r.writeOpsPerSec());
        assertRate(0.0, r.throttledPercent());
    }

    @Test
    void recreatedCgroupHasNoRates() {
        // same path, new directory: its counters started again from 0
        CgroupSnapshot a = at(0, stats(7, 9 * SEC, 100L, 0L, new IoStat(0, 0, 0, 0)));
        CgroupSnapshot b = at(SEC, stats(8, SEC / 2, 10L, 0L, new IoStat(10, 10, 1, 1)));

        assertEquals(CgroupRates.NONE, CgroupRates.between(a, b, C));
    }

    @Test
    void newOrRemovedCgroupHasNoRates() {
        CgroupSnapshot empty = at(0);
        CgroupSnapshot b = at(SEC, stats(7, SEC, 10L, 1L, new IoStat(10, 10, 1, 1)));

        assertEquals(CgroupRates.NONE, CgroupRates.between(empty, b, C));
        assertEquals(CgroupRates.NONE, CgroupRates.between(b, at(2 * SEC), C));
    }

    @Test
    void noTimeElapsedHasNoRates() {
        CgroupSnapshot a = at(SEC, stats(7, 0L, 0L, 0L, new IoStat(0, 0, 0, 0)));

        assertEquals(CgroupRates.NONE, CgroupRates.between(a, a, C));
        assertEquals(CgroupRates.NONE, CgroupRates.between(at(2 * SEC, a.cgroups().get(C)), a, C));
    }

    @Test
    void unknownCountersHaveNoRates() {
        CgroupSnapshot a = at(0, stats(7, null, null, 1L, null));
        CgroupSnapshot b = at(SEC, stats(7, 5L, 10L, 2L, new IoStat(1, 1, 1, 1)));

        CgroupRates r = CgroupRates.between(a, b, C);

        assertEquals(OptionalDouble.empty(), r.cpuPercent());
        assertEquals(OptionalDouble.empty(), r.readBytesPerSec());
        assertEquals(OptionalDouble.empty(), r.writeOpsPerSec());
        assertEquals(OptionalDouble.empty(), r.throttledPercent());
    }

    // ---- from the fixtures: snapshots taken by CgroupSnapshot.take, re-timed one second apart

    /** The snapshot as if every cgroup had been read at {@code nanos}. */
    private static CgroupSnapshot retimed(CgroupSnapshot s, long nanos) {
        java.util.Map<String, CgroupStats> m = new java.util.LinkedHashMap<>();
        s.cgroups().forEach((k, v) -> m.put(k, CgroupSnapshotTest.readAt(v, 0)));
        return new CgroupSnapshot(nanos, m);
    }

    @Test
    void eachCgroupsOwnReadTimeIsUsedWhenKnown() {
        CgroupStats a = CgroupSnapshotTest.readAt(new CgroupFixturesStats().usage("/x", 1_000_000_000L), 100);
        CgroupStats b = CgroupSnapshotTest.readAt(new CgroupFixturesStats().usage("/x", 1_500_000_000L), 1_000_000_100L);
        // the snapshots claim 2 s apart, the cgroup was read 1 s apart: 0.5 s of CPU in 1 s is 50%
        CgroupRates r = CgroupRates.between(new CgroupSnapshot(0, java.util.Map.of("/x", a)),
                new CgroupSnapshot(2 * SEC, java.util.Map.of("/x", b)), "/x");
        assertRate(50.0, r.cpuPercent());
    }

    @Test
    void fixtureCountersMovingForOneSecond() {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V2, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        CgroupSnapshot a = retimed(CgroupSnapshot.take(fs, "/", -1), 0);
        String dir = "sys/fs/cgroup/system.slice/docker-abc.scope/";
        // +0.75 s of CPU, +10 periods of which 4 throttled; 1 MiB read and 40 writes on 8:0
        CgroupFixtures.write(root, dir + "cpu.stat", """
                usage_usec 84961093
                user_usec 60573456
                system_usec 24387637
                nice_usec 0
                nr_periods 51244
                nr_throttled 1294
                throttled_usec 9976543
                nr_bursts 0
                burst_usec 0
                """);
        CgroupFixtures.write(root, dir + "io.stat", """
                8:0 rbytes=1049624576 wbytes=4194304000 rios=30756 wios=150060 dbytes=0 dios=0
                8:16 rbytes=52428800 wbytes=104857600 rios=1200 wios=3400 dbytes=4096 dios=1
                """);
        CgroupSnapshot b = retimed(CgroupSnapshot.take(fs, "/", -1), SEC);

        CgroupRates r = CgroupRates.between(a, b, C);
        assertRate(75.0, r.cpuPercent());
        assertRate(1048576.0, r.readBytesPerSec());
        assertRate(0.0, r.writeBytesPerSec());
        assertRate(256.0, r.readOpsPerSec());
        assertRate(40.0, r.writeOpsPerSec());
        assertRate(40.0, r.throttledPercent());

        CgroupRates ssh = CgroupRates.between(a, b, "/system.slice/ssh.service");
        assertRate(0.0, ssh.cpuPercent());
        assertRate(0.0, ssh.readBytesPerSec());
    }

    @Test
    void fixtureCgroupRecreatedUnderTheSamePath() throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V2, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        CgroupSnapshot a = retimed(CgroupSnapshot.take(fs, "/", -1), 0);
        // the container is stopped and started again: a new directory with the same name. The
        // old one is moved aside first, so that the new one cannot reuse its inode number.
        Path dir = root.resolve("sys/fs/cgroup/system.slice/docker-abc.scope");
        Path old = dir.resolveSibling("old");
        Files.move(dir, old);
        Files.createDirectory(dir);
        try (Stream<Path> files = Files.list(old)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        try (Stream<Path> w = Files.walk(old)) {
            w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        CgroupSnapshot b = retimed(CgroupSnapshot.take(fs, "/", -1), SEC);

        assertNotEquals(a.get(C).orElseThrow().inode(), b.get(C).orElseThrow().inode());
        assertEquals(CgroupRates.NONE, CgroupRates.between(a, b, C));
        assertRate(0.0, CgroupRates.between(a, b, "/system.slice").cpuPercent());
    }

    @Test
    void hybridCpuOnlyCgroupHasThrottlingButNoCpuPercent() {
        Path root = CgroupFixtures.unpack(CgroupFixtures.HYBRID, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        CgroupSnapshot a = retimed(CgroupSnapshot.take(fs, "/", -1), 0);
        CgroupFixtures.write(root, "sys/fs/cgroup/cpu/batch/cpu.stat", """
                nr_periods 8010
                nr_throttled 6008
                throttled_time 300500000000
                nr_bursts 0
                burst_time 0
                """);
        CgroupSnapshot b = retimed(CgroupSnapshot.take(fs, "/", -1), SEC);

        CgroupRates r = CgroupRates.between(a, b, "/batch");
        assertEquals(OptionalDouble.empty(), r.cpuPercent(), "no cpuacct for /batch");
        assertEquals(OptionalDouble.empty(), r.readBytesPerSec());
        assertRate(80.0, r.throttledPercent());
    }
}

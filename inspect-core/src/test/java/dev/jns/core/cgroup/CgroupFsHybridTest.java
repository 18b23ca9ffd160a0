package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CgroupFs} on fixtures/cgroup-hybrid.txt (cpu and cpuacct apart, cgroup2 without controllers). */
class CgroupFsHybridTest {
    private static final String DOCKER = "/system.slice/docker-abc.scope";
    private static final String SESSION = "/user.slice/user-1000.slice/session-2.scope";
    private static final long TICK_NS = 10_000_000L;

    @TempDir
    Path tmp;
    CgroupFs fs;

    @BeforeEach
    void open() {
        fs = CgroupFixtures.open(CgroupFixtures.unpack(CgroupFixtures.HYBRID, tmp));
    }

    @Test
    void treeMergesV1AndUnifiedIncludingTheCpuOnlyCgroup() {
        assertEquals(List.of("/", "/batch", "/init.scope", "/system.slice", DOCKER, "/user.slice",
                "/user.slice/user-1000.slice", SESSION), fs.tree("/", -1));
    }

    @Test
    void containerTakesEachFigureFromItsController() {
        CgroupStats s = fs.read(DOCKER);

        assertEquals("pids", s.hierarchy());
        assertEquals(OptionalLong.of(2), s.procs());
        assertEquals(OptionalLong.of(4), s.threads());
        // cpuacct (ns), not the unified cpu.stat (250113002 µs)
        assertEquals(OptionalLong.of(250113002999L), s.cpu().usageNs());
        assertEquals(OptionalLong.of(20010 * TICK_NS), s.cpu().userNs());
        assertEquals(OptionalLong.of(5001 * TICK_NS), s.cpu().systemNs());
        // throttling and quota from the v1 cpu hierarchy
        assertEquals(OptionalLong.of(20480), s.cpu().periods());
        assertEquals(OptionalLong.of(512), s.cpu().throttledPeriods());
        assertEquals(OptionalLong.of(40960000000L), s.cpu().throttledNs());
        assertEquals(2.0, s.cpu().max().orElseThrow().cpus().orElseThrow(), 1e-12);
        // v1 memory, no swap accounting
        assertEquals(OptionalLong.of(402653184L), s.memory().current());
        assertEquals(OptionalLong.of(251658240L), s.memory().anon());
        assertEquals(OptionalLong.of(134217728L), s.memory().file());
        assertEquals(OptionalLong.empty(), s.memory().swap());
        assertEquals(Optional.of(Limit.of(536870912L)), s.memory().max());
        assertEquals(Optional.empty(), s.memory().high());
        assertEquals(Optional.of(new IoStat(268435456L, 805306368L, 6553, 19660)), s.io());
        assertEquals(OptionalLong.of(4), s.pids().current());
        assertEquals(Optional.of(Limit.of(256)), s.pids().max());
        // PSI from the unified hierarchy
        assertEquals(new Pressure(new Pressure.Line(25.00, 20.50, 15.25, 123456789L),
                Optional.of(new Pressure.Line(20.00, 16.00, 12.00, 98765432L))), s.psi().cpu().orElseThrow());
        assertEquals(8000000L, s.psi().io().orElseThrow().some().totalUsec());
    }

    @Test
    void rootCountsBothDeviceLines() {
        CgroupStats s = fs.read("/");

        // 259:0 and the LVM volume 253:0 over it: each line counts, as the kernel reports them
        assertEquals(Optional.of(new IoStat(1073741824L + 1048576000L, 2147483648L + 2097152000L, 26214 + 25600,
                52428 + 51200)), s.io());
        assertEquals(OptionalLong.of(902113456789L), s.cpu().usageNs());
        assertEquals(Optional.of(Limit.UNLIMITED), s.memory().max());
        assertEquals(OptionalLong.of(402653184L), s.memory().anon());
        assertEquals(OptionalLong.of(3), s.procs());
        assertEquals(4.02, s.psi().cpu().orElseThrow().some().avg10());
    }

    @Test
    void usageFallsBackToTheUnifiedCpuStatWhereCpuacctLacksTheCgroup() {
        // init.scope is not in cpuacct; cgroup2's core cpu.stat has its usage in µs
        CgroupStats s = fs.read("/init.scope");

        assertEquals(OptionalLong.of(7120331_000L), s.cpu().usageNs());
        assertEquals(OptionalLong.of(3001200_000L), s.cpu().userNs());
        assertEquals(OptionalLong.of(4119131_000L), s.cpu().systemNs());
        assertEquals(OptionalLong.empty(), s.cpu().periods(), "not in the v1 cpu hierarchy");
        assertEquals(Optional.empty(), s.cpu().max());
        assertEquals(CgroupStats.Psi.NONE, s.psi(), "cgroup.pressure 0");
        assertEquals(CgroupStats.Memory.NONE, s.memory());

        assertEquals(OptionalLong.of(118000000_000L), fs.read(SESSION).cpu().usageNs());
    }

    @Test
    void cpuOnlyCgroupHasThrottlingButNoUsage() {
        // /batch is in the v1 cpu hierarchy only: cpuacct, memory, blkio, pids and cgroup2 lack it
        CgroupStats s = fs.read("/batch");

        assertEquals("cpu", s.hierarchy());
        assertEquals(OptionalLong.of(1), s.procs());
        assertEquals(OptionalLong.of(3), s.threads());
        assertEquals(OptionalLong.empty(), s.cpu().usageNs());
        assertEquals(OptionalLong.of(8000), s.cpu().periods());
        assertEquals(OptionalLong.of(6000), s.cpu().throttledPeriods());
        assertEquals(OptionalLong.of(300000000000L), s.cpu().throttledNs());
        assertEquals(Optional.of(new CpuMax(Limit.of(25000), 100000)), s.cpu().max());
        assertEquals(CgroupStats.Memory.NONE, s.memory());
        assertEquals(Optional.empty(), s.io());
        assertEquals(CgroupStats.Pids.NONE, s.pids());
        assertEquals(CgroupStats.Psi.NONE, s.psi());
        assertEquals(List.of(4100), fs.processes("/batch"));
    }

    @Test
    void sessionHasPidsAndPsiButNoV1MemoryOrIo() {
        CgroupStats s = fs.read(SESSION);

        assertEquals(OptionalLong.of(3), s.procs());
        assertEquals(OptionalLong.of(7), s.threads());
        assertEquals(OptionalLong.of(7), s.pids().current());
        assertEquals(CgroupStats.Memory.NONE, s.memory());
        assertEquals(Optional.empty(), s.io());
        assertEquals(5500000L, s.psi().cpu().orElseThrow().some().totalUsec());
        assertEquals(Optional.of(Limit.of(10813)), fs.read("/user.slice/user-1000.slice").pids().max());
    }
}

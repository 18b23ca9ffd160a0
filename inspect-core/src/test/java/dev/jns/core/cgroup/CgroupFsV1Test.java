package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CgroupFs} on fixtures/cgroup-v1.txt (cpu and cpuacct co-mounted); every expected figure is the fixture's. */
class CgroupFsV1Test {
    private static final String DOCKER = "/system.slice/docker-abc.scope";
    private static final String SSH = "/system.slice/ssh.service";
    private static final String SESSION = "/user.slice/user-1000.slice/session-2.scope";
    private static final long TICK_NS = 10_000_000L;

    @TempDir
    Path tmp;
    CgroupFs fs;

    @BeforeEach
    void open() {
        fs = CgroupFixtures.open(CgroupFixtures.unpack(CgroupFixtures.V1, tmp));
    }

    @Test
    void treeMergesAllHierarchiesIncludingTheCpuOnlyCgroup() {
        assertEquals(List.of("/", "/batch", "/init.scope", "/system.slice", DOCKER, SSH, "/user.slice",
                "/user.slice/user-1000.slice", SESSION), fs.tree("/", -1));
        assertEquals(List.of("/", "/batch", "/init.scope", "/system.slice", "/user.slice"), fs.tree("/", 1));
        assertTrue(fs.exists("/batch"));
    }

    @Test
    void rootFromEveryController() {
        CgroupStats s = fs.read("/");

        assertEquals("pids", s.hierarchy());
        assertEquals(OptionalLong.of(3), s.procs());
        assertEquals(OptionalLong.of(3), s.threads());
        assertEquals(OptionalLong.of(1345391701908L), s.cpu().usageNs(), "cpuacct.usage, ns as is");
        assertEquals(OptionalLong.of(104645 * TICK_NS), s.cpu().userNs(), "cpuacct.stat ticks x 10 ms");
        assertEquals(OptionalLong.of(29893 * TICK_NS), s.cpu().systemNs());
        assertEquals(OptionalLong.of(0), s.cpu().periods());
        assertEquals(Optional.of(new CpuMax(Limit.UNLIMITED, 100000)), s.cpu().max(), "cpu.cfs_quota_us -1");
        assertEquals(OptionalLong.of(2022490112L), s.memory().current(), "memory.usage_in_bytes");
        assertEquals(OptionalLong.of(734003200L), s.memory().anon(), "total_rss, not the root's own rss");
        assertEquals(OptionalLong.of(1288486912L), s.memory().file(), "total_cache, not the root's own cache");
        assertEquals(OptionalLong.empty(), s.memory().swap(), "no memsw file");
        assertEquals(Optional.of(Limit.UNLIMITED), s.memory().max(), "9223372036854771712 is no limit");
        assertEquals(Optional.empty(), s.memory().high(), "v2 only");
        assertEquals(Optional.of(new IoStat(2157060096L + 52428800L, 7834329088L + 104857600L, 61524 + 1200, 289417 + 3400)),
                s.io());
        assertEquals(CgroupStats.Pids.NONE, s.pids(), "pids.* are not made at the root");
        assertEquals(CgroupStats.Psi.NONE, s.psi(), "no PSI per cgroup on v1");
    }

    @Test
    void containerWithLimitsAndSwapAccounting() {
        CgroupStats s = fs.read(DOCKER);

        assertEquals("pids", s.hierarchy());
        assertEquals(OptionalLong.of(3), s.procs());
        assertEquals(OptionalLong.of(6), s.threads(), "lines of tasks");
        assertEquals(OptionalLong.of(84211093000L), s.cpu().usageNs());
        assertEquals(OptionalLong.of(6012 * TICK_NS), s.cpu().userNs());
        assertEquals(OptionalLong.of(2409 * TICK_NS), s.cpu().systemNs());
        assertEquals(OptionalLong.of(51234), s.cpu().periods());
        assertEquals(OptionalLong.of(1290), s.cpu().throttledPeriods());
        assertEquals(OptionalLong.of(9876543210L), s.cpu().throttledNs(), "throttled_time is already ns");
        assertEquals(Optional.of(new CpuMax(Limit.of(150000), 100000)), s.cpu().max());
        assertEquals(OptionalLong.of(415236096L), s.memory().current());
        assertEquals(OptionalLong.of(301989888L), s.memory().anon());
        assertEquals(OptionalLong.of(98566144L), s.memory().file());
        assertEquals(OptionalLong.of(423624704L - 415236096L), s.memory().swap(), "memsw - usage");
        assertEquals(Optional.of(Limit.of(1073741824L)), s.memory().max());
        assertEquals(Optional.of(new IoStat(1048576000L + 52428800L, 4194304000L + 104857600L, 30500 + 1200, 150020 + 3400)),
                s.io());
        assertEquals(OptionalLong.of(6), s.pids().current());
        assertEquals(Optional.of(Limit.of(512)), s.pids().max());
    }

    @Test
    void cpuOnlyCgroupIsCountedInTheCpuHierarchy() {
        CgroupStats s = fs.read("/batch");

        assertEquals("cpu,cpuacct", s.hierarchy());
        assertEquals(OptionalLong.of(1), s.procs());
        assertEquals(OptionalLong.of(2), s.threads());
        assertEquals(OptionalLong.of(182334000111L), s.cpu().usageNs());
        assertEquals(OptionalLong.of(18002 * TICK_NS), s.cpu().userNs());
        assertEquals(OptionalLong.of(231 * TICK_NS), s.cpu().systemNs());
        assertEquals(OptionalLong.of(36512), s.cpu().periods());
        assertEquals(OptionalLong.of(30877), s.cpu().throttledPeriods());
        assertEquals(OptionalLong.of(1543850000000L), s.cpu().throttledNs());
        assertEquals(0.5, s.cpu().max().orElseThrow().cpus().orElseThrow(), 1e-12);
        assertEquals(CgroupStats.Memory.NONE, s.memory());
        assertEquals(Optional.empty(), s.io());
        assertEquals(CgroupStats.Pids.NONE, s.pids());
        assertEquals(List.of(5001), fs.processes("/batch"));
    }

    @Test
    void cgroupMissingFromSomeHierarchiesHasOnlyTheirFigures() {
        // ssh.service: in pids and memory, not in cpu,cpuacct or blkio
        CgroupStats s = fs.read(SSH);

        assertEquals(CgroupStats.Cpu.NONE, s.cpu());
        assertEquals(Optional.empty(), s.io());
        assertEquals(OptionalLong.of(6291456L), s.memory().current());
        assertEquals(OptionalLong.of(1466368L), s.memory().anon());
        assertEquals(Optional.of(Limit.UNLIMITED), s.memory().max());
        assertEquals(OptionalLong.empty(), s.memory().swap());
        assertEquals(Optional.of(Limit.of(4915)), s.pids().max());

        // init.scope: pids only
        CgroupStats init = fs.read("/init.scope");
        assertEquals(CgroupStats.Memory.NONE, init.memory());
        assertEquals(OptionalLong.of(1), init.pids().current());
        assertEquals(Optional.of(Limit.UNLIMITED), init.pids().max());
    }

    @Test
    void recursiveIoFilesWinOverTheLocalOnes() {
        // system.slice has both; the non-recursive pair is 'Total 0'
        assertEquals(Optional.of(new IoStat(1421180928L + 52428800L, 5368709120L + 104857600L, 40321 + 1200, 201234 + 3400)),
                fs.read("/system.slice").io());
    }

    @Test
    void userSliceHasAMemoryLimitAndOneDevice() {
        CgroupStats s = fs.read("/user.slice");

        assertEquals(Optional.of(Limit.of(4294967296L)), s.memory().max());
        assertEquals(OptionalLong.of(150994944L), s.memory().anon());
        assertEquals(Optional.of(new IoStat(597688320L, 2461532160L, 20003, 88085)), s.io());
        assertEquals(OptionalLong.of(60480112000L), s.cpu().usageNs());
        assertEquals(OptionalLong.of(0), s.procs(), "membership is counted in pids, where it has no processes");
    }

    @Test
    void processesComeFromTheMembershipHierarchy() {
        // 5001 is in session-2.scope for pids and name=systemd, in /batch for cpu
        assertEquals(List.of(3001, 3015, 3120, 5001), fs.processes(SESSION));
        assertEquals(List.of(), fs.processes("/user.slice"));
        assertEquals(List.of(2, 3, 4), fs.processes("/"));
    }

    @Test
    void nothingToReport() {
        fs.read("/");
        fs.read("/batch");
        assertFalse(fs.problems().iterator().hasNext());
    }
}

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

/** {@link CgroupFs} on fixtures/cgroup-v2.txt; every expected figure is the fixture's. */
class CgroupFsV2Test {
    private static final String DOCKER = "/system.slice/docker-abc.scope";
    private static final String SSH = "/system.slice/ssh.service";
    private static final String SESSION = "/user.slice/user-1000.slice/session-3.scope";

    @TempDir
    Path tmp;
    CgroupFs fs;

    @BeforeEach
    void open() {
        fs = CgroupFixtures.open(CgroupFixtures.unpack(CgroupFixtures.V2, tmp));
    }

    @Test
    void treeIsDepthFirstParentsBeforeChildren() {
        assertEquals(List.of("/", "/init.scope", "/system.slice", DOCKER, SSH, "/user.slice",
                "/user.slice/user-1000.slice", SESSION), fs.tree("/", -1));
    }

    @Test
    void treeDepthAndStart() {
        assertEquals(List.of("/"), fs.tree("/", 0));
        assertEquals(List.of("/", "/init.scope", "/system.slice", "/user.slice"), fs.tree("/", 1));
        assertEquals(List.of("/user.slice", "/user.slice/user-1000.slice", SESSION), fs.tree("/user.slice", -1));
        assertEquals(List.of("/user.slice", "/user.slice/user-1000.slice"), fs.tree("/user.slice", 1));
        assertEquals(List.of(), fs.tree("/nosuch.slice", -1));
    }

    @Test
    void exists() {
        assertTrue(fs.exists("/"));
        assertTrue(fs.exists(SESSION));
        assertFalse(fs.exists("/system.slice/cron.service"));
    }

    @Test
    void processes() {
        assertEquals(List.of(2301, 2345, 2346), fs.processes(DOCKER));
        assertEquals(List.of(2, 3, 4, 5), fs.processes("/"));
        assertEquals(List.of(), fs.processes("/system.slice"));
        assertEquals(List.of(), fs.processes("/nosuch.slice"));
    }

    @Test
    void rootHasNoMemoryCurrentSoItIsAnonPlusFile() {
        CgroupStats s = fs.read("/");

        assertEquals("/", s.path());
        assertEquals("unified", s.hierarchy());
        assertEquals(OptionalLong.of(4), s.procs());
        assertEquals(OptionalLong.of(4), s.threads());
        assertTrue(s.inode().isPresent());
        assertEquals(OptionalLong.of(1329366331_000L), s.cpu().usageNs());
        assertEquals(OptionalLong.of(1033995929_000L), s.cpu().userNs());
        assertEquals(OptionalLong.of(295370402_000L), s.cpu().systemNs());
        assertEquals(OptionalLong.empty(), s.cpu().periods(), "no nr_periods at the root");
        assertEquals(Optional.empty(), s.cpu().max(), "no cpu.max at the root");
        assertEquals(OptionalLong.of(734003200L + 1288486912L), s.memory().current());
        assertEquals(OptionalLong.of(734003200L), s.memory().anon());
        assertEquals(OptionalLong.of(1288486912L), s.memory().file());
        assertEquals(OptionalLong.empty(), s.memory().swap());
        assertEquals(Optional.empty(), s.memory().max());
        assertEquals(Optional.empty(), s.memory().high());
        assertEquals(Optional.of(new IoStat(2157060096L + 52428800L, 7834329088L + 104857600L, 61524 + 1200, 289417 + 3400)),
                s.io());
        assertEquals(OptionalLong.empty(), s.pids().current());
        assertEquals(Optional.empty(), s.pids().max());
        assertEquals(new Pressure.Line(2.11, 10.38, 16.13, 320672323L), s.psi().cpu().orElseThrow().some());
        assertEquals(Optional.of(new Pressure.Line(0, 0, 0, 0)), s.psi().cpu().orElseThrow().full());
        assertEquals(41452310L, s.psi().io().orElseThrow().some().totalUsec());
        assertEquals(1203117L, s.psi().memory().orElseThrow().full().orElseThrow().totalUsec());
    }

    @Test
    void containerWithLimits() {
        CgroupStats s = fs.read(DOCKER);

        assertEquals(OptionalLong.of(3), s.procs());
        assertEquals(OptionalLong.of(6), s.threads());
        CgroupStats.Cpu cpu = s.cpu();
        assertEquals(OptionalLong.of(84211093_000L), cpu.usageNs());
        assertEquals(OptionalLong.of(60123456_000L), cpu.userNs());
        assertEquals(OptionalLong.of(24087637_000L), cpu.systemNs());
        assertEquals(OptionalLong.of(51234), cpu.periods());
        assertEquals(OptionalLong.of(1290), cpu.throttledPeriods());
        assertEquals(OptionalLong.of(9876543_000L), cpu.throttledNs());
        assertEquals(Optional.of(new CpuMax(Limit.of(150000), 100000)), cpu.max());
        assertEquals(1.5, cpu.max().orElseThrow().cpus().orElseThrow(), 1e-12);
        CgroupStats.Memory mem = s.memory();
        assertEquals(OptionalLong.of(415236096L), mem.current(), "memory.current, not anon+file");
        assertEquals(OptionalLong.of(301989888L), mem.anon());
        assertEquals(OptionalLong.of(98566144L), mem.file());
        assertEquals(OptionalLong.of(8388608L), mem.swap());
        assertEquals(Optional.of(Limit.of(1073741824L)), mem.max());
        assertEquals(Optional.of(Limit.UNLIMITED), mem.high());
        assertEquals(Optional.of(new IoStat(1048576000L + 52428800L, 4194304000L + 104857600L, 30500 + 1200, 150020 + 3400)),
                s.io());
        assertEquals(OptionalLong.of(6), s.pids().current());
        assertEquals(Optional.of(Limit.of(512)), s.pids().max());
        assertEquals(new Pressure(new Pressure.Line(18.52, 12.07, 6.33, 95614230L),
                Optional.of(new Pressure.Line(11.40, 7.81, 3.90, 60125514L))), s.psi().cpu().orElseThrow());
        assertEquals(new Pressure.Line(0.00, 0.15, 0.42, 3514772L), s.psi().memory().orElseThrow().some());
        assertEquals(new Pressure.Line(1.02, 0.66, 0.28, 9853120L), s.psi().io().orElseThrow().full().orElseThrow());
    }

    @Test
    void unlimitedService() {
        CgroupStats s = fs.read(SSH);

        assertEquals(Optional.of(new CpuMax(Limit.UNLIMITED, 100000)), s.cpu().max());
        assertEquals(OptionalLong.of(0), s.cpu().periods());
        assertEquals(OptionalLong.of(6291456L), s.memory().current());
        assertEquals(Optional.of(Limit.UNLIMITED), s.memory().max());
        assertEquals(OptionalLong.of(0), s.memory().swap());
        assertEquals(Optional.of(Limit.of(4915)), s.pids().max());
        // 8:16 is listed with no keys: it adds nothing
        assertEquals(Optional.of(new IoStat(4718592L, 0, 160, 0)), s.io());
    }

    @Test
    void innerNodeHasNoProcessesButCountsItsSubtreeInItsCounters() {
        CgroupStats s = fs.read("/system.slice");

        assertEquals(OptionalLong.of(0), s.procs());
        assertEquals(OptionalLong.of(0), s.threads());
        assertEquals(OptionalLong.of(87), s.pids().current());
        assertEquals(OptionalLong.of(151023344_000L), s.cpu().usageNs());
        assertEquals(OptionalLong.of(12582912L), s.memory().swap());
    }

    @Test
    void controllersNotEnabledGiveEmptyFigures() {
        // user.slice enables only memory and pids below it: no cpu.max, no throttling keys, no io.stat
        CgroupStats s = fs.read(SESSION);

        assertEquals(OptionalLong.of(58212876_000L), s.cpu().usageNs(), "cpu.stat usage is a core file");
        assertEquals(OptionalLong.empty(), s.cpu().periods());
        assertEquals(OptionalLong.empty(), s.cpu().throttledPeriods());
        assertEquals(OptionalLong.empty(), s.cpu().throttledNs());
        assertEquals(Optional.empty(), s.cpu().max());
        assertEquals(Optional.empty(), s.io());
        assertEquals(OptionalLong.of(253755392L), s.memory().current());
        assertEquals(OptionalLong.of(146800640L), s.memory().anon());
        assertEquals(OptionalLong.of(9), s.pids().current());
        assertEquals(Optional.of(Limit.UNLIMITED), s.pids().max());
        assertEquals(OptionalLong.of(3), s.procs());
        assertEquals(OptionalLong.of(9), s.threads());
        assertEquals(Optional.of(Limit.of(10813)), fs.read("/user.slice/user-1000.slice").pids().max());
    }

    @Test
    void psiSwitchedOffGivesEmptyPressure() {
        CgroupStats s = fs.read("/init.scope");

        assertEquals(CgroupStats.Psi.NONE, s.psi());
        assertEquals(OptionalLong.of(11534336L), s.memory().current());
        assertEquals(OptionalLong.of(1), s.procs());
        assertEquals(List.of(), fs.problems(), "absent files are not problems");
    }

    @Test
    void cgroupThatDoesNotExistHasOnlyEmptyFigures() {
        CgroupStats s = fs.read("/system.slice/gone.service");

        assertEquals("", s.hierarchy());
        assertEquals(OptionalLong.empty(), s.procs());
        assertEquals(OptionalLong.empty(), s.threads());
        assertEquals(OptionalLong.empty(), s.inode());
        assertEquals(CgroupStats.Cpu.NONE, s.cpu());
        assertEquals(CgroupStats.Memory.NONE, s.memory());
        assertEquals(Optional.empty(), s.io());
        assertEquals(CgroupStats.Pids.NONE, s.pids());
        assertEquals(CgroupStats.Psi.NONE, s.psi());
        assertEquals(List.of(), fs.problems());
    }

    @Test
    void inodesDifferBetweenCgroups() {
        assertFalse(fs.read(DOCKER).inode().equals(fs.read(SSH).inode()));
        assertEquals(fs.read(DOCKER).inode(), fs.read(DOCKER).inode());
    }
}

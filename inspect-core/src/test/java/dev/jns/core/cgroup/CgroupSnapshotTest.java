package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CgroupSnapshotTest {
    @TempDir
    Path tmp;

    private CgroupSnapshot take(String fixture) {
        return CgroupSnapshot.take(CgroupFixtures.open(CgroupFixtures.unpack(fixture, tmp)), "/", -1);
    }

    @Test
    void takeReadsTheTreeInOrder() {
        CgroupFs fs = CgroupFixtures.open(CgroupFixtures.unpack(CgroupFixtures.V1, tmp));
        CgroupSnapshot s = CgroupSnapshot.take(fs, "/", -1);

        assertEquals(fs.tree("/", -1), s.paths());
        assertEquals(readAt(fs.read("/batch"), 0), readAt(s.get("/batch").orElseThrow(), 0));
        assertEquals(Optional.empty(), s.get("/nosuch"));
        assertThrows(UnsupportedOperationException.class, () -> s.cgroups().remove("/"));
    }

    @Test
    void takeOfASubtreeWithADepth() {
        CgroupFs fs = CgroupFixtures.open(CgroupFixtures.unpack(CgroupFixtures.V2, tmp));
        CgroupSnapshot s = CgroupSnapshot.take(fs, "/user.slice", 1);

        assertEquals(List.of("/user.slice", "/user.slice/user-1000.slice"), s.paths());
        // the session is below the depth: not summed
        assertEquals(OptionalLong.of(0), s.processes("/user.slice", true));
    }

    /**
     * Recursive sums count each cgroup of the subtree whose membership hierarchy is the start's:
     * on v1 and hybrid, /batch is counted in the cpu hierarchy (its processes are also in a pids
     * cgroup: session-2.scope) and must not be added to the root's.
     */
    @ParameterizedTest(name = "{0} {1}: processes {2}, recursive {3}, tasks {4}")
    @CsvSource({
        // fixture, path, own processes, recursive processes, tasks
        "v2, /, 4, 12, 21",
        "v2, /system.slice, 0, 4, 87",
        "v2, /system.slice/docker-abc.scope, 3, 3, 6",
        "v2, /user.slice, 0, 3, 14",
        "v2, /user.slice/user-1000.slice/session-3.scope, 3, 3, 9",
        "v1, /, 3, 12, 18",
        "v1, /system.slice, 0, 4, 64",
        "v1, /user.slice, 0, 4, 10",
        "v1, /batch, 1, 1, 2",
        "hybrid, /, 3, 9, 15",
        "hybrid, /system.slice, 0, 2, 41",
        "hybrid, /batch, 1, 1, 3",
        "hybrid, /user.slice/user-1000.slice/session-2.scope, 3, 3, 7",
    })
    void processesAndTasks(String fixture, String path, long own, long recursive, long tasks) {
        CgroupSnapshot s = take(fixture);

        assertEquals(OptionalLong.of(own), s.processes(path, false));
        assertEquals(OptionalLong.of(recursive), s.processes(path, true));
        assertEquals(OptionalLong.of(tasks), s.tasks(path));
    }

    @Test
    void unknownCgroupHasNoCounts() {
        CgroupSnapshot s = take(CgroupFixtures.V2);

        assertEquals(OptionalLong.empty(), s.processes("/nosuch", true));
        assertEquals(OptionalLong.empty(), s.tasks("/nosuch"));
    }

    private static CgroupStats counts(String path, String hierarchy, long procs, long threads) {
        return new CgroupStats(path, OptionalLong.empty(), hierarchy, OptionalLong.of(procs), OptionalLong.of(threads),
                CgroupStats.Cpu.NONE, CgroupStats.Memory.NONE, Optional.empty(), CgroupStats.Pids.NONE,
                CgroupStats.Psi.NONE);
    }

    @Test
    void recursionFollowsPathSegmentsNotStringPrefixes() {
        Map<String, CgroupStats> m = new LinkedHashMap<>();
        for (CgroupStats c : List.of(counts("/", "unified", 1, 1), counts("/a", "unified", 2, 20),
                counts("/a/b", "unified", 3, 30), counts("/a-b", "unified", 100, 1000),
                counts("/ab", "unified", 200, 2000))) {
            m.put(c.path(), c);
        }
        CgroupSnapshot s = new CgroupSnapshot(0, m);

        assertEquals(OptionalLong.of(5), s.processes("/a", true));
        assertEquals(OptionalLong.of(50), s.tasks("/a"), "no pids.current: threads summed over the subtree");
        assertEquals(OptionalLong.of(306), s.processes("/", true));
    }

    @Test
    void cgroupWithUnknownCountsIsSkippedInSums() {
        Map<String, CgroupStats> m = new LinkedHashMap<>();
        m.put("/", counts("/", "pids", 1, 1));
        m.put("/x", new CgroupStats("/x", OptionalLong.empty(), "pids", OptionalLong.empty(), OptionalLong.empty(),
                CgroupStats.Cpu.NONE, CgroupStats.Memory.NONE, Optional.empty(), CgroupStats.Pids.NONE,
                CgroupStats.Psi.NONE));
        m.put("/y", counts("/y", "pids", 2, 3));
        CgroupSnapshot s = new CgroupSnapshot(0, m);

        assertEquals(OptionalLong.of(3), s.processes("/", true));
        assertEquals(OptionalLong.empty(), s.processes("/x", true));
        assertEquals(OptionalLong.empty(), s.tasks("/x"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"v2", "v1", "hybrid"})
    void onePassCountsEqualThePerCgroupOnes(String layout) {
        CgroupSnapshot s = CgroupSnapshot.take(CgroupFixtures.open(CgroupFixtures.unpack(layout, tmp)), "/", -1);
        java.util.Map<String, OptionalLong> tasks = s.tasksOfAll();
        java.util.Map<String, OptionalLong> procs = s.processesOfAll(true);
        java.util.Map<String, OptionalLong> own = s.processesOfAll(false);
        for (String p : s.paths()) {
            assertEquals(s.tasks(p), tasks.get(p), "tasks of " + p);
            assertEquals(s.processes(p, true), procs.get(p), "processes of " + p);
            assertEquals(s.processes(p, false), own.get(p), "own processes of " + p);
        }
        assertTrue(s.paths().size() > 5, "the fixture has a tree");
    }

    /** The same figures with another read time. */
    static CgroupStats readAt(CgroupStats s, long nanos) {
        return new CgroupStats(s.path(), s.inode(), s.hierarchy(), s.procs(), s.threads(), s.cpu(), s.memory(), s.io(),
                s.pids(), s.psi(), nanos);
    }
}

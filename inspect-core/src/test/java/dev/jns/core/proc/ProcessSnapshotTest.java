package dev.jns.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.NamespaceId;
import dev.jns.core.NamespaceType;
import dev.jns.core.testing.ProcFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSnapshotTest {
    @TempDir
    Path tmp;

    private static ProcessSnapshot.Sample sample(int pid, long startTicks, long utime, long stime) {
        return new ProcessSnapshot.Sample(new ProcStat(pid, "x", 'R', 1, 1, startTicks, utime, stime, 10), 0, "root",
                List.of("x"), "/", Map.of(NamespaceType.NET, new NamespaceId(NamespaceType.NET, 7)), List.of("/"));
    }

    @Test
    void cpuPercentIsTicksOverWallTime() {
        ProcessSnapshot prev = new ProcessSnapshot(1_000_000_000L, Map.of(9, sample(9, 500, 100, 20)));
        ProcessSnapshot cur = new ProcessSnapshot(3_000_000_000L, Map.of(9, sample(9, 500, 180, 40)));
        assertEquals(OptionalDouble.of(50.0), cur.cpuPercent(prev, 9), "100 ticks of 10 ms in 2 s");
        assertEquals(OptionalDouble.empty(), cur.cpuPercent(prev, 8), "not in the snapshot");
        ProcessSnapshot reused = new ProcessSnapshot(3_000_000_000L, Map.of(9, sample(9, 900, 180, 40)));
        assertEquals(OptionalDouble.empty(), reused.cpuPercent(prev, 9), "a new process with the same pid");
        assertEquals(OptionalDouble.empty(), cur.cpuPercent(null, 9));
    }

    @Test
    void readsAFixtureProcess() {
        Path root = ProcFixture.unpack("fixtures/container-host.txt", tmp);
        ProcFs proc = new ProcFs(root.resolve("proc"));
        ProcessSnapshot snap = ProcessSnapshot.take(proc, Passwd.forProcRoot(proc.root()));
        ProcessSnapshot.Sample s = snap.processes().get(435);
        assertEquals("sleep 901", s.command());
        assertEquals("alice", s.user());
        assertEquals(8, s.namespaces().size());
        assertEquals("", s.cgroup(), "the fixture has no cgroup file");
        assertEquals("[kthreadd]", snap.processes().get(2).command(), "a kernel thread");
        NamespaceId userNs = s.namespaces().get(NamespaceType.USER);
        assertEquals(3, snap.sharing(userNs), "unshare -U (426), the bash it runs (430) and sleep 901 (435); sleep 902 has its own");
        assertFalse(ProcessSnapshot.read(proc, Passwd.forProcRoot(proc.root()), 99999).isPresent());
    }

    @Test
    void onAHybridHostEveryHierarchysPathCounts() throws Exception {
        Path pid = java.nio.file.Files.createDirectories(tmp.resolve("proc/42"));
        java.nio.file.Files.writeString(pid.resolve("stat"),
                "42 (sleep) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 500 0 100 0\n");
        java.nio.file.Files.writeString(pid.resolve("cgroup"),
                "12:memory:/box/a\n11:pids:/\n1:name=systemd:/\n0::/\n");
        ProcFs proc = new ProcFs(tmp.resolve("proc"));
        ProcessSnapshot.Sample s = ProcessSnapshot.read(proc, Passwd.parse(""), 42).orElseThrow();
        assertEquals("/", s.cgroup(), "cgroup2's path first");
        assertEquals(List.of("/", "/box/a"), s.cgroups());
        assertEquals(List.of(), s.cmdline(), "no cmdline file: none");
    }

    @Test
    void readsThisProcessLive() {
        ProcFs proc = new ProcFs(Path.of("/proc"));
        int self = (int) ProcessHandle.current().pid();
        ProcessSnapshot.Sample me = ProcessSnapshot.read(proc, Passwd.forProcRoot(proc.root()), self).orElseThrow();
        assertEquals(self, me.stat().pid());
        assertTrue(me.stat().rssPages() > 0);
        assertTrue(me.command().contains("java"), me.command());
    }
}

package dev.jns.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.testing.ProcFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupUsageTest {
    @TempDir
    Path tmp;

    private record Out(int rc, List<String> lines) {}

    private static Out run(String target, Path procRoot, Path sysRoot) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = CgroupUsage.run(target, procRoot, sysRoot, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return new Out(rc, buf.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void aContainersUsageAndLimitsOnPureCgroupV2() {
        Path root = ProcFixture.unpack("fixtures/cgroup-v2.txt", tmp);
        Out o = run("/system.slice/docker-abc.scope", root.resolve("proc"), root);
        assertEquals(0, o.rc(), o.toString());
        assertEquals("cgroup /system.slice/docker-abc.scope (v2 host)", o.lines().get(0));
        assertTrue(o.lines().get(1).startsWith("memory  ") && o.lines().get(1).contains(", limit 1.0G ("), o.toString());
        assertTrue(o.lines().get(2).contains("limit 1.50 CPU (150000 of every 100000 µs)"), o.toString());
        assertTrue(o.lines().get(2).matches(".*throttled in [1-9][0-9]* of [1-9][0-9]* periods"), o.toString());
        assertTrue(o.lines().get(3).matches("pids    [0-9]+ in use, limit 512 \\([0-9]+% used\\)"), o.toString());
    }

    @Test
    void onHybridEachFigureComesFromItsOwnHierarchy() {
        Path root = ProcFixture.unpack("fixtures/cgroup-hybrid.txt", tmp);
        Out o = run("/system.slice/docker-abc.scope", root.resolve("proc"), root);
        assertEquals(0, o.rc(), o.toString());
        assertEquals("cgroup /system.slice/docker-abc.scope (hybrid host)", o.lines().get(0));
        assertTrue(o.lines().get(2).contains("limit "), "the v1 cpu hierarchy's quota: " + o);
        assertTrue(o.lines().get(3).contains("limit "), "the v1 pids hierarchy: " + o);
    }

    @Test
    void badTargets() {
        Path root = ProcFixture.unpack("fixtures/cgroup-v2.txt", tmp);
        Out none = run("/nosuch", root.resolve("proc"), root);
        assertEquals(1, none.rc());
        assertTrue(none.lines().get(0).contains("no such cgroup: /nosuch"), none.toString());
        assertEquals(2, run("nosuch", root.resolve("proc"), root).rc());
    }

    /** As root: the limits jns unshare sets, read back for its command's pid. */
    @Test
    @Tag("live")
    void limitsOfACommandRunByJnsUnshare() throws Exception {
        dev.jns.samples.experiments.Live.assumeRootAndJns();
        Process jns = new ProcessBuilder(dev.jns.samples.experiments.Live.jns().toString(), "unshare",
                "--memory", "64M", "--cpus", "0.5", "--pids", "30", "--", "sleep", "60")
                .redirectErrorStream(true).start();
        try {
            long pid = dev.jns.samples.experiments.Live.awaitChild(jns, "sleep");
            Out o = run(Long.toString(pid), Path.of("/proc"), Path.of("/"));
            assertEquals(0, o.rc(), o.toString());
            assertTrue(o.lines().get(0).equals("process " + pid + ", in:"), o.toString());
            assertTrue(o.lines().stream().anyMatch(l -> l.matches("  .*memory.* /.*jns-experiment-" + jns.pid())), o.toString());
            String all = String.join("\n", o.lines());
            assertTrue(all.contains(", limit 64.0M ("), o.toString());
            assertTrue(all.contains("limit 0.50 CPU (50000 of every 100000 µs)"), o.toString());
            assertTrue(all.contains("pids    1 in use, limit 30 (3% used)"), o.toString());
        } finally {
            dev.jns.samples.experiments.Live.stop(jns);
        }
        assertTrue(dev.jns.samples.experiments.Experiment.experimentCgroups().stream()
                .noneMatch(p -> p.getFileName().toString().equals("jns-experiment-" + jns.pid())), "cgroup removed");
        assertTrue(Files.notExists(Path.of("/proc/" + jns.pid())));
    }
}

package dev.jns.samples.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Experiments 10-13: a memory limit, a pids limit, a CPU quota, and the cgroup layout. */
@Tag("live")
class CgroupExperimentsTest {
    @BeforeAll
    static void root() {
        Experiment.assumeRunnable();
    }

    private static long vmstat(String key) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/vmstat"))) {
            String[] f = l.split(" ");
            if (f[0].equals(key)) {
                return Long.parseLong(f[1]);
            }
        }
        throw new AssertionError("no " + key + " in /proc/vmstat");
    }

    @Test
    void memoryLimitEndsInAnOomKill() throws IOException {
        long before = vmstat("oom_kill");
        Experiment.Result r = Experiment.run("10-memory-limit-oom");
        assertEquals("137", r.get("tail_status").split(" ")[0], "tail was killed by SIGKILL\n" + r);
        assertTrue(r.number("cgroup_oom_kill") >= 1, "the cgroup's own OOM kill counter\n" + r);
        assertTrue(vmstat("oom_kill") > before, "the host's /proc/vmstat oom_kill rose\n" + r);
        assertTrue(r.output().contains("jns unshare: killed by the OOM killer: memory limit 32M reached"), r.toString());
    }

    @Test
    void pidsLimitContainsAForkBomb() {
        Experiment.assumeCommand("python3");
        Experiment.Result r = Experiment.run("11-pids-limit-fork-bomb");
        assertEquals("20", r.get("pids_max"), r.toString());
        assertEquals(20, r.number("pids_current"), "the bomb fills the cgroup, and no more\n" + r);
        assertTrue(r.number("forks_refused") > 0, "pids.events max: forks refused\n" + r);
    }

    @Test
    void cpuQuotaThrottlesABusyLoopAndCgtopShowsIt() {
        Experiment.Result r = Experiment.run("12-cpu-quota-throttling");
        assertTrue(r.decimal("throttled_percent") > 0, "cgtop's thr%\n" + r);
        assertTrue(r.number("nr_throttled") > 0, "the kernel's cpu.stat nr_throttled\n" + r);
        double cpu = r.decimal("cpu_percent");
        // 0.2 CPU: about 20%; an unlimited busy loop would take a whole CPU (100%).
        assertTrue(cpu > 5 && cpu < 60, "the quota holds: " + cpu + "%\n" + r);
        assertTrue(Experiment.block(r, "./jns cgtop").get(0).contains(" 0.20 "), "cpulimit column\n" + r);
    }

    @Test
    void layoutNamedByJnsIsTheOneMounted() throws IOException {
        Experiment.Result r = Experiment.run("13-cgroup-layout");
        boolean v1 = false;
        boolean v2 = false;
        for (String l : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String after = l.substring(l.indexOf(" - ") + 3);
            v1 |= after.startsWith("cgroup ");
            v2 |= after.startsWith("cgroup2 ");
        }
        String expected = v1 && v2 ? "hybrid" : v2 ? "v2" : "v1";
        assertEquals(expected, r.get("layout_findmnt"), r.toString());
        assertEquals(expected, r.get("layout_jns"), r.toString());
    }
}

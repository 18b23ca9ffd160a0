package dev.jns.samples.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Experiments 02-09, one namespace type each: what the script promises it shows, checked from its
 * output and, where the host can tell, from the host; and that the new namespace was listed by
 * {@code jns ls} (a row with the new inode and one process).
 */
@Tag("live")
class NamespaceExperimentsTest {
    @BeforeAll
    static void root() {
        Experiment.assumeRunnable();
    }

    /** The jns ls block has the header, the host's row and the new namespace's row of {@code type}. */
    private static void listedByJnsLs(Experiment.Result r, String type) {
        List<String> rows = Experiment.block(r, "./jns ls -t " + type);
        assertEquals(3, rows.size(), "header, host row, new row:\n" + r);
        assertTrue(rows.get(0).contains("NS TYPE"), r.toString());
        assertTrue(rows.stream().skip(1).allMatch(l -> l.split("\\s+")[1].equals(type)), r.toString());
    }

    private static String hostname() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    }

    @Test
    void pid() {
        Experiment.Result r = Experiment.run("02-pid-namespace");
        assertEquals("1", r.get("pid_inside"), r.toString());
        long inside = r.number("processes_inside");
        assertTrue(inside >= 1 && inside <= 5, "a handful of processes: " + inside + "\n" + r);
        assertTrue(r.number("processes_host") > inside, r.toString());
        listedByJnsLs(r, "pid");
        assertTrue(Experiment.block(r, "./jns enter -t").stream().anyMatch(l -> l.trim().equals("1 sleep")), r.toString());
    }

    @Test
    void mount() {
        Experiment.Result r = Experiment.run("03-mount-namespace");
        assertTrue(r.get("mounted_inside").startsWith("jns-exp03-"), r.toString());
        assertEquals("no", r.get("mounted_on_host"), r.toString());
        assertEquals("0", r.get("files_on_host"), r.toString());
        listedByJnsLs(r, "mnt");
    }

    @Test
    void uts() throws IOException {
        String before = hostname();
        Experiment.Result r = Experiment.run("04-uts-namespace");
        assertEquals(before, r.get("hostname_host"), r.toString());
        assertTrue(r.get("hostname_inside").startsWith("lab-"), r.toString());
        assertNotEquals(before, r.get("hostname_inside"));
        assertEquals(before, hostname(), "renaming inside did not rename the host");
        listedByJnsLs(r, "uts");
    }

    @Test
    void ipc() {
        Experiment.assumeCommand("ipcmk");
        Experiment.Result r = Experiment.run("05-ipc-namespace");
        assertEquals("0", r.get("ipc_objects_inside"), r.toString());
        assertEquals("yes", r.get("host_queue_visible"), "the host's queue existed meanwhile\n" + r);
        listedByJnsLs(r, "ipc");
    }

    @Test
    void net() {
        Experiment.assumeCommand("ip");
        Experiment.Result r = Experiment.run("06-network-namespace");
        assertEquals("lo", r.get("interfaces_inside"), "only lo\n" + r);
        listedByJnsLs(r, "net");
    }

    @Test
    void user() {
        Experiment.Result r = Experiment.run("07-user-namespace");
        assertEquals("0", r.get("uid_inside"), r.toString());
        assertEquals("100000", r.get("uid_outside"), "root inside is uid 100000 on the host\n" + r);
        assertEquals("0 100000 65536", Experiment.lineAfter(r, "cat /proc/").trim().replaceAll("\\s+", " "), r.toString());
        assertTrue(r.output().contains("/etc/shadow: not readable"), r.toString());
        listedByJnsLs(r, "user");
    }

    @Test
    void cgroup() {
        Experiment.Result r = Experiment.run("08-cgroup-namespace");
        assertTrue(r.get("pids_cgroup_host").matches(".*/jns-experiment-[0-9]+"), r.toString());
        assertEquals("/", r.get("pids_cgroup_inside"), "the root cgroup view\n" + r);
        listedByJnsLs(r, "cgroup");
    }

    @Test
    void time() {
        assumeTrue(Files.exists(Path.of("/proc/self/ns/time")), "the kernel has no time namespaces (Linux 5.6+)");
        Experiment.Result r = Experiment.run("09-time-namespace");
        long offset = r.number("uptime_offset_s");
        assertTrue(Math.abs(offset - 86400) <= 2, "uptime one day ahead: " + offset + "\n" + r);
        assertTrue(r.output().contains("boottime        86400"), r.toString());
        listedByJnsLs(r, "time");
    }
}

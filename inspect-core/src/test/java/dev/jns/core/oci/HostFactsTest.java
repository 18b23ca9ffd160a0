package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.cgroup.CgroupMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel facts of the host layer, read through the core's ProcFs, MountInfo and CgroupMode:
 * a fixture proc root that is missing, malformed or holds FIFOs gives "unknown" (the checks that
 * need the fact are skipped), never a hang or an exception; the live /proc gives the kernel's own.
 */
class HostFactsTest {
    @TempDir
    Path tmp;
    private final ExecutorService pool = OciHostileSupport.pool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Path proc(String mountinfo) throws IOException {
        Path proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.createDirectories(proc.resolve("sys/user"));
        Files.writeString(proc.resolve("self/mountinfo"), mountinfo);
        Files.writeString(proc.resolve("sys/kernel/cap_last_cap"), "38\n");
        Files.writeString(proc.resolve("sys/user/max_user_namespaces"), "0\n");
        Files.writeString(proc.resolve("filesystems"), "nodev\tsysfs\n\text4\n");
        return proc;
    }

    @Test
    void aFixtureIsReadAsTheCoreReadsIt() throws IOException {
        HostFacts f = new HostFacts(proc("31 23 0:28 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"));
        assertEquals(CgroupMode.V2, f.cgroupMode());
        assertEquals(38, f.capLastCap());
        assertEquals("0", f.text("sys/user/max_user_namespaces"));
        assertEquals(List.of("sysfs", "ext4"), f.filesystems());
    }

    @Test
    void aMalformedMountTableIsNotJudged() throws IOException {
        // the core's MountInfo refuses the table: no cgroup rule fires on a guess
        HostFacts f = new HostFacts(proc("garbage\n31 23 0:28 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"));
        assertNull(f.cgroupMode());
        assertEquals(38, f.capLastCap(), "the other facts are still read");
    }

    @Test
    void noProcRootMeansNothingKnown() {
        HostFacts f = new HostFacts(tmp.resolve("no-such-proc"));
        assertNull(f.cgroupMode());
        assertEquals(-1, f.capLastCap());
        assertNull(f.text("sys/user/max_user_namespaces"));
        assertNull(f.filesystems());
        assertNull(f.namespaceFiles());
    }

    @Test
    void fifosInAFixtureAreNotOpened() throws Exception {
        Path proc = proc("");
        Path[] fifos = {proc.resolve("self/mountinfo"), proc.resolve("sys/kernel/cap_last_cap"),
            proc.resolve("sys/user/max_user_namespaces"), proc.resolve("filesystems")};
        for (Path p : fifos) {
            Files.delete(p);
            OciHostileSupport.mkfifo(p);
        }
        HostFacts f = new HostFacts(proc);
        assertNull(OciHostileSupport.within5s(pool, f::cgroupMode, fifos));
        assertEquals(-1, OciHostileSupport.within5s(pool, f::capLastCap, fifos));
        assertNull(OciHostileSupport.within5s(pool, () -> f.text("sys/user/max_user_namespaces"), fifos));
        assertNull(OciHostileSupport.within5s(pool, f::filesystems, fifos));
    }

    @Test
    void theLiveProcGivesTheKernelsFacts() throws IOException {
        Path last = Path.of("/proc/sys/kernel/cap_last_cap");
        Assumptions.assumeTrue(Files.isReadable(last), "no " + last);
        HostFacts f = new HostFacts(Path.of("/proc"));
        // not Files.readString: it reads a file of size 0 one byte first, and an int sysctl read at offset 1 is empty
        assertEquals(Integer.parseInt(dev.jns.core.internal.PseudoFiles.text(last, false).trim()), f.capLastCap());
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        boolean v1 = mounts.contains(" - cgroup ");
        boolean v2 = mounts.contains(" - cgroup2 ");
        Assumptions.assumeTrue(v1 || v2, "no cgroup file system mounted");
        assertEquals(v1 && v2 ? CgroupMode.HYBRID : v2 ? CgroupMode.V2 : CgroupMode.V1, f.cgroupMode());
        assertTrue(f.filesystems().contains("proc"), String.valueOf(f.filesystems()));
    }
}

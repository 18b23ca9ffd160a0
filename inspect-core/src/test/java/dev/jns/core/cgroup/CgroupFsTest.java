package dev.jns.core.cgroup;

import static dev.jns.core.testing.ParseErrors.assertParseError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link CgroupFs} on all layouts: malformed and unreadable files, tree order. */
class CgroupFsTest {
    private static final String V2_DOCKER = "sys/fs/cgroup/system.slice/docker-abc.scope/";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "[{index}] {0}: {2} line {4}")
    @CsvSource(delimiter = '|', value = {
        // fixture | cgroup | file | content | line
        "v2|/system.slice/docker-abc.scope|" + V2_DOCKER + "cpu.stat|usage_usec 84211093\\nuser_usec 6O123456\\n|2",
        "v2|/system.slice/docker-abc.scope|" + V2_DOCKER + "cpu.max|150000\\n|1",
        "v2|/system.slice/docker-abc.scope|" + V2_DOCKER + "memory.current|400M\\n|1",
        "v2|/system.slice/docker-abc.scope|" + V2_DOCKER + "memory.max|1G\\n|1",
        "v2|/system.slice/docker-abc.scope|" + V2_DOCKER + "memory.high|-\\n|1",
        "v2|/system.slice/docker-abc.scope|" + V2_DOCKER + "memory.swap.current|\\n|1",
        "v2|/system.slice/docker-abc.scope|" + V2_DOCKER + "memory.stat|anon 1\\nfile 2\\nkernel\\n|3",
        "v2|/system.slice/docker-abc.scope|" + V2_DOCKER + "io.stat|8:0 rbytes=1 wbytes=2\\n8:16 rbytes=x\\n|2",
        "v2|/system.slice/docker-abc.scope|" + V2_DOCKER + "pids.current|six\\n|1",
        "v2|/system.slice/docker-abc.scope|" + V2_DOCKER + "pids.max|unlimited\\n|1",
        "v2|/system.slice/docker-abc.scope|" + V2_DOCKER
                + "io.pressure|some avg10=0.00 avg60=0.00 avg300=0.00 total=0\\nfull avg10=0.00|2",
        "v2|/|sys/fs/cgroup/memory.stat|anon 1\\nfile x\\n|2",
        "v1|/batch|sys/fs/cgroup/cpu,cpuacct/batch/cpuacct.usage|12 34\\n|1",
        "v1|/batch|sys/fs/cgroup/cpu,cpuacct/batch/cpuacct.stat|user 1\\nsystem\\n|2",
        "v1|/batch|sys/fs/cgroup/cpu,cpuacct/batch/cpu.stat|nr_periods 1\\nnr_throttled 1\\nthrottled_time 1.5\\n|3",
        "v1|/batch|sys/fs/cgroup/cpu,cpuacct/batch/cpu.cfs_quota_us|none\\n|1",
        "v1|/batch|sys/fs/cgroup/cpu,cpuacct/batch/cpu.cfs_period_us|\\n|1",
        "v1|/system.slice/docker-abc.scope|sys/fs/cgroup/memory/system.slice/docker-abc.scope/memory.limit_in_bytes|1G\\n|1",
        "v1|/system.slice/docker-abc.scope|sys/fs/cgroup/memory/system.slice/docker-abc.scope/memory.memsw.usage_in_bytes|x\\n|1",
        "v1|/system.slice/docker-abc.scope|sys/fs/cgroup/memory/system.slice/docker-abc.scope/memory.stat|cache 1\\nrss=2\\n|2",
        "v1|/system.slice|sys/fs/cgroup/blkio/system.slice/blkio.throttle.io_service_bytes_recursive|8:0 Read 1\\n8:0 Write\\nTotal 1\\n|2",
        "v1|/system.slice|sys/fs/cgroup/blkio/system.slice/blkio.throttle.io_serviced_recursive|8:0 Read 1\\nTotal one\\n|2",
        "hybrid|/init.scope|sys/fs/cgroup/unified/init.scope/cpu.stat|usage_usec 1\\nuser_usec\\n|2",
        "hybrid|/system.slice/docker-abc.scope|sys/fs/cgroup/unified/system.slice/docker-abc.scope/cpu.pressure|some total=1\\n|1",
        "hybrid|/system.slice/docker-abc.scope|sys/fs/cgroup/pids/system.slice/docker-abc.scope/pids.max|-\\n|1",
    })
    void malformedFileIsAnErrorNamingFileAndLine(String fixture, String cgroup, String file, String content, int line) {
        Path root = CgroupFixtures.unpack(fixture, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        CgroupFixtures.write(root, file, content.replace("\\n", "\n"));

        assertParseError(root.resolve(file), line, () -> fs.read(cgroup));
    }

    @Test
    void malformedCgroupProcsIsAnErrorNamingFileAndLine() {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V2, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        CgroupFixtures.write(root, V2_DOCKER + "cgroup.procs", "2301\n23x5\n2346\n");

        assertParseError(root.resolve(V2_DOCKER + "cgroup.procs"), 2, () -> fs.processes("/system.slice/docker-abc.scope"));
    }

    @Test
    void unreadableFileIsAProblemAndAnEmptyFigure() throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V2, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        // a read that fails with an IOException other than "no such file" (EISDIR here; EACCES,
        // EOPNOTSUPP for PSI turned off at boot, or ENODEV on a live host)
        Path current = root.resolve(V2_DOCKER + "memory.current");
        Files.delete(current);
        Files.createDirectory(current);

        CgroupStats s = fs.read("/system.slice/docker-abc.scope");

        assertEquals(OptionalLong.empty(), s.memory().current());
        assertEquals(OptionalLong.of(301989888L), s.memory().anon(), "the other figures are still read");
        List<String> problems = fs.problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(current + ": "), problems.get(0));
        assertEquals(List.of(), fs.problems(), "problems() clears the list");
    }

    @Test
    void comparePathsPutsEveryCgroupRightBeforeItsDescendants() {
        List<String> paths = new ArrayList<>(List.of("/ab", "/a-c", "/a/b/c", "/a.d", "/", "/a/b", "/a", "/a/b-x"));
        paths.sort(CgroupFs::comparePaths);

        // plain string order would put "/a-c" and "/a.d" ('-' and '.' sort before '/') between "/a" and "/a/b"
        assertEquals(List.of("/", "/a", "/a/b", "/a/b/c", "/a/b-x", "/a-c", "/a.d", "/ab"), paths);
    }

    @Test
    void treeKeepsSubtreesTogetherWhenSiblingNamesExtendEachOther() throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V2, tmp);
        Path sys = root.resolve("sys/fs/cgroup/system.slice");
        Files.createDirectories(sys.resolve("docker-abc.scope/app"));
        Files.createDirectories(sys.resolve("docker-abc.scope-init"));

        assertEquals(List.of("/system.slice", "/system.slice/docker-abc.scope", "/system.slice/docker-abc.scope/app",
                "/system.slice/docker-abc.scope-init", "/system.slice/ssh.service"),
                CgroupFixtures.open(root).tree("/system.slice", -1));
    }

    @Test
    void cgroupsNamedLikeControlFilesAreStillCgroups() throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V2, tmp);
        Path sys = root.resolve("sys/fs/cgroup/system.slice");
        Files.createDirectories(sys.resolve("cpu.slice"));
        Files.createDirectories(sys.resolve("io"));
        CgroupFs fs = CgroupFixtures.open(root);

        List<String> first = fs.tree("/system.slice", -1);
        assertTrue(first.contains("/system.slice/cpu.slice"), first.toString());
        assertTrue(first.contains("/system.slice/io"), first.toString());
        assertFalse(first.contains("/system.slice/cgroup.procs"), "control files are not cgroups");
        assertEquals(first, fs.tree("/system.slice", -1), "the second walk, with file names cached, agrees");
    }

    @Test
    void aWalkThatReusesChildListsStillSeesCgroupsComeAndGo() throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V2, tmp);
        Path sys = root.resolve("sys/fs/cgroup/system.slice");
        CgroupFs fs = CgroupFixtures.open(root);
        List<String> before = fs.tree("/", -1);

        Files.createDirectories(sys.resolve("new.service"));
        List<String> added = fs.tree("/", -1);
        assertTrue(added.contains("/system.slice/new.service"), "a new cgroup changes its parent's link count");

        // one removed and one made: the parent's link count is the same as before
        Files.delete(sys.resolve("new.service"));
        Files.createDirectories(sys.resolve("other.service"));
        List<String> swapped = fs.tree("/", -1);
        assertFalse(swapped.contains("/system.slice/new.service"), swapped.toString());
        assertTrue(swapped.contains("/system.slice/other.service"), swapped.toString());
        assertEquals(before.size() + 1, swapped.size());
    }
}

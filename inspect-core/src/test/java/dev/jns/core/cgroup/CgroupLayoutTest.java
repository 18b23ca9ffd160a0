package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.NotFoundException;
import dev.jns.core.proc.MountInfo;
import dev.jns.core.proc.ProcCgroup;
import dev.jns.core.proc.ProcFs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupLayoutTest {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    @TempDir
    Path tmp;

    private CgroupLayout detect(String fixture) {
        Path root = CgroupFixtures.unpack(fixture, tmp);
        ProcFs proc = new ProcFs(root.resolve("proc"));
        return CgroupLayout.detect(proc.mountinfo(proc.selfPid().orElseThrow()), root);
    }

    /** label -> controllers, sorted by label. */
    private static Map<String, Set<String>> controllers(CgroupLayout l) {
        Map<String, Set<String>> m = new TreeMap<>();
        for (Hierarchy h : l.hierarchies()) {
            m.put(h.label(), h.controllers());
        }
        return m;
    }

    @Test
    void v2() {
        CgroupLayout l = detect(CgroupFixtures.V2);

        assertEquals(CgroupMode.V2, l.mode());
        assertEquals(1, l.hierarchies().size(), "the bind mount at /mnt/cgroup2 is the same hierarchy: " + l);
        Hierarchy h = l.hierarchies().get(0);
        assertTrue(h.unified());
        assertEquals(tmp.resolve("sys/fs/cgroup"), h.dir());
        assertEquals("/", h.root());
        assertEquals("", h.name());
        assertEquals(Set.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"), h.controllers());
        assertEquals(Optional.of(h), l.unified());
        assertEquals(Optional.of(h), l.forController("memory"));
        assertEquals(Optional.empty(), l.forController("cpuacct"));
        assertEquals(Optional.empty(), l.forController("blkio"));
        assertEquals(Optional.empty(), l.named("systemd"));
    }

    @Test
    void v1() {
        CgroupLayout l = detect(CgroupFixtures.V1);

        assertEquals(CgroupMode.V1, l.mode());
        assertEquals(Map.of(
                "name=systemd", Set.of(),
                "cpu,cpuacct", Set.of("cpu", "cpuacct"),
                "memory", Set.of("memory"),
                "blkio", Set.of("blkio"),
                "pids", Set.of("pids"),
                "net_cls,net_prio", Set.of("net_cls", "net_prio"),
                "devices", Set.of("devices"),
                "freezer", Set.of("freezer")), controllers(l));
        assertEquals(8, l.hierarchies().size(), "the bind mount at /mnt/memcg is the memory hierarchy again: " + l);
        assertEquals(Optional.empty(), l.unified());
        Hierarchy cpu = l.forController("cpu").orElseThrow();
        assertEquals(cpu, l.forController("cpuacct").orElseThrow());
        assertEquals(tmp.resolve("sys/fs/cgroup/cpu,cpuacct"), cpu.dir());
        assertEquals(tmp.resolve("sys/fs/cgroup/memory"), l.forController("memory").orElseThrow().dir(),
                "the first mount of a hierarchy is kept, not the later bind mount");
        Hierarchy systemd = l.named("systemd").orElseThrow();
        assertEquals("systemd", systemd.name());
        assertFalse(systemd.controllers().contains("xattr"));
        assertEquals(Optional.empty(), l.forController("io"));
    }

    @Test
    void hybrid() {
        CgroupLayout l = detect(CgroupFixtures.HYBRID);

        assertEquals(CgroupMode.HYBRID, l.mode());
        assertEquals(Map.of(
                "unified", Set.of(),
                "name=systemd", Set.of(),
                "cpu", Set.of("cpu"),
                "cpuacct", Set.of("cpuacct"),
                "memory", Set.of("memory"),
                "blkio", Set.of("blkio"),
                "pids", Set.of("pids"),
                "cpuset", Set.of("cpuset"),
                "devices", Set.of("devices"),
                "freezer", Set.of("freezer")), controllers(l));
        Hierarchy unified = l.unified().orElseThrow();
        assertEquals(tmp.resolve("sys/fs/cgroup/unified"), unified.dir());
        assertFalse(l.forController("memory").orElseThrow().unified());
        assertFalse(l.forController("pids").orElseThrow().unified());
        assertEquals(tmp.resolve("sys/fs/cgroup/cpu"), l.forController("cpu").orElseThrow().dir());
        assertEquals(tmp.resolve("sys/fs/cgroup/cpuacct"), l.forController("cpuacct").orElseThrow().dir());
        assertEquals(Optional.empty(), l.forController("io"));
    }

    @Test
    void v1ControllerWinsOverTheSameOnCgroup2() {
        // a controller runs on one hierarchy only; if both claim it, the v1 one is used
        CgroupLayout l = new CgroupLayout(CgroupMode.HYBRID, List.of(
                new Hierarchy(Hierarchy.Version.V2, Set.of("memory", "pids"), "", tmp.resolve("u"), "/"),
                new Hierarchy(Hierarchy.Version.V1, Set.of("memory"), "", tmp.resolve("m"), "/")));

        assertEquals(tmp.resolve("m"), l.forController("memory").orElseThrow().dir());
        assertEquals(tmp.resolve("u"), l.forController("pids").orElseThrow().dir());
    }

    @Test
    void unreadableOrMissingCgroupControllersGivesNoControllers() {
        // the mount point does not exist under the sys root
        CgroupLayout l = CgroupLayout.detect(MountInfo.parse(
                "26 22 0:25 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n", MOUNTINFO), tmp);

        assertEquals(CgroupMode.V2, l.mode());
        assertEquals(Set.of(), l.hierarchies().get(0).controllers());
    }

    @Test
    void v1MountOptionsThatAreNotControllersAreDropped() {
        CgroupLayout l = CgroupLayout.detect(MountInfo.parse("""
                30 25 0:28 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset,clone_children,noprefix
                31 25 0:29 / /sys/fs/cgroup/x rw,relatime - cgroup cgroup rw,xattr,release_agent=/sbin/agent,name=x
                """, MOUNTINFO), tmp);

        assertEquals(Map.of("cpuset", Set.of("cpuset"), "name=x", Set.of()), controllers(l));
    }

    @Test
    void containerMountOfASubtreeKeepsItsRoot() {
        CgroupLayout l = CgroupLayout.detect(MountInfo.parse(
                "1201 1190 0:25 /system.slice/docker-abc.scope /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw\n",
                MOUNTINFO), tmp);

        Hierarchy h = l.hierarchies().get(0);
        assertEquals("/system.slice/docker-abc.scope", h.root());
        assertEquals(tmp.resolve("sys/fs/cgroup"), h.dirOf("/system.slice/docker-abc.scope"));
        assertEquals(tmp.resolve("sys/fs/cgroup/app"), h.dirOf("/system.slice/docker-abc.scope/app"));
        assertEquals(tmp.resolve("sys/fs/cgroup/app"), h.dirOf("/app"), "paths seen inside the container");
        assertEquals(tmp.resolve("sys/fs/cgroup"), h.dirOf("/"));
    }

    @Test
    void wholeTreeMountWinsOverAnEarlierSubtreeBindMount() {
        CgroupLayout l = CgroupLayout.detect(MountInfo.parse(
                "1201 1190 0:25 /system.slice/docker-abc.scope /mnt/sub ro - cgroup2 cgroup2 rw\n"
                        + "1202 1190 0:25 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n", MOUNTINFO), tmp);

        assertEquals(1, l.hierarchies().size(), "one hierarchy, however often mounted");
        assertEquals("/", l.hierarchies().get(0).root());
        assertEquals(tmp.resolve("sys/fs/cgroup"), l.hierarchies().get(0).dir());
    }

    @Test
    void noCgroupMountIsNotFound() {
        List<MountInfo> mounts = MountInfo.parse("""
                28 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,errors=remount-ro
                22 28 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
                25 22 0:23 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:3 - tmpfs tmpfs ro,mode=755
                """, MOUNTINFO);

        NotFoundException e = assertThrows(NotFoundException.class, () -> CgroupLayout.detect(mounts, tmp));
        assertEquals(tmp, e.path());
        assertTrue(e.getMessage().contains("cgroup"), e.getMessage());
        assertThrows(NotFoundException.class, () -> CgroupLayout.detect(List.of(), tmp));
    }

    @Test
    void cgroupFsDetectNeedsTheSelfLink() {
        Path proc = tmp.resolve("proc");
        assertTrue(proc.toFile().mkdirs());

        NotFoundException e = assertThrows(NotFoundException.class, () -> CgroupFs.detect(new ProcFs(proc), tmp));
        assertEquals(proc.resolve("self"), e.path());
    }

    @Test
    void procCgroupOfEachFixtureMatchesItsLayout() {
        // the process's own cgroup lines name exactly the hierarchies mounted (plus 0:: on v2 and hybrid)
        for (String fixture : List.of(CgroupFixtures.V2, CgroupFixtures.V1, CgroupFixtures.HYBRID)) {
            Path root = CgroupFixtures.unpack(fixture, tmp.resolve(fixture));
            ProcFs proc = new ProcFs(root.resolve("proc"));
            int self = proc.selfPid().orElseThrow();
            List<ProcCgroup> lines = proc.cgroups(self);
            CgroupLayout l = CgroupLayout.detect(proc.mountinfo(self), root);

            assertEquals(l.hierarchies().size(), lines.size(), fixture);
            assertEquals(l.unified().isPresent(), lines.stream().anyMatch(ProcCgroup::unified), fixture);
            for (ProcCgroup c : lines) {
                if (!c.unified() && !c.controllers().get(0).startsWith("name=")) {
                    assertEquals(Set.copyOf(c.controllers()),
                            l.forController(c.controllers().get(0)).orElseThrow().controllers(), fixture + " " + c);
                }
            }
        }
    }
}

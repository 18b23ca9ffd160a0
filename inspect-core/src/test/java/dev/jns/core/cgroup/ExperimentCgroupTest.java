package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.NotFoundException;
import dev.jns.core.proc.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup {@code jns unshare --memory/--cpus/--pids} makes, on the fixtures: the right files in
 * the right hierarchy, beneath the caller's own cgroup, on pure v2 (the common case), v1 and hybrid.
 */
class ExperimentCgroupTest {
    @TempDir
    Path tmp;

    private static String read(Path f) throws IOException {
        return Files.readString(f).trim();
    }

    /** The fixture's own cgroup path of the reading process in the hierarchy of {@code controller}. */
    private static Path ownDir(CgroupFs fs, Path root, String controller) {
        ProcFs proc = new ProcFs(root.resolve("proc"));
        Hierarchy h = fs.layout().forController(controller).orElseThrow();
        return h.dirOf(fs.pathsOf(proc.cgroups(proc.selfPid().getAsInt())).getOrDefault(h, "/"));
    }

    private static void emptyLikeCgroupfs(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void pureV2WritesMaxFilesAndDelegatesTheControllers() throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V2, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        Path own = ownDir(fs, root, "memory");
        Files.writeString(own.resolve("cgroup.subtree_control"), "");
        ProcFs proc = new ProcFs(root.resolve("proc"));

        Path made;
        try (ExperimentCgroup cg = ExperimentCgroup.create(fs, proc, 64L << 20, 0.5, 20)) {
            List<Path> procs = cg.procsFiles();
            assertEquals(1, procs.size(), "one cgroup in the unified hierarchy: " + procs);
            made = procs.get(0).getParent();
            assertEquals(own, made.getParent(), "beneath the caller's own cgroup, never at the root");
            assertEquals(Long.toString(64L << 20), read(made.resolve("memory.max")));
            assertEquals("50000 100000", read(made.resolve("cpu.max")));
            assertEquals("20", read(made.resolve("pids.max")));
            // written one at a time; the file keeps the last, and each was written once
            assertEquals("+pids", read(own.resolve("cgroup.subtree_control")));
            assertEquals(Optional.empty(), cg.why());
            Files.writeString(made.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
            assertEquals(Optional.of("killed by the OOM killer: memory limit 64M reached"), cg.why());
            emptyLikeCgroupfs(made); // on cgroupfs the control files go with the directory
        }
        assertFalse(Files.exists(made), "removed on close");
    }

    @Test
    void v1WritesEachLimitInItsOwnHierarchy() throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V1, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        ProcFs proc = new ProcFs(root.resolve("proc"));
        try (ExperimentCgroup cg = ExperimentCgroup.create(fs, proc, 1L << 30, 1.5, 7)) {
            assertEquals(3, cg.procsFiles().size(), cg.procsFiles().toString());
            Path mem = ownDir(fs, root, "memory").resolve(cg.procsFiles().get(0).getParent().getFileName());
            assertEquals(Long.toString(1L << 30), read(mem.resolve("memory.limit_in_bytes")));
            Path cpu = ownDir(fs, root, "cpu").resolve(mem.getFileName());
            assertEquals("150000", read(cpu.resolve("cpu.cfs_quota_us")));
            assertEquals("100000", read(cpu.resolve("cpu.cfs_period_us")));
            Path pids = ownDir(fs, root, "pids").resolve(mem.getFileName());
            assertEquals("7", read(pids.resolve("pids.max")));
            Files.writeString(pids.resolve("pids.events"), "max 4\n");
            assertEquals(Optional.of("pids limit 7 reached: a fork failed"), cg.why());
            for (Path d : List.of(mem, cpu, pids)) {
                emptyLikeCgroupfs(d);
            }
        }
        assertTrue(Files.notExists(ownDir(fs, root, "memory").resolve(
                "jns-experiment-" + ProcessHandle.current().pid())), "removed on close");
    }

    @Test
    void hybridWithCpuacctApartFromCpuMakesTheCgroupInBothSoItsCpuUseIsCounted() throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.HYBRID, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        ProcFs proc = new ProcFs(root.resolve("proc"));
        try (ExperimentCgroup cg = ExperimentCgroup.create(fs, proc, null, 0.25, null)) {
            List<Path> dirs = cg.procsFiles().stream().map(Path::getParent).toList();
            String name = "jns-experiment-" + ProcessHandle.current().pid();
            Path cpu = ownDir(fs, root, "cpu").resolve(name);
            Path acct = ownDir(fs, root, "cpuacct").resolve(name);
            assertEquals(List.of(cpu, acct), dirs, "the limit in cpu, the accounting in cpuacct");
            assertEquals("25000", read(cpu.resolve("cpu.cfs_quota_us")));
            for (Path d : dirs) {
                emptyLikeCgroupfs(d);
            }
        }
        assertTrue(Files.notExists(ownDir(fs, root, "cpuacct").resolve("jns-experiment-" + ProcessHandle.current().pid())));
    }

    @Test
    void noLimitMakesNothingAndAMissingControllerIsNamed() throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.HYBRID, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        ProcFs proc = new ProcFs(root.resolve("proc"));
        try (ExperimentCgroup none = ExperimentCgroup.create(fs, proc, null, null, null)) {
            assertTrue(none.procsFiles().isEmpty());
        }
        CgroupFs noPids = new CgroupFs(new CgroupLayout(fs.layout().mode(), fs.layout().hierarchies().stream()
                .filter(h -> !h.controllers().contains("pids")).toList()));
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> ExperimentCgroup.create(noPids, proc, null, null, 5));
        assertTrue(e.getMessage().contains("pids controller is not available"), e.getMessage());
    }
}

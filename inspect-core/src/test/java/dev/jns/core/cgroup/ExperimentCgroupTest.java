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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
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

    // ---- removal and reclaim (issue 11: leaks) ---------------------------------------------

    @Test
    void removeTakesChildCgroupsDeepestFirstAndNamesWhatItCannotRemove() throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V2, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        Files.writeString(ownDir(fs, root, "pids").resolve("cgroup.subtree_control"), "");
        ExperimentCgroup cg = ExperimentCgroup.create(fs, new ProcFs(root.resolve("proc")), null, null, 5);
        Path made = cg.dirs().get(0);
        emptyLikeCgroupfs(made);
        Files.createDirectories(made.resolve("a/b/c"));
        Files.createDirectories(made.resolve("d"));
        Files.writeString(made.resolve("d/stuck"), ""); // a directory rmdir refuses, as a busy cgroup
        long t0 = System.nanoTime();
        List<Path> left = cg.remove(Duration.ofMillis(200));
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(List.of(made.resolve("d")), left, "the deepest directory still there is named");
        assertTrue(took < 2_000, "bounded by the wait given: " + took + " ms");
        assertFalse(Files.exists(made.resolve("a")), "a/b/c removed, deepest first");
        Files.delete(made.resolve("d/stuck"));
        assertEquals(List.of(), cg.remove(), "a second call removes the rest");
        assertFalse(Files.exists(made));
    }

    @Test
    void aListenerThatThrowsStopsTheCreationAndWhatWasMadeIsRemoved() throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V1, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        ProcFs proc = new ProcFs(root.resolve("proc"));
        List<Path> seen = new java.util.ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ExperimentCgroup.create(fs, proc,
                1L << 30, null, 7, d -> {
                    seen.add(d);
                    try {
                        emptyLikeCgroupfs(d); // nothing written yet: the listener runs right after mkdir
                    } catch (IOException x) {
                        throw new AssertionError(x);
                    }
                    throw new IllegalStateException("stop");
                }));
        assertEquals("stop", e.getMessage());
        assertEquals(1, seen.size(), "told of the first directory, then stopped: " + seen);
        assertFalse(Files.exists(seen.get(0)), "removed");
        assertFalse(Files.exists(ownDir(fs, root, "pids").resolve(seen.get(0).getFileName())), "never made");
    }

    @Test
    void eventsAreTheCountersCheckedAfterTheCommandInOrder() throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V1, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        try (ExperimentCgroup cg = ExperimentCgroup.create(fs, new ProcFs(root.resolve("proc")), 32L << 20, null, 10)) {
            List<ExperimentCgroup.Event> ev = cg.events();
            assertEquals(List.of("memory.events oom_kill", "memory.oom_control oom_kill", "pids.events max"),
                    ev.stream().map(x -> x.file().getFileName() + " " + x.key()).toList());
            assertEquals("killed by the OOM killer: memory limit 32M reached", ev.get(0).message());
            assertEquals("pids limit 10 reached: a fork failed", ev.get(2).message());
            Files.writeString(ev.get(1).file(), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
            assertEquals(Optional.of(ev.get(1).message()), cg.why(), "v1's oom_control; oom_kill_disable is not oom_kill");
            for (Path d : cg.dirs()) {
                emptyLikeCgroupfs(d);
            }
        }
    }

    /** A proc/PID/stat line with the given state and start time (field 22, in ticks). */
    private static void stat(Path root, int pid, char state, long startTicks) throws IOException {
        Files.createDirectories(root.resolve("proc/" + pid));
        Files.writeString(root.resolve("proc/" + pid + "/stat"), pid + " (x) " + state
                + " 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 " + startTicks + " 0 0\n");
    }

    @Test
    void reclaimRemovesEmptyCgroupsWhosePidIsGoneAndLeavesTheRest() throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V2, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        ProcFs proc = new ProcFs(root.resolve("proc"));
        Path own = ownDir(fs, root, "memory");
        Files.writeString(root.resolve("proc/uptime"), "1000.00 1900.00\n");
        stat(root, 4242, 'S', 100);      // the reader itself: up since second 1
        stat(root, 900, 'S', 99_000);    // started 10 s ago: its cgroup below is an hour old, so not its
        stat(root, 901, 'Z', 100);       // a zombie
        Path gone = Files.createDirectories(own.resolve("jns-experiment-777/sub/deeper"));
        Path busy = Files.createDirectory(own.resolve("jns-experiment-778"));
        Files.writeString(busy.resolve("cgroup.procs"), "123\n");
        Path busyBelow = Files.createDirectories(own.resolve("jns-experiment-779/sub"));
        Files.writeString(busyBelow.resolve("cgroup.procs"), "55\n");
        Path alive = Files.createDirectory(own.resolve("jns-experiment-4242"));
        Path reused = Files.createDirectory(own.resolve("jns-experiment-900"));
        Files.setLastModifiedTime(reused, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path zombie = Files.createDirectory(own.resolve("jns-experiment-901"));
        Path oci = Files.createDirectory(own.resolve("jns-experiment-oci-5"));
        Path elsewhere = Files.createDirectory(root.resolve("sys/fs/cgroup/jns-experiment-778"));

        List<Path> removed = ExperimentCgroup.reclaim(fs, proc);

        assertEquals(java.util.Set.of(own.resolve("jns-experiment-777"), reused, zombie), java.util.Set.copyOf(removed));
        assertFalse(Files.exists(gone.getParent().getParent()), "removed with its children");
        for (Path kept : List.of(busy, busyBelow, alive, oci, elsewhere)) {
            assertTrue(Files.exists(kept), kept + " must be left alone");
        }
        assertEquals(List.of(), ExperimentCgroup.reclaim(fs, proc), "nothing more the second time");
    }

    @Test
    void reclaimLooksInEveryHierarchyOnV1() throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V1, tmp);
        CgroupFs fs = CgroupFixtures.open(root);
        Path mem = Files.createDirectory(ownDir(fs, root, "memory").resolve("jns-experiment-777"));
        Path pids = Files.createDirectory(ownDir(fs, root, "pids").resolve("jns-experiment-777"));
        assertEquals(java.util.Set.of(mem, pids), java.util.Set.copyOf(ExperimentCgroup.reclaim(fs, new ProcFs(root.resolve("proc")))));
    }
}

package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jns.core.NotFoundException;
import dev.jns.core.cgroup.TestCgroups.TestCgroup;
import dev.jns.core.proc.ProcFs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cgroup core on the live host, as root: test cgroups made beneath this JVM's own cgroup in
 * each hierarchy (v1 controllers and the unified one), with real processes in them. Skips itself
 * when not root or when a hierarchy it needs is not mounted.
 *
 * <p>Waits are polls with a deadline ({@link #DEADLINE_NANOS}, generous for a loaded 2-core CI
 * VM); the assertions themselves stay tight enough to fail when a figure is wrong.
 */
@Tag("live")
class CgroupLiveTest {

    private static final long MIB = 1024L * 1024;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);
    /** The rate measurement interval: rates are per second, so about one second between snapshots. */
    private static final long INTERVAL_MS = 1000;
    /** USER_HZ: /proc/PID/stat CPU times are in these ticks (fixed at 100 by the kernel ABI). */
    private static final long NS_PER_TICK = 10_000_000L;

    private TestCgroups cgs;
    private CgroupFs fs;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
                "needs root to create cgroups and move processes into them");
        assumeTrue(Files.isDirectory(Path.of("/sys/fs/cgroup")), "no /sys/fs/cgroup on this host");
        try {
            fs = CgroupFs.detect(new ProcFs(Path.of("/proc")), Path.of("/"));
        } catch (NotFoundException e) {
            abort("no cgroup file system is mounted: " + e.getMessage());
        }
        cgs = TestCgroups.open();
        assumeTrue(!cgs.hierarchies().isEmpty(), "this process has no cgroup in any mounted hierarchy");
    }

    @AfterEach
    void tearDown() {
        if (cgs != null) {
            cgs.close();
        }
    }

    @AfterAll
    static void tearDownAll() {
        TestCgroups.closeAll();
    }

    // ---------------------------------------------------------------- 1. merged tree and read()

    @Test
    void aCgroupMadeInEveryHierarchyIsListedOnceAndRead() throws IOException {
        TestCgroup cg = cgs.create(h -> true);
        assertEquals(cgs.hierarchies().size(), cg.paths().size());
        // The same name under this process's cgroup of each hierarchy: on this kind of host that is
        // /NAME in most hierarchies and /process_api/HASH/NAME in the memory one. Group by path.
        Map<String, List<Hierarchy>> byPath = byPath(cg);
        for (Map.Entry<String, List<Hierarchy>> e : byPath.entrySet()) {
            String path = e.getKey();
            List<Hierarchy> holders = e.getValue();
            String parent = cgs.ownPath(holders.get(0));
            List<String> tree = fs.tree(parent, 1);
            assertEquals(parent, tree.get(0), "the start comes first: " + tree);
            assertEquals(1, Collections.frequency(tree, path),
                    path + " in " + labels(holders) + " must be listed once: " + tree);
            assertTrue(fs.exists(path));

            CgroupStats s = fs.read(path);
            assertEquals(path, s.path());
            Hierarchy member = TestCgroups.byLabel(holders, s.hierarchy()).orElseThrow(() -> new AssertionError(
                    "membership hierarchy '" + s.hierarchy() + "' does not hold " + path + " " + labels(holders)));
            Optional<Hierarchy> v1pids = v1("pids");
            if (v1pids.isPresent() && holders.contains(v1pids.get())) {
                assertEquals("pids", s.hierarchy(), "on v1 processes are counted in the pids hierarchy");
            }
            assertEquals(OptionalLong.of(inode(member.dirOf(path))), s.inode());
            assertEquals(OptionalLong.of(0), s.procs(), "a new cgroup holds no process");
            assertEquals(OptionalLong.of(0), s.threads());
            assertFigures(s, holders);
        }

        cgs.remove(cg);
        for (String path : byPath.keySet()) {
            String parent = cgs.ownPath(byPath.get(path).get(0));
            assertFalse(fs.tree(parent, 1).contains(path), "removed " + path + " still listed");
            assertFalse(fs.exists(path));
        }
    }

    /**
     * The kernel lets a cgroup be named like a control file ({@code mkdir cpu.x}); it is a cgroup
     * all the same and must be listed (systemd escapes such names, other managers need not).
     */
    @Test
    void aCgroupNamedLikeAControlFileIsListed() throws IOException {
        TestCgroup cg = cgs.create(h -> true);
        List<String> names = List.of("cpu.jns", "memory.jns", "tasks.jns", "cgroup.jns", "io.jns");
        for (String n : names) {
            cgs.createChild(cg, n);
        }
        for (Map.Entry<String, List<Hierarchy>> e : byPath(cg).entrySet()) {
            String parent = cgs.ownPath(e.getValue().get(0));
            List<String> tree = fs.tree(parent, 2);
            for (String n : names) {
                String path = TestCgroups.child(e.getKey(), n);
                assertEquals(1, Collections.frequency(tree, path), path + " in " + labels(e.getValue()) + ": " + tree);
                assertTrue(tree.indexOf(path) > tree.indexOf(e.getKey()), "listed after its parent: " + tree);
                assertEquals(OptionalLong.of(0), fs.read(path).procs(), path);
            }
            assertEquals(names.size(), fs.tree(e.getKey(), -1).size() - 1, "no control file listed as a cgroup");
        }
    }

    /** Each figure comes from the hierarchy that runs its controller, and only where that hierarchy has the path. */
    private void assertFigures(CgroupStats s, List<Hierarchy> holders) {
        String where = s.path() + " in " + labels(holders) + ": ";
        Optional<Hierarchy> acct = v1("cpuacct");
        if (acct.isPresent()) {
            // a new, empty cgroup has used no CPU yet: exactly 0, not the parent's total
            assertEquals(holders.contains(acct.get()) ? OptionalLong.of(0) : OptionalLong.empty(),
                    s.cpu().usageNs(), where + "cpuacct.usage");
        }
        Optional<Hierarchy> cpu = v1("cpu");
        if (cpu.isPresent()) {
            assertEquals(holders.contains(cpu.get()) ? Optional.of(new CpuMax(Limit.UNLIMITED, 100_000))
                    : Optional.empty(), s.cpu().max(), where + "cpu.cfs_quota_us/cfs_period_us");
            assertEquals(holders.contains(cpu.get()) ? OptionalLong.of(0) : OptionalLong.empty(),
                    s.cpu().periods(), where + "cpu.stat nr_periods");
        }
        Optional<Hierarchy> mem = fs.layout().forController("memory");
        if (mem.isPresent()) {
            boolean has = holders.contains(mem.get());
            assertEquals(has, s.memory().current().isPresent(), where + "memory usage");
            assertEquals(has ? Optional.of(Limit.UNLIMITED) : Optional.empty(), s.memory().max(), where + "memory limit");
            if (has) {
                assertTrue(s.memory().current().getAsLong() < MIB,
                        where + "an empty cgroup is charged almost nothing: " + s.memory());
            }
        }
        Optional<Hierarchy> pids = fs.layout().forController("pids");
        if (pids.isPresent()) {
            boolean has = holders.contains(pids.get());
            assertEquals(has ? OptionalLong.of(0) : OptionalLong.empty(), s.pids().current(), where + "pids.current");
            assertEquals(has ? Optional.of(Limit.UNLIMITED) : Optional.empty(), s.pids().max(), where + "pids.max");
        }
        Optional<Hierarchy> blkio = v1("blkio");
        if (blkio.isPresent()) {
            assertEquals(holders.contains(blkio.get()) ? Optional.of(new IoStat(0, 0, 0, 0)) : Optional.empty(),
                    s.io(), where + "blkio");
        }
        Optional<Hierarchy> unified = fs.layout().unified();
        if (unified.isPresent()) {
            boolean psi = holders.contains(unified.get())
                    && Files.exists(unified.get().dirOf(s.path()).resolve("cpu.pressure"));
            assertEquals(psi, s.psi().cpu().isPresent(), where + "cpu.pressure");
        }
    }

    // ---------------------------------------------------------------- 2. CPU

    @Test
    void aCpuBurnerReadsAbout100PercentAndIsCountedWhereItIs() throws IOException {
        Hierarchy acct = cpuAccounting();
        TestCgroup cg = cgs.create(h -> true);
        Process burner = cgs.start("sh", "-c", "while :; do :; done");
        Hierarchy[] cpuHs = distinct(v1("cpu"), v1("cpuacct"), fs.layout().unified());
        // Under load (2 cores, other tests running) a fair share could be well below one CPU: give
        // the test cgroup 10x the default weight, so the burner gets its core and the figure
        // measured is the accounting, not the scheduler's share.
        for (Hierarchy h : cpuHs) {
            for (String[] w : new String[][] {{"cpu.shares", "10240"}, {"cpu.weight", "1000"}}) {
                if (Files.exists(cg.dir(h).resolve(w[0]))) {
                    TestCgroups.write(cg, h, w[0], w[1]);
                }
            }
        }
        TestCgroups.move(burner.pid(), cg, cpuHs);
        String path = cg.path(acct);
        String parent = cgs.ownPath(acct);

        // Poll: 1 s intervals until two consecutive ones are in 90..110 %. Each interval's CPU time
        // is also checked against the burner's own (utime+stime from /proc/PID/stat, read just
        // before and just after each snapshot, so it brackets the cgroup's counter however loaded
        // the host is; 30 ms slack: two 10 ms tick floors and up to a tick of accounting lag).
        List<String> seen = new ArrayList<>();
        long before = cpuTicks(burner.pid());
        CgroupSnapshot prev = CgroupSnapshot.take(fs, parent, 1);
        long after = cpuTicks(burner.pid());
        boolean prevInRange = false;
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            awaitInterval(prev);
            long curBefore = cpuTicks(burner.pid());
            CgroupSnapshot cur = CgroupSnapshot.take(fs, parent, 1);
            long curAfter = cpuTicks(burner.pid());
            OptionalDouble pct = CgroupRates.between(prev, cur, path).cpuPercent();
            assertTrue(pct.isPresent(), "no CPU rate for " + path + " although it is in both snapshots");
            long usedNs = cur.get(path).orElseThrow().cpu().usageNs().orElseThrow()
                    - prev.get(path).orElseThrow().cpu().usageNs().orElseThrow();
            long lo = ticksToNs(curBefore - after) - 30_000_000L;
            long hi = ticksToNs(curAfter - before) + 30_000_000L;
            seen.add(String.format("%.1f%% (%.0f ms used, burner's own %d..%d ms)", pct.getAsDouble(), usedNs / 1e6,
                    ticksToNs(curBefore - after) / 1_000_000, ticksToNs(curAfter - before) / 1_000_000));
            assertTrue(usedNs >= lo && usedNs <= hi, "cgroup CPU time vs the burner's own: " + seen);
            boolean inRange = pct.getAsDouble() >= 90 && pct.getAsDouble() <= 110;
            if (inRange && prevInRange) {
                break;
            }
            if (System.nanoTime() > deadline) {
                fail("no two consecutive intervals in 90..110 % within 20 s: " + seen);
            }
            prevInRange = inRange;
            prev = cur;
            before = curBefore;
            after = curAfter;
        }
        System.out.println("cpu burner in " + path + ": " + seen);

        // Where processes are counted: the membership hierarchy named by read().hierarchy().
        CgroupSnapshot snap = CgroupSnapshot.take(fs, parent, 1);
        CgroupStats st = snap.get(path).orElseThrow();
        Hierarchy member = TestCgroups.byLabel(cgs.hierarchies(), st.hierarchy()).orElseThrow();
        assertTrue(cg.in(member) && cg.path(member).equals(path), st.hierarchy() + " does not hold " + path);
        assertEquals(OptionalLong.of(TestCgroups.procs(member.dirOf(path)).size()), snap.processes(path, false),
                "processes are those of " + st.hierarchy() + "'s cgroup.procs");
        Optional<Hierarchy> pids = v1("pids");
        if (pids.isPresent() && cg.in(pids.get()) && cg.path(pids.get()).equals(path)) {
            // hybrid/v1: counted in the pids hierarchy, where the burner is not yet
            assertEquals("pids", st.hierarchy());
            assertEquals(OptionalLong.of(0), snap.processes(path, false));
        }
        if (!List.of(cpuHs).contains(member)) {
            TestCgroups.move(burner.pid(), cg, member);
        }
        snap = CgroupSnapshot.take(fs, parent, 1);
        assertEquals(st.hierarchy(), snap.get(path).orElseThrow().hierarchy());
        assertEquals(OptionalLong.of(1), snap.processes(path, false), "the burner, counted in " + st.hierarchy());
        assertEquals(OptionalLong.of(1), snap.processes(path, true), "no descendants");
        // Counted recursively from the parent, in the same hierarchy.
        assertTrue(snap.processes(parent, true).orElseThrow() >= snap.processes(parent, false).orElseThrow() + 1,
                "the burner in a child of " + parent + " is in its recursive count");
    }

    // ---------------------------------------------------------------- 3. memory

    @Test
    void aProcessHolding100MiBIsReadAsAbout100MiBAndTheLimitIsRead() throws Exception {
        Hierarchy mem = memory();
        TestCgroup cg = cgs.create(h -> h.equals(mem));
        String path = cg.path(mem);
        Holder holder = Holder.start(cgs, 100);
        TestCgroups.move(holder.pid(), cg, mem);
        // Baseline: what the cgroup is charged once the (idle, fully started) interpreter is in
        // it, before it allocates. Charges made before the move stay with the old cgroup.
        long baseline = rawUsage(mem, cg);
        long baseAnon = fs.read(path).memory().anon().orElseThrow();
        holder.allocate();

        // Tolerance ±10 MiB (10 % of the 100 MiB held): the bytearray is exactly 100 MiB and every
        // page of it is written, so all of it is charged as anonymous memory; what else the process
        // is charged for meanwhile (page tables ~200 KiB, a few interpreter pages, per-CPU charge
        // batches of up to 64 pages, a transparent huge page rounding up by < 2 MiB) stays well
        // below that. Wrong units (KiB, pages), the parent's or a local-vs-total figure would not.
        long want = baseline + 100 * MIB;
        long wantAnon = baseAnon + 100 * MIB;
        long tolerance = 10 * MIB;
        CgroupStats.Memory m = null;
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            m = fs.read(path).memory();
            if (Math.abs(m.current().orElse(0) - want) <= tolerance && Math.abs(m.anon().orElse(0) - wantAnon) <= tolerance) {
                break;
            }
            if (System.nanoTime() > deadline) {
                fail("memory of " + path + " not within 10 MiB of " + want + " (anon " + wantAnon + ") in 20 s: " + m);
            }
            TestCgroups.pause();
        }
        System.out.printf("memory holder in %s: baseline %d, current %d (%.2f MiB over baseline), anon %d (%.2f MiB)%n",
                path, baseline, m.current().getAsLong(), (m.current().getAsLong() - baseline) / (double) MIB,
                m.anon().getAsLong(), (m.anon().getAsLong() - baseAnon) / (double) MIB);
        assertTrue(m.anon().getAsLong() <= m.current().getAsLong() + tolerance, "anon is part of the usage: " + m);
        assertEquals(1, fs.processes(path).size());

        // 4. The memory limit: none by default (v1 reports it as the page counter maximum), then a set one.
        assertEquals(Optional.of(Limit.UNLIMITED), m.max(), "no limit set yet");
        long limit = 256 * MIB;
        TestCgroups.write(cg, mem, mem.unified() ? "memory.max" : "memory.limit_in_bytes", Long.toString(limit));
        CgroupStats.Memory limited = fs.read(path).memory();
        assertEquals(Optional.of(Limit.of(limit)), limited.max());
        assertTrue(holder.process().isAlive(), "the holder fits the limit");
        assertEquals(m.current().getAsLong(), limited.current().getAsLong(), tolerance, "a limit above usage reclaims nothing");
    }

    // ---------------------------------------------------------------- 4. pids

    @Test
    void pidsMaxAndCurrentAreRead() throws IOException {
        Hierarchy pids = fs.layout().forController("pids").orElse(null);
        assumeTrue(pids != null, "the pids controller is not mounted");
        assumeTrue(cgs.hierarchies().contains(pids), "this process has no cgroup in the pids hierarchy");
        if (pids.unified()) {
            assumeTrue(subtreeControl(pids).contains("pids"), "pids is not enabled below this process's cgroup2 cgroup");
        }
        TestCgroup cg = cgs.create(h -> h.equals(pids));
        String path = cg.path(pids);
        Process sleeper = cgs.start("sleep", "600");
        TestCgroups.move(sleeper.pid(), cg, pids);

        CgroupStats s = fs.read(path);
        assertEquals(OptionalLong.of(1), s.pids().current(), "pids.current counts the moved process");
        assertEquals(Optional.of(Limit.UNLIMITED), s.pids().max(), "'max' reads as unlimited");
        assertEquals(OptionalLong.of(1), CgroupSnapshot.take(fs, path, 0).tasks(path));
        TestCgroups.write(cg, pids, "pids.max", "20");
        s = fs.read(path);
        assertEquals(Optional.of(Limit.of(20)), s.pids().max());
        assertEquals(OptionalLong.of(1), s.pids().current());
        sleeper.destroyForcibly();
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (fs.read(path).pids().current().orElse(-1) != 0) {
            assertTrue(System.nanoTime() < deadline, "pids.current did not drop to 0 after the process died");
            TestCgroups.pause();
        }
    }

    // ---------------------------------------------------------------- 5. removed and made again

    @Test
    void aCgroupRemovedAndMadeAgainGetsANewInodeAndNoRates() throws IOException {
        Hierarchy acct = cpuAccounting();
        Hierarchy[] cpuHs = distinct(v1("cpu"), v1("cpuacct"), fs.layout().unified());
        TestCgroup cg = cgs.create(h -> true);
        String path = cg.path(acct);
        String parent = cgs.ownPath(acct);
        Process burner = cgs.start("sh", "-c", "while :; do :; done");
        TestCgroups.move(burner.pid(), cg, cpuHs);
        // let the old cgroup accumulate CPU time, so that its counter is well above the new one's
        CgroupSnapshot before = pollSnapshot(parent, path, s -> s.cpu().usageNs().orElse(0) > 200_000_000L,
                "200 ms of CPU in " + path);
        long oldInode = before.get(path).orElseThrow().inode().orElseThrow();

        cgs.moveBack(burner.pid(), cpuHs);
        cgs.remove(cg);
        assertFalse(fs.exists(path));
        cg = cgs.recreate(cg);
        TestCgroups.move(burner.pid(), cg, cpuHs);
        CgroupSnapshot after = CgroupSnapshot.take(fs, parent, 1);
        CgroupStats again = after.get(path).orElseThrow(() -> new AssertionError(path + " made again is not listed"));
        assertTrue(again.inode().isPresent());
        assertNotEquals(oldInode, again.inode().getAsLong(), "a cgroup made again gets a new inode");
        assertTrue(again.cpu().usageNs().orElseThrow() < before.get(path).orElseThrow().cpu().usageNs().orElseThrow(),
                "the new cgroup's counter starts again");
        assertEquals(CgroupRates.NONE, CgroupRates.between(before, after, path),
                "no rates across a removal: the counters are of different cgroups");

        // and from there on the rates are back (and sane)
        awaitInterval(after);
        CgroupSnapshot later = CgroupSnapshot.take(fs, parent, 1);
        OptionalDouble pct = CgroupRates.between(after, later, path).cpuPercent();
        assertTrue(pct.isPresent() && pct.getAsDouble() > 0 && pct.getAsDouble() <= 110,
                "CPU rate of the new cgroup: " + pct);
    }

    // ---------------------------------------------------------------- 6. things that vanish

    @Test
    void processesThatExitAndCgroupsThatDisappearBetweenSnapshotsNeverThrow() throws Exception {
        Hierarchy acct = cpuAccounting();
        String parent = cgs.ownPath(acct);
        TestCgroup gone = cgs.create(h -> true);
        TestCgroup stays = cgs.create(h -> true);
        String gonePath = gone.path(acct);
        String staysPath = stays.path(acct);
        Process p = cgs.start("sleep", "600");
        Process q = cgs.start("sleep", "600");
        Hierarchy[] movable = movable(gone);
        TestCgroups.move(p.pid(), gone, movable);
        TestCgroups.move(q.pid(), stays, movable);

        CgroupSnapshot s1 = CgroupSnapshot.take(fs, parent, 1);
        assertTrue(s1.get(gonePath).isPresent() && s1.get(staysPath).isPresent());
        assertEquals(OptionalLong.of(1), s1.processes(staysPath, false));
        p.destroyForcibly();
        q.destroyForcibly();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && q.waitFor(20, TimeUnit.SECONDS));
        cgs.remove(gone);
        CgroupSnapshot s2 = CgroupSnapshot.take(fs, parent, 1);
        assertTrue(s2.get(gonePath).isEmpty(), "removed cgroup listed: " + s2.paths());
        assertEquals(CgroupRates.NONE, CgroupRates.between(s1, s2, gonePath));
        assertEquals(OptionalLong.of(0), s2.processes(staysPath, false), "its process exited");
        CgroupRates r = CgroupRates.between(s1, s2, staysPath);
        assertTrue(r.cpuPercent().isPresent() && r.cpuPercent().getAsDouble() >= 0, "still there, so rated: " + r);

        // The races: cgroups made and removed, and processes forking and exiting, while snapshots
        // are taken. Nothing may throw, and no rate may be negative.
        TestCgroup forking = cgs.create(h -> true);
        Process forker = cgs.start("sh", "-c", "while :; do sleep 0.01; done");
        TestCgroups.move(forker.pid(), forking, movable(forking));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> churnError = new AtomicReference<>();
        Thread churn = new Thread(() -> {
            try {
                while (!stop.get()) {
                    cgs.remove(cgs.create(h -> true));
                    TestCgroups.pause(); // a few hundred cycles: enough races, without piling up dying memcgs
                }
            } catch (Throwable t) {
                churnError.set(t);
            }
        }, "cgroup-churn");
        churn.start();
        int takes = 0;
        int partial = 0;
        int sighted = 0;
        String forkingPath = forking.path(acct);
        String ours = TestCgroups.child(parent, "jns-test-" + ProcessHandle.current().pid() + "-");
        try {
            CgroupSnapshot prev = CgroupSnapshot.take(fs, parent, 1);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end && churnError.get() == null) {
                CgroupSnapshot cur = CgroupSnapshot.take(fs, parent, 1);
                takes++;
                for (String path : cur.paths()) {
                    CgroupRates rates = CgroupRates.between(prev, cur, path);
                    for (OptionalDouble d : List.of(rates.cpuPercent(), rates.readBytesPerSec(), rates.writeBytesPerSec(),
                            rates.readOpsPerSec(), rates.writeOpsPerSec(), rates.throttledPercent())) {
                        assertTrue(d.isEmpty() || d.getAsDouble() >= 0, path + ": " + rates);
                    }
                    if (cur.get(path).orElseThrow().inode().isEmpty()) {
                        partial++; // listed, then gone before it was read
                    }
                    if (path.startsWith(ours) && !path.equals(staysPath) && !path.equals(forkingPath)) {
                        sighted++; // one of the churn's short-lived cgroups
                    }
                    cur.processes(path, true);
                    cur.tasks(path);
                }
                assertTrue(cur.processes(forkingPath, false).orElse(0) >= 1, "the forking shell is always there");
                assertTrue(fs.processes(forkingPath).contains((int) forker.pid()));
                prev = cur;
            }
        } finally {
            stop.set(true);
            churn.join(TimeUnit.SECONDS.toMillis(20));
        }
        assertFalse(churn.isAlive(), "the churn thread did not stop");
        if (churnError.get() != null) {
            throw new AssertionError("making/removing cgroups failed", churnError.get());
        }
        assertTrue(takes > 10, "too few snapshots to mean anything: " + takes);
        assertTrue(sighted > 0, "the churn's cgroups were never seen in a snapshot: the race was not exercised");
        List<String> problems = fs.problems();
        System.out.println("churn: " + takes + " snapshots, churn cgroups seen " + sighted + " times, " + partial
                + " gone between listing and reading; " + problems.size() + " problems, e.g. "
                + problems.subList(0, Math.min(3, problems.size())));
    }

    // ---------------------------------------------------------------- 7. systemd-cgtop

    @Test
    void systemdCgtopPrintsTheSameMemory() throws Exception {
        Path cgtop = Path.of("/usr/bin/systemd-cgtop");
        assumeTrue(Files.isExecutable(cgtop), "systemd-cgtop is not installed");
        Hierarchy mem = memory();
        TestCgroup cg = cgs.create(h -> h.equals(mem));
        String path = cg.path(mem);
        Holder holder = Holder.start(cgs, 20);
        TestCgroups.move(holder.pid(), cg, mem);
        holder.allocate();

        long lo = fs.read(path).memory().current().orElseThrow();
        Process p = new ProcessBuilder(cgtop.toString(), "-b", "-n", "1", "-r", "--depth=10", path)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "systemd-cgtop did not finish");
        long hi = fs.read(path).memory().current().orElseThrow();
        assertEquals(0, p.exitValue(), "systemd-cgtop failed: " + out);

        // Columns: path, tasks, %CPU, memory, input/s, output/s; '-' where it has no value. The
        // argument's own row may be printed as //PATH.
        String[] row = null;
        for (String l : out.split("\n")) {
            String[] f = l.trim().split("\\s+");
            if (f.length == 6 && f[0].replaceFirst("^/+", "/").equals(path)) {
                row = f;
            }
        }
        assertTrue(row != null, "no row for " + path + " in:\n" + out);
        assumeTrue(!row[3].equals("-"), "systemd-cgtop prints no memory for " + path + ":\n" + out);
        long cgtopMem = Long.parseLong(row[3]);
        // both read the same counter of an idle process; allow 1 MiB for per-CPU charge batches
        assertTrue(cgtopMem >= Math.min(lo, hi) - MIB && cgtopMem <= Math.max(lo, hi) + MIB,
                "systemd-cgtop " + cgtopMem + " vs jns " + lo + ".." + hi);
        assertTrue(lo > 20 * MIB - 2 * MIB, "the holder's 20 MiB are counted: " + lo);
        if (!row[1].equals("-")) {
            assertEquals(Long.parseLong(row[1]), CgroupSnapshot.take(fs, path, 0).tasks(path).orElseThrow(),
                    "tasks as systemd-cgtop counts them");
        }
        System.out.println("systemd-cgtop memory of " + path + ": " + cgtopMem + ", jns " + lo + ".." + hi
                + " (tasks column '" + row[1] + "')");
    }

    // ---------------------------------------------------------------- helpers

    /** A python3 process that allocates and touches N MiB when told to, then holds it until killed. */
    private record Holder(Process process, BufferedReader out, OutputStream in) {
        static Holder start(TestCgroups cgs, int mib) throws IOException {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3");
            String script = String.join("\n",
                    "import sys",
                    "print('ready', flush=True)",
                    "sys.stdin.readline()",
                    "b = bytearray(" + mib + " * 1024 * 1024)",
                    "b[::4096] = b'\\x01' * len(range(0, len(b), 4096))",
                    "print('held', flush=True)",
                    "sys.stdin.readline()");
            Process p = cgs.start("/usr/bin/python3", "-c", script);
            Holder h = new Holder(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
                    p.getOutputStream());
            h.expect("ready");
            return h;
        }

        long pid() {
            return process.pid();
        }

        void allocate() throws IOException {
            in.write('\n');
            in.flush();
            expect("held");
        }

        private void expect(String line) {
            String got;
            try {
                got = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (IOException e) {
                        return "error: " + e;
                    }
                }).get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("python3 did not print '" + line + "' within 20 s");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertEquals(line, got, "python3 holder");
        }
    }

    /** The v1 hierarchy of {@code controller}, if mounted. */
    private Optional<Hierarchy> v1(String controller) {
        return fs.layout().forController(controller).filter(h -> !h.unified());
    }

    /** Where CPU usage is read: the v1 cpuacct hierarchy, else the unified one's cpu.stat. */
    private Hierarchy cpuAccounting() {
        Optional<Hierarchy> h = v1("cpuacct");
        if (h.isEmpty()) {
            h = fs.layout().unified();
        }
        assumeTrue(h.isPresent(), "no cpuacct hierarchy and no cgroup2: no CPU usage to read");
        assumeTrue(cgs.hierarchies().contains(h.get()), "this process has no cgroup in " + h.get().label());
        return h.get();
    }

    private Hierarchy memory() throws IOException {
        Hierarchy mem = fs.layout().forController("memory").orElse(null);
        assumeTrue(mem != null, "the memory controller is not mounted");
        assumeTrue(cgs.hierarchies().contains(mem), "this process has no cgroup in the memory hierarchy");
        if (mem.unified()) {
            assumeTrue(subtreeControl(mem).contains("memory"), "memory is not enabled below this process's cgroup2 cgroup");
        }
        return mem;
    }

    private String subtreeControl(Hierarchy h) throws IOException {
        return Files.readString(h.dirOf(cgs.ownPath(h)).resolve("cgroup.subtree_control"));
    }

    private long rawUsage(Hierarchy mem, TestCgroup cg) throws IOException {
        return Long.parseLong(Files.readString(cg.dir(mem).resolve(mem.unified() ? "memory.current" : "memory.usage_in_bytes")).trim());
    }

    /** Hierarchies a process can be moved into without setup (v1 cpuset needs cpus and mems first). */
    private static Hierarchy[] movable(TestCgroup cg) {
        return cg.paths().keySet().stream().filter(h -> h.unified() || !h.controllers().contains("cpuset"))
                .toArray(Hierarchy[]::new);
    }

    @SafeVarargs
    private Hierarchy[] distinct(Optional<Hierarchy>... hs) {
        List<Hierarchy> out = new ArrayList<>();
        for (Optional<Hierarchy> h : hs) {
            if (h.isPresent() && !out.contains(h.get()) && cgs.hierarchies().contains(h.get())) {
                out.add(h.get());
            }
        }
        return out.toArray(new Hierarchy[0]);
    }

    private static Map<String, List<Hierarchy>> byPath(TestCgroup cg) {
        Map<String, List<Hierarchy>> m = new LinkedHashMap<>();
        cg.paths().forEach((h, p) -> m.computeIfAbsent(p, k -> new ArrayList<>()).add(h));
        return m;
    }

    private static List<String> labels(List<Hierarchy> hs) {
        return hs.stream().map(Hierarchy::label).toList();
    }

    private static long inode(Path dir) throws IOException {
        return (Long) Files.getAttribute(dir, "unix:ino");
    }

    private static long ticksToNs(long ticks) {
        return ticks * NS_PER_TICK;
    }

    /** utime + stime of a process, in USER_HZ ticks (fields 14 and 15 of /proc/PID/stat). */
    private static long cpuTicks(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private CgroupSnapshot pollSnapshot(String parent, String path, java.util.function.Predicate<CgroupStats> ok, String what) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            CgroupSnapshot s = CgroupSnapshot.take(fs, parent, 1);
            Optional<CgroupStats> st = s.get(path);
            if (st.isPresent() && ok.test(st.get())) {
                return s;
            }
            assertTrue(System.nanoTime() < deadline, "no " + what + " within 20 s: " + st);
            TestCgroups.pause();
        }
    }

    /** Polls (short pauses) until the measurement interval has passed since {@code prev} was taken. */
    private static void awaitInterval(CgroupSnapshot prev) {
        long due = prev.monotonicNanos() + TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS);
        while (System.nanoTime() < due) {
            TestCgroups.pause();
        }
    }
}

package dev.jns.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.cli.hostile.ProcRootTrees.Result;
import dev.jns.core.testing.Fifos;
import dev.jns.core.testing.ProcFixture;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11 items 5 and 8 through whole commands: {@code --proc-root} trees with FIFOs, cycles, a
 * 20,000-deep ppid chain, huge files and malformed files never hang, crash or abort a listing.
 * A bad process is skipped with one note and exit 0; a bad file of the root itself is exit 2
 * (not a regular file) or 1 (malformed), in one line. Fixture-based; no root needed.
 */
@Tag("hostile")
class ProcRootHostileTest {
    private static final Duration LIMIT = Duration.ofSeconds(5);
    private static final String CONTAINERS = "container-host.txt";

    @TempDir
    Path tmp;

    private final ProcRootTrees.Scratch scratch = new ProcRootTrees.Scratch();
    private final Fifos fifos = scratch.fifos();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    private Path fixture(String name) {
        Path root = tmp.resolve(name.replace(".txt", ""));
        if (!Files.isDirectory(root)) {
            ProcFixture.unpack("fixtures/" + name, root);
        }
        return root;
    }

    private Result jns(Path root, String... args) {
        return jns(root, LIMIT, args);
    }

    private Result jns(Path root, Duration limit, String... args) {
        List<String> all = new ArrayList<>(List.of("--proc-root", root.resolve("proc").toString(),
                "--sys-root", root.toString()));
        all.addAll(Arrays.asList(args));
        Result r = ProcRootTrees.run(fifos, limit, all.toArray(new String[0]));
        assertFalse(r.crashed(), String.join(" ", args) + ": " + r);
        return r;
    }

    private static void assertOneNote(Result r, String command, String note) {
        assertEquals(0, r.rc(), r.toString());
        assertEquals(List.of(command + ": note: " + note), r.err().lines().toList(), r.toString());
    }

    // ---- item 5: FIFOs ----------------------------------------------------------------------

    @Test
    void aFifoStatSkipsItsProcessWithANote() {
        Path root = fixture(CONTAINERS);
        fifos.make(root.resolve("proc/426/stat"));
        String note = "skipped 1 process with malformed files in " + root.resolve("proc")
                + ": 426/stat: not a regular file (a FIFO)";

        Result ls = jns(root, "ls");
        assertOneNote(ls, "jns ls", note);
        assertTrue(ls.out().lines().anyMatch(l -> l.matches("4026532177 user +2 +430 .*")),
                "the next process represents the namespace: " + ls.out());

        Result top = jns(root, "top", "-b", "-d", "1ms");
        assertOneNote(top, "jns top", note);
        assertFalse(top.out().lines().anyMatch(l -> l.trim().startsWith("426 ")), top.out());
    }

    @Test
    void aFifoCmdlineSkipsItsProcessToo() {
        Path root = fixture(CONTAINERS);
        fifos.make(root.resolve("proc/430/cmdline"));

        Result ls = jns(root, "ls", "-t", "pid");

        assertOneNote(ls, "jns ls", "skipped 1 process with malformed files in " + root.resolve("proc")
                + ": 430/cmdline: not a regular file (a FIFO)");
        assertTrue(ls.out().lines().anyMatch(l -> l.matches(".*4026532181 pid +2 +435 .*")), ls.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"proc/.owners", "proc/.nsinfo", "etc/passwd"})
    void aFifoBesideTheProcessesIsExitTwoInOneLine(String file) {
        Path root = fixture(CONTAINERS);
        fifos.make(root.resolve(file));

        Result r = jns(root, "ls", "-o", "NS,PNS,USER");

        assertEquals(2, r.rc(), r.toString());
        assertEquals("jns ls: " + root.resolve(file) + ": not a regular file (a FIFO)\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aFifoMountinfoIsExitTwoForCgtop() throws IOException {
        Path root = fixture("cgroup-v2.txt");
        Path self = root.resolve("proc").resolve(Files.readSymbolicLink(root.resolve("proc/self")));
        fifos.make(self.resolve("mountinfo"));

        Result r = jns(root, "cgtop", "-b", "-n", "1", "-d", "1ms");

        assertEquals(2, r.rc(), r.toString());
        assertEquals("jns cgtop: " + self.resolve("mountinfo") + ": not a regular file (a FIFO)\n", r.err());
    }

    @Test
    void aFifoCgroupFileIsAMissingFigure() {
        Path root = fixture("cgroup-v2.txt");
        fifos.make(root.resolve("sys/fs/cgroup/system.slice/cpu.stat"));
        fifos.make(root.resolve("sys/fs/cgroup/system.slice/cgroup.procs"));

        Result r = jns(root, "cgtop", "-b", "-n", "1", "-d", "1ms", "--debug");

        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("/system.slice ")), r.out());
        assertTrue(r.err().contains(root.resolve("sys/fs/cgroup/system.slice/cpu.stat") + ": not a regular file (a FIFO)"),
                r.err());
        Result ls = jns(root, "cg", "ls");
        assertEquals(0, ls.rc(), ls.toString());
    }

    // ---- item 8: cycles and depth -----------------------------------------------------------

    /** The rootless container's user namespace owns itself; two mount namespaces are each other's parent. */
    @Test
    void anOwnerCycleInNsinfoIsCutAndNoted() throws IOException {
        Path root = fixture(CONTAINERS);
        Path nsinfo = root.resolve("proc/.nsinfo");
        String facts = Files.readString(nsinfo)
                .replace("user 4026532177 4026531837 4026531837", "user 4026532177 4026532177 4026532177")
                .replace("mnt 4026532178 0 4026532177", "mnt 4026532178 4026532251 4026532177")
                .replace("mnt 4026532251 0 ", "mnt 4026532251 4026532178 ");
        Files.writeString(nsinfo, facts);

        Result owner = jns(root, "ls", "-Towner");
        assertOneNote(owner, "jns ls", "cycle in the owners of namespaces at 4026532177: shown at the top level");
        assertTrue(owner.out().lines().anyMatch(l -> l.matches("4026532177 +user .*")), "a top-level row: " + owner.out());
        assertEquals(jns(root, "ls", "-l").out().lines().count(), owner.out().lines().count(), "every namespace is shown");

        // the mnt rows' owning user namespace is shown too (as lsns does), and its own parent cycle is cut
        Result parent = jns(root, "ls", "-Tparent", "-t", "mnt");
        assertOneNote(parent, "jns ls", "cycle in the parents of namespaces at 4026532177, parents of namespaces"
                + " at 4026532251: shown at the top level");

        Result top = jns(root, "top", "-b", "--view", "namespaces");
        assertEquals(0, top.rc(), top.toString());
        assertTrue(top.out().contains("4026532177"), top.out());
    }

    @Test
    void aPpidCycleIsCutAndNoted() {
        Path root = fixture(CONTAINERS);
        Path proc = root.resolve("proc");
        ProcRootTrees.setPpid(proc, 426, 435); // 426's parent is 435, 435's is 430, 430's is 426
        ProcRootTrees.setPpid(proc, 435, 430);

        // walked from 426, the lowest pid, up: 426, 435, 430, then 426 again; 430 goes to the top
        Result ls = jns(root, "ls", "4026532177");
        assertOneNote(ls, "jns ls", "cycle in the parents of processes at 430: shown at the top level");
        assertEquals(4, ls.out().lines().count(), "the header and the three processes: " + ls.out());

        Result top = jns(root, "top", "-b", "-d", "1ms"); // a flat list (the tree is the screen's t): ListStateHostileTest
        assertEquals(0, top.rc(), top.toString());
        assertEquals("", top.err());
        for (String pid : new String[] {"426", "430", "435"}) {
            assertTrue(top.out().lines().anyMatch(l -> l.trim().startsWith(pid + " ")), pid + " is shown: " + top.out());
        }
    }

    @Test
    void aProcessThatIsItsOwnParentIsShown() {
        Path root = fixture(CONTAINERS);
        ProcRootTrees.setPpid(root.resolve("proc"), 440, 440);

        Result ls = jns(root, "ls", "4026532398");

        assertOneNote(ls, "jns ls", "cycle in the parents of processes at 440: shown at the top level");
        assertTrue(ls.out().contains("440"), ls.out());
    }

    /**
     * 20,000 processes, each the parent of the next: no stack overflow, bounded output. Reading
     * 20,000 fixture processes takes seconds of CPU (not a hang), so this one has a minute.
     */
    @Test
    void aTwentyThousandDeepPpidChain() throws IOException {
        Path root = ProcFixture.unpack("fixtures/" + CONTAINERS, scratch.make());
        int n = 20_000;
        ProcRootTrees.chain(root.resolve("proc"), 1, 1, 100_000, n, List.of("pid", "user", "net", "mnt", "uts",
                "ipc", "cgroup", "time"));

        Result ls = jns(root, Duration.ofMinutes(1), "ls", "4026531836");
        assertOneNote(ls, "jns ls", "the tree is deeper than 100 levels: deeper rows are shown at level 100");
        assertTrue(ls.out().lines().count() > n, "every process of the chain is listed");
        assertTrue(ls.out().length() < 20 << 20, "bounded output: " + ls.out().length());

        Result json = jns(root, Duration.ofMinutes(1), "ls", "4026531836", "-J");
        assertEquals(0, json.rc(), json.toString());

        Result top = jns(root, Duration.ofMinutes(1), "top", "-b", "-d", "1ms");
        assertEquals(0, top.rc(), top.toString());
        assertTrue(top.out().lines().count() > n, "every process is listed");
        assertTrue(top.out().length() < 20 << 20, "bounded indentation: " + top.out().length());
    }

    // ---- item 8: malformed and huge files ---------------------------------------------------

    @Test
    void aMalformedStatSkipsItsProcessInEveryListing() throws IOException {
        Path root = fixture(CONTAINERS);
        Files.writeString(root.resolve("proc/426/stat"), "426 (unshare) S 1 426\n");
        String note = "skipped 1 process with malformed files in " + root.resolve("proc")
                + ": 426/stat line 1: expected at least 22 fields, found 5";

        assertOneNote(jns(root, "ls"), "jns ls", note);
        assertOneNote(jns(root, "ls", "-J", "--output-all"), "jns ls", note);
        assertOneNote(jns(root, "ls", "4026532177"), "jns ls", note);
        assertOneNote(jns(root, "top", "-b", "-d", "1ms"), "jns top", note);
        assertOneNote(jns(root, "top", "-b", "--view", "namespaces"), "jns top", note);

        Result asked = jns(root, "ls", "-p", "426");
        assertEquals(1, asked.rc(), asked.toString());
        assertEquals("jns ls: " + root.resolve("proc/426/stat") + ":1: expected at least 22 fields, found 5\n", asked.err());
    }

    @Test
    void aMalformedStatSkipsItsProcessInTheCgroupListings() throws IOException {
        Path root = fixture("cgroup-v2.txt");
        Path p = Files.createDirectories(root.resolve("proc/2301"));
        Files.writeString(p.resolve("stat"), "2301 (dockerd) S one 1 1\n");
        Files.writeString(p.resolve("cmdline"), "dockerd\0");
        String note = "skipped 1 process with malformed files in " + root.resolve("proc")
                + ": 2301/stat line 1: expected at least 22 fields, found 6";

        assertOneNote(jns(root, "cg", "ls"), "jns cg ls", note);
        assertOneNote(jns(root, "cgtop", "-b", "-n", "2", "-d", "1ms", "-P"), "jns cgtop", note);
    }

    @Test
    void aHugeFdNumberIsNotAnError() throws IOException {
        Path root = fixture(CONTAINERS);
        Files.createSymbolicLink(root.resolve("proc/426/fd/99999999999999"), Path.of("net:[4026532182]"));

        Result r = jns(root, "ls", "-P");

        assertEquals(0, r.rc(), r.toString());
        assertEquals("", r.err());
    }

    @Test
    void aHugePasswdIsReadInTime() throws IOException {
        Path root = fixture(CONTAINERS);
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("etc/passwd").toFile(), "rw")) {
            f.setLength(200L << 20);
        }

        Result r = jns(root, "ls", "-t", "user");

        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("alice"), "the names before the NULs are read: " + r.out());
    }
}

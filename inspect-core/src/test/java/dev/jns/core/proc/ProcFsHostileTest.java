package dev.jns.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.NotRegularFileException;
import dev.jns.core.ParseException;
import dev.jns.core.testing.Fifos;
import dev.jns.core.testing.FixtureFacts;
import dev.jns.core.testing.ProcFixture;
import dev.jns.core.testing.RecordedNamespaceInspector;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11 items 5 and 8, core side: under a {@code --proc-root} that is not procfs, files are
 * read only when they are regular files (a FIFO would block forever, a link could leave the
 * root), every read is bounded, and odd names do not throw. Fixture-based, no root needed.
 */
@Tag("hostile")
class ProcFsHostileTest {
    private static final Duration QUICK = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    private final Fifos fifos = new Fifos();

    @AfterEach
    void releaseFifos() {
        fifos.release();
    }

    private Path root() {
        Path proc = tmp.resolve("root/proc");
        if (!Files.isDirectory(proc)) {
            ProcFixture.unpack("fixtures/container-host.txt", tmp.resolve("root"));
        }
        return proc;
    }

    @ParameterizedTest
    @ValueSource(strings = {"stat", "cmdline", "cgroup", "mountinfo", "status"})
    void aFifoInAProcessIsRefusedWithoutBlocking(String file) {
        Path proc = root();
        fifos.make(proc.resolve("426/" + file));
        ProcFs fs = new ProcFs(proc);

        NotRegularFileException e = assertThrows(NotRegularFileException.class, () -> fifos.within(QUICK, () -> {
            switch (file) {
                case "stat" -> fs.stat(426);
                case "cmdline" -> fs.cmdline(426);
                case "cgroup" -> fs.cgroups(426);
                case "mountinfo" -> fs.mountinfo(426);
                default -> fs.status(426);
            }
            return null;
        }));

        assertEquals(proc.resolve("426/" + file), e.path());
        assertEquals(proc.resolve("426/" + file) + ": not a regular file (a FIFO)", e.getMessage());
    }

    @Test
    void aLinkOutOfTheRootIsNotFollowed() throws IOException {
        Path proc = root();
        Path outside = Files.writeString(tmp.resolve("secret"), "1 (secret) S 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9 0 0\n");
        Files.delete(proc.resolve("426/stat"));
        Files.createSymbolicLink(proc.resolve("426/stat"), outside);

        NotRegularFileException e = assertThrows(NotRegularFileException.class, () -> new ProcFs(proc).stat(426));

        assertEquals("not a regular file (a symbolic link)", e.what());
    }

    @Test
    void aDirectoryInsteadOfAFileIsRefused() throws IOException {
        Path proc = root();
        Files.delete(proc.resolve("426/cmdline"));
        Files.createDirectory(proc.resolve("426/cmdline"));

        NotRegularFileException e = assertThrows(NotRegularFileException.class, () -> new ProcFs(proc).cmdline(426));

        assertEquals("not a regular file (a directory)", e.what());
    }

    @Test
    void aProcessDirectoryThatIsALinkIsSkippedAndNoted() throws IOException {
        Path proc = root();
        Files.createSymbolicLink(proc.resolve("4242"), proc.resolve("426"));
        ProcFs fs = new ProcFs(proc);

        int[] pids = fs.pids();

        assertFalse(java.util.Arrays.stream(pids).anyMatch(p -> p == 4242), "a link is not a process of this root");
        assertTrue(java.util.Arrays.stream(pids).anyMatch(p -> p == 426));
        List<ProcFs.Skipped> skipped = fs.skipped();
        assertEquals(1, skipped.size());
        assertEquals("4242: not a directory (a symbolic link)", skipped.get(0).reason());
    }

    @Test
    void fifoSideFilesOfTheRootAreRefused() {
        Path proc = root();
        fifos.make(proc.resolve(FixtureFacts.OWNERS_FILE));
        NotRegularFileException owners = assertThrows(NotRegularFileException.class,
                () -> fifos.within(QUICK, () -> new ProcFs(proc)));
        assertEquals(proc.resolve(".owners"), owners.path());

        fifos.make(proc.resolve(RecordedNamespaceInspector.FILE));
        NotRegularFileException nsinfo = assertThrows(NotRegularFileException.class,
                () -> fifos.within(QUICK, () -> RecordedNamespaceInspector.at(proc)));
        assertEquals(proc.resolve(".nsinfo"), nsinfo.path());

        fifos.make(proc.resolveSibling("etc/passwd"));
        NotRegularFileException passwd = assertThrows(NotRegularFileException.class,
                () -> fifos.within(QUICK, () -> Passwd.forProcRoot(proc)));
        assertEquals(proc.resolveSibling("etc/passwd"), passwd.path());
    }

    @Test
    void aPasswdLinkBesideTheRootIsNotFollowed() throws IOException {
        Path proc = root();
        Path passwd = proc.resolveSibling("etc/passwd");
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), "mallory:x:0:0::/:/bin/sh\n");
        Files.delete(passwd);
        Files.createSymbolicLink(passwd, elsewhere);

        assertThrows(NotRegularFileException.class, () -> Passwd.forProcRoot(proc));
    }

    /** A 200 MB etc/passwd (sparse: one line of NULs) is read within a bound, not whole. */
    @Test
    void aHugePasswdIsReadWithinABound() throws IOException {
        Path proc = root();
        Path passwd = proc.resolveSibling("etc/passwd");
        try (RandomAccessFile f = new RandomAccessFile(passwd.toFile(), "rw")) {
            f.setLength(0);
            f.seek(200L << 20);
            f.write("mallory:x:0:0::/:/bin/sh\n".getBytes());
        }

        long before = allocated();
        Passwd p = Passwd.forProcRoot(proc); // a regular file: read on this thread, to count its allocations
        long used = allocated() - before;

        assertTrue(p.name(0).equals("0"), "the line past the 16 MiB bound is not read (a name of "
                + p.name(0).length() + " characters)");
        assertTrue(used < 64L << 20, "allocated " + (used >> 20) + " MiB reading a 200 MB passwd");
    }

    @Test
    void aPasswdOfManyUsersKeepsABoundedNumber() throws IOException {
        Path proc = root();
        StringBuilder b = new StringBuilder();
        for (int uid = 0; uid < Passwd.MAX_USERS + 5000; uid++) {
            b.append('u').append(uid).append(":x:").append(uid).append(":0::/:/bin/sh\n");
        }
        Files.writeString(proc.resolveSibling("etc/passwd"), b);

        Passwd p = Passwd.forProcRoot(proc);

        assertEquals("u0", p.name(0));
        assertEquals("u" + (Passwd.MAX_USERS - 1), p.name(Passwd.MAX_USERS - 1));
        assertEquals(Integer.toString(Passwd.MAX_USERS), p.name(Passwd.MAX_USERS), "past the bound: a number");
    }

    @Test
    void aHugeOwnersFileIsAnErrorWithoutReadingItWhole() throws IOException {
        Path proc = root();
        try (RandomAccessFile f = new RandomAccessFile(proc.resolve(FixtureFacts.OWNERS_FILE).toFile(), "rw")) {
            f.setLength(200L << 20);
        }

        long before = allocated();
        ParseException e = assertThrows(ParseException.class, () -> new ProcFs(proc));
        long used = allocated() - before;

        assertEquals(proc.resolve(".owners") + ": larger than 1048576 bytes", e.getMessage());
        assertTrue(used < 64L << 20, "allocated " + (used >> 20) + " MiB");
    }

    @Test
    void aHugeFdNumberIsNotAnError() throws IOException {
        Path proc = root();
        Files.createSymbolicLink(proc.resolve("426/fd/99999999999999"), Path.of("net:[4026532182]"));
        Files.createSymbolicLink(proc.resolve("426/fd/2147483647"), Path.of("uts:[4026532179]"));
        Files.createSymbolicLink(proc.resolve("426/fd/-3"), Path.of("uts:[4026532179]"));

        List<HeldNamespace> held = new ProcFs(proc).namespaceFds(426);

        assertEquals(List.of(2147483647), held.stream().map(HeldNamespace::fd).toList());
    }

    @Test
    void aMalformedStatLeavesOneProcessOutOfASnapshotWithANote() throws IOException {
        Path proc = root();
        Files.writeString(proc.resolve("426/stat"), "426 (unshare) S x 426\n");
        ProcFs fs = new ProcFs(proc);

        ProcessSnapshot s = ProcessSnapshot.take(fs, Passwd.forProcRoot(proc));

        assertFalse(s.processes().containsKey(426));
        assertTrue(s.processes().containsKey(430));
        List<ProcFs.Skipped> skipped = fs.skipped();
        assertEquals(1, skipped.size());
        assertEquals("426/stat line 1: expected at least 22 fields, found 5", skipped.get(0).reason());
    }

    /** A NUL in a path (raw, or as the escape \000) would end as InvalidPathException in Path.of. */
    @Test
    void aNulInAMountPathOrCgroupPathIsMalformed() {
        Path p = Path.of("mountinfo");
        ParseException escaped = assertThrows(ParseException.class,
                () -> MountInfo.parse("22 27 0:21 / /sys/fs/cgroup/\\000x rw - cgroup2 cgroup2 rw\n", p));
        assertEquals("mountinfo:1: a NUL character in a path", escaped.getMessage());
        assertThrows(ParseException.class, () -> MountInfo.parse("22 27 0:21 /\0 /x rw - cgroup2 cgroup2 rw\n", p));
        assertThrows(ParseException.class, () -> ProcCgroup.parse("0::/a\0b\n", Path.of("cgroup")));
    }

    @Test
    void onlyAProcfsRootIsTrusted() {
        assertTrue(new ProcFs(ProcFs.DEFAULT_ROOT).trusted());
        assertTrue(new ProcFs(Path.of("/proc/self/root/proc")).trusted(), "procfs seen through another path");
        assertFalse(new ProcFs(root()).trusted());
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void aFifoAuxvIsNotOpenedAndThePageSizeIsTheDefault() throws IOException {
        Path proc = root();
        Path self = proc.resolve(Files.readSymbolicLink(proc.resolve("self")));
        fifos.make(self.resolve("auxv"));

        long size = fifos.within(QUICK, () -> new ProcFs(proc).pageSize());

        assertEquals(ProcFs.DEFAULT_PAGE_SIZE, size);
    }
}

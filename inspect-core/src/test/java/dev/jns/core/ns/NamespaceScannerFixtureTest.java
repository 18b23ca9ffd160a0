package dev.jns.core.ns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.NamespaceId;
import dev.jns.core.NamespaceType;
import dev.jns.core.ParseException;
import dev.jns.core.ns.NamespaceScanner.Find;
import dev.jns.core.proc.HeldNamespace;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.proc.ProcessInfo;
import dev.jns.core.sys.NativeNamespaceInspector;
import dev.jns.core.testing.ProcFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link NamespaceScanner} on the shipped fixtures (see fixtures/README.md). */
class NamespaceScannerFixtureTest {
    private static final Set<NamespaceType> ALL = EnumSet.allOf(NamespaceType.class);
    private static final NamespaceScanner.Options PLAIN = NamespaceScanner.Options.of(ALL);
    private static final NamespaceScanner.Options PERSISTENT = NamespaceScanner.Options.of(ALL, Find.PERSISTENT);
    private static final NamespaceScanner.Options EVERYTHING = NamespaceScanner.Options.of(ALL, Find.PERSISTENT, Find.RELATIONS,
            Find.ANCESTORS, Find.NETNSID);

    @TempDir
    Path tmp;

    private Path proc(String fixture) {
        return ProcFixture.unpack("fixtures/" + fixture, tmp).resolve("proc");
    }

    private static NamespaceSnapshot scan(Path proc, NamespaceScanner.Options o) {
        return NamespaceScanner.of(new ProcFs(proc), NativeNamespaceInspector::load).scan(o);
    }

    /** One line per namespace: TYPE INODE NPROCS LOWEST-PID ('-' for none). */
    private static String table(NamespaceSnapshot s) {
        return s.namespaces().stream()
                .map(n -> n.type().procName() + " " + n.inode() + " " + n.nprocs() + " "
                        + (n.lowestPid().isPresent() ? n.lowestPid().getAsInt() : "-"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static Namespace ns(NamespaceSnapshot s, long inode) {
        return s.byInode(inode).orElseThrow(() -> new AssertionError("no namespace " + inode + " in\n" + table(s)));
    }

    @Test
    void plainHostHasTheInitialNamespacesAndKdevtmpfs() {
        NamespaceSnapshot s = scan(proc("plain-host.txt"), PERSISTENT);

        assertEquals("""
                mnt 4026531832 11 1
                net 4026531833 12 1
                time 4026531834 12 1
                cgroup 4026531835 12 1
                pid 4026531836 12 1
                user 4026531837 12 1
                uts 4026531838 12 1
                ipc 4026531839 12 1
                mnt 4026531860 1 25
                """, table(s));
        assertEquals(List.of(), s.unreadablePids());
        assertEquals(List.of(), s.problems());
        ProcessInfo init = s.process(1).orElseThrow();
        assertEquals("init", init.comm());
        assertEquals("/sbin/init", init.command());
        assertEquals("root", init.user());
        ProcessInfo kdevtmpfs = s.process(25).orElseThrow();
        assertEquals(List.of(), kdevtmpfs.cmdline());
        assertEquals("kdevtmpfs", kdevtmpfs.command(), "a kernel thread shows its comm");
        assertEquals(2, kdevtmpfs.ppid());
    }

    @Test
    void plainHostMembersAndOwners() {
        NamespaceSnapshot s = scan(proc("plain-host.txt"), PERSISTENT);
        Namespace mnt = ns(s, 4026531832L);

        assertFalse(mnt.contains(25), "kdevtmpfs has its own mount namespace");
        assertTrue(mnt.contains(1));
        assertEquals(List.of(1, 2, 3, 14, 15), mnt.pids().subList(0, 5));
        assertTrue(mnt.pids().stream().sorted().toList().equals(mnt.pids()), "ascending");
        // no relations were asked for: nothing from .nsinfo
        assertEquals(OptionalLong.empty(), mnt.parent());
        assertEquals(OptionalLong.empty(), mnt.owner());
    }

    @Test
    void containerHostNamespacesWithNprocsAndLowestPid() {
        NamespaceSnapshot s = scan(proc("container-host.txt"), PERSISTENT);

        assertEquals("""
                mnt 4026531832 5 1
                net 4026531833 6 1
                time 4026531834 12 1
                cgroup 4026531835 11 1
                pid 4026531836 9 1
                user 4026531837 12 1
                uts 4026531838 7 1
                ipc 4026531839 7 1
                mnt 4026531860 1 25
                user 4026532177 3 426
                mnt 4026532178 4 426
                uts 4026532179 4 426
                ipc 4026532180 4 426
                pid 4026532181 3 430
                net 4026532182 4 426
                mnt 4026532251 3 428
                uts 4026532252 5 428
                ipc 4026532253 5 428
                pid 4026532254 3 431
                cgroup 4026532255 5 428
                net 4026532256 5 428
                time 4026532325 4 431
                net 4026532326 0 -
                user 4026532395 1 436
                mnt 4026532396 2 434
                pid 4026532397 1 438
                net 4026532398 1 440
                mnt 4026532467 1 440
                uts 4026532468 0 -
                ipc 4026532469 0 -
                """, table(s));
        assertEquals(List.of(), s.problems());
        assertEquals("alice", s.process(426).orElseThrow().user());
        assertEquals(1000, s.process(426).orElseThrow().uid());
    }

    @Test
    void persistentNamespacesComeFromBindMountsAndFds() {
        Path proc = proc("container-host.txt");
        NamespaceSnapshot s = scan(proc, PERSISTENT);

        Namespace jnsdemo = ns(s, 4026532326L);
        assertTrue(jnsdemo.persistent());
        assertEquals(0, jnsdemo.nprocs());
        assertEquals(OptionalInt.empty(), jnsdemo.lowestPid());
        assertEquals(List.of("/run/netns/jnsdemo"), jnsdemo.nsfsMounts(), "a mount in this (self's) mount namespace");

        Namespace heldUts = ns(s, 4026532468L);
        assertEquals(0, heldUts.nprocs());
        assertEquals(List.of(new HeldNamespace(new NamespaceId(NamespaceType.UTS, 4026532468L), 446, 7)),
                heldUts.heldBy());
        assertEquals(List.of(), heldUts.nsfsMounts());

        Namespace mountedIpc = ns(s, 4026532469L);
        assertEquals(0, mountedIpc.nprocs());
        assertEquals(List.of(proc.resolve("428/root/tmp/jns-zoo/ipc-mnt").toString()), mountedIpc.nsfsMounts(),
                "a mount only in another mount namespace is reached through /proc/PID/root of its lowest pid");

        Namespace jnsweb = ns(s, 4026532398L);
        assertEquals(List.of(440), jnsweb.pids());
        assertEquals(List.of("/run/netns/jnsweb"), jnsweb.nsfsMounts(),
                "this mount namespace's mount is preferred to the foreign one of pid 440");
    }

    @Test
    void withoutPersistentOnlyNamespacesWithProcesses() {
        NamespaceSnapshot s = scan(proc("container-host.txt"), PLAIN);

        assertEquals(27, s.namespaces().size());
        assertTrue(s.namespaces().stream().noneMatch(Namespace::persistent));
        assertTrue(s.byInode(4026532326L).isEmpty());
        assertEquals(List.of(), ns(s, 4026532398L).nsfsMounts(), "mounts are not read");
    }

    @Test
    void parentsOwnersAndNetnsidsComeFromNsinfo() {
        NamespaceSnapshot s = scan(proc("container-host.txt"), EVERYTHING);

        Namespace nestedUser = ns(s, 4026532395L);
        assertEquals(OptionalLong.of(4026532177L), nestedUser.parent());
        assertEquals(OptionalLong.of(4026532177L), nestedUser.owner());
        assertEquals(OptionalInt.of(1000), nestedUser.ownerUid());

        Namespace nestedPid = ns(s, 4026532397L);
        assertEquals(OptionalLong.of(4026532254L), nestedPid.parent());
        assertEquals(OptionalLong.of(4026531837L), nestedPid.owner());

        Namespace rootlessNet = ns(s, 4026532182L);
        assertEquals(OptionalLong.of(0), rootlessNet.parent(), "only pid and user namespaces have parents");
        assertEquals(OptionalLong.of(4026532177L), rootlessNet.owner());
        assertEquals(Optional.of("unassigned"), rootlessNet.netnsid());

        Namespace jnsdemo = ns(s, 4026532326L);
        assertEquals(Optional.of("5"), jnsdemo.netnsid());
        assertEquals(OptionalInt.of(0), jnsdemo.ownerUid());
        assertEquals(Optional.empty(), ns(s, 4026532181L).netnsid(), "not a net namespace");

        assertEquals(OptionalLong.of(0), ns(s, 4026531837L).parent(), "the initial user namespace has none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain-host.txt", "container-host.txt"})
    void everyParentAndOwnerIsANamespaceOfTheFixture(String fixture) {
        NamespaceSnapshot s = scan(proc(fixture), EVERYTHING);

        for (Namespace n : s.namespaces()) {
            assertTrue(n.parent().isPresent() && n.owner().isPresent(), n.id() + " has recorded facts");
            for (long rel : new long[] {n.parent().getAsLong(), n.owner().getAsLong()}) {
                assertTrue(rel == 0 || s.byInode(rel).isPresent(), n.id() + " refers to " + rel);
            }
            if (n.type() == NamespaceType.USER && n.inode() != 4026531837L) {
                assertEquals(n.parent(), n.owner(), "a user namespace's owner is its parent");
            }
        }
    }

    @Test
    void ancestorsWithoutProcessesAreAddedOnlyOnRequest() throws IOException {
        Path proc = proc("container-host.txt");
        // the rootless container's outer processes are gone; only the nested user namespace's
        // sleep (436) is left, whose parent and owner is the container's user namespace
        for (int pid : new int[] {426, 430, 435}) {
            deleteTree(proc.resolve(Integer.toString(pid)));
        }
        Set<NamespaceType> user = EnumSet.of(NamespaceType.USER);

        NamespaceSnapshot without = scan(proc, NamespaceScanner.Options.of(user, Find.PERSISTENT, Find.RELATIONS));
        NamespaceSnapshot with = scan(proc, NamespaceScanner.Options.of(user, Find.PERSISTENT, Find.RELATIONS, Find.ANCESTORS));

        assertEquals("""
                user 4026531837 12 1
                user 4026532395 1 436
                """, table(without));
        assertEquals("""
                user 4026531837 12 1
                user 4026532177 0 -
                user 4026532395 1 436
                """, table(with));
        Namespace ancestor = ns(with, 4026532177L);
        assertEquals(OptionalLong.of(4026531837L), ancestor.parent());
        assertEquals(OptionalInt.of(1000), ancestor.ownerUid());
    }

    @Test
    void typesRestrictTheScan() {
        NamespaceSnapshot s = scan(proc("container-host.txt"),
                NamespaceScanner.Options.of(EnumSet.of(NamespaceType.NET), Find.PERSISTENT));

        assertEquals("""
                net 4026531833 6 1
                net 4026532182 4 426
                net 4026532256 5 428
                net 4026532326 0 -
                net 4026532398 1 440
                """, table(s));
    }

    /** Issue 11: -t net (or any type but mnt) missed the bind mounts of other mount namespaces. */
    @Test
    void aTypeOtherThanMntStillFindsTheMountsOfOtherMountNamespaces() {
        Path proc = proc("container-host.txt");
        NamespaceSnapshot s = scan(proc, NamespaceScanner.Options.of(EnumSet.of(NamespaceType.IPC), Find.PERSISTENT));

        Namespace mountedIpc = ns(s, 4026532469L);
        assertEquals(List.of(proc.resolve("428/root/tmp/jns-zoo/ipc-mnt").toString()), mountedIpc.nsfsMounts());
        assertTrue(s.namespaces().stream().allMatch(n -> n.type() == NamespaceType.IPC), "no mnt rows: " + table(s));
        assertEquals(scan(proc, PERSISTENT).namespaces().stream().filter(n -> n.type() == NamespaceType.IPC).toList(),
                s.namespaces(), "the same ipc rows as a scan of every type");
    }

    /** The scanner says how each namespace is to be opened; the inspector applies the rule. */
    @Test
    void theInspectorIsHandedALinkOrAMountInsideItsRoot() {
        Path proc = proc("container-host.txt");
        java.util.Map<Long, NamespaceFile> handed = new java.util.TreeMap<>();
        NamespaceInspector spy = new NamespaceInspector() {
            @Override
            public List<NamespaceFacts> describe(NamespaceId id, NamespaceFile file, boolean ancestors) {
                handed.put(id.inode(), file);
                return List.of();
            }

            @Override
            public Optional<String> netnsid(NamespaceId id, NamespaceFile file) {
                assertEquals(handed.get(id.inode()), file, "the same file for both questions");
                return Optional.empty();
            }

            @Override
            public List<String> takeProblems() {
                return List.of("net:[1]: not an nsfs file: /somewhere");
            }
        };
        NamespaceScanner scanner = new NamespaceScanner(new ProcFs(proc), dev.jns.core.proc.Passwd.forProcRoot(proc), () -> spy);
        NamespaceSnapshot s = scanner.scan(EVERYTHING);

        assertEquals(new NamespaceFile.Mount(proc.resolve("428/root"), "/tmp/jns-zoo/ipc-mnt"), handed.get(4026532469L),
                "another mount namespace's mount: resolved inside that namespace's root");
        assertEquals(proc.resolve("428/root") + "/tmp/jns-zoo/ipc-mnt", ns(s, 4026532469L).nsfsMounts().get(0),
                "the NSFS text is unchanged");
        assertEquals(new NamespaceFile.Mount(Path.of("/"), "/run/netns/jnsdemo"), handed.get(4026532326L),
                "our own mount: resolved inside our root");
        assertEquals(new NamespaceFile.ProcLink(proc.resolve("446/fd/7")), handed.get(4026532468L), "an fd");
        assertEquals(new NamespaceFile.ProcLink(proc.resolve("440/ns/net")), handed.get(4026532398L),
                "a process's link is preferred to a mount");
        assertTrue(s.problems().contains("net:[1]: not an nsfs file: /somewhere"), "refusals go to --debug: " + s.problems());
    }

    @Test
    void processWithoutStatExitedMidScanAndIsSkipped() throws IOException {
        Path proc = proc("container-host.txt");
        Files.delete(proc.resolve("426/stat"));

        NamespaceSnapshot s = scan(proc, PERSISTENT);

        Namespace rootless = ns(s, 4026532177L);
        assertEquals(List.of(430, 435), rootless.pids(), "426 is not counted");
        assertTrue(s.process(430).isPresent(), "the next pid represents the namespace");
        assertTrue(s.process(426).isEmpty());
        assertEquals(8, ns(s, 4026531836L).nprocs(), "426 is dropped where it was not the lowest pid too");
        for (long inode : new long[] {4026532178L, 4026532179L, 4026532180L, 4026532182L}) {
            assertEquals(OptionalInt.of(430), ns(s, inode).lowestPid(), "container namespace " + inode);
        }
    }

    @Test
    void processWithVanishedNsLinksIsSkipped() throws IOException {
        Path proc = proc("container-host.txt");
        deleteTree(proc.resolve("426/ns"));
        deleteTree(proc.resolve("440/ns"));

        NamespaceSnapshot s = scan(proc, PERSISTENT);

        assertEquals(List.of(430, 435), ns(s, 4026532177L).pids());
        assertTrue(s.namespaces().stream().noneMatch(n -> n.contains(426) || n.contains(440)));
        assertTrue(s.byInode(4026532467L).isEmpty(), "ip netns exec's mount namespace had only 440");
        Namespace jnsweb = ns(s, 4026532398L);
        assertTrue(jnsweb.persistent(), "its bind mount keeps jnsweb");
        assertEquals(List.of("/run/netns/jnsweb"), jnsweb.nsfsMounts());
    }

    @Test
    void onlyProcessOfANamespaceExitedMidScan() throws IOException {
        Path proc = proc("container-host.txt");
        Files.delete(proc.resolve("438/stat"));

        NamespaceSnapshot s = scan(proc, PERSISTENT);

        assertTrue(s.byInode(4026532397L).isEmpty(), "the nested pid namespace had only 438");
        assertEquals(List.of(434), ns(s, 4026532396L).pids());
    }

    /** Issue 11: one malformed stat no longer aborts the scan; the process is skipped as if gone, and noted. */
    @Test
    void malformedStatSkipsTheProcessWithANote() throws IOException {
        Path root = proc("container-host.txt");
        Files.writeString(root.resolve("426/stat"), "426 (unshare) S 1 426\n");
        ProcFs proc = new ProcFs(root);

        NamespaceSnapshot s = NamespaceScanner.of(proc, NativeNamespaceInspector::load).scan(PERSISTENT);

        assertEquals(List.of(430, 435), ns(s, 4026532177L).pids(), "426 is left out");
        assertTrue(s.process(430).isPresent(), "the next pid represents the namespace");
        List<ProcFs.Skipped> skipped = proc.skipped();
        assertEquals(1, skipped.size(), skipped.toString());
        assertEquals(426, skipped.get(0).pid());
        assertEquals("426/stat line 1: expected at least 22 fields, found 5", skipped.get(0).reason());
        ParseException e = assertInstanceOf(ParseException.class, skipped.get(0).cause());
        assertEquals(root.resolve("426/stat"), e.path());
        assertEquals(1, e.line());
        assertTrue(proc.skipped().isEmpty(), "skipped() clears the list");
    }

    @Test
    void malformedMountinfoIsAnError() throws IOException {
        Path proc = proc("container-host.txt");
        Path mountinfo = proc.resolve(Files.readSymbolicLink(proc.resolve("self")) + "/mountinfo");
        List<String> lines = Files.readAllLines(mountinfo);
        lines.set(3, "not a mount");
        Files.write(mountinfo, lines);

        ParseException e = assertThrows(ParseException.class, () -> scan(proc, PERSISTENT));

        assertEquals(mountinfo, e.path());
        assertEquals(4, e.line());
        assertTrue(scan(proc, PLAIN).namespaces().size() > 0, "mounts are only read for persistent namespaces");
    }

    @Test
    void malformedNsinfoIsAnError() throws IOException {
        Path proc = proc("plain-host.txt");
        Files.writeString(proc.resolve(".nsinfo"), "user 4026531837 0 0 0 -\nnet 4026531833 zero 0 0 -\n");

        ParseException e = assertThrows(ParseException.class, () -> scan(proc, EVERYTHING));

        assertEquals(2, e.line());
        assertEquals(9, scan(proc, PERSISTENT).namespaces().size(), ".nsinfo is read only when facts are needed");
    }

    @Test
    void processesOfANamespaceLeaveOutThoseThatExited() throws IOException {
        Path proc = proc("container-host.txt");
        Files.delete(proc.resolve("433/stat"));
        NamespaceScanner scanner = NamespaceScanner.of(new ProcFs(proc), NativeNamespaceInspector::load);

        assertEquals(List.of(428, 434), List.copyOf(scanner.processes(List.of(428, 433, 434)).keySet()));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package dev.jns.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jns.cli.Main;
import dev.jns.cli.output.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live, as root: the parts of {@code jns unshare} that need the outside helper of jns-nsexec (a
 * process left in the original namespaces): id ranges, and {@code =FILE} with a new mount or user
 * namespace, whose bind mount must be made outside the new mount namespace to be seen.
 */
@Tag("live")
class UnshareOutsideHelperLiveTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void root() throws IOException {
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
                "needs root: ranges and bind mounts need privilege");
        assumeTrue(Files.exists(Path.of("/proc/self/ns/user")), "needs user namespaces");
    }

    private static int jns(String... args) {
        StringWriter err = new StringWriter();
        int rc = Main.run(Terminal.plain(), new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        assertFalse(err.toString().contains("\tat "), err.toString());
        return rc;
    }

    @Test
    void idRangesAreWrittenIntoTheNewUserNamespace() throws IOException {
        Path out = tmp.resolve("map");
        assertEquals(0, jns("unshare", "--map-users", "0:100000:65536", "--map-groups", "0:200000:1000", "--",
                "sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map > " + out));
        List<String> lines = Files.readAllLines(out).stream().map(l -> l.trim().replaceAll("\\s+", " ")).toList();
        assertEquals(List.of("0 100000 65536", "0 200000 1000"), lines);
    }

    @Test
    void setuidAndSetgidMakeTheCommandRootInsideAndAnUnprivilegedIdOutside() throws IOException {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path out = tmp.resolve("id");
        assertEquals(0, jns("unshare", "--map-users", "0:100000:65536", "--map-groups", "0:200000:65536", "-S", "0", "-G", "0",
                "--", "sh", "-c", "id -u > " + out + "; id -g >> " + out));
        assertEquals(List.of("0", "0"), Files.readAllLines(out));
        assertEquals(100000, Files.getAttribute(out, "unix:uid"), "the file's owner on the host");
        assertEquals(200000, Files.getAttribute(out, "unix:gid"));
    }

    @Test
    void oldOuterInnerCountFormIsAccepted() throws IOException {
        Path out = tmp.resolve("map");
        assertEquals(0, jns("unshare", "--map-users", "100000,0,10", "--", "sh", "-c", "cat /proc/self/uid_map > " + out));
        assertEquals("0 100000 10", Files.readString(out).trim().replaceAll("\\s+", " "));
    }

    @Test
    void aNamespaceKeptWithANewMountNamespaceIsVisibleOutside() throws Exception {
        Path file = Files.createFile(tmp.resolve("uts"));
        Path inside = tmp.resolve("inside");
        try {
            assertEquals(0, jns("unshare", "-m", "-u=" + file, "--hostname", "kept-by-jns", "--",
                    "sh", "-c", "readlink /proc/self/ns/uts > " + inside));
            // the bind mount is in our mount namespace, so the namespace outlives the command
            String kept = Files.readSymbolicLink(Path.of("/proc/self/ns/uts")).toString();
            Process p = new ProcessBuilder("nsenter", "--uts=" + file, "hostname").start();
            String hostname = new String(p.getInputStream().readAllBytes()).trim();
            assertEquals(0, p.waitFor());
            assertEquals("kept-by-jns", hostname);
            assertTrue(Files.readString(inside).startsWith("uts:["));
            assertFalse(Files.readString(inside).trim().equals(kept), "a new uts namespace");
        } finally {
            new ProcessBuilder("umount", file.toString()).start().waitFor();
        }
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(file.toString()), "unmounted");
    }

    @Test
    void aPidNamespaceKeptWithANewMountNamespaceNeedsFork() throws Exception {
        Path file = Files.createFile(tmp.resolve("pid"));
        StringWriter err = new StringWriter();
        int rc = Main.run(Terminal.plain(), new PrintWriter(new StringWriter()), new PrintWriter(err),
                "unshare", "-m", "-p=" + file, "true");
        assertEquals(2, rc, "keeping a pid namespace needs --fork: " + err);
        try {
            assertEquals(0, jns("unshare", "-m", "-f", "-p=" + file, "true"));
            assertTrue(Files.readString(Path.of("/proc/self/mountinfo")).contains(file.toString()),
                    "the pid namespace is bind-mounted where we can see it");
        } finally {
            new ProcessBuilder("umount", file.toString()).start().waitFor();
        }
    }
}

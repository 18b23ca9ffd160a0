package dev.jns.cli.live;

import dev.jns.cli.ns.LsCommand;
import static dev.jns.cli.live.Live.jns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jns.cli.live.Live.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jns ls} failures on the live host: exit status, one-line message, no stack trace unless
 * {@code --debug}. Any user can run these.
 *
 * <p>Where lsns 2.38 differs, on purpose: {@code lsns -p PID} for a process that does not exist
 * prints nothing and exits 0 (jns: "no such process", 1); lsns exits 1 for an unknown type or
 * column and does not list the valid ones (jns: usage error, 2, with the list).
 */
@Tag("live")
class LsLiveErrorsTest {
    static final List<String> TYPES = List.of("mnt", "net", "ipc", "user", "pid", "uts", "cgroup", "time");
    static final List<String> COLUMNS = List.of("NS", "TYPE", "PATH", "NPROCS", "PID", "PPID", "COMMAND", "UID",
            "USER", "NETNSID", "NSFS", "PNS", "ONS");

    static int missingPid;

    @BeforeAll
    static void liveProc() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/ns")), "needs a Linux /proc: these read the live host");
        // Pids are below pid_max, so pid_max itself is never a process.
        // (read with a buffer: a sysctl file read byte by byte ends after the first byte)
        missingPid = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).trim());
        assertFalse(Files.exists(Path.of("/proc/" + missingPid)), "pid " + missingPid + " exists");
    }

    private static void noStackTrace(Result r) {
        assertFalse(r.err().contains("\tat "), () -> "stack trace on stderr: " + r);
        assertFalse(r.err().contains("Exception"), () -> "exception name on stderr: " + r);
        assertFalse(r.out().contains("\tat ") || r.out().contains("Exception"), () -> "stack trace on stdout: " + r);
    }

    /** Nothing on stdout, exactly one line on stderr; that line. */
    private static String oneErrorLine(Result r) {
        assertEquals("", r.out(), () -> "stdout of a failure: " + r);
        assertEquals(1, r.errLines().size(), () -> "stderr should be one line: " + r);
        return r.errLines().get(0);
    }

    @Test
    void missingProcessIsAFailure() {
        Result r = jns("ls", "-p", Integer.toString(missingPid));
        assertEquals(1, r.rc(), r::toString);
        assertEquals("jns ls: no such process: " + missingPid, oneErrorLine(r));
        noStackTrace(r);
    }

    @Test
    void unknownTypeIsAUsageErrorListingTheValidTypes() {
        Result r = jns("ls", "-t", "bogus");
        assertEquals(2, r.rc(), r::toString);
        String line = oneErrorLine(r);
        assertTrue(line.startsWith("jns ls: unknown namespace type: bogus"), line);
        for (String t : TYPES) {
            assertTrue(line.matches(".*\\b" + t + "\\b.*"), () -> "valid type " + t + " not listed: " + line);
        }
        noStackTrace(r);
    }

    @Test
    void unknownTypeAmongValidOnesIsStillAUsageError() {
        Result r = jns("ls", "-t", "net,bogus");
        assertEquals(2, r.rc(), r::toString);
        assertTrue(oneErrorLine(r).startsWith("jns ls: unknown namespace type: bogus"), r::toString);
        noStackTrace(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO", "NS,FOO", "+FOO"})
    void unknownColumnIsAUsageErrorListingTheValidColumns(String spec) {
        Result r = jns("ls", "-o", spec);
        assertEquals(2, r.rc(), r::toString);
        String line = oneErrorLine(r);
        assertTrue(line.startsWith("jns ls: unknown column: FOO"), line);
        for (String c : COLUMNS) {
            assertTrue(line.matches(".*\\b" + c + "\\b.*"), () -> "valid column " + c + " not listed: " + line);
        }
        noStackTrace(r);
    }

    @Test
    void namespaceThatDoesNotExistIsAFailure() {
        // Inode 1 is never a namespace (their inodes are near 0xF0000000, e.g. 4026531832).
        Result r = jns("ls", "1");
        assertEquals(1, r.rc(), r::toString);
        assertEquals("jns ls: not found namespace: 1", oneErrorLine(r));
        noStackTrace(r);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void debugPrintsTheStackTraceOfAFailure(boolean beforeSubcommand) {
        String pid = Integer.toString(missingPid);
        Result r = beforeSubcommand ? jns("--debug", "ls", "-p", pid) : jns("ls", "--debug", "-p", pid);
        assertEquals(1, r.rc(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertTrue(r.err().contains("ProcessGoneException: no such process: " + pid), r::toString);
        assertTrue(r.err().contains("\tat dev.jns.cli.ns.LsCommand.call("), r::toString);
        List<String> lines = r.errLines();
        assertEquals("jns ls: no such process: " + pid, lines.get(lines.size() - 1), "the message still ends it");
        assertEquals(1, lines.stream().filter(l -> l.startsWith("jns ls:")).count(), r::toString);
    }
}

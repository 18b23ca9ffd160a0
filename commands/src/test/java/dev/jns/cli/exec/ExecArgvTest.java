package dev.jns.cli.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jns.cli.Main;
import dev.jns.cli.output.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code jns enter} and {@code jns unshare} ask of the native helper, without root: the
 * helper is replaced ({@code -Djns.nsexec}) by a script that writes down its arguments, so each
 * command line here is checked down to the helper's argv. Namespace files are the test JVM's own,
 * which any user may open.
 */
class ExecArgvTest {
    private static Path dir;
    private static Path fake;
    private static Path argvFile;
    private static final String SELF = Long.toString(ProcessHandle.current().pid());

    @BeforeAll
    static void fakeHelper() throws IOException {
        dir = Files.createTempDirectory("jns-execargv-");
        argvFile = dir.resolve("argv");
        fake = dir.resolve("fake-nsexec");
        Files.writeString(fake, "#!/bin/sh\nprintf '%s\\0' \"$@\" > '" + argvFile + "'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Test
    void enterTheTargetsOwn() throws IOException {
        assertEquals(List.of("--prog", "jns enter", "--ns", "net=/proc/" + SELF + "/ns/net",
                "--ns", "pid=/proc/" + SELF + "/ns/pid", "--fork", "--keep-credentials",
                "--root", "/proc/" + SELF + "/root", "--wd", "/proc/" + SELF + "/cwd", "--uid", "0", "--gid", "0",
                "--", "x", "y"),
                helperArgs("enter", "-t", SELF, "-p", "-n", "-r", "-w", "-S", "0", "-G", "0",
                        "--preserve-credentials", "--", "x", "y"));
    }

    @Test
    void enterFiles() throws IOException {
        assertEquals(List.of("--prog", "jns enter", "--ns", "net=/proc/self/ns/net", "--ns", "mnt=/proc/self/ns/mnt",
                "--wdns", "/", "--", "true", "-n"),
                helperArgs("enter", "--mount=/proc/self/ns/mnt", "-n=/proc/self/ns/net", "-F", "-W", "/", "true", "-n"));
    }

    @Test
    void enterWithTheTargetsEnvironment() throws IOException {
        assertEquals(List.of("--prog", "jns enter", "--ns", "uts=/proc/" + SELF + "/ns/uts",
                "--environ", "/proc/" + SELF + "/environ", "--env-unsafe", "--verbose", "--", "x"),
                helperArgs("--debug", "enter", "-t", SELF, "-u", "--env-unsafe", "x"));
        assertEquals(List.of("--prog", "jns enter", "--ns", "uts=/proc/" + SELF + "/ns/uts",
                "--environ", "/proc/" + SELF + "/environ", "--", "x"),
                helperArgs("enter", "-t", SELF, "-u", "-e", "x"));
    }

    @Test
    void unshareEverythingButLimits() throws IOException {
        Path keep = Files.createFile(dir.resolve("uts"));
        assertEquals(List.of("--prog", "jns unshare", "--new", "user", "--new", "uts", "--persist", "uts=" + keep,
                "--new", "pid", "--new", "mnt", "--new", "time", "--fork", "--kill-child", "1",
                "--map-user", "1", "--map-group", "2", "--setgroups", "deny", "--uid", "0", "--gid", "0",
                "--propagation", "slave", "--hostname", "h", "--root", "/", "--wd", "/", "--mount-proc", "/proc",
                "--monotonic", "1", "--boottime", "-2", "--", "x"),
                helperArgs("unshare", "-m", "-u=" + keep, "-p", "-f", "--mount-proc", "--map-user", "1", "--map-group", "2",
                        "--setgroups", "deny", "-S", "0", "-G", "0", "--propagation", "slave", "--kill-child", "HUP",
                        "-R", "/", "-w", "/", "-T", "--monotonic", "1", "--boottime", "-2", "--hostname", "h", "--", "x"));
    }

    @Test
    void unshareMapRootAndTheShell() throws IOException {
        String shell = System.getenv("SHELL");
        assertEquals(List.of("--prog", "jns unshare", "--new", "user", "--new", "net", "--map-user", "0", "--map-group", "0",
                "--", shell == null || shell.isEmpty() ? "/bin/sh" : shell),
                helperArgs("unshare", "-n", "-r"));
    }

    @Test
    void unshareRanges() throws IOException {
        assumeTrue(new dev.jns.cli.JnsCommand().asRoot(), "--map-users and --map-groups need root");
        assertEquals(List.of("--prog", "jns unshare", "--new", "user", "--uid-range", "0 100000 65536",
                "--gid-range", "100000 0 65536", "--gid-range", "1 2 3", "--", "x"),
                helperArgs("unshare", "--map-users", "0:100000:65536", "--map-groups", "0,100000,65536",
                        "--map-groups", "1:2:3", "x"));
    }

    /** Runs jns with the fake helper; its arguments after its own path. */
    private static List<String> helperArgs(String... args) throws IOException {
        Files.deleteIfExists(argvFile);
        String old = System.setProperty("jns.nsexec", fake.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            assertEquals(0, Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), args),
                    "jns " + String.join(" ", args) + ": " + err);
        } finally {
            if (old == null) {
                System.clearProperty("jns.nsexec");
            } else {
                System.setProperty("jns.nsexec", old);
            }
        }
        String words = Files.readString(argvFile);
        return new ArrayList<>(Arrays.asList(words.substring(0, words.length() - 1).split("\0", -1)));
    }
}

package dev.jns.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jns.cli.Main;
import dev.jns.cli.live.Tmux;
import dev.jns.cli.output.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, items 3 and 4, live: a process whose argv holds an OSC title sequence, BEL, DEL, C1
 * and an invalid byte, in a cgroup named with ESC, BEL and an invalid byte (in the unified
 * hierarchy and a v1 one), made as any local user could make them. Every text output of
 * {@code ls}, {@code cg ls}, {@code cg show}, {@code cgtop -b} and {@code top -b} (each view) holds
 * no control byte but the newline, no DEL and no C1 control, and shows the names escaped; the
 * JSON outputs parse and give the names back (U+FFFD for the invalid byte); the full-screen
 * {@code top} and {@code cgtop} on a real terminal stay up, show the names escaped, and leave the
 * terminal's title alone. Needs root; skips otherwise.
 */
@Tag("hostile")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EscapeHostileTest {
    static HostileNames names;
    private Tmux tmux;

    @BeforeAll
    static void makeNames() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/ns")), "needs /proc with namespaces");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: unshare -u, and cgroups beneath this JVM's");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")) && Files.isExecutable(Path.of("/bin/bash")),
                "needs unshare(1) and bash");
        names = HostileNames.start(Files.isDirectory(Path.of("/sys/fs/cgroup")));
    }

    @AfterAll
    static void cleanUp() {
        if (names != null) {
            names.close();
        }
    }

    @AfterEach
    void closeTmux() throws Exception {
        if (tmux != null) {
            tmux.close();
        }
    }

    record Result(int rc, String out, String err) {}

    /** jns in this JVM, as a pipe under a UTF-8 locale ({@code utf8}) or the C locale sees it. */
    static Result jns(boolean utf8, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(new Terminal(false, 0, false, utf8), new PrintWriter(out), new PrintWriter(err), args);
        return new Result(rc, out.toString(), err.toString());
    }

    /** No byte below 0x20 but the newline, no DEL, no C1 control in UTF-8, no lone surrogate; ASCII only under the C locale. */
    static void assertSafe(String what, String text, boolean utf8) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int at = i;
            assertTrue(c == '\n' || c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f),
                    () -> String.format("%s: U+%04X at %d in:%n%s", what, (int) c, at, text));
            assertFalse(Character.isSurrogate(c) && !(i + 1 < text.length() && Character.isSurrogatePair(c, text.charAt(i + 1)))
                    && !(i > 0 && Character.isSurrogatePair(text.charAt(i - 1), c)), () -> what + ": a lone surrogate in " + text);
            assertTrue(utf8 || c < 0x80, () -> what + ": not ASCII under the C locale: " + text);
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 1 < b.length; i++) {
            int at = i;
            assertFalse((b[i] & 0xff) == 0xc2 && (b[i + 1] & 0xff) >= 0x80 && (b[i + 1] & 0xff) <= 0x9f,
                    () -> what + ": a C1 control in UTF-8 at byte " + at);
        }
    }

    static Result ok(boolean utf8, String... args) {
        Result r = jns(utf8, args);
        assertEquals(0, r.rc(), () -> String.join(" ", args) + ": " + r);
        assertSafe(String.join(" ", args) + " (stdout)", r.out(), utf8);
        assertSafe(String.join(" ", args) + " (stderr)", r.err(), utf8);
        return r;
    }

    static String argv0(boolean utf8) {
        return utf8 ? HostileNames.ARGV0_UTF8 : HostileNames.ARGV0_C;
    }

    static String cgroup(boolean utf8) {
        return utf8 ? HostileNames.CGROUP_UTF8 : HostileNames.CGROUP_C;
    }

    @ParameterizedTest(name = "utf8={0}")
    @ValueSource(booleans = {true, false})
    void lsInEachShapeShowsTheCommandEscaped(boolean utf8) throws Exception {
        String ns = Long.toString(names.utsInode());
        for (List<String> args : List.of(List.of("ls"), List.of("ls", "-t", "uts"), List.of("ls", "-l"),
                List.of("ls", "--output-all"), List.of("ls", "-T"), List.of("ls", "-Tparent"), List.of("ls", ns))) {
            Result r = ok(utf8, args.toArray(new String[0]));
            assertTrue(r.out().lines().anyMatch(l -> l.contains(argv0(utf8) + " 600")), () -> args + ":\n" + r.out());
        }
        Result raw = ok(utf8, "ls", "-r", "-t", "uts");
        assertTrue(raw.out().contains(" X\\x1b]0;pwned\\x07\\x09T\\x5cx\\x5cy\\x7fD\\xc3\\xa9"), raw.out());
    }

    @ParameterizedTest(name = "utf8={0}")
    @ValueSource(booleans = {true, false})
    void lsJsonParsesAndGivesTheCommandBack(boolean utf8) throws Exception {
        long ns = names.utsInode();
        for (List<String> args : List.of(List.of("ls", "-J"), List.of("ls", "-J", "-l", "-t", "uts"), List.of("ls", "-J", "-T"))) {
            Result r = ok(utf8, args.toArray(new String[0]));
            JsonNode row = find(new ObjectMapper().readTree(r.out().getBytes(StandardCharsets.UTF_8)).get("namespaces"), ns);
            assertNotNull(row, () -> args + ": no row for " + ns + " in " + r.out());
            assertEquals(HostileNames.COMMAND.replace("\udcff", "\ufffd"), row.get("command").asText(), args::toString);
        }
    }

    private static JsonNode find(JsonNode rows, long ns) {
        for (JsonNode n : rows) {
            if (n.get("ns").asLong() == ns && n.get("type").asText().equals("uts")) {
                return n;
            }
            if (n.has("children")) {
                JsonNode f = find(n.get("children"), ns);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    @ParameterizedTest(name = "utf8={0}")
    @ValueSource(booleans = {true, false})
    void cgLsAndCgShowShowTheCgroupAndCommandEscaped(boolean utf8) {
        assumeTrue(names.parentPath() != null, "no cgroup hierarchy to make a cgroup in");
        Result ls = ok(utf8, "cg", "ls", names.parentPath());
        assertTrue(ls.out().contains((utf8 ? "\u2500" : "-") + cgroup(utf8) + "\n"), ls.out());
        assertTrue(ls.out().contains(names.pid() + " " + argv0(utf8) + " 600\n"), "its process, under it:\n" + ls.out());
        Result show = ok(utf8, "cg", "show", Long.toString(names.pid()));
        assertTrue(show.out().contains("cgroup " + names.parentPath() + "/" + cgroup(utf8) + " ("), show.out());
        long in = show.out().lines().filter(l -> l.startsWith("  in ") && l.endsWith(": " + names.parentPath() + "/" + cgroup(utf8)))
                .count();
        assertEquals(names.hierarchies().size(), in, "one placement line per hierarchy it was moved in:\n" + show.out());
        Result json = ok(utf8, "cg", "show", "--json", Long.toString(names.pid()));
        assertTrue(json.out().contains("\\u001b]0;pwned\\u0007"), json.out());
        Result tree = ok(utf8, "cg", "ls", "--json", names.parentPath());
        assertTrue(tree.out().contains("\\u001b]0;pwned\\u0007"), tree.out());
        assertFalse(tree.out().contains("\u001b"), "no raw ESC: " + tree.out());
    }

    @ParameterizedTest(name = "utf8={0}")
    @ValueSource(booleans = {true, false})
    void cgtopBatchAndJson(boolean utf8) throws Exception {
        assumeTrue(names.parentPath() != null, "no cgroup hierarchy to make a cgroup in");
        Result text = ok(utf8, "cgtop", "-b", "-n", "1", "-d", "100ms", names.parentPath());
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith(names.parentPath() + "/" + cgroup(utf8) + " ")), text.out());
        Result json = ok(utf8, "cgtop", "--json", "-n", "1", "-d", "100ms", names.parentPath());
        JsonNode doc = new ObjectMapper().readTree(json.out().getBytes(StandardCharsets.UTF_8));
        List<String> paths = new ArrayList<>();
        doc.get("cgroups").forEach(c -> paths.add(c.get("path").asText()));
        assertTrue(paths.contains(names.cgroupPath().replace("\udcff", "\ufffd")), paths.toString());
    }

    @ParameterizedTest(name = "utf8={0}")
    @ValueSource(booleans = {true, false})
    void topBatchInEachView(boolean utf8) {
        Result processes = ok(utf8, "top", "-b", "-n", "1", "-d", "100ms", "--view", "processes");
        assertTrue(processes.out().lines().anyMatch(l -> l.contains(argv0(utf8) + " 600")), processes.out());
        Result json = ok(utf8, "top", "--json", "-n", "1", "-d", "100ms", "--view", "processes");
        assertTrue(json.out().contains("\\u001b]0;pwned\\u0007"), json.out());
        assertFalse(json.out().contains("\u001b"), "no raw ESC: " + json.out());
        Result namespaces = ok(utf8, "top", "-b", "-n", "1", "--view", "namespaces");
        assertTrue(namespaces.out().lines().anyMatch(l -> l.contains(argv0(utf8) + " 600")), namespaces.out());
        if (names.parentPath() != null) {
            assertTrue(processes.out().contains(" " + names.parentPath() + "/ev\\x1b]0;pw"), "the CGROUP column:\n" + processes.out());
            Result cgroups = ok(utf8, "top", "-b", "-n", "1", "-d", "100ms", "--view", "cgroups", "--depth", "9");
            assertTrue(cgroups.out().lines().anyMatch(l -> l.contains(" " + cgroup(utf8))), cgroups.out());
        }
    }

    @Test
    void errorsNameTheCgroupEscaped() {
        Result r = jns(true, "cg", "show", "/no-such-\u001b]0;pwned\u0007-x");
        assertEquals(1, r.rc(), r.toString());
        assertSafe("cg show of a missing cgroup", r.err(), true);
        assertTrue(r.err().contains("no such cgroup: /no-such-\\x1b]0;pwned\\x07-x"), r.err());
    }

    @Test
    void fullScreenTopStaysUpAndShowsTheCommandEscaped() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "needs tmux for a real terminal");
        tmux = new Tmux("jns-escape-top", 160, 30, "LC_ALL=C.UTF-8 " + Tmux.jns("top", "-d", "300ms")
                + "; echo EXITED=$?; stty -a; sleep 60");
        tmux.await("the process view", s -> s.contains(" PID(n) USER"));
        tmux.keys("/");
        tmux.keys("p", "w", "n", "e", "d", "Enter");
        tmux.await("the hostile process, escaped", s -> s.contains(HostileNames.ARGV0_UTF8.substring(0, 30)));
        assertFalse(tmux.screen().contains("internal error"), tmux.screen());
        assertFalse(tmux.paneTitle().contains("pwned"), "the terminal's title was set: " + tmux.paneTitle());
        tmux.keys("Enter");
        tmux.await("its details", s -> s.contains("command   " + HostileNames.ARGV0_UTF8.substring(0, 30)));
        tmux.keys("Escape", "q");
        tmux.assertRestored("EXITED=0", " PID(n) ");
    }

    @Test
    void fullScreenCgtopStaysUpAndShowsTheCgroupEscaped() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "needs tmux for a real terminal");
        assumeTrue(names.parentPath() != null, "no cgroup hierarchy to make a cgroup in");
        tmux = new Tmux("jns-escape-cgtop", 160, 30, "LC_ALL=C " + Tmux.jns("cgtop", "-d", "300ms", names.parentPath())
                + "; echo EXITED=$?; stty -a; sleep 60");
        tmux.await("the hostile cgroup, escaped (C locale)", s -> s.contains("  " + HostileNames.CGROUP_C + " "));
        assertFalse(tmux.paneTitle().contains("pwned"), "the terminal's title was set: " + tmux.paneTitle());
        tmux.keys("Down", "Enter"); // the first row (the parent) starts selected
        tmux.await("its process, in the process view of the cgroup", s -> s.contains("in " + names.parentPath() + "/"
                + HostileNames.CGROUP_C + " (Esc: all)") && s.contains(HostileNames.ARGV0_C.substring(0, 30)));
        tmux.keys("q");
        tmux.assertRestored("EXITED=0", "Control Group");
    }
}

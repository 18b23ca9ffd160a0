package dev.jns.cli.hostile;

import dev.jns.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jns.core.text.Utf8;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, item 4: byte parity with util-linux {@code lsns} (2.38 or later) for a process whose
 * argv holds ESC, BEL, a tab, a backslash before x and before y, DEL, é, 中, 0xFF, the 8-bit CSI,
 * RLO and a combining accent. jns runs as a separate JVM, as a user runs it, on a pipe, under
 * {@code LC_ALL=C} and {@code LC_ALL=C.UTF-8}; lsns the same way. Text, raw and tree output must
 * be the same bytes. JSON is the same document, by the documented differences: lsns writes the
 * argument's bytes as they are (0xFF: not UTF-8, so not JSON; DEL and C1 raw), jns writes U+FFFD
 * for an invalid byte, <code>&#92;u007f</code> and <code>&#92;u0080</code>-<code>&#92;u009f</code> for DEL
 * and C1, and under a locale that is not UTF-8 <code>&#92;uXXXX</code> for every character that is not ASCII.
 * Needs root (unshare -u); skips without it or without lsns 2.38.
 */
@Tag("hostile")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EscapeLsnsParityHostileTest {
    static HostileNames names;
    static String lsns;
    static String ns;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: unshare -u");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")) && Files.isExecutable(Path.of("/bin/bash")),
                "needs unshare(1) and bash");
        lsns = Files.isExecutable(Path.of("/usr/bin/lsns")) ? "/usr/bin/lsns" : "/bin/lsns";
        assumeTrue(Files.isExecutable(Path.of(lsns)), "needs util-linux lsns");
        Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(new String(run(List.of(lsns, "--version"), "C"),
                StandardCharsets.UTF_8));
        assumeTrue(m.find() && (Integer.parseInt(m.group(1)) > 2 || Integer.parseInt(m.group(2)) >= 38),
                "needs lsns 2.38 or later");
        names = HostileNames.start(false);
        ns = Long.toString(names.utsInode());
    }

    @AfterAll
    static void stop() {
        if (names != null) {
            names.close();
        }
    }

    /** Runs argv under LC_ALL={@code locale}, on pipes, and returns its stdout; fails on a status other than 0. */
    static byte[] run(List<String> argv, String locale) throws IOException, InterruptedException {
        return run(argv, locale, true);
    }

    /** As {@link #run(List, String)}; null on a status other than 0 unless {@code strict}. */
    static byte[] run(List<String> argv, String locale, boolean strict) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("LC_ALL", locale);
        pb.environment().remove("COLUMNS");
        Process p = pb.start();
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(argv + " did not end");
        }
        if (!strict && p.exitValue() != 0) {
            return null;
        }
        assertEquals(0, p.exitValue(), () -> argv + ": " + new String(err.join(), StandardCharsets.UTF_8));
        return out;
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }

    static byte[] jns(String locale, List<String> args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.jns.cli.Main", "ls"));
        argv.addAll(args);
        return run(argv, locale);
    }

    static byte[] lsns(String locale, List<String> args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(lsns));
        argv.addAll(args);
        return run(argv, locale);
    }

    static String show(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            s.append(c == '\n' ? "\\n\n" : c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("<%02x>", c));
        }
        return s.toString();
    }

    static void assertSameBytes(byte[] want, byte[] got, String what) {
        if (!Arrays.equals(want, got)) {
            fail(what + ": lsns and jns differ\n--- lsns ---\n" + show(want) + "\n--- jns ---\n" + show(got));
        }
    }

    /** The lines of {@code out} that hold the namespace of the process. */
    static List<String> lineOf(byte[] out) {
        List<String> l = new ArrayList<>();
        for (String line : new String(out, StandardCharsets.ISO_8859_1).split("\n")) {
            if (line.contains(ns)) {
                l.add(line);
            }
        }
        return l;
    }

    /** The namespace's processes: one row, the same whatever else the host runs. */
    @ParameterizedTest(name = "LC_ALL={0}")
    @ValueSource(strings = {"C", "C.UTF-8"})
    void textAndRawOfTheNamespaceAreTheSameBytes(String locale) throws Exception {
        for (List<String> args : List.of(List.of(ns), List.of("-o", "NS,PID,PPID,COMMAND,UID,USER", ns),
                List.of("-r", ns), List.of("-r", "-o", "NS,PID,COMMAND,USER", ns), List.of("-n", "-o", "COMMAND,PID", ns))) {
            byte[] want = lsns(locale, args);
            assertTrue(new String(want, StandardCharsets.ISO_8859_1).contains("pwned"), () -> "lsns " + args + ": " + show(want));
            assertSameBytes(want, jns(locale, args), "ls " + String.join(" ", args) + " under LC_ALL=" + locale);
        }
    }

    /**
     * The process's namespaces in the process tree and in lsns's owner tree (its uts namespace under
     * the user namespace that owns it): the process's line is the same bytes; the whole output too
     * when the host's namespaces did not change between the two lsns runs around jns. (Not all uts
     * namespaces: tests that start a hundred namespaces a second beside this one make that flaky.)
     */
    @ParameterizedTest(name = "LC_ALL={0}")
    @ValueSource(strings = {"C", "C.UTF-8"})
    void theProcessTreeAndTheOwnerTreeAreTheSameBytes(String locale) throws Exception {
        // -p: the namespaces of the process only, so that what other tests make meanwhile (jns also
        // lists namespaces held by a bind mount or an fd, lsns 2.38 does not) stays out; not -T -t
        // uts: lsns 2.38 then adds the owning user namespace, jns does not, escaping aside
        String pid = Long.toString(names.pid());
        for (List<String> args : List.of(List.of("-p", pid, "-o", "NS,TYPE,PID,COMMAND,USER"),
                List.of("-T", "-p", pid, "-o", "NS,TYPE,PID,COMMAND,USER"), List.of("-r", "-T", "-p", pid, "-o", "NS,PID,COMMAND"))) {
            String what = "ls " + String.join(" ", args) + " under LC_ALL=" + locale;
            List<String> argv = new ArrayList<>(List.of(lsns));
            argv.addAll(args);
            for (int attempt = 1; ; attempt++) {
                // lsns itself exits 1 now and then when a process ends while it reads: that is churn too
                byte[] before = run(argv, locale, attempt == 5);
                byte[] got = jns(locale, args);
                byte[] after = run(argv, locale, attempt == 5);
                if (before == null || after == null) {
                    continue;
                }
                assertEquals(1, lineOf(before).size(), () -> what + ": lsns has no single line for " + ns + ":\n" + show(before));
                if (Arrays.equals(before, after)) {
                    assertSameBytes(before, got, what);
                    System.out.println(what + ": whole output compared, attempt " + attempt);
                    break;
                }
                if (attempt == 5) {
                    // the host keeps changing: compare the process's own line (its widths may differ: see the message)
                    assertEquals(lineOf(before), lineOf(got), what + " (host churn)");
                    System.out.println(what + ": the host kept changing; its line compared");
                    break;
                }
            }
        }
    }

    /**
     * lsns's JSON with the documented differences applied: each byte of invalid UTF-8 as U+FFFD,
     * DEL and C1 controls as JSON escapes, and (for an output that is not UTF-8) every character
     * that is not ASCII as a JSON escape.
     */
    static String documented(byte[] lsnsJson, boolean ascii) {
        String s = Utf8.decode(lsnsJson);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Utf8.isEscapedByte(cp)) {
                cp = 0xfffd;
            }
            if (cp == 0x7f || cp >= 0x80 && cp <= 0x9f) {
                b.append(String.format("\\u%04x", cp));
            } else if (ascii && cp >= 0x80) {
                for (char c : Character.toChars(cp)) {
                    b.append(String.format("\\u%04x", (int) c));
                }
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    @ParameterizedTest(name = "LC_ALL={0}")
    @ValueSource(strings = {"C", "C.UTF-8"})
    void jsonIsLsnssByTheDocumentedDifferences(String locale) throws Exception {
        for (List<String> args : List.of(List.of("-J", ns), List.of("-J", "-o", "NS,PID,COMMAND,USER", ns))) {
            byte[] want = lsns(locale, args);
            byte[] got = jns(locale, args);
            String jnsText = new String(got, StandardCharsets.UTF_8);
            assertTrue(Arrays.equals(got, jnsText.getBytes(StandardCharsets.UTF_8)), "jns's JSON is valid UTF-8");
            assertEquals(documented(want, locale.equals("C")), jnsText, "ls " + String.join(" ", args) + " under LC_ALL=" + locale);
            JsonNode doc = new ObjectMapper().readTree(got);
            assertEquals(HostileNames.COMMAND.replace("\udcff", "\ufffd"), doc.get("namespaces").get(0).get("command").asText());
        }
    }
}

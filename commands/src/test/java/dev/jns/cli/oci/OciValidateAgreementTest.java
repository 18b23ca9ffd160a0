package dev.jns.cli.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.cli.Main;
import dev.jns.cli.output.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One argument parser: {@code jns oci validate}'s fast path ({@link OciValidateFast}, then picocli
 * when it declines, as {@code Main.main} runs them) and picocli alone agree on a few hundred
 * generated command lines: the same exit status, the same stdout, the same stderr. Repeated
 * single-value options, unknown options, missing values, {@code @files} and the like are refused by
 * picocli in both.
 */
class OciValidateAgreementTest {
    /** Command lines generated (seeded: the same every run). */
    static final int LINES = 400;

    @TempDir
    Path tmp;
    Path bundle;
    Path proc;

    @BeforeEach
    void fixture() throws IOException {
        Path[] bp = OciValidateCommandTest.bundleAndProc(tmp, OciValidateCommandTest.VALID
                .replace("\"PATH=/bin\"", "\"1X=y\", \"PATH=/bin\""));
        bundle = bp[0];
        proc = bp[1];
    }

    private record Outcome(int rc, String out, String err) {}

    /** What {@code Main.main} does: the fast path, or picocli when it declines. */
    private static Outcome combined(String[] args, boolean[] fast) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Integer rc = OciValidateFast.tryRun(args, Terminal.plain(), new PrintWriter(out), new PrintWriter(err));
        fast[0] = rc != null;
        if (rc == null) {
            return picocli(args);
        }
        return new Outcome(rc, out.toString(), err.toString());
    }

    private static Outcome picocli(String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(rc, out.toString(), err.toString());
    }

    /** Seeded command lines: global options, `oci validate`, then options, values and paths in any order. */
    private List<String[]> lines() {
        String[] global = {"--debug", "--proc-root", proc.toString(), "--proc-root=" + proc, "--sys-root=/", "--sys-root", "/"};
        String[] words = {"--json", "--json", "--strict", "--strict", "--no-host", "--no-host", "--runtime", "none",
            "--runtime=none", "--runtime=runc", "--runtime=crun", "--runtime=", "--runtime=no-such-runtime-jns", "--list-rules",
            "--debug", "--proc-root", "--proc-root=" + proc, "--sys-root=/", "--bogus", "-j", "--", "--json=true",
            "--runtime", "--no-host=false", bundle.toString(), bundle.toString(), bundle.resolve("config.json").toString(),
            tmp.resolve("missing").toString(), "", "@" + tmp.resolve("argfile"), "-", "validate", "oci", "--help"};
        Random r = new Random(13);
        List<String[]> all = new ArrayList<>();
        String[] plain = {"--json", "--strict", "--no-host", "--runtime=none", "--debug", "--proc-root=" + proc, "--sys-root=/"};
        for (int n = 0; n < LINES; n++) {
            List<String> a = new ArrayList<>();
            if (n % 2 == 0) {
                // a plain line: each option at most once, in any order (the fast path takes these)
                a.addAll(List.of("oci", "validate"));
                List<String> opts = new ArrayList<>(List.of(plain));
                java.util.Collections.shuffle(opts, r);
                a.addAll(opts.subList(0, r.nextInt(opts.size() + 1)));
                a.add(2 + r.nextInt(a.size() - 1), bundle.toString());
                if (!a.contains("--runtime=none") && r.nextBoolean()) {
                    int at = 2 + r.nextInt(a.size() - 1);
                    a.add(at, "--runtime");
                    a.add(at + 1, "none");
                }
                all.add(a.toArray(new String[0]));
                continue;
            }
            int g = r.nextInt(4);
            for (int k = 0; k < g; k++) {
                a.add(global[r.nextInt(global.length)]);
            }
            a.add("oci");
            a.add("validate");
            int w = r.nextInt(6);
            for (int k = 0; k < w; k++) {
                a.add(words[r.nextInt(words.length)]);
            }
            if (r.nextInt(3) > 0 && !a.contains(bundle.toString())) {
                a.add(bundle.toString());
            }
            all.add(a.toArray(new String[0]));
        }
        return all;
    }

    @Test
    void theFastPathAndPicocliAgreeOnEveryCommandLine() throws IOException {
        Files.writeString(tmp.resolve("argfile"), "--json\n");
        int fastRuns = 0;
        int refused = 0;
        List<String[]> lines = lines();
        for (String[] args : lines) {
            boolean[] fast = new boolean[1];
            Outcome c = combined(args, fast);
            Outcome p = picocli(args);
            String line = String.join(" ", args);
            assertEquals(p.rc(), c.rc(), "exit status of: " + line);
            assertEquals(p.out(), c.out(), "stdout of: " + line);
            assertEquals(p.err(), c.err(), "stderr of: " + line);
            assertTrue(p.rc() == 0 || p.rc() == 1 || p.rc() == 2, "exit status " + p.rc() + " of: " + line);
            assertTrue(!p.err().contains("\tat "), "no stack trace: " + line);
            fastRuns += fast[0] ? 1 : 0;
            refused += p.rc() == 2 ? 1 : 0;
        }
        System.out.println("OciValidateAgreementTest: " + lines.size() + " command lines agree; " + fastRuns
                + " through the fast path, " + refused + " refused (exit 2)");
        assertEquals(LINES, lines.size());
        // both kinds are exercised: plain lines the fast path runs, and lines picocli refuses
        assertTrue(fastRuns >= LINES / 5, fastRuns + " of " + LINES + " went through the fast path");
        assertTrue(refused >= LINES / 10, refused + " of " + LINES + " were refused");
    }

    @Test
    void repeatedOptionsAreRefusedAsPicocliRefusesThem() {
        String b = bundle.toString();
        for (String[] rest : new String[][] {{"--json", "--json"}, {"--strict", "--strict"}, {"--no-host", "--no-host"},
            {"--runtime=runc", "--runtime=crun"}, {"--runtime", "none", "--runtime", "none"}, {"--proc-root=/proc", "--proc-root=/proc"}}) {
            List<String> a = new ArrayList<>(List.of("oci", "validate"));
            a.addAll(List.of(rest));
            a.add(b);
            String[] args = a.toArray(new String[0]);
            assertNull(OciValidateFast.parse(args), String.join(" ", args));
            Outcome p = picocli(args);
            assertEquals(2, p.rc(), String.join(" ", args) + ": " + p);
            assertTrue(p.err().contains("should be specified only once"), p.err());
        }
    }
}

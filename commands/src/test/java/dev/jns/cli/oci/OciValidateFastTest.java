package dev.jns.cli.oci;

import dev.jns.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jns.cli.output.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The picocli-free path of {@code jns oci validate} prints exactly what the picocli command prints,
 * with the same exit status, and hands every other command line back to picocli.
 */
class OciValidateFastTest {
    @TempDir
    Path tmp;
    Path bundle;
    Path proc;

    @BeforeEach
    void fixture() throws IOException {
        bundle = tmp.resolve("bundle");
        Files.createDirectories(bundle.resolve("rootfs/bin"));
        Path sh = bundle.resolve("rootfs/bin/sh");
        Files.writeString(sh, "");
        Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(bundle.resolve("config.json"), OciValidateCommandTest.VALID);
        proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("self/ns"));
        for (String ns : new String[] {"pid", "uts", "mnt"}) {
            Files.writeString(proc.resolve("self/ns/" + ns), "");
        }
    }

    private String[] args(String... rest) {
        List<String> all = new ArrayList<>(List.of("--proc-root", proc.toString(), "oci", "validate"));
        all.addAll(List.of(rest));
        return all.toArray(new String[0]);
    }

    private static String[] both(int[] rc, String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Integer fast = OciValidateFast.tryRun(args, Terminal.plain(), new PrintWriter(out), new PrintWriter(err));
        assertNotNull(fast, String.join(" ", args));
        StringWriter pout = new StringWriter();
        StringWriter perr = new StringWriter();
        rc[0] = fast;
        rc[1] = Main.run(Terminal.plain(), new PrintWriter(pout), new PrintWriter(perr), args);
        return new String[] {out.toString(), err.toString(), pout.toString(), perr.toString()};
    }

    private void assertSame(String[] args) {
        int[] rc = new int[2];
        String[] o = both(rc, args);
        assertEquals(rc[1], rc[0], "exit status of " + String.join(" ", args));
        assertEquals(o[2], o[0], "stdout of " + String.join(" ", args));
        assertEquals(o[3], o[1], "stderr of " + String.join(" ", args));
    }

    @Test
    void sameOutputAsPicocli() throws IOException {
        assertSame(args(bundle.toString()));
        assertSame(args("--json", bundle.toString()));
        assertSame(args("--no-host", "--strict", bundle.toString()));
        assertSame(args("--runtime", "no-such-runtime-jns", bundle.toString()));
        assertSame(args("--runtime=no-such-runtime-jns", bundle.toString()));
        assertSame(args(tmp.resolve("missing").toString()));
        assertSame(args("--json", tmp.resolve("missing").toString()));
        Files.writeString(bundle.resolve("config.json"), OciValidateCommandTest.VALID.replace("\"mount\"", "\"pid\"")
                .replace("\"PATH=/bin\"", "\"1X=y\", \"PATH=/bin\""));
        assertSame(args(bundle.toString()));
        assertSame(args("--strict", bundle.toString()));
        assertSame(args("--json", bundle.toString()));
        assertSame(new String[] {"oci", "validate", "--proc-root=" + proc, bundle.toString()});
        assertSame(new String[] {"--debug", "--sys-root", "/", "--proc-root", proc.toString(), "oci", "validate", bundle.toString()});
    }

    @Test
    void everythingElseGoesToPicocli() {
        for (String[] a : new String[][] {
            args("--help"), args("-h"), args("--list-rules"), args("--version"), args("--no-such-option"),
            args("a", "b"), args("--runtime"), args("--runtime", "--json"), args("--"), {"oci"}, {"oci", "inspect", "x"},
            {"ls", "-t", "pid"}, {"--proc-root"}, {"validate", "oci"}}) {
            assertNull(OciValidateFast.parse(a), String.join(" ", a));
        }
    }

    @Test
    void theTrainingRunExercisesBothPathsAndCleansUp() throws IOException {
        long before;
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            before = s.filter(p -> p.getFileName().toString().startsWith("jns-train-")).count();
        }
        for (String group : Main.TRAINING_GROUPS) {
            StringWriter out = new StringWriter();
            assertEquals(0, Main.train(new PrintWriter(out), group));
            String o = out.toString();
            boolean all = group.equals("main");
            // each group runs its own commands only (the main cache's run: all of them)
            assertEquals(all || group.equals("ls"), o.contains("NS TYPE NPROCS"), group + ": " + o);
            assertEquals(all || group.equals("help"), o.contains("Usage: jns ls"), group + ": " + o);
            boolean oci = all || group.equals("oci-validate");
            // the validation ran whole on its runc-spec-shaped bundle: its findings printed, nothing failed
            assertEquals(oci, o.contains("error[linux.namespaces.duplicate]"), group + ": " + o);
            assertEquals(oci, o.contains("warning[process.capabilities.ambient-not-inheritable]"), group + ": " + o);
            assertFalse(o.contains("training: "), group + ": " + o);
        }
        StringWriter out = new StringWriter();
        assertEquals(2, Main.train(new PrintWriter(out), "lss"));
        assertTrue(out.toString().contains("unknown group lss"), out.toString());
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertEquals(before, s.filter(p -> p.getFileName().toString().startsWith("jns-train-")).count());
        }
    }
}

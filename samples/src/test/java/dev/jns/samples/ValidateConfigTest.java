package dev.jns.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateConfigTest {
    private static final Path SAMPLES = Path.of("oci-bundles").toAbsolutePath();

    @TempDir
    Path tmp;

    private record Out(int rc, List<String> lines) {}

    private static Out run(Path path, boolean host) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = ValidateConfig.run(path, host, Path.of("/proc"), new PrintStream(buf, true, StandardCharsets.UTF_8));
        return new Out(rc, buf.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void theGoodSampleHasNoErrors() {
        Out o = run(SAMPLES.resolve("hello"), false);
        assertEquals(0, o.rc(), o.toString());
        // runc spec's default capabilities give warnings (ambient, not inheritable), no errors
        assertTrue(o.lines().get(o.lines().size() - 1).startsWith(SAMPLES.resolve("hello/config.json") + ": valid, 0 errors, "), o.toString());
        assertTrue(o.lines().stream().noneMatch(l -> l.contains(" error[")), o.toString());
    }

    @Test
    void aDuplicateNamespaceIsAnErrorWithItsPlace() {
        Out o = run(SAMPLES.resolve("duplicate-namespace"), false);
        assertEquals(1, o.rc(), o.toString());
        assertTrue(o.lines().stream().anyMatch(l -> l.matches(
                "[1-9][0-9]*:[1-9][0-9]* error\\[linux\\.namespaces\\.duplicate\\] .*pid.* \\(/linux/namespaces/[0-9]+\\)")),
                o.toString());
        assertTrue(o.lines().get(o.lines().size() - 1).matches(".*/config\\.json: invalid, 1 error, [0-9]+ warnings?"), o.toString());
    }

    /** The config file itself, not only its bundle; and with the host layer, the missing rootfs. */
    @Test
    void aConfigFileAndTheHostLayer() {
        Path config = SAMPLES.resolve("hello/config.json");
        assertEquals(0, run(config, false).rc());
        // the config alone is fine; the host layer finds that the bundle has no rootfs
        assertEquals(0, run(SAMPLES.resolve("rootfs-missing"), false).rc());
        Out host = run(SAMPLES.resolve("rootfs-missing"), true);
        assertEquals(1, host.rc(), host.toString());
        assertTrue(host.lines().stream().anyMatch(l -> l.contains(" error[host.rootfs.missing] ")), host.toString());
    }

    @Test
    void unreadableInputIsTwo() throws Exception {
        Out missing = run(tmp.resolve("no-such-bundle"), false);
        assertEquals(2, missing.rc(), missing.toString());
        assertEquals(List.of(tmp.resolve("no-such-bundle") + ": no such file"), missing.lines());
        Path bad = Files.writeString(tmp.resolve("config.json"), "{\"ociVersion\": ");
        Out syntax = run(bad, false);
        assertEquals(1, syntax.rc(), "malformed JSON is a finding, not unreadable: " + syntax);
        assertTrue(syntax.lines().get(0).matches("1:[0-9]+ error\\[json\\.syntax\\] .*"), syntax.toString());
    }
}

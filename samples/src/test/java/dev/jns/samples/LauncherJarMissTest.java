package dev.jns.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jns.samples.experiments.Experiment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 2: a started `jns ls -t pid` opens no jar but jns.jar. A class looked up and not
 * found (picocli's groovy.lang.Closure was one) makes the JVM open every jar of the class path
 * before it fails: 25 jars here, milliseconds at every start. strace shows the opens; the test
 * skips without strace (Debian package strace).
 */
class LauncherJarMissTest {
    @Test
    void jnsLsOpensNoJarButItsOwn() throws Exception {
        Path repo = Experiment.repo();
        assumeTrue(Files.isRegularFile(repo.resolve("commands/target/jns.jar")), "needs commands/target/jns.jar");
        Path strace = null;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, "strace");
            if (Files.isExecutable(p)) {
                strace = p;
                break;
            }
        }
        assumeTrue(strace != null, "strace is not installed");
        Path jns = repo.resolve("jns");
        run(List.of(jns.toString(), "ls", "-t", "pid"));   // the start-up cache made, if it was not
        Path log = Files.createTempFile("jns-strace-", ".log");
        try {
            int rc = run(List.of(strace.toString(), "-f", "-e", "trace=openat", "-o", log.toString(), jns.toString(), "ls", "-t", "pid"));
            assumeTrue(rc == 0 || Files.size(log) > 0, "strace cannot trace here (ptrace refused?)");
            Set<String> jars = new TreeSet<>();
            for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                int q = l.indexOf("openat(");
                int open = l.indexOf('"', q);
                int close = open < 0 ? -1 : l.indexOf('"', open + 1);
                if (q >= 0 && close > open && l.substring(open + 1, close).endsWith(".jar") && !l.contains("= -1")) {
                    jars.add(Path.of(l.substring(open + 1, close)).getFileName().toString());
                }
            }
            assertTrue(!jars.isEmpty(), "no jar opened at all: is this the launcher?");
            assertEquals(Set.of("jns.jar"), jars, "jars opened by `jns ls -t pid`");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static int run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), cmd + " did not end");
        return p.exitValue();
    }
}

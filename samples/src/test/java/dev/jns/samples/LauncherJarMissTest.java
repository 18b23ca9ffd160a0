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
 * Issue 14, item 2: a started `jns ls -t pid` opens no jar but jns.jar (nor do `jns enter` and
 * `jns unshare`, whose classes the launcher's training run loads too; with the JDK on PATH only:
 * from JDK 23 on, ProcessBuilder.start logs through a System.Logger, whose first use looks for a
 * LoggerFinder service in every jar of the class path, after the helper has started). A class looked up and not
 * found (picocli's groovy.lang.Closure was one) makes the JVM open every jar of the class path
 * before it fails: 25 jars here, milliseconds at every start. strace shows the opens; the test
 * skips without strace (Debian package strace). The same holds for `jns oci validate`, which has a
 * start-up cache of its own: a jar opened there means a class its cache lacks (or a cache refused).
 * Each runs with the JDK on PATH and, where it is installed, with Temurin 25, whose System.exit
 * looks up a logger service in every jar (issue 14, item 3: these commands halt instead).
 */
class LauncherJarMissTest {
    @Test
    void jnsLsOpensNoJarButItsOwn() throws Exception {
        opensOnlyJnsJar("ls", "-t", "pid");
    }

    @Test
    void jnsOciValidateOpensNoJarButItsOwn() throws Exception {
        Path bundle = Experiment.repo().resolve("samples/oci-bundles/hello");
        assumeTrue(Files.isRegularFile(bundle.resolve("config.json")), "needs the sample bundle " + bundle);
        opensOnlyJnsJar("oci", "validate", bundle.toString());
    }

    @Test
    void jnsUnshareOpensNoJarButItsOwn() throws Exception {
        assumeTrue(root(), "unshare -n needs root");
        opensOnlyJnsJarWith("", "unshare", "-n", "--", "true");
    }

    @Test
    void jnsEnterOpensNoJarButItsOwn() throws Exception {
        assumeTrue(root(), "enter -n needs root");
        Process target = new ProcessBuilder("sleep", "60").start();
        try {
            opensOnlyJnsJarWith("", "enter", "-t", Long.toString(target.pid()), "-n", "--", "true");
        } finally {
            target.destroyForcibly().waitFor();
        }
    }

    private static boolean root() throws java.io.IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    /** JAVA_HOME values to run with: "" (the java on PATH), and Temurin 25 where installed. */
    private static List<String> javaHomes() {
        Path t25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        return Files.isExecutable(t25.resolve("bin/java")) ? List.of("", t25.toString()) : List.of("");
    }

    private static void opensOnlyJnsJar(String... args) throws Exception {
        for (String home : javaHomes()) {
            opensOnlyJnsJarWith(home, args);
        }
    }

    private static void opensOnlyJnsJarWith(String javaHome, String... args) throws Exception {
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
        List<String> cmd = new java.util.ArrayList<>(List.of(jns.toString()));
        cmd.addAll(List.of(args));
        run(javaHome, cmd);   // the start-up cache made, if it was not
        Path log = Files.createTempFile("jns-strace-", ".log");
        try {
            List<String> traced = new java.util.ArrayList<>(List.of(strace.toString(), "-f", "-e", "trace=openat", "-o", log.toString()));
            traced.addAll(cmd);
            int rc = run(javaHome, traced);
            assumeTrue(rc <= 1 || Files.size(log) > 0, "strace cannot trace here (ptrace refused?)");
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
            assertEquals(Set.of("jns.jar"), jars, "jars opened by `jns " + String.join(" ", args) + "`"
                    + (javaHome.isEmpty() ? "" : " with JAVA_HOME=" + javaHome));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static int run(String javaHome, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (javaHome.isEmpty()) {
            pb.environment().remove("JAVA_HOME");
        } else {
            pb.environment().put("JAVA_HOME", javaHome);
        }
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), cmd + " did not end");
        return p.exitValue();
    }
}

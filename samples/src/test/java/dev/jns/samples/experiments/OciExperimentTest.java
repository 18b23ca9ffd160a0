package dev.jns.samples.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Experiment 14: a busybox bundle, {@code jns oci spec}, {@code validate} (good, then broken once
 * per layer), {@code inspect}, and runc's create, start, state and delete on it. The experiment runs
 * once; each test checks one of its promises.
 */
@Tag("live")
class OciExperimentTest {
    private static final String DIR = "14-oci-bundle";
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static Experiment.Result result;

    @BeforeAll
    static void runOnce() {
        Experiment.assumeRunnable();
        assumeTrue(Files.isExecutable(BUSYBOX), "needs " + BUSYBOX + " for the rootfs (apt-get install busybox-static)");
        result = Experiment.run(DIR);
    }

    private static void assumeRunc() {
        Experiment.assumeCommand("runc");
    }

    @Test
    void specWritesAConfigThatValidates() {
        assertEquals("yes", result.get("config_written"), result.toString());
        assertEquals("0", result.get("validate_status"), result.toString());
        assertTrue(result.output().contains("bundle/config.json: valid (checked: spec, host"), result.toString());
    }

    /** Each broken copy: exit 1 and exactly one error, of the rule that teaches its layer. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "schema, schema.type",
        "semantics, linux.namespaces.duplicate",
        "host, host.args0.not-found",
    })
    void eachBreakageIsOneErrorOfItsLayer(String layer, String rule) {
        assertEquals("1", result.get(layer + "_status"), result.toString());
        assertEquals(rule, result.get(layer + "_errors"), result.toString());
    }

    /** A runtime's refusal (runc's, not the spec's): an error with runc on PATH, valid under --no-host. */
    @Test
    void aRuntimeRuleIsTheRuntimeLayersOnly() {
        assertEquals("0", result.get("spec_only_status"), result.toString());
        Experiment.assumeCommand("runc");
        assertEquals("1", result.get("runtime_status"), result.toString());
        assertEquals("linux.hostname.no-uts-namespace", result.get("runtime_errors"), result.toString());
        assertTrue(result.output().contains("(checked: spec, host, runtime runc "), result.toString());
        assertTrue(result.output().contains("hostname-no-uts/config.json: valid (checked: spec)"), result.toString());
    }

    @Test
    void inspectPrintsItsRiskSummary() {
        List<String> inspect = Experiment.block(result, "./jns oci inspect bundle");
        assertEquals("bundle/config.json (ociVersion 1.0.2-dev)", inspect.get(0), result.toString());
        // runc's default config: root without a user namespace, no seccomp, no limits
        assertTrue(result.number("risks") >= 4, result.toString());
        for (String risk : List.of("user.root-without-userns", "seccomp.none", "limits.no-memory", "limits.no-pids")) {
            assertTrue(result.output().lines().anyMatch(l -> l.startsWith("  " + risk + " ")), risk + "\n" + result);
        }
        assertTrue(result.output().contains("  path            " + result.get("cgroups_path")), "the relative cgroupsPath\n" + result);
    }

    @Test
    void runcRunsTheBundleThroughItsLifecycle() throws Exception {
        assumeRunc();
        String id = result.get("container_id");
        assertTrue(result.output().contains("\"status\": \"created\""), "state after create\n" + result);
        List<String> inside = Experiment.block(result, "runc start " + id);
        assertEquals("runc", inside.get(0), "the container's hostname, from config.json\n" + result);
        assertEquals("uid=0 gid=0", inside.get(1), result.toString());
        assertTrue(inside.stream().anyMatch(l -> l.matches(" *1 sh")), "sh is PID 1 in its pid namespace\n" + result);
        assertTrue(inside.containsAll(List.of("bin", "dev", "proc", "sys")), "/ is the rootfs\n" + result);
        assertEquals("stopped", result.get("container_status"), result.toString());
        assertEquals("0", result.get("container_listed"), result.toString());

        assertTrue(!runcList().contains(id), "runc list still shows " + id);
        assertNotEquals(0, exec("runc", "state", id), "runc state " + id + " after the experiment");
        Set<String> cgroups = cgroupsNamed(result.get("cgroups_path"));
        assertTrue(cgroups.isEmpty(), "cgroups left: " + cgroups);
    }

    /**
     * SIGTERM, or a closed pipe ({@code run.sh | head}), while the container exists (created, or
     * started): the trap deletes it and its cgroup, and removes the bundle.
     */
    @ParameterizedTest(name = "closed pipe: {0}")
    @CsvSource({"false, 130", "true, 141"})
    void stoppedWithAContainerLeavesNothing(boolean closePipe, int status) throws Exception {
        assumeRunc();
        Set<String> before = runcList();
        assertEquals(status, Experiment.interrupt(DIR, "$ runc state ", closePipe), "the trap's exit status");
        Set<String> left = runcList().stream()
                .filter(c -> c.startsWith("jns-exp-oci-") && !before.contains(c))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(left.isEmpty(), "containers left: " + left);
    }

    private static Set<String> runcList() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("runc", "list", "-q").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "runc list hangs");
        assertEquals(0, p.exitValue(), "runc list: " + out);
        return new TreeSet<>(out.lines().toList());
    }

    private static int exec(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", argv) + " hangs");
        return p.exitValue();
    }

    /**
     * Directories called {@code name} anywhere in the mounted cgroup hierarchies: runc nests a
     * relative cgroupsPath beneath its own cgroup (v1) or its parent (v2), so look everywhere.
     */
    private static Set<String> cgroupsNamed(String name) throws IOException {
        Set<String> out = new TreeSet<>();
        Set<Path> mounts = new TreeSet<>();
        for (String m : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = m.split(" ");
            String after = m.substring(m.indexOf(" - ") + 3);
            if (after.startsWith("cgroup ") || after.startsWith("cgroup2 ")) {
                mounts.add(Path.of(f[4]));
            }
        }
        for (Path mount : mounts) {
            try (Stream<Path> s = Files.find(mount, 12, (p, a) -> a.isDirectory() && p.getFileName().toString().equals(name))) {
                s.forEach(p -> out.add(p.toString()));
            } catch (UncheckedIOException | IOException e) {
                // a cgroup removed while walking
            }
        }
        return out;
    }
}

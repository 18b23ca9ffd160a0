package dev.jns.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jns.samples.experiments.Live;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class WhichContainerTest {
    private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static String run(long pid) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = WhichContainer.run((int) pid, Path.of("/proc"), new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, out);
        return out;
    }

    private static Optional<String> byCgroup(String path) {
        return WhichContainer.guess(List.of(path), List.of());
    }

    @Test
    void guessesTheEngineFromCgroupPaths() {
        assertEquals(Optional.of("docker 0123456789ab"), byCgroup("/system.slice/docker-" + HEX + ".scope"));
        assertEquals(Optional.of("docker 0123456789ab"), byCgroup("/docker/" + HEX));
        assertEquals(Optional.of("podman 0123456789ab"), byCgroup("/machine.slice/libpod-" + HEX + ".scope/container"));
        assertEquals(Optional.of("CRI-O (Kubernetes) 0123456789ab"), byCgroup(
                "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1f0e.slice/crio-" + HEX + ".scope"));
        assertEquals(Optional.of("containerd (Kubernetes) 0123456789ab"), byCgroup(
                "/kubepods.slice/kubepods-pod1f0e.slice/cri-containerd-" + HEX + ".scope"));
        assertEquals(Optional.of("systemd-nspawn web"), byCgroup("/machine.slice/systemd-nspawn@web.service/payload"));
        assertEquals(Optional.of("LXC c1"), byCgroup("/lxc.payload.c1"));
        assertEquals(Optional.of("jns unshare 4242"), byCgroup("/user.slice/jns-experiment-4242"));
        assertEquals(Optional.empty(), byCgroup("/user.slice/user-1000.slice/session-2.scope"));
        assertEquals(Optional.empty(), byCgroup("/"));
    }

    @Test
    void elseFromTheAncestors() {
        assertEquals(Optional.of("runc (an ancestor is runc)"), WhichContainer.guess(List.of("/"), List.of("runc", "bash")));
        assertEquals(Optional.of("containerd (an ancestor is containerd-shim-runc-v2)"),
                WhichContainer.guess(List.of("/"), List.of("sh", "containerd-shim-runc-v2", "systemd")));
        assertEquals(Optional.empty(), WhichContainer.guess(List.of("/"), List.of("bash", "sshd")));
    }

    private static boolean sameAsKthreadd(String type) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/" + type)).equals(Files.readSymbolicLink(Path.of("/proc/2/ns/" + type)));
        } catch (IOException e) {
            return false; // not root: kthreadd's namespaces cannot be read
        }
    }

    @Test
    void thisTestSharesEveryNamespaceWithTheHost() {
        assumeTrue(List.of("mnt", "net", "pid", "uts", "ipc", "user", "cgroup").stream().allMatch(WhichContainerTest::sameAsKthreadd),
                "needs root, outside any container: this test's namespaces must be the host's, and readable");
        String out = run(ProcessHandle.current().pid());
        assertTrue(out.contains("container: none: it shares every namespace with the host"), out);
    }

    @Test
    void noSuchProcess() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(1, WhichContainer.run(999_999_999, Path.of("/proc"), new PrintStream(buf, true, StandardCharsets.UTF_8)));
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("999999999"), buf.toString(StandardCharsets.UTF_8));
    }

    /** As root: util-linux unshare (not jns) makes the namespaces; the example names them and the engine. */
    @Test
    @Tag("live")
    void aProcessInNewUtsAndNetNamespacesOfUtilLinuxUnshare() throws Exception {
        Live.assumeRootAndJns();
        Process p = new ProcessBuilder("unshare", "--fork", "--uts", "--net", "sleep", "60").redirectErrorStream(true).start();
        try {
            long sleep = Live.awaitChild(p, "sleep");
            String out = run(sleep);
            for (String type : List.of("uts", "net")) {
                String id = Files.readSymbolicLink(Path.of("/proc/" + sleep + "/ns/" + type)).toString().replaceAll("\\D", "");
                assertTrue(out.lines().anyMatch(l -> l.matches("  " + type + " +" + id + " +its own")), out);
            }
            assertTrue(out.lines().anyMatch(l -> l.matches("  mnt +[0-9]+ +shared with the host")), out);
            assertTrue(out.contains("container: unshare (util-linux) (an ancestor is unshare); namespaces of its own: uts net"), out);
        } finally {
            Live.stop(p);
        }
    }

    /**
     * As root: a container of runc (an OCI runtime, as under docker and containerd), from a bundle
     * made by {@code runc spec} with busybox as its root file system; recognised by its parent.
     */
    @Test
    @Tag("live")
    void aRuncContainerIsRecognisedByItsRuntime(@org.junit.jupiter.api.io.TempDir Path bundle) throws Exception {
        Live.assumeRootAndJns();
        dev.jns.samples.experiments.Experiment.assumeCommand("runc");
        Path busybox = Path.of("/bin/busybox");
        assumeTrue(Files.isExecutable(busybox), "needs busybox (busybox-static) for the container's root file system");
        Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.copy(busybox, bin.resolve("busybox"));
        Files.createSymbolicLink(bin.resolve("sleep"), Path.of("busybox"));
        assertEquals(0, new ProcessBuilder("runc", "spec").directory(bundle.toFile()).inheritIO().start().waitFor());
        String id = "jns-samples-" + ProcessHandle.current().pid();
        Path config = bundle.resolve("config.json");
        String spec = Files.readString(config);
        String edited = spec.replaceFirst("\"terminal\": true", "\"terminal\": false")
                .replaceFirst("\"args\": \\[\\s*\"sh\"\\s*\\]", "\"args\": [\"sleep\", \"60\"]")
                // relative: runc nests the container's cgroup beneath its own
                .replaceFirst("\"linux\": \\{", "\"linux\": {\"cgroupsPath\": \"" + id + "\",");
        assertTrue(edited.contains("\"sleep\", \"60\"") && edited.contains("\"cgroupsPath\"") && edited.contains("\"terminal\": false"),
                "runc spec's output changed:\n" + spec);
        Files.writeString(config, edited);
        Process runc = new ProcessBuilder("runc", "run", "--bundle", bundle.toString(), id).redirectErrorStream(true).start();
        try {
            String out = run(Live.awaitChild(runc, "sleep"));
            assertTrue(out.contains("container: runc (an ancestor is runc); namespaces of its own: "), out);
            for (String type : List.of("pid", "mnt", "net", "uts", "ipc")) {
                assertTrue(out.lines().anyMatch(l -> l.matches("  " + type + " +[0-9]+ +its own")), type + ":\n" + out);
            }
            assertTrue(out.contains("/" + id), "its cgroup, named by cgroupsPath:\n" + out);
        } finally {
            new ProcessBuilder("runc", "kill", id, "KILL").start().waitFor();
            runc.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            new ProcessBuilder("runc", "delete", "--force", id).start().waitFor();
            runc.destroyForcibly();
        }
        Process list = new ProcessBuilder("runc", "list", "-q").start();
        String ids = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor();
        assertTrue(ids.lines().noneMatch(id::equals), "container deleted: " + ids);
        for (Path own : dev.jns.samples.experiments.Experiment.ownCgroupDirs()) {
            assertTrue(Files.notExists(own.resolve(id)), "cgroup removed: " + own.resolve(id));
        }
    }

    /** As root: a command of jns unshare with a limit, recognised by its cgroup. */
    @Test
    @Tag("live")
    void aCommandOfJnsUnshareIsRecognisedByItsCgroup() throws Exception {
        Live.assumeRootAndJns();
        Process jns = new ProcessBuilder(Live.jns().toString(), "unshare", "-p", "-f", "--pids", "20", "--", "sleep", "60")
                .redirectErrorStream(true).start();
        try {
            String out = run(Live.awaitChild(jns, "sleep"));
            assertTrue(out.contains("container: jns unshare " + jns.pid() + "; namespaces of its own: pid"), out);
        } finally {
            Live.stop(jns);
        }
    }
}

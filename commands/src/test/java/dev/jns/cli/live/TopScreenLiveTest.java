package dev.jns.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jns top} on a real terminal (tmux): drill down from a filter to a process's details,
 * enter its namespaces with {@code e} (a shell there sees its hostname) and come back, signal it
 * with {@code k} and {@code y}; and the terminal is restored after {@code q}, Ctrl-C and SIGTERM.
 */
@Tag("live")
class TopScreenLiveTest {
    private final String marker = Long.toString(600 + ProcessHandle.current().pid() % 1000);
    private final Path seen = Path.of("/tmp/jns-top-e-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".out");
    private Process target;
    private Tmux tmux;

    @BeforeEach
    void needsTmux() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "needs tmux for a real terminal");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (tmux != null) {
            tmux.close();
        }
        Files.deleteIfExists(seen);
        if (target != null) {
            target.descendants().forEach(ProcessHandle::destroyForcibly);
            target.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts jns top in tmux; after it exits, the pane shows its status and the terminal's settings. */
    private void start(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("top"));
        all.addAll(List.of(args));
        tmux = new Tmux("jns-top-test", 120, 40, "SHELL=/bin/sh " + Tmux.jns(all.toArray(new String[0]))
                + "; echo EXITED=$?; stty -a; sleep 60");
    }

    private void type(String text) throws Exception {
        for (char c : text.toCharArray()) {
            tmux.keys(c == ' ' ? "Space" : String.valueOf(c));
        }
    }

    @Test
    void drillDownEnterAndSignal() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare(1) to make a process with its own hostname");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for a new UTS namespace");
        target = new ProcessBuilder("unshare", "-u", "sh", "-c", "hostname jns-top-e-" + marker + "; exec sleep " + marker)
                .redirectErrorStream(true).start();
        long pid = awaitSleep();
        start("-d", "300ms");
        tmux.await("the process view", s -> s.lines().anyMatch(l -> l.startsWith(" PID(n) USER")));

        tmux.keys("/");
        type("sleep " + marker);
        tmux.keys("Enter");
        tmux.await("only the sleep", s -> s.contains("| 1 shown") && s.contains("sleep " + marker));
        tmux.keys("Enter"); // the one row shown is selected without an arrow key
        tmux.await("its details", s -> s.contains("Process " + pid) && s.contains("command   sleep " + marker));
        tmux.await("its UTS namespace, which differs", s -> s.lines().anyMatch(l -> l.startsWith("  uts ") && l.endsWith("*")));

        tmux.keys("e");
        tmux.await("a shell in its namespaces", s -> s.contains("a shell in the namespaces of process " + pid));
        // the target shares the host's mount namespace: the shell's file lands in our /tmp
        tmux.keys("hostname > " + seen + "; exit", "Enter");
        tmux.await("the UI back", s -> s.contains("ended with status 0"));
        assertEquals("jns-top-e-" + marker, Files.readString(seen).strip(), "the shell ran in the target's UTS namespace");
        tmux.keys("Escape", "Escape", "Escape");

        tmux.keys("/");
        type("sleep " + marker);
        tmux.keys("Enter", "k");
        tmux.await("the question", s -> s.contains("Send SIGTERM to process " + pid + "?"));
        assertTrue(ProcessHandle.of(pid).isPresent(), "not sent before y");
        tmux.keys("y");
        assertTrue(target.waitFor(10, TimeUnit.SECONDS), "the process got SIGTERM");
        tmux.await("the note", s -> s.contains("sent SIGTERM to process " + pid) || s.contains("nothing matches"));

        tmux.keys("q");
        tmux.assertRestored("EXITED=0", " PID(n) ");
    }

    private long awaitSleep() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            java.util.Optional<ProcessHandle> h = target.descendants().findFirst();
            long pid = h.isPresent() ? h.get().pid() : target.pid();
            if (Files.readString(Path.of("/proc/" + pid + "/cmdline")).startsWith("sleep")) {
                return pid;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the target never became sleep " + marker);
    }

    @Test
    void ctrlCRestoresTheTerminal() throws Exception {
        start("--view", "cgroups");
        tmux.await("the cgroup view", s -> s.lines().anyMatch(l -> l.startsWith("Control Group")));
        tmux.keys("C-c");
        tmux.assertRestored("EXITED=0", "Control Group");
    }

    @Test
    void sigtermRestoresTheTerminal() throws Exception {
        start("--view", "namespaces");
        tmux.await("the namespace view", s -> s.contains("NPROCS"));
        ProcessHandle shell = ProcessHandle.of(tmux.panePid()).orElseThrow();
        ProcessHandle java = shell.descendants().filter(h -> h.info().command().orElse("").contains("java"))
                .findFirst().orElseThrow();
        java.destroy();
        tmux.assertRestored("EXITED=143", "NPROCS");
    }
}

package dev.jns.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jns top} on a real terminal (tmux): drill down from a filter to a process's details,
 * enter its namespaces with {@code e} (a shell there sees its hostname) and come back, signal it
 * with {@code k} and {@code y}; and the terminal is restored after {@code q}, Ctrl-C and SIGTERM.
 */
class TopScreenLiveTest {
    private final String session = "jns-top-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final String marker = Long.toString(600 + ProcessHandle.current().pid() % 1000);
    private Process target;
    private final Path seen = Path.of("/tmp/jns-top-e-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".out");

    @BeforeEach
    void needsTmux() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "needs tmux for a real terminal");
    }

    @AfterEach
    void cleanUp() throws Exception {
        run("tmux", "kill-session", "-t", session);
        Files.deleteIfExists(seen);
        if (target != null) {
            target.descendants().forEach(ProcessHandle::destroyForcibly);
            target.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private String screen() throws Exception {
        return run("tmux", "capture-pane", "-p", "-t", session);
    }

    private void await(String what, Predicate<String> ok) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (ok.test(screen())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(what + " never showed:\n" + screen());
    }

    private void keys(String... keys) throws Exception {
        List<String> argv = new ArrayList<>(List.of("tmux", "send-keys", "-t", session));
        argv.addAll(List.of(keys));
        run(argv.toArray(new String[0]));
    }

    /** Starts jns top in tmux; after it exits, the pane shows its status and the terminal's settings. */
    private void start(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jns = String.join(" ", "SHELL=/bin/sh", quote(java), "-cp", quote(System.getProperty("java.class.path")),
                "dev.jns.cli.Main", "top", String.join(" ", args));
        run("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                jns + "; echo EXITED=$?; stty -a; sleep 60");
    }

    private void assertRestored(String exit) throws Exception {
        // stty -a's last setting line (echoke) ends its output: the settings are all on the screen
        await("jns's exit", s -> s.contains(exit) && s.contains("echoke"));
        String after = screen();
        assertTrue(after.contains(" echo ") || after.contains(" echo\n"), "echo restored:\n" + after);
        assertFalse(after.contains("-echo "), "echo restored:\n" + after);
        assertTrue(after.contains(" icanon "), "line editing restored:\n" + after);
        assertFalse(after.contains(" PID(n) "), "the alternate screen is gone:\n" + after);
    }

    @Test
    void drillDownEnterAndSignal() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare(1) to make a process with its own hostname");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for a new UTS namespace");
        target = new ProcessBuilder("unshare", "-u", "sh", "-c", "hostname jns-top-e-" + marker + "; exec sleep " + marker)
                .redirectErrorStream(true).start();
        long pid = awaitSleep();
        start("-d", "300ms");
        await("the process view", s -> s.lines().anyMatch(l -> l.startsWith(" PID(n) USER")));

        keys("/");
        for (char c : ("sleep " + marker).toCharArray()) {
            keys(c == ' ' ? "Space" : String.valueOf(c));
        }
        keys("Enter");
        await("only the sleep", s -> s.contains("| 1 shown") && s.contains("sleep " + marker));
        keys("Down", "Enter");
        await("its details", s -> s.contains("Process " + pid) && s.contains("command   sleep " + marker));
        await("its UTS namespace, which differs", s -> s.lines().anyMatch(l -> l.startsWith("  uts ") && l.endsWith("*")));

        keys("e");
        await("a shell in its namespaces", s -> s.contains("a shell in the namespaces of process " + pid));
        // the target shares the host's mount namespace: the shell's file lands in our /tmp
        keys("hostname > " + seen + "; exit", "Enter");
        await("the UI back", s -> s.contains("ended with status 0"));
        assertEquals("jns-top-e-" + marker, Files.readString(seen).strip(), "the shell ran in the target's UTS namespace");
        keys("Escape", "Escape", "Escape");

        keys("/");
        for (char c : ("sleep " + marker).toCharArray()) {
            keys(c == ' ' ? "Space" : String.valueOf(c));
        }
        keys("Enter", "Down", "k");
        await("the question", s -> s.contains("Send SIGTERM to process " + pid + "?"));
        assertTrue(ProcessHandle.of(pid).isPresent(), "not sent before y");
        keys("y");
        assertTrue(target.waitFor(10, TimeUnit.SECONDS), "the process got SIGTERM");
        await("the note", s -> s.contains("sent SIGTERM to process " + pid) || s.contains("nothing matches"));

        keys("q");
        assertRestored("EXITED=0");
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
        await("the cgroup view", s -> s.lines().anyMatch(l -> l.startsWith("Control Group")));
        keys("C-c");
        assertRestored("EXITED=0");
    }

    @Test
    void sigtermRestoresTheTerminal() throws Exception {
        start("--view", "namespaces");
        await("the namespace view", s -> s.contains("NPROCS"));
        String pane = run("tmux", "list-panes", "-t", session, "-F", "#{pane_pid}").strip();
        ProcessHandle shell = ProcessHandle.of(Long.parseLong(pane)).orElseThrow();
        ProcessHandle java = shell.descendants().filter(h -> h.info().command().orElse("").contains("java"))
                .findFirst().orElseThrow();
        java.destroy();
        assertRestored("EXITED=143");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}

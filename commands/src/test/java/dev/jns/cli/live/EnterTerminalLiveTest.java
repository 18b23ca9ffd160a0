package dev.jns.cli.live;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jns.cli.EnterCommand;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live, as root, in a real terminal (tmux): an interactive shell run by {@code jns enter} gets
 * Ctrl-C and Ctrl-Z for its own jobs, and its exit status comes back through jns.
 */
class EnterTerminalLiveTest {
    private final String session = "jns-test-" + ProcessHandle.current().pid();
    private Process target;

    @AfterEach
    void cleanUp() throws Exception {
        new ProcessBuilder("tmux", "kill-session", "-t", session).redirectErrorStream(true).start().waitFor();
        if (target != null) {
            target.descendants().forEach(ProcessHandle::destroyForcibly);
            target.destroyForcibly().waitFor();
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

    /** Polls the screen until it contains {@code text}. */
    private void await(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (screen().contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("'" + text + "' never appeared:\n" + screen());
    }

    /**
     * Polls until a process with this command line runs and is the terminal's foreground job
     * (its process group is the tty's, {@code /proc/PID/stat} fields 5 and 8): before the shell
     * hands it the terminal, Ctrl-C and Ctrl-Z would reach the shell instead.
     */
    private static ProcessHandle awaitProcess(String commandLine) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            java.util.Optional<ProcessHandle> p = ProcessHandle.allProcesses()
                    .filter(h -> h.info().commandLine().map(c -> c.endsWith(commandLine)).orElse(false)).findFirst();
            if (p.isPresent() && foreground(p.get().pid())) {
                return p.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("'" + commandLine + "' never started in the foreground");
    }

    private static boolean foreground(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return f[2].equals(f[5]); // pgrp == tpgid
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void keys(String... keys) throws Exception {
        List<String> argv = new ArrayList<>(List.of("tmux", "send-keys", "-t", session));
        argv.addAll(List.of(keys));
        run(argv.toArray(new String[0]));
    }

    @Test
    void ctrlCAndCtrlZReachTheShellsJobsAndTheExitStatusComesBack() throws Exception {
        assumeTrue(Live.isRoot(), "needs root to enter a namespace");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "needs tmux for a real terminal");
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for an interactive shell with job control");
        target = new ProcessBuilder("unshare", "-n", "sleep", "600").start();
        String host = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        Path link = Path.of("/proc/" + target.pid() + "/ns/net");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && readOr(link, host).equals(host)) {
            Thread.sleep(10);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String jns = String.join(" ", quote(java), "-Djns.nsexec=" + quote(helper().toString()), "-cp",
                quote(System.getProperty("java.class.path")), "dev.jns.cli.Main", "enter", "-t",
                Long.toString(target.pid()), "-n", "--", "/bin/bash", "--norc", "-i");
        run("tmux", "new-session", "-d", "-s", session, "-x", "150", "-y", "40",
                jns + "; echo EXITED=$?; sleep 60");
        keys("PS1='jns> '", "Enter");
        await("jns> ");
        keys("readlink /proc/self/ns/net", "Enter");
        await(Files.readSymbolicLink(link).toString());

        keys("sleep 100", "Enter");
        ProcessHandle job = awaitProcess("sleep 100");
        keys("C-c");
        keys("echo after-ctrl-c-$((20+22))", "Enter");
        await("after-ctrl-c-42");
        assertTrue(job.onExit().isDone() || !job.isAlive(), "Ctrl-C ended the shell's job");

        keys("sleep 101", "Enter");
        awaitProcess("sleep 101");
        keys("C-z");
        await("Stopped");
        // SIGKILL ends a stopped job at once (a SIGTERM waits for it to continue)
        keys("kill -KILL %1; wait; echo after-ctrl-z-$((40+3))", "Enter");
        await("after-ctrl-z-43");

        keys("exit 3", "Enter");
        await("EXITED=3");
        assertTrue(screen().contains("EXITED=3"));
    }

    private static String readOr(Path link, String fallback) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return fallback;
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static Path helper() throws URISyntaxException {
        Path classes = Path.of(EnterCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return classes.getParent().resolve("jns-nsexec");
    }
}

package dev.jns.samples.experiments;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** For the live tests of the library examples: ./jns, and the process it runs. */
public final class Live {
    private Live() {}

    /** Skips unless root and jns is built (see {@link Experiment#assumeRunnable()}). */
    public static void assumeRootAndJns() {
        Experiment.assumeRunnable();
    }

    /** The ./jns launcher at the repository root. */
    public static Path jns() {
        return Experiment.repo().resolve("jns");
    }

    /**
     * The pid of the process named {@code comm} that {@code jns} runs (a descendant), once it runs;
     * fails after 20 s.
     */
    public static long awaitChild(Process jns, String comm) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<ProcessHandle> found = jns.toHandle().descendants().filter(h -> comm.equals(comm(h.pid()))).findFirst();
            if (found.isPresent()) {
                return found.get().pid();
            }
            if (!jns.isAlive()) {
                fail("jns ended early: " + new String(readAll(jns)));
            }
            Thread.sleep(20);
        }
        return fail("no " + comm + " under jns after 20 s");
    }

    private static byte[] readAll(Process p) {
        try {
            return p.getInputStream().readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Ends what jns runs (SIGKILL to its descendants), then jns itself, which then removes the
     * cgroup it made; SIGTERM (its shutdown hook removes it too) if it does not end in 10 s.
     */
    public static void stop(Process jns) throws InterruptedException {
        jns.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        if (!jns.waitFor(10, TimeUnit.SECONDS)) {
            jns.destroy();
            if (!jns.waitFor(10, TimeUnit.SECONDS)) {
                jns.destroyForcibly();
                jns.waitFor();
            }
        }
    }
}

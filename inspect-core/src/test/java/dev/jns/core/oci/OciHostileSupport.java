package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * What the oci hostile tests share (here and in the commands module, through the test jar):
 * making a FIFO, and running something that must not block on one, with a time limit that
 * unblocks it when it does.
 */
public final class OciHostileSupport {
    private OciHostileSupport() {}

    /** Makes a FIFO with mkfifo(1); the test is skipped (not failed) where there is none. */
    public static void mkfifo(Path p) throws IOException, InterruptedException {
        Process pr;
        try {
            pr = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("mkfifo(1) not found: " + e.getMessage());
            return;
        }
        pr.getInputStream().readAllBytes();
        assertTrue(pr.waitFor(10, TimeUnit.SECONDS) && pr.exitValue() == 0, "mkfifo " + p);
    }

    /** A single-thread pool of daemon threads, for {@link #within5s}. */
    public static ExecutorService pool() {
        return java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "oci-hostile");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * {@code c}'s result, or a failure when it runs over 5 s. A run blocked opening one of
     * {@code fifos} (the behaviour these tests guard against) is then released: opening the FIFO
     * for writing lets the blocked open return, so no thread is left behind.
     */
    public static <T> T within5s(ExecutorService pool, Callable<T> c, Path... fifos) throws Exception {
        Future<T> f = pool.submit(c);
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            release(fifos);
            fail("still running after 5 s: blocked on a FIFO? " + List.of(fifos));
            return null;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /** Opens each path that is neither a directory nor a regular file for writing, and closes it. */
    public static void release(Path... fifos) {
        for (Path fifo : fifos) {
            if (Files.isDirectory(fifo) || Files.isRegularFile(fifo) || !Files.exists(fifo)) {
                continue;
            }
            Thread t = new Thread(() -> {
                try (OutputStream o = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
                    o.flush();
                } catch (IOException | RuntimeException e) {
                    // nothing more to do
                }
            }, "oci-hostile-release");
            t.setDaemon(true);   // if no reader is blocked after all, this open blocks: never wait for it
            t.start();
        }
    }
}

package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jns.core.testing.Fifos;
import java.io.IOException;
import java.nio.file.Path;
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
        try {
            new ProcessBuilder("mkfifo", "--version").redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            Assumptions.abort("mkfifo(1) not found: " + e.getMessage());
        }
        Fifos.mkfifo(p);
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

    /** Lets a reader blocked in opening one of {@code fifos} go on ({@link Fifos#release(Path)}). */
    public static void release(Path... fifos) {
        for (Path fifo : fifos) {
            Fifos.release(fifo);
        }
    }
}

package dev.jns.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * FIFOs for tests of code that must never open one (a reader blocks in {@code open} until a
 * writer comes). {@link #release()} opens every FIFO made here read-write, which on Linux never
 * blocks and lets a reader stuck in {@code open} go on (it then reads EOF): a test that fails
 * because the code under test blocked leaves no thread stuck behind.
 */
public final class Fifos implements AutoCloseable {
    private final List<Path> made = new ArrayList<>();

    /** Replaces {@code path} (a file, a link or nothing) by a FIFO, with mkfifo(1). */
    public Path make(Path path) {
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("a directory: " + path);
            }
            Files.deleteIfExists(path);
            Files.createDirectories(path.getParent());
            mkfifo(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        made.add(path);
        return path;
    }

    /** Lets any reader blocked in opening one of the FIFOs go on. */
    public void release() {
        for (Path f : made) {
            release(f);
        }
    }

    /** Makes a FIFO at {@code path} with mkfifo(1). */
    public static void mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mkfifo " + path + " failed: " + out);
        }
    }

    /**
     * Opens {@code fifo} read-write and closes it, when it is a FIFO: on Linux that never blocks,
     * and a reader blocked in opening it goes on (its read sees EOF).
     */
    public static void release(Path fifo) {
        if (Files.isDirectory(fifo) || Files.isRegularFile(fifo) || !Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (FileChannel ignored = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // opened and closed
        } catch (IOException e) {
            // removed meanwhile
        }
    }

    /**
     * Runs {@code task} on a thread of its own and returns what it returns. When it has not ended
     * within {@code timeout}, the FIFOs are released until it ends (it must not stay blocked
     * behind the test), and an {@link AssertionError} says how long it took.
     */
    public <T> T within(java.time.Duration timeout, java.util.concurrent.Callable<T> task) {
        java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(task);
        Thread t = new Thread(f, "fifos-within");
        t.setDaemon(true);
        long start = System.nanoTime();
        t.start();
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            for (int i = 0; i < 100 && t.isAlive(); i++) {
                release();
                try {
                    t.join(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw new AssertionError("still running after " + timeout.toMillis() + " ms (blocked?); ended "
                    + (t.isAlive() ? "not even after releasing the FIFOs" : "after the FIFOs were released, at "
                    + (System.nanoTime() - start) / 1_000_000 + " ms"));
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        release();
    }
}

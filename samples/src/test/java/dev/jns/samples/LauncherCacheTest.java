package dev.jns.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jns.samples.experiments.Experiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The launcher's start-up cache follows the whole class path: a build that changes only
 * inspect-core rewrites commands/target/lib's jar and not jns.jar, and the JVM silently refuses an
 * archive whose class path is newer than it. The launcher must make a new one.
 */
class LauncherCacheTest {
    @Test
    void aNewerLibraryJarMakesANewStartUpCache() throws Exception {
        Path repo = Experiment.repo();
        Path app = repo.resolve("commands/target");
        assumeTrue(Files.isRegularFile(app.resolve("jns.jar")), "needs commands/target/jns.jar (samples builds after commands)");
        assumeTrue(Files.isWritable(app), "needs a writable " + app);
        run(repo);
        Path cache = cacheFile(app.resolve("start-cache"));
        assumeTrue(cache != null, "this JDK made no start-up cache (no CDS or AOT support)");
        Path lib;
        try (Stream<Path> s = Files.list(app.resolve("lib"))) {
            lib = s.filter(p -> p.getFileName().toString().startsWith("inspect-core")).findFirst().orElseThrow();
        }
        FileTime jar = Files.getLastModifiedTime(lib);
        try {
            FileTime before = Files.getLastModifiedTime(cache);
            Files.setLastModifiedTime(lib, FileTime.fromMillis(before.toMillis() + 2000));
            run(repo);
            // made again: a new file (the training run may end within those 2 s, so compare with before)
            assertTrue(!Files.getLastModifiedTime(cache).equals(before),
                    "the cache was not made again after " + lib.getFileName() + " changed");
        } finally {
            Files.setLastModifiedTime(lib, jar);
            // the cache just made recorded the jar's moved time, and the JVM refuses it now that the
            // time is back, silently, while the launcher sees a cache newer than every jar: remove it,
            // so that the next ./jns makes a good one (left, every later start ran without a cache)
            Files.deleteIfExists(cache);
            Files.deleteIfExists(cache.resolveSibling(cache.getFileName() + ".kind"));
        }
    }

    private static Path cacheFile(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            // the newest: the one the run before made or used (one per JDK)
            // the main cache (`jns oci validate` has its own, *.oci-validate)
            Path kind = s.filter(p -> p.getFileName().toString().endsWith(".kind") && !p.getFileName().toString().contains(".oci-validate"))
                    .max((a, b) -> a.toFile().lastModified() < b.toFile().lastModified() ? -1 : 1).orElse(null);
            if (kind == null) {
                return null;
            }
            String name = kind.getFileName().toString();
            return dir.resolve(name.substring(0, name.length() - ".kind".length()));
        }
    }

    private static void run(Path repo) throws Exception {
        Process p = new ProcessBuilder(repo.resolve("jns").toString(), "--version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "./jns --version did not end");
        assertEquals(0, p.exitValue());
    }
}

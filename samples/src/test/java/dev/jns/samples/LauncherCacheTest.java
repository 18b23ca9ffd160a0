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
        Path app = app(repo);
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

    @Test
    void eachGroupOfCommandsHasACacheOfItsOwn() throws Exception {
        Path repo = Experiment.repo();
        Path app = app(repo);
        run(repo, "--version");
        run(repo, "ls", "-t", "pid");
        Path help = cacheFile(app.resolve("start-cache"));
        assumeTrue(help != null, "this JDK made no start-up cache (no CDS or AOT support)");
        String base = help.getFileName().toString().substring(0, help.getFileName().toString().length() - ".help".length());
        // `jns ls` used a cache of its own, made from a run of `jns ls` alone: smaller than the
        // cache of the help and the version, which holds picocli's help classes too
        Path ls = help.resolveSibling(base + ".ls");
        assertTrue(Files.isRegularFile(ls) && Files.isRegularFile(help.resolveSibling(base + ".ls.kind")), "no cache " + ls);
        assertTrue(Files.size(ls) < Files.size(help), Files.size(ls) + " bytes for ls, " + Files.size(help) + " for help");
    }

    @Test
    void anEmptyRecordOfTheCacheIsMadeAgainNotFatal() throws Exception {
        // a record cut short (a full disk, a killed run) once ended every start with status 1 and
        // no word: `read` failed at its end of file under `set -e`
        Path repo = Experiment.repo();
        Path app = app(repo);
        run(repo, "--version");
        Path help = cacheFile(app.resolve("start-cache"));
        assumeTrue(help != null, "this JDK made no start-up cache (no CDS or AOT support)");
        Path kind = help.resolveSibling(help.getFileName() + ".kind");
        Files.write(kind, new byte[0]);
        run(repo, "--version");
        assertTrue(Files.size(kind) > 0, "the record " + kind + " was not made again");
    }

    /** commands/target, where the launcher keeps its caches; the test is skipped without it. */
    private static Path app(Path repo) {
        Path app = repo.resolve("commands/target");
        assumeTrue(Files.isRegularFile(app.resolve("jns.jar")), "needs commands/target/jns.jar (samples builds after commands)");
        assumeTrue(Files.isWritable(app), "needs a writable " + app);
        return app;
    }

    private static Path cacheFile(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            // the newest cache of `jns --version`'s group (help): the one the run before made or
            // used (one per JDK)
            Path kind = s.filter(p -> p.getFileName().toString().endsWith(".help.kind"))
                    .max((a, b) -> a.toFile().lastModified() < b.toFile().lastModified() ? -1 : 1).orElse(null);
            if (kind == null) {
                return null;
            }
            String name = kind.getFileName().toString();
            return dir.resolve(name.substring(0, name.length() - ".kind".length()));
        }
    }

    private static void run(Path repo) throws Exception {
        run(repo, "--version");
    }

    private static void run(Path repo, String... args) throws Exception {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of(args));
        argv.add(0, repo.resolve("jns").toString());
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), argv + " did not end");
        assertEquals(0, p.exitValue());
    }
}

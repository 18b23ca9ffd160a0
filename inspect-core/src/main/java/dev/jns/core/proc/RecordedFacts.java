package dev.jns.core.proc;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;

/**
 * What a recorded proc root (a test fixture) says that no file of a real procfs holds: the owner
 * of each {@code /proc/PID}, which git cannot store, and the answers that system calls give on a
 * live host, such as the namespace facts of the nsfs ioctls.
 *
 * <p>A procfs has none, and is never asked: {@link ProcFs} looks for a recording only under a root
 * that is not a procfs, through the {@link Reader}s that {@link ServiceLoader} finds. jns ships
 * none; the fixture reader of inspect-core's tests is one (in its test-jar), so {@code jns
 * --proc-root FIXTURE} run by the tests reads a fixture as the host it was recorded from.
 */
public interface RecordedFacts {

    /** The recorded owner uid of {@code /proc/PID}; empty when not recorded (the directory's owner then counts). */
    OptionalInt owner(int pid);

    /**
     * The recorded answers to the questions of {@code kind}, an interface of another package that a
     * live host answers with system calls (for the namespace facts:
     * {@code dev.jns.core.ns.NamespaceInspector}); empty when the recording has none of that kind.
     * Read on first request.
     *
     * @throws dev.jns.core.NotRegularFileException when the recording's file is not a regular file
     * @throws dev.jns.core.ParseException          when it is malformed
     */
    <T> Optional<T> answers(Class<T> kind);

    /** Reads a recording; implementations are found with {@link ServiceLoader}. */
    interface Reader {
        /**
         * The facts recorded under {@code procRoot}, or empty when this reader finds none there.
         *
         * @throws dev.jns.core.NotRegularFileException when a file of the recording is not a regular file
         * @throws dev.jns.core.ParseException          when it is malformed
         */
        Optional<RecordedFacts> read(Path procRoot);
    }

    /** The facts recorded under {@code procRoot}: the first reader's that finds any, or empty. */
    static Optional<RecordedFacts> read(Path procRoot) {
        for (Reader r : ServiceLoader.load(Reader.class, RecordedFacts.class.getClassLoader())) {
            Optional<RecordedFacts> facts = r.read(procRoot);
            if (facts.isPresent()) {
                return facts;
            }
        }
        return Optional.empty();
    }
}

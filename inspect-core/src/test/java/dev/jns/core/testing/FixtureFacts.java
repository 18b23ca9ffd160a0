package dev.jns.core.testing;

import dev.jns.core.ParseException;
import dev.jns.core.ns.NamespaceInspector;
import dev.jns.core.proc.RecordedFacts;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a fixture records beside its {@code /proc} files (fixtures/README.md): {@value #OWNERS_FILE},
 * lines {@code PID UID}, the owner of each {@code /proc/PID}, read with the root; and
 * {@value RecordedNamespaceInspector#FILE}, the namespace facts, read when a scan first asks for
 * them ({@link RecordedNamespaceInspector}).
 *
 * <p>Registered for {@link java.util.ServiceLoader} ({@code META-INF/services} of the test-jar): every
 * {@link dev.jns.core.proc.ProcFs} of a root that is not a procfs, {@code jns --proc-root} in the
 * commands' tests included, reads a fixture as the host it was recorded from.
 */
public final class FixtureFacts implements RecordedFacts {
    /** The file of owners under the proc root. */
    public static final String OWNERS_FILE = ".owners";

    private final Path root;
    private final Map<Integer, Integer> owners;

    private FixtureFacts(Path root, Map<Integer, Integer> owners) {
        this.root = root;
        this.owners = owners;
    }

    /** Finds a fixture's recording: a root with {@value #OWNERS_FILE} or {@value RecordedNamespaceInspector#FILE}. */
    public static final class Reader implements RecordedFacts.Reader {
        @Override
        public Optional<RecordedFacts> read(Path procRoot) {
            Path file = procRoot.resolve(OWNERS_FILE);
            Optional<String> text = RecordedLines.read(file);
            if (text.isEmpty() && !Files.exists(procRoot.resolve(RecordedNamespaceInspector.FILE), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return Optional.of(new FixtureFacts(procRoot, text.isEmpty() ? Map.of() : parseOwners(text.get(), file)));
        }
    }

    /** Parses {@value #OWNERS_FILE}. */
    static Map<Integer, Integer> parseOwners(String text, Path file) {
        Map<Integer, Integer> m = new HashMap<>();
        RecordedLines.parse(text, file, "PID UID", (f, line) -> {
            try {
                m.put(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
            } catch (NumberFormatException e) {
                throw new ParseException(file, line, "expected 'PID UID', not numbers");
            }
        });
        return Map.copyOf(m);
    }

    @Override
    public OptionalInt owner(int pid) {
        Integer uid = owners.get(pid);
        return uid == null ? OptionalInt.empty() : OptionalInt.of(uid);
    }

    /** For {@link NamespaceInspector}: the facts of {@value RecordedNamespaceInspector#FILE}, read now. */
    @Override
    public <T> Optional<T> answers(Class<T> kind) {
        return kind == NamespaceInspector.class ? RecordedNamespaceInspector.at(root).map(kind::cast) : Optional.empty();
    }
}

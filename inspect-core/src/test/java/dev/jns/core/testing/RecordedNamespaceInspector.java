package dev.jns.core.testing;

import dev.jns.core.NamespaceId;
import dev.jns.core.NamespaceType;
import dev.jns.core.ParseException;
import dev.jns.core.ns.NamespaceFacts;
import dev.jns.core.ns.NamespaceFile;
import dev.jns.core.ns.NamespaceInspector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Namespace facts recorded from a live host into a fixture, in the file {@value #FILE} at the
 * proc root. One line per namespace: {@code TYPE INODE PARENT OWNER OWNERUID NETNSID}, where
 * OWNERUID and NETNSID are {@code -} when unknown, e.g. {@code net 4026532176 0 4026531837 0 7}.
 * What the nsfs ioctls and {@code RTM_GETNSID} answer on a live host; {@link FixtureFacts} hands it
 * to a scanner of the fixture.
 */
public final class RecordedNamespaceInspector implements NamespaceInspector {
    /** File name under the proc root. */
    public static final String FILE = ".nsinfo";

    private final Map<Long, NamespaceFacts> facts;
    private final Map<Long, String> netnsids;

    private RecordedNamespaceInspector(Map<Long, NamespaceFacts> facts, Map<Long, String> netnsids) {
        this.facts = facts;
        this.netnsids = netnsids;
    }

    /**
     * The recorded facts under {@code procRoot}, if the fixture has them.
     *
     * @throws dev.jns.core.NotRegularFileException when the file is there but is not a regular file
     * @throws ParseException when it is malformed or larger than 1 MiB
     */
    public static Optional<NamespaceInspector> at(Path procRoot) {
        Path f = procRoot.resolve(FILE);
        return RecordedLines.read(f).map(text -> parse(text, f));
    }

    /** Parses the recorded-facts format. */
    public static RecordedNamespaceInspector parse(String content, Path path) {
        Map<Long, NamespaceFacts> facts = new HashMap<>();
        Map<Long, String> netnsids = new HashMap<>();
        RecordedLines.parse(content, path, "TYPE INODE PARENT OWNER OWNERUID NETNSID", (f, line) -> {
            NamespaceType type = NamespaceType.byName(f[0])
                    .orElseThrow(() -> new ParseException(path, line, "unknown namespace type: " + f[0]));
            try {
                long ino = Long.parseLong(f[1]);
                OptionalInt uid = f[4].equals("-") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(f[4]));
                facts.put(ino, new NamespaceFacts(new NamespaceId(type, ino), Long.parseLong(f[2]), Long.parseLong(f[3]), uid));
                if (!f[5].equals("-")) {
                    netnsids.put(ino, f[5]);
                }
            } catch (NumberFormatException e) {
                throw new ParseException(path, line, "not a number: " + e.getMessage());
            }
        });
        return new RecordedNamespaceInspector(Map.copyOf(facts), Map.copyOf(netnsids));
    }

    /** Formats facts in this class's file format (used when recording a fixture). */
    public static String format(NamespaceFacts f, Optional<String> netnsid) {
        return f.id().type().procName() + " " + f.id().inode() + " " + f.parent() + " " + f.owner() + " "
                + (f.ownerUid().isPresent() ? Integer.toString(f.ownerUid().getAsInt()) : "-") + " "
                + netnsid.orElse("-");
    }

    @Override
    public List<NamespaceFacts> describe(NamespaceId id, NamespaceFile file, boolean ancestors) {
        NamespaceFacts first = facts.get(id.inode());
        if (first == null) {
            return List.of();
        }
        List<NamespaceFacts> out = new ArrayList<>();
        out.add(first);
        if (ancestors) {
            Set<Long> seen = new HashSet<>();
            seen.add(id.inode());
            for (int i = 0; i < out.size(); i++) {
                NamespaceFacts cur = out.get(i);
                for (long rel : new long[] {cur.parent(), cur.owner()}) {
                    NamespaceFacts next = facts.get(rel);
                    if (rel != 0 && next != null && seen.add(rel)) {
                        out.add(next);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public Optional<String> netnsid(NamespaceId id, NamespaceFile file) {
        return Optional.ofNullable(netnsids.get(id.inode()));
    }
}

package dev.jns.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.NamespaceId;
import dev.jns.core.NamespaceType;
import dev.jns.core.ParseException;
import dev.jns.core.ns.NamespaceFacts;
import dev.jns.core.ns.NamespaceFile;
import dev.jns.core.ns.NamespaceInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecordedNamespaceInspectorTest {
    private static final Path PATH = Path.of("/fixture/proc/.nsinfo");
    private static final NamespaceFile ANY = new NamespaceFile.ProcLink(Path.of("/ignored"));

    private static final String NSINFO = """
            # TYPE INODE PARENT OWNER OWNERUID NETNSID
            user 4026531837 0 0 0 -
            net 4026531833 0 4026531837 0 unassigned

            user 4026532177 4026531837 4026531837 1000 -
            pid 4026532181 4026531836 4026532177 1000 -
            user 4026532395 4026532177 4026532177 1000 -
            net 4026532326 0 4026531837 - 5
            """;

    private static NamespaceId id(NamespaceType t, long ino) {
        return new NamespaceId(t, ino);
    }

    @Test
    void describesOneNamespace() {
        RecordedNamespaceInspector in = RecordedNamespaceInspector.parse(NSINFO, PATH);

        List<NamespaceFacts> f = in.describe(id(NamespaceType.PID, 4026532181L), ANY, false);

        assertEquals(List.of(new NamespaceFacts(id(NamespaceType.PID, 4026532181L), 4026531836L, 4026532177L,
                OptionalInt.of(1000))), f);
    }

    @Test
    void withAncestorsFollowsParentsAndOwnersOnce() {
        RecordedNamespaceInspector in = RecordedNamespaceInspector.parse(NSINFO, PATH);

        List<NamespaceFacts> f = in.describe(id(NamespaceType.USER, 4026532395L), ANY, true);

        assertEquals(List.of(4026532395L, 4026532177L, 4026531837L), f.stream().map(x -> x.id().inode()).toList(),
                "itself, then each ancestor once; the unrecorded pid 4026531836 is left out");
    }

    @Test
    void ownerUidAndNetnsidMayBeUnknown() {
        RecordedNamespaceInspector in = RecordedNamespaceInspector.parse(NSINFO, PATH);
        NamespaceId demo = id(NamespaceType.NET, 4026532326L);

        assertEquals(OptionalInt.empty(), in.describe(demo, ANY, false).get(0).ownerUid());
        assertEquals(Optional.of("5"), in.netnsid(demo, ANY));
        assertEquals(Optional.of("unassigned"), in.netnsid(id(NamespaceType.NET, 4026531833L), ANY));
        assertEquals(Optional.empty(), in.netnsid(id(NamespaceType.USER, 4026531837L), ANY));
    }

    @Test
    void unrecordedNamespacesAreUnknown() {
        RecordedNamespaceInspector in = RecordedNamespaceInspector.parse(NSINFO, PATH);

        assertEquals(List.of(), in.describe(id(NamespaceType.NET, 1), ANY, true));
        assertEquals(Optional.empty(), in.netnsid(id(NamespaceType.NET, 1), ANY));
    }

    @Test
    void formatIsReadBack() {
        NamespaceFacts f = new NamespaceFacts(id(NamespaceType.NET, 4026532326L), 0, 4026531837L, OptionalInt.empty());
        String line = RecordedNamespaceInspector.format(f, Optional.of("5"));

        assertEquals("net 4026532326 0 4026531837 - 5", line);
        RecordedNamespaceInspector in = RecordedNamespaceInspector.parse(line + "\n", PATH);
        assertEquals(List.of(f), in.describe(f.id(), ANY, false));
        assertEquals(Optional.of("5"), in.netnsid(f.id(), ANY));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("user 4026531837 0 0 0\n", 1),
                Arguments.of("# c\nuser 4026531837 0 0 0 - extra\n", 2),
                Arguments.of("user 4026531837 0 0 0 -\n\nuser x 0 0 0 -\n", 3),
                Arguments.of("user 4026531837 0 0 root -\n", 1),
                Arguments.of("user 4026531837 0 0 0 -\nbogus 4026531838 0 0 0 -\n", 2));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedLineNamesPathAndLine(String content, int line) {
        ParseException e = assertThrows(ParseException.class, () -> RecordedNamespaceInspector.parse(content, PATH));

        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(PATH + ":" + line + ": "), e.getMessage());
    }

    @Test
    void atReadsTheFileUnderTheProcRoot(@TempDir Path tmp) throws IOException {
        assertTrue(RecordedNamespaceInspector.at(tmp).isEmpty(), "no file, no recorded facts");

        Files.writeString(tmp.resolve(RecordedNamespaceInspector.FILE), NSINFO);

        NamespaceInspector in = RecordedNamespaceInspector.at(tmp).orElseThrow();
        assertEquals(1, in.describe(id(NamespaceType.USER, 4026532177L), ANY, false).size());
    }
}

package dev.jns.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProcFixtureTest {

    @TempDir
    Path tmp;

    @Test
    void unpacksFilesLinksAndDirectories() throws IOException {
        String text = """
                # a comment, then a blank line

                Path: proc/self
                SymlinkTo: 42
                Path: proc/42/cmdline
                Lines: 1
                /bin/shNULLBYTE-cNULLBYTEecho hiNULLBYTEEOF
                Path: proc/42/ns/net
                SymlinkTo: net:[4026531833]
                Directory: proc/42/fd
                Path: proc/42/stat
                Lines: 1
                42 (sh) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0
                Path: proc/42/empty
                Lines: 0
                Path: etc/passwd
                Lines: 2
                root:x:0:0:root:/root:/bin/bash

                """;
        Path root = ProcFixture.unpackText("inline.txt", text, tmp.resolve("fx"));

        assertEquals(tmp.resolve("fx"), root);
        assertEquals(Path.of("42"), Files.readSymbolicLink(root.resolve("proc/self")));
        assertArrayEquals("/bin/sh\0-c\0echo hi\0".getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(root.resolve("proc/42/cmdline")));
        Path net = root.resolve("proc/42/ns/net");
        assertTrue(Files.isSymbolicLink(net), "namespace links are symlinks");
        assertFalse(Files.exists(net), "and they dangle, as on a real procfs");
        assertEquals("net:[4026531833]", Files.readSymbolicLink(net).toString());
        assertTrue(Files.isDirectory(root.resolve("proc/42/fd"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(0, Files.list(root.resolve("proc/42/fd")).count());
        assertEquals("42 (sh) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0\n",
                Files.readString(root.resolve("proc/42/stat")));
        assertEquals(0, Files.size(root.resolve("proc/42/empty")));
        assertEquals("root:x:0:0:root:/root:/bin/bash\n\n", Files.readString(root.resolve("etc/passwd")));
    }

    static Stream<Arguments> contents() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("one line", "hello\n"),
                Arguments.of("no final newline", "hello"),
                Arguments.of("blank lines kept", "\n\na\n\n"),
                Arguments.of("cmdline", "sleep\0infinity\0"),
                Arguments.of("literal tokens", "NULLBYTE and EOF\nends in EOF"),
                Arguments.of("escaped-looking text", "\\NULLBYTE \\EOF\n"),
                Arguments.of("carriage return", "a\r\nb\r"),
                Arguments.of("utf-8", "caf\u00e9 \u2603\n"),
                Arguments.of("lines that look like headers", "Path: x\nLines: 3\nSymlinkTo: y\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contents")
    void writerAndReaderRoundTrip(String name, String content) throws IOException {
        byte[] raw = content.getBytes(StandardCharsets.UTF_8);
        StringWriter sw = new StringWriter();
        new ProcFixture.Writer(sw).file("proc/1/x", raw).symlink("proc/1/ns/pid", "pid:[4026531836]")
                .directory("proc/1/fd");

        Path root = ProcFixture.unpackText(name, sw.toString(), tmp);

        assertArrayEquals(raw, Files.readAllBytes(root.resolve("proc/1/x")), sw.toString());
        assertEquals("pid:[4026531836]", Files.readSymbolicLink(root.resolve("proc/1/ns/pid")).toString());
    }

    @Test
    void encodesCmdlineOnOneLineWithTokens() {
        assertEquals("Path: proc/7/cmdline\nLines: 1\nsleepNULLBYTEinfinityNULLBYTEEOF\n",
                ProcFixture.encodeEntry("proc/7/cmdline", "sleep\0infinity\0".getBytes(StandardCharsets.UTF_8)));
        assertEquals("Path: p\nLines: 0\n", ProcFixture.encodeEntry("p", new byte[0]));
    }

    @Test
    void refusesContentThatCannotBeReadBack() {
        assertThrows(IllegalArgumentException.class,
                () -> ProcFixture.encodeEntry("p", "ends in a backslash\\".getBytes(StandardCharsets.UTF_8)));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("Path: a\nLines: 1\nx\nGarbage here\n", 4, "expected 'Path: P' or 'Directory: P'"),
                Arguments.of("# c\nPath: a\nLines: x\n", 3, "expected 'Lines: N'"),
                Arguments.of("Path: a\nLines: -1\n", 2, "expected 'Lines: N'"),
                Arguments.of("Path: a\nLines: 5\none\ntwo\n", 1, "announces 5 lines but the fixture ends after 2"),
                Arguments.of("Path: a\n", 1, "is not followed by 'Lines: N' or 'SymlinkTo: TARGET'"),
                Arguments.of("Path: a\nMode: 644\n", 2, "expected 'Lines: N' or 'SymlinkTo: TARGET' after 'Path: a'"),
                Arguments.of("Path: a\nSymlinkTo: \n", 2, "empty symlink target"),
                Arguments.of("Path: /etc/shadow\nLines: 0\n", 1, "must be relative"),
                Arguments.of("\n\nDirectory: proc/../../x\n", 3, "must not contain"),
                Arguments.of("Path: a\nLines: 0\nDirectory: a\n", 3, "duplicate entry for a"),
                Arguments.of("Path: \nLines: 0\n", 1, "empty path"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedFixtureNamesFileAndLine(String text, int line, String message) {
        ProcFixture.MalformedFixtureException e = assertThrows(ProcFixture.MalformedFixtureException.class,
                () -> ProcFixture.unpackText("bad.txt", text, tmp.resolve("fx")));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals("bad.txt", e.fixture());
        assertTrue(e.getMessage().startsWith("bad.txt:" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("fx")), "nothing is written from a malformed fixture");
    }

    @Test
    void unknownResourceIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProcFixture.unpack("fixtures/no-such-fixture.txt", tmp));
        assertTrue(e.getMessage().contains("fixtures/no-such-fixture.txt"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fixtures/plain-host.txt", "/fixtures/container-host.txt"})
    void shippedFixturesUnpack(String resource) {
        Path root = ProcFixture.unpack(resource, tmp);
        assertTrue(Files.isSymbolicLink(root.resolve("proc/self")));
        assertTrue(Files.isRegularFile(root.resolve("proc/.nsinfo")));
        assertTrue(Files.isRegularFile(root.resolve("proc/.owners")));
        assertTrue(Files.isRegularFile(root.resolve("etc/passwd")));
    }
}

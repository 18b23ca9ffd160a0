package dev.jns.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProcCmdlineTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("sleep\0infinity\0", List.of("sleep", "infinity")),
                Arguments.of("", List.of()),
                Arguments.of("/sbin/init\0", List.of("/sbin/init")),
                Arguments.of("nginx: worker process", List.of("nginx: worker process")),
                Arguments.of("a\0\0b\0", List.of("a", "", "b")),
                Arguments.of("sh\0-c\0echo hi there\0", List.of("sh", "-c", "echo hi there")),
                Arguments.of("caf\u00e9\0\u2603\0", List.of("caf\u00e9", "\u2603")),
                Arguments.of("a\0b", List.of("a", "b")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void splitsOnNul(String raw, List<String> args) {
        assertEquals(args, ProcCmdline.parse(raw.getBytes(StandardCharsets.UTF_8)));
    }
}

package dev.jns.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinesTest {
    private static List<String> numbered(String content) {
        List<String> out = new ArrayList<>();
        for (Lines l = new Lines(content); l.next(); ) {
            out.add(l.number() + ":" + l.line());
        }
        return out;
    }

    @Test
    void emptyLinesAreSkippedButCounted() {
        assertEquals(List.of("1:a b", "3:c", "6:d"), numbered("a b\n\nc\n\n\nd\n\n"));
    }

    @Test
    void theLastLineNeedsNoNewline() {
        assertEquals(List.of("1:x", "2:y"), numbered("x\ny"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\n\n\n"})
    void noLines(String content) {
        assertFalse(new Lines(content).next());
    }

    @Test
    void fieldsSplitAtSingleSpacesAsSplitDoes() {
        Lines l = new Lines("8:0 rbytes=1  wbytes=2\n");
        l.next();
        assertArrayEquals("8:0 rbytes=1  wbytes=2".split(" "), l.fields());
    }
}

package dev.jns.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KeyMapTest {
    @ParameterizedTest
    @CsvSource({"p,SORT_PATH", "t,SORT_TASKS", "c,SORT_CPU", "m,SORT_MEMORY", "i,SORT_IO", "s,SORT_PRESSURE",
        "r,REVERSE", "/,FILTER", "+,SLOWER", "-,FASTER", "?,HELP", "h,HELP", "q,QUIT", "j,DOWN", "k,UP"})
    void systemdCgtopKeysAndMore(char key, Action.Kind kind) {
        assertEquals(Optional.of(Action.of(kind)), KeyMap.map(new KeyStroke(key, false, false), false));
    }

    @Test
    void spacePausesAndArrowsMove() {
        assertEquals(Optional.of(Action.of(Action.Kind.PAUSE)), KeyMap.map(new KeyStroke(' ', false, false), false));
        assertEquals(Optional.of(Action.of(Action.Kind.DOWN)), KeyMap.map(new KeyStroke(KeyType.ArrowDown), false));
        assertEquals(Optional.of(Action.of(Action.Kind.PAGE_UP)), KeyMap.map(new KeyStroke(KeyType.PageUp), false));
        assertEquals(Optional.empty(), KeyMap.map(new KeyStroke('x', false, false), false));
    }

    @Test
    void whileTypingTheFilterLettersAreText() {
        assertEquals(Optional.of(Action.type('q')), KeyMap.map(new KeyStroke('q', false, false), true));
        assertEquals(Optional.of(Action.of(Action.Kind.ACCEPT)), KeyMap.map(new KeyStroke(KeyType.Enter), true));
        assertEquals(Optional.of(Action.of(Action.Kind.CANCEL)), KeyMap.map(new KeyStroke(KeyType.Escape), true));
        assertEquals(Optional.of(Action.of(Action.Kind.QUIT)), KeyMap.map(new KeyStroke('c', true, false), true),
                "Ctrl-C always quits");
    }
}

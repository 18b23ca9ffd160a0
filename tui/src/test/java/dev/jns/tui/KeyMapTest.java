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
    @CsvSource({"r,REVERSE", "/,FILTER", "+,SLOWER", "-,FASTER", "?,HELP", "h,HELP", "q,QUIT", "<,SORT_PREV",
        ">,SORT_NEXT", "T,TREE", "e,ENTER_NS", "k,SIGNAL", "y,CONFIRM", "9,KILL_NOW"})
    void systemdCgtopKeysAndMore(char key, Action.Kind kind) {
        assertEquals(Optional.of(Action.of(kind)), KeyMap.map(new KeyStroke(key, false, false), false));
    }

    @ParameterizedTest
    @CsvSource({"p", "t", "c", "m", "i", "s", "l", "o", "n", "u"})
    void otherLettersSortByTheColumnThatHasThem(char key) {
        assertEquals(Optional.of(Action.sortKey(key)), KeyMap.map(new KeyStroke(key, false, false), false));
    }

    @Test
    void tabAndDigitsSwitchViewsEnterOpensArrowsFold() {
        assertEquals(Optional.of(Action.of(Action.Kind.NEXT_VIEW)), KeyMap.map(new KeyStroke(KeyType.Tab), false));
        assertEquals(Optional.of(Action.view('2')), KeyMap.map(new KeyStroke('2', false, false), false));
        assertEquals(Optional.empty(), KeyMap.map(new KeyStroke('4', false, false), false));
        assertEquals(Optional.of(Action.of(Action.Kind.OPEN)), KeyMap.map(new KeyStroke(KeyType.Enter), false));
        assertEquals(Optional.of(Action.of(Action.Kind.COLLAPSE)), KeyMap.map(new KeyStroke(KeyType.ArrowLeft), false));
        assertEquals(Optional.of(Action.of(Action.Kind.EXPAND)), KeyMap.map(new KeyStroke(KeyType.ArrowRight), false));
    }

    @Test
    void spacePausesAndArrowsMove() {
        assertEquals(Optional.of(Action.of(Action.Kind.PAUSE)), KeyMap.map(new KeyStroke(' ', false, false), false));
        assertEquals(Optional.of(Action.of(Action.Kind.DOWN)), KeyMap.map(new KeyStroke(KeyType.ArrowDown), false));
        assertEquals(Optional.of(Action.of(Action.Kind.PAGE_UP)), KeyMap.map(new KeyStroke(KeyType.PageUp), false));
        assertEquals(Optional.empty(), KeyMap.map(new KeyStroke('#', false, false), false));
        assertEquals(Optional.empty(), KeyMap.map(new KeyStroke(KeyType.F1), false));
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

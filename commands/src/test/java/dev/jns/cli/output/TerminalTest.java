package dev.jns.cli.output;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When colour is wanted: no-color.org's rule, and TERM. */
class TerminalTest {
    @Test
    void noColorWithAValueTurnsColourOffAndAnEmptyOneDoesNot() {
        assertTrue(Terminal.color(true, Map.of("TERM", "xterm-256color")));
        assertTrue(Terminal.color(true, Map.of("TERM", "xterm", "NO_COLOR", "")), "NO_COLOR= is not set, per no-color.org");
        assertFalse(Terminal.color(true, Map.of("TERM", "xterm", "NO_COLOR", "1")));
        assertFalse(Terminal.color(true, Map.of("TERM", "xterm", "NO_COLOR", "0")), "any value, even 0");
    }

    @Test
    void noTerminalOrADumbOneHasNoColour() {
        assertFalse(Terminal.color(false, Map.of("TERM", "xterm")));
        assertFalse(Terminal.color(true, Map.of("TERM", "dumb")));
        assertFalse(Terminal.color(true, Map.of()));
    }
}

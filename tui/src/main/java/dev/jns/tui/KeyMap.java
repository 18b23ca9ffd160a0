package dev.jns.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.Optional;

/**
 * Keys to actions: systemd-cgtop's {@code p t c m i} for sorting and {@code q} to quit, plus
 * {@code s} (pressure), {@code r} (reverse), {@code /} (filter), space (pause), {@code + -}
 * (delay), {@code ?}/{@code h} (help), arrows, Page Up/Down, Home/End. While the filter is being
 * typed, printable keys are text and Enter/Escape end it.
 */
public final class KeyMap {
    private KeyMap() {}

    /** The action of {@code key}; empty for a key that does nothing. */
    public static Optional<Action> map(KeyStroke key, boolean typingFilter) {
        KeyType t = key.getKeyType();
        if (t == KeyType.EOF) {
            return Optional.of(Action.of(Action.Kind.QUIT));
        }
        if (key.isCtrlDown() && t == KeyType.Character && key.getCharacter() == 'c') {
            return Optional.of(Action.of(Action.Kind.QUIT));
        }
        if (typingFilter) {
            switch (t) {
                case Enter: return Optional.of(Action.of(Action.Kind.ACCEPT));
                case Escape: return Optional.of(Action.of(Action.Kind.CANCEL));
                case Backspace: return Optional.of(Action.of(Action.Kind.ERASE));
                case Character: return Optional.of(Action.type(key.getCharacter()));
                default: return Optional.empty();
            }
        }
        switch (t) {
            case ArrowUp: return Optional.of(Action.of(Action.Kind.UP));
            case ArrowDown: return Optional.of(Action.of(Action.Kind.DOWN));
            case PageUp: return Optional.of(Action.of(Action.Kind.PAGE_UP));
            case PageDown: return Optional.of(Action.of(Action.Kind.PAGE_DOWN));
            case Home: return Optional.of(Action.of(Action.Kind.HOME));
            case End: return Optional.of(Action.of(Action.Kind.END));
            case Escape: return Optional.of(Action.of(Action.Kind.CANCEL));
            case Character: break;
            default: return Optional.empty();
        }
        Action.Kind k = switch (key.getCharacter()) {
            case 'p' -> Action.Kind.SORT_PATH;
            case 't' -> Action.Kind.SORT_TASKS;
            case 'c' -> Action.Kind.SORT_CPU;
            case 'm' -> Action.Kind.SORT_MEMORY;
            case 'i' -> Action.Kind.SORT_IO;
            case 's' -> Action.Kind.SORT_PRESSURE;
            case 'r' -> Action.Kind.REVERSE;
            case '/' -> Action.Kind.FILTER;
            case ' ' -> Action.Kind.PAUSE;
            case '+' -> Action.Kind.SLOWER;
            case '-' -> Action.Kind.FASTER;
            case '?', 'h' -> Action.Kind.HELP;
            case 'q' -> Action.Kind.QUIT;
            case 'k' -> Action.Kind.UP;
            case 'j' -> Action.Kind.DOWN;
            default -> null;
        };
        return Optional.ofNullable(k).map(Action::of);
    }
}

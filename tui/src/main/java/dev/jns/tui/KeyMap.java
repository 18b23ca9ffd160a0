package dev.jns.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.Optional;

/**
 * Keys to actions. Sorting: systemd-cgtop's letters ({@code p t c m i}) and more, one per column
 * (each view says which), {@code < >} for the previous or next column, {@code r} reverses. Views:
 * Tab, {@code 1 2 3}. Enter opens (a cgroup's processes, a process's details), Esc goes back,
 * {@code e} enters a process's namespaces, {@code k} signals it (after {@code y}, or {@code 9}
 * for SIGKILL). {@code T} switches tree and flat list, Left and Right collapse and expand.
 * {@code /} filters, space pauses, {@code + -} change the delay, {@code ? h} help, {@code q}
 * quits. While the filter is being typed, printable keys are text and Enter/Escape end it.
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
            case ArrowLeft: return Optional.of(Action.of(Action.Kind.COLLAPSE));
            case ArrowRight: return Optional.of(Action.of(Action.Kind.EXPAND));
            case PageUp: return Optional.of(Action.of(Action.Kind.PAGE_UP));
            case PageDown: return Optional.of(Action.of(Action.Kind.PAGE_DOWN));
            case Home: return Optional.of(Action.of(Action.Kind.HOME));
            case End: return Optional.of(Action.of(Action.Kind.END));
            case Escape: return Optional.of(Action.of(Action.Kind.CANCEL));
            case Tab: return Optional.of(Action.of(Action.Kind.NEXT_VIEW));
            case Enter: return Optional.of(Action.of(Action.Kind.OPEN));
            case Character: break;
            default: return Optional.empty();
        }
        char c = key.getCharacter();
        Action.Kind k = switch (c) {
            case 'r' -> Action.Kind.REVERSE;
            case '<' -> Action.Kind.SORT_PREV;
            case '>' -> Action.Kind.SORT_NEXT;
            case 'T' -> Action.Kind.TREE;
            case '/' -> Action.Kind.FILTER;
            case ' ' -> Action.Kind.PAUSE;
            case '+' -> Action.Kind.SLOWER;
            case '-' -> Action.Kind.FASTER;
            case '?', 'h' -> Action.Kind.HELP;
            case 'q' -> Action.Kind.QUIT;
            case 'e' -> Action.Kind.ENTER_NS;
            case 'k' -> Action.Kind.SIGNAL;
            case 'y' -> Action.Kind.CONFIRM;
            case '9' -> Action.Kind.KILL_NOW;
            default -> null;
        };
        if (k != null) {
            return Optional.of(Action.of(k));
        }
        if (c >= '1' && c <= '3') {
            return Optional.of(Action.view(c));
        }
        if (c >= 'a' && c <= 'z') {
            return Optional.of(Action.sortKey(c));
        }
        return Optional.empty();
    }
}

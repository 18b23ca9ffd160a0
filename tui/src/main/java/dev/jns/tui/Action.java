package dev.jns.tui;

/**
 * What a key asks the cgroup view to do. {@link #text} carries the character typed into the
 * filter.
 *
 * @param kind what to do
 * @param text the typed character, for {@link Kind#TYPE}
 */
public record Action(Kind kind, char text) {

    /** The kinds of action. */
    public enum Kind {
        SORT_PATH, SORT_TASKS, SORT_CPU, SORT_MEMORY, SORT_IO, SORT_PRESSURE, REVERSE,
        UP, DOWN, PAGE_UP, PAGE_DOWN, HOME, END,
        FILTER, TYPE, ERASE, ACCEPT, CANCEL,
        PAUSE, FASTER, SLOWER, HELP, QUIT
    }

    public static Action of(Kind kind) {
        return new Action(kind, '\0');
    }

    public static Action type(char c) {
        return new Action(Kind.TYPE, c);
    }
}

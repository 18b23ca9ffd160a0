package dev.jns.tui;

/**
 * What a key asks a view to do. {@link #text} carries the character: the one typed into the
 * filter, a sort letter, or a view's number.
 *
 * @param kind what to do
 * @param text the character, for {@link Kind#TYPE}, {@link Kind#SORT_KEY} and {@link Kind#VIEW}
 */
public record Action(Kind kind, char text) {

    /** The kinds of action. */
    public enum Kind {
        SORT_KEY, SORT_NEXT, SORT_PREV, REVERSE, TREE, COLLAPSE, EXPAND,
        UP, DOWN, PAGE_UP, PAGE_DOWN, HOME, END,
        FILTER, TYPE, ERASE, ACCEPT, CANCEL,
        PAUSE, FASTER, SLOWER, HELP, QUIT,
        NEXT_VIEW, VIEW, OPEN, ENTER_NS, SIGNAL, CONFIRM, KILL_NOW
    }

    public static Action of(Kind kind) {
        return new Action(kind, '\0');
    }

    public static Action type(char c) {
        return new Action(Kind.TYPE, c);
    }

    public static Action sortKey(char c) {
        return new Action(Kind.SORT_KEY, c);
    }

    public static Action view(char c) {
        return new Action(Kind.VIEW, c);
    }
}

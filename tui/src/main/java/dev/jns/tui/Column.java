package dev.jns.tui;

/**
 * A column of a list view.
 *
 * @param title      its title
 * @param width      its width; 0 for the one flexible column, which takes the rest of the line and
 *                   shows the tree's indentation
 * @param right      right-aligned (numbers)
 * @param key        the letter that sorts by it, or {@code '\0'}
 * @param descending sorted largest first unless reversed (numbers), else smallest first (names)
 */
public record Column(String title, int width, boolean right, char key, boolean descending) {

    /** The flexible name column, sorted A to Z. */
    public static Column name(String title, char key) {
        return new Column(title, 0, false, key, false);
    }

    /** A right-aligned figure, sorted largest first. */
    public static Column figure(String title, int width, char key) {
        return new Column(title, width, true, key, true);
    }

    /** A left-aligned text, sorted A to Z. */
    public static Column text(String title, int width, char key) {
        return new Column(title, width, false, key, false);
    }
}

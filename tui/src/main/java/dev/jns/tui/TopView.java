package dev.jns.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.jns.core.text.SafeText;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Draws a {@link TopState} on a Lanterna {@link TextGraphics}: the host line, the view tabs, the
 * column titles, the rows that fit (scrolled to keep the selection in view) or a process's
 * details, and a line for the filter, a question or the keys. Pure drawing: no state, no I/O.
 * Without colour (NO_COLOR) it uses only bold and reverse video.
 *
 * <p>Rows, paths, details and notes hold what other users chose (command lines, cgroup names):
 * every string is escaped ({@link SafeText#escape}) before it is measured, cut and drawn, so
 * that no control character reaches Lanterna (which refuses one) or the terminal. On the screen a
 * character is drawn as itself only when Lanterna gives it the columns the terminal will
 * ({@code wcwidth}): one beyond U+FFFF (which Lanterna splits), one without a column (a combining
 * mark) or one Lanterna measures differently is shown as its {@code \xNN} bytes.
 */
public final class TopView {
    private static final String KEYS = "Tab/1-3: view  Enter: open  Esc: back  /: filter  </>: sort  T: tree  ?: help  q: quit";
    private static final String DETAIL_KEYS = "Esc: back  e: enter its namespaces (shell)  k: send a signal  q: quit";
    private static final String[] HELP = {
        "Keys",
        "  Tab 1 2 3     views: cgroups, processes, namespaces",
        "  arrows        move; PgUp PgDn Home End; Left/Right collapse/expand",
        "  Enter         cgroup or namespace: its processes; process: details",
        "  Esc           back: close details, clear the filter, leave a drill-down",
        "  letters       sort by a column (its letter is in the title: c %CPU...)",
        "  < >  r        sort by the previous/next column; reverse",
        "  T             tree or flat list",
        "  /             filter (Enter keeps, Esc clears); matches keep their parents",
        "  e  k          process: enter its namespaces; send SIGTERM (y) or SIGKILL (9)",
        "  space + -     pause; slower / faster refresh",
        "  ? h  q        this help; quit",
    };

    /** Characters that are not ASCII and that Lanterna draws in as many columns as the terminal does. */
    static final IntPredicate DRAWN_AS_IS = cp -> cp <= 0xffff
            && SafeText.width(cp) == (TerminalTextUtils.isCharCJK((char) cp) ? 2 : 1);

    private TopView() {}

    /** Rows of the table that fit on a screen of {@code size}. */
    public static int pageRows(TerminalSize size) {
        return Math.max(1, size.getRows() - 4);
    }

    /** Draws the whole screen on a UTF-8 terminal. {@code header} is the host summary for the first line. */
    public static void draw(TopState s, TextGraphics g, TerminalSize size, String header, boolean color) {
        draw(s, g, size, header, color, true);
    }

    /**
     * Draws the whole screen. {@code header} is the host summary for the first line; {@code utf8}:
     * the terminal shows UTF-8 (else every character that is not ASCII is escaped).
     */
    public static void draw(TopState s, TextGraphics g, TerminalSize size, String header, boolean color, boolean utf8) {
        Text t = new Text(utf8);
        int cols = size.getColumns();
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.fill(' ');
        ListState l = s.list();
        String status = "every " + s.delayMillis() + " ms" + (s.paused() ? " | PAUSED" : "");
        if (color) {
            g.setForegroundColor(TextColor.ANSI.CYAN);
        }
        put(g, 0, 0, t.fit(status + " | " + header, cols));
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        drawTabs(s, g, cols, color, t);
        if (!s.detail().isEmpty()) {
            drawDetails(s, g, size, t);
        } else {
            drawList(l, g, size, color, t);
        }
        String bottom;
        if (!s.confirm().isEmpty()) {
            bottom = "Send SIGTERM to process " + s.confirm() + "? y: yes  9: SIGKILL instead  any other key: no";
        } else if (l.typing()) {
            bottom = "filter: " + l.filter() + "_";
        } else if (!s.message().isEmpty()) {
            bottom = s.message();
        } else if (!s.detail().isEmpty()) {
            bottom = DETAIL_KEYS;
        } else if (!l.filter().isEmpty()) {
            bottom = "filter: " + l.filter() + " (Esc clears) | " + KEYS;
        } else {
            bottom = KEYS;
        }
        if (!s.confirm().isEmpty() || !s.message().isEmpty()) {
            g.enableModifiers(SGR.BOLD);
        }
        put(g, 0, size.getRows() - 1, t.fit(bottom, cols));
        g.disableModifiers(SGR.BOLD);
        if (s.help()) {
            int w = 0;
            for (String h : HELP) {
                w = Math.max(w, h.length());
            }
            for (int i = 0; i < HELP.length && 3 + i < size.getRows() - 1; i++) {
                put(g, 1, 3 + i, fit(pad(HELP[i], w + 2, false), cols - 1));
            }
        }
    }

    /**
     * The only way text reaches the screen: already escaped, so this is a guard. A character
     * Lanterna would refuse (a control) or split (half of a pair) becomes {@code ?}; none should.
     */
    static void put(TextGraphics g, int column, int row, String escaped) {
        StringBuilder b = null;
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c < 0x20 || c >= 0x7f && c <= 0x9f || Character.isSurrogate(c)) {
                b = b == null ? new StringBuilder(escaped) : b;
                b.setCharAt(i, '?');
            }
        }
        g.putString(column, row, b == null ? escaped : b.toString());
    }

    /** Escaping for this screen, then measuring and cutting the escaped text. */
    static final class Text {
        private final boolean utf8;

        Text(boolean utf8) {
            this.utf8 = utf8;
        }

        /** {@code raw} escaped for the screen. */
        String escape(String raw) {
            return SafeText.escape(raw, utf8, DRAWN_AS_IS);
        }

        /** {@code raw} escaped and cut to {@code width} columns. */
        String fit(String raw, int width) {
            return TopView.fit(escape(raw), width);
        }
    }

    private static void drawTabs(TopState s, TextGraphics g, int cols, boolean color, Text t) {
        int x = 0;
        for (ViewId v : ViewId.values()) {
            String tab = " " + (v.ordinal() + 1) + " " + v.title() + " ";
            if (x + tab.length() > cols) {
                break;
            }
            if (v == s.view()) {
                if (color) {
                    g.setBackgroundColor(TextColor.ANSI.BLUE);
                    g.setForegroundColor(TextColor.ANSI.WHITE_BRIGHT);
                    g.enableModifiers(SGR.BOLD);
                } else {
                    g.enableModifiers(SGR.REVERSE);
                }
            }
            put(g, x, 1, tab);
            g.disableModifiers(SGR.REVERSE, SGR.BOLD);
            g.setBackgroundColor(TextColor.ANSI.DEFAULT);
            g.setForegroundColor(TextColor.ANSI.DEFAULT);
            x += tab.length() + 1;
        }
        ListState l = s.list();
        String where = (l.scope().isEmpty() ? "" : " in " + l.scope() + " (Esc: all)")
                + (l.tree() ? " tree" : " list") + " by " + l.columns().get(l.sortColumn()).title().trim()
                + (l.reversed() ? ", reversed" : "") + " | " + l.visible().size() + " shown";
        if (x < cols) {
            put(g, x, 1, t.fit(where, cols - x));
        }
    }

    private static void drawList(ListState l, TextGraphics g, TerminalSize size, boolean color, Text text) {
        int cols = size.getColumns();
        List<Column> columns = l.columns();
        int[] widths = widths(columns, cols);
        StringBuilder titles = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (widths[i] <= 0) {
                continue;
            }
            Column c = columns.get(i);
            String t = c.title();
            if (c.key() != '\0') {
                t = t + "(" + c.key() + ")";
            }
            if (i == l.sortColumn()) {
                t = t + (c.descending() != l.reversed() ? "v" : "^");
            }
            if (t.length() > widths[i]) {
                t = i == l.sortColumn() ? c.title() + (c.descending() != l.reversed() ? "v" : "^") : c.title();
            }
            if (titles.length() > 0) {
                titles.append(' ');
            }
            titles.append(pad(fit(t, widths[i]), widths[i], c.right()));
        }
        g.enableModifiers(SGR.BOLD);
        if (color) {
            g.setForegroundColor(TextColor.ANSI.YELLOW);
        }
        put(g, 0, 2, fit(titles.toString(), cols));
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        g.disableModifiers(SGR.BOLD);

        List<ListState.Shown> rows = l.visible();
        int page = pageRows(size);
        int sel = l.selectedIndex();
        int top = Math.max(0, Math.min(sel - page + 1, Math.max(0, rows.size() - page)));
        top = Math.min(top, sel);
        boolean selectedShown = l.selectedRow().isPresent();
        for (int i = 0; i < page && top + i < rows.size(); i++) {
            String line = fit(format(rows.get(top + i), columns, widths, text), cols);
            if (top + i == sel && selectedShown) {
                g.enableModifiers(SGR.REVERSE);
                put(g, 0, 3 + i, pad(line, cols, false));
                g.disableModifiers(SGR.REVERSE);
            } else {
                put(g, 0, 3 + i, line);
            }
        }
        if (rows.isEmpty()) {
            put(g, 0, 3, fit(l.rows().isEmpty() ? "reading..." : "nothing matches", cols));
        }
    }

    private static void drawDetails(TopState s, TextGraphics g, TerminalSize size, Text t) {
        int cols = size.getColumns();
        g.enableModifiers(SGR.BOLD);
        put(g, 0, 2, t.fit("Process " + s.detail(), cols));
        g.disableModifiers(SGR.BOLD);
        List<String> lines = s.detailLines();
        for (int i = 0; i < lines.size() && 3 + i < size.getRows() - 1; i++) {
            put(g, 0, 3 + i, t.fit(lines.get(i), cols));
        }
    }

    /**
     * Column widths for a screen {@code cols} wide: the fixed ones, and the rest for the flexible
     * one. On a narrow screen, fixed columns from the right are dropped (width 0) until the
     * flexible one has 12 characters.
     */
    static int[] widths(List<Column> columns, int cols) {
        int[] w = new int[columns.size()];
        int used = 0;
        int flex = -1;
        for (int i = 0; i < w.length; i++) {
            w[i] = columns.get(i).width();
            if (w[i] == 0) {
                flex = i;
            }
            used += w[i] + (i > 0 ? 1 : 0);
        }
        for (int i = w.length - 1; i >= 0 && flex >= 0 && cols - used < 12; i--) {
            if (i != flex) {
                used -= w[i] + 1;
                w[i] = 0;
            }
        }
        if (flex >= 0) {
            w[flex] = Math.max(12, cols - used);
        }
        return w;
    }

    /** One row: each cell escaped, then cut and padded to its column. */
    private static String format(ListState.Shown s, List<Column> columns, int[] widths, Text t) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (widths[i] <= 0) {
                continue;
            }
            String v = t.escape(s.text(i, columns.get(i)));
            if (b.length() > 0 || i > 0) {
                b.append(' ');
            }
            b.append(pad(fit(v, widths[i]), widths[i], columns.get(i).right()));
        }
        return b.toString();
    }

    /** Escaped text cut to {@code width} columns (never inside an escape). */
    static String fit(String escaped, int width) {
        return SafeText.truncate(escaped, Math.max(0, width));
    }

    /** Escaped text padded with spaces to {@code w} columns. */
    static String pad(String escaped, int w, boolean right) {
        int n = w - SafeText.width(escaped);
        if (n <= 0) {
            return escaped;
        }
        String sp = " ".repeat(n);
        return right ? sp + escaped : escaped + sp;
    }
}

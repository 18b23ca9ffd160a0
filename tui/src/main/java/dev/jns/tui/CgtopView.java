package dev.jns.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.jns.core.Units;
import dev.jns.core.cgroup.CgroupTable;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Draws a {@link CgtopState} on a Lanterna {@link TextGraphics}: a header line, the column
 * titles, the rows that fit (scrolled to keep the selection in view), and a line for the filter
 * or the keys. Pure drawing: no state, no I/O.
 */
public final class CgtopView {
    private static final String[] TITLES = {"Tasks", "%CPU", "Memory", "Input/s", "Output/s", "PSI"};
    private static final int[] WIDTHS = {7, 6, 8, 8, 8, 6};
    private static final String KEYS = "p t c m i s: sort  /: filter  space: pause  +/-: delay  ?: help  q: quit";
    private static final String[] HELP = {
        "Keys", "  p t c m i s   sort by path, tasks, CPU, memory, IO, pressure;  r reverses",
        "  arrows j k    move; PgUp PgDn Home End", "  /             filter by path (Enter keeps, Esc clears)",
        "  space         pause      + -   slower / faster refresh", "  ? h           this help  q     quit",
    };

    private CgtopView() {}

    /** Rows of the table that fit on a screen of {@code size}. */
    public static int pageRows(TerminalSize size) {
        return Math.max(1, size.getRows() - 3);
    }

    /** Draws the whole screen. {@code header} is the host summary for the first line. */
    public static void draw(CgtopState s, TextGraphics g, TerminalSize size, String header) {
        int cols = size.getColumns();
        g.fill(' ');
        // what the user controls first, so that a narrow terminal cuts the host summary instead
        String status = "sort: " + s.order().name().toLowerCase(java.util.Locale.ROOT) + (s.reversed() ? " (reversed)" : "")
                + " | every " + s.delayMillis()
                + " ms" + (s.paused() ? " | PAUSED" : "");
        g.putString(0, 0, fit(status + " | " + header, cols));
        int tail = 0;
        for (int i = 0; i < WIDTHS.length; i++) {
            tail += WIDTHS[i] + 1;
        }
        int pathWidth = Math.max(12, cols - tail);
        StringBuilder titles = new StringBuilder(pad("Control Group", pathWidth, false));
        for (int i = 0; i < TITLES.length; i++) {
            titles.append(' ').append(pad(TITLES[i], WIDTHS[i], true));
        }
        g.enableModifiers(SGR.BOLD);
        g.putString(0, 1, fit(titles.toString(), cols));
        g.disableModifiers(SGR.BOLD);

        List<CgroupTable.Row> rows = s.visible();
        int page = pageRows(size);
        int sel = s.selectedIndex();
        int top = Math.max(0, Math.min(sel - page + 1, Math.max(0, rows.size() - page)));
        top = Math.min(top, sel);
        for (int i = 0; i < page && top + i < rows.size(); i++) {
            CgroupTable.Row r = rows.get(top + i);
            String line = fit(format(r, pathWidth), cols);
            if (top + i == sel && !s.selected().isEmpty()) {
                g.enableModifiers(SGR.REVERSE);
                g.putString(0, 2 + i, pad(line, cols, false));
                g.disableModifiers(SGR.REVERSE);
            } else {
                g.putString(0, 2 + i, line);
            }
        }
        String bottom = s.typingFilter() ? "filter: " + s.filter() + "_"
                : !s.filter().isEmpty() ? "filter: " + s.filter() + " (Esc clears) | " + KEYS : KEYS;
        g.putString(0, size.getRows() - 1, fit(bottom, cols));
        if (s.help()) {
            int w = 0;
            for (String h : HELP) {
                w = Math.max(w, h.length());
            }
            for (int i = 0; i < HELP.length && 3 + i < size.getRows() - 1; i++) {
                g.putString(2, 3 + i, fit(pad(HELP[i], w + 2, false), cols - 2));
            }
        }
    }

    private static String format(CgroupTable.Row r, int pathWidth) {
        String name = "  ".repeat(Math.max(0, r.depth())) + (r.depth() == 0 ? r.path()
                : r.path().substring(r.path().lastIndexOf('/') + 1));
        StringBuilder b = new StringBuilder(pad(fit(name, pathWidth), pathWidth, false));
        String[] v = {
            num(r.count()),
            r.rates().cpuPercent().isPresent() ? oneDecimal(r.rates().cpuPercent().getAsDouble()) : "-",
            bytes(r.stats().memory().current()),
            rate(r.rates().readBytesPerSec()),
            rate(r.rates().writeBytesPerSec()),
            CgroupTable.pressure(r).isPresent() ? oneDecimal(CgroupTable.pressure(r).getAsDouble()) : "-",
        };
        for (int i = 0; i < v.length; i++) {
            b.append(' ').append(pad(v[i], WIDTHS[i], true));
        }
        return b.toString();
    }

    private static String num(OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : "-";
    }

    private static String bytes(OptionalLong v) {
        return v.isPresent() ? Units.bytes(v.getAsLong()) : "-";
    }

    private static String rate(OptionalDouble v) {
        return v.isPresent() ? Units.bytes((long) v.getAsDouble()) : "-";
    }

    private static String oneDecimal(double v) {
        long tenths = Math.round(v * 10);
        return tenths / 10 + "." + Math.abs(tenths % 10);
    }

    private static String fit(String s, int width) {
        return s.length() <= width ? s : s.substring(0, Math.max(0, width));
    }

    private static String pad(String s, int w, boolean right) {
        if (s.length() >= w) {
            return s;
        }
        String sp = " ".repeat(w - s.length());
        return right ? sp + s : s + sp;
    }
}

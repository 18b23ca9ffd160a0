package dev.jns.cli.output;

import dev.jns.core.text.SafeText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A table printed the way util-linux's libsmartcols prints one, so that output users know from
 * lsns and friends looks the same: aligned text (optionally a tree in one column), raw, or JSON
 * with typed values. Cells are plain strings; an empty string is "no value" ({@code null} in JSON).
 * Every text table of jns is one: {@code jns ls}, and the batch output of {@code jns cgtop}
 * (systemd-cgtop's fixed-width columns, {@link Column#withFixedWidth}) and {@code jns top}.
 */
public final class Table {

    /** JSON type of a column. */
    public enum JsonType { STRING, NUMBER }

    /** Where a column's cells sit: text to the left, numbers to the right. */
    public enum Align { LEFT, RIGHT }

    /** What a column does beyond holding values. */
    public enum Flag {
        /** It carries the tree drawing (one column at most). */
        TREE,
        /** It may be cut to fit a terminal. */
        TRUNCATE
    }

    /**
     * One column; made with {@link #left} or {@link #right} and the {@code with} methods, e.g.
     * {@code Column.left("COMMAND").withTree().withTruncation()}.
     *
     * @param name       header, also the JSON key (lower-cased)
     * @param align      where the cells sit
     * @param flags      tree, truncation
     * @param json       JSON type
     * @param minWidth   minimum width, when the data is at least as wide as the header
     *                   (libsmartcols' width hint); 0 for none
     * @param fixedWidth 0: the column is as wide as its widest cell. Else its width (at least the
     *                   header's) whatever the data, as printf's {@code %*s} in systemd-cgtop: a
     *                   wider cell makes its own line longer, not the column wider
     */
    public record Column(String name, Align align, Set<Flag> flags, JsonType json, int minWidth, int fixedWidth) {
        public Column {
            flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        }

        /** A left-aligned text column. */
        public static Column left(String name) {
            return new Column(name, Align.LEFT, Set.of(), JsonType.STRING, 0, 0);
        }

        /** A right-aligned column (numbers). */
        public static Column right(String name) {
            return new Column(name, Align.RIGHT, Set.of(), JsonType.STRING, 0, 0);
        }

        /** This column carrying the tree drawing. */
        public Column withTree() {
            return with(Flag.TREE);
        }

        /** This column cut, when needed, to fit the terminal. */
        public Column withTruncation() {
            return with(Flag.TRUNCATE);
        }

        public Column withJson(JsonType type) {
            return new Column(name, align, flags, type, minWidth, fixedWidth);
        }

        public Column withMinWidth(int n) {
            return new Column(name, align, flags, json, n, fixedWidth);
        }

        public Column withFixedWidth(int n) {
            return new Column(name, align, flags, json, minWidth, n);
        }

        private Column with(Flag f) {
            EnumSet<Flag> s = EnumSet.of(f);
            s.addAll(flags);
            return new Column(name, align, s, json, minWidth, fixedWidth);
        }

        private boolean isRight() {
            return align == Align.RIGHT;
        }

        private boolean isTree() {
            return flags.contains(Flag.TREE);
        }

        private boolean isTruncatable() {
            return flags.contains(Flag.TRUNCATE);
        }
    }

    /** One line; children nest under it in tree output. */
    public static final class Line {
        /** Each cell's lines: one for most cells, none for no value. */
        final String[][] cells;
        final List<Line> children = new ArrayList<>();
        final Line parent;

        Line(int n, Line parent) {
            this.cells = new String[n][];
            this.parent = parent;
            java.util.Arrays.fill(cells, NONE);
        }

        /** Sets cell {@code i}; {@code null} means no value. */
        public Line set(int i, String value) {
            cells[i] = value == null || value.isEmpty() ? NONE : new String[] {value};
            return this;
        }

        /**
         * Sets cell {@code i} to several values, one per line in text output (a newline in a value
         * is escaped there, as any control character); joined by newlines in raw and JSON output.
         */
        public Line set(int i, List<String> values) {
            cells[i] = values.isEmpty() || values.size() == 1 && values.get(0).isEmpty() ? NONE
                    : values.toArray(new String[0]);
            return this;
        }

        /** Cell {@code i} as one string: its values joined by newlines. */
        String joined(int i) {
            return cells[i].length == 1 ? cells[i][0] : String.join("\n", cells[i]);
        }
    }

    private static final String[] NONE = new String[0];

    /** How to print. */
    public enum Mode { TEXT, RAW, JSON }

    /**
     * Print settings.
     *
     * @param mode       text, raw or JSON
     * @param headings   print the header line (text and raw)
     * @param termWidth  cut truncatable columns to fit this width; 0 for no limit
     * @param utf8       draw the tree with box-drawing characters, else ASCII
     * @param color      bold header
     * @param jsonName   name of the JSON array
     */
    public record Style(Mode mode, boolean headings, int termWidth, boolean utf8, boolean color, String jsonName) {}

    private final List<Column> columns;
    private final List<Line> roots = new ArrayList<>();
    /** Every line in the order added: how a table without a tree column prints (libsmartcols). */
    private final List<Line> all = new ArrayList<>();

    public Table(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** Adds a line under {@code parent}, or at the top level when it is {@code null}. */
    public Line add(Line parent) {
        Line l = new Line(columns.size(), parent);
        (parent == null ? roots : parent.children).add(l);
        all.add(l);
        return l;
    }

    /** Prints the table. */
    public void print(PrintWriter out, Style style) {
        switch (style.mode()) {
            case JSON -> printJson(out, style.jsonName(), !style.utf8());
            case RAW -> printRaw(out, style);
            default -> printText(out, style);
        }
        out.flush();
    }

    // ---- text ---------------------------------------------------------------------------------

    /**
     * Aligned text. Every value is escaped ({@link SafeText#escape}) before it is measured and cut,
     * so that a control character in a command line or a path reaches the terminal as
     * {@code \xNN}, as lsns prints it.
     */
    private void printText(PrintWriter out, Style style) {
        List<String[][]> rows = textRows(style.utf8());
        int n = columns.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = columns.get(i).name().length();
        }
        int[] data = new int[n];
        for (String[][] r : rows) {
            for (int i = 0; i < n; i++) {
                for (String part : r[i]) {
                    data[i] = Math.max(data[i], SafeText.width(part));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            Column c = columns.get(i);
            if (c.fixedWidth() > 0) {
                w[i] = Math.max(w[i], c.fixedWidth());
            } else {
                // libsmartcols: the width hint applies only when the data is at least as wide as the header
                w[i] = data[i] < w[i] ? w[i] : Math.max(data[i], c.minWidth());
            }
        }
        fitToTerminal(w, style.termWidth());
        if (style.headings()) {
            String[] h = new String[n];
            for (int i = 0; i < n; i++) {
                h[i] = columns.get(i).name();
            }
            String line = formatRow(h, w);
            out.println(style.color() ? "\u001b[1m" + line + "\u001b[0m" : line);
        }
        for (String[][] r : rows) {
            int height = 1;
            for (int i = 0; i < n; i++) {
                height = Math.max(height, r[i].length);
            }
            for (int k = 0; k < height; k++) {
                String[] cells = new String[n];
                for (int i = 0; i < n; i++) {
                    cells[i] = k < r[i].length ? r[i][k] : "";
                }
                out.println(formatRow(cells, w));
            }
        }
    }

    private void fitToTerminal(int[] w, int termWidth) {
        if (termWidth <= 0) {
            return;
        }
        int total = w.length - 1;
        for (int x : w) {
            total += x;
        }
        for (int i = 0; i < w.length && total > termWidth; i++) {
            if (columns.get(i).isTruncatable()) {
                int min = columns.get(i).name().length();
                int cut = Math.min(total - termWidth, w[i] - min);
                if (cut > 0) {
                    w[i] -= cut;
                    total -= cut;
                }
            }
        }
    }

    /**
     * One line of escaped cells, each cut to its column (never inside an escape) and padded; a
     * cell wider than a fixed-width column is neither cut nor padded.
     */
    private String formatRow(String[] cells, int[] w) {
        StringBuilder b = new StringBuilder();
        int last = cells.length - 1;
        for (int i = 0; i <= last; i++) {
            String c = cells[i];
            int len = SafeText.width(c);
            if (len > w[i] && columns.get(i).fixedWidth() == 0) {
                c = SafeText.truncate(c, w[i]);
                len = SafeText.width(c);
            }
            if (i > 0) {
                b.append(' ');
            }
            int pad = Math.max(0, w[i] - len);
            if (columns.get(i).isRight()) {
                b.append(" ".repeat(pad)).append(c);
            } else {
                b.append(c);
                if (i < last) {
                    b.append(" ".repeat(pad));
                }
            }
        }
        return b.toString();
    }

    /** The rows as escaped text: each cell's lines, the tree drawn before the tree column's value. */
    private List<String[][]> textRows(boolean utf8) {
        int tc = treeColumn();
        List<String[][]> rows = new ArrayList<>(all.size());
        for (Shown s : shown(utf8)) {
            String[][] r = new String[columns.size()][];
            for (int i = 0; i < r.length; i++) {
                String[] parts = s.line().cells[i];
                r[i] = new String[parts.length];
                for (int k = 0; k < parts.length; k++) {
                    r[i][k] = SafeText.escape(parts[k], utf8);
                }
                if (i == tc && !s.prefix().isEmpty()) {
                    r[i] = r[i].length == 0 ? new String[] {s.prefix()} : prefixed(s.prefix(), r[i]);
                }
            }
            rows.add(r);
        }
        return rows;
    }

    private static String[] prefixed(String prefix, String[] parts) {
        String[] p = parts.clone();
        p[0] = prefix + p[0];
        return p;
    }

    /** A line in print order, with the tree drawing that goes before its tree-column value. */
    private record Shown(Line line, String prefix) {}

    /**
     * The lines to print: depth-first with the tree drawn when a column carries the tree; otherwise
     * in the order the lines were added, as libsmartcols prints a table that is not a tree.
     */
    private List<Shown> shown(boolean utf8) {
        List<Shown> rows = new ArrayList<>(all.size());
        if (treeColumn() < 0) {
            for (Line l : all) {
                rows.add(new Shown(l, ""));
            }
            return rows;
        }
        // iteratively: a deep tree must not overflow the stack
        java.util.Deque<Line> stack = new java.util.ArrayDeque<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            stack.push(roots.get(i));
        }
        while (!stack.isEmpty()) {
            Line l = stack.pop();
            rows.add(new Shown(l, l.parent == null ? "" : treePrefix(l, utf8)));
            for (int i = l.children.size() - 1; i >= 0; i--) {
                stack.push(l.children.get(i));
            }
        }
        return rows;
    }

    private static String treePrefix(Line l, boolean utf8) {
        StringBuilder b = new StringBuilder(isLast(l) ? (utf8 ? "\u2514\u2500" : "`-") : (utf8 ? "\u251c\u2500" : "|-"));
        for (Line a = l.parent; a != null && a.parent != null; a = a.parent) {
            b.insert(0, isLast(a) ? "  " : (utf8 ? "\u2502 " : "| "));
        }
        return b.toString();
    }

    private static boolean isLast(Line l) {
        List<Line> sib = l.parent.children;
        return sib.get(sib.size() - 1) == l;
    }

    private int treeColumn() {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).isTree()) {
                return i;
            }
        }
        return -1;
    }

    // ---- raw ----------------------------------------------------------------------------------

    /** libsmartcols' raw output: the tree and each value escaped so that a line splits at spaces. */
    private void printRaw(PrintWriter out, Style style) {
        if (style.headings()) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                b.append(i > 0 ? " " : "").append(columns.get(i).name());
            }
            out.println(b);
        }
        int tc = treeColumn();
        for (Shown s : shown(style.utf8())) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                b.append(i > 0 ? " " : "");
                SafeText.escapeRaw(i == tc ? s.prefix() + s.line().joined(i) : s.line().joined(i), b);
            }
            out.println(b);
        }
    }

    // ---- JSON ---------------------------------------------------------------------------------

    /** JSON; {@code ascii}: every character that is not ASCII as a <code>&#92;u</code> escape (the output is not UTF-8). */
    private void printJson(PrintWriter out, String name, boolean ascii) {
        out.println("{");
        out.println("   \"" + name + "\": [");
        boolean tree = treeColumn() >= 0;
        if (!all.isEmpty()) {
            printJsonLines(out, tree ? roots : all, 2, tree, ascii);
        }
        out.println("   ]");
        out.println("}");
    }

    /** One list of lines being printed, at an indentation level. */
    private static final class JsonLevel {
        final List<Line> lines;
        final int level;
        int next;

        JsonLevel(List<Line> lines, int level) {
            this.lines = lines;
            this.level = level;
        }
    }

    /** The lines and, in a tree, their children nested: iteratively, a deep tree must not overflow the stack. */
    private void printJsonLines(PrintWriter out, List<Line> top, int topLevel, boolean tree, boolean ascii) {
        java.util.Deque<JsonLevel> stack = new java.util.ArrayDeque<>();
        stack.push(new JsonLevel(top, topLevel));
        int n = columns.size();
        while (!stack.isEmpty()) {
            JsonLevel f = stack.peek();
            String ind = "   ".repeat(f.level);
            if (f.next == f.lines.size()) {
                out.println(ind + "}");
                stack.pop();
                if (!stack.isEmpty()) {
                    out.println("   ".repeat(f.level - 1) + "]"); // closes the parent's "children"
                }
                continue;
            }
            Line l = f.lines.get(f.next);
            out.println(ind + (f.next == 0 ? "{" : "},{"));
            f.next++;
            String ind1 = "   ".repeat(f.level + 1);
            for (int i = 0; i < n; i++) {
                Column c = columns.get(i);
                StringBuilder b = new StringBuilder(ind1).append('"');
                jsonEscape(c.name().toLowerCase(java.util.Locale.ROOT), b);
                b.append("\": ");
                String v = l.joined(i);
                if (v.isEmpty()) {
                    b.append("null");
                } else if (c.json() == JsonType.NUMBER) {
                    b.append(v);
                } else {
                    b.append('"');
                    SafeText.json(v, ascii, b);
                    b.append('"');
                }
                if (i < n - 1 || (tree && !l.children.isEmpty())) {
                    b.append(',');
                }
                out.println(b);
            }
            if (tree && !l.children.isEmpty()) {
                out.println(ind1 + "\"children\": [");
                stack.push(new JsonLevel(l.children, f.level + 2));
            }
        }
    }

    /**
     * Escapes a JSON string body ({@link SafeText#json}): as util-linux does, plus DEL and C1
     * controls as <code>&#92;u00XX</code>, and U+FFFD for each byte of invalid UTF-8.
     */
    public static void jsonEscape(String s, StringBuilder b) {
        SafeText.json(s, b);
    }
}

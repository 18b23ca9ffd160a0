package dev.jns.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A table printed the way util-linux's libsmartcols prints one, so that output users know from
 * lsns and friends looks the same: aligned text (optionally a tree in one column), raw, or JSON
 * with typed values. Cells are plain strings; an empty string is "no value" ({@code null} in JSON).
 */
public final class Table {

    /** JSON type of a column. */
    public enum JsonType { STRING, NUMBER }

    /**
     * One column.
     *
     * @param name  header, also the JSON key (lower-cased)
     * @param right right-aligned (numbers)
     * @param tree  the column that carries the tree drawing
     * @param trunc may be cut to fit a terminal
     * @param json  JSON type
     * @param min   minimum width (libsmartcols' width hint)
     */
    public record Column(String name, boolean right, boolean tree, boolean trunc, JsonType json, int min) {
        public Column(String name, boolean right, boolean tree, boolean trunc, JsonType json) {
            this(name, right, tree, trunc, json, 0);
        }
    }

    /** One line; children nest under it in tree output. */
    public static final class Line {
        final String[] cells;
        final List<Line> children = new ArrayList<>();
        final Line parent;

        Line(int n, Line parent) {
            this.cells = new String[n];
            this.parent = parent;
            java.util.Arrays.fill(cells, "");
        }

        /** Sets cell {@code i}; {@code null} means no value. */
        public Line set(int i, String value) {
            cells[i] = value == null ? "" : value;
            return this;
        }
    }

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

    private static final char[] HEX = "0123456789abcdef".toCharArray();
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
            case JSON -> printJson(out, style.jsonName());
            case RAW -> printRaw(out, style);
            default -> printText(out, style);
        }
        out.flush();
    }

    // ---- text ---------------------------------------------------------------------------------

    private void printText(PrintWriter out, Style style) {
        List<String[]> rows = rows(style.utf8());
        int n = columns.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = columns.get(i).name().length();
        }
        int[] data = new int[n];
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                for (String part : r[i].split("\n", -1)) {
                    data[i] = Math.max(data[i], part.codePointCount(0, part.length()));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            // libsmartcols: the width hint applies only when the data is at least as wide as the header
            w[i] = data[i] < w[i] ? w[i] : Math.max(data[i], columns.get(i).min());
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
        for (String[] r : rows) {
            int height = 1;
            String[][] parts = new String[n][];
            for (int i = 0; i < n; i++) {
                parts[i] = r[i].split("\n", -1);
                height = Math.max(height, parts[i].length);
            }
            for (int k = 0; k < height; k++) {
                String[] cells = new String[n];
                for (int i = 0; i < n; i++) {
                    cells[i] = k < parts[i].length ? parts[i][k] : "";
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
            if (columns.get(i).trunc()) {
                int min = columns.get(i).name().length();
                int cut = Math.min(total - termWidth, w[i] - min);
                if (cut > 0) {
                    w[i] -= cut;
                    total -= cut;
                }
            }
        }
    }

    private String formatRow(String[] cells, int[] w) {
        StringBuilder b = new StringBuilder();
        int last = cells.length - 1;
        for (int i = 0; i <= last; i++) {
            String c = cells[i];
            int len = c.codePointCount(0, c.length());
            if (len > w[i]) {
                c = c.substring(0, c.offsetByCodePoints(0, w[i]));
                len = w[i];
            }
            if (i > 0) {
                b.append(' ');
            }
            if (columns.get(i).right()) {
                b.append(" ".repeat(w[i] - len)).append(c);
            } else {
                b.append(c);
                if (i < last) {
                    b.append(" ".repeat(w[i] - len));
                }
            }
        }
        return b.toString();
    }

    /**
     * The rows to print: depth-first with the tree drawn when a column carries the tree; otherwise
     * in the order the lines were added, as libsmartcols prints a table that is not a tree.
     */
    private List<String[]> rows(boolean utf8) {
        List<String[]> rows = new ArrayList<>();
        if (treeColumn() < 0) {
            for (Line l : all) {
                rows.add(l.cells.clone());
            }
            return rows;
        }
        for (Line l : roots) {
            flatten(l, rows, utf8);
        }
        return rows;
    }

    /** Depth-first rows, with the tree drawn into the tree column. */
    private void flatten(Line l, List<String[]> rows, boolean utf8) {
        String[] r = l.cells.clone();
        int tc = treeColumn();
        if (tc >= 0 && l.parent != null) {
            r[tc] = treePrefix(l, utf8) + r[tc];
        }
        rows.add(r);
        for (Line c : l.children) {
            flatten(c, rows, utf8);
        }
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
            if (columns.get(i).tree()) {
                return i;
            }
        }
        return -1;
    }

    // ---- raw ----------------------------------------------------------------------------------

    private void printRaw(PrintWriter out, Style style) {
        if (style.headings()) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                b.append(i > 0 ? " " : "").append(columns.get(i).name());
            }
            out.println(b);
        }
        for (String[] r : rows(style.utf8())) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                b.append(i > 0 ? " " : "");
                escapeRaw(r[i], b);
            }
            out.println(b);
        }
    }

    /** libsmartcols raw escaping: space, backslash, controls and non-ASCII bytes become {@code \xHH}. */
    static void escapeRaw(String s, StringBuilder b) {
        for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c <= 0x20 || c == '\\' || c >= 0x7f) {
                b.append("\\x").append(HEX[c >> 4]).append(HEX[c & 15]);
            } else {
                b.append((char) c);
            }
        }
    }

    // ---- JSON ---------------------------------------------------------------------------------

    private void printJson(PrintWriter out, String name) {
        out.println("{");
        out.println("   \"" + name + "\": [");
        boolean tree = treeColumn() >= 0;
        if (!all.isEmpty()) {
            printJsonLines(out, tree ? roots : all, 2, tree);
        }
        out.println("   ]");
        out.println("}");
    }

    private void printJsonLines(PrintWriter out, List<Line> lines, int level, boolean tree) {
        String ind = "   ".repeat(level);
        String ind1 = "   ".repeat(level + 1);
        for (int k = 0; k < lines.size(); k++) {
            Line l = lines.get(k);
            out.println(ind + (k == 0 ? "{" : "},{"));
            int n = columns.size();
            for (int i = 0; i < n; i++) {
                Column c = columns.get(i);
                StringBuilder b = new StringBuilder(ind1).append('"');
                jsonEscape(c.name().toLowerCase(java.util.Locale.ROOT), b);
                b.append("\": ");
                String v = l.cells[i];
                if (v.isEmpty()) {
                    b.append("null");
                } else if (c.json() == JsonType.NUMBER) {
                    b.append(v);
                } else {
                    b.append('"');
                    jsonEscape(v, b);
                    b.append('"');
                }
                if (i < n - 1 || (tree && !l.children.isEmpty())) {
                    b.append(',');
                }
                out.println(b);
            }
            if (tree && !l.children.isEmpty()) {
                out.println(ind1 + "\"children\": [");
                printJsonLines(out, l.children, level + 2, true);
                out.println(ind1 + "]");
            }
        }
        out.println(ind + "}");
    }

    /** Escapes a JSON string body. */
    public static void jsonEscape(String s, StringBuilder b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }
}

package dev.jns.tui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One list view, immutable: the rows of the last refresh and the user's choices for them (sort,
 * tree or flat, collapsed rows, filter, scope, selection). The rows shown are worked out once per
 * change, not per frame.
 *
 * <p>The tree holds whatever the rows say: rows whose parents form a cycle (a corrupt proc root)
 * are all shown, the cycle cut at its first row in the sort order, which goes to the top level
 * ({@link #cycleCuts()}); indentation stops at {@value #MAX_DEPTH} levels.
 */
public final class ListState {
    /** Levels of indentation at most; deeper rows are indented as much. */
    public static final int MAX_DEPTH = 100;

    /**
     * A row as shown.
     *
     * @param row       the row
     * @param depth     its indentation in the tree, 0 when flat
     * @param children  it has children (in the tree)
     * @param collapsed its children are hidden
     */
    public record Shown(Row row, int depth, boolean children, boolean collapsed) {
        /**
         * The text of column {@code i}: its cell, or {@code -} when the row has none; in the
         * flexible column (width 0), indented by the depth, the row's label below a parent, and
         * {@code +} on a collapsed row.
         */
        public String text(int i, Column column) {
            String v = i < row.cells().size() ? row.cells().get(i) : "-";
            if (column.width() != 0) {
                return v;
            }
            if (depth > 0) {
                return "  ".repeat(depth - 1) + (collapsed ? "+ " : "  ") + (row.label().isEmpty() ? v : row.label());
            }
            return collapsed ? "+ " + v : v;
        }
    }

    private final List<Column> columns;
    private final List<Row> rows;
    private final int sortColumn;
    private final boolean reversed;
    private final boolean tree;
    private final Set<String> collapsed;
    private final String filter;
    private final boolean typing;
    private final String scope;
    private final String selected;
    private final List<Shown> visible;

    private ListState(List<Column> columns, List<Row> rows, int sortColumn, boolean reversed, boolean tree,
                      Set<String> collapsed, String filter, boolean typing, String scope, String selected,
                      List<Shown> visible) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.sortColumn = sortColumn;
        this.reversed = reversed;
        this.tree = tree;
        this.collapsed = collapsed;
        this.filter = filter;
        this.typing = typing;
        this.scope = scope;
        this.selected = selected;
        this.visible = visible != null ? visible : layout();
    }

    /** No rows yet. */
    public static ListState of(List<Column> columns, int sortColumn, boolean tree) {
        if (sortColumn < 0 || sortColumn >= columns.size()) {
            throw new IllegalArgumentException("sort column " + sortColumn + " of " + columns.size());
        }
        return new ListState(columns, List.of(), sortColumn, false, tree, Set.of(), "", false, "", "", null);
    }

    public List<Column> columns() {
        return columns;
    }

    public List<Row> rows() {
        return rows;
    }

    public int sortColumn() {
        return sortColumn;
    }

    public boolean reversed() {
        return reversed;
    }

    public boolean tree() {
        return tree;
    }

    public String filter() {
        return filter;
    }

    public boolean typing() {
        return typing;
    }

    /** The group the rows are limited to (a cgroup, a namespace), or empty. */
    public String scope() {
        return scope;
    }

    /** The selected row's key, or empty. */
    public String selected() {
        return selected;
    }

    /** The rows shown, in order. */
    public List<Shown> visible() {
        return visible;
    }

    /**
     * The row that Enter opens and the view highlights: the selected row if it is shown, otherwise
     * the first shown row (as in top and htop, a list starts with its first row selected); empty
     * only when no row is shown.
     */
    public java.util.Optional<Row> selectedRow() {
        int i = current();
        return i < 0 ? java.util.Optional.empty() : java.util.Optional.of(visible.get(i).row());
    }

    /** Index of {@link #selectedRow()} among {@link #visible()}, or 0. */
    public int selectedIndex() {
        return Math.max(0, current());
    }

    private int current() {
        int i = indexOf(selected);
        return i >= 0 || visible.isEmpty() ? i : 0;
    }

    private int indexOf(String key) {
        if (key.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < visible.size(); i++) {
            if (visible.get(i).row().key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * After a refresh. A selected row that went away hands the selection to its nearest ancestor
     * that is still there.
     */
    public ListState withRows(List<Row> fresh) {
        List<Row> copy = List.copyOf(fresh);
        Set<String> keys = new HashSet<>();
        for (Row r : copy) {
            keys.add(r.key());
        }
        String sel = selected;
        if (!sel.isEmpty() && !keys.contains(sel)) {
            Map<String, String> parents = new HashMap<>();
            for (Row r : rows) {
                parents.put(r.key(), r.parent());
            }
            Set<String> seen = new HashSet<>();
            while (!sel.isEmpty() && !keys.contains(sel) && seen.add(sel)) {
                String p = parents.get(sel);
                sel = p != null ? p : parentPath(sel);
            }
            if (!keys.contains(sel)) {
                sel = "";
            }
        }
        return new ListState(columns, copy, sortColumn, reversed, tree, collapsed, filter, typing, scope, sel, null);
    }

    /** Sorted by column {@code c}, in its usual direction. */
    public ListState sortBy(int c) {
        if (c < 0 || c >= columns.size()) {
            return this;
        }
        return new ListState(columns, rows, c, false, tree, collapsed, filter, typing, scope, selected, null);
    }

    /** Sorted by the column whose key is {@code key}; unchanged when there is none. */
    public ListState sortByKey(char key) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).key() == key) {
                return sortBy(i);
            }
        }
        return this;
    }

    /** Sorted by the next ({@code +1}) or previous ({@code -1}) column. */
    public ListState sortNext(int step) {
        return sortBy(Math.floorMod(sortColumn + step, columns.size()));
    }

    public ListState reverse() {
        return new ListState(columns, rows, sortColumn, !reversed, tree, collapsed, filter, typing, scope, selected, null);
    }

    /** The tree, or a flat list sorted as a whole. */
    public ListState toggleTree() {
        return new ListState(columns, rows, sortColumn, reversed, !tree, collapsed, filter, typing, scope, selected, null);
    }

    /** Hides the selected row's children; on a row without shown children, selects its parent. */
    public ListState collapse() {
        int i = current();
        if (!tree || i < 0) {
            return this;
        }
        Shown s = visible.get(i);
        String key = s.row().key();
        if (s.children() && !s.collapsed()) {
            Set<String> c = new HashSet<>(collapsed);
            c.add(key);
            return new ListState(columns, rows, sortColumn, reversed, tree, Set.copyOf(c), filter, typing, scope, key, null);
        }
        for (int j = i - 1; j >= 0; j--) {
            if (visible.get(j).row().key().equals(s.row().parent())) {
                return select(j);
            }
        }
        return this;
    }

    /** Shows the selected row's children again. */
    public ListState expand() {
        int i = current();
        String key = i < 0 ? selected : visible.get(i).row().key();
        if (!collapsed.contains(key)) {
            return this;
        }
        Set<String> c = new HashSet<>(collapsed);
        c.remove(key);
        return new ListState(columns, rows, sortColumn, reversed, tree, Set.copyOf(c), filter, typing, scope, key, null);
    }

    /** Selects the shown row at {@code index}, clamped. */
    public ListState select(int index) {
        if (visible.isEmpty()) {
            return this;
        }
        int i = Math.max(0, Math.min(visible.size() - 1, index));
        return new ListState(columns, rows, sortColumn, reversed, tree, collapsed, filter, typing, scope,
                visible.get(i).row().key(), visible);
    }

    /** Selects the row with {@code key}, shown or not. */
    public ListState selectKey(String key) {
        return new ListState(columns, rows, sortColumn, reversed, tree, collapsed, filter, typing, scope, key, visible);
    }

    /** Moves the selection by {@code delta} rows. */
    public ListState move(int delta) {
        return select(selectedIndex() + delta);
    }

    /** The filter as typed so far, and whether it is still being typed. */
    public ListState withFilter(String f, boolean stillTyping) {
        return new ListState(columns, rows, sortColumn, reversed, tree, collapsed, f, stillTyping, scope, selected, null);
    }

    /** Only the rows in {@code group} (see {@link Row#in}); empty for all. */
    public ListState withScope(String group) {
        return new ListState(columns, rows, sortColumn, reversed, tree, collapsed, filter, typing, group, "", null);
    }

    private List<Shown> layout() {
        List<Row> base = rows;
        if (!scope.isEmpty()) {
            base = new ArrayList<>();
            for (Row r : rows) {
                if (r.in(scope)) {
                    base.add(r);
                }
            }
        }
        Comparator<Row> order = comparator();
        String f = filter.toLowerCase(Locale.ROOT);
        List<Shown> out = new ArrayList<>(base.size());
        if (!tree) {
            List<Row> sorted = new ArrayList<>(base);
            sorted.sort(order);
            for (Row r : sorted) {
                if (f.isEmpty() || matches(r, f)) {
                    out.add(new Shown(r, 0, false, false));
                }
            }
            return List.copyOf(out);
        }
        Map<String, Row> byKey = new HashMap<>();
        for (Row r : base) {
            byKey.put(r.key(), r);
        }
        Map<String, List<Row>> children = new HashMap<>();
        List<Row> roots = new ArrayList<>();
        for (Row r : base) {
            if (!r.parent().isEmpty() && !r.parent().equals(r.key()) && byKey.containsKey(r.parent())) {
                children.computeIfAbsent(r.parent(), k -> new ArrayList<>()).add(r);
            } else {
                roots.add(r);
            }
        }
        Set<String> keep = null;
        if (!f.isEmpty()) {
            keep = new HashSet<>();
            for (Row r : base) {
                if (matches(r, f)) {
                    for (Row a = r; a != null && keep.add(a.key()); a = byKey.get(a.parent())) {
                        // the match and its ancestors
                    }
                }
            }
        }
        roots.sort(order);
        Set<String> done = new HashSet<>();
        walk(roots, children, keep, order, done, out);
        // Rows not reached either hang under a collapsed row or have an ancestor cycle: cut each
        // cycle at its first row in the sort order. Every row is walked up once (settled after).
        Set<String> settled = new HashSet<>();
        for (Row r : base) {
            if (done.contains(r.key()) || settled.contains(r.key()) || keep != null && !keep.contains(r.key())) {
                continue;
            }
            List<Row> path = new ArrayList<>();
            Set<String> onPath = new HashSet<>();
            Row a = r;
            while (a != null && !done.contains(a.key()) && !settled.contains(a.key()) && onPath.add(a.key())) {
                path.add(a);
                a = byKey.get(a.parent());
            }
            if (a != null && onPath.contains(a.key())) {
                walk(List.of(cycleCut(a, byKey, order)), children, keep, order, done, out);
            }
            for (Row p : path) {
                settled.add(p.key());
            }
        }
        return List.copyOf(out);
    }

    /** Depth-first from {@code roots} (sorted), iteratively: children sorted, collapsed rows shut. */
    private void walk(List<Row> roots, Map<String, List<Row>> children, Set<String> keep, Comparator<Row> order,
                      Set<String> done, List<Shown> out) {
        Deque<Object[]> stack = new ArrayDeque<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            stack.push(new Object[] {roots.get(i), 0});
        }
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Row r = (Row) top[0];
            int depth = (Integer) top[1];
            if (keep != null && !keep.contains(r.key()) || !done.add(r.key())) {
                continue;
            }
            List<Row> kids = children.getOrDefault(r.key(), List.of());
            boolean shut = collapsed.contains(r.key()) && !kids.isEmpty();
            out.add(new Shown(r, Math.min(depth, MAX_DEPTH), !kids.isEmpty(), shut));
            if (!shut && !kids.isEmpty()) {
                List<Row> sorted = new ArrayList<>(kids);
                sorted.sort(order);
                for (int i = sorted.size() - 1; i >= 0; i--) {
                    stack.push(new Object[] {sorted.get(i), depth + 1});
                }
            }
        }
    }

    /** Where the parent cycle through {@code a} is cut: its first row in {@code order}. */
    private static Row cycleCut(Row a, Map<String, Row> byKey, Comparator<Row> order) {
        Row cut = a;
        for (Row c = byKey.get(a.parent()); c != null && !c.key().equals(a.key()); c = byKey.get(c.parent())) {
            if (order.compare(c, cut) < 0) {
                cut = c;
            }
        }
        return cut;
    }

    /**
     * The keys of rows shown at the top level only because their parents form a cycle, in the
     * order shown; empty in a flat list and for a sane tree.
     */
    public List<String> cycleCuts() {
        if (!tree) {
            return List.of();
        }
        Set<String> keys = new HashSet<>();
        for (Row r : rows) {
            if (scope.isEmpty() || r.in(scope)) {
                keys.add(r.key());
            }
        }
        List<String> out = new ArrayList<>();
        for (Shown s : visible) {
            String p = s.row().parent();
            if (s.depth() == 0 && !p.isEmpty() && !p.equals(s.row().key()) && keys.contains(p)) {
                out.add(s.row().key());
            }
        }
        return out;
    }

    private static boolean matches(Row r, String lowerFilter) {
        if (r.key().toLowerCase(Locale.ROOT).contains(lowerFilter)) {
            return true;
        }
        for (String c : r.cells()) {
            if (c.toLowerCase(Locale.ROOT).contains(lowerFilter)) {
                return true;
            }
        }
        return false;
    }

    /** Unknown values last in either direction; ties by the key. */
    private Comparator<Row> comparator() {
        int c = sortColumn;
        boolean down = columns.get(c).descending() != reversed;
        return (a, b) -> {
            Object x = c < a.sort().size() ? a.sort().get(c) : null;
            Object y = c < b.sort().size() ? b.sort().get(c) : null;
            if (x == null || y == null) {
                return x == null && y == null ? a.key().compareTo(b.key()) : x == null ? 1 : -1;
            }
            int r = compare(x, y);
            if (r == 0) {
                return a.key().compareTo(b.key());
            }
            return down ? -r : r;
        };
    }

    private static int compare(Object x, Object y) {
        if (x instanceof Long a && y instanceof Long b) {
            return Long.compare(a, b);
        }
        if (x instanceof Number a && y instanceof Number b) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return x.toString().compareToIgnoreCase(y.toString());
    }

    private static String parentPath(String key) {
        int i = key.lastIndexOf('/');
        return i < 0 || key.equals("/") ? "" : i == 0 ? "/" : key.substring(0, i);
    }
}

package dev.jns.tui;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One row of a list view.
 *
 * @param key    unique in its view: a cgroup path, a pid, a namespace
 * @param parent the key of its parent in the tree, or empty for a root
 * @param cells  the text of each column; {@code -} for what could not be read
 * @param sort   the value each column sorts by: a {@link Number}, a {@link String}, or null when
 *               unknown (sorted last)
 * @param groups what the row belongs to, for drill-down: a process's cgroup path and namespaces
 * @param label  the flexible column's text in the tree, below a parent (a cgroup's last name), or
 *               empty for the cell's text
 */
public record Row(String key, String parent, List<String> cells, List<Object> sort, List<String> groups, String label) {

    public Row {
        cells = List.copyOf(cells);
        sort = Collections.unmodifiableList(Arrays.asList(sort.toArray()));
        groups = List.copyOf(groups);
    }

    /** A row without groups. */
    public static Row of(String key, String parent, List<String> cells, Object... sort) {
        return new Row(key, parent, cells, Arrays.asList(sort), List.of(), "");
    }

    /**
     * Whether the row belongs to {@code scope}: one of its groups is the scope, or a path below it.
     */
    public boolean in(String scope) {
        for (String g : groups) {
            if (g.equals(scope) || scope.equals("/") && g.startsWith("/")
                    || g.length() > scope.length() && g.startsWith(scope) && g.charAt(scope.length()) == '/') {
                return true;
            }
        }
        return false;
    }
}

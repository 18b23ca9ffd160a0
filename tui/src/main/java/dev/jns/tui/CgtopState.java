package dev.jns.tui;

import dev.jns.core.cgroup.CgroupTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything the cgroup view shows, immutable: the rows of the last refresh and the user's
 * choices. {@link #apply} gives the state after an action; {@link #withRows} after a refresh.
 *
 * @param rows         the last refresh, in tree order
 * @param order        sort key
 * @param reversed     the sort order is reversed
 * @param filter       text a path must contain (its parents stay visible), empty for none
 * @param typingFilter the filter is being typed
 * @param paused       refreshes are not shown
 * @param delayMillis  time between refreshes
 * @param selected     the selected cgroup's path, or empty
 * @param help         the key help is shown
 * @param quit         the user asked to quit
 */
public record CgtopState(List<CgroupTable.Row> rows, CgroupTable.Order order, boolean reversed, String filter,
                         boolean typingFilter,
                         boolean paused, long delayMillis, String selected, boolean help, boolean quit) {

    public CgtopState {
        rows = List.copyOf(rows);
    }

    /** Nothing sampled yet, sorted by CPU. */
    public static CgtopState initial(long delayMillis) {
        return new CgtopState(List.of(), CgroupTable.Order.CPU, false, "", false, false, delayMillis, "", false, false);
    }

    /**
     * After a refresh. A selected cgroup that went away hands the selection to its nearest
     * ancestor that is still there. A paused view keeps its rows.
     */
    public CgtopState withRows(List<CgroupTable.Row> fresh) {
        if (paused) {
            return this;
        }
        String sel = selected;
        Set<String> paths = new HashSet<>();
        for (CgroupTable.Row r : fresh) {
            paths.add(r.path());
        }
        while (!sel.isEmpty() && !paths.contains(sel)) {
            int i = sel.lastIndexOf('/');
            sel = sel.equals("/") ? "" : i <= 0 ? "/" : sel.substring(0, i);
        }
        return new CgtopState(fresh, order, reversed, filter, typingFilter, paused, delayMillis, sel, help, quit);
    }

    /** The rows shown: those whose path contains the filter, and their ancestors. */
    public List<CgroupTable.Row> visible() {
        if (filter.isEmpty()) {
            return rows;
        }
        String f = filter.toLowerCase(Locale.ROOT);
        Set<String> keep = new HashSet<>();
        for (CgroupTable.Row r : rows) {
            if (r.path().toLowerCase(Locale.ROOT).contains(f)) {
                for (String p = r.path(); p != null; p = parentOf(p)) {
                    keep.add(p);
                }
            }
        }
        List<CgroupTable.Row> out = new ArrayList<>();
        for (CgroupTable.Row r : rows) {
            if (keep.contains(r.path())) {
                out.add(r);
            }
        }
        return out;
    }

    /** Index of the selected row among {@link #visible()}, or 0. */
    public int selectedIndex() {
        List<CgroupTable.Row> v = visible();
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).path().equals(selected)) {
                return i;
            }
        }
        return 0;
    }

    /** The state after {@code a}; {@code page} is the number of rows on the screen. */
    public CgtopState apply(Action a, int page) {
        switch (a.kind()) {
            case SORT_PATH: return sort(CgroupTable.Order.PATH);
            case SORT_TASKS: return sort(CgroupTable.Order.TASKS);
            case SORT_CPU: return sort(CgroupTable.Order.CPU);
            case SORT_MEMORY: return sort(CgroupTable.Order.MEMORY);
            case SORT_IO: return sort(CgroupTable.Order.IO);
            case SORT_PRESSURE: return sort(CgroupTable.Order.PRESSURE);
            case REVERSE: return new CgtopState(rows, order, !reversed, filter, typingFilter, paused, delayMillis, selected,
                    help, quit);
            case UP: return select(selectedIndex() - 1);
            case DOWN: return select(selectedIndex() + 1);
            case PAGE_UP: return select(selectedIndex() - Math.max(1, page));
            case PAGE_DOWN: return select(selectedIndex() + Math.max(1, page));
            case HOME: return select(0);
            case END: return select(Integer.MAX_VALUE);
            case FILTER: return new CgtopState(rows, order, reversed, "", true, paused, delayMillis, selected, false, quit);
            case TYPE: return typingFilter ? withFilter(filter + a.text(), true) : this;
            case ERASE: return typingFilter && !filter.isEmpty() ? withFilter(filter.substring(0, filter.length() - 1), true) : this;
            case ACCEPT: return withFilter(filter, false);
            case CANCEL: return typingFilter || !filter.isEmpty() || help ? new CgtopState(rows, order, reversed, "", false, paused,
                    delayMillis, selected, false, quit) : this;
            case PAUSE: return new CgtopState(rows, order, reversed, filter, typingFilter, !paused, delayMillis, selected, help, quit);
            case SLOWER: return delay(delayMillis < 1000 ? delayMillis + 250 : delayMillis + 1000);
            case FASTER: return delay(delayMillis <= 1000 ? Math.max(250, delayMillis - 250) : delayMillis - 1000);
            case HELP: return new CgtopState(rows, order, reversed, filter, typingFilter, paused, delayMillis, selected, !help, quit);
            case QUIT: return new CgtopState(rows, order, reversed, filter, typingFilter, paused, delayMillis, selected, help, true);
            default: return this;
        }
    }

    private CgtopState sort(CgroupTable.Order o) {
        return new CgtopState(rows, o, false, filter, typingFilter, paused, delayMillis, selected, help, quit);
    }

    private CgtopState select(int index) {
        List<CgroupTable.Row> v = visible();
        if (v.isEmpty()) {
            return this;
        }
        int i = Math.max(0, Math.min(v.size() - 1, index));
        return new CgtopState(rows, order, reversed, filter, typingFilter, paused, delayMillis, v.get(i).path(), help, quit);
    }

    private CgtopState withFilter(String f, boolean typing) {
        return new CgtopState(rows, order, reversed, f, typing, paused, delayMillis, selected, help, quit);
    }

    private CgtopState delay(long millis) {
        return new CgtopState(rows, order, reversed, filter, typingFilter, paused, millis, selected, help, quit);
    }

    private static String parentOf(String path) {
        if (path.equals("/")) {
            return null;
        }
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }
}

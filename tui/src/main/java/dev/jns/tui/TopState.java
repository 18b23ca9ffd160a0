package dev.jns.tui;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code jns top} shows, immutable: one {@link ListState} per view, which view is on
 * screen, the details of a process, a pending confirmation, and the refresh settings.
 * {@link #apply} gives the state after a key. What the UI must do outside the state (enter a
 * process's namespaces, send a signal) comes out as a {@link Request}.
 *
 * @param view        the view on screen
 * @param lists       each view's list
 * @param paused      refreshes are not shown
 * @param delayMillis time between refreshes
 * @param help        the key help is shown
 * @param quit        the user asked to quit
 * @param detail      the process whose details are shown, or empty
 * @param detailLines those details
 * @param confirm     the process a signal waits for confirmation for, or empty
 * @param request     what the UI must do next, or null
 * @param message     a one-line note for the bottom line, or empty
 * @param back        the view Esc returns to from a drill-down, or null
 */
public record TopState(ViewId view, Map<ViewId, ListState> lists, boolean paused, long delayMillis, boolean help,
                       boolean quit, String detail, List<String> detailLines, String confirm, Request request,
                       String message, ViewId back) {

    /**
     * Something the UI does for the user.
     *
     * @param kind   what
     * @param key    the process
     * @param signal the signal number, for {@link Kind#SIGNAL}
     */
    public record Request(Kind kind, String key, int signal) {
        /** Enter a process's namespaces with a shell, or send it a signal. */
        public enum Kind { ENTER, SIGNAL }
    }

    public TopState {
        lists = java.util.Collections.unmodifiableMap(new EnumMap<>(lists));
        detailLines = List.copyOf(detailLines);
    }

    /** Nothing sampled yet. */
    public static TopState initial(ViewId view, Map<ViewId, ListState> lists, long delayMillis) {
        return new TopState(view, lists, false, delayMillis, false, false, "", List.of(), "", null, "", null);
    }

    /** The list on screen. */
    public ListState list() {
        return lists.get(view);
    }

    /** The list of {@code v}. */
    public ListState list(ViewId v) {
        return lists.get(v);
    }

    /** The filter of the list on screen is being typed. */
    public boolean typing() {
        return list().typing();
    }

    /** After a refresh of view {@code v}. A paused view keeps its rows. */
    public TopState withRows(ViewId v, List<Row> rows) {
        if (paused || !lists.containsKey(v)) {
            return this;
        }
        return withList(v, lists.get(v).withRows(rows));
    }

    /**
     * After a refresh of the details. Empty lines mean the process is gone: the details close,
     * and the selection moves on at the next refresh of the list.
     */
    public TopState withDetails(String key, List<String> lines) {
        if (!key.equals(detail) || paused) {
            return this;
        }
        if (lines.isEmpty()) {
            return new TopState(view, lists, paused, delayMillis, help, quit, "", List.of(), "", request,
                    "process " + key + " is gone", back);
        }
        return new TopState(view, lists, paused, delayMillis, help, quit, detail, lines, confirm, request, message, back);
    }

    /** The request has been carried out; {@code note} says how it went. */
    public TopState done(String note) {
        return new TopState(view, lists, paused, delayMillis, help, quit, detail, detailLines, "", null, note, back);
    }

    /** The state after {@code a}; {@code page} is the number of rows on the screen. */
    public TopState apply(Action a, int page) {
        TopState s = message.isEmpty() ? this : note("");
        if (!confirm.isEmpty()) {
            switch (a.kind()) {
                case CONFIRM: return s.ask(new Request(Request.Kind.SIGNAL, confirm, 15));
                case KILL_NOW: return s.ask(new Request(Request.Kind.SIGNAL, confirm, 9));
                case QUIT: return s.quitting();
                default: return s.confirming("").note("no signal sent");
            }
        }
        switch (a.kind()) {
            case QUIT: return s.quitting();
            case HELP: return new TopState(view, lists, paused, delayMillis, !help, quit, detail, detailLines, confirm,
                    request, "", back);
            case PAUSE: return new TopState(view, lists, !paused, delayMillis, help, quit, detail, detailLines, confirm,
                    request, "", back);
            case SLOWER: return s.delay(delayMillis < 1000 ? delayMillis + 250 : delayMillis + 1000);
            case FASTER: return s.delay(delayMillis <= 1000 ? Math.max(250, delayMillis - 250) : delayMillis - 1000);
            case NEXT_VIEW: return s.show(ViewId.values()[(view.ordinal() + 1) % ViewId.values().length], null);
            case VIEW: return s.show(ViewId.values()[a.text() - '1'], null);
            default: break;
        }
        if (!detail.isEmpty()) {
            switch (a.kind()) {
                case CANCEL: return new TopState(view, lists, paused, delayMillis, false, quit, "", List.of(), "", request,
                        "", back);
                case ENTER_NS: return s.ask(new Request(Request.Kind.ENTER, detail, 0));
                case SIGNAL: return s.confirming(detail);
                default: return s;
            }
        }
        ListState l = list();
        switch (a.kind()) {
            case SORT_KEY: return s.withList(view, l.sortByKey(a.text()));
            case SORT_NEXT: return s.withList(view, l.sortNext(1));
            case SORT_PREV: return s.withList(view, l.sortNext(-1));
            case REVERSE: return s.withList(view, l.reverse());
            case TREE: return s.withList(view, l.toggleTree());
            case COLLAPSE: return s.withList(view, l.collapse());
            case EXPAND: return s.withList(view, l.expand());
            case UP: return s.withList(view, l.move(-1));
            case DOWN: return s.withList(view, l.move(1));
            case PAGE_UP: return s.withList(view, l.move(-Math.max(1, page)));
            case PAGE_DOWN: return s.withList(view, l.move(Math.max(1, page)));
            case HOME: return s.withList(view, l.select(0));
            case END: return s.withList(view, l.select(Integer.MAX_VALUE));
            case FILTER: return s.withList(view, l.withFilter("", true)).noHelp();
            case TYPE: return l.typing() ? s.withList(view, l.withFilter(l.filter() + a.text(), true)) : s;
            case ERASE: return l.typing() && !l.filter().isEmpty()
                    ? s.withList(view, l.withFilter(l.filter().substring(0, l.filter().length() - 1), true)) : s;
            case ACCEPT: return s.withList(view, l.withFilter(l.filter(), false));
            case CANCEL: return s.cancel();
            case OPEN: return s.open();
            case ENTER_NS:
            case SIGNAL: {
                java.util.Optional<Row> r = l.selectedRow();
                if (view != ViewId.PROCESSES || r.isEmpty()) {
                    return s.note("select a process first (2: processes; Enter on a cgroup lists its processes)");
                }
                String key = r.get().key();
                TopState pinned = s.withList(view, l.selectKey(key)); // the row acted on stays selected
                return a.kind() == Action.Kind.SIGNAL ? pinned.confirming(key)
                        : pinned.ask(new Request(Request.Kind.ENTER, key, 0));
            }
            default: return s;
        }
    }

    private TopState cancel() {
        ListState l = list();
        if (help) {
            return noHelp();
        }
        if (l.typing() || !l.filter().isEmpty()) {
            return withList(view, l.withFilter("", false));
        }
        if (!l.scope().isEmpty()) {
            TopState t = withList(view, l.withScope(""));
            return back != null ? t.show(back, null) : t;
        }
        return this;
    }

    /** Enter: a cgroup's or a namespace's processes, or a process's details. */
    private TopState open() {
        java.util.Optional<Row> r = list().selectedRow();
        if (r.isEmpty()) {
            return this;
        }
        // The first row is selected without a key until an arrow moves; opening it pins the key,
        // so Esc comes back to it and a refresh follows it.
        TopState s = withList(view, list().selectKey(r.get().key()));
        if (view == ViewId.PROCESSES) {
            return new TopState(view, s.lists, paused, delayMillis, false, quit, r.get().key(), List.of("reading..."), "",
                    request, "", back);
        }
        TopState t = s.withList(ViewId.PROCESSES, list(ViewId.PROCESSES).withScope(r.get().key()));
        return t.show(ViewId.PROCESSES, view);
    }

    private TopState show(ViewId v, ViewId from) {
        if (!lists.containsKey(v)) {
            return this;
        }
        return new TopState(v, lists, paused, delayMillis, help, quit, "", List.of(), "", request, "",
                from != null ? from : v == view ? back : null);
    }

    private TopState withList(ViewId v, ListState l) {
        Map<ViewId, ListState> m = new EnumMap<>(lists);
        m.put(v, l);
        return new TopState(view, m, paused, delayMillis, help, quit, detail, detailLines, confirm, request, message, back);
    }

    private TopState ask(Request r) {
        return new TopState(view, lists, paused, delayMillis, help, quit, detail, detailLines, "", r, "", back);
    }

    private TopState confirming(String key) {
        return new TopState(view, lists, paused, delayMillis, help, quit, detail, detailLines, key, request, "", back);
    }

    private TopState note(String m) {
        return new TopState(view, lists, paused, delayMillis, help, quit, detail, detailLines, confirm, request, m, back);
    }

    private TopState noHelp() {
        return new TopState(view, lists, paused, delayMillis, false, quit, detail, detailLines, confirm, request, message,
                back);
    }

    private TopState delay(long millis) {
        return new TopState(view, lists, paused, millis, help, quit, detail, detailLines, confirm, request, message, back);
    }

    private TopState quitting() {
        return new TopState(view, lists, paused, delayMillis, help, true, detail, detailLines, "", request, message, back);
    }
}

package dev.jns.tui;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 3: a process or cgroup named with control characters must not end the full
 * screen (Lanterna refuses to draw a control character: "Cannot create a TextCharacter from a
 * control character") nor reach the terminal. Rows, the scope, the filter, details, notes and the
 * header carry ESC, BEL, CR, LF, TAB, the 8-bit CSI U+009B, invalid UTF-8 and characters Lanterna
 * measures differently from the terminal; the screen shows them escaped.
 */
@Tag("hostile")
class EscapeScreenHostileTest {
    /** An escaped byte of invalid UTF-8, as the core decodes 0xFF. */
    static final String BAD = "\udcff";
    static final String OSC = "\u001b]0;pwned\u0007";
    static final String COMMAND = "sleep " + OSC + " a\tb\rc\nd \u009b2J " + BAD + " \u4e2d e\u0301 \ud83d\ude00";
    static final String CGROUP = "/evil\u001b[2J" + BAD;

    static List<Row> processes() {
        List<Row> r = new ArrayList<>(Rows.processes());
        r.add(Rows.process(666, 1, 99.0, CGROUP, COMMAND, "net:[1]"));
        return r;
    }

    static List<Row> cgroups() {
        List<Row> r = new ArrayList<>(Rows.tree());
        r.add(Rows.row(CGROUP, 1, 99.0, 1L << 20));
        r.add(Rows.row(CGROUP + "/child\u0007", 1, 50.0, 1L << 20));
        return r;
    }

    static TopState state(ViewId first) {
        Map<ViewId, ListState> lists = new java.util.EnumMap<>(ViewId.class);
        lists.put(ViewId.CGROUPS, ListState.of(Rows.CGROUP_COLUMNS, 2, true).withRows(cgroups()));
        lists.put(ViewId.PROCESSES, ListState.of(Rows.PROCESS_COLUMNS, 1, false).withRows(processes()));
        lists.put(ViewId.NAMESPACES, ListState.of(List.of(Column.text("NS", 16, 'n'), Column.figure("NPROCS", 6, 't')),
                0, false).withRows(List.of(Rows.namespace("net:[1]", "", 3))));
        return TopState.initial(first, lists, 1000);
    }

    /** Draws {@code s} as {@code jns top} does and returns the screen's text; fails on a control character. */
    static String draw(TopState s, String header, boolean utf8) throws IOException {
        return draw(s, header, utf8, 160);
    }

    static String draw(TopState s, String header, boolean utf8, int cols) throws IOException {
        DefaultVirtualTerminal term = new DefaultVirtualTerminal(new TerminalSize(cols, 20));
        Screen screen = new TerminalScreen(term);
        screen.startScreen();
        assertDoesNotThrow(() -> TopView.draw(s, screen.newTextGraphics(), screen.getTerminalSize(), header, true, utf8));
        screen.refresh(Screen.RefreshType.COMPLETE);
        String text = term.toString();
        assertNoControls(text);
        return text;
    }

    static void assertNoControls(String screen) {
        for (int i = 0; i < screen.length(); i++) {
            char c = screen.charAt(i);
            int at = i;
            assertTrue(c == '\n' || c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f) && !Character.isSurrogate(c),
                    () -> String.format("U+%04X on the screen at %d:%n%s", (int) c, at, screen));
        }
    }

    @Test
    void hostileRowsAreDrawnEscaped() throws IOException {
        String screen = draw(state(ViewId.PROCESSES), "host " + OSC, true);
        assertTrue(screen.contains("sleep \\x1b]0;pwned\\x07 a\\x09b\\x0dc\\x0ad \\xc2\\x9b2J \\xff \u4e2d"), screen);
        assertTrue(screen.contains("\u4e2d  e"), "CJK in two columns (the virtual terminal shows a blank for the second):\n"
                + screen);
        assertTrue(screen.contains(" e\\xcc\\x81 \\xf0\\x9f\\x98\\x80"),
                "a combining mark and a character beyond U+FFFF, which Lanterna would misplace, as bytes:\n" + screen);
        assertTrue(screen.contains("/evil\\x1b[2J\\x"), "the cgroup column, cut to its width:\n" + screen);
        assertTrue(screen.contains("host \\x1b]0;pwned\\x07"), "the header:\n" + screen);
    }

    @Test
    void theCgroupTreeAScopeAFilterAndANote() throws IOException {
        String tree = draw(state(ViewId.CGROUPS), "h", true);
        assertTrue(tree.contains("  evil\\x1b[2J\\xff "), "a cgroup's name below its parent:\n" + tree);
        assertTrue(tree.contains("child\\x07"), "a child's label in the tree:\n" + tree);

        TopState s = state(ViewId.CGROUPS);
        Map<ViewId, ListState> selected = new java.util.EnumMap<>(s.lists());
        selected.put(ViewId.CGROUPS, s.list().selectKey(CGROUP));
        TopState scoped = new TopState(ViewId.CGROUPS, selected, false, 1000, false, false, "", List.of(), "", null, "", null)
                .apply(Action.of(Action.Kind.OPEN), 10);
        String drill = draw(scoped, "h", true);
        assertTrue(drill.contains("in /evil\\x1b[2J\\xff (Esc: all)"), "the scope of a drill-down:\n" + drill);

        ListState l = s.list(ViewId.PROCESSES).withFilter("x\u001b\u0007", true);
        Map<ViewId, ListState> lists = new java.util.EnumMap<>(s.lists());
        lists.put(ViewId.PROCESSES, l);
        TopState filtering = new TopState(ViewId.PROCESSES, lists, false, 1000, false, false, "", List.of(), "", null, "", null);
        String f = draw(filtering, "h", true);
        assertTrue(f.contains("filter: x\\x1b\\x07_"), f);

        TopState noted = s.done("could not run jns enter: " + OSC);
        String n = draw(noted, "h", true);
        assertTrue(n.contains("could not run jns enter: \\x1b]0;pwned\\x07"), n);
    }

    @Test
    void detailsAreEscaped() throws IOException {
        TopState s = state(ViewId.PROCESSES);
        s = s.apply(Action.of(Action.Kind.DOWN), 10).apply(Action.of(Action.Kind.OPEN), 10);
        s = s.withDetails(s.detail(), List.of("command   " + COMMAND, "cgroup    " + CGROUP));
        String screen = draw(s, "h", true);
        assertTrue(screen.contains("command   sleep \\x1b]0;pwned\\x07"), screen);
        assertTrue(screen.contains("cgroup    /evil\\x1b[2J\\xff"), screen);
    }

    @Test
    void underALocaleThatIsNotUtf8EveryByteThatIsNotAsciiIsEscaped() throws IOException {
        String screen = draw(state(ViewId.PROCESSES), "h", false);
        assertTrue(screen.contains("\\xff \\xe4\\xb8\\xad e\\xcc\\x81 \\xf0\\x9f\\x98\\x80"), screen);
        assertTrue(screen.chars().allMatch(c -> c < 0x80), screen);
    }

    @Test
    void aHostileRowIsCutAtTheScreensEdgeInColumnsNotCharacters() throws IOException {
        // the virtual terminal shows a wide character and then a blank for its second column
        for (int cols = 40; cols <= 90; cols++) {
            String screen = draw(state(ViewId.PROCESSES), "h", true, cols);
            for (String line : screen.split("\n")) {
                int at = cols;
                assertFalse(line.length() > cols, () -> "wider than " + at + " columns: " + line);
            }
            String row = screen.lines().filter(l -> l.startsWith("    666")).findFirst().orElseThrow();
            assertFalse(row.matches(".*\\\\x?[0-9a-f]?$") && row.length() == cols && !row.endsWith(" "),
                    "never cut inside an escape: " + row);
        }
    }

    /** The whole UI loop: rows arrive from the sampling thread and are drawn; the UI stays up until q. */
    @Test
    void theUiStaysUpWithHostileRowsAndQuitsOnQ() {
        DefaultVirtualTerminal t = new DefaultVirtualTerminal(new TerminalSize(120, 30));
        AtomicReference<Throwable> failed = new AtomicReference<>();
        TopApp.Source src = new TopAppTest.Source() {
            @Override
            public List<Row> rows(ViewId view) {
                return view == ViewId.PROCESSES ? processes() : view == ViewId.CGROUPS ? cgroups() : List.of();
            }

            @Override
            public String header() {
                return "host " + OSC + BAD;
            }
        };
        Thread ui = new Thread(() -> {
            try {
                TopApp.run(t, src, state(ViewId.PROCESSES), true, true);
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "ui");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            ui.start();
            String screen = "";
            while (!(screen.contains("\\x1b]0;pwned\\x07 a\\x09b") && screen.contains("host \\x1b")) && ui.isAlive()) {
                Thread.sleep(20);
                screen = t.toString();
            }
            assertTrue(ui.isAlive(), () -> "the UI ended: " + failed.get());
            assertNoControls(screen);
            assertTrue(screen.contains("host \\x1b]0;pwned\\x07\\xff"), screen);
            t.addInput(new KeyStroke('1', false, false));
            while (!t.toString().contains("evil\\x1b[2J\\xff") && ui.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(ui.isAlive(), () -> "the UI ended on the cgroup view: " + failed.get());
            t.addInput(new KeyStroke('q', false, false));
            ui.join();
        });
        assertTrue(failed.get() == null, () -> "the UI failed: " + failed.get());
    }
}

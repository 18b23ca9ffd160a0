package dev.jns.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The view rendered into Lanterna's virtual terminal: a given state gives the expected screen text. */
class TopViewTest {

    private static DefaultVirtualTerminal draw(TopState s, int cols, int rows, boolean color) throws IOException {
        DefaultVirtualTerminal term = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
        Screen screen = new TerminalScreen(term);
        screen.startScreen(); // not stopped: that would switch the virtual terminal back to its empty normal buffer
        TopView.draw(s, screen.newTextGraphics(), screen.getTerminalSize(), "host vm | v2", color);
        screen.refresh(Screen.RefreshType.COMPLETE);
        return term;
    }

    private static List<String> render(TopState s, int cols, int rows) throws IOException {
        return draw(s, cols, rows, false).toString().lines().map(String::stripTrailing).toList();
    }

    private static TopState press(TopState s, Action.Kind... kinds) {
        for (Action.Kind k : kinds) {
            s = s.apply(Action.of(k), 10);
        }
        return s;
    }

    @Test
    void headerTabsTitlesRowsAndKeysAt80x24() throws IOException {
        List<String> lines = render(Rows.top(ViewId.CGROUPS), 80, 24);
        assertEquals("every 1000 ms | host vm | v2", lines.get(0));
        assertTrue(lines.get(1).startsWith(" 1 Cgroups   2 Processes   3 Namespaces   tree by %CPU | 6 shown"), lines.get(1));
        assertTrue(lines.get(2).startsWith("Control Group") && lines.get(2).endsWith("%CPUv  Memory"), lines.get(2));
        assertTrue(lines.stream().allMatch(l -> l.length() <= 80), "nothing wider than the terminal");
        assertTrue(lines.get(3).startsWith("/ "), lines.get(3));
        assertTrue(lines.get(5).startsWith("    docker-abc.scope"), "children indented under parents: " + lines.get(5));
        assertTrue(lines.get(5).contains(" 25.5 ") && lines.get(5).contains("396M"), lines.get(5));
        assertTrue(lines.get(23).startsWith("Tab/1-3: view"), lines.get(23));
    }

    @Test
    void theProcessViewAndADrillDown() throws IOException {
        TopState s = press(Rows.top(ViewId.CGROUPS), Action.Kind.DOWN, Action.Kind.OPEN);
        List<String> lines = render(s, 80, 24);
        assertTrue(lines.get(1).contains("in /system.slice (Esc: all) list by %C"), lines.get(1));
        assertTrue(lines.get(2).startsWith(" PID(n) %CPUv CGROUP(g)"), lines.get(2));
        assertTrue(lines.get(3).startsWith("    500  40.0 /system.slice/dock nginx"), lines.get(3));
        assertEquals(3 + 3 + 1, lines.stream().filter(l -> !l.isEmpty()).count(), String.join("\n", lines));
    }

    @Test
    void detailsAndTheSignalQuestion() throws IOException {
        TopState s = press(Rows.top(ViewId.PROCESSES), Action.Kind.OPEN)
                .withDetails("500", List.of("command   nginx", "namespaces"));
        List<String> lines = render(s, 80, 24);
        assertEquals("Process 500", lines.get(2));
        assertEquals("command   nginx", lines.get(3));
        assertTrue(lines.get(23).startsWith("Esc: back  e: enter its namespaces"), lines.get(23));
        List<String> ask = render(press(s, Action.Kind.SIGNAL), 80, 24);
        assertTrue(ask.get(23).startsWith("Send SIGTERM to process 500? y: yes  9: SIGKILL"), ask.get(23));
    }

    @Test
    void collapsedRowsAreMarked() throws IOException {
        TopState s = press(Rows.top(ViewId.CGROUPS), Action.Kind.DOWN, Action.Kind.COLLAPSE);
        List<String> lines = render(s, 80, 24);
        assertTrue(lines.get(4).startsWith("+ system.slice "), lines.get(4));
        assertTrue(lines.get(5).startsWith("  user.slice "), lines.get(5));
    }

    @Test
    void filterHelpAndPauseShow() throws IOException {
        TopState s = press(Rows.top(ViewId.CGROUPS), Action.Kind.FILTER).apply(Action.type('s'), 10)
                .apply(Action.type('s'), 10).apply(Action.type('h'), 10);
        List<String> lines = render(s, 80, 24);
        assertEquals("filter: ssh_", lines.get(23));
        assertTrue(lines.stream().anyMatch(l -> l.contains("ssh.service")));
        assertFalse(lines.stream().anyMatch(l -> l.contains("user.slice")), "filtered out");
        List<String> help = render(press(Rows.top(ViewId.CGROUPS), Action.Kind.HELP, Action.Kind.PAUSE), 80, 24);
        assertTrue(help.get(0).startsWith("every 1000 ms | PAUSED"), help.get(0));
        assertTrue(help.stream().anyMatch(l -> l.contains("sort by a column")));
    }

    @Test
    void theSelectionIsHighlightedAndScrolledIntoView() throws IOException {
        TopState s = press(Rows.top(ViewId.CGROUPS), Action.Kind.END);
        DefaultVirtualTerminal term = draw(s, 60, 7, false);
        // 7 lines: header, tabs, titles, 3 rows, keys; the last row is selected and shown
        String last = term.toString().lines().toList().get(5);
        assertTrue(last.contains("user-1000"), term.toString());
        assertTrue(term.getCharacter(new TerminalPosition(0, 5)).getModifiers().contains(SGR.REVERSE));
        assertFalse(term.getCharacter(new TerminalPosition(0, 4)).getModifiers().contains(SGR.REVERSE));
    }

    @Test
    void theFirstRowIsHighlightedBeforeAnyKey() throws IOException {
        DefaultVirtualTerminal term = draw(Rows.top(ViewId.PROCESSES), 80, 24, false);
        assertTrue(term.getCharacter(new TerminalPosition(0, 3)).getModifiers().contains(SGR.REVERSE),
                "the row that Enter opens is shown as selected: " + term);
        assertFalse(term.getCharacter(new TerminalPosition(0, 4)).getModifiers().contains(SGR.REVERSE));
    }

    @Test
    void narrowScreensDropColumnsFromTheRight() {
        List<Column> cols = List.of(Column.name("N", 'p'), Column.figure("A", 10, 'a'), Column.figure("B", 10, 'b'));
        assertEquals(List.of(58, 10, 10), toList(TopView.widths(cols, 80)));
        assertEquals(List.of(19, 10, 0), toList(TopView.widths(cols, 30)));
        assertEquals(List.of(14, 0, 0), toList(TopView.widths(cols, 14)));
    }

    @Test
    void coloursOnlyWhenWanted() throws IOException {
        TopState s = Rows.top(ViewId.CGROUPS);
        DefaultVirtualTerminal colour = draw(s, 80, 24, true);
        DefaultVirtualTerminal plain = draw(s, 80, 24, false);
        assertEquals(colour.toString(), plain.toString(), "the same text");
        assertNotEquals(TextColor.ANSI.DEFAULT, colour.getCharacter(new TerminalPosition(0, 0)).getForegroundColor());
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 80; x++) {
                assertEquals(TextColor.ANSI.DEFAULT, plain.getCharacter(new TerminalPosition(x, y)).getForegroundColor());
                assertEquals(TextColor.ANSI.DEFAULT, plain.getCharacter(new TerminalPosition(x, y)).getBackgroundColor());
            }
        }
        assertTrue(plain.getCharacter(new TerminalPosition(1, 1)).getModifiers().contains(SGR.REVERSE),
                "without colour the current tab is in reverse video");
    }

    private static List<Integer> toList(int[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}

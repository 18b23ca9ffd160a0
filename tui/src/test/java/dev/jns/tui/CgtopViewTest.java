package dev.jns.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The view rendered into Lanterna's virtual terminal: a given state gives the expected screen text. */
class CgtopViewTest {

    private static List<String> render(CgtopState s, int cols, int rows) throws IOException {
        DefaultVirtualTerminal term = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
        Screen screen = new TerminalScreen(term);
        screen.startScreen();
        try {
            CgtopView.draw(s, screen.newTextGraphics(), screen.getTerminalSize(), "host vm | v2");
            screen.refresh(Screen.RefreshType.COMPLETE);
            return term.toString().lines().map(String::stripTrailing).toList();
        } finally {
            screen.stopScreen();
        }
    }

    @Test
    void headerTitlesRowsAndKeysAt80x24() throws IOException {
        List<String> lines = render(CgtopState.initial(1000).withRows(Rows.tree()), 80, 24);
        assertEquals("sort: cpu | every 1000 ms | host vm | v2", lines.get(0));
        assertTrue(lines.get(1).startsWith("Control Group") && lines.get(1).endsWith("PSI"), lines.get(1));
        assertTrue(lines.stream().allMatch(l -> l.length() <= 80), "nothing wider than the terminal");
        assertTrue(lines.get(2).startsWith("/ "), lines.get(2));
        assertTrue(lines.get(4).startsWith("    docker-abc.scope"), "children indented under parents: " + lines.get(4));
        assertTrue(lines.get(4).contains(" 25.5 ") && lines.get(4).contains("396.0M"), lines.get(4));
        assertTrue(lines.get(23).startsWith("p t c m i s: sort"), lines.get(23));
    }

    @Test
    void filterHelpAndPauseShow() throws IOException {
        CgtopState s = CgtopState.initial(500).withRows(Rows.tree()).apply(Action.of(Action.Kind.FILTER), 10)
                .apply(Action.type('s'), 10).apply(Action.type('s'), 10).apply(Action.type('h'), 10);
        List<String> lines = render(s, 80, 24);
        assertEquals("filter: ssh_", lines.get(23));
        assertTrue(lines.stream().anyMatch(l -> l.contains("ssh.service")));
        assertFalse(lines.stream().anyMatch(l -> l.contains("user.slice")), "filtered out");
        List<String> help = render(CgtopState.initial(500).apply(Action.of(Action.Kind.HELP), 10)
                .apply(Action.of(Action.Kind.PAUSE), 10), 80, 24);
        assertTrue(help.get(0).startsWith("sort: cpu | every 500 ms | PAUSED"), help.get(0));
        assertTrue(help.stream().anyMatch(l -> l.contains("sort by path, tasks, CPU, memory, IO, pressure")));
    }

    @Test
    void theSelectionIsHighlightedAndScrolledIntoView() throws IOException {
        CgtopState s = CgtopState.initial(1000).withRows(Rows.tree()).apply(Action.of(Action.Kind.END), 10);
        DefaultVirtualTerminal term = new DefaultVirtualTerminal(new TerminalSize(60, 6));
        Screen screen = new TerminalScreen(term);
        screen.startScreen();
        try {
            CgtopView.draw(s, screen.newTextGraphics(), screen.getTerminalSize(), "h");
            screen.refresh(Screen.RefreshType.COMPLETE);
            // 6 lines: header, titles, 3 rows, keys; the last row is selected and shown
            String last = term.toString().lines().toList().get(4);
            assertTrue(last.contains("user-100"), "names are cut to the width: " + term.toString());
            assertTrue(term.getCharacter(new TerminalPosition(0, 4)).getModifiers().contains(SGR.REVERSE));
            assertFalse(term.getCharacter(new TerminalPosition(0, 3)).getModifiers().contains(SGR.REVERSE));
        } finally {
            screen.stopScreen();
        }
    }
}

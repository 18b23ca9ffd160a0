package dev.jns.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopStateTest {
    private static TopState press(TopState s, Action.Kind... kinds) {
        for (Action.Kind k : kinds) {
            s = s.apply(Action.of(k), 10);
        }
        return s;
    }

    @Test
    void tabAndDigitsSwitchViews() {
        TopState s = Rows.top(ViewId.CGROUPS);
        assertEquals(ViewId.PROCESSES, press(s, Action.Kind.NEXT_VIEW).view());
        assertEquals(ViewId.CGROUPS, press(s, Action.Kind.NEXT_VIEW, Action.Kind.NEXT_VIEW, Action.Kind.NEXT_VIEW).view());
        assertEquals(ViewId.NAMESPACES, s.apply(Action.view('3'), 10).view());
        assertEquals(ViewId.CGROUPS, s.apply(Action.view('3'), 10).apply(Action.view('1'), 10).view());
    }

    @Test
    void eachViewKeepsItsOwnSortAndSelection() {
        TopState s = Rows.top(ViewId.CGROUPS).apply(Action.sortKey('m'), 10);
        s = press(s, Action.Kind.NEXT_VIEW);
        assertEquals(1, s.list().sortColumn(), "processes still by CPU");
        assertEquals("500", s.list().selectedRow().orElseThrow().key(), "the first row, the busiest");
        s = press(s, Action.Kind.NEXT_VIEW, Action.Kind.NEXT_VIEW);
        assertEquals(3, s.list().sortColumn(), "cgroups by memory");
    }

    @Test
    void enterRightAfterStartOpensTheFirstRow() {
        TopState s = press(Rows.top(ViewId.PROCESSES), Action.Kind.OPEN);
        assertEquals("500", s.detail(), "no arrow key needed first");
        TopState c = press(Rows.top(ViewId.CGROUPS), Action.Kind.OPEN);
        assertEquals(ViewId.PROCESSES, c.view());
        assertEquals("/", c.list().scope(), "the first cgroup row is the root");
        assertEquals("/", press(c, Action.Kind.CANCEL).list().selected(), "Esc comes back to the row opened");
    }

    @Test
    void enterOnACgroupListsItsProcessesAndEscGoesBack() {
        TopState s = press(Rows.top(ViewId.CGROUPS), Action.Kind.DOWN, Action.Kind.OPEN);
        assertEquals(ViewId.PROCESSES, s.view());
        assertEquals("/system.slice", s.list().scope());
        assertEquals(List.of("500", "501", "300"), s.list().visible().stream().map(v -> v.row().key()).toList());
        TopState back = press(s, Action.Kind.CANCEL);
        assertEquals(ViewId.CGROUPS, back.view());
        assertEquals("", back.list(ViewId.PROCESSES).scope());
        assertEquals("/system.slice", back.list().selected(), "the cgroup stays selected");
    }

    @Test
    void enterOnANamespaceListsItsProcesses() {
        TopState s = press(Rows.top(ViewId.NAMESPACES), Action.Kind.DOWN, Action.Kind.OPEN);
        assertEquals(ViewId.PROCESSES, s.view());
        assertEquals("net:[2]", s.list().scope());
        assertEquals(2, s.list().visible().size());
    }

    @Test
    void enterOnAProcessOpensItsDetailsWhereEAndKAct() {
        TopState s = press(Rows.top(ViewId.PROCESSES), Action.Kind.OPEN);
        assertEquals("500", s.detail());
        s = s.withDetails("500", List.of("command   nginx"));
        assertEquals(List.of("command   nginx"), s.detailLines());
        TopState enter = press(s, Action.Kind.ENTER_NS);
        assertEquals(new TopState.Request(TopState.Request.Kind.ENTER, "500", 0), enter.request());
        assertNull(enter.done("shell ended").request());
        assertEquals("shell ended", enter.done("shell ended").message());
        assertEquals("", press(s, Action.Kind.CANCEL).detail(), "Esc closes the details");
    }

    @Test
    void aSignalWaitsForConfirmation() {
        TopState s = press(Rows.top(ViewId.PROCESSES), Action.Kind.SIGNAL);
        assertEquals("500", s.confirm());
        assertNull(s.request(), "nothing sent yet");
        assertEquals(new TopState.Request(TopState.Request.Kind.SIGNAL, "500", 15), press(s, Action.Kind.CONFIRM).request());
        assertEquals(new TopState.Request(TopState.Request.Kind.SIGNAL, "500", 9), press(s, Action.Kind.KILL_NOW).request());
        TopState no = press(s, Action.Kind.DOWN);
        assertNull(no.request());
        assertEquals("", no.confirm());
        assertEquals("500", no.list().selected(), "the key that said no did nothing else");
    }

    @Test
    void eAndKNeedAProcess() {
        TopState s = press(Rows.top(ViewId.CGROUPS), Action.Kind.DOWN, Action.Kind.SIGNAL);
        assertNull(s.request());
        assertEquals("", s.confirm());
        assertTrue(s.message().startsWith("select a process first"), s.message());
    }

    @Test
    void aProcessThatExitsClosesItsDetails() {
        TopState s = press(Rows.top(ViewId.PROCESSES), Action.Kind.OPEN);
        TopState gone = s.withDetails("500", List.of());
        assertEquals("", gone.detail());
        assertEquals("process 500 is gone", gone.message());
        assertEquals("1", gone.withRows(ViewId.PROCESSES, Rows.processes().subList(0, 3)).list().selected(),
                "the selection goes to its parent");
    }

    @Test
    void filterOnTheViewOnScreen() {
        TopState s = press(Rows.top(ViewId.PROCESSES), Action.Kind.FILTER);
        assertTrue(s.typing());
        for (char c : "nginx".toCharArray()) {
            s = s.apply(Action.type(c), 10);
        }
        assertEquals(2, s.list().visible().size());
        s = press(s, Action.Kind.ACCEPT);
        assertFalse(s.typing());
        assertEquals(5, press(s, Action.Kind.CANCEL).list().visible().size(), "Esc clears the filter");
        assertEquals(6, s.list(ViewId.CGROUPS).visible().size(), "other views unfiltered");
    }

    @Test
    void pauseKeepsTheRowsUntilResumed() {
        TopState paused = press(Rows.top(ViewId.CGROUPS), Action.Kind.PAUSE);
        assertTrue(paused.paused());
        assertSame(paused, paused.withRows(ViewId.CGROUPS, Rows.tree().subList(0, 2)));
        assertEquals(2, press(paused, Action.Kind.PAUSE).withRows(ViewId.CGROUPS, Rows.tree().subList(0, 2)).list().rows()
                .size());
    }

    @Test
    void plusAndMinusChangeTheDelayAsSystemdCgtopDoes() {
        assertEquals(2000, press(Rows.top(ViewId.CGROUPS), Action.Kind.SLOWER).delayMillis());
        assertEquals(750, press(Rows.top(ViewId.CGROUPS), Action.Kind.FASTER).delayMillis());
        assertEquals(250, press(Rows.top(ViewId.CGROUPS), Action.Kind.FASTER, Action.Kind.FASTER, Action.Kind.FASTER,
                Action.Kind.FASTER).delayMillis(), "not below 250 ms");
    }

    @Test
    void helpTogglesAndQuitIsRemembered() {
        assertTrue(press(Rows.top(ViewId.CGROUPS), Action.Kind.HELP).help());
        assertFalse(press(Rows.top(ViewId.CGROUPS), Action.Kind.HELP, Action.Kind.HELP).help());
        assertFalse(press(Rows.top(ViewId.CGROUPS), Action.Kind.HELP, Action.Kind.CANCEL).help());
        assertTrue(press(Rows.top(ViewId.CGROUPS), Action.Kind.QUIT).quit());
    }
}

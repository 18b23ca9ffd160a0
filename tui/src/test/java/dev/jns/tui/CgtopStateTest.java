package dev.jns.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.cgroup.CgroupTable;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CgtopStateTest {
    private static CgtopState state() {
        return CgtopState.initial(1000).withRows(Rows.tree());
    }

    private static List<String> paths(List<CgroupTable.Row> rows) {
        return rows.stream().map(CgroupTable.Row::path).collect(Collectors.toList());
    }

    private static CgtopState press(CgtopState s, Action.Kind... kinds) {
        for (Action.Kind k : kinds) {
            s = s.apply(Action.of(k), 10);
        }
        return s;
    }

    @Test
    void sortKeysSetTheOrder() {
        assertEquals(CgroupTable.Order.CPU, state().order());
        assertEquals(CgroupTable.Order.MEMORY, press(state(), Action.Kind.SORT_MEMORY).order());
        assertEquals(CgroupTable.Order.PRESSURE, press(state(), Action.Kind.SORT_PRESSURE).order());
        assertEquals(CgroupTable.Order.PATH, press(state(), Action.Kind.SORT_PATH).order());
    }

    @Test
    void reverseTogglesAndANewKeySortsForwardAgain() {
        assertTrue(press(state(), Action.Kind.REVERSE).reversed());
        assertFalse(press(state(), Action.Kind.REVERSE, Action.Kind.REVERSE).reversed());
        assertFalse(press(state(), Action.Kind.REVERSE, Action.Kind.SORT_MEMORY).reversed());
    }

    @Test
    void selectionMovesAndStopsAtTheEnds() {
        CgtopState s = press(state(), Action.Kind.DOWN, Action.Kind.DOWN);
        assertEquals("/system.slice/docker-abc.scope", s.selected());
        assertEquals("/", press(s, Action.Kind.UP, Action.Kind.UP, Action.Kind.UP, Action.Kind.UP).selected());
        assertEquals("/user.slice/user-1000.slice", press(s, Action.Kind.END).selected());
        assertEquals("/user.slice/user-1000.slice", press(s, Action.Kind.END, Action.Kind.DOWN).selected());
        assertEquals("/", press(s, Action.Kind.HOME).selected());
    }

    @Test
    void aSelectedCgroupThatVanishesHandsTheSelectionToItsParent() {
        CgtopState s = press(state(), Action.Kind.END);
        List<CgroupTable.Row> without = Rows.tree().subList(0, 5); // user-1000.slice is gone
        assertEquals("/user.slice", s.withRows(without).selected());
        assertEquals("/", s.withRows(Rows.tree().subList(0, 4)).selected(), "and further up when needed");
    }

    @Test
    void filterKeepsMatchesAndTheirParents() {
        CgtopState s = press(state(), Action.Kind.FILTER);
        assertTrue(s.typingFilter());
        for (char c : "docker".toCharArray()) {
            s = s.apply(Action.type(c), 10);
        }
        assertEquals(List.of("/", "/system.slice", "/system.slice/docker-abc.scope"), paths(s.visible()));
        s = s.apply(Action.of(Action.Kind.ERASE), 10);
        assertEquals("docke", s.filter());
        s = s.apply(Action.of(Action.Kind.ACCEPT), 10);
        assertFalse(s.typingFilter());
        assertEquals("docke", s.filter());
        assertEquals(6, press(s, Action.Kind.CANCEL).visible().size(), "Esc clears the filter");
    }

    @Test
    void pauseKeepsTheRowsUntilResumed() {
        CgtopState paused = press(state(), Action.Kind.PAUSE);
        assertTrue(paused.paused());
        assertSame(paused, paused.withRows(Rows.tree().subList(0, 2)));
        assertEquals(2, press(paused, Action.Kind.PAUSE).withRows(Rows.tree().subList(0, 2)).rows().size());
    }

    @Test
    void plusAndMinusChangeTheDelayAsSystemdCgtopDoes() {
        assertEquals(2000, press(state(), Action.Kind.SLOWER).delayMillis());
        assertEquals(750, press(state(), Action.Kind.FASTER).delayMillis());
        assertEquals(250, press(state(), Action.Kind.FASTER, Action.Kind.FASTER, Action.Kind.FASTER, Action.Kind.FASTER)
                .delayMillis(), "not below 250 ms");
    }

    @Test
    void helpTogglesAndQuitIsRemembered() {
        assertTrue(press(state(), Action.Kind.HELP).help());
        assertFalse(press(state(), Action.Kind.HELP, Action.Kind.HELP).help());
        assertTrue(press(state(), Action.Kind.QUIT).quit());
    }
}

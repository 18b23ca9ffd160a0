package dev.jns.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ListStateTest {
    private static ListState cgroups() {
        return ListState.of(Rows.CGROUP_COLUMNS, 2, true).withRows(Rows.tree());
    }

    private static List<String> keys(ListState s) {
        return s.visible().stream().map(v -> v.row().key()).collect(Collectors.toList());
    }

    @Test
    void theTreeSortsSiblingsAndKeepsParentsFirst() {
        assertEquals(List.of("/", "/system.slice", "/system.slice/docker-abc.scope", "/system.slice/ssh.service",
                "/user.slice", "/user.slice/user-1000.slice"), keys(cgroups()), "by CPU, largest first");
        assertEquals(List.of("/", "/user.slice", "/user.slice/user-1000.slice", "/system.slice",
                "/system.slice/ssh.service", "/system.slice/docker-abc.scope"), keys(cgroups().reverse()),
                "reversed among siblings; the tree stays");
        assertEquals(List.of(0, 1, 2, 2, 1, 2), cgroups().visible().stream().map(ListState.Shown::depth).toList());
    }

    @Test
    void sortKeysAndNeighbourColumns() {
        assertEquals(3, cgroups().sortByKey('m').sortColumn());
        assertEquals(2, cgroups().sortByKey('z').sortColumn(), "a letter no column has changes nothing");
        assertEquals(3, cgroups().sortNext(1).sortColumn());
        assertEquals(0, cgroups().sortNext(1).sortNext(1).sortColumn(), "wraps around");
        assertEquals(1, cgroups().sortNext(-1).sortColumn());
        assertFalse(cgroups().reverse().sortByKey('m').reversed(), "a new key sorts in its usual direction");
        assertEquals(List.of("/", "/system.slice", "/system.slice/docker-abc.scope", "/system.slice/ssh.service",
                "/user.slice", "/user.slice/user-1000.slice"), keys(cgroups().sortByKey('p')), "names A to Z");
    }

    @Test
    void flatListSortsEverythingTogether() {
        ListState flat = cgroups().toggleTree();
        assertFalse(flat.tree());
        assertEquals(List.of("/", "/system.slice", "/system.slice/docker-abc.scope", "/user.slice",
                "/user.slice/user-1000.slice", "/system.slice/ssh.service"), keys(flat));
        assertTrue(flat.visible().stream().allMatch(v -> v.depth() == 0));
    }

    @Test
    void unknownValuesSortLastInBothDirections() {
        List<Row> rows = new ArrayList<>(Rows.tree());
        rows.add(new Row("/unknown", "/", List.of("/unknown", "-", "-", "-"), Arrays.asList("/unknown", null, null, null),
                List.of(), "unknown"));
        ListState s = ListState.of(Rows.CGROUP_COLUMNS, 2, false).withRows(rows);
        assertEquals("/unknown", keys(s).get(keys(s).size() - 1));
        assertEquals("/unknown", keys(s.reverse()).get(keys(s).size() - 1));
    }

    @Test
    void collapseHidesChildrenAndLeftOnALeafGoesToItsParent() {
        ListState s = cgroups().select(1); // /system.slice
        ListState shut = s.collapse();
        assertEquals(List.of("/", "/system.slice", "/user.slice", "/user.slice/user-1000.slice"), keys(shut));
        assertTrue(shut.visible().get(1).collapsed());
        assertEquals(6, shut.expand().visible().size());
        assertEquals("/system.slice", cgroups().select(3).collapse().selected(), "ssh.service has no children");
        assertEquals(6, cgroups().toggleTree().select(1).collapse().visible().size(), "no folding in a flat list");
    }

    @Test
    void selectionMovesAndStopsAtTheEnds() {
        assertEquals("/", cgroups().selectedRow().orElseThrow().key(), "the first row starts selected");
        ListState s = cgroups().move(1);
        assertEquals("/system.slice", s.selected(), "so the first move goes to the second row");
        assertEquals("/", s.move(-5).selected());
        assertEquals("/user.slice/user-1000.slice", s.select(Integer.MAX_VALUE).selected());
        assertEquals("/user.slice/user-1000.slice", s.select(Integer.MAX_VALUE).move(1).selected());
    }

    @Test
    void aSelectedRowThatVanishesHandsTheSelectionToItsParent() {
        ListState s = cgroups().select(Integer.MAX_VALUE);
        assertEquals("/user.slice", s.withRows(Rows.tree().subList(0, 5)).selected());
        assertEquals("/", s.withRows(Rows.tree().subList(0, 4)).selected(), "and further up when needed");
        ListState p = ListState.of(Rows.PROCESS_COLUMNS, 1, false).withRows(Rows.processes()).selectKey("501");
        assertEquals("500", p.withRows(Rows.processes().subList(0, 4)).selected(), "a process: its parent process");
        assertEquals("1", p.withRows(Rows.processes().subList(0, 3)).selected());
    }

    @Test
    void filterKeepsMatchesAndTheirParents() {
        ListState s = cgroups().withFilter("docker", true);
        assertEquals(List.of("/", "/system.slice", "/system.slice/docker-abc.scope"), keys(s));
        assertEquals(List.of("/system.slice/docker-abc.scope"), keys(s.toggleTree()), "flat: only matches");
        assertEquals(6, s.withFilter("", false).visible().size());
    }

    @Test
    void scopeKeepsTheRowsOfAGroupAndItsSubgroups() {
        ListState p = ListState.of(Rows.PROCESS_COLUMNS, 1, false).withRows(Rows.processes());
        assertEquals(List.of("500", "501"), keys(p.withScope("/system.slice/docker-abc.scope")));
        assertEquals(List.of("500", "501", "300"), keys(p.withScope("/system.slice")), "below it too");
        assertEquals(List.of("500", "501"), keys(p.withScope("net:[2]")), "a namespace");
        assertEquals(5, keys(p.withScope("/")).size());
        assertEquals(List.of(), keys(p.withScope("/system")), "whole names only");
    }
}

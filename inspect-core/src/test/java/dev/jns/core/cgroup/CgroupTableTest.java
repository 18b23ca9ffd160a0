package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupTableTest {
    @TempDir
    Path tmp;

    private CgroupSnapshot snapshot;

    private List<String> paths(CgroupTable.Order order, boolean reverse, int depth) {
        if (snapshot == null) {
            snapshot = CgroupSnapshot.take(CgroupFixtures.open(CgroupFixtures.unpack(CgroupFixtures.V2, tmp)), "/", -1);
        }
        CgroupSnapshot s = snapshot;
        return CgroupTable.rows(s, s, reverse
                ? CgroupTable.Settings.of(order, CgroupTable.Count.TASKS, depth, CgroupTable.Option.RECURSIVE, CgroupTable.Option.REVERSE)
                : CgroupTable.Settings.of(order, CgroupTable.Count.TASKS, depth, CgroupTable.Option.RECURSIVE), 0)
                .stream().map(CgroupTable.Row::path).collect(Collectors.toList());
    }

    @Test
    void parentsComeRightBeforeTheirChildrenInEveryOrder() {
        for (CgroupTable.Order o : CgroupTable.Order.values()) {
            for (boolean reverse : new boolean[] {false, true}) {
                List<String> p = paths(o, reverse, 9);
                assertEquals("/", p.get(0), o + " " + reverse);
                for (int i = 1; i < p.size(); i++) {
                    String parent = p.get(i).substring(0, Math.max(1, p.get(i).lastIndexOf('/')));
                    assertTrue(p.indexOf(parent) < i, parent + " before " + p.get(i) + " in " + p);
                }
            }
        }
    }

    @Test
    void memoryOrderPutsTheBiggerSiblingFirstAndReverseTheSmaller() {
        List<String> fwd = paths(CgroupTable.Order.MEMORY, false, 1);
        List<String> rev = paths(CgroupTable.Order.MEMORY, true, 1);
        assertEquals("/system.slice", fwd.get(1), fwd.toString());
        assertEquals(List.of("/"), rev.subList(0, 1));
        assertEquals(fwd.subList(1, fwd.size()), reversed(rev.subList(1, rev.size())));
    }

    @Test
    void swapOrderPutsTheSiblingThatSwapsMostFirstThenByPath() {
        // needs memory.swap.current: the snapshot reads every figure
        assertEquals(List.of("/", "/system.slice", "/init.scope", "/user.slice"), paths(CgroupTable.Order.SWAP, false, 1),
                "system.slice swaps 12M, the others 0 (tied: by path); by memory user.slice would come before init.scope");
        assertEquals(List.of("/system.slice/docker-abc.scope", "/system.slice/ssh.service"),
                paths(CgroupTable.Order.SWAP, false, 2).subList(2, 4), "8M before 0");
    }

    @Test
    void depthLimitsTheRows() {
        assertEquals(List.of("/"), paths(CgroupTable.Order.PATH, false, 0));
        assertTrue(paths(CgroupTable.Order.PATH, false, 1).stream().allMatch(p -> p.equals("/") || p.lastIndexOf('/') == 0));
    }

    private static List<String> reversed(List<String> l) {
        List<String> r = new java.util.ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }
}

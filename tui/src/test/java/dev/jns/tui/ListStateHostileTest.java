package dev.jns.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 8 in the full-screen tree: rows whose parents form a cycle (a corrupt
 * {@code --proc-root}) are all shown, the cycle cut at its first row in the sort order; a chain
 * 20,000 deep lays out in bounded time and indentation.
 */
@Tag("hostile")
class ListStateHostileTest {

    private static ListState processTree(List<Row> rows) {
        return ListState.of(Rows.PROCESS_COLUMNS, 0, true).withRows(rows).reverse(); // by pid, ascending
    }

    private static List<String> keys(ListState s) {
        return s.visible().stream().map(v -> v.row().key()).toList();
    }

    @Test
    void aParentCycleIsShownCutAtItsFirstRow() {
        List<Row> rows = new ArrayList<>(Rows.processes());
        rows.add(Rows.process(700, 702, 0, "/", "a"));
        rows.add(Rows.process(701, 700, 0, "/", "b"));
        rows.add(Rows.process(702, 701, 0, "/", "c"));
        rows.add(Rows.process(703, 701, 0, "/", "below the cycle"));
        rows.add(Rows.process(800, 800, 0, "/", "its own parent"));

        ListState s = processTree(rows);

        assertEquals(List.of("1", "300", "400", "500", "501", "800", "700", "701", "702", "703"), keys(s),
                "every row; the cycle after the roots, cut at its lowest pid");
        assertEquals(List.of(0, 1, 2, 1, 2, 0, 0, 1, 2, 2), s.visible().stream().map(ListState.Shown::depth).toList());
        assertEquals(List.of("700"), s.cycleCuts(), "800 is a root of its own, not a cut");
        List<Row> reversed = new ArrayList<>(rows);
        java.util.Collections.reverse(reversed);
        assertEquals(keys(s), keys(processTree(reversed)), "the same cut whatever the row order");
    }

    @Test
    void aCycleBelowACollapsedRowStaysHidden() {
        List<Row> rows = new ArrayList<>(Rows.processes());
        rows.add(Rows.process(700, 701, 0, "/", "a"));
        rows.add(Rows.process(701, 700, 0, "/", "b"));

        ListState s = processTree(rows).selectKey("700").collapse();

        assertEquals(List.of("1", "300", "400", "500", "501", "700"), keys(s));
        assertTrue(s.visible().get(5).collapsed());
    }

    @Test
    void aTwentyThousandDeepChainIsLaidOutQuicklyWithBoundedIndentation() {
        List<Row> rows = new ArrayList<>();
        int n = 20_000;
        for (int pid = 1; pid <= n; pid++) {
            rows.add(Rows.process(pid, pid - 1, 0, "/", "sleep"));
        }

        ListState s = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> processTree(rows));

        assertEquals(n, s.visible().size());
        assertEquals(ListState.MAX_DEPTH, s.visible().get(n - 1).depth());
        long chars = 0;
        for (ListState.Shown v : s.visible()) {
            chars += v.text(3, Rows.PROCESS_COLUMNS.get(3)).length();
        }
        assertTrue(chars < 5_000_000, "indentation is bounded: " + chars + " characters");
    }
}

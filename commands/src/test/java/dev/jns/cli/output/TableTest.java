package dev.jns.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The column model and widths of {@link Table}: lsns's data-sized columns and systemd-cgtop's fixed ones. */
class TableTest {

    private static String text(Table t, boolean headings, int width) {
        StringWriter s = new StringWriter();
        t.print(new PrintWriter(s), new Table.Style(Table.Mode.TEXT, headings, width, false, false, "rows"));
        return s.toString();
    }

    @Test
    void columnsAreMadeByNameNotByBooleanPositions() {
        Table.Column c = Table.Column.left("COMMAND").withTree().withTruncation().withMinWidth(3);
        assertEquals(Table.Align.LEFT, c.align());
        assertEquals(Set.of(Table.Flag.TREE, Table.Flag.TRUNCATE), c.flags());
        assertEquals(Table.JsonType.STRING, c.json());
        assertEquals(3, c.minWidth());
        assertEquals(0, c.fixedWidth());
        Table.Column n = Table.Column.right("PID").withJson(Table.JsonType.NUMBER).withFixedWidth(7);
        assertEquals(Table.Align.RIGHT, n.align());
        assertEquals(Set.of(), n.flags());
        assertEquals(7, n.fixedWidth());
    }

    /**
     * A fixed-width column is as wide as it says (or as its header), whatever the data: a wider
     * cell makes its own line longer, as printf's {@code %7s} does in systemd-cgtop, and is not cut.
     */
    @Test
    void aFixedColumnLetsAWiderCellOverflowItsLineOnly() {
        Table t = new Table(List.of(Table.Column.left("Control Group"), Table.Column.right("Tasks").withFixedWidth(7),
                Table.Column.right("%CPU").withFixedWidth(6)));
        t.add(null).set(0, "/").set(1, "123456789").set(2, "0.5");
        t.add(null).set(0, "/a").set(1, "3").set(2, "-");
        assertEquals("Control Group   Tasks   %CPU\n"
                + "/             123456789    0.5\n"
                + "/a                  3      -\n", text(t, true, 0));
        // nor does the terminal width cut it: only a truncatable column is cut
        assertEquals("/             123456789    0.5\n"
                + "/a                  3      -\n", text(t, false, 10));
    }

    @Test
    void aFixedColumnIsAtLeastAsWideAsItsHeader() {
        Table t = new Table(List.of(Table.Column.right("PidsLimit").withFixedWidth(4), Table.Column.left("NAME")));
        t.add(null).set(0, "512").set(1, "x");
        assertEquals("PidsLimit NAME\n      512 x\n", text(t, true, 0));
    }

    @Test
    void aDataSizedColumnTakesItsWidestCellAndTheWidthHintOnlyWhenTheDataIsWiderThanTheHeader() {
        Table narrow = new Table(List.of(Table.Column.right("NS").withMinWidth(10), Table.Column.left("TYPE")));
        narrow.add(null).set(0, "1").set(1, "net");
        assertEquals("NS TYPE\n 1 net\n", text(narrow, true, 0));
        Table wide = new Table(List.of(Table.Column.right("NS").withMinWidth(10), Table.Column.left("TYPE")));
        wide.add(null).set(0, "123").set(1, "net");
        assertEquals("        NS TYPE\n       123 net\n", text(wide, true, 0));
    }
}

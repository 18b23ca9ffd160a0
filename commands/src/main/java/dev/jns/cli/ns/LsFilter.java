package dev.jns.cli.ns;

import dev.jns.cli.ns.LsCommand.Col;
import dev.jns.cli.output.Filter;
import dev.jns.core.ns.Namespace;
import dev.jns.core.proc.ProcessInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jns ls -Q EXPR}: a {@link Filter} over every lsns column, shown or not, tested on each
 * row as {@link LsTable} adds it (as lsns does, before the row takes its place in the tree).
 *
 * <p>A class of its own so that {@code jns ls} without {@code -Q} loads nothing of the filter:
 * {@code LsCommand} and {@code LsTable} name only this class, which the JVM loads when it is used.
 */
final class LsFilter implements Filter.Row {
    private static final Col[] COLS = Col.values();

    private final Filter filter;
    private LsTable table;
    private Namespace ns;
    private ProcessInfo process;

    private LsFilter(Filter filter) {
        this.filter = filter;
    }

    /**
     * Parses {@code expression} over the lsns columns (names in any case).
     *
     * @throws IllegalArgumentException ({@link Filter.Invalid}) naming the position or the unknown column
     */
    static LsFilter parse(String expression) {
        List<String> names = new ArrayList<>(COLS.length);
        List<Filter.Type> types = new ArrayList<>(COLS.length);
        for (Col c : COLS) {
            names.add(c.name());
            types.add(Filter.Type.of(c.json));
        }
        return new LsFilter(Filter.parse(expression, names, types));
    }

    /** Whether the expression names column {@code c}: then its value must be read even when not shown. */
    boolean uses(Col c) {
        return filter.uses(c.ordinal());
    }

    void table(LsTable t) {
        this.table = t;
    }

    /** Whether the row of {@code ns} (and its process {@code p}, or null) passes. */
    boolean accepts(Namespace ns, ProcessInfo p) {
        this.ns = ns;
        this.process = p;
        return filter.test(this);
    }

    /** Why the filter stopped (a cell that is not of its column's type), or null. */
    String failure() {
        return filter.failure();
    }

    @Override
    public String value(int column) {
        return table.filterValue(COLS[column], ns, process);
    }
}

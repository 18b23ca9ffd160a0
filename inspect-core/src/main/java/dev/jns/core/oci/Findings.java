package dev.jns.core.oci;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The findings of one validation, bounded: every finding added is counted (errors and warnings),
 * but only the first {@code limit} in file order are kept. A config of 200,000 duplicate keys or
 * 100,000 sysctls thus costs the memory of {@code limit} findings, not of all of them. As a list it
 * is the kept findings in file order (ties in the order they were added), so the layers add to it
 * as to any list. Adding is O(log limit).
 */
public final class Findings extends AbstractList<Finding> {
    /** How many findings a validation keeps unless told otherwise. */
    public static final int DEFAULT_LIMIT = 1000;

    /** A kept finding and when it came: file order, then the order of adding (no lambda: start-up). */
    private record Kept(Finding finding, long seq) implements Comparable<Kept> {
        @Override
        public int compareTo(Kept o) {
            int c = finding.compareTo(o.finding);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final int limit;
    /** The kept findings, the last in file order on top. */
    private final PriorityQueue<Kept> heap;
    private List<Finding> sorted;
    private long seq;
    private int total;
    private int errors;

    public Findings(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
        this.limit = limit;
        this.heap = new PriorityQueue<>(Math.min(limit, 64), Collections.reverseOrder());
    }

    @Override
    public boolean add(Finding f) {
        total++;
        if (f.isError()) {
            errors++;
        }
        Kept k = new Kept(f, seq++);
        if (heap.size() < limit) {
            heap.add(k);
            sorted = null;
        } else if (k.compareTo(heap.peek()) < 0) {
            heap.poll();
            heap.add(k);
            sorted = null;
        }
        return true;
    }

    private List<Finding> sorted() {
        if (sorted == null) {
            List<Kept> all = new ArrayList<>(heap);
            Collections.sort(all);
            List<Finding> s = new ArrayList<>(all.size());
            for (Kept k : all) {
                s.add(k.finding);
            }
            sorted = s;
        }
        return sorted;
    }

    /** The i-th kept finding in file order. */
    @Override
    public Finding get(int i) {
        return sorted().get(i);
    }

    /** How many findings are kept (at most the limit); {@link #total()} counts all. */
    @Override
    public int size() {
        return heap.size();
    }

    @Override
    public void clear() {
        heap.clear();
        sorted = null;
        total = 0;
        errors = 0;
    }

    /** Every finding added, kept or not. */
    public int total() {
        return total;
    }

    /** Errors among every finding added. */
    public int errors() {
        return errors;
    }

    /** Warnings among every finding added. */
    public int warnings() {
        return total - errors;
    }

    /** Whether some findings were counted but not kept. */
    public boolean truncated() {
        return total > heap.size();
    }
}

package dev.jns.core.cgroup;

import java.util.OptionalLong;

/**
 * A limit read from a cgroup file: a number, or unlimited ({@code max} on v2; -1 or the page
 * counter maximum on v1). Modelled explicitly rather than as {@code Long.MAX_VALUE}.
 */
public record Limit(OptionalLong value) {
    /** No limit. */
    public static final Limit UNLIMITED = new Limit(OptionalLong.empty());

    public static Limit of(long v) {
        return new Limit(OptionalLong.of(v));
    }

    public boolean unlimited() {
        return value.isEmpty();
    }

    /** v1 memory limits report "no limit" as the page counter maximum rounded to pages. */
    static Limit ofV1Bytes(long v) {
        return v < 0 || v >= (1L << 62) ? UNLIMITED : of(v);
    }

    /** {@code max} when unlimited, else the value as {@code number} prints it (such as {@link dev.jns.core.Units#bytes(long)}). */
    public String format(java.util.function.LongFunction<String> number) {
        return unlimited() ? "max" : number.apply(value.getAsLong());
    }

    @Override
    public String toString() {
        return format(Long::toString);
    }
}

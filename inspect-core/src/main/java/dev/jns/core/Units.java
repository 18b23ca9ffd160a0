package dev.jns.core;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Number formats users know from systemd and util-linux, for every table and screen of jns: the
 * methods that take an optional value print {@link #NONE} when it is empty (the figure does not
 * exist on this layout, or could not be read).
 */
public final class Units {
    /** What a table shows for a value that is not there. */
    public static final String NONE = "-";

    private static final String[] SUFFIX = {"B", "K", "M", "G", "T", "P", "E"};

    private Units() {}

    /**
     * Bytes as systemd's {@code format_bytes} prints them: base 1024, one truncated decimal
     * ({@code 371.4M}, {@code 9.0M}), plain bytes below 1 KiB ({@code 512B}).
     */
    public static String bytes(long v) {
        if (v < 1024) {
            return v + "B";
        }
        int i = 0;
        long factor = 1;
        while (i + 1 < SUFFIX.length && Long.divideUnsigned(v, factor) >= 1024) {
            factor *= 1024;
            i++;
        }
        long whole = v / factor;
        long tenth = (v / (factor / 10)) % 10;
        return whole + "." + tenth + SUFFIX[i];
    }

    /**
     * {@code %.1f} (a percentage, a rate) without java.util.Formatter, which is slow for hundreds
     * of rows a second: {@code 12.3}, {@code -0.5}.
     */
    public static String oneDecimal(double v) {
        long tenths = Math.round(v * 10);
        return (tenths < 0 ? "-" : "") + Math.abs(tenths) / 10 + "." + Math.abs(tenths) % 10;
    }

    /** {@link #bytes(long)}, or {@link #NONE}. */
    public static String bytes(OptionalLong v) {
        return v.isPresent() ? bytes(v.getAsLong()) : NONE;
    }

    /** A rate in bytes per second as {@link #bytes(long)} (the fraction dropped), or {@link #NONE}. */
    public static String bytesPerSecond(OptionalDouble v) {
        return v.isPresent() ? bytes((long) v.getAsDouble()) : NONE;
    }

    /** A whole number in decimal, or {@link #NONE}. */
    public static String count(OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : NONE;
    }

    /** {@link #oneDecimal(double)}, or {@link #NONE}. */
    public static String oneDecimal(OptionalDouble v) {
        return v.isPresent() ? oneDecimal(v.getAsDouble()) : NONE;
    }

    /** Nanoseconds as seconds with two places, as systemd-cgtop's CPU time: {@code 84.21s}. */
    public static String seconds(long nanos) {
        return decimals(nanos / 1e9, 2) + "s";
    }

    /** {@link #seconds(long)}, or {@link #NONE}. */
    public static String seconds(OptionalLong nanos) {
        return nanos.isPresent() ? seconds(nanos.getAsLong()) : NONE;
    }

    /**
     * {@code %.1f} or {@code %.2f} as {@link String#format} prints it (half up, on the shortest
     * decimal form of {@code v}), which {@link #oneDecimal(double)} may round otherwise: for the
     * columns that have always printed so. Slower.
     */
    public static String decimals(double v, int places) {
        return String.format(Locale.ROOT, places == 1 ? "%.1f" : places == 2 ? "%.2f" : "%." + places + "f", v);
    }

    /**
     * A delay such as {@code 500ms}, {@code 2s}, {@code 1}, {@code 0.5}, {@code 1min}, {@code 250us}
     * (a bare number is seconds), in nanoseconds.
     *
     * @throws IllegalArgumentException when it is not a positive duration
     */
    public static long durationNanos(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a duration: '" + s + "' (examples: 500ms, 2s, 1.5)");
        }
        double n;
        try {
            n = Double.parseDouble(t.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + s + "' (examples: 500ms, 2s, 1.5)");
        }
        double unit;
        switch (t.substring(i).trim()) {
            case "", "s", "sec", "second", "seconds" -> unit = 1e9;
            case "ms", "msec" -> unit = 1e6;
            case "us", "usec", "µs" -> unit = 1e3;
            case "m", "min", "minute", "minutes" -> unit = 60e9;
            default -> throw new IllegalArgumentException("unknown unit in '" + s + "' (use us, ms, s or min)");
        }
        long ns = (long) (n * unit);
        if (ns <= 0) {
            throw new IllegalArgumentException("the delay must be more than 0: '" + s + "'");
        }
        return ns;
    }
}

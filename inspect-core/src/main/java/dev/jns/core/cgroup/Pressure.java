package dev.jns.core.cgroup;

import dev.jns.core.ParseException;
import dev.jns.core.internal.Lines;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Pressure stall information, {@code cpu.pressure}, {@code memory.pressure}, {@code io.pressure}
 * or {@code /proc/pressure/*}: lines {@code some avg10=0.00 avg60=0.00 avg300=0.00 total=0} and
 * {@code full ...}. See Documentation/accounting/psi.rst.
 *
 * @param some share of time some tasks stalled
 * @param full share of time all non-idle tasks stalled; absent for cpu on older kernels
 */
public record Pressure(Line some, Optional<Line> full) {

    /** One line: averages in percent over 10, 60 and 300 seconds, and the total stall time in µs. */
    public record Line(double avg10, double avg60, double avg300, long totalUsec) {}

    public static Pressure parse(String content, Path path) {
        Line some = null;
        Line full = null;
        for (Lines l = new Lines(content); l.next(); ) {
            int lineNo = l.number();
            String[] f = l.fields();
            if (f.length != 5 || !(f[0].equals("some") || f[0].equals("full"))) {
                throw new ParseException(path, lineNo, "expected 'some|full avg10=F avg60=F avg300=F total=N'");
            }
            try {
                Line line = new Line(value(f[1], "avg10="), value(f[2], "avg60="), value(f[3], "avg300="),
                        Long.parseLong(after(f[4], "total=")));
                if (f[0].equals("some")) {
                    some = line;
                } else {
                    full = line;
                }
            } catch (IllegalArgumentException e) {
                throw new ParseException(path, lineNo, "bad value: " + e.getMessage());
            }
        }
        if (some == null) {
            throw new ParseException(path, 0, "no 'some' line");
        }
        return new Pressure(some, Optional.ofNullable(full));
    }

    private static double value(String field, String key) {
        return Double.parseDouble(after(field, key));
    }

    private static String after(String field, String key) {
        if (!field.startsWith(key)) {
            throw new IllegalArgumentException("expected " + key + " in '" + field + "'");
        }
        return field.substring(key.length());
    }
}

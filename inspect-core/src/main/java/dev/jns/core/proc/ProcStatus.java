package dev.jns.core.proc;

import dev.jns.core.ParseException;
import dev.jns.core.internal.Lines;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code /proc/PID/status}: {@code Key:\tvalue} lines, looked up by key, never by position.
 * See proc_pid_status(5).
 */
public record ProcStatus(Map<String, String> fields) {

    public ProcStatus {
        fields = Map.copyOf(fields);
    }

    /** Parses the content of one {@code status} file; {@code path} is only used in errors. */
    public static ProcStatus parse(String content, Path path) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Lines lines = new Lines(content); lines.next(); ) {
            int lineNo = lines.number();
            String line = lines.line();
            int c = line.indexOf(':');
            if (c <= 0) {
                throw new ParseException(path, lineNo, "expected 'Key: value'");
            }
            m.put(line.substring(0, c), line.substring(c + 1).trim());
        }
        return new ProcStatus(m);
    }

    /** The raw value of {@code key}, trimmed. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    /** Effective uid (second value of {@code Uid:}). */
    public OptionalInt effectiveUid() {
        return idAt("Uid", 1);
    }

    /** Real uid (first value of {@code Uid:}). */
    public OptionalInt realUid() {
        return idAt("Uid", 0);
    }

    /** Thread count ({@code Threads:}). */
    public OptionalInt threads() {
        return get("Threads").map(v -> OptionalInt.of(Integer.parseInt(v))).orElse(OptionalInt.empty());
    }

    /** The process's pid in each nested pid namespace, outermost first ({@code NSpid:}, since Linux 4.1). */
    public Optional<int[]> nsPids() {
        return get("NSpid").map(v -> java.util.Arrays.stream(v.split("\\s+")).mapToInt(Integer::parseInt).toArray());
    }

    private OptionalInt idAt(String key, int index) {
        String v = fields.get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        String[] parts = v.split("\\s+");
        return index < parts.length ? OptionalInt.of(Integer.parseInt(parts[index])) : OptionalInt.empty();
    }
}

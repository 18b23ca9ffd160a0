package dev.jns.core.oci;

/**
 * One result of validation: a rule that fired, where (JSON pointer, 1-based line and column; line 0
 * when the finding concerns no place in the file), what is wrong and how to fix it.
 *
 * @param severity error or warning
 * @param rule the stable rule id, e.g. {@code linux.namespaces.duplicate} (see {@link Rules})
 * @param pointer RFC 6901 JSON pointer of the value concerned ("" for the document)
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column in characters, 0 when unknown
 * @param message what is wrong
 * @param hint how to fix it, or "" when there is nothing to add
 */
public record Finding(Severity severity, String rule, String pointer, int line, int column, String message,
        String hint) implements Comparable<Finding> {
    /** Longest pointer, message or hint kept, in chars: a longer one is cut and ends in "...". */
    static final int MAX_TEXT = 1000;
    /** Longest config value quoted whole in a message (a 10 MB key is shown by its start). */
    static final int MAX_QUOTED = 200;

    public Finding {
        pointer = clip(pointer, MAX_TEXT);
        message = clip(message, MAX_TEXT);
        hint = clip(hint, MAX_TEXT);
    }

    /** A config value for a message: itself, or its first {@link #MAX_QUOTED} chars and "...". */
    static String clip(String s) {
        return clip(s, MAX_QUOTED);
    }

    static String clip(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int cut = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, cut) + "...";
    }

    /** How bad a finding is. */
    public enum Severity {
        ERROR, WARNING;

        /** Lower-case name, as printed. */
        public String label() {
            return this == ERROR ? "error" : "warning";
        }
    }

    /** A finding at the position of {@code at} (line 0 when {@code at} is null). */
    static Finding at(Severity severity, String rule, String pointer, JsonValue at, String message, String hint) {
        return new Finding(severity, rule, pointer, at == null ? 0 : at.line(), at == null ? 0 : at.column(), message, hint);
    }

    /** The layer of this finding's rule: spec, host or runtime ({@link Rules#layer}). */
    public String layer() {
        return Rules.layer(rule);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The same finding with another severity (for --strict). */
    public Finding withSeverity(Severity s) {
        return new Finding(s, rule, pointer, line, column, message, hint);
    }

    /** File order: by line, then column, then errors first, then rule. */
    @Override
    public int compareTo(Finding o) {
        if (line != o.line) {
            return Integer.compare(line, o.line);
        }
        if (column != o.column) {
            return Integer.compare(column, o.column);
        }
        if (severity != o.severity) {
            return severity.compareTo(o.severity);
        }
        return rule.compareTo(o.rule);
    }
}

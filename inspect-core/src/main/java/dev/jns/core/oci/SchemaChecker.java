package dev.jns.core.oci;

import java.util.List;

/**
 * Layer 1: checks a config against {@link SchemaModel} for the config's own ociVersion: types,
 * required members, enums, patterns, integer ranges, array lengths. Unknown members are warnings
 * (the spec says runtimes MUST ignore them, but a typo such as {@code rootPropagation} is worth
 * seeing). Members and enum values newer than the config's ociVersion are warnings.
 */
final class SchemaChecker {
    private final List<Finding> out;
    private final OciVersion version;   // null: not SemVer, no version-dependent findings

    SchemaChecker(List<Finding> out, OciVersion version) {
        this.out = out;
        this.version = version;
    }

    void check(JsonValue root) {
        if (!root.isObject()) {
            error(RuleId.SCHEMA_TYPE, "", root, "the config must be a JSON object, not " + kindName(root),
                    "a config.json is one object: {\"ociVersion\": \"1.2.0\", ...}");
            return;
        }
        walk(root, SchemaModel.CONFIG, "", false);
    }

    private void walk(JsonValue v, Shape s, String ptr, boolean quietUnknown) {
        switch (s.type) {
            case Shape.OBJECT:
                if (!v.isObject()) {
                    typeError(v, s, ptr);
                    return;
                }
                object(v, s, ptr);
                return;
            case Shape.ARRAY:
                if (!v.isArray()) {
                    typeError(v, s, ptr);
                    return;
                }
                if (v.size() < s.minItems) {
                    error(RuleId.SCHEMA_MIN_ITEMS, ptr, v, "needs at least " + s.minItems + " item" + (s.minItems == 1 ? "" : "s"),
                            "");
                }
                for (int i = 0; i < v.size(); i++) {
                    walk(v.at(i), s.items, ptr + "/" + i, false);
                }
                return;
            case Shape.STRING:
                if (!v.isString()) {
                    typeError(v, s, ptr);
                    return;
                }
                string(v, s, ptr);
                return;
            case Shape.INTEGER:
                if (!v.isInteger()) {
                    typeError(v, s, ptr);
                    return;
                }
                range(v, s, ptr);
                return;
            case Shape.BOOLEAN:
                if (v.kind() != JsonValue.Kind.BOOLEAN) {
                    typeError(v, s, ptr);
                }
                return;
            default:
        }
    }

    private void object(JsonValue v, Shape s, String ptr) {
        for (String r : s.required) {
            if (!v.has(r)) {
                error(RuleId.SCHEMA_REQUIRED, ptr, v, "missing required member \"" + r + "\""
                        + (ptr.isEmpty() ? "" : " in " + ptr), requiredHint(ptr, r));
            }
        }
        boolean[] present = null;   // which of s's members v has: for did-you-mean hints
        for (int i = 0; i < v.size(); i++) {
            String key = v.key(i);
            String childPtr = ptr + "/" + escape(key);
            JsonValue child = v.at(i);
            Shape cs = null;
            for (int j = 0; j < s.propNames.length; j++) {
                if (s.propNames[j].equals(key)) {
                    cs = s.props[j];
                    String since = s.propSince[j];
                    if (since != null && version != null && version.before(since)) {
                        out.add(new Finding(Finding.Severity.WARNING, RuleId.SCHEMA_NEWER_THAN_VERSION, childPtr,
                                v.keyLine(i), v.keyColumn(i), "\"" + key + "\" is not in runtime-spec " + version
                                        + " (it came with " + since + ")",
                                "raise ociVersion to " + since + " or later, or drop it"));
                    }
                    break;
                }
            }
            if (cs == null) {
                if (s.additional != null) {
                    cs = s.additional;
                } else if (s.nonEmptyKeys != null) {
                    if (key.isEmpty() || onlyLineTerminators(key)) {
                        continue;
                    }
                    cs = s.nonEmptyKeys;
                } else if (s.map) {
                    continue;
                } else {
                    if (present == null) {
                        present = present(v, s);
                    }
                    unknown(v, i, s, childPtr, present);
                    continue;
                }
            }
            walk(child, cs, childPtr, false);
        }
    }

    private static boolean onlyLineTerminators(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '\n' && c != '\r' && c != '\u2028' && c != '\u2029' && c != '\u0085') {
                return false;
            }
        }
        return true;
    }

    /** For each member of shape s, whether object v has it (one pass over v, not one per unknown member). */
    private static boolean[] present(JsonValue v, Shape s) {
        boolean[] p = new boolean[s.propNames.length];
        for (int i = 0; i < v.size(); i++) {
            String key = v.key(i);
            for (int j = 0; j < s.propNames.length; j++) {
                if (s.propNames[j].equals(key)) {
                    p[j] = true;
                    break;
                }
            }
        }
        return p;
    }

    private void unknown(JsonValue v, int i, Shape s, String ptr, boolean[] present) {
        String key = v.key(i);
        int best = -1;
        int bestD = Integer.MAX_VALUE;
        int near = Math.max(2, key.length() / 3);
        String lower = null;
        for (int j = 0; j < s.propNames.length; j++) {
            String known = s.propNames[j];
            if (Math.abs(known.length() - key.length()) > near) {
                continue;   // the distance is at least the difference in length: too far for a hint
            }
            if (lower == null) {
                lower = key.toLowerCase(java.util.Locale.ROOT);
            }
            int d = distance(lower, known.toLowerCase(java.util.Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = j;
            }
        }
        String hint = best >= 0 && bestD <= near && !present[best]
                ? "did you mean \"" + s.propNames[best] + "\"?"
                : s.propNames.length <= 8 && s.propNames.length > 0
                        ? "runtimes ignore unknown members; known here: " + String.join(", ", s.propNames)
                        : "runtimes ignore unknown members";
        out.add(new Finding(Finding.Severity.WARNING, RuleId.SCHEMA_UNKNOWN_MEMBER, ptr, v.keyLine(i), v.keyColumn(i),
                "unknown member \"" + Finding.clip(key) + "\"", hint));
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private void string(JsonValue v, Shape s, String ptr) {
        String t = v.text();
        if (s.enumValues != null) {
            for (int i = 0; i < s.enumValues.length; i++) {
                if (s.enumValues[i].equals(t)) {
                    String since = s.enumSince[i];
                    if (since != null && version != null && version.before(since)) {
                        out.add(new Finding(Finding.Severity.WARNING, RuleId.SCHEMA_NEWER_THAN_VERSION, ptr, v.line(),
                                v.column(), "\"" + t + "\" is not in runtime-spec " + version + " (it came with " + since + ")",
                                "raise ociVersion to " + since + " or later"));
                    }
                    return;
                }
            }
            if (ptr.endsWith("/rootfsPropagation") && t.length() > 1 && t.charAt(0) == 'r'
                    && isOneOf(t.substring(1), s.enumValues)) {
                // runtime-spec#923: the r-forms are not in the schema's enum, but runc and crun accept them
                out.add(new Finding(Finding.Severity.WARNING, RuleId.LINUX_ROOTFS_PROPAGATION_R_FORM, ptr, v.line(), v.column(),
                        "\"" + t + "\" is not in the schema's enum (" + String.join(", ", s.enumValues)
                                + "), but runc and crun accept it",
                        "use \"" + t.substring(1) + "\" for a strictly conforming config (runtime-spec#923)"));
                return;
            }
            error(RuleId.SCHEMA_ENUM, ptr, v, "\"" + Finding.clip(t) + "\" is not a valid " + s.name,
                    suggest(t, s.enumValues));
            return;
        }
        if (s.pattern != null && !s.pattern.matches(t)) {
            error(RuleId.SCHEMA_PATTERN, ptr, v, "\"" + Finding.clip(t) + "\" does not match " + s.pattern.text, patternHint(s.pattern));
        }
    }

    /** Whether {@code t} is one of {@code values}. */
    static boolean isOneOf(String t, String[] values) {
        for (String e : values) {
            if (e.equals(t)) {
                return true;
            }
        }
        return false;
    }

    private static String suggest(String t, String[] values) {
        int near = Math.max(2, t.length() / 3);
        String best = closest(t, java.util.Arrays.asList(values), near);
        if (best != null) {
            return "did you mean \"" + best + "\"?";
        }
        return values.length <= 10 ? "one of: " + String.join(", ", values) : "";
    }

    /**
     * The value nearest to {@code t} by {@link #distance} (ignoring case), the first of equals; null
     * when none is within {@code near} edits.
     */
    static String closest(String t, Iterable<String> values, int near) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        String upper = null;
        for (String e : values) {
            if (Math.abs(e.length() - t.length()) > near) {
                continue;   // the distance is at least the difference in length
            }
            if (upper == null) {
                upper = t.toUpperCase(java.util.Locale.ROOT);
            }
            int d = distance(upper, e.toUpperCase(java.util.Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = e;
            }
        }
        return bestD <= near ? best : null;
    }

    private static String patternHint(Shape.Pattern p) {
        switch (p) {
            case RLIMIT: return "e.g. RLIMIT_NOFILE";
            case CPU_LIST: return "a CPU list such as \"0-3,7\"";
            case PAGE_SIZE: return "e.g. \"2MB\" or \"1GB\"";
            case MB_SCHEMA: return "e.g. \"MB:0=70\"";
            case FILE_TYPE: return "c (character), b (block), u (unbuffered character) or p (FIFO)";
            default: return "";
        }
    }

    private void range(JsonValue v, Shape s, String ptr) {
        if (s.min == null && s.max == null) {
            return;
        }
        String t = v.text();
        boolean below;
        boolean above;
        if (t.length() <= 18) {
            long x = Long.parseLong(t);
            below = s.min != null && x < s.lmin;
            above = s.max != null && !s.bigMax && x > s.lmax;
        } else if (t.length() > 24) {
            // beyond every bound of the schema (uint64 has 20 digits); no BigInteger of a
            // million digits (parsing one is quadratic)
            below = s.min != null && t.charAt(0) == '-';
            above = s.max != null && t.charAt(0) != '-';
        } else {
            java.math.BigInteger x = v.bigInteger();
            below = s.min != null && x.compareTo(s.min) < 0;
            above = s.max != null && x.compareTo(s.max) > 0;
        }
        if (below || above) {
            String what = s.name != null ? s.name : "this value";
            String bounds = s.max == null ? "at least " + s.min : s.min + ".." + s.max;
            error(RuleId.SCHEMA_RANGE, ptr, v, Finding.clip(t) + " is out of range for " + what + " (" + bounds + ")",
                    s.name != null && s.name.startsWith("FileMode") ? "file modes are decimal: 0644 octal is 420" : "");
        }
    }

    private void typeError(JsonValue v, Shape s, String ptr) {
        String want = s.type == Shape.INTEGER && s.name != null ? "an integer (" + s.name + ")" : article(s.typeName());
        String hint = "";
        if (s.type == Shape.INTEGER && v.isString()) {
            hint = "write the number without quotes";
        } else if (s.type == Shape.INTEGER && v.isNumber()) {
            hint = "an integer has no fraction or exponent";
        } else if (s.type == Shape.ARRAY && v.isString()) {
            hint = "write a list: [\"" + Finding.clip(v.text()) + "\"]";
        } else if (s.type == Shape.BOOLEAN && v.isString()) {
            hint = "write true or false without quotes";
        } else if (s.type == Shape.STRING && (v.isNumber() || v.kind() == JsonValue.Kind.BOOLEAN)) {
            hint = "quote it";
        }
        error(RuleId.SCHEMA_TYPE, ptr, v, "expected " + want + ", got " + kindName(v), hint);
    }

    private static String article(String t) {
        return (t.startsWith("a") || t.startsWith("o") || t.startsWith("i") ? "an " : "a ") + t;
    }

    static String kindName(JsonValue v) {
        switch (v.kind()) {
            case OBJECT: return "an object";
            case ARRAY: return "an array";
            case STRING: return "a string";
            case NUMBER: return v.isInteger() ? "the integer " + Finding.clip(v.text()) : "the number " + Finding.clip(v.text());
            case BOOLEAN: return v.booleanValue() ? "true" : "false";
            default: return "null";
        }
    }

    private static String requiredHint(String ptr, String r) {
        switch (ptr + "/" + r) {
            case "/ociVersion": return "add \"ociVersion\": \"1.2.0\" (the runtime-spec version the config follows)";
            case "/process/cwd": return "add \"cwd\": \"/\"";
            case "/root/path": return "add \"path\": \"rootfs\"";
            default: return "";
        }
    }

    private void error(String rule, String ptr, JsonValue v, String message, String hint) {
        out.add(new Finding(Finding.Severity.ERROR, rule, ptr, v.line(), v.column(), message, hint));
    }

    /** RFC 6901 escaping of one reference token. */
    static String escape(String key) {
        if (key.indexOf('~') < 0 && key.indexOf('/') < 0) {
            return key;
        }
        return key.replace("~", "~0").replace("/", "~1");
    }
}

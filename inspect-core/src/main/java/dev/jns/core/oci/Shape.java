package dev.jns.core.oci;

import java.math.BigInteger;

/**
 * One node of jns's own description of the runtime-spec config (see {@link SchemaModel}): the
 * JSON type a value must have and the constraints on it. Written by the project from the
 * runtime-spec text; not generated from, nor loaded from, the official schema files.
 */
final class Shape {
    static final int ANY = 0;
    static final int OBJECT = 1;
    static final int ARRAY = 2;
    static final int STRING = 3;
    static final int INTEGER = 4;
    static final int BOOLEAN = 5;

    final int type;
    /** Name for messages: "uint32", "FileMode", "SeccompAction"... or null. */
    String name;
    // objects
    String[] propNames = new String[0];
    Shape[] props = new Shape[0];
    /** For each member, the runtime-spec version that introduced it, or null. */
    String[] propSince = new String[0];
    String[] required = new String[0];
    /** Schema of every member (additionalProperties), or null. */
    Shape additional;
    /** Schema of members whose key has at least one character (patternProperties ".{1,}"). */
    Shape nonEmptyKeys;
    /** Whether the members are free-form (a map), so unknown keys are not reported. */
    boolean map;
    // arrays
    Shape items;
    int minItems;
    // strings
    String[] enumValues;
    /** For each enum value, the runtime-spec version that introduced it, or null. */
    String[] enumSince;
    Pattern pattern;
    // integers
    BigInteger min;
    BigInteger max;
    long lmin = Long.MIN_VALUE;
    long lmax = Long.MAX_VALUE;
    boolean bigMax;   // max beyond long (uint64)
    Shape(int type) {
        this.type = type;
    }

    /** The patterns of the schema, matched by hand with ECMA-262 semantics ($ is the end). */
    enum Pattern {
        RLIMIT("^RLIMIT_[A-Z]+$"),
        CPU_LIST("^[0-9, -]*$"),
        PAGE_SIZE("^[1-9][0-9]*[KMG]B$"),
        MB_SCHEMA("^MB:[^\\n]*$"),
        FILE_TYPE("^[cbup]$");

        final String text;

        Pattern(String text) {
            this.text = text;
        }

        boolean matches(String s) {
            switch (this) {
                case RLIMIT: {
                    if (!s.startsWith("RLIMIT_") || s.length() == 7) {
                        return false;
                    }
                    for (int i = 7; i < s.length(); i++) {
                        char c = s.charAt(i);
                        if (c < 'A' || c > 'Z') {
                            return false;
                        }
                    }
                    return true;
                }
                case CPU_LIST: {
                    for (int i = 0; i < s.length(); i++) {
                        char c = s.charAt(i);
                        if (!(c >= '0' && c <= '9') && c != ',' && c != ' ' && c != '-') {
                            return false;
                        }
                    }
                    return true;
                }
                case PAGE_SIZE: {
                    int n = s.length();
                    if (n < 3 || s.charAt(0) < '1' || s.charAt(0) > '9' || s.charAt(n - 1) != 'B') {
                        return false;
                    }
                    char u = s.charAt(n - 2);
                    if (u != 'K' && u != 'M' && u != 'G') {
                        return false;
                    }
                    for (int i = 1; i < n - 2; i++) {
                        if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                            return false;
                        }
                    }
                    return true;
                }
                case MB_SCHEMA:
                    return s.startsWith("MB:") && s.indexOf('\n', 3) < 0;
                case FILE_TYPE:
                    return s.length() == 1 && "cbup".indexOf(s.charAt(0)) >= 0;
                default:
                    return true;
            }
        }
    }

    Shape prop(String name) {
        for (int i = 0; i < propNames.length; i++) {
            if (propNames[i].equals(name)) {
                return props[i];
            }
        }
        return null;
    }

    String typeName() {
        switch (type) {
            case OBJECT: return "object";
            case ARRAY: return "array";
            case STRING: return "string";
            case INTEGER: return "integer";
            case BOOLEAN: return "boolean";
            default: return "any value";
        }
    }
}

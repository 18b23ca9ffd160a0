package dev.jns.core.oci;

/** Text surgery on JSON for tests: replace the value of the member whose key starts at an index. */
final class OciRulesTestSupport {
    private OciRulesTestSupport() {}

    /** Replaces the value after the key at {@code keyAt} (a quoted key) with {@code value}. */
    static String replaceValue(String json, int keyAt, String value) {
        int colon = json.indexOf(':', json.indexOf('"', keyAt + 1) + 1);
        int start = colon + 1;
        while (Character.isWhitespace(json.charAt(start))) {
            start++;
        }
        int end = skipValue(json, start);
        return json.substring(0, start) + value + json.substring(end);
    }

    private static int skipValue(String s, int i) {
        char c = s.charAt(i);
        if (c == '"') {
            i++;
            while (s.charAt(i) != '"') {
                i += s.charAt(i) == '\\' ? 2 : 1;
            }
            return i + 1;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            boolean inString = false;
            for (; i < s.length(); i++) {
                char x = s.charAt(i);
                if (inString) {
                    if (x == '\\') {
                        i++;
                    } else if (x == '"') {
                        inString = false;
                    }
                } else if (x == '"') {
                    inString = true;
                } else if (x == '{' || x == '[') {
                    depth++;
                } else if (x == '}' || x == ']') {
                    if (--depth == 0) {
                        return i + 1;
                    }
                }
            }
            return i;
        }
        while (i < s.length() && ",}] \n\t".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }
}

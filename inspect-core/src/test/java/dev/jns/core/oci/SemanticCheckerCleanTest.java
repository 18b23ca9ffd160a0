package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SemanticChecker#clean}'s no-copy fast path returns what the element-by-element way returns, for every short path. */
class SemanticCheckerCleanTest {
    /** The element-by-element clean, as it was before the fast path. */
    private static String reference(String p) {
        List<String> parts = new ArrayList<>();
        for (String s : p.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(s);
            }
        }
        return "/" + String.join("/", parts);
    }

    @Test
    void everyPathOfUpToSevenCharsOfSlashDotAndALetterCleansAsBefore() {
        char[] alphabet = {'/', '.', 'a'};
        int checked = 0;
        for (int len = 0; len <= 7; len++) {
            int total = (int) Math.pow(3, len);
            for (int k = 0; k < total; k++) {
                StringBuilder b = new StringBuilder(len);
                for (int i = 0, x = k; i < len; i++, x /= 3) {
                    b.append(alphabet[x % 3]);
                }
                String p = b.toString();
                assertEquals(reference(p), SemanticChecker.clean(p), "clean(\"" + p + "\")");
                checked++;
            }
        }
        assertEquals(3280, checked);
        assertEquals("/usr/bin", SemanticChecker.clean("/usr/bin"));
        assertEquals("/a/.b/..c", SemanticChecker.clean("/a/.b/..c"));
    }
}

package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written matchers that replaced regular expressions on the validation path (a first
 * regex costs milliseconds at start) answer as the regular expressions did, on every short string
 * over the characters that matter and on seeded random ones.
 */
class HandMatchersTest {
    private static final Pattern PROC_NS = Pattern.compile("/proc/(self|thread-self|[0-9]+)(/task/[0-9]+)?/ns/[a-z_]+");
    private static final Pattern MEMPARSE = Pattern.compile("(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[kKmMgGtTpPeE]?");

    /** Every string of up to {@code max} chars of {@code alphabet}. */
    private static List<String> all(String alphabet, int max) {
        List<String> out = new ArrayList<>();
        out.add("");
        List<String> last = List.of("");
        for (int len = 1; len <= max; len++) {
            List<String> next = new ArrayList<>();
            for (String s : last) {
                for (char c : alphabet.toCharArray()) {
                    next.add(s + c);
                }
            }
            out.addAll(next);
            last = next;
        }
        return out;
    }

    private static List<String> random(String alphabet, int n, int maxLen, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder b = new StringBuilder();
            int len = r.nextInt(maxLen + 1);
            for (int k = 0; k < len; k++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void memparseAsTheRegex() {
        List<String> cases = all("0179xXaAfgkKmEe%+ ", 4);
        cases.addAll(random("0123456789abcdefxXkKmMgGtTpPeEz", 20_000, 12, 13));
        for (String s : cases) {
            assertEquals(MEMPARSE.matcher(s).matches(), KernelValues.memparse(s), "memparse(\"" + s + "\")");
        }
    }

    @Test
    void tmpfsModeAndIdsAsTheRegex() {
        for (String s : all("+0789a", 5)) {
            boolean mode = s.matches("\\+?[0-7]{1,11}") && Long.parseLong(s.replace("+", ""), 8) <= 0xFFFFFFFFL;
            assertEquals(mode, KernelValues.tmpfsValue("mode", s), "mode=" + s);
            boolean id = s.matches("\\+?[0-9]{1,10}") && Long.parseLong(s.replace("+", "")) < 0xFFFFFFFFL;
            assertEquals(id, KernelValues.tmpfsValue("uid", s), "uid=" + s);
        }
        assertEquals(false, KernelValues.tmpfsValue("mode", "77777777777"));   // over 32 bits
        assertEquals(true, KernelValues.tmpfsValue("mode", "37777777777"));
        assertEquals(false, KernelValues.tmpfsValue("gid", "4294967295"));
        assertEquals(true, KernelValues.tmpfsValue("gid", "4294967294"));
    }

    @Test
    void procNamespacePathsAsTheRegex() {
        List<String> cases = new ArrayList<>();
        for (String who : new String[] {"self", "thread-self", "1", "42", "", "x", "1a", "selff"}) {
            for (String task : new String[] {"", "/task/7", "/task/", "/task/x", "/tas/7"}) {
                for (String ns : new String[] {"/ns/net", "/ns/pid_for_children", "/ns/", "/ns/Net", "/ns/net/", "/ns", "/nss/net"}) {
                    cases.add("/proc/" + who + task + ns);
                }
            }
        }
        cases.addAll(random("/procsefltaskn_19", 20_000, 24, 7).stream().map(s -> "/proc/" + s).toList());
        cases.addAll(Arrays.asList("", "/", "/proc", "/proc/", "/sys/1/ns/net"));
        for (String s : cases) {
            assertEquals(PROC_NS.matcher(s).matches(), HostChecker.isProcNsPath(s), s);
        }
    }

    @Test
    void wordsAndProcAsBefore() {
        for (String s : all(" \ta\n", 5)) {
            List<String> old = Arrays.stream(s.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
            assertEquals(old, KernelHost.words(s), "words(\"" + s + "\")");
        }
        for (String d : all("/proc", 6)) {
            assertEquals(d.replaceAll("/+", "/").replaceAll("^/|/$", "").equals("proc"), KernelValues.isProc(d), d);
        }
    }
}

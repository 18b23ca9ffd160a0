package dev.jns.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names as their bytes, whatever the JVM's locale: names made by {@code sh} (bytes, no Java
 * in between) are listed and opened again, in this JVM and in JVMs started under {@code LC_ALL=C}
 * (where the JVM decodes file names as ASCII) and {@code LC_ALL=C.UTF-8}.
 */
class FileNamesTest {
    /** The names made, by their bytes as printf(1) takes them, and as lossless text. */
    static final Map<String, String> NAMES = new TreeMap<>(Map.of(
            "plain", "plain",
            "caf\\303\\251", "caf\u00e9",
            "bad\\377x", "bad\udcffx",
            "e\\033]0;t\\007", "e\u001b]0;t\u0007",
            "cut\\344\\270", "cut\udce4\udcb8"));

    @TempDir
    Path tmp;

    /** Makes each name with sh (a file holding its own printf spelling), and a directory with an invalid byte. */
    private void makeNames() throws Exception {
        assumeTrue(new File("/bin/sh").canExecute(), "needs /bin/sh to make names from bytes");
        StringBuilder script = new StringBuilder("cd \"$1\" && mkdir \"$(printf 'dir\\377')\"");
        for (String spelling : NAMES.keySet()) {
            script.append(" && printf '%s' '").append(spelling).append("' > \"$(printf '").append(spelling).append("')\"");
            script.append(" && printf '%s' '").append(spelling).append("' > \"dir$(printf '\\377')/$(printf '").append(spelling)
                    .append("')\"");
        }
        Process p = new ProcessBuilder("/bin/sh", "-c", script.toString(), "sh", tmp.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "sh: " + out);
    }

    @Test
    void namesAreListedAsTheirBytesAndResolvedBackInThisJvm() throws Exception {
        makeNames();
        assertEquals(expected(), check(tmp));
    }

    @Test
    void theSameUnderTheCAndUtf8LocalesOfOtherJvms() throws Exception {
        makeNames();
        for (String locale : List.of("C", "C.UTF-8")) {
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    Child.class.getName(), tmp.toString()).redirectErrorStream(true);
            pb.environment().put("LC_ALL", locale);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM under " + locale);
            assertEquals(expected() + "\n", out, "LC_ALL=" + locale);
        }
    }

    /** Each name found (escaped), whether the path made from it again is that file, and its content. */
    static String check(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        String[] top = FileNames.list(dir);
        Arrays.sort(top);
        for (String name : top) {
            Path p = FileNames.resolve(dir, name);
            if (Files.isDirectory(p)) {
                String[] inner = FileNames.list(p);
                Arrays.sort(inner);
                for (String n : inner) {
                    Path f = FileNames.resolve(dir, name + "/" + n);
                    lines.add(line(name + "/" + n, f));
                    lines.add(line("path:" + name + "/" + n, FileNames.path(dir + "/" + name + "/" + n)));
                }
            } else {
                lines.add(line(name, p));
                lines.add("name(" + SafeText.escape(name, false) + ")=" + SafeText.escape(FileNames.name(p), false));
            }
        }
        return String.join("\n", lines);
    }

    private static String line(String name, Path p) throws IOException {
        return SafeText.escape(name, false) + " " + (Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "MISSING");
    }

    private static String expected() {
        List<String> lines = new ArrayList<>();
        TreeMap<String, String> byText = new TreeMap<>();
        NAMES.forEach((spelling, text) -> byText.put(text, spelling));
        byText.put("dir\udcff", null);
        for (Map.Entry<String, String> e : byText.entrySet()) {
            if (e.getValue() == null) {
                for (Map.Entry<String, String> f : byText.entrySet()) {
                    if (f.getValue() != null) {
                        String n = e.getKey() + "/" + f.getKey();
                        lines.add(SafeText.escape(n, false) + " " + f.getValue());
                        lines.add(SafeText.escape("path:" + n, false) + " " + f.getValue());
                    }
                }
            } else {
                lines.add(SafeText.escape(e.getKey(), false) + " " + e.getValue());
                lines.add("name(" + SafeText.escape(e.getKey(), false) + ")=" + SafeText.escape(e.getKey(), false));
            }
        }
        return String.join("\n", lines);
    }

    @Test
    void plainNamesTakeThePlainWay() {
        Path d = Path.of("/sys/fs/cgroup");
        assertEquals(d.resolve("a/b"), FileNames.resolve(d, "a/b"));
        assertEquals(Path.of("/x"), FileNames.resolve(d, "/x"), "an absolute one replaces the directory");
        assertEquals(Path.of("rel/x"), FileNames.path("rel/x"));
        assertEquals("", FileNames.name(Path.of("/")));
    }

    /** Run in a JVM of another locale: prints {@link #check} of the directory. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            System.out.println(check(Path.of(args[0])));
        }
    }
}

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step (run as a single source file by the java launcher, before compiling): patches picocli's
 * sources, which the build unpacks and compiles into jns.jar, where a start pays for what jns never
 * uses. Each patch names the text it replaces; when that text is not found exactly once (a new
 * picocli version), the build stops. Running it again on patched sources changes nothing.
 *
 * <p>Usage: {@code java PatchPicocli.java path/to/picocli/CommandLine.java}
 */
public class PatchPicocli {
    /** {original, patched, why} */
    private static final String[][] PATCHES = {
        {
            "private INegatableOptionTransformer negatableOptionTransformer = RegexTransformer.createDefault();",
            "private INegatableOptionTransformer negatableOptionTransformer; // jns: made on first use",
            "every CommandSpec compiled four regular expressions for negatable options (jns has none): "
                + "about 1 ms each and the first lambda bootstrap of the run",
        },
        {
            "public INegatableOptionTransformer negatableOptionTransformer() { return negatableOptionTransformer; }",
            "public INegatableOptionTransformer negatableOptionTransformer() { if (negatableOptionTransformer == null) { "
                + "negatableOptionTransformer = RegexTransformer.createDefault(); } return negatableOptionTransformer; }",
            "the transformer made on first use",
        },
        {
            "String[] excludes = System.getProperty(\"picocli.converters.excludes\", \"\").split(\",\");",
            "if (fqcn.startsWith(\"java.sql.\") || fqcn.startsWith(\"java.time.\")) { return true; } // jns: no such option\n"
                + "            String excludesProperty = System.getProperty(\"picocli.converters.excludes\", \"\");\n"
                + "            if (excludesProperty.isEmpty()) { return false; }\n"
                + "            String[] excludes = excludesProperty.split(\",\");",
            "each CommandLine's type converters: String.matches (a regular expression compiled per call) for 19 "
                + "class names, and, unless excluded, 19 java.sql and java.time classes loaded by reflection; no jns "
                + "option has such a type (the launcher's -Dpicocli.converters.excludes did the same, by regex)",
        },
    };

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String text = Files.readString(file);
        for (String[] p : PATCHES) {
            if (count(text, p[1]) == 1 && count(text, p[0]) == 0) {
                continue; // patched already
            }
            if (count(text, p[0]) != 1) {
                System.err.println("PatchPicocli: " + file + ": expected once, found " + count(text, p[0]) + " times: " + p[0]);
                System.exit(1);
            }
            text = text.replace(p[0], p[1]);
        }
        Files.writeString(file, text);
    }

    private static int count(String text, String s) {
        int n = 0;
        for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) {
            n++;
        }
        return n;
    }
}

package dev.jns.cli.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.cli.Main;
import dev.jns.cli.output.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The runtime-spec project's labelled schema corpus ({@code test/config/good} and {@code bad} of
 * ../shared/oci-runtime-spec-schema beside the repository: a test oracle, never read by the
 * product) through {@code jns oci validate --no-host}, the spec-only verdict: every good config is
 * valid (exit 0), every bad one invalid (exit 1). Skips, with its reason, where the corpus is absent.
 */
class OciCorpusTest {
    /**
     * The corpus folder: the system property jns.oci.corpus, else shared/oci-runtime-spec-schema
     * beside the repository root (jns.repo.root, set by the pom, or the working directory) or beside
     * one of its ancestors (a git worktree lives below the main checkout's parent); null if none.
     */
    static Path corpus() {
        String prop = System.getProperty("jns.oci.corpus");
        if (prop != null && !prop.isEmpty()) {
            Path p = Path.of(prop);
            return Files.isDirectory(p.resolve("test/config")) ? p : null;
        }
        String root = System.getProperty("jns.repo.root");
        Path dir = (root != null && !root.isEmpty() ? Path.of(root) : Path.of("")).toAbsolutePath();
        for (; dir != null; dir = dir.getParent()) {
            Path s = dir.resolve("shared/oci-runtime-spec-schema");
            if (Files.isDirectory(s.resolve("test/config/good")) && Files.isDirectory(s.resolve("test/config/bad"))) {
                return s;
            }
        }
        return null;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void theSpecOnlyVerdictAgreesWithTheCorpus() throws IOException {
        Path c = corpus();
        Assumptions.assumeTrue(c != null, "runtime-spec corpus not found at ../shared/oci-runtime-spec-schema/test/config"
                + " beside the repository (a clean clone elsewhere; -Djns.oci.corpus=DIR names it): skipped");
        int agree = 0;
        int total = 0;
        List<String> misses = new ArrayList<>();
        for (String kind : new String[] {"good", "bad"}) {
            for (Path f : files(c.resolve("test/config/" + kind))) {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int rc = Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), "oci", "validate", "--no-host",
                        f.toString());
                int want = kind.equals("good") ? 0 : 1;
                total++;
                if (rc == want) {
                    agree++;
                } else {
                    misses.add(kind + "/" + f.getFileName() + ": exit " + rc + "\n" + out + err);
                }
                assertTrue(out.toString().contains("(checked: spec)"), "spec only: " + out);
            }
        }
        assertTrue(total >= 14, "the corpus has 9 good and 5 bad configs; found " + total);
        assertEquals(total, agree, agree + "/" + total + " agree; misses:\n" + String.join("\n", misses));
    }
}

package dev.jns.cli.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jns.cli.Main;
import dev.jns.cli.output.Terminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code jns enter --help} and {@code jns unshare --help}, byte for byte, at 80 columns: the
 * namespace options come from {@link NamespaceOptions}, built in code, and must read and stand
 * where the annotated options did (the golden files are the help from before the mixin).
 */
class ExecHelpTest {

    @Test
    void enterHelp() throws IOException {
        assertEquals(golden("enter-help.txt"), help("enter"));
    }

    @Test
    void unshareHelp() throws IOException {
        assertEquals(golden("unshare-help.txt"), help("unshare"));
    }

    @Test
    void helpCommandGivesTheSame() throws IOException {
        assertEquals(golden("enter-help.txt"), help("help", "enter"));
        assertEquals(golden("unshare-help.txt"), help("help", "unshare"));
    }

    private static String help(String... args) {
        String old = System.setProperty("picocli.usage.width", "80"); // no terminal's width
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            String[] argv = args.length == 1 ? new String[] {args[0], "--help"} : args;
            assertEquals(0, Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), argv), err.toString());
            assertEquals("", err.toString());
            return out.toString();
        } finally {
            if (old == null) {
                System.clearProperty("picocli.usage.width");
            } else {
                System.setProperty("picocli.usage.width", old);
            }
        }
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ExecHelpTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

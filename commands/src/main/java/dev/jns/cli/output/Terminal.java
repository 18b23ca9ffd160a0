package dev.jns.cli.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * What the output goes to: a terminal or not, how wide, whether colour and box-drawing
 * characters are wanted. Decided once per run from the environment; tests pass their own.
 *
 * @param interactive stdin and stdout are a terminal
 * @param width       terminal width in columns, 0 when unknown or not a terminal
 * @param color       colour wanted: a terminal, {@code NO_COLOR} unset or empty, and {@code TERM}
 *                    set and not {@code dumb}
 * @param utf8        the locale's character set is UTF-8, as libsmartcols decides for tree drawing and
 *                    escaping: the character set the JVM found with {@code setlocale} (so a
 *                    {@code LANG} naming a locale that is not installed is the C locale, as for lsns)
 */
public record Terminal(boolean interactive, int width, boolean color, boolean utf8) {

    /** Not a terminal, no colour, ASCII: what a pipe gets under the C locale. */
    public static Terminal plain() {
        return new Terminal(false, 0, false, false);
    }

    /** Looks at the real environment. */
    public static Terminal detect() {
        Map<String, String> env = System.getenv();
        boolean tty = System.console() != null;
        return new Terminal(tty, tty ? width(env) : 0, color(tty, env), utf8(System.getProperty("sun.jnu.encoding", "")));
    }

    /**
     * Colour on a terminal, unless {@code NO_COLOR} holds a value (no-color.org: "when present and
     * not an empty string"; {@code NO_COLOR=} leaves colour on) or {@code TERM} is unset or dumb.
     */
    static boolean color(boolean tty, Map<String, String> env) {
        String term = env.getOrDefault("TERM", "");
        return tty && env.getOrDefault("NO_COLOR", "").isEmpty() && !term.equals("dumb") && !term.isEmpty();
    }

    /** Whether a full-screen view can be drawn: a terminal, and not a dumb one. */
    public boolean fullScreen() {
        return interactive && !"dumb".equals(System.getenv("TERM"));
    }

    /** Whether the JVM's file-name charset (from the locale's {@code nl_langinfo(CODESET)}) is UTF-8. */
    static boolean utf8(String charset) {
        String l = charset.toLowerCase(Locale.ROOT);
        return l.equals("utf-8") || l.equals("utf8");
    }

    private static int width(Map<String, String> env) {
        try {
            int c = Integer.parseInt(env.getOrDefault("COLUMNS", ""));
            if (c > 0) {
                return c;
            }
        } catch (NumberFormatException ignored) {
            // ask the terminal
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            String[] f = s.split(" ");
            return f.length == 2 ? Integer.parseInt(f[1]) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}

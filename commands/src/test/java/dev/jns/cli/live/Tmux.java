package dev.jns.cli.live;

import dev.jns.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real terminal for the live tests: a detached tmux session with a unique name, driven by
 * {@code send-keys} and read with {@code capture-pane}. {@link #close} kills the session. Public
 * for the hostile suite ({@code dev.jns.cli.hostile}).
 */
public final class Tmux implements AutoCloseable {
    private final String session;

    /**
     * Starts {@code shellCommand} (run by tmux's shell) in a {@code cols} x {@code rows} session.
     *
     * @param prefix names the session, for a person looking at {@code tmux ls}
     */
    public Tmux(String prefix, int cols, int rows, String shellCommand) throws IOException, InterruptedException {
        this.session = prefix + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        run("tmux", "new-session", "-d", "-s", session, "-x", Integer.toString(cols), "-y", Integer.toString(rows),
                shellCommand);
    }

    /** The command line that runs jns in this JVM's build: the same java and class path. */
    public static String jns(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> words = new ArrayList<>(List.of(quote(java), "-cp", quote(System.getProperty("java.class.path")),
                "dev.jns.cli.Main"));
        words.addAll(List.of(args));
        return String.join(" ", words);
    }

    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    public static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** What the pane shows now. */
    public String screen() throws IOException, InterruptedException {
        return run("tmux", "capture-pane", "-p", "-t", session);
    }

    /** Polls the screen (20 s at most) until {@code ok} holds; fails with the screen otherwise. */
    public void await(String what, Predicate<String> ok) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (ok.test(screen())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(what + " never showed:\n" + screen());
    }

    /** Polls until the screen contains {@code text}. */
    public void await(String text) throws IOException, InterruptedException {
        await("'" + text + "'", s -> s.contains(text));
    }

    /** Types {@code keys}, tmux key names (Enter, C-c, Escape) or text. */
    public void keys(String... keys) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("tmux", "send-keys", "-t", session));
        argv.addAll(List.of(keys));
        run(argv.toArray(new String[0]));
    }

    public void resize(int cols, int rows) throws IOException, InterruptedException {
        run("tmux", "resize-window", "-t", session, "-x", Integer.toString(cols), "-y", Integer.toString(rows));
    }

    /** The pane's title, which an OSC 0 escape sequence written to the terminal would set. */
    public String paneTitle() throws IOException, InterruptedException {
        return run("tmux", "display-message", "-p", "-t", session, "#{pane_title}").strip();
    }

    /** The pid of the pane's shell. */
    public long panePid() throws IOException, InterruptedException {
        return Long.parseLong(run("tmux", "list-panes", "-t", session, "-F", "#{pane_pid}").strip());
    }

    /**
     * After {@code exit} shows, the command ({@code ...; echo EXITED=$?; stty -a}) ended and stty's
     * settings are all on the screen (echoke ends them): echo and line editing are back on, and
     * the alternate screen is gone (no {@code gone} text on it).
     */
    public void assertRestored(String exit, String gone) throws IOException, InterruptedException {
        await("jns's exit", s -> s.contains(exit) && s.contains("echoke"));
        String after = screen();
        if (!(after.contains(" echo ") || after.contains(" echo\n")) || after.contains("-echo ")) {
            throw new AssertionError("echo not restored:\n" + after);
        }
        if (!after.contains(" icanon ")) {
            throw new AssertionError("line editing not restored:\n" + after);
        }
        if (after.contains(gone)) {
            throw new AssertionError("the alternate screen is still there:\n" + after);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("tmux", "kill-session", "-t", session);
    }
}

package dev.jns.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The full-screen views of {@code jns top} and {@code jns cgtop}: a sampling thread reads the
 * view on screen (and a process's details), and the UI thread reads keys, applies them to the
 * state and draws it on a Lanterna {@link Screen} with delta refresh. The UI never waits on /proc
 * or cgroup reads. The terminal is restored on every way out.
 */
public final class TopApp {
    private TopApp() {}

    /** Where the rows come from, and what the UI can do to a process. */
    public interface Source {
        /** The rows of {@code view} now. Called on the sampling thread. */
        List<Row> rows(ViewId view);

        /** The host summary for the first line. Called on the sampling thread. */
        String header();

        /** The details of process {@code key}; empty when it is gone. Called on the sampling thread. */
        List<String> details(String key);

        /**
         * Runs a shell in the namespaces of process {@code key}, on the terminal, and returns a
         * note on how it ended. Called on the UI thread while the UI is suspended.
         */
        String enter(String key) throws IOException, InterruptedException;

        /** Sends {@code signal} to process {@code key}; returns a note on how it went. */
        String signal(String key, int signal);
    }

    private record Fresh(ViewId view, List<Row> rows) {}

    private record Details(String key, List<String> lines) {}

    /**
     * Runs until the user quits.
     *
     * @param terminal where to draw; a {@link TtyTerminal} can be handed to a shell
     * @param source   the rows and actions
     * @param initial  the views, their columns and the first view and delay
     * @param color    use colours (off with NO_COLOR)
     */
    public static void run(Terminal terminal, Source source, TopState initial, boolean color)
            throws IOException, InterruptedException {
        run(terminal, source, initial, color, true);
    }

    /**
     * Runs until the user quits.
     *
     * @param terminal where to draw; a {@link TtyTerminal} can be handed to a shell
     * @param source   the rows and actions
     * @param initial  the views, their columns and the first view and delay
     * @param color    use colours (off with NO_COLOR)
     * @param utf8     the terminal shows UTF-8; else every character that is not ASCII is escaped
     */
    public static void run(Terminal terminal, Source source, TopState initial, boolean color, boolean utf8)
            throws IOException, InterruptedException {
        Screen screen = new TerminalScreen(terminal);
        AtomicReference<TopState> shared = new AtomicReference<>(initial);
        AtomicReference<Fresh> fresh = new AtomicReference<>();
        AtomicReference<Details> details = new AtomicReference<>();
        AtomicReference<String> headline = new AtomicReference<>("");
        AtomicBoolean wake = new AtomicBoolean();
        Thread sampling = new Thread(() -> {
            try {
                while (true) {
                    TopState s = shared.get();
                    ViewId v = s.view();
                    fresh.set(new Fresh(v, source.rows(v)));
                    if (!s.detail().isEmpty()) {
                        details.set(new Details(s.detail(), source.details(s.detail())));
                    }
                    headline.set(source.header());
                    long until = System.nanoTime() + s.delayMillis() * 1_000_000L;
                    while (System.nanoTime() < until && !wake.getAndSet(false)) {
                        Thread.sleep(20);
                    }
                }
            } catch (InterruptedException e) {
                // quitting
            } catch (RuntimeException | LinkageError e) {
                // shown on the screen, not printed over it
                headline.set("sampling stopped: " + e);
            }
        }, "jns-top-sampler");
        sampling.setDaemon(true);
        // On SIGTERM the UI thread keeps running while shutdown hooks run: this hook stops the
        // drawing and leaves the alternate screen, under the lock every frame is drawn with, so
        // that no frame lands on the restored terminal. (Lanterna's own hook restores the tty.)
        Object drawing = new Object();
        AtomicBoolean stopped = new AtomicBoolean();
        Thread restore = new Thread(() -> {
            synchronized (drawing) {
                if (stopped.compareAndSet(false, true)) {
                    try {
                        screen.stopScreen();
                    } catch (IOException e) {
                        // the terminal is gone
                    }
                }
            }
        }, "jns-top-restore");
        screen.startScreen();
        Runtime.getRuntime().addShutdownHook(restore);
        try {
            screen.setCursorPosition(null);
            sampling.start();
            TopState state = initial;
            boolean dirty = true;
            boolean resized = true;
            while (!state.quit()) {
                KeyStroke key = screen.pollInput();
                TerminalSize size = screen.doResizeIfNecessary();
                if (size != null) {
                    dirty = true;
                    resized = true; // the terminal moved its text around: redraw all of it
                }
                if (key != null) {
                    Optional<Action> a = KeyMap.map(key, state.typing());
                    if (a.isPresent()) {
                        TopState next = state.apply(a.get(), TopView.pageRows(screen.getTerminalSize()));
                        if (next.view() != state.view() || !next.detail().equals(state.detail())
                                || next.list().sortColumn() != state.list().sortColumn()) {
                            wake.set(true); // sample now rather than at the next refresh
                        }
                        state = next;
                        dirty = true;
                    }
                }
                if (state.request() != null) {
                    state = state.done(carryOut(state.request(), source, screen, terminal));
                    resized = true;
                    dirty = true;
                    wake.set(true);
                }
                Fresh f = fresh.getAndSet(null);
                if (f != null) {
                    state = state.withRows(f.view(), f.rows());
                    dirty = true;
                }
                Details d = details.getAndSet(null);
                if (d != null) {
                    state = state.withDetails(d.key(), d.lines());
                    dirty = true;
                }
                shared.set(state);
                if (dirty) {
                    synchronized (drawing) {
                        if (stopped.get()) {
                            break;
                        }
                        TopView.draw(state, screen.newTextGraphics(), screen.getTerminalSize(), headline.get(), color, utf8);
                        screen.refresh(resized ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
                    }
                    dirty = false;
                    resized = false;
                } else {
                    Thread.sleep(15);
                }
            }
        } finally {
            sampling.interrupt();
            try {
                Runtime.getRuntime().removeShutdownHook(restore);
            } catch (IllegalStateException e) {
                // shutting down: the hook restores the screen
            }
            synchronized (drawing) {
                if (stopped.compareAndSet(false, true)) {
                    screen.stopScreen();
                }
            }
        }
    }

    private static String carryOut(TopState.Request r, Source source, Screen screen, Terminal terminal)
            throws IOException, InterruptedException {
        if (r.kind() == TopState.Request.Kind.SIGNAL) {
            return source.signal(r.key(), r.signal());
        }
        screen.stopScreen();
        TtyTerminal tty = terminal instanceof TtyTerminal t ? t : null;
        // Ctrl-C in the shell must not end the UI: the terminal's SIGINT reaches both. A Java
        // handler, not SIG_IGN, so that the shell (after exec) gets the default one back.
        sun.misc.Signal sigint = new sun.misc.Signal("INT");
        sun.misc.SignalHandler old = sun.misc.Signal.handle(sigint, sig -> { });
        try {
            if (tty != null) {
                tty.handOver();
            }
            return source.enter(r.key());
        } finally {
            sun.misc.Signal.handle(sigint, old);
            if (tty != null) {
                tty.takeBack();
            }
            screen.startScreen();
            screen.setCursorPosition(null);
        }
    }
}

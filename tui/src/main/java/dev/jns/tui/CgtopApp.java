package dev.jns.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import dev.jns.core.cgroup.CgroupTable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The full-screen cgroup view: a sampling thread produces rows, and the UI thread reads keys,
 * applies them to the state and draws it on a Lanterna {@link Screen} with delta refresh. The UI
 * never waits on /proc or cgroup reads. The terminal is restored on every way out.
 */
public final class CgtopApp {
    private CgtopApp() {}

    /** One refresh: the rows, sorted by {@code order} (reversed or not). Called on the sampling thread. */
    @FunctionalInterface
    public interface Sampler {
        List<CgroupTable.Row> sample(CgroupTable.Order order, boolean reverse);
    }

    /**
     * Runs until the user quits.
     *
     * @param terminal    where to draw
     * @param sampler     one refresh: the rows for a sort order (called on the sampling thread)
     * @param header      the host summary for the first line (called on the sampling thread)
     * @param delayMillis the first refresh interval
     */
    public static void run(Terminal terminal, Sampler sampler,
                           Supplier<String> header, long delayMillis) throws IOException, InterruptedException {
        Screen screen = new TerminalScreen(terminal);
        AtomicReference<CgtopState> shared = new AtomicReference<>(CgtopState.initial(delayMillis));
        AtomicReference<List<CgroupTable.Row>> fresh = new AtomicReference<>();
        AtomicReference<String> headline = new AtomicReference<>("");
        java.util.concurrent.atomic.AtomicBoolean resort = new java.util.concurrent.atomic.AtomicBoolean();
        Thread sampling = new Thread(() -> {
            try {
                while (true) {
                    CgtopState s = shared.get();
                    fresh.set(sampler.sample(s.order(), s.reversed()));
                    headline.set(header.get());
                    long until = System.nanoTime() + s.delayMillis() * 1_000_000L;
                    while (System.nanoTime() < until && !resort.getAndSet(false)) {
                        Thread.sleep(20);
                    }
                }
            } catch (InterruptedException e) {
                // quitting
            } catch (RuntimeException e) {
                headline.set("sampling stopped: " + e.getMessage());
            }
        }, "jns-cgtop-sampler");
        sampling.setDaemon(true);
        screen.startScreen();
        try {
            screen.setCursorPosition(null);
            sampling.start();
            CgtopState state = shared.get();
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
                    Optional<Action> a = KeyMap.map(key, state.typingFilter());
                    if (a.isPresent()) {
                        CgtopState next = state.apply(a.get(), CgtopView.pageRows(screen.getTerminalSize()));
                        if (next.order() != state.order() || next.reversed() != state.reversed()) {
                            resort.set(true); // re-sort now rather than at the next refresh
                        }
                        state = next;
                        dirty = true;
                    }
                }
                List<CgroupTable.Row> rows = fresh.getAndSet(null);
                if (rows != null) {
                    state = state.withRows(rows);
                    dirty = true;
                }
                shared.set(state);
                if (dirty) {
                    CgtopView.draw(state, screen.newTextGraphics(), screen.getTerminalSize(), headline.get());
                    screen.refresh(resized ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
                    dirty = false;
                    resized = false;
                } else {
                    Thread.sleep(15);
                }
            }
        } finally {
            sampling.interrupt();
            screen.stopScreen();
        }
    }
}

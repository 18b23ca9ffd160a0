package dev.jns.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The UI loop on a virtual terminal: sampling off the UI thread, requests carried out, the screen left on every way out. */
class TopAppTest {

    /** Remembers whether the alternate screen (private mode) is on. */
    static final class Tty extends DefaultVirtualTerminal {
        volatile boolean privateMode;
        volatile int exits;

        Tty() {
            super(new TerminalSize(80, 24));
        }

        @Override
        public synchronized void enterPrivateMode() {
            super.enterPrivateMode();
            privateMode = true;
        }

        @Override
        public synchronized void exitPrivateMode() {
            super.exitPrivateMode();
            privateMode = false;
            exits++;
        }
    }

    static class Source implements TopApp.Source {
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<String> signals = new CopyOnWriteArrayList<>();

        @Override
        public List<Row> rows(ViewId view) {
            threads.add(Thread.currentThread().getName());
            return view == ViewId.PROCESSES ? Rows.processes() : view == ViewId.CGROUPS ? Rows.tree() : List.of();
        }

        @Override
        public String header() {
            return "test host";
        }

        @Override
        public List<String> details(String key) {
            return List.of("command   " + key);
        }

        @Override
        public String enter(String key) {
            return "entered " + key;
        }

        @Override
        public String signal(String key, int signal) {
            signals.add(key + ":" + signal);
            return "sent " + signal + " to " + key;
        }
    }

    private static void type(Tty t, KeyStroke... keys) {
        for (KeyStroke k : keys) {
            t.addInput(k);
        }
    }

    @Test
    void quitLeavesTheScreenAndSamplingRanOnItsOwnThread() {
        Tty t = new Tty();
        Source src = new Source();
        type(t, new KeyStroke('q', false, false));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> TopApp.run(t, src, Rows.top(ViewId.PROCESSES), false));
        assertFalse(t.privateMode, "the alternate screen is left");
        assertNotEquals(Thread.currentThread().getName(), src.threads.isEmpty() ? "" : src.threads.get(0));
    }

    @Test
    void aConfirmedSignalIsSentThroughTheSource() {
        Tty t = new Tty();
        Source src = new Source();
        type(t, new KeyStroke('k', false, false), new KeyStroke('9', false, false),
                new KeyStroke('q', false, false));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> TopApp.run(t, src, Rows.top(ViewId.PROCESSES), false));
        assertEquals(List.of("500:9"), src.signals, "SIGKILL to the selected process, the busiest");
    }

    @Test
    void anExceptionInTheUiStillLeavesTheScreen() {
        Tty t = new Tty();
        Source src = new Source() {
            @Override
            public String signal(String key, int signal) {
                throw new IllegalStateException("boom");
            }
        };
        type(t, new KeyStroke('k', false, false), new KeyStroke('y', false, false));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> assertTimeoutPreemptively(
                Duration.ofSeconds(20), () -> TopApp.run(t, src, Rows.top(ViewId.PROCESSES), false)));
        assertEquals("boom", e.getMessage());
        assertFalse(t.privateMode, "the alternate screen is left after an exception");
        assertTrue(t.exits >= 1);
    }
}

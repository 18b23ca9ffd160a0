package dev.jns.cli;

import java.io.IOException;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs jns's native helper with the terminal passed through, and returns its exit status. While
 * it runs, Ctrl-C and Ctrl-\ are ignored here (the terminal sends them to the command, which is
 * in the same foreground process group); a SIGTERM to jns is passed on to the helper and the
 * command, so that nothing is left running.
 */
final class NativeStep {
    private NativeStep() {}

    static int run(List<String> argv) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(argv).inheritIO().start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
        SignalHandler ignore = SignalHandler.SIG_IGN;
        SignalHandler oldInt = Signal.handle(new Signal("INT"), ignore);
        SignalHandler oldTerm = Signal.handle(new Signal("TERM"), new SignalHandler() {
            @Override
            public void handle(Signal sig) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
        });
        try {
            return p.waitFor();
        } finally {
            Signal.handle(new Signal("INT"), oldInt);
            Signal.handle(new Signal("TERM"), oldTerm);
        }
    }
}

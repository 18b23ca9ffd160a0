package dev.jns.cli.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs jns's native helper with the terminal passed through, and returns its exit status. While
 * it runs, Ctrl-C is ignored here: the terminal sends it to the command too (jns-nsexec gives the
 * command back the default disposition, as an ignored signal would stay ignored across exec). A
 * SIGTERM to jns is passed on to the helper and the command, so that nothing is left running.
 * SIGQUIT belongs to the JVM (a thread dump).
 *
 * <p>A session ({@link #begin()}, for jns unshare with limits) takes the signals over earlier,
 * while jns prepares what the helper needs: a SIGTERM, SIGINT or SIGHUP then is noted
 * ({@link #early()}) instead of ending the JVM half-way, and the helper is not started; the
 * caller undoes what it made and says so. Once the helper runs, SIGHUP ends the JVM as it
 * would have (the helper cleans up when its parent dies).
 */
final class NativeStep implements AutoCloseable {
    private static final Signal INT = new Signal("INT");
    private static final Signal TERM = new Signal("TERM");
    private static final Signal HUP = new Signal("HUP");

    private final AtomicReference<Process> started = new AtomicReference<>();
    private volatile int early;
    private final SignalHandler oldInt;
    private final SignalHandler oldTerm;
    private final SignalHandler oldHup;

    /**
     * @param abortEarly a session: SIGINT and SIGHUP before the helper starts are noted too (else
     *                   only SIGTERM, and SIGINT is ignored and SIGHUP left alone throughout)
     */
    private NativeStep(boolean abortEarly) {
        // The handlers go in before the helper starts: a SIGTERM that came between its start and
        // the handler's would end the JVM at once and leave the command running.
        SignalHandler handler = new SignalHandler() {
            @Override
            public void handle(Signal sig) {
                signalled(sig);
            }
        };
        oldInt = Signal.handle(INT, abortEarly ? handler : SignalHandler.SIG_IGN);
        oldTerm = Signal.handle(TERM, handler);
        oldHup = abortEarly ? handle(HUP, handler) : null;
    }

    /** Installs a handler; null when the JVM does not let it (it then keeps its own). */
    private static SignalHandler handle(Signal sig, SignalHandler handler) {
        try {
            return Signal.handle(sig, handler);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A session: signals are noted from now until {@link #close()}. */
    static NativeStep begin() {
        return new NativeStep(true);
    }

    /** The command to run: the one given, or {@code $SHELL} (else /bin/sh) without one. */
    static List<String> orShell(List<String> command) {
        if (!command.isEmpty()) {
            return command;
        }
        String shell = System.getenv("SHELL");
        return List.of(shell == null || shell.isEmpty() ? "/bin/sh" : shell);
    }

    /** Runs the helper with jns enter's and plain jns unshare's signal handling. */
    static int run(NsexecArgs args) throws InterruptedException {
        try (NativeStep step = new NativeStep(false)) {
            return step.start(args);
        }
    }

    /** Runs on the JVM's signal thread; {@link #start} holds the lock while it starts the helper. */
    private synchronized void signalled(Signal sig) {
        Process p = started.get();
        if (p == null) {
            if (early == 0) {
                early = sig.getNumber();
            }
            return;
        }
        switch (sig.getName()) {
            case "TERM" -> terminateAll(p);
            case "HUP" -> {
                if (oldHup != null && oldHup != SignalHandler.SIG_IGN && oldHup != SignalHandler.SIG_DFL) {
                    oldHup.handle(sig); // the JVM's own: it exits, and the helper sees its parent die
                }
            }
            default -> { } // SIGINT: the terminal gave it to the command as well
        }
    }

    /** The signal that came before the helper started (0: none); then it is not started. */
    int early() {
        return early;
    }

    /**
     * Starts the helper and waits for it; its exit status. A SIGTERM before the start (and, in a
     * session, SIGINT or SIGHUP) means it is not started: 128 + that signal's number.
     */
    int start(NsexecArgs args) throws InterruptedException {
        List<String> argv = args.argv();
        Process p;
        synchronized (this) {
            if (early != 0) {
                return 128 + early;
            }
            try {
                p = new ProcessBuilder(argv).inheritIO().start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
            }
            started.set(p);
        }
        return p.waitFor();
    }

    /** Whether the helper was started. */
    boolean started() {
        return started.get() != null;
    }

    @Override
    public void close() {
        Signal.handle(INT, oldInt);
        Signal.handle(TERM, oldTerm);
        if (oldHup != null) {
            Signal.handle(HUP, oldHup);
        }
    }

    private static void terminateAll(Process p) {
        p.descendants().forEach(NativeStep::terminate);
        p.destroy();
    }

    /**
     * SIGTERM, or SIGKILL for the init of a new pid namespace (jns unshare -p) that leaves SIGTERM
     * at its default: the kernel drops a SIGTERM sent to it from outside its namespace, so it
     * would be left running.
     */
    private static void terminate(ProcessHandle h) {
        if (initIgnoringTerm(h.pid())) {
            h.destroyForcibly();
        } else {
            h.destroy();
        }
    }

    private static boolean initIgnoringTerm(long pid) {
        try {
            boolean init = false;
            long handled = 0;
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("NSpid:")) {
                    String[] f = l.substring(6).trim().split("\\s+");
                    init = f.length > 1 && f[f.length - 1].equals("1");
                } else if (l.startsWith("SigIgn:") || l.startsWith("SigCgt:")) {
                    handled |= Long.parseUnsignedLong(l.substring(7).trim(), 16);
                }
            }
            return init && (handled & (1L << (15 - 1))) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}

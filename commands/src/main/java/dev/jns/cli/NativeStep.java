package dev.jns.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs jns's native helper with the terminal passed through, and returns its exit status. While
 * it runs, Ctrl-C is ignored here: the terminal sends it to the command too (jns-nsexec gives the
 * command back the default disposition, as an ignored signal would stay ignored across exec). A
 * SIGTERM to jns is passed on to the helper and the command, so that nothing is left running.
 * SIGQUIT belongs to the JVM (a thread dump).
 */
final class NativeStep {
    private NativeStep() {}

    static int run(List<String> argv) throws InterruptedException {
        // The handlers go in before the helper starts: a SIGTERM that came between its start and
        // the handler's would end the JVM at once and leave the command running.
        AtomicReference<Process> started = new AtomicReference<>();
        AtomicBoolean terminated = new AtomicBoolean();
        SignalHandler oldInt = Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        SignalHandler oldTerm = Signal.handle(new Signal("TERM"), new SignalHandler() {
            @Override
            public void handle(Signal sig) {
                terminated.set(true);
                Process p = started.get();
                if (p != null) {
                    terminateAll(p);
                }
            }
        });
        try {
            Process p;
            try {
                p = new ProcessBuilder(argv).inheritIO().start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
            }
            started.set(p);
            if (terminated.get()) {
                terminateAll(p);
            }
            return p.waitFor();
        } finally {
            Signal.handle(new Signal("INT"), oldInt);
            Signal.handle(new Signal("TERM"), oldTerm);
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

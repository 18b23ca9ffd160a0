package dev.jns.tui;

import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * The controlling terminal, which the UI can hand over to a child process (a shell in a
 * process's namespaces) and take back: the terminal's own settings (echo, line editing, Ctrl-C)
 * while the child runs, raw input again after.
 */
public final class TtyTerminal extends UnixTerminal {

    public TtyTerminal(InputStream in, OutputStream out, Charset charset) throws IOException {
        super(in, out, charset, CtrlCBehaviour.TRAP);
    }

    /** Restores the settings the terminal had before the UI started. */
    public void handOver() throws IOException {
        restoreTerminalSettings();
    }

    /** Raw input, no echo, Ctrl-C as a key: the UI's settings. */
    public void takeBack() throws IOException {
        canonicalMode(false);
        keyEchoEnabled(false);
        keyStrokeSignalsEnabled(false);
    }
}

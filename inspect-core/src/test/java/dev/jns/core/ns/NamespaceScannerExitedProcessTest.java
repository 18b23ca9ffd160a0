package dev.jns.core.ns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.NamespaceType;
import dev.jns.core.proc.Passwd;
import dev.jns.core.proc.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process whose namespace links were read by the scan but which exited before its details
 * were read (seen live: another user's short-lived process was the lowest pid of a namespace).
 * lsns reads each process once and never shows it; jns must not show a row with processes but no
 * PID, USER or COMMAND either.
 */
class NamespaceScannerExitedProcessTest {
    static final long NET = 4026531833L;
    static final long UTS = 4026531838L;

    @TempDir
    Path root;

    /** A process directory with ns links; {@code alive} adds stat, cmdline and fd (else it "exited"). */
    private void process(int pid, boolean alive, String... links) throws IOException {
        Path d = Files.createDirectories(root.resolve(pid + "/ns"));
        for (String l : links) {
            Files.createSymbolicLink(d.resolve(l.substring(0, l.indexOf(':'))), Path.of(l));
        }
        if (alive) {
            Files.writeString(root.resolve(pid + "/stat"),
                    pid + " (sleep) S 1 " + pid + " " + pid + " 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 12345 0 0\n");
            Files.write(root.resolve(pid + "/cmdline"), ("sleep\0" + "600\0").getBytes());
            Files.createDirectories(root.resolve(pid + "/fd"));
        } else {
            // /proc/PID/ns links read before the exit; everything else is gone now
            Files.createDirectories(root.resolve(pid + "/gone"));
        }
    }

    @Test
    void exitedLowestPidIsSkippedAndANamespaceLeftWithoutProcessesIsDropped() throws IOException {
        process(100, false, "net:[" + NET + "]", "uts:[" + UTS + "]");
        process(200, true, "net:[" + NET + "]");
        NamespaceScanner scanner = new NamespaceScanner(new ProcFs(root), Passwd.parse("root:x:0:0::/:/bin/sh\n"),
                () -> NamespaceInspector.NONE);

        NamespaceSnapshot snap = scanner.scan(NamespaceScanner.Options.of(
                EnumSet.of(NamespaceType.NET, NamespaceType.UTS), NamespaceScanner.Find.PERSISTENT));

        Namespace net = snap.byInode(NET).orElseThrow();
        assertEquals(List.of(200), net.pids(), "the exited pid 100 is not a member any more");
        assertTrue(snap.process(200).isPresent(), "the next pid represents the namespace");
        assertEquals("sleep 600", snap.process(200).get().command());
        assertEquals(Optional.empty(), snap.byInode(UTS), "its only process exited: no row, not a 0-process one");
    }
}

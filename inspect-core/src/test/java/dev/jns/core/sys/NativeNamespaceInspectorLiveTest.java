package dev.jns.core.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jns.core.NamespaceId;
import dev.jns.core.NamespaceType;
import dev.jns.core.ns.NamespaceFacts;
import dev.jns.core.ns.NamespaceFile;
import dev.jns.core.proc.ProcFs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native inspector on this host; needs root (mount) and skips itself otherwise. */
@Tag("live")
class NativeNamespaceInspectorLiveTest {

    @TempDir
    Path tmp;

    /**
     * An fd opened through an nsfs bind mount (as /run/netns/NAME) has the mount path as its
     * /proc/self/fd link text, not "uts:[INODE]"; the inspector must still recognise it.
     */
    @Test
    void describesANamespaceOpenedThroughABindMount() throws Exception {
        long pid = ProcessHandle.current().pid();
        ProcFs proc = new ProcFs(Path.of("/proc"));
        NamespaceId uts = proc.namespace((int) pid, NamespaceType.UTS).orElseThrow();
        NamespaceId user = proc.namespace((int) pid, NamespaceType.USER).orElseThrow();
        Path target = Files.createFile(tmp.resolve("uts"));
        assumeTrue(run("mount", "--bind", "/proc/" + pid + "/ns/uts", target.toString()),
                "needs root and mount(8) to bind-mount a namespace");
        try {
            NativeNamespaceInspector in = NativeNamespaceInspector.load();
            NamespaceFile mount = new NamespaceFile.Mount(Path.of("/"), target.toString());

            List<NamespaceFacts> facts = in.describe(uts, mount, false);

            assertEquals(1, facts.size(), "facts through the bind mount");
            assertEquals(uts, facts.get(0).id());
            assertEquals(user.inode(), facts.get(0).owner());
            assertTrue(in.describe(new NamespaceId(NamespaceType.UTS, uts.inode() + 1), mount, false).isEmpty(),
                    "another inode is not this namespace");
            assertTrue(in.describe(new NamespaceId(NamespaceType.IPC, uts.inode()), mount, false).isEmpty(),
                    "another type is not this namespace");
        } finally {
            run("umount", target.toString());
        }
    }

    private static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}

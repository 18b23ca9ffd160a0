package dev.jns.core.ns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jns.core.NamespaceId;
import dev.jns.core.NamespaceType;
import dev.jns.core.ns.NamespaceScanner.Find;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.sys.NativeNamespaceInspector;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Live, as root: namespaces kept alive without a process, which lsns 2.38 cannot show and the
 * lsns parity test therefore cannot cover.
 */
@Tag("live")
class PersistentNamespacesLiveTest {

    private static boolean root() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private static NamespaceSnapshot scan() {
        return NamespaceScanner.of(new ProcFs(Path.of("/proc")), NativeNamespaceInspector::load)
                .scan(NamespaceScanner.Options.of(EnumSet.of(NamespaceType.NET, NamespaceType.USER), Find.PERSISTENT, Find.RELATIONS,
                        Find.NETNSID));
    }

    /** Starts {@code unshare -n sleep 600} and waits until it is in its own network namespace. */
    private static Process netnsHolder() throws Exception {
        Process p = new ProcessBuilder("unshare", "-n", "sleep", "600").start();
        String host = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        Path link = Path.of("/proc/" + p.pid() + "/ns/net");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                if (!Files.readSymbolicLink(link).toString().equals(host)) {
                    return p;
                }
            } catch (IOException e) {
                // not there yet
            }
            Thread.onSpinWait();
        }
        p.destroyForcibly().waitFor();
        throw new AssertionError("unshare -n did not enter a new network namespace");
    }

    @Test
    void namespaceHeldOnlyByAnOpenFdIsListedWithNoProcess() throws Exception {
        assumeTrue(root(), "needs root to create a network namespace");
        Process p = netnsHolder();
        try (FileChannel fd = FileChannel.open(Path.of("/proc/" + p.pid() + "/ns/net"))) {
            NamespaceId id = NamespaceId.parse(Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/ns/net")).toString()).orElseThrow();
            p.destroyForcibly().waitFor();
            Namespace ns = scan().namespaces().stream().filter(n -> n.id().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError(id + " held by our fd not found"));
            assertEquals(0, ns.nprocs());
            assertTrue(ns.persistent());
            long self = ProcessHandle.current().pid();
            assertTrue(ns.heldBy().stream().anyMatch(h -> h.pid() == self), "held by this JVM: " + ns.heldBy());
            assertTrue(ns.owner().isPresent() && ns.owner().getAsLong() != 0, "owner from NS_GET_USERNS: " + ns);
            assertEquals(Optional.of(0), ns.ownerUid().isPresent() ? Optional.of(ns.ownerUid().getAsInt()) : Optional.empty());
            assertTrue(ns.netnsid().isPresent(), "netnsid via netlink");
        } finally {
            p.destroyForcibly().waitFor();
        }
        // the fd is closed: the namespace is gone
        assertFalse(scan().namespaces().stream().anyMatch(n -> n.persistent() && n.heldBy().stream()
                .anyMatch(h -> h.pid() == ProcessHandle.current().pid())));
    }

    @Test
    void ipNetnsBindMountIsListedWithItsPathAndNetnsid() throws Exception {
        assumeTrue(root(), "needs root for ip netns add");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")), "needs iproute2");
        String name = "jns-core-test-" + ProcessHandle.current().pid();
        assertEquals(0, new ProcessBuilder("ip", "netns", "add", name).inheritIO().start().waitFor());
        try {
            assertEquals(0, new ProcessBuilder("ip", "netns", "set", name, "42").inheritIO().start().waitFor());
            Namespace ns = scan().namespaces().stream().filter(n -> n.nsfsMounts().contains("/run/netns/" + name))
                    .findFirst().orElseThrow(() -> new AssertionError("/run/netns/" + name + " not found"));
            assertEquals(0, ns.nprocs());
            assertEquals(Optional.of("42"), ns.netnsid());
            assertEquals(NamespaceType.NET, ns.type());
        } finally {
            new ProcessBuilder("ip", "netns", "del", name).inheritIO().start().waitFor();
        }
        assertFalse(Files.exists(Path.of("/run/netns/" + name)));
        List<Namespace> after = scan().namespaces();
        assertFalse(after.stream().anyMatch(n -> n.nsfsMounts().contains("/run/netns/" + name)));
    }
}

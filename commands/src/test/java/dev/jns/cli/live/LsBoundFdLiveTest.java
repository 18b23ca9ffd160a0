package dev.jns.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A network namespace held only by an fd that was opened through its {@code ip netns} bind mount,
 * after {@code ip netns delete}: the fd's link then reads {@code /}, not {@code net:[N]}, and only a
 * stat through the link (nsfs device, inode) and {@code NS_GET_NSTYPE} tell what it is.
 */
@Tag("live")
class LsBoundFdLiveTest {
    private final String name = "jns-boundfd-" + ProcessHandle.current().pid();
    private Process holder;

    @AfterEach
    void cleanUp() {
        List<String> problems = new ArrayList<>();
        if (holder != null) {
            problems.addAll(Live.killTree(holder).stream().map(p -> "process " + p + " survived").toList());
        }
        if (Files.exists(Path.of("/run/netns", name))) {
            Live.Result r = Live.run("ip", "netns", "delete", name);
            if (r.rc() != 0) {
                problems.add("ip netns delete " + name + ": " + r);
            }
        }
        assertEquals(List.of(), problems, "left behind");
    }

    @Test
    void aNamespaceHeldByAnFdWhoseLinkIsAPathIsListed() throws IOException {
        assumeTrue(Live.isRoot(), "needs root for ip netns add; euid is " + Live.euid());
        assumeTrue(Live.tool("ip").isPresent(), "needs ip (iproute2)");
        Live.Result add = Live.run("ip", "netns", "add", name);
        if (add.rc() != 0) {
            Assumptions.abort("ip netns add failed (no network namespaces, or /run not writable): " + add);
        }
        Path file = Path.of("/run/netns", name);
        long ns = (Long) Files.getAttribute(file, "unix:ino");
        // the path is the script's $1: an argv element, not text spliced into the script
        holder = new ProcessBuilder("sh", "-c", "exec sleep 600 4<\"$1\"", "sh", file.toString()).start();
        Path fd4 = Path.of("/proc/" + holder.pid() + "/fd/4");
        Live.await("the holder's fd 4", () -> readLink(fd4).equals(file.toString()), () -> { }, () -> readLink(fd4));
        assertEquals(0, Live.run("ip", "netns", "delete", name).rc());
        Live.await("the fd link to read /", () -> readLink(fd4).equals("/"), () -> { }, () -> readLink(fd4));

        Live.Result r = Live.jns("ls", "-P", "-J", "-t", "net");
        assertEquals(0, r.rc(), r.toString());
        Map<Long, Live.Row> rows = Live.rows(Live.parseJson(r, "jns ls -P -J"));
        Live.Row row = rows.get(ns);
        assertNotNull(row, () -> "the namespace held by fd 4 of " + holder.pid() + " is missing: " + r.out());
        JsonNode n = row.node();
        assertEquals("net", n.get("type").asText());
        assertEquals(0, n.get("nprocs").asInt(), "no process is in it, one holds it");
        assertFalse(Live.rows(Live.parseJson(Live.jns("ls", "-P", "-J", "-t", "uts"), "jns ls -t uts")).containsKey(ns),
                "its type came from the file, so -t uts leaves it out");
    }

    private static String readLink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}

package dev.jns.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ListNamespacesTest {

    private static String run(String type) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = ListNamespaces.run(type, Path.of("/proc"), new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(0, rc);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listsTheNetworkNamespaceThisTestRunsIn() throws Exception {
        String own = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        String out = run("net");
        assertTrue(out.lines().anyMatch(l -> l.startsWith(own + " processes=")), own + " not in:\n" + out);
    }

    @Test
    void onlyTheRequestedType() {
        assertTrue(run("uts").lines().allMatch(l -> l.startsWith("uts:[")));
    }

    @Test
    void unknownTypeIsRefused() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(2, ListNamespaces.run("nope", Path.of("/proc"), new PrintStream(buf, true, StandardCharsets.UTF_8)));
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("valid: user"));
    }
}

package dev.jns.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jns.core.cgroup.CgroupFs;
import dev.jns.core.cgroup.Hierarchy;
import dev.jns.core.proc.ProcCgroup;
import dev.jns.core.proc.ProcFs;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What an unprivileged user can name things on a host, for the escape tests of issue 11 (items 3
 * and 4): a process whose argv holds an OSC title sequence, BEL, TAB, a backslash before x, DEL,
 * é, 中, an invalid byte 0xFF, the 8-bit CSI U+009B, RLO and a combining accent; and a cgroup
 * named with ESC, BEL, 0xFF and é, beneath this JVM's own cgroup in the unified hierarchy and in a
 * v1 one. The names are made by printf(1) from constant spellings (passed as arguments, never
 * spliced into a script), so the bytes are exact. {@link #close} kills the process and removes the
 * cgroups; a shutdown hook does it too when the JVM ends early. Needs root (unshare -u, mkdir in
 * cgroupfs).
 */
final class HostileNames implements AutoCloseable {
    /** argv[0] of the process, as printf(1) spells its bytes. */
    static final String ARGV0_PRINTF = "X\\033]0;pwned\\007\\tT\\\\x\\\\y\\177D\\303\\251\\344\\270\\255\\377\\302\\233"
            + "\\342\\200\\256!\\314\\201";
    /** The same argv[0] as jns's core decodes it (0xFF as the escaped byte U+DCFF). */
    static final String ARGV0 = "X\u001b]0;pwned\u0007\tT\\x\\y\u007fD\u00e9\u4e2d\udcff\u009b\u202e!\u0301";
    /** The process's command line, as ls shows it. */
    static final String COMMAND = ARGV0 + " 600";
    /** The hostile cgroup's name, as printf(1) spells its bytes, and as jns decodes it. */
    static final String CGROUP_PRINTF = "ev\\033]0;pwned\\007\\377\\303\\251";
    static final String CGROUP_NAME = "ev\u001b]0;pwned\u0007\udcff\u00e9";

    /** argv[0] escaped as lsns prints it under a UTF-8 locale, and under LC_ALL=C. */
    static final String ARGV0_UTF8 = "X\\x1b]0;pwned\\x07\\x09T\\x5cx\\y\\x7fD\u00e9\u4e2d\\xff\\xc2\\x9b\u202e!\u0301";
    static final String ARGV0_C = "X\\x1b]0;pwned\\x07\\x09T\\x5cx\\y\\x7fD\\xc3\\xa9\\xe4\\xb8\\xad\\xff\\xc2\\x9b\\xe2\\x80\\xae!\\xcc\\x81";
    static final String CGROUP_UTF8 = "ev\\x1b]0;pwned\\x07\\xff\u00e9";
    static final String CGROUP_C = "ev\\x1b]0;pwned\\x07\\xff\\xc3\\xa9";

    private final Process process;
    /** The test cgroup (a plain name, beneath this JVM's cgroup) in each hierarchy used, and its directory. */
    private final Map<Hierarchy, Path> parents = new LinkedHashMap<>();
    private String parentPath;
    private final Thread hook = new Thread(this::cleanUp, "jns-escape-cleanup");
    private boolean closed;

    private HostileNames(Process process) {
        this.process = process;
    }

    /**
     * Starts the process in a UTS namespace of its own (so that it is the namespace's lowest pid
     * and lsns and jns show its command), and, when {@code cgroups}, makes the cgroups and moves it
     * into the hostile one.
     */
    static HostileNames start(boolean cgroups) throws Exception {
        Process p = new ProcessBuilder("unshare", "-u", "bash", "-c", "exec -a \"$(printf \"$1\")\" sleep 600", "bash",
                ARGV0_PRINTF).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).start();
        HostileNames h = new HostileNames(p);
        Runtime.getRuntime().addShutdownHook(h.hook);
        try {
            h.awaitArgv();
            if (cgroups) {
                h.makeCgroups();
            }
            return h;
        } catch (Throwable t) {
            h.close();
            throw t;
        }
    }

    long pid() {
        return process.pid();
    }

    /** The inode of the process's UTS namespace. */
    long utsInode() throws IOException {
        String t = Files.readSymbolicLink(Path.of("/proc/" + pid() + "/ns/uts")).toString();
        return Long.parseLong(t.substring(t.indexOf('[') + 1, t.length() - 1));
    }

    /** The test cgroup's path (the same in every hierarchy used), or null when none was made. */
    String parentPath() {
        return parentPath;
    }

    /** The hostile cgroup's path as jns decodes it. */
    String cgroupPath() {
        return parentPath + "/" + CGROUP_NAME;
    }

    /** The hierarchies the cgroups were made in. */
    List<Hierarchy> hierarchies() {
        return new ArrayList<>(parents.keySet());
    }

    private void awaitArgv() throws Exception {
        byte[] want = (new String(printf(ARGV0_PRINTF), StandardCharsets.ISO_8859_1) + "\u0000" + "600" + "\u0000").getBytes(StandardCharsets.ISO_8859_1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String self = Files.readSymbolicLink(Path.of("/proc/self/ns/uts")).toString();
        while (true) {
            try {
                byte[] got = Files.readAllBytes(Path.of("/proc/" + pid() + "/cmdline"));
                String uts = Files.readSymbolicLink(Path.of("/proc/" + pid() + "/ns/uts")).toString();
                if (java.util.Arrays.equals(want, got) && !uts.equals(self)) {
                    return;
                }
            } catch (IOException e) {
                // not there yet, or gone: see below
            }
            if (!process.isAlive()) {
                fail("the hostile process ended: " + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            if (System.nanoTime() > deadline) {
                fail("the hostile process never showed its argv: want " + java.util.Arrays.toString(want) + ", /proc/"
                        + pid() + "/cmdline " + java.util.Arrays.toString(Files.readAllBytes(Path.of("/proc/" + pid() + "/cmdline"))));
            }
            Thread.sleep(10);
        }
    }

    /** The bytes printf(1) makes of {@code spelling}. */
    static byte[] printf(String spelling) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "printf \"$1\"", "sh", spelling).start();
        byte[] b = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "printf " + spelling);
        return b;
    }

    /** sh -c SCRIPT with arguments; the script is constant, the data are its arguments. */
    private static int sh(String script, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private void makeCgroups() throws Exception {
        ProcFs proc = new ProcFs(Path.of("/proc"));
        CgroupFs fs = CgroupFs.detect(proc, Path.of("/"));
        List<ProcCgroup> self = proc.cgroups(proc.selfPid().orElseThrow());
        Optional<Hierarchy> unified = fs.layout().unified();
        String own = unified.isPresent() ? ownPath(unified.get(), self) : null;
        // the unified hierarchy, and a v1 one where this JVM's cgroup has the same path (pids first)
        List<Hierarchy> use = new ArrayList<>();
        unified.ifPresent(use::add);
        List<Hierarchy> v1 = new ArrayList<>();
        for (Hierarchy h : fs.layout().hierarchies()) {
            if (!h.unified() && !h.controllers().isEmpty() && ownPath(h, self) != null
                    && (own == null || own.equals(ownPath(h, self)))) {
                v1.add(h.controllers().contains("pids") ? 0 : v1.size(), h);
            }
        }
        if (!v1.isEmpty()) {
            use.add(v1.get(0));
            own = own == null ? ownPath(v1.get(0), self) : own;
        }
        if (use.isEmpty()) {
            return;
        }
        String name = "jns-test-" + ProcessHandle.current().pid() + "-escape-" + Long.toHexString(System.nanoTime());
        parentPath = own.equals("/") ? "/" + name : own + "/" + name;
        for (Hierarchy h : use) {
            Path dir = h.dirOf(parentPath);
            Files.createDirectory(dir);
            parents.put(h, dir);
            assertTrue(sh("mkdir -- \"$1/$(printf \"$2\")\"", dir.toString(), CGROUP_PRINTF) == 0, "mkdir the hostile cgroup in " + dir);
            assertTrue(sh("echo \"$3\" > \"$1/$(printf \"$2\")/cgroup.procs\"", dir.toString(), CGROUP_PRINTF,
                    Long.toString(pid())) == 0, "move the process into the hostile cgroup in " + dir);
        }
    }

    private static String ownPath(Hierarchy h, List<ProcCgroup> self) {
        for (ProcCgroup c : self) {
            boolean match = h.unified() ? c.unified() : !c.unified() && (h.name().isEmpty()
                    ? new HashSet<>(c.controllers()).equals(h.controllers()) : c.controllers().contains("name=" + h.name()));
            if (match) {
                return c.path();
            }
        }
        return null;
    }

    /** Kills the process and removes the cgroups; returns what could not be cleaned up. */
    synchronized List<String> cleanUp() {
        List<String> left = new ArrayList<>();
        if (closed) {
            return left;
        }
        closed = true;
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                left.add("process " + pid() + " survived SIGKILL");
            }
            for (Map.Entry<Hierarchy, Path> e : parents.entrySet()) {
                Path dir = e.getValue();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                // a cgroup is busy for a moment after its last process exits
                while (sh("d=\"$1/$(printf \"$2\")\"; [ ! -e \"$d\" ] || rmdir -- \"$d\"", dir.toString(), CGROUP_PRINTF) != 0
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                while (Files.exists(dir) && System.nanoTime() < deadline) {
                    try {
                        Files.delete(dir);
                    } catch (IOException busy) {
                        Thread.sleep(20);
                    }
                }
                if (Files.exists(dir)) {
                    left.add("cgroup " + dir + " (or its hostile child) is still there");
                }
            }
        } catch (Exception e) {
            left.add("clean-up failed: " + e);
        }
        return left;
    }

    @Override
    public void close() {
        List<String> left = cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs
        }
        if (!left.isEmpty()) {
            fail("left behind: " + left);
        }
    }
}

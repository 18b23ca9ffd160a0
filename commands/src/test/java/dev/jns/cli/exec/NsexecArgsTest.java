package dev.jns.cli.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jns.core.NamespaceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The native helper's protocol without root: each {@link NsexecArgs} method gives exactly these
 * words, and the flags they give are exactly the flags jns-nsexec.c parses (so a flag added,
 * renamed or dropped on either side fails here).
 */
class NsexecArgsTest {
    private static final Path HELPER = Path.of("/opt/jns/jns-nsexec");

    /** Each method, called once, and the words it adds between {@code --prog NAME} and {@code -- COMMAND}. */
    private static final Map<UnaryOperator<NsexecArgs>, List<String>> CASES = new LinkedHashMap<>();

    static {
        CASES.put(a -> a.join(NamespaceType.NET, "/proc/42/ns/net"), List.of("--ns", "net=/proc/42/ns/net"));
        CASES.put(a -> a.join(NamespaceType.MNT, "rel/file"), List.of("--ns", "mnt=rel/file"));
        CASES.put(a -> a.keepCredentials(), List.of("--keep-credentials"));
        CASES.put(a -> a.wdns("/srv"), List.of("--wdns", "/srv"));
        CASES.put(a -> a.environ(Path.of("/proc/42/environ")), List.of("--environ", "/proc/42/environ"));
        CASES.put(a -> a.environAsIs(Path.of("/proc/42/environ")), List.of("--environ", "/proc/42/environ", "--env-unsafe"));
        CASES.put(a -> a.verbose(), List.of("--verbose"));
        CASES.put(a -> a.cgroupProcs(Path.of("/sys/fs/cgroup/a/cgroup.procs")),
                List.of("--cgroup-procs", "/sys/fs/cgroup/a/cgroup.procs"));
        CASES.put(a -> a.create(NamespaceType.USER), List.of("--new", "user"));
        CASES.put(a -> a.create(NamespaceType.TIME), List.of("--new", "time"));
        CASES.put(a -> a.persist(NamespaceType.UTS, "/run/uts"), List.of("--persist", "uts=/run/uts"));
        CASES.put(a -> a.mapUser(1000), List.of("--map-user", "1000"));
        CASES.put(a -> a.mapGroup(0), List.of("--map-group", "0"));
        CASES.put(a -> a.uidRange(0, 100000, 65536), List.of("--uid-range", "0 100000 65536"));
        CASES.put(a -> a.gidRange(1, 2, 3), List.of("--gid-range", "1 2 3"));
        CASES.put(a -> a.setgroups(NsexecArgs.Setgroups.ALLOW), List.of("--setgroups", "allow"));
        CASES.put(a -> a.setgroups(NsexecArgs.Setgroups.DENY), List.of("--setgroups", "deny"));
        CASES.put(a -> a.propagation(NsexecArgs.Propagation.PRIVATE), List.of("--propagation", "private"));
        CASES.put(a -> a.propagation(NsexecArgs.Propagation.SHARED), List.of("--propagation", "shared"));
        CASES.put(a -> a.propagation(NsexecArgs.Propagation.SLAVE), List.of("--propagation", "slave"));
        CASES.put(a -> a.propagation(NsexecArgs.Propagation.UNCHANGED), List.of("--propagation", "unchanged"));
        CASES.put(a -> a.hostname("lab"), List.of("--hostname", "lab"));
        CASES.put(a -> a.mountProc("/proc"), List.of("--mount-proc", "/proc"));
        CASES.put(a -> a.killChild(9), List.of("--kill-child", "9"));
        CASES.put(a -> a.monotonic(-5), List.of("--monotonic", "-5"));
        CASES.put(a -> a.boottime(86400), List.of("--boottime", "86400"));
        CASES.put(a -> a.cgroup(Path.of("/sys/fs/cgroup/jns-experiment-1")), List.of("--cgroup", "/sys/fs/cgroup/jns-experiment-1"));
        CASES.put(a -> a.onEvent(Path.of("/sys/fs/cgroup/x/memory.events"), "oom_kill", "killed: out of memory"),
                List.of("--on-event", "/sys/fs/cgroup/x/memory.events", "oom_kill", "killed: out of memory"));
        CASES.put(a -> a.fork(), List.of("--fork"));
        CASES.put(a -> a.root("/proc/42/root"), List.of("--root", "/proc/42/root"));
        CASES.put(a -> a.wd("some dir/"), List.of("--wd", "some dir/"));
        CASES.put(a -> a.uid(0), List.of("--uid", "0"));
        CASES.put(a -> a.gid(4294967294L), List.of("--gid", "4294967294"));
    }

    @Test
    void eachMethodGivesItsWords() {
        for (Map.Entry<UnaryOperator<NsexecArgs>, List<String>> c : CASES.entrySet()) {
            List<String> expected = new ArrayList<>(List.of(HELPER.toString(), "--prog", "jns test"));
            expected.addAll(c.getValue());
            expected.addAll(List.of("--", "true"));
            assertEquals(expected, c.getKey().apply(new NsexecArgs(HELPER, "jns test")).command(List.of("true")).argv());
        }
    }

    @Test
    void wordsComeInTheOrderOfTheCalls() {
        List<String> argv = new NsexecArgs(HELPER, "jns enter").join(NamespaceType.PID, "/proc/7/ns/pid").fork()
                .uid(5).gid(6).command(List.of("ls", "-l", "--", "-x")).argv();
        assertEquals(List.of("/opt/jns/jns-nsexec", "--prog", "jns enter", "--ns", "pid=/proc/7/ns/pid", "--fork",
                "--uid", "5", "--gid", "6", "--", "ls", "-l", "--", "-x"), argv);
    }

    @Test
    void theCommandEndsTheList() {
        NsexecArgs a = new NsexecArgs(HELPER, "jns test").fork();
        assertThrows(IllegalStateException.class, a::argv, "no command yet");
        assertThrows(IllegalArgumentException.class, () -> a.command(List.of()));
        a.command(List.of("true"));
        assertThrows(IllegalStateException.class, a::fork, "a flag after the command would be the command's argument");
        assertThrows(IllegalStateException.class, () -> a.command(List.of("again")));
        assertEquals(List.of("/opt/jns/jns-nsexec", "--prog", "jns test", "--fork", "--", "true"), a.argv());
    }

    /** Every flag the helper parses has its method here, and no method gives a flag it does not parse. */
    @Test
    void theFlagsAreTheHelpers() throws IOException {
        String c = Files.readString(Path.of("src/main/c/jns-nsexec.c"));
        TreeSet<String> parsed = new TreeSet<>();
        Matcher m = Pattern.compile("!strcmp\\(a, \"(--[a-z-]+)\"\\)").matcher(c);
        while (m.find()) {
            parsed.add(m.group(1));
        }
        TreeSet<String> given = new TreeSet<>(List.of("--prog"));
        for (List<String> words : CASES.values()) {
            for (String w : words) {
                if (w.startsWith("--")) {
                    given.add(w);
                }
            }
        }
        assertEquals(parsed, given);
    }
}

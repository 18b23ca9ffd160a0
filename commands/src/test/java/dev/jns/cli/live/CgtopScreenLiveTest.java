package dev.jns.cli.live;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jns cgtop} on a real terminal (tmux): the full-screen view opens, shows the header and
 * rows, re-sorts on a key, filters, redraws on resize, switches views with Tab and digits, and
 * {@code q} exits 0 with the terminal's echo restored.
 */
class CgtopScreenLiveTest {
    private final String session = "jns-cgtop-test-" + ProcessHandle.current().pid();

    @AfterEach
    void cleanUp() throws Exception {
        run("tmux", "kill-session", "-t", session);
    }

    private static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private String screen() throws Exception {
        return run("tmux", "capture-pane", "-p", "-t", session);
    }

    private void await(String what, java.util.function.Predicate<String> ok) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (ok.test(screen())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(what + " never showed:\n" + screen());
    }

    private void keys(String... keys) throws Exception {
        List<String> argv = new ArrayList<>(List.of("tmux", "send-keys", "-t", session));
        argv.addAll(List.of(keys));
        run(argv.toArray(new String[0]));
    }

    @Test
    void fullScreenViewSortsFiltersResizesAndQuitsCleanly() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "needs tmux for a real terminal");
        assumeTrue(Files.isDirectory(Path.of("/sys/fs/cgroup")), "needs cgroups");
        String java = ProcessHandle.current().info().command().orElse("java");
        String jns = String.join(" ", quote(java), "-cp", quote(System.getProperty("java.class.path")),
                "dev.jns.cli.Main", "cgtop", "-d", "300ms");
        run("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "30",
                jns + "; echo EXITED=$?; stty -a; sleep 60");

        await("the header and the root row", s -> s.contains("every 300 ms") && s.lines().anyMatch(l -> l.startsWith("/ ")));
        assertTrue(screen().lines().anyMatch(l -> l.startsWith("Control Group")), screen());
        assertTrue(screen().contains("tree by %CPU"), screen());

        keys("m");
        await("sort by memory", s -> s.contains("tree by Memory"));

        keys("/");
        await("the filter prompt", s -> s.contains("filter: _"));
        keys("z", "z", "q", "n", "o", "p", "e");
        await("the typed filter", s -> s.contains("filter: zzqnope_"));
        await("no row matching", s -> s.lines().noneMatch(l -> l.startsWith("/ ")));
        keys("Escape");
        await("the rows back", s -> s.lines().anyMatch(l -> l.startsWith("/ ")));

        run("tmux", "resize-window", "-t", session, "-x", "80", "-y", "24");
        await("a redraw at 80 columns", s -> s.lines().filter(l -> l.startsWith("Control Group"))
                .anyMatch(l -> l.stripTrailing().length() <= 80 && l.stripTrailing().endsWith("PSI")));

        keys("Tab");
        await("the process view", s -> s.lines().anyMatch(l -> l.startsWith(" PID(n) USER")));
        // a sort key reorders the rows: by PID, largest first; r reverses
        keys("n");
        await("rows by PID, largest first", s -> s.contains("list by PID |") && sortedPids(s, true));
        keys("r");
        await("rows by PID, smallest first", s -> s.contains("list by PID, reversed") && sortedPids(s, false));
        keys("3");
        await("the namespace view", s -> s.lines().anyMatch(l -> l.strip().startsWith("NS") && l.contains("NPROCS")));
        keys("1");
        await("the cgroups again", s -> s.lines().anyMatch(l -> l.startsWith("Control Group")));

        keys("q");
        // stty -a's last setting line (echoke) ends its output: the settings are all on the screen
        await("jns's exit", s -> s.contains("EXITED=0") && s.contains("echoke"));
        String after = screen();
        assertTrue(after.contains(" echo ") || after.contains(" echo\n"), "echo restored:\n" + after);
        assertFalse(after.contains("-echo "), "echo restored:\n" + after);
    }

    /** The PIDs of the process rows on the screen are in order (and there are a few). */
    private static boolean sortedPids(String screen, boolean descending) {
        List<Long> pids = new ArrayList<>();
        for (String l : screen.lines().toList()) {
            String[] f = l.trim().split("\\s+");
            if (f.length > 6 && f[0].matches("\\d+") && l.startsWith(" ") && !l.contains(" Cgroups ")) { // not the tab line
                pids.add(Long.parseLong(f[0]));
            }
        }
        List<Long> sorted = new ArrayList<>(pids);
        sorted.sort(descending ? java.util.Comparator.reverseOrder() : java.util.Comparator.naturalOrder());
        return pids.size() >= 3 && pids.equals(sorted);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}

package dev.jns.cli.live;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jns cgtop} on a real terminal (tmux): the full-screen view opens, shows the header and
 * rows, re-sorts on a key, filters, redraws on resize, switches views with Tab and digits, and
 * {@code q} exits 0 with the terminal's echo restored.
 */
@Tag("live")
class CgtopScreenLiveTest {
    private Tmux tmux;

    @AfterEach
    void cleanUp() throws Exception {
        if (tmux != null) {
            tmux.close();
        }
    }

    @Test
    void fullScreenViewSortsFiltersResizesAndQuitsCleanly() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "needs tmux for a real terminal");
        assumeTrue(Files.isDirectory(Path.of("/sys/fs/cgroup")), "needs cgroups");
        tmux = new Tmux("jns-cgtop-test", 120, 30, Tmux.jns("cgtop", "-d", "300ms") + "; echo EXITED=$?; stty -a; sleep 60");

        tmux.await("the header and the root row", s -> s.contains("every 300 ms") && s.lines().anyMatch(l -> l.startsWith("/ ")));
        assertTrue(tmux.screen().lines().anyMatch(l -> l.startsWith("Control Group")), tmux.screen());
        assertTrue(tmux.screen().contains("tree by %CPU"), tmux.screen());

        tmux.keys("m");
        tmux.await("sort by memory", s -> s.contains("tree by Memory"));

        tmux.keys("/");
        tmux.await("the filter prompt", s -> s.contains("filter: _"));
        tmux.keys("z", "z", "q", "n", "o", "p", "e");
        tmux.await("the typed filter", s -> s.contains("filter: zzqnope_"));
        tmux.await("no row matching", s -> s.lines().noneMatch(l -> l.startsWith("/ ")));
        tmux.keys("Escape");
        tmux.await("the rows back", s -> s.lines().anyMatch(l -> l.startsWith("/ ")));

        tmux.resize(80, 24);
        tmux.await("a redraw at 80 columns", s -> s.lines().filter(l -> l.startsWith("Control Group"))
                .anyMatch(l -> l.stripTrailing().length() <= 80 && l.stripTrailing().endsWith("PSI")));

        tmux.keys("Tab");
        tmux.await("the process view", s -> s.lines().anyMatch(l -> l.startsWith(" PID(n) USER")));
        // a sort key reorders the rows: by PID, largest first; r reverses
        tmux.keys("n");
        tmux.await("rows by PID, largest first", s -> s.contains("list by PID |") && sortedPids(s, true));
        tmux.keys("r");
        tmux.await("rows by PID, smallest first", s -> s.contains("list by PID, reversed") && sortedPids(s, false));
        tmux.keys("3");
        tmux.await("the namespace view", s -> s.lines().anyMatch(l -> l.strip().startsWith("NS") && l.contains("NPROCS")));
        tmux.keys("1");
        tmux.await("the cgroups again", s -> s.lines().anyMatch(l -> l.startsWith("Control Group")));

        tmux.keys("q");
        tmux.assertRestored("EXITED=0", "Control Group");
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
        sorted.sort(descending ? Comparator.reverseOrder() : Comparator.naturalOrder());
        return pids.size() >= 3 && pids.equals(sorted);
    }
}

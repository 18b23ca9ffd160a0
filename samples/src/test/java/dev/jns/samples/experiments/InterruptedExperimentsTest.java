package dev.jns.samples.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An experiment stopped half-way (SIGTERM while its namespaces, cgroups, mounts and queues exist)
 * still removes everything: its trap kills the commands, lets jns remove its cgroup, and undoes
 * the rest.
 */
@Tag("live")
class InterruptedExperimentsTest {
    @BeforeAll
    static void root() {
        Experiment.assumeRunnable();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "03-mount-namespace, '# Observe'",      // a tmpfs in a mount namespace, a directory in /tmp
        "05-ipc-namespace, '# Observe'",        // a message queue on the host
        "11-pids-limit-fork-bomb, '# Observe'", // twenty processes in a pids cgroup
        "12-cpu-quota-throttling, '# Observe'", // a busy loop in a cpu cgroup
    })
    void stoppedHalfWayLeavesNothing(String dir, String line) {
        if (dir.startsWith("05")) {
            Experiment.assumeCommand("ipcmk");
        }
        if (dir.startsWith("11")) {
            Experiment.assumeCommand("python3");
        }
        assertEquals(130, Experiment.interrupt(dir, line), "the trap's exit status for SIGTERM");
    }

    /** {@code run.sh | head}: the pipe closes under the script; it still cleans up. */
    @Test
    void aClosedPipeLeavesNothing() {
        int rc = Experiment.interrupt("03-mount-namespace", "# Observe", true);
        assertEquals(141, rc, "the trap's exit status for SIGPIPE");
    }
}

package dev.jns.samples.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Experiment 01: the host's kernel inside, start-up in milliseconds, memory in megabytes. */
@Tag("live")
class ContainerVsVmExperimentTest {
    @BeforeAll
    static void root() {
        Experiment.assumeRunnable();
        Experiment.assumeCommand("unshare");
    }

    @Test
    void sameKernelMillisecondsAndMegabytes() {
        Experiment.Result r = Experiment.run("01-container-vs-vm");
        String kernel = System.getProperty("os.version");
        assertEquals(kernel, Experiment.lineAfter(r, "./jns unshare -p -f -m -u -i -n --mount-proc -- uname -r"),
                "uname -r inside is the host's kernel (as this JVM sees it)\n" + r);
        assertEquals("yes", r.get("kernel_same"), r.toString());
        // The point is the order of magnitude, not a speed target (those are in bench/): a VM boots
        // in seconds to minutes, so anything under 5 s on a loaded CI VM still shows it.
        assertTrue(r.number("start_ms_unshare") < 5000, r.toString());
        assertTrue(r.number("start_ms_jns") < 5000, r.toString());
        double mb = r.decimal("container_memory_mb");
        assertTrue(mb > 0 && mb < 100, "megabytes, not gigabytes: " + mb + "\n" + r);
    }
}

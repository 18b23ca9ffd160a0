package dev.jns.tui.live;

import dev.jns.core.Units;
import java.util.function.Supplier;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OperatingSystem;

/**
 * The host summary of the live views from OSHI, on the live host: hostname, kernel, uptime,
 * CPUs, load, memory, cgroup mode. OSHI reads the real /proc, so with {@code --proc-root} (a
 * fixture, another host's /proc) {@link HostLine} reads the given root instead; it is also the
 * fallback when OSHI cannot load (JNA needs its native library).
 */
final class OshiHostLine implements Supplier<String> {
    private final String cgroupMode;
    private final CentralProcessor cpu;
    private final GlobalMemory memory;
    private final OperatingSystem os;
    private final String host;
    private final String kernel;

    private OshiHostLine(String cgroupMode) {
        SystemInfo si = new SystemInfo();
        this.cgroupMode = cgroupMode;
        this.cpu = si.getHardware().getProcessor();
        this.memory = si.getHardware().getMemory();
        this.os = si.getOperatingSystem();
        this.host = os.getNetworkParams().getHostName();
        this.kernel = os.getVersionInfo().getBuildNumber();
    }

    /** OSHI's summary, or null when OSHI cannot be loaded here. */
    static Supplier<String> load(String cgroupMode) {
        try {
            return new OshiHostLine(cgroupMode);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    @Override
    public String get() {
        double[] load = cpu.getSystemLoadAverage(3);
        long total = memory.getTotal();
        return host + " | " + kernel + " | up " + HostLine.formatUptime(os.getSystemUptime()) + " | "
                + cpu.getLogicalProcessorCount() + " CPUs | load " + Units.decimals(load[0], 2) + " "
                + Units.decimals(load[1], 2) + " " + Units.decimals(load[2], 2)
                + " | mem " + Units.bytes(total - memory.getAvailable()) + "/" + Units.bytes(total) + " | " + cgroupMode;
    }
}

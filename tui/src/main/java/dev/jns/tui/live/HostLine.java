package dev.jns.tui.live;

import dev.jns.core.Units;
import dev.jns.core.proc.ProcFs;
import java.io.IOException;

/** The host summary of the full-screen views: hostname, kernel, uptime, CPUs, load, memory, cgroup mode. */
final class HostLine {
    private HostLine() {}

    static String of(ProcFs proc, String cgroupMode) {
        String host = read(proc, "sys/kernel/hostname");
        String kernel = read(proc, "sys/kernel/osrelease");
        String[] load = read(proc, "loadavg").split(" ");
        String up = read(proc, "uptime").split(" ")[0];
        long total = 0;
        long avail = 0;
        for (String l : read(proc, "meminfo").split("\n")) {
            if (l.startsWith("MemTotal:")) {
                total = kib(l);
            } else if (l.startsWith("MemAvailable:")) {
                avail = kib(l);
            }
        }
        String uptime;
        try {
            uptime = formatUptime((long) Double.parseDouble(up));
        } catch (NumberFormatException e) {
            uptime = "-"; // empty, or not a number under a --proc-root
        }
        return host + " | " + kernel + " | up " + uptime + " | " + Runtime.getRuntime().availableProcessors() + " CPUs"
                + " | load " + (load.length >= 3 ? load[0] + " " + load[1] + " " + load[2] : "-")
                + " | mem " + Units.bytes((total - avail) * 1024) + "/" + Units.bytes(total * 1024) + " | " + cgroupMode;
    }

    private static long kib(String line) {
        String[] f = line.trim().split("\\s+");
        try {
            return f.length >= 2 ? Long.parseLong(f[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String formatUptime(long secs) {
        long d = secs / 86400;
        long h = secs % 86400 / 3600;
        long m = secs % 3600 / 60;
        return (d > 0 ? d + "d " : "") + h + ":" + (m < 10 ? "0" : "") + m;
    }

    private static String read(ProcFs proc, String name) {
        try {
            return proc.text(name).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}

package dev.jns.core.oci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the host layer reads from the kernel (/proc), read once and kept: a validator that checks
 * many bundles reads each kernel file once. Not thread-safe; one per validator.
 */
final class HostFacts {
    private final Path procRoot;
    private Set<String> nsFiles;          // names in /proc/self/ns, or null when there is no such dir
    private boolean nsRead;
    private String cgroupLayout;
    private boolean cgroupRead;
    private int capLastCap = -2;          // -2: not read; -1: unknown
    private List<String> filesystems;     // null: unknown
    private boolean filesystemsRead;
    private Boolean sysDir;

    HostFacts(Path procRoot) {
        this.procRoot = procRoot;
    }

    Path procRoot() {
        return procRoot;
    }

    /** Names in /proc/self/ns; null when unknown (no such directory). */
    Set<String> namespaceFiles() {
        if (!nsRead) {
            nsRead = true;
            Path dir = procRoot.resolve("self/ns");
            if (Files.isDirectory(dir)) {
                Set<String> s = new HashSet<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path p : ds) {
                        s.add(p.getFileName().toString());
                    }
                    nsFiles = s;
                } catch (IOException e) {
                    nsFiles = null;
                }
            }
        }
        return nsFiles;
    }

    /** "v2", "hybrid", "v1" or null (unknown), from /proc/self/mountinfo. */
    String cgroupLayout() {
        if (!cgroupRead) {
            cgroupRead = true;
            cgroupLayout = readCgroupLayout();
        }
        return cgroupLayout;
    }

    private String readCgroupLayout() {
        List<String> lines;
        try {
            lines = Files.readAllLines(procRoot.resolve("self/mountinfo"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        boolean v1 = false;
        boolean v2root = false;
        boolean v2 = false;
        for (String l : lines) {
            int dash = l.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] f = l.substring(0, dash).split(" ");
            String[] g = l.substring(dash + 3).split(" ");
            if (f.length < 5 || g.length < 1) {
                continue;
            }
            if (g[0].equals("cgroup2")) {
                v2 = true;
                if (f[4].equals("/sys/fs/cgroup")) {
                    v2root = true;
                }
            } else if (g[0].equals("cgroup")) {
                v1 = true;
            }
        }
        if (v2root && !v1) {
            return "v2";
        }
        if (v1 && v2) {
            return "hybrid";
        }
        if (v1) {
            return "v1";
        }
        return v2 ? "v2" : null;
    }

    /** /proc/sys/kernel/cap_last_cap, or -1 when unknown. */
    int capLastCap() {
        if (capLastCap == -2) {
            try {
                capLastCap = Integer.parseInt(HostChecker.readSmall(procRoot.resolve("sys/kernel/cap_last_cap")));
            } catch (IOException | NumberFormatException e) {
                capLastCap = -1;
            }
        }
        return capLastCap;
    }

    /** The filesystem types of /proc/filesystems, or null when unknown. */
    List<String> filesystems() {
        if (!filesystemsRead) {
            filesystemsRead = true;
            try {
                List<String> known = new ArrayList<>();
                for (String l : Files.readAllLines(procRoot.resolve("filesystems"), StandardCharsets.UTF_8)) {
                    String t = l.trim();
                    int tab = t.lastIndexOf('\t');
                    known.add(tab >= 0 ? t.substring(tab + 1).trim() : t.startsWith("nodev ") ? t.substring(6).trim() : t);
                }
                filesystems = known;
            } catch (IOException e) {
                filesystems = null;
            }
        }
        return filesystems;
    }

    /** Whether /proc/sys exists (so sysctl names can be checked). */
    boolean hasSys() {
        if (sysDir == null) {
            sysDir = Files.isDirectory(procRoot.resolve("sys"));
        }
        return sysDir;
    }
}

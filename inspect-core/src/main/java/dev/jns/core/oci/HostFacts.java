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
            lines = lines(read(procRoot.resolve("self/mountinfo"), 8 << 20));
        } catch (IOException | RuntimeException e) {
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
            } catch (IOException | RuntimeException e) {
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
                for (String l : lines(read(procRoot.resolve("filesystems"), 1 << 20))) {
                    String t = l.trim();
                    int tab = t.lastIndexOf('\t');
                    known.add(tab >= 0 ? t.substring(tab + 1).trim() : t.startsWith("nodev ") ? t.substring(6).trim() : t);
                }
                filesystems = known;
            } catch (IOException | RuntimeException e) {
                filesystems = null;
            }
        }
        return filesystems;
    }

    /**
     * Whether /proc/sys/REL exists (REL: names separated by '/'). Each directory is listed once
     * and kept, and only directories known to exist are listed: 100,000 sysctls cost a few
     * listings, not 100,000 lookups in procfs.
     */
    boolean sysctlExists(String rel) {
        Set<String> names = sysDir("");
        int i = 0;
        while (true) {
            int slash = rel.indexOf('/', i);
            String name = rel.substring(i, slash < 0 ? rel.length() : slash);
            boolean skip = name.isEmpty() || name.equals(".");   // "a//b", "a/./b": as the kernel reads them
            if (!skip && (names == null || !names.contains(name))) {
                return false;
            }
            if (slash < 0) {
                return !skip || names != null;
            }
            if (!skip) {
                names = sysDir(rel.substring(0, slash));
            }
            i = slash + 1;
        }
    }

    private final java.util.Map<String, Set<String>> sysDirs = new java.util.HashMap<>();

    /** The names in /proc/sys/REL, a directory known to exist (REL "" is /proc/sys); null when not listable. */
    private Set<String> sysDir(String rel) {
        if (sysDirs.containsKey(rel)) {
            return sysDirs.get(rel);
        }
        Set<String> names = null;
        Path dir = procRoot.resolve("sys");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(rel.isEmpty() ? dir : dir.resolve(rel))) {
            names = new HashSet<>();
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            names = null;   // not a directory (a sysctl file), unreadable, or a name this JVM cannot use
        }
        sysDirs.put(rel, names);
        return names;
    }

    /**
     * A kernel file of the proc root, at most {@code max} bytes: only a regular file is opened
     * (stat first, following /proc/self), so a FIFO or device in a fixture given as --proc-root
     * cannot block or flood the read.
     */
    static byte[] read(Path p, int max) throws IOException {
        if (!Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).isRegularFile()) {
            throw new IOException(p + " is not a regular file");
        }
        return dev.jns.core.internal.PseudoFiles.read(p, max);
    }

    /** The lines of a kernel file (no streams: each lambda class costs start-up time). */
    private static List<String> lines(byte[] b) {
        String t = new String(b, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int from = 0;
        while (from < t.length()) {
            int nl = t.indexOf('\n', from);
            int to = nl < 0 ? t.length() : nl;
            out.add(t.substring(from, to));
            from = to + 1;
        }
        return out;
    }

    /** Whether /proc/sys exists (so sysctl names can be checked). */
    boolean hasSys() {
        if (sysDir == null) {
            sysDir = Files.isDirectory(procRoot.resolve("sys"));
        }
        return sysDir;
    }
}

package dev.jns.core.oci;

import dev.jns.core.cgroup.CgroupMode;
import dev.jns.core.proc.MountInfo;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.proc.ProcStatus;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the host layer reads from the kernel (/proc), read once and kept: a validator that checks
 * many bundles reads each kernel file once. The caller's own files ({@code self/status},
 * {@code self/limits}, {@code self/oom_score_adj}) are facts of the process that validates, which
 * does not change its capabilities or limits while it validates. Not thread-safe; one per validator.
 */
final class HostFacts {
    private final Path procRoot;
    private Set<String> nsFiles;          // names in /proc/self/ns, or null when there is no such dir
    private boolean nsRead;
    private ProcFs proc;                  // made on first read
    private CgroupMode cgroupMode;
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

    /** The host's cgroup mode, from /proc/self/mountinfo; null when unknown. */
    CgroupMode cgroupMode() {
        if (!cgroupRead) {
            cgroupRead = true;
            try {
                String rel = "self/mountinfo";
                cgroupMode = CgroupMode.of(MountInfo.parse(proc().text(rel), procRoot.resolve(rel))).orElse(null);
            } catch (IOException | RuntimeException e) {
                cgroupMode = null;   // unreadable or malformed: the cgroup checks are skipped
            }
        }
        return cgroupMode;
    }

    /** /proc/sys/kernel/cap_last_cap, or -1 when unknown. */
    int capLastCap() {
        if (capLastCap == -2) {
            String t = text("sys/kernel/cap_last_cap");
            try {
                capLastCap = t == null ? -1 : Integer.parseInt(t);
            } catch (NumberFormatException e) {
                capLastCap = -1;
            }
        }
        return capLastCap;
    }

    private final java.util.Map<String, String> texts = new java.util.HashMap<>();

    /**
     * The text of the kernel file PROC/REL, trimmed; null when it cannot be read. Read as
     * {@link ProcFs} reads every file of its root: bounded, and only a regular file unless the root
     * is a procfs. Read once per validator and kept (the answer "unreadable" too).
     */
    String text(String rel) {
        if (texts.containsKey(rel)) {
            return texts.get(rel);
        }
        String t;
        try {
            t = proc().text(rel).trim();
        } catch (IOException | RuntimeException e) {
            t = null;   // absent, unreadable, not a regular file, or no proc root at all
        }
        texts.put(rel, t);
        return t;
    }

    /** The proc root as the core reads it, made on first use. */
    private ProcFs proc() {
        if (proc == null) {
            proc = new ProcFs(procRoot);
        }
        return proc;
    }

    /** The filesystem types of /proc/filesystems, or null when unknown. */
    List<String> filesystems() {
        if (!filesystemsRead) {
            filesystemsRead = true;
            String text = text("filesystems");
            if (text != null) {
                List<String> known = new ArrayList<>();
                for (String l : text.split("\n")) {
                    String t = l.trim();
                    int tab = t.lastIndexOf('\t');
                    known.add(tab >= 0 ? t.substring(tab + 1).trim() : t.startsWith("nodev ") ? t.substring(6).trim() : t);
                }
                filesystems = known;
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

    /** Whether /proc/sys exists (so sysctl names can be checked). */
    boolean hasSys() {
        if (sysDir == null) {
            sysDir = Files.isDirectory(procRoot.resolve("sys"));
        }
        return sysDir;
    }

    private List<MountInfo> mounts;       // null: unknown
    private boolean mountsRead;
    private Set<String> blockFilesystems; // null: unknown

    /** The host's mounts, from /proc/self/mountinfo; null when unreadable or malformed. */
    List<MountInfo> mounts() {
        if (!mountsRead) {
            mountsRead = true;
            try {
                String rel = "self/mountinfo";
                mounts = MountInfo.parse(proc().text(rel), procRoot.resolve(rel));
            } catch (IOException | RuntimeException e) {
                mounts = null;
            }
        }
        return mounts;
    }

    /**
     * Where the cgroup hierarchies are mounted, under {@code sysRoot}: each v1 controller (every
     * super option of a cgroup mount, the first mount wins) and the first cgroup2 mount.
     */
    record CgroupRoots(Map<String, Path> v1, Path v2) {}

    private CgroupRoots cgroupRoots;
    private Path cgroupRootsSys;

    /** The cgroup mount points under {@code sysRoot}, from mountinfo, read once; null when mountinfo is unknown. */
    CgroupRoots cgroupRoots(Path sysRoot) {
        if (cgroupRoots == null || !sysRoot.equals(cgroupRootsSys)) {
            List<MountInfo> ms = mounts();
            if (ms == null) {
                return null;
            }
            Map<String, Path> v1 = new HashMap<>();
            Path v2 = null;
            for (MountInfo m : ms) {
                String at = m.mountPoint().startsWith("/") ? m.mountPoint().substring(1) : m.mountPoint();
                if (m.fsType().equals("cgroup2") && v2 == null) {
                    v2 = sysRoot.resolve(at);
                } else if (m.fsType().equals("cgroup")) {
                    for (String o : m.superOptions().split(",")) {
                        if (!v1.containsKey(o)) {
                            v1.put(o, sysRoot.resolve(at));
                        }
                    }
                }
            }
            cgroupRoots = new CgroupRoots(Collections.unmodifiableMap(v1), v2);
            cgroupRootsSys = sysRoot;
        }
        return cgroupRoots;
    }

    /** The filesystem types of /proc/filesystems without "nodev" (they mount a block device); null when unknown. */
    Set<String> blockFilesystems() {
        if (blockFilesystems == null && filesystems() != null) {
            Set<String> s = new HashSet<>();
            String text = text("filesystems");
            for (String l : text == null ? new String[0] : text.split("\n")) {
                String t = l.trim();
                if (!t.isEmpty() && !l.startsWith("nodev")) {
                    s.add(t);
                }
            }
            blockFilesystems = s;
        }
        return blockFilesystems;
    }

    /**
     * A small kernel file (under a sys root), stripped; null when absent, unreadable, not a
     * regular file or over 64 KiB. Never follows a last symlink.
     */
    static String sysText(Path p) {
        try {
            String t = dev.jns.core.internal.PseudoFiles.optionalText(p, 1 << 16).orElse(null);   // no lambda: start-up
            return t == null ? null : t.strip();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private java.math.BigInteger capEff;   // null: not read or unknown
    private boolean capEffRead;

    /**
     * Whether the caller has capability {@code bit} in its effective set (CapEff of
     * /proc/self/status); null when unknown.
     */
    Boolean effectiveCapability(int bit) {
        if (!capEffRead) {
            capEffRead = true;
            String t = text("self/status");
            try {
                String eff = t == null ? null
                        : ProcStatus.parse(t, procRoot.resolve("self/status")).get("CapEff").orElse(null);
                capEff = eff == null ? null : new java.math.BigInteger(eff.strip(), 16);
            } catch (RuntimeException e) {
                capEff = null;
            }
        }
        return capEff == null ? null : capEff.testBit(bit);
    }

    /** Directories above the bundles checked (not symlinks when looked at), with their attributes. */
    private final java.util.Map<Path, java.nio.file.attribute.BasicFileAttributes> dirsAbove = new java.util.HashMap<>();

    /** A directory above a bundle, as first seen by this validator; null when not seen yet. */
    java.nio.file.attribute.BasicFileAttributes directoryAbove(Path dir) {
        return dirsAbove.get(dir);
    }

    /** Keeps a directory above a bundle (at most 4,096 are kept). */
    void directoryAbove(Path dir, java.nio.file.attribute.BasicFileAttributes at) {
        if (dirsAbove.size() < 4096) {
            dirsAbove.put(dir, at);
        }
    }
}

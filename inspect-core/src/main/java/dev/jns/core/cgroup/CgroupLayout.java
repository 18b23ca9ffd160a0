package dev.jns.core.cgroup;

import dev.jns.core.NotFoundException;
import dev.jns.core.internal.PseudoFiles;
import dev.jns.core.proc.MountInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cgroup hierarchies of a host, found from a mount table ({@code /proc/self/mountinfo}):
 * v1, v2 or hybrid. Mount points are resolved under a sys root ({@code /} on a live host; a
 * fixture directory in tests, through {@code --sys-root}).
 */
public record CgroupLayout(CgroupMode mode, List<Hierarchy> hierarchies) {

    /** v1 mount options that are not controllers. */
    private static final Set<String> NOT_CONTROLLERS = Set.of("rw", "ro", "xattr", "noprefix", "clone_children",
            "cpuset_v2_mode", "nsdelegate", "memory_recursiveprot", "memory_localevents",
            "memory_hugetlb_accounting", "favordynmods", "pids_localevents");

    public CgroupLayout {
        hierarchies = List.copyOf(hierarchies);
    }

    /**
     * Finds the hierarchies in a mount table. Each hierarchy counts once, however often it is
     * mounted (bind mounts repeat it).
     *
     * @throws NotFoundException when no cgroup file system is mounted
     */
    public static CgroupLayout detect(List<MountInfo> mounts, Path sysRoot) {
        List<Hierarchy> hs = new ArrayList<>();
        Set<String> seenDevices = new HashSet<>();
        List<String> devices = new ArrayList<>();
        for (MountInfo m : mounts) {
            boolean isV2 = m.fsType().equals("cgroup2");
            if (!isV2 && !m.fsType().equals("cgroup")) {
                continue;
            }
            String device = m.major() + ":" + m.minor();
            if (!seenDevices.add(device)) {
                // The same hierarchy again: keep a mount of its whole tree over a sub-tree bind mount.
                int i = devices.indexOf(device); // devices and hs grow together
                if (i >= 0 && !hs.get(i).root().equals("/") && m.root().equals("/")) {
                    Hierarchy h = hs.get(i);
                    hs.set(i, new Hierarchy(h.version(), h.controllers(), h.name(), resolve(sysRoot, m.mountPoint()), "/"));
                }
                continue;
            }
            devices.add(device);
            Path dir = resolve(sysRoot, m.mountPoint());
            Set<String> controllers = new HashSet<>();
            String name = "";
            if (isV2) {
                try {
                    String c = PseudoFiles.text(dir.resolve("cgroup.controllers")).trim();
                    if (!c.isEmpty()) {
                        controllers.addAll(List.of(c.split(" ")));
                    }
                } catch (IOException e) {
                    // unreadable: no controllers known
                }
            } else {
                for (String opt : m.superOptions().split(",")) {
                    if (opt.startsWith("name=")) {
                        name = opt.substring(5);
                    } else if (!opt.isEmpty() && !NOT_CONTROLLERS.contains(opt) && opt.indexOf('=') < 0) {
                        controllers.add(opt);
                    }
                }
            }
            hs.add(new Hierarchy(isV2 ? Hierarchy.Version.V2 : Hierarchy.Version.V1, controllers, name, dir, m.root()));
        }
        Optional<CgroupMode> mode = CgroupMode.of(mounts);
        if (mode.isEmpty()) {
            throw new NotFoundException(sysRoot, "no cgroup file system is mounted (no cgroup or cgroup2 in mountinfo)");
        }
        return new CgroupLayout(mode.get(), hs);
    }

    private static Path resolve(Path sysRoot, String mountPoint) {
        String rel = mountPoint.startsWith("/") ? mountPoint.substring(1) : mountPoint;
        return rel.isEmpty() ? sysRoot : dev.jns.core.text.FileNames.resolve(sysRoot, rel);
    }

    /** The cgroup2 hierarchy, if mounted. */
    public Optional<Hierarchy> unified() {
        for (Hierarchy h : hierarchies) {
            if (h.unified()) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The hierarchy that runs {@code controller}: its v1 hierarchy, else the unified one if it offers it. */
    public Optional<Hierarchy> forController(String controller) {
        for (Hierarchy h : hierarchies) {
            if (!h.unified() && h.controllers().contains(controller)) {
                return Optional.of(h);
            }
        }
        for (Hierarchy h : hierarchies) {
            if (h.unified() && h.controllers().contains(controller)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The named v1 hierarchy, e.g. {@code systemd}. */
    public Optional<Hierarchy> named(String name) {
        for (Hierarchy h : hierarchies) {
            if (h.name().equals(name)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}

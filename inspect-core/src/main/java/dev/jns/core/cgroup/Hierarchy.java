package dev.jns.core.cgroup;

import dev.jns.core.text.FileNames;
import java.nio.file.Path;
import java.util.Set;

/**
 * One mounted cgroup hierarchy.
 *
 * @param version     {@link Version#V2} for the unified cgroup2 hierarchy, else {@link Version#V1}
 * @param controllers v1: the controllers bound to it (from the mount options); v2: the controllers
 *                    available at its root ({@code cgroup.controllers})
 * @param name        a named v1 hierarchy's name ({@code name=systemd} gives {@code systemd}), else empty
 * @param dir         where it is mounted, resolved under the sys root
 * @param root        the cgroup path of the mount's root ({@code /} unless a sub-tree is mounted, as
 *                    in containers); process cgroup paths are relative to the hierarchy's root
 */
public record Hierarchy(Version version, Set<String> controllers, String name, Path dir, String root) {

    /** The kind of file system: {@code cgroup} (v1) or {@code cgroup2}. */
    public enum Version { V1, V2 }

    public Hierarchy {
        controllers = Set.copyOf(controllers);
    }

    /** Whether this is the unified cgroup2 hierarchy. */
    public boolean unified() {
        return version == Version.V2;
    }

    /** A short label: {@code unified}, {@code name=systemd}, or the controllers, e.g. {@code cpu,cpuacct}. */
    public String label() {
        if (unified()) {
            return "unified";
        }
        if (!name.isEmpty()) {
            return "name=" + name;
        }
        return String.join(",", new java.util.TreeSet<>(controllers));
    }

    /**
     * The directory of cgroup {@code path} (absolute in the hierarchy, e.g. {@code /a/b}) in this
     * mount; each character of {@code path} is its {@link FileNames bytes}.
     */
    public Path dirOf(String path) {
        String rel = path;
        if (!root.equals("/") && (rel.equals(root) || rel.startsWith(root + "/"))) {
            rel = rel.substring(root.length());
        }
        while (rel.startsWith("/")) {
            rel = rel.substring(1);
        }
        return rel.isEmpty() ? dir : FileNames.resolve(dir, rel);
    }
}

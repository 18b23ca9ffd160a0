package dev.jns.core.cgroup;

import dev.jns.core.text.FileNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks one hierarchy's cgroup directories. Keeps what it learnt between walks: which names are
 * control files, and each directory's child list with its inode and link count, so that a walk of
 * an unchanged tree stats each cgroup once and lists nothing. Not thread-safe.
 */
final class CgroupWalker {
    /**
     * Names found to be control files, not child cgroups. Every cgroup directory holds the same
     * few dozen, so after the first walk a child cgroup costs one stat instead of one per file.
     */
    private final Set<String> fileNames = new java.util.HashSet<>();
    private final Map<Path, Children> children = new java.util.HashMap<>();

    /**
     * Adds the cgroup at {@code dir} (path {@code start}) and those below it, down to
     * {@code maxDepth} levels ({@link CgroupFs#ALL_LEVELS}: all), to {@code out}; their directories and inodes to
     * {@code dirs}. Nothing when {@code dir} is not a directory.
     */
    void walk(Path dir, String start, int maxDepth, Set<String> out, Map<Path, Long> dirs) {
        long[] a = dirAttributes(dir);
        if (a == null) {
            return;
        }
        out.add(start);
        dirs.put(dir, a[0]);
        // iterative: a deep tree (a delegated subtree can nest thousands of levels) cannot overflow the stack
        java.util.ArrayDeque<Pending> todo = new java.util.ArrayDeque<>();
        todo.push(new Pending(dir, a, start, 0));
        while (!todo.isEmpty()) {
            Pending p = todo.pop();
            if (maxDepth < 0 || p.depth < maxDepth) {
                below(p, out, dirs, todo);
            }
        }
    }

    /** A directory still to walk below: its inode and link count, cgroup path and depth. */
    private record Pending(Path dir, long[] self, String path, int depth) {}

    /** Adds the child cgroups of the pending directory to {@code out} and {@code dirs}, and to {@code todo}. */
    private void below(Pending pending, Set<String> out, Map<Path, Long> dirs, java.util.ArrayDeque<Pending> todo) {
        Path dir = pending.dir;
        long[] self = pending.self;
        String path = pending.path;
        // A directory's link count is 2 + its subdirectories, and kernfs keeps it exact: while it
        // and the inode are unchanged, and every known child is still there, the child list from
        // the last walk is reused instead of listing dozens of control files again.
        Children known = children.get(dir);
        List<String> subdirs = null;
        List<long[]> attrs = null;
        if (known != null && known.inode == self[0] && known.nlink == self[1]) {
            subdirs = known.names;
            attrs = new ArrayList<>(subdirs.size());
            for (String name : subdirs) {
                long[] a = dirAttributes(FileNames.resolve(dir, name));
                if (a == null) {
                    attrs = null; // one went away: list again
                    break;
                }
                attrs.add(a);
            }
        }
        if (attrs == null) {
            // bare names (a Path object per control file would cost more), as their bytes: a cgroup
            // name need not be UTF-8 nor ASCII, whatever the locale
            String[] names = FileNames.list(dir);
            if (names == null) {
                return; // removed meanwhile, or unreadable: its children are not shown
            }
            subdirs = new ArrayList<>();
            attrs = new ArrayList<>();
            for (String name : names) {
                if (fileNames.contains(name)) {
                    continue;
                }
                long[] a = dirAttributes(FileNames.resolve(dir, name));
                if (a == null) {
                    fileNames.add(name);
                    continue;
                }
                subdirs.add(name);
                attrs.add(a);
            }
            children.put(dir, new Children(self[0], self[1], List.copyOf(subdirs)));
        }
        for (int i = 0; i < subdirs.size(); i++) {
            String name = subdirs.get(i);
            Path p = FileNames.resolve(dir, name);
            String child = path.equals("/") ? "/" + name : path + "/" + name;
            out.add(child);
            dirs.put(p, attrs.get(i)[0]);
            todo.push(new Pending(p, attrs.get(i), child, pending.depth + 1));
        }
    }

    /** The child cgroups of a directory as last listed, with the directory's inode and link count then. */
    private record Children(long inode, long nlink, List<String> names) {}

    /** A directory's inode and link count, or null when {@code p} is not a directory (one stat). */
    private static long[] dirAttributes(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,ino,nlink", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if ((((Integer) a.get("mode")) & 0170000) != 0040000) {
                return null;
            }
            return new long[] {(Long) a.get("ino"), ((Integer) a.get("nlink")).longValue()};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

package dev.jns.core.cgroup;

/**
 * Cgroup paths as jns names them: absolute in the merged tree ({@code /} the root,
 * {@code /system.slice/ssh.service} below it), no trailing slash. A path's characters are its
 * directory names' {@link dev.jns.core.text.FileNames bytes}; these methods only look at the
 * slashes, so any name works.
 */
public final class CgroupPath {
    /** The root cgroup. */
    public static final String ROOT = "/";

    private CgroupPath() {}

    /**
     * A path as a user types it, as jns names it: blanks around it and trailing slashes dropped, a
     * leading slash added ({@code system.slice/} is {@code /system.slice}).
     */
    public static String normalize(String typed) {
        String s = typed.trim();
        int end = s.length();
        while (end > 1 && s.charAt(end - 1) == '/') {
            end--;
        }
        s = s.substring(0, end);
        return s.startsWith("/") ? s : "/" + s;
    }

    /** The parent of {@code path}; {@code null} for the root (or a path without a slash). */
    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        if (path.equals(ROOT) || i < 0) {
            return null;
        }
        return i == 0 ? ROOT : path.substring(0, i);
    }

    /** The last name of {@code path}; empty for the root. */
    public static String name(String path) {
        return path.equals(ROOT) ? "" : path.substring(path.lastIndexOf('/') + 1);
    }

    /** Levels below the root: 0 for {@code /}, 1 for {@code /a}, 2 for {@code /a/b}. */
    public static int level(String path) {
        if (path.equals(ROOT)) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    /** Whether {@code path} is {@code scope} or below it. */
    public static boolean within(String path, String scope) {
        return scope.equals(ROOT) || path.equals(scope)
                || path.length() > scope.length() && path.startsWith(scope) && path.charAt(scope.length()) == '/';
    }
}

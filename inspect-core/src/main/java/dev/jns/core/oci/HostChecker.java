package dev.jns.core.oci;

import dev.jns.core.cgroup.CgroupMode;
import dev.jns.core.proc.Capability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Layer 3: does this host fit the config? Reads the bundle, its rootfs and the host's /proc and
 * cgroup mounts; never executes anything and never follows a symlink out of the rootfs. The roots
 * are constructor arguments, so tests run it on fixtures.
 */
public final class HostChecker {
    private final Path procRoot;
    private final HostFacts facts;
    private final Path sysRoot;
    private final Path bundle;
    private final List<Finding> out;
    private JsonValue config;
    private PathSet mountDests;   // the config's mount destinations, built on first use
    /** lstat results of this validation, by host path: the rootfs is looked at once per path. */
    private final Map<Path, Object> lstats = new HashMap<>();

    /**
     * @param procRoot the host's /proc (a fixture in tests)
     * @param bundle the bundle directory (root.path is relative to it)
     * @param out where findings go
     */
    public HostChecker(Path procRoot, Path bundle, List<Finding> out) {
        this(new HostFacts(procRoot), Path.of("/"), bundle, out);
    }

    /**
     * @param sysRoot the host's / (a fixture in tests): host paths of hooks and namespaces resolve under it
     */
    public HostChecker(Path procRoot, Path sysRoot, Path bundle, List<Finding> out) {
        this(new HostFacts(procRoot), sysRoot, bundle, out);
    }

    /** With kernel facts already read (by an earlier validation of the same validator). */
    HostChecker(HostFacts facts, Path sysRoot, Path bundle, List<Finding> out) {
        this.procRoot = facts.procRoot();
        this.facts = facts;
        this.sysRoot = sysRoot;
        this.bundle = bundle;
        this.out = out;
    }

    private void error(String rule, String ptr, JsonValue at, String message, String hint) {
        out.add(Finding.at(Finding.Severity.ERROR, rule, ptr, at, message, hint));
    }

    private void warn(String rule, String ptr, JsonValue at, String message, String hint) {
        out.add(Finding.at(Finding.Severity.WARNING, rule, ptr, at, message, hint));
    }

    /**
     * lstat of a host path, once per validation (the rootfs walk, args[0], cwd and every mount
     * destination share the rootfs's top directories): a syscall costs 3 µs on a VM.
     */
    private PosixFileAttributes lstat(Path p) throws IOException {
        return memoLstat(lstats, p);
    }

    /** lstat through {@code memo} (path -> attributes or the IOException), or plainly when it is null. */
    private static PosixFileAttributes memoLstat(Map<Path, Object> memo, Path p) throws IOException {
        if (memo == null) {
            return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        Object o = memo.get(p);
        if (o == null) {
            try {
                o = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                o = e;
            }
            memo.put(p, o);
        }
        if (o instanceof IOException e) {
            throw e;
        }
        return (PosixFileAttributes) o;
    }

    /** {@link #resolveInRoot(Path, Path)} with this validation's lstat memo. */
    private Resolved resolve(Path rootfs, Path inside) {
        return resolveInRoot(rootfs, inside, lstats);
    }

    private Resolved resolve(Path rootfs, String inside) {
        return resolveInRoot(rootfs, inside, lstats);
    }

    public void check(JsonValue cfg) {
        this.config = cfg;
        Path rootfs = rootfs();
        if (rootfs != null) {
            args0(rootfs);
            usernsAccess(rootfs);
            cwd(rootfs);
            mountDestinations(rootfs, cfg.get("mounts"));
        }
        JsonValue linux = cfg.get("linux");
        if (linux != null && linux.isObject()) {
            namespaces(linux.get("namespaces"));
            cgroups(linux.get("resources"));
            sysctls(linux.get("sysctl"));
            userMappings(linux);
            seccompListener(linux.get("seccomp"));
        }
        capabilities();
        mountTypes(cfg.get("mounts"));
        mountSources(cfg.get("mounts"));
        securityModules(cfg);
        hooks(cfg.get("hooks"), rootfs);
    }

    // ---- rootfs and args[0] ----------------------------------------------------------------

    /**
     * The rootfs as runc finds it: root.path, relative to the bundle unless absolute, cleaned
     * lexically (runc's filepath.Join: ".." above "/" stays at "/"). Every component is checked
     * with lstat, the bundle's own path included (runc refuses a rootfs path with a symlink in it),
     * so nothing is followed, in or out of the rootfs. Null when there is none to check.
     */
    private Path rootfs() {
        JsonValue r = config.get("root");
        JsonValue p = r != null ? r.get("path") : null;
        if (p == null || !p.isString() || p.text().isEmpty()) {
            return null;
        }
        Path rootfs = hostPath(bundle.toAbsolutePath(), p.text(), "/root/path", p, "the rootfs");
        if (rootfs == null) {
            return null;
        }
        rootfs = rootfs.normalize();
        Path above = bundle.toAbsolutePath().normalize().getParent();   // the directories above the bundle, null at /
        Path cur = rootfs.getRoot();
        BasicFileAttributes at;
        try {
            at = ancestorLstat(cur, above);
        } catch (IOException e) {
            at = null;
        }
        for (Path part : rootfs) {
            cur = cur.resolve(part);
            try {
                at = ancestorLstat(cur, above);
            } catch (IOException e) {
                error(RuleId.HOST_ROOTFS_MISSING, "/root/path", p, "rootfs " + rootfs + " does not exist"
                        + (cur.equals(rootfs) ? "" : " (" + cur + " is missing)"),
                        "unpack an image there, e.g. mkdir -p rootfs && tar -C rootfs -xf image.tar");
                return null;
            }
            if (at.isSymbolicLink()) {
                error(RuleId.HOST_ROOTFS_SYMLINK, "/root/path", p, "rootfs path " + rootfs + " goes through the symlink " + cur,
                        "runc refuses a rootfs path with a symlink in it; use the resolved path " + real(rootfs));
                return null;
            }
        }
        if (at == null || !at.isDirectory()) {
            error(RuleId.HOST_ROOTFS_NOT_DIRECTORY, "/root/path", p, "rootfs " + rootfs + " is not a directory", "");
            return null;
        }
        return rootfs;
    }

    /**
     * lstat of a component of the rootfs's path. The directories above the bundle ({@code above}
     * and its parents: /, /var, /var/lib ...) are host facts, the same for every bundle a validator
     * checks: one found to be a directory is kept by the validator's {@link HostFacts}. The bundle
     * and everything in it are looked at again each validation.
     */
    private BasicFileAttributes ancestorLstat(Path p, Path above) throws IOException {
        boolean ancestor = above != null && above.startsWith(p);
        if (ancestor) {
            BasicFileAttributes known = facts.directoryAbove(p);
            if (known != null) {
                return known;
            }
        }
        PosixFileAttributes at = lstat(p);
        if (ancestor && at.isDirectory()) {
            facts.directoryAbove(p, at);
        }
        return at;
    }

    /**
     * seccomp's listenerPath is the host's unix socket of a seccomp agent: with SCMP_ACT_NOTIFY in the
     * filter, runc connects to it when the container starts and fails when nothing is there ("failed to connect with seccomp agent
     * ... no such file or directory"). Missing, or not a socket: an error. A socket with no agent
     * listening cannot be told from here.
     */
    private void seccompListener(JsonValue sc) {
        JsonValue lp = sc != null && sc.isObject() ? sc.get("listenerPath") : null;
        if (lp == null || !lp.isString() || !lp.text().startsWith("/") || !notifies(sc)) {
            return;
        }
        Path p = hostPath(sysRoot, lp.text().substring(1), "/linux/seccomp/listenerPath", lp, "the seccomp listener");
        if (p == null) {
            return;
        }
        Object mode;
        try {
            mode = Files.getAttribute(p, "unix:mode");   // follows links, as connect(2) does
        } catch (java.nio.file.NoSuchFileException e) {
            error(RuleId.HOST_SECCOMP_LISTENER_MISSING, "/linux/seccomp/listenerPath", lp, "seccomp listenerPath "
                    + Finding.clip(lp.text()) + " does not exist on this host", "start the seccomp agent first: runc fails with"
                    + " \"failed to connect with seccomp agent\"");
            return;
        } catch (IOException | RuntimeException e) {
            return;   // not ours to judge (permission, a JVM without the unix view)
        }
        if (mode instanceof Integer m && (m & 0170000) != 0140000) {
            error(RuleId.HOST_SECCOMP_LISTENER_MISSING, "/linux/seccomp/listenerPath", lp, "seccomp listenerPath "
                    + Finding.clip(lp.text()) + " is not a unix socket", "give the socket the seccomp agent listens on");
        }
    }

    /** Whether the filter has SCMP_ACT_NOTIFY, as default or in a rule: only then does runc connect to the agent. */
    private static boolean notifies(JsonValue sc) {
        if ("SCMP_ACT_NOTIFY".equals(sc.string("defaultAction"))) {
            return true;
        }
        JsonValue rules = sc.get("syscalls");
        for (int i = 0; rules != null && rules.isArray() && i < rules.size(); i++) {
            if (rules.at(i).isObject() && "SCMP_ACT_NOTIFY".equals(rules.at(i).string("action"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code base.resolve(s)}, or null when {@code s} cannot be a file name here: a NUL byte
     * (reported by the semantics layer as {@code path.null-byte}), or characters this JVM cannot
     * encode in a file name ({@code host.path-unencodable}: under a non-UTF-8 locale, any non-ASCII
     * character). {@code what} names the check that is skipped.
     */
    private Path hostPath(Path base, String s, String ptr, JsonValue at, String what) {
        if (s.indexOf('\0') >= 0) {
            return null;
        }
        try {
            return base.resolve(s);
        } catch (InvalidPathException e) {
            warn(RuleId.HOST_PATH_UNENCODABLE, ptr, at, "cannot check " + what + " on this host: \"" + Finding.clip(s)
                    + "\" has characters this JVM cannot put in a file name (sun.jnu.encoding="
                    + System.getProperty("sun.jnu.encoding") + ")", "run jns under a UTF-8 locale, e.g. LC_ALL=C.UTF-8");
            return null;
        }
    }

    /**
     * With a new user namespace, the container's root is the mapped host id (e.g. 100000): it must
     * be able to search every directory from / down to the rootfs, or the runtime cannot mount the
     * rootfs ("permission denied"). Checks the owner, group and other x bits (ACLs are not read).
     */
    private void usernsAccess(Path rootfs) {
        JsonValue linux = config.get("linux");
        if (linux == null || !linux.isObject()) {
            return;
        }
        long uid = hostIdOfRoot(linux.get("uidMappings"));
        long gid = hostIdOfRoot(linux.get("gidMappings"));
        if (!newUserNamespace(linux) || uid < 0 || gid < 0) {
            return;
        }
        Path cur = rootfs.getRoot();
        List<Path> dirs = new ArrayList<>();
        dirs.add(cur);
        for (Path part : rootfs) {
            cur = cur.resolve(part);
            dirs.add(cur);
        }
        for (Path d : dirs) {
            try {
                PosixFileAttributes at = Files.readAttributes(d, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                int owner = (Integer) Files.getAttribute(d, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                int group = (Integer) Files.getAttribute(d, "unix:gid", LinkOption.NOFOLLOW_LINKS);
                Set<PosixFilePermission> p = at.permissions();
                boolean x = owner == uid ? p.contains(PosixFilePermission.OWNER_EXECUTE)
                        : group == gid ? p.contains(PosixFilePermission.GROUP_EXECUTE)
                        : p.contains(PosixFilePermission.OTHERS_EXECUTE);
                if (!x) {
                    JsonValue root = config.get("root");
                    error(RuleId.HOST_ROOTFS_USERNS_ACCESS, "/root/path", root != null ? root.get("path") : null, "the container's root"
                            + " (host uid " + uid + ", gid " + gid + ") cannot reach the rootfs: " + d + " is "
                            + java.nio.file.attribute.PosixFilePermissions.toString(p) + " " + owner + ":" + group,
                            "chmod o+x " + d + ", or give the rootfs to the mapped ids (chown -R " + uid + ":" + gid + ")");
                    return;
                }
            } catch (IOException | UnsupportedOperationException | ClassCastException e) {
                return;
            }
        }
    }

    /** Whether the config asks for a new user namespace (a "user" entry without a path). */
    private static boolean newUserNamespace(JsonValue linux) {
        JsonValue nss = linux.get("namespaces");
        if (nss != null && nss.isArray()) {
            for (int i = 0; i < nss.size(); i++) {
                if ("user".equals(nss.at(i).string("type")) && !nss.at(i).has("path")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The host id that container id 0 maps to, or -1. */
    private static long hostIdOfRoot(JsonValue maps) {
        if (maps == null || !maps.isArray()) {
            return -1;
        }
        for (int i = 0; i < maps.size(); i++) {
            JsonValue m = maps.at(i);
            long c = m.get("containerID") != null ? m.get("containerID").longValue(-1) : -1;
            long h = m.get("hostID") != null ? m.get("hostID").longValue(-1) : -1;
            long n = m.get("size") != null ? m.get("size").longValue(-1) : -1;
            if (c >= 0 && h >= 0 && n > 0 && c <= 0 && 0 < c + n) {
                return h - c;
            }
        }
        return -1;
    }

    private static String real(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toString();
        }
    }

    private void args0(Path rootfs) {
        JsonValue proc = config.get("process");
        JsonValue args = proc != null ? proc.get("args") : null;
        if (args == null || !args.isArray() || args.size() == 0 || !args.at(0).isString()) {
            return;
        }
        JsonValue a0 = args.at(0);
        String name = a0.text();
        if (name.isEmpty()) {
            error(RuleId.HOST_ARGS0_NOT_FOUND, "/process/args/0", a0, "process.args[0] is empty", "");
            return;
        }
        String cwd = proc.string("cwd");
        if (cwd == null || !cwd.startsWith("/")) {
            cwd = "/";
        }
        List<String> candidates = new ArrayList<>();
        String pathVar = null;
        if (name.indexOf('/') >= 0) {
            candidates.add(name.startsWith("/") ? name : cwd + "/" + name);
        } else {
            JsonValue env = proc.get("env");
            if (env != null && env.isArray()) {
                for (int i = 0; i < env.size(); i++) {
                    if (env.at(i).isString() && env.at(i).text().startsWith("PATH=")) {
                        pathVar = env.at(i).text().substring(5);
                    }
                }
            }
            if (pathVar == null) {
                error(RuleId.HOST_ARGS0_NOT_FOUND, "/process/args/0", a0, "\"" + Finding.clip(name) + "\" has no '/' and process.env has no PATH"
                        + " to look it up in", "add \"PATH=/usr/sbin:/usr/bin:/sbin:/bin\" to process.env, or give the full path");
                return;
            }
            for (String dir : pathVar.split(":", -1)) {
                if (dir.startsWith("/")) {
                    candidates.add(dir + "/" + name);
                }
            }
        }
        String why = null;
        PathSet missingDirs = new PathSet();   // e.g. /usr: skip /usr/bin, /usr/sbin ... too
        Set<String> tried = new HashSet<>();
        for (String c : candidates) {
            String clean = SemanticChecker.clean(c);
            if (!tried.add(c)) {   // PATH=/bin:/bin:... looks once
                continue;
            }
            if (underMount(clean)) {
                return; // a mount provides it: cannot be checked before the container starts
            }
            if (missingDirs.covers(clean)) {
                continue;
            }
            Path inside = hostPath(rootfs.getRoot(), c, "/process/args/0", a0, "args[0]");   // ".." after a link: as the kernel
            if (inside == null) {
                return;
            }
            Resolved r = resolve(rootfs, inside);
            if (r.path == null && r.missing != null && !r.missing.equals(clean)) {
                missingDirs.add(r.missing);
            }
            if (r.path == null) {
                why = r.why;
                continue;
            }
            try {
                PosixFileAttributes at = lstat(r.path);
                if (!at.isRegularFile()) {
                    why = Finding.clip(c) + " is not a regular file";
                    continue;
                }
                Set<PosixFilePermission> perms = at.permissions();
                if (!perms.contains(PosixFilePermission.OWNER_EXECUTE) && !perms.contains(PosixFilePermission.GROUP_EXECUTE)
                        && !perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    error(RuleId.HOST_ARGS0_NOT_EXECUTABLE, "/process/args/0", a0, Finding.clip(c) + " in the rootfs is not executable",
                            "chmod +x " + r.path);
                    return;
                }
                return;
            } catch (IOException e) {
                why = Finding.clip(c) + ": " + e.getMessage();
            }
        }
        error(RuleId.HOST_ARGS0_NOT_FOUND, "/process/args/0", a0, "\"" + Finding.clip(name) + "\" is not found in the rootfs"
                + (pathVar != null ? " (PATH=" + Finding.clip(pathVar) + ")" : "") + (why != null && candidates.size() == 1 ? ": " + why : ""),
                "the container would fail with \"executable file not found\"");
    }

    /** Whether a config mount provides container path {@code p} (a clean absolute path), at or above it. */
    private boolean underMount(String p) {
        if (mountDests == null) {
            mountDests = new PathSet();
            JsonValue ms = config.get("mounts");
            if (ms != null && ms.isArray()) {
                for (int i = 0; i < ms.size(); i++) {
                    String d = ms.at(i).string("destination");
                    if (d != null) {
                        mountDests.add(SemanticChecker.clean(d.startsWith("/") ? d : "/" + d));
                    }
                }
            }
        }
        return mountDests.covers(p);
    }

    /**
     * A set of clean absolute paths that answers "is P one of them, or below one of them" in
     * O(length of P), whatever the size of the set: a tree of path components.
     */
    static final class PathSet {
        private final Map<String, PathSet> children = new HashMap<>();
        private boolean member;

        void add(String clean) {
            PathSet n = this;
            int i = 1;
            while (i < clean.length()) {
                int slash = clean.indexOf('/', i);
                String part = clean.substring(i, slash < 0 ? clean.length() : slash);
                PathSet c = n.children.get(part);
                if (c == null) {
                    c = new PathSet();
                    n.children.put(part, c);
                }
                n = c;
                i = slash < 0 ? clean.length() : slash + 1;
            }
            n.member = true;
        }

        boolean covers(String clean) {
            PathSet n = this;
            int i = 1;
            while (!n.member && i < clean.length()) {
                int slash = clean.indexOf('/', i);
                n = n.children.get(clean.substring(i, slash < 0 ? clean.length() : slash));
                if (n == null) {
                    return false;
                }
                i = slash < 0 ? clean.length() : slash + 1;
            }
            return n.member;
        }
    }

    /**
     * The result of resolving a path inside a rootfs: the host path, or why there is none and,
     * when a component is missing, the container path of the first missing one.
     */
    record Resolved(Path path, String why, String missing) {}

    /** {@link #resolveInRoot(Path, Path)} of a container path given as text (null path when it is no file name). */
    public static Resolved resolveInRoot(Path rootfs, String inside) {
        return resolveInRoot(rootfs, inside, (Map<Path, Object>) null);
    }

    private static Resolved resolveInRoot(Path rootfs, String inside, Map<Path, Object> memo) {
        Path p;
        try {
            p = Path.of(inside);
        } catch (InvalidPathException e) {
            return new Resolved(null, Finding.clip(inside) + " is not a file name this JVM can use", null);
        }
        return resolveInRoot(rootfs, p, memo);
    }

    /**
     * Resolves {@code inside} (an absolute path in the container) within {@code rootfs}, one
     * component at a time without following links on the host: a symlink's target is read and
     * resolved again inside the rootfs (an absolute target from the rootfs's top, ".." never above
     * it), as the kernel would after the container's chroot. At most 40 links. Only lstat and
     * readlink: nothing in the rootfs is opened (a FIFO or a device there is only looked at).
     * Components are kept as paths, not text, so a link target's bytes are used as they are.
     */
    public static Resolved resolveInRoot(Path rootfs, Path inside) {
        return resolveInRoot(rootfs, inside, (Map<Path, Object>) null);
    }

    /** The resolution, with lstat memoized in {@code memo} (null: none; no lambda, for start-up). */
    private static Resolved resolveInRoot(Path rootfs, Path inside, Map<Path, Object> memo) {
        List<Path> todo = new ArrayList<>();
        push(todo, inside);
        List<Path> done = new ArrayList<>();
        Path cur = rootfs;     // the host path of done
        int links = 0;
        while (!todo.isEmpty()) {
            Path c = todo.remove(todo.size() - 1);
            String name = c.toString();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                    cur = cur.getParent();
                }
                continue;
            }
            Path host = cur.resolve(c);
            BasicFileAttributes at;
            try {
                at = memoLstat(memo, host);
            } catch (IOException e) {
                String missing = inside(done, c);
                return new Resolved(null, Finding.clip(missing) + " does not exist", missing);
            }
            if (at.isSymbolicLink()) {
                if (++links > 40) {
                    return new Resolved(null, "too many levels of symbolic links", null);
                }
                Path target;
                try {
                    target = Files.readSymbolicLink(host);
                } catch (IOException e) {
                    return new Resolved(null, "cannot read link " + host + ": " + e.getMessage(), null);
                }
                if (target.isAbsolute()) {
                    done.clear();
                    cur = rootfs;
                }
                push(todo, target);
                continue;
            }
            if (!todo.isEmpty() && !at.isDirectory()) {
                return new Resolved(null, Finding.clip(inside(done, c)) + " is not a directory", null);
            }
            done.add(c);
            cur = host;
        }
        return new Resolved(cur, null, null);
    }

    /** The container path of the resolved components and one more. */
    private static String inside(List<Path> done, Path c) {
        StringBuilder b = new StringBuilder();
        for (Path d : done) {
            b.append('/').append(d);
        }
        return b.append('/').append(c).toString();
    }

    /** Pushes the name elements of {@code p} so that the first one is on top. */
    private static void push(List<Path> stack, Path p) {
        for (int i = p.getNameCount() - 1; i >= 0; i--) {
            stack.add(p.getName(i));
        }
    }

    // ---- kernel ----------------------------------------------------------------------------

    private static final Set<String> KNOWN_NAMESPACES = Set.of("mount", "pid", "network", "uts", "ipc", "user", "cgroup", "time");

    private static String nsFile(String type) {
        switch (type) {
            case "mount": return "mnt";
            case "network": return "net";
            default: return type;
        }
    }

    private void namespaces(JsonValue nss) {
        if (nss == null || !nss.isArray()) {
            return;
        }
        for (int i = 0; i < nss.size(); i++) {
            JsonValue n = nss.at(i);
            String t = n.string("type");
            if (t == null) {
                continue;
            }
            String path = n.string("path");
            if (path != null && path.startsWith("/")) {
                Path f = onHost(path, "/linux/namespaces/" + i + "/path", n.get("path"), "the namespace path");
                if (f != null && !Files.exists(f)) {   // stat only: a FIFO or device there is not opened
                    error(RuleId.HOST_NAMESPACES_PATH_MISSING, "/linux/namespaces/" + i + "/path", n.get("path"), "namespace path "
                            + Finding.clip(path) + " does not exist", "the process or bind mount that held it is gone");
                } else if (f != null && !namespaceFile(path)) {
                    error(RuleId.HOST_NAMESPACES_PATH_NOT_NAMESPACE, "/linux/namespaces/" + i + "/path", n.get("path"), "namespace path "
                            + Finding.clip(path) + " is neither /proc/PID/ns/TYPE nor a bind mount of a namespace (no nsfs mount"
                            + " there in " + procRoot.resolve("self/mountinfo") + ")", "setns(2) refuses a file that is not a"
                            + " namespace (EINVAL): runc fails with \"can't get final child's PID from pipe: EOF\"");
                }
                continue;
            }
            if (!KNOWN_NAMESPACES.contains(t)) {
                continue;   // not a type at all (schema.enum): nothing to look up for it
            }
            Path f = procRoot.resolve("self/ns").resolve(nsFile(t));
            java.util.Set<String> present = facts.namespaceFiles();
            if (present != null && !present.contains(nsFile(t))) {
                error(RuleId.HOST_NAMESPACES_UNSUPPORTED, "/linux/namespaces/" + i, n, "this kernel has no " + t + " namespaces ("
                        + f + " is missing)", t.equals("time") ? "time namespaces need Linux 5.6" : "");
            }
        }
    }

    /** The host's cgroup mode, from /proc/self/mountinfo; null when unknown. */
    CgroupMode cgroupMode() {
        return facts.cgroupMode();
    }

    private void cgroups(JsonValue res) {
        if (res == null || !res.isObject()) {
            return;
        }
        CgroupMode layout = cgroupMode();
        if (layout == null) {
            return;
        }
        JsonValue unified = res.get("unified");
        if (unified != null && unified.isObject() && unified.size() > 0 && layout != CgroupMode.V2) {
            error(RuleId.HOST_CGROUP_UNIFIED_ON_V1, "/linux/resources/unified", unified, "resources.unified needs cgroup v2,"
                    + " but this host's cgroups are " + layout.label() + " (v1 controllers)",
                    "use the v1 fields (memory.limit, cpu.shares, ...) or run on a cgroup v2 host");
        }
        JsonValue mem = res.get("memory");
        if (layout == CgroupMode.V2 && mem != null && mem.isObject()) {
            JsonValue swap = mem.get("swap");
            JsonValue limit = mem.get("limit");
            if (swap != null && swap.isInteger() && swap.longValue(0) > 0 && (limit == null || limit.longValue(-1) <= 0)) {
                error(RuleId.HOST_CGROUP_SWAP_WITHOUT_LIMIT, "/linux/resources/memory/swap", swap,
                        "on cgroup v2, memory.swap needs memory.limit", "set memory.limit too");
            }
        }
    }

    private void sysctls(JsonValue sc) {
        if (sc == null || !sc.isObject()) {
            return;
        }
        Path sys = procRoot.resolve("sys");
        if (!facts.hasSys()) {
            return;
        }
        for (int i = 0; i < sc.size(); i++) {
            String k = sc.key(i);
            String rel = k.indexOf('/') >= 0 ? k : k.replace('.', '/');
            if (rel.isEmpty() || rel.startsWith("/") || rel.contains("..")) {
                continue;
            }
            if (rel.indexOf('\0') < 0 && !facts.sysctlExists(rel)) {   // NUL: path.null-byte says why
                error(RuleId.HOST_SYSCTL_UNKNOWN, "/linux/sysctl/" + SchemaChecker.escape(k), sc.at(i), "this kernel has no sysctl "
                        + Finding.clip(k) + " (" + sys + "/" + Finding.clip(rel) + " is missing)",
                        "check the name, or the module that provides it");
            }
        }
    }

    private void userMappings(JsonValue linux) {
        for (String k : new String[] {"uidMappings", "gidMappings"}) {
            JsonValue m = linux.get(k);
            if (m == null || !m.isArray()) {
                continue;
            }
            for (int i = 0; i < m.size(); i++) {
                JsonValue e = m.at(i);
                if (!e.isObject()) {
                    continue;
                }
                long h = e.get("hostID") != null ? e.get("hostID").longValue(-1) : -1;
                long s = e.get("size") != null ? e.get("size").longValue(-1) : -1;
                long c = e.get("containerID") != null ? e.get("containerID").longValue(-1) : -1;
                if (h >= 0 && s >= 0 && c >= 0 && (h + s > 4294967295L || c + s > 4294967295L)) {
                    error(RuleId.HOST_USER_MAPPINGS_RANGE, "/linux/" + k + "/" + i, e, k + " entry " + i + " runs past id 4294967294",
                            "the kernel refuses it: shrink size");
                }
                if (s == 0) {
                    error(RuleId.HOST_USER_MAPPINGS_RANGE, "/linux/" + k + "/" + i + "/size", e.get("size"), k + " entry " + i
                            + " has size 0", "the kernel refuses empty ranges");
                }
            }
        }
        if (newUserNamespace(linux) && "0".equals(facts.text("sys/user/max_user_namespaces"))) {
            error(RuleId.HOST_USER_NAMESPACE_DISABLED, "/linux/namespaces", linux.get("namespaces"),
                    "user namespaces are disabled on this host (user.max_user_namespaces = 0)",
                    "sysctl -w user.max_user_namespaces=15000");
        }
    }

    private void capabilities() {
        JsonValue proc = config.get("process");
        JsonValue caps = proc != null ? proc.get("capabilities") : null;
        if (caps == null || !caps.isObject()) {
            return;
        }
        int last = facts.capLastCap();
        if (last < 0) {
            return;
        }
        for (int i = 0; i < caps.size(); i++) {
            JsonValue set = caps.at(i);
            if (!set.isArray()) {
                continue;
            }
            for (int j = 0; j < set.size(); j++) {
                String c = set.at(j).isString() ? set.at(j).text() : null;
                Optional<Capability> cap = c == null ? Optional.empty() : Capability.byName(c);
                int n = cap.isPresent() ? cap.get().number() : -1;
                if (n > last) {
                    warn(RuleId.HOST_CAPABILITY_UNSUPPORTED, "/process/capabilities/" + caps.key(i) + "/" + j, set.at(j), c
                            + " is capability " + n + ", but this kernel stops at " + last + " (cap_last_cap)",
                            "runc ignores it with a warning; crun refuses it");
                }
            }
        }
    }

    /** An absolute host path, under the sys root; null when it cannot be a file name (see {@link #hostPath}). */
    private Path onHost(String absolute, String ptr, JsonValue at, String what) {
        int i = 0;
        while (i < absolute.length() && absolute.charAt(i) == '/') {
            i++;   // "//etc" is /etc, under the sys root too
        }
        return hostPath(sysRoot, absolute.substring(i), ptr, at, what);
    }

    private void mountTypes(JsonValue ms) {
        if (ms == null || !ms.isArray()) {
            return;
        }
        List<String> known = facts.filesystems();
        if (known == null) {
            return;
        }
        for (int i = 0; i < ms.size(); i++) {
            JsonValue m = ms.at(i);
            String type = m.string("type");
            if (type == null || type.isEmpty() || type.equals("bind") || type.equals("none") || known.contains(type)) {
                continue;
            }
            if (!isBind(m)) {
                error(RuleId.HOST_MOUNT_TYPE_UNKNOWN, "/mounts/" + i + "/type", m.get("type"), "this kernel does not know the"
                        + " filesystem type \"" + type + "\" (not in " + procRoot.resolve("filesystems") + ")",
                        "load its module (modprobe " + type + ") or fix the type");
            }
        }
    }

    /**
     * Hook paths resolve in the runtime namespace (the host), except startContainer's, which
     * resolve in the container (runtime-spec config.md): those are looked up inside the rootfs,
     * like args[0]. Nothing is run.
     */
    private void hooks(JsonValue hooks, Path rootfs) {
        if (hooks == null || !hooks.isObject()) {
            return;
        }
        for (String kind : SemanticChecker.HOOK_KINDS) {
            JsonValue list = hooks.get(kind);
            if (list == null || !list.isArray()) {
                continue;
            }
            for (int i = 0; i < list.size(); i++) {
                JsonValue p = list.at(i).get("path");
                if (p == null || !p.isString() || !p.text().startsWith("/")) {
                    continue;
                }
                String ptr = "/hooks/" + kind + "/" + i + "/path";
                if (kind.equals("startContainer")) {
                    if (rootfs == null || underMount(SemanticChecker.clean(p.text()))) {
                        continue;
                    }
                    Path inside = hostPath(rootfs.getRoot(), p.text(), ptr, p, "the hook");
                    if (inside == null) {
                        continue;
                    }
                    Resolved r = resolve(rootfs, inside);
                    if (r.path == null) {
                        error(RuleId.HOST_HOOK_MISSING, ptr, p, "startContainer hook " + Finding.clip(p.text()) + " is not in the rootfs: "
                                + r.why, "startContainer hooks run in the container: the path is looked up in its root filesystem");
                    } else if (!Files.isRegularFile(r.path, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(r.path)) {
                        error(RuleId.HOST_HOOK_NOT_EXECUTABLE, ptr, p, "startContainer hook " + Finding.clip(p.text()) + " in the rootfs"
                                + " is not an executable file", "chmod +x " + r.path);
                    }
                    continue;
                }
                // on the host: stat and access(2) only, nothing is opened
                Path f = onHost(p.text(), ptr, p, "the hook");
                if (f == null) {
                    continue;
                }
                if (!Files.exists(f)) {
                    error(RuleId.HOST_HOOK_MISSING, ptr, p, kind + " hook " + f + " does not exist", "the runtime would fail to run it");
                } else if (!Files.isRegularFile(f) || !Files.isExecutable(f)) {
                    error(RuleId.HOST_HOOK_NOT_EXECUTABLE, ptr, p, kind + " hook " + f + " is not an executable file", "chmod +x " + f);
                }
            }
        }
    }

    // ---- issue 13: what runc 1.1.5 refused and the host layer can see -------------------

    /** Whether a mount's options say bind or rbind: runc 1.1.5's only test of a bind, whatever the type. */
    static boolean isBind(JsonValue m) {
        JsonValue opts = m.get("options");
        if (opts != null && opts.isArray()) {
            for (int j = 0; j < opts.size(); j++) {
                String o = opts.at(j).text();
                if ("bind".equals(o) || "rbind".equals(o)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The host path of a mount's source, as runc 1.1.5 uses it: a bind's relative source is
     * relative to the bundle directory (specconv createLibcontainerMount); an absolute one is under
     * the sys root. Null when there is none to check.
     */
    private Path mountSource(JsonValue m, int i, boolean bind) {
        String src = m.string("source");
        if (src == null || src.isEmpty()) {
            return null;
        }
        String ptr = "/mounts/" + i + "/source";
        if (src.startsWith("/")) {
            return onHost(src, ptr, m.get("source"), "the mount source");
        }
        return bind ? hostPath(bundle.toAbsolutePath(), src, ptr, m.get("source"), "the mount source") : null;
    }

    /**
     * Item 1: a bind's source must exist (runc stats it: "stat SRC: no such file or directory"),
     * and so must the device of a filesystem that needs one (not "nodev" in /proc/filesystems:
     * mount(2) gives ENOENT). stat only: nothing is opened.
     */
    private void mountSources(JsonValue ms) {
        if (ms == null || !ms.isArray()) {
            return;
        }
        for (int i = 0; i < ms.size(); i++) {
            JsonValue m = ms.at(i);
            if (!m.isObject()) {
                continue;
            }
            boolean bind = isBind(m);
            String type = m.string("type");
            Set<String> block = bind ? null : facts.blockFilesystems();
            if (!bind && (block == null || type == null || !block.contains(type))) {
                continue;
            }
            Path src = mountSource(m, i, bind);
            if (src != null && !Files.exists(src)) {
                error(RuleId.HOST_MOUNT_SOURCE_MISSING, "/mounts/" + i + "/source", m.get("source"), (bind ? "bind mount source "
                        : type + " mount device ") + src + " does not exist on this host", bind
                        ? "runc fails with \"stat " + src + ": no such file or directory\"" + (m.string("source").startsWith("/") ? ""
                        : " (a relative bind source is relative to the bundle directory)")
                        : "a " + type + " mount needs an existing block device (or a loop device) as its source");
            }
        }
    }

    /**
     * Item 2: runc makes process.cwd with MkdirAll after the mounts: a file there, or on the way
     * there, fails with "mkdir CWD: not a directory". Resolved inside the rootfs; a cwd under a
     * mount of the config is not checked.
     */
    private void cwd(Path rootfs) {
        JsonValue proc = config.get("process");
        JsonValue cwd = proc != null ? proc.get("cwd") : null;
        if (cwd == null || !cwd.isString() || !cwd.text().startsWith("/")) {
            return;
        }
        String clean = SemanticChecker.clean(cwd.text());
        if (clean.equals("/") || underMount(clean)) {
            return;
        }
        Path inside = hostPath(rootfs.getRoot(), cwd.text(), "/process/cwd", cwd, "the cwd");
        if (inside == null) {
            return;
        }
        String notDir = notDirectory(rootfs, inside);
        if (notDir != null) {
            error(RuleId.HOST_CWD_NOT_DIRECTORY, "/process/cwd", cwd, "process.cwd " + Finding.clip(cwd.text()) + " is not a directory"
                    + " in the rootfs (" + notDir + ")", "runc fails with \"mkdir " + Finding.clip(cwd.text())
                    + ": not a directory\"; use a directory, or a path that does not exist yet");
        }
    }

    /**
     * Why {@code inside} cannot be a directory in the rootfs (it or a component on the way is
     * something else), or null: it is one, or it does not exist yet (then a runtime makes it).
     */
    private String notDirectory(Path rootfs, Path inside) {
        Resolved r = resolve(rootfs, inside);
        if (r.path() == null) {
            return r.missing() == null && r.why() != null && r.why().endsWith(" is not a directory") ? r.why() : null;
        }
        try {
            BasicFileAttributes at = lstat(r.path());
            return at.isDirectory() ? null : containerPath(rootfs, r.path()) + " is " + kind(at);
        } catch (IOException e) {
            return null;
        }
    }

    private static String kind(BasicFileAttributes at) {
        return at.isRegularFile() ? "a file" : at.isSymbolicLink() ? "a symlink" : at.isDirectory() ? "a directory" : "a special file";
    }

    /** The container path of a host path inside the rootfs. */
    private static String containerPath(Path rootfs, Path host) {
        String rel = rootfs.relativize(host).toString();
        return rel.isEmpty() ? "/" : "/" + rel;
    }

    /**
     * Item 3: runc 1.1.5 mounts a filesystem on a directory (MkdirAll, or mount(2) over a file:
     * ENOTDIR), and a bind's target is created as the source's kind when missing, but mount(2)
     * refuses a file onto a directory or a directory onto a file (ENOTDIR). Destinations are
     * resolved inside the rootfs; one at or under an earlier mount of the config (e.g. /dev/shm
     * under a /dev tmpfs) shows that mount's contents, not the rootfs's, and is not checked.
     */
    private void mountDestinations(Path rootfs, JsonValue ms) {
        if (ms == null || !ms.isArray()) {
            return;
        }
        PathSet earlier = new PathSet();
        for (int i = 0; i < ms.size(); i++) {
            JsonValue m = ms.at(i);
            String dest = m.isObject() ? m.string("destination") : null;
            if (dest == null || !dest.startsWith("/") || dest.indexOf('\0') >= 0) {
                continue;
            }
            String clean = SemanticChecker.clean(dest);
            boolean covered = earlier.covers(clean);
            earlier.add(clean);
            if (covered) {
                underReadOnly(ms, i, clean);
            }
            if (covered || clean.equals("/")) {
                continue;
            }
            String ptr = "/mounts/" + i + "/destination";
            Path inside = hostPath(rootfs.getRoot(), clean, ptr, m.get("destination"), "the mount destination");
            if (inside == null) {
                continue;
            }
            Resolved r = resolve(rootfs, inside);
            String type = m.string("type");
            boolean bind = isBind(m);
            if (r.path() == null) {
                if (r.missing() == null && r.why() != null && r.why().endsWith(" is not a directory")) {
                    error(RuleId.HOST_MOUNT_DESTINATION_NOT_DIRECTORY, ptr, m.get("destination"), "mount destination "
                            + Finding.clip(dest) + " cannot be made in the rootfs: " + r.why(),
                            "runc fails with \"not a directory\"; mount somewhere else");
                }
                continue;
            }
            if (earlier.covers(containerPath(rootfs, r.path())) && !containerPath(rootfs, r.path()).equals(clean)) {
                continue;   // a link into an earlier mount: its contents are not the rootfs's
            }
            BasicFileAttributes at;
            try {
                at = lstat(r.path());
            } catch (IOException e) {
                continue;
            }
            if (!bind) {
                if (("proc".equals(type) || "sysfs".equals(type)) && lexicalLink(rootfs, clean)) {
                    error(RuleId.HOST_MOUNT_DESTINATION_NOT_DIRECTORY, ptr, m.get("destination"), "mount destination " + Finding.clip(dest)
                            + " is a symlink in the rootfs", "runc refuses it: filesystem \"" + type + "\" must be mounted on"
                            + " ordinary directory");
                } else if (!at.isDirectory()) {
                    error(RuleId.HOST_MOUNT_DESTINATION_NOT_DIRECTORY, ptr, m.get("destination"), "mount destination " + Finding.clip(dest)
                            + " is " + kind(at) + " in the rootfs (" + containerPath(rootfs, r.path()) + "): a " + (type == null
                            ? "" : type + " ") + "mount needs a directory", "runc fails with \"mount " + (type == null ? "" : type)
                            + ":" + Finding.clip(dest) + ": not a directory\"; mount it elsewhere, or bind-mount a file there");
                }
                continue;
            }
            Path src = mountSource(m, i, true);
            BasicFileAttributes sat;
            try {
                sat = src == null ? null : Files.readAttributes(src, BasicFileAttributes.class);   // runc's os.Stat follows links
            } catch (IOException e) {
                sat = null;   // missing: host.mount.source-missing
            }
            if (sat != null && sat.isDirectory() != at.isDirectory()) {
                error(RuleId.HOST_MOUNT_BIND_KIND_MISMATCH, ptr, m.get("destination"), "bind mount of " + (sat.isDirectory()
                        ? "the directory " : "the file ") + src + " onto " + Finding.clip(dest) + ", which is " + kind(at)
                        + " in the rootfs", "mount(2) fails with ENOTDIR (\"not a directory\"): bind a file onto a file and a"
                        + " directory onto a directory, or pick a destination that does not exist");
            }
        }
    }

    /** Whether the last component of {@code clean} is a symlink, its parent resolved inside the rootfs. */
    private boolean lexicalLink(Path rootfs, String clean) {
        int slash = clean.lastIndexOf('/');
        Resolved parent = resolve(rootfs, slash <= 0 ? "/" : clean.substring(0, slash));
        if (parent.path() == null) {
            return false;
        }
        try {
            Path p = parent.path().resolve(clean.substring(slash + 1));
            return lstat(p).isSymbolicLink();
        } catch (IOException | InvalidPathException e) {
            return false;
        }
    }

    /**
     * Whether a clean path has the form /proc/(self|thread-self|PID)[/task/TID]/ns/NAME, NAME of
     * a-z and _ (by hand: a regex costs milliseconds at start).
     */
    static boolean isProcNsPath(String p) {
        if (!p.startsWith("/proc/")) {
            return false;
        }
        int i = "/proc/".length();
        int slash = p.indexOf('/', i);
        if (slash < 0) {
            return false;
        }
        String who = p.substring(i, slash);
        if (!who.equals("self") && !who.equals("thread-self") && !SemanticChecker.digits(who)) {
            return false;
        }
        i = slash;
        if (p.startsWith("/task/", i)) {
            slash = p.indexOf('/', i + "/task/".length());
            if (slash < 0 || !SemanticChecker.digits(p.substring(i + "/task/".length(), slash))) {
                return false;
            }
            i = slash;
        }
        if (!p.startsWith("/ns/", i) || p.length() == i + "/ns/".length()) {
            return false;
        }
        for (int k = i + "/ns/".length(); k < p.length(); k++) {
            char c = p.charAt(k);
            if (!(c >= 'a' && c <= 'z' || c == '_')) {
                return false;
            }
        }
        return true;
    }


    /**
     * Item 4: whether an existing namespace path is a namespace file. Java cannot statfs, so: the
     * /proc/PID/ns/TYPE forms, or a path (links resolved under the sys root) where the host's
     * mountinfo shows an nsfs mount. Unknown mountinfo: true (nothing to say).
     */
    private boolean namespaceFile(String path) {
        String clean = SemanticChecker.clean(path);
        if (isProcNsPath(clean)) {
            return true;
        }
        List<dev.jns.core.proc.MountInfo> mounts = facts.mounts();
        if (mounts == null) {
            return true;
        }
        Set<String> nsfs = new HashSet<>();
        for (dev.jns.core.proc.MountInfo mi : mounts) {
            if ("nsfs".equals(mi.fsType())) {
                nsfs.add(mi.mountPoint());
            }
        }
        if (nsfs.contains(clean)) {
            return true;
        }
        Resolved r = resolve(sysRoot, clean);
        if (r.path() == null) {
            return true;   // a link that leaves nothing to look at: not ours to judge
        }
        String real = containerPath(sysRoot, r.path());
        return nsfs.contains(real) || isProcNsPath(real);
    }

    /**
     * Item 5: security modules and resctrl the config asks for. AppArmor: runc writes the profile
     * to /proc/self/attr/exec, EINVAL without AppArmor. SELinux: runc's validator refuses a process
     * label, and a mount label becomes a context= option that mount(2) refuses. Intel RDT: runc's
     * validator refuses a schema without resctrl. Read under the sys root and procRoot's mountinfo;
     * unknown (no sys directory, no mountinfo): not checked.
     */
    private void securityModules(JsonValue cfg) {
        JsonValue proc = cfg.get("process");
        JsonValue aa = proc != null && proc.isObject() ? proc.get("apparmorProfile") : null;
        if (aa != null && aa.isString() && !aa.text().isEmpty() && Files.isDirectory(sysRoot.resolve("sys/kernel"))) {
            boolean dir = Files.isDirectory(sysRoot.resolve("sys/kernel/security/apparmor"));
            String enabled = HostFacts.sysText(sysRoot.resolve("sys/module/apparmor/parameters/enabled"));
            if (!dir || enabled == null || !enabled.startsWith("Y")) {
                error(RuleId.HOST_APPARMOR_UNAVAILABLE, "/process/apparmorProfile", aa, "apparmorProfile " + Finding.clip(aa.text())
                        + " on a host without AppArmor (" + (!dir ? "no /sys/kernel/security/apparmor" : "")
                        + (!dir && (enabled == null || !enabled.startsWith("Y")) ? ", " : "")
                        + (enabled == null ? "no /sys/module/apparmor/parameters/enabled" : enabled.startsWith("Y") ? ""
                        : "/sys/module/apparmor/parameters/enabled is " + Finding.clip(enabled)) + ")",
                        "runc fails with \"apparmor failed to apply profile: write /proc/self/attr/exec: invalid argument\"; remove it");
            }
        }
        JsonValue linux = cfg.get("linux");
        JsonValue sl = proc != null && proc.isObject() ? proc.get("selinuxLabel") : null;
        JsonValue ml = linux != null && linux.isObject() ? linux.get("mountLabel") : null;
        boolean wantsSl = sl != null && sl.isString() && !sl.text().isEmpty();
        boolean wantsMl = ml != null && ml.isString() && !ml.text().isEmpty() && labelledMount(cfg.get("mounts"));
        if ((wantsSl || wantsMl) && seLinux() == Boolean.FALSE) {
            if (wantsSl) {
                error(RuleId.HOST_SELINUX_UNAVAILABLE, "/process/selinuxLabel", sl, "selinuxLabel on a host without SELinux (no selinuxfs"
                        + " mounted, no /sys/fs/selinux)", "runc fails with \"selinux label is specified in config, but selinux is"
                        + " disabled or not supported\"; remove it");
            }
            if (wantsMl) {
                error(RuleId.HOST_SELINUX_UNAVAILABLE, "/linux/mountLabel", ml, "mountLabel on a host without SELinux (no selinuxfs"
                        + " mounted, no /sys/fs/selinux)", "runc passes it to mount(2) as context=..., which fails with EINVAL"
                        + " (\"invalid argument\"); remove it");
            }
        }
        JsonValue rdt = linux != null && linux.isObject() ? linux.get("intelRdt") : null;
        if (rdt != null && rdt.isObject()) {
            intelRdt(rdt);
        }
    }

    /** Whether a mount of the config gets runc's mount label: not a bind, proc, sysfs, mqueue or cgroup. */
    private static boolean labelledMount(JsonValue ms) {
        if (ms == null || !ms.isArray()) {
            return false;
        }
        for (int i = 0; i < ms.size(); i++) {
            JsonValue m = ms.at(i);
            String t = m.isObject() ? m.string("type") : null;
            if (t != null && !isBind(m) && !Set.of("proc", "sysfs", "mqueue", "cgroup", "bind").contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether SELinux is on (a selinuxfs mount, or /sys/fs/selinux/enforce); null when unknown. */
    private Boolean seLinux() {
        List<dev.jns.core.proc.MountInfo> mounts = facts.mounts();
        if (mounts != null) {
            for (dev.jns.core.proc.MountInfo mi : mounts) {
                if ("selinuxfs".equals(mi.fsType())) {
                    return true;
                }
            }
        }
        if (Files.exists(sysRoot.resolve("sys/fs/selinux/enforce"))) {
            return true;
        }
        return mounts != null || Files.isDirectory(sysRoot.resolve("sys/fs")) ? Boolean.FALSE : null;
    }

    private void intelRdt(JsonValue rdt) {
        List<dev.jns.core.proc.MountInfo> mounts = facts.mounts();
        if (mounts == null) {
            return;
        }
        String resctrl = null;
        for (dev.jns.core.proc.MountInfo mi : mounts) {
            if ("resctrl".equals(mi.fsType())) {
                resctrl = mi.mountPoint();
                break;
            }
        }
        boolean any = false;
        for (String[] k : new String[][] {{"l3CacheSchema", "L3", "CAT"}, {"memBwSchema", "MB", "MBA"}}) {
            JsonValue v = rdt.get(k[0]);
            if (v == null || !v.isString() || v.text().isEmpty()) {
                continue;
            }
            any = true;
            Path info = resctrl == null ? null : onHost(resctrl + "/info/" + k[1], "/linux/intelRdt/" + k[0], v, "resctrl");
            if (resctrl == null || (info != null && !Files.isDirectory(info))) {
                error(RuleId.HOST_INTEL_RDT_UNAVAILABLE, "/linux/intelRdt/" + k[0], v, "intelRdt." + k[0] + " on a host without Intel RDT/"
                        + k[2] + " (" + (resctrl == null ? "no resctrl filesystem in " + procRoot.resolve("self/mountinfo")
                        : "no " + info) + ")", "runc fails with \"intelRdt." + k[0] + " is specified in config, but Intel RDT/"
                        + k[2] + " is not enabled\"; remove it, or mount resctrl on a CPU that has it");
            }
        }
        JsonValue clos = rdt.get("closID");
        if (!any && resctrl == null && clos != null && clos.isString() && !clos.text().isEmpty()) {
            warn(RuleId.HOST_INTEL_RDT_CLOSID_IGNORED, "/linux/intelRdt/closID", clos, "intelRdt.closID on a host without resctrl",
                    "runc 1.1.5 makes no Intel RDT manager without CAT or MBA: the container runs outside any CLOS");
        }
    }


    /**
     * A destination under an earlier read-only mount of the config (the deepest one that covers
     * it) must already exist there: runc's mkdir (or a bind's file) in it fails with EROFS. Known
     * contents only: a fresh tmpfs or mqueue is empty, a sysfs shows the host's /sys, a bind its
     * source. runc mounts /dev read-write and makes it read-only last, so /dev is not one.
     */
    private void underReadOnly(JsonValue ms, int i, String clean) {
        JsonValue over = null;
        String overDest = null;
        for (int j = 0; j < i; j++) {
            JsonValue e = ms.at(j);
            String d = e.isObject() ? e.string("destination") : null;
            if (d == null || !d.startsWith("/") || d.indexOf('\0') >= 0) {
                continue;
            }
            String c = SemanticChecker.clean(d);
            boolean below = c.equals("/") ? !clean.equals("/") : clean.startsWith(c + "/");
            if (below && (overDest == null || c.length() >= overDest.length())) {
                over = e;
                overDest = c;
            }
        }
        if (over == null || overDest.equals("/dev") || !hasOption(over, "ro")) {
            return;
        }
        String rel = clean.substring(overDest.equals("/") ? 1 : overDest.length() + 1);
        String type = over.string("type");
        Path there;
        if (isBind(over)) {
            String src = over.string("source");
            if (src == null || !src.startsWith("/")) {
                return;
            }
            Path s = onHost(src, "/mounts/" + i + "/destination", ms.at(i).get("destination"), "the mount destination");
            there = s == null ? null : hostPath(s, rel, "/mounts/" + i + "/destination", ms.at(i).get("destination"), "the mount destination");
        } else if ("sysfs".equals(type)) {
            there = hostPath(sysRoot.resolve("sys"), rel, "/mounts/" + i + "/destination", ms.at(i).get("destination"), "the mount destination");
        } else if ("tmpfs".equals(type) || "mqueue".equals(type)) {
            there = null;   // empty
        } else {
            return;
        }
        if (there != null && (isBind(over) ? Files.exists(there) : Files.exists(there, LinkOption.NOFOLLOW_LINKS))) {
            return;
        }
        if (there == null && !"tmpfs".equals(type) && !"mqueue".equals(type)) {
            return;   // a name this JVM cannot use: warned about already
        }
        JsonValue dest = ms.at(i).get("destination");
        error(RuleId.HOST_MOUNT_DESTINATION_READ_ONLY, "/mounts/" + i + "/destination", dest, "mount destination " + Finding.clip(clean)
                + " is under the read-only " + (isBind(over) ? "bind" : type) + " mount at " + overDest + " of this config, where "
                + Finding.clip(rel) + " does not exist", "runc fails with \"mkdir ...: read-only file system\"; mount it elsewhere,"
                + " or before the read-only mount");
    }

    private static boolean hasOption(JsonValue m, String option) {
        JsonValue opts = m.get("options");
        if (opts != null && opts.isArray()) {
            for (int j = 0; j < opts.size(); j++) {
                if (option.equals(opts.at(j).text())) {
                    return true;
                }
            }
        }
        return false;
    }
}

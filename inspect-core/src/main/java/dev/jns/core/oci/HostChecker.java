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

    public void check(JsonValue cfg) {
        this.config = cfg;
        Path rootfs = rootfs();
        if (rootfs != null) {
            args0(rootfs);
            usernsAccess(rootfs);
        }
        JsonValue linux = cfg.get("linux");
        if (linux != null && linux.isObject()) {
            namespaces(linux.get("namespaces"));
            cgroups(linux.get("resources"));
            sysctls(linux.get("sysctl"));
            userMappings(linux);
        }
        capabilities();
        mountTypes(cfg.get("mounts"));
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
        Path cur = rootfs.getRoot();
        BasicFileAttributes at;
        try {
            at = Files.readAttributes(cur, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            at = null;
        }
        for (Path part : rootfs) {
            cur = cur.resolve(part);
            try {
                at = Files.readAttributes(cur, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                error("host.rootfs.missing", "/root/path", p, "rootfs " + rootfs + " does not exist"
                        + (cur.equals(rootfs) ? "" : " (" + cur + " is missing)"),
                        "unpack an image there, e.g. mkdir -p rootfs && tar -C rootfs -xf image.tar");
                return null;
            }
            if (at.isSymbolicLink()) {
                error("host.rootfs.symlink", "/root/path", p, "rootfs path " + rootfs + " goes through the symlink " + cur,
                        "runc refuses a rootfs path with a symlink in it; use the resolved path " + real(rootfs));
                return null;
            }
        }
        if (at == null || !at.isDirectory()) {
            error("host.rootfs.not-directory", "/root/path", p, "rootfs " + rootfs + " is not a directory", "");
            return null;
        }
        return rootfs;
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
            warn("host.path-unencodable", ptr, at, "cannot check " + what + " on this host: \"" + Finding.clip(s)
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
                    error("host.rootfs.userns-access", "/root/path", root != null ? root.get("path") : null, "the container's root"
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
            error("host.args0.not-found", "/process/args/0", a0, "process.args[0] is empty", "");
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
                error("host.args0.not-found", "/process/args/0", a0, "\"" + Finding.clip(name) + "\" has no '/' and process.env has no PATH"
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
            Resolved r = resolveInRoot(rootfs, inside);
            if (r.path == null && r.missing != null && !r.missing.equals(clean)) {
                missingDirs.add(r.missing);
            }
            if (r.path == null) {
                why = r.why;
                continue;
            }
            try {
                PosixFileAttributes at = Files.readAttributes(r.path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!at.isRegularFile()) {
                    why = Finding.clip(c) + " is not a regular file";
                    continue;
                }
                Set<PosixFilePermission> perms = at.permissions();
                if (!perms.contains(PosixFilePermission.OWNER_EXECUTE) && !perms.contains(PosixFilePermission.GROUP_EXECUTE)
                        && !perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    error("host.args0.not-executable", "/process/args/0", a0, Finding.clip(c) + " in the rootfs is not executable",
                            "chmod +x " + r.path);
                    return;
                }
                return;
            } catch (IOException e) {
                why = Finding.clip(c) + ": " + e.getMessage();
            }
        }
        error("host.args0.not-found", "/process/args/0", a0, "\"" + Finding.clip(name) + "\" is not found in the rootfs"
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
        Path p;
        try {
            p = Path.of(inside);
        } catch (InvalidPathException e) {
            return new Resolved(null, Finding.clip(inside) + " is not a file name this JVM can use", null);
        }
        return resolveInRoot(rootfs, p);
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
                at = Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
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
                    error("host.namespaces.path-missing", "/linux/namespaces/" + i + "/path", n.get("path"), "namespace path "
                            + Finding.clip(path) + " does not exist", "the process or bind mount that held it is gone");
                }
                continue;
            }
            if (!KNOWN_NAMESPACES.contains(t)) {
                continue;   // not a type at all (schema.enum): nothing to look up for it
            }
            Path f = procRoot.resolve("self/ns").resolve(nsFile(t));
            java.util.Set<String> present = facts.namespaceFiles();
            if (present != null && !present.contains(nsFile(t))) {
                error("host.namespaces.unsupported", "/linux/namespaces/" + i, n, "this kernel has no " + t + " namespaces ("
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
            error("host.cgroup.unified-on-v1", "/linux/resources/unified", unified, "resources.unified needs cgroup v2,"
                    + " but this host's cgroups are " + layout.label() + " (v1 controllers)",
                    "use the v1 fields (memory.limit, cpu.shares, ...) or run on a cgroup v2 host");
        }
        JsonValue mem = res.get("memory");
        if (layout == CgroupMode.V2 && mem != null && mem.isObject()) {
            JsonValue swap = mem.get("swap");
            JsonValue limit = mem.get("limit");
            if (swap != null && swap.isInteger() && swap.longValue(0) > 0 && (limit == null || limit.longValue(-1) <= 0)) {
                error("host.cgroup.swap-without-limit", "/linux/resources/memory/swap", swap,
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
                error("host.sysctl.unknown", "/linux/sysctl/" + SchemaChecker.escape(k), sc.at(i), "this kernel has no sysctl "
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
                    error("host.user-mappings.range", "/linux/" + k + "/" + i, e, k + " entry " + i + " runs past id 4294967294",
                            "the kernel refuses it: shrink size");
                }
                if (s == 0) {
                    error("host.user-mappings.range", "/linux/" + k + "/" + i + "/size", e.get("size"), k + " entry " + i
                            + " has size 0", "the kernel refuses empty ranges");
                }
            }
        }
        if (newUserNamespace(linux) && "0".equals(facts.text("sys/user/max_user_namespaces"))) {
            error("host.user-namespace.disabled", "/linux/namespaces", linux.get("namespaces"),
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
                    warn("host.capability.unsupported", "/process/capabilities/" + caps.key(i) + "/" + j, set.at(j), c
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
            boolean bind = false;
            JsonValue opts = m.get("options");
            if (opts != null && opts.isArray()) {
                for (int j = 0; j < opts.size(); j++) {
                    String o = opts.at(j).text();
                    if ("bind".equals(o) || "rbind".equals(o)) {
                        bind = true;
                    }
                }
            }
            if (!bind) {
                error("host.mount.type-unknown", "/mounts/" + i + "/type", m.get("type"), "this kernel does not know the"
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
                    Resolved r = resolveInRoot(rootfs, inside);
                    if (r.path == null) {
                        error("host.hook.missing", ptr, p, "startContainer hook " + Finding.clip(p.text()) + " is not in the rootfs: "
                                + r.why, "startContainer hooks run in the container: the path is looked up in its root filesystem");
                    } else if (!Files.isRegularFile(r.path, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(r.path)) {
                        error("host.hook.not-executable", ptr, p, "startContainer hook " + Finding.clip(p.text()) + " in the rootfs"
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
                    error("host.hook.missing", ptr, p, kind + " hook " + f + " does not exist", "the runtime would fail to run it");
                } else if (!Files.isRegularFile(f) || !Files.isExecutable(f)) {
                    error("host.hook.not-executable", ptr, p, kind + " hook " + f + " is not an executable file", "chmod +x " + f);
                }
            }
        }
    }
}

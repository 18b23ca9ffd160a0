package dev.jns.core.oci.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jns.core.oci.JsonValue;
import dev.jns.core.oci.inspect.Inspection.Capabilities;
import dev.jns.core.oci.inspect.Inspection.IdMapping;
import dev.jns.core.oci.inspect.Inspection.Limit;
import dev.jns.core.oci.inspect.Inspection.Mode;
import dev.jns.core.oci.inspect.Inspection.Mount;
import dev.jns.core.oci.inspect.Inspection.Namespace;
import dev.jns.core.oci.inspect.Inspection.Risk;
import dev.jns.core.oci.inspect.Inspection.Root;
import dev.jns.core.oci.inspect.Inspection.Seccomp;
import dev.jns.core.oci.inspect.Inspection.Security;
import dev.jns.core.oci.inspect.Inspection.Users;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Explains an OCI runtime config: what the container's process, namespaces, mounts, limits and
 * confinement will be, and a risk summary. Works on the tree of {@link JsonValue}s that
 * {@code jns oci validate} reads ({@link ConfigReader}): one parser, one tree. Nothing in the
 * bundle is opened or run. Never throws on an odd shape (a missing section, a wrong type): that part is
 * reported as unknown or skipped; checking shapes is {@code jns oci validate}'s job.
 */
public final class Inspector {
    /** Namespace types in runc spec's order, then the rest. */
    public static final List<String> NAMESPACE_TYPES =
            List.of("pid", "network", "ipc", "uts", "mount", "user", "cgroup", "time");

    private static final Set<String> SENSITIVE_HOST_PATHS = Set.of("/", "/proc", "/sys", "/dev", "/etc", "/boot",
            "/root", "/run", "/var/run", "/var/lib/docker", "/var/lib/containerd", "/var/lib/kubelet", "/lib/modules",
            "/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock",
            "/var/run/containerd/containerd.sock", "/run/crio/crio.sock", "/var/run/crio/crio.sock",
            "/run/podman/podman.sock");

    /** Device nodes commonly bound into containers; harmless. */
    private static final Set<String> HARMLESS_DEVICES = Set.of("/dev/null", "/dev/zero", "/dev/full", "/dev/random",
            "/dev/urandom", "/dev/tty", "/dev/console", "/dev/ptmx", "/dev/pts", "/dev/shm", "/dev/mqueue", "/dev/fuse");

    private Inspector() {}

    /** Inspects the config at {@code pathOrBundle}; see {@link ConfigReader#read(Path)} for the errors. */
    public static Inspection inspect(Path pathOrBundle) {
        ConfigReader.Loaded c = ConfigReader.read(pathOrBundle);
        return inspect(c.file(), c.root());
    }

    /**
     * Inspects a config built in memory (the tree of {@code jns oci spec}): written as its
     * config.json would be, then read as the file is. {@code file} is only reported.
     *
     * @throws dev.jns.core.ParseException when it is not a JSON object
     */
    public static Inspection inspect(Path file, JsonNode config) {
        return inspect(file, ConfigReader.parse(file, JsonText.compact(config).getBytes(StandardCharsets.UTF_8)));
    }

    /** Inspects a parsed config (an object; anything else reads as an empty one); {@code file} is only reported. */
    public static Inspection inspect(Path file, JsonValue config) {
        JsonValue process = obj(config.get("process"));
        JsonValue linux = obj(config.get("linux"));
        Inspection.Process proc = process == null ? null : process(process);
        JsonValue rootNode = obj(config.get("root"));
        Root root = rootNode == null ? null
                : new Root(text(rootNode.get("path")), Boolean.TRUE.equals(bool(rootNode.get("readonly"))));
        String hostname = text(config.get("hostname"));
        List<Namespace> namespaces = namespaces(linux, hostname);
        List<Mount> mounts = mounts(config.get("mounts"));
        JsonValue resources = linux == null ? null : obj(linux.get("resources"));
        List<Limit> limits = new ArrayList<>();
        if (resources != null) {
            flatten("", 0, resources, limits);
        }
        List<String> devices = devices(resources);
        Capabilities caps = capabilities(process == null ? null : obj(process.get("capabilities")));
        Security security = security(process, linux);
        Users users = users(linux, namespaces);
        Inspection withoutRisks = new Inspection(file, text(config.get("ociVersion")), proc, root, hostname,
                namespaces, mounts, linux == null ? null : text(linux.get("cgroupsPath")), List.copyOf(limits),
                devices, caps, security, users, hooks(obj(config.get("hooks"))), List.of());
        return withoutRisks.withRisks(risks(withoutRisks, resources));
    }

    // ---- sections ----

    private static Inspection.Process process(JsonValue p) {
        JsonValue user = obj(p.get("user"));
        List<Long> gids = null;
        JsonValue additional = user == null ? null : user.get("additionalGids");
        if (additional != null && additional.isArray()) {
            gids = new ArrayList<>();
            for (int k = 0; k < additional.size(); k++) {
                Long v = integer(additional.at(k));
                if (v != null) {
                    gids.add(v);
                }
            }
            gids = List.copyOf(gids);
        }
        return new Inspection.Process(strings(p.get("args")), user == null ? null : integer(user.get("uid")),
                user == null ? null : integer(user.get("gid")), gids, text(p.get("cwd")), strings(p.get("env")),
                bool(p.get("terminal")), bool(p.get("noNewPrivileges")));
    }

    private static List<Namespace> namespaces(JsonValue linux, String hostname) {
        JsonValue list = linux == null ? null : linux.get("namespaces");
        List<Namespace> out = new ArrayList<>();
        if (list != null && !list.isArray() && list.kind() != JsonValue.Kind.NULL) {
            for (String t : NAMESPACE_TYPES) {
                out.add(new Namespace(t, Mode.UNKNOWN, null, "unknown: linux.namespaces is not a list"));
            }
            return List.copyOf(out);
        }
        Map<String, JsonValue> first = new LinkedHashMap<>();
        if (list != null && list.isArray()) {
            for (int k = 0; k < list.size(); k++) {
                JsonValue n = list.at(k);
                String type = n.isObject() ? text(n.get("type")) : null;
                if (type != null && !first.containsKey(type)) {
                    first.put(type, n);
                }
            }
        }
        java.util.LinkedHashSet<String> types = new java.util.LinkedHashSet<>(NAMESPACE_TYPES);
        types.addAll(first.keySet());   // a set: 100,000 made-up types cost no quadratic search
        for (String t : types) {
            JsonValue n = first.get(t);
            if (n == null) {
                out.add(new Namespace(t, Mode.HOST, null, hostMeaning(t)));
                continue;
            }
            String path = text(n.get("path"));
            if (path != null && !path.isEmpty()) {
                String host = hostsNamespace(path) ? " (PID 1's: normally the host's own)" : "";
                out.add(new Namespace(t, Mode.JOINED, path, "joins the " + t + " namespace at " + path + host));
            } else {
                out.add(new Namespace(t, Mode.NEW, null, newMeaning(t, hostname)));
            }
        }
        return List.copyOf(out);
    }

    /** Whether a namespace path names PID 1's namespace, which is the host's when seen from the host. */
    static boolean hostsNamespace(String path) {
        return path.startsWith("/proc/1/ns/");
    }

    private static String hostMeaning(String type) {
        switch (type) {
            case "pid": return "shares the host PID namespace: sees every host process, and can signal or trace"
                    + " those its uid and capabilities allow";
            case "network": return "shares the host network namespace: sees and can bind every host interface";
            case "ipc": return "shares the host IPC namespace: reaches the host's System V IPC objects and POSIX"
                    + " message queues";
            case "uts": return "shares the host UTS namespace: cannot have its own hostname; a hostname change"
                    + " would rename the host";
            case "mount": return "shares the host mount namespace: sees the host's mounts, and its mounts land"
                    + " on the host";
            case "user": return "no user namespace: container uids are host uids, so uid 0 inside is root on"
                    + " the host";
            case "cgroup": return "shares the host cgroup namespace: sees its full cgroup path on the host";
            case "time": return "shares the host's clocks (the usual case)";
            default: return "not requested";
        }
    }

    private static String newMeaning(String type, String hostname) {
        switch (type) {
            case "pid": return "own PID namespace: the process is PID 1 and sees only the container's processes";
            case "network": return "own network namespace: only a loopback interface unless a hook adds one";
            case "ipc": return "own IPC namespace: private System V IPC and POSIX message queues";
            case "uts": return "own UTS namespace: hostname " + (hostname == null ? "unchanged (the host's)"
                    : "'" + hostname + "'");
            case "mount": return "own mount namespace: sees the rootfs and the mounts below, not the host's";
            case "user": return "own user namespace: ids are mapped as shown below";
            case "cgroup": return "own cgroup namespace: its cgroup appears as /";
            case "time": return "own time namespace: its own monotonic and boot-time clock offsets";
            default: return "new " + type + " namespace (type unknown to jns)";
        }
    }

    /** Hook stages in the order they run; the first three (and poststart/poststop) run in the runtime's namespaces. */
    private static final List<String> HOOK_STAGES = List.of("prestart", "createRuntime", "createContainer",
            "startContainer", "poststart", "poststop");

    private static List<Inspection.Hook> hooks(JsonValue hooks) {
        if (hooks == null) {
            return List.of();
        }
        List<Inspection.Hook> out = new ArrayList<>();
        for (String stage : HOOK_STAGES) {
            JsonValue list = hooks.get(stage);
            if (list == null || !list.isArray()) {
                continue;
            }
            for (int k = 0; k < list.size(); k++) {
                JsonValue h = list.at(k);
                if (h.isObject()) {
                    // createContainer and startContainer run in the container's namespaces
                    boolean onHost = !stage.equals("createContainer") && !stage.equals("startContainer");
                    out.add(new Inspection.Hook(stage, text(h.get("path")), strings(h.get("args")), onHost));
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<Mount> mounts(JsonValue list) {
        List<Mount> out = new ArrayList<>();
        if (list == null || !list.isArray()) {
            return List.of();
        }
        for (int k = 0; k < list.size(); k++) {
            JsonValue m = list.at(k);
            if (!m.isObject()) {
                continue;
            }
            List<String> options = strings(m.get("options"));
            if (options == null) {
                options = List.of();
            }
            String type = text(m.get("type"));
            boolean bind = "bind".equals(type) || options.contains("bind") || options.contains("rbind");
            out.add(new Mount(text(m.get("destination")), type, text(m.get("source")), options, bind,
                    options.contains("ro")));
        }
        return List.copyOf(out);
    }

    /** Resources are at most three levels deep (rdma.DEVICE.hcaHandles); deeper objects are shown whole. */
    private static final int LIMIT_DEPTH = 4;

    private static void flatten(String prefix, int depth, JsonValue n, List<Limit> out) {
        if (n.isObject() && depth < LIMIT_DEPTH) {
            for (int k = 0; k < n.size(); k++) {
                String key = n.key(k);
                if (prefix.isEmpty() && key.equals("devices")) {
                    continue;
                }
                flatten(prefix.isEmpty() ? key : prefix + "." + key, depth + 1, n.at(k), out);
            }
        } else if (n.kind() != JsonValue.Kind.NULL) {
            out.add(new Limit(prefix, JsonText.plain(n)));   // an array or a deeper object as compact JSON
        }
    }

    private static List<String> devices(JsonValue resources) {
        JsonValue list = resources == null ? null : resources.get("devices");
        if (list == null || !list.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < list.size(); k++) {
            JsonValue d = list.at(k);
            if (!d.isObject()) {
                out.add("unknown rule " + JsonText.compact(d));
                continue;
            }
            Boolean allow = bool(d.get("allow"));
            String type = text(d.get("type"));
            Long major = integer(d.get("major"));
            Long minor = integer(d.get("minor"));
            String access = text(d.get("access"));
            StringBuilder b = new StringBuilder(allow == null ? "?" : allow ? "allow" : "deny");
            if ((type == null || type.equals("a")) && major == null && minor == null) {
                b.append(" all");
            } else {
                b.append(' ').append(type == null ? "a" : type).append(' ').append(major == null ? "*" : major)
                        .append(':').append(minor == null ? "*" : minor);
            }
            b.append(' ').append(access == null ? "rwm" : access);
            out.add(b.toString());
        }
        return List.copyOf(out);
    }

    private static Capabilities capabilities(JsonValue caps) {
        if (caps == null) {
            return new Capabilities(null, List.of(), List.of(), List.of());
        }
        Map<String, List<String>> sets = new LinkedHashMap<>();
        Set<String> all = new TreeSet<>();
        for (int k = 0; k < caps.size(); k++) {
            List<String> names = strings(caps.at(k));
            if (names == null) {
                continue;
            }
            List<String> canon = new ArrayList<>();
            for (String n : names) {
                canon.add(CapabilityNames.canonical(n));
            }
            sets.put(caps.key(k), List.copyOf(canon));
            all.addAll(canon);
        }
        List<String> beyondRunc = new ArrayList<>();
        List<String> beyondDocker = new ArrayList<>();
        for (String c : all) {
            if (!CapabilityNames.RUNC_DEFAULT.contains(c)) {
                beyondRunc.add(c);
            }
            if (!CapabilityNames.DOCKER_DEFAULT.contains(c)) {
                beyondDocker.add(c);
            }
        }
        return new Capabilities(Collections.unmodifiableMap(sets), List.copyOf(all), List.copyOf(beyondRunc),
                List.copyOf(beyondDocker));
    }

    private static Security security(JsonValue process, JsonValue linux) {
        Seccomp seccomp = null;
        JsonValue s = linux == null ? null : obj(linux.get("seccomp"));
        if (s != null) {
            JsonValue rules = s.get("syscalls");
            seccomp = new Seccomp(text(s.get("defaultAction")), rules != null && rules.isArray() ? rules.size() : 0,
                    strings(s.get("architectures")));
        }
        return new Security(seccomp, process == null ? null : text(process.get("apparmorProfile")),
                process == null ? null : text(process.get("selinuxLabel")),
                linux == null ? null : text(linux.get("mountLabel")),
                linux == null ? null : strings(linux.get("maskedPaths")),
                linux == null ? null : strings(linux.get("readonlyPaths")));
    }

    private static Users users(JsonValue linux, List<Namespace> namespaces) {
        Mode mode = Mode.UNKNOWN;
        for (Namespace n : namespaces) {
            if (n.type().equals("user")) {
                mode = n.mode();
            }
        }
        List<IdMapping> uids = mappings(linux == null ? null : linux.get("uidMappings"));
        List<IdMapping> gids = mappings(linux == null ? null : linux.get("gidMappings"));
        switch (mode) {
            case HOST:
                return new Users(mode, uids, gids, false, "not rootless: no user namespace, container uids are host uids");
            case JOINED:
                return new Users(mode, uids, gids, null,
                        "unknown: joins an existing user namespace; its mappings decide");
            case NEW: {
                if (uids.isEmpty()) {
                    return new Users(mode, uids, gids, null,
                            "unknown: a user namespace without uid mappings (runc refuses it)");
                }
                Long rootOnHost = hostIdOf(uids, 0);
                boolean mapsHostRoot = containsHostId(uids, 0);
                String where = rootOnHost == null ? "container uid 0 is not mapped"
                        : "container uid 0 is host uid " + rootOnHost;
                return mapsHostRoot
                        ? new Users(mode, uids, gids, false, "not rootless: the mappings include host uid 0 (" + where + ")")
                        : new Users(mode, uids, gids, true, "rootless: " + where + "; host root is not mapped");
            }
            default:
                return new Users(mode, uids, gids, null, "unknown");
        }
    }

    private static List<IdMapping> mappings(JsonValue list) {
        if (list == null || !list.isArray()) {
            return List.of();
        }
        List<IdMapping> out = new ArrayList<>();
        for (int k = 0; k < list.size(); k++) {
            JsonValue m = list.at(k);
            Long c = m.isObject() ? integer(m.get("containerID")) : null;
            Long h = m.isObject() ? integer(m.get("hostID")) : null;
            Long s = m.isObject() ? integer(m.get("size")) : null;
            if (c != null && h != null && s != null) {
                out.add(new IdMapping(c, h, s));
            }
        }
        return List.copyOf(out);
    }

    private static Long hostIdOf(List<IdMapping> maps, long containerId) {
        for (IdMapping m : maps) {
            if (m.coversContainerId(containerId)) {
                return m.hostId() + (containerId - m.containerId());
            }
        }
        return null;
    }

    private static boolean containsHostId(List<IdMapping> maps, long hostId) {
        for (IdMapping m : maps) {
            if (m.coversHostId(hostId)) {
                return true;
            }
        }
        return false;
    }

    // ---- risks ----

    private static List<Risk> risks(Inspection i, JsonValue resources) {
        List<Risk> out = new ArrayList<>();
        Map<String, Namespace> ns = new LinkedHashMap<>();
        for (Namespace n : i.namespaces()) {
            ns.put(n.type(), n);
        }
        boolean userns = i.users().userNamespace() == Mode.NEW || i.users().userNamespace() == Mode.JOINED;
        List<String> caps = i.capabilities().all();
        boolean allCaps = caps.containsAll(CapabilityNames.KNOWN);
        boolean sysAdmin = caps.contains("CAP_SYS_ADMIN");
        if ((allCaps || sysAdmin) && !userns) {
            out.add(new Risk(Risks.PRIVILEGED, (allCaps ? "every capability" : "CAP_SYS_ADMIN")
                    + " without a user namespace: can mount, load kernel programs and escape; treat it as --privileged"));
        }
        if (allCaps) {
            out.add(new Risk(Risks.CAPS_ALL, "has every capability (" + caps.size() + ")"));
        } else if (sysAdmin) {
            out.add(new Risk(Risks.CAPS_SYS_ADMIN, "CAP_SYS_ADMIN: mount, namespaces, bpf and many admin calls"));
        }
        if (!allCaps) {
            List<String> dangerous = new ArrayList<>();
            for (String c : caps) {
                if (CapabilityNames.DANGEROUS.contains(c)) {
                    dangerous.add(c);
                }
            }
            if (!dangerous.isEmpty()) {
                out.add(new Risk(Risks.CAPS_DANGEROUS, "powerful capabilities: " + String.join(", ", dangerous)
                        + (userns ? " (limited to the user namespace's own resources)" : "")));
            }
        }
        hostNs(out, ns.get("pid"), Risks.HOST_PID);
        hostNs(out, ns.get("network"), Risks.HOST_NETWORK);
        hostNs(out, ns.get("ipc"), Risks.HOST_IPC);
        hostNs(out, ns.get("uts"), Risks.HOST_UTS);
        hostNs(out, ns.get("mount"), Risks.HOST_MOUNT);
        Long uid = i.process() == null ? null : i.process().uid();
        if (i.process() != null && (uid == null || uid == 0) && i.users().userNamespace() == Mode.HOST) {
            out.add(new Risk(Risks.ROOT_NO_USERNS, "runs as uid 0 without a user namespace: root on the host,"
                    + " held back only by capabilities, seccomp and MAC"));
        }
        if (i.users().userNamespace() == Mode.NEW && containsHostId(i.users().uidMappings(), 0)) {
            out.add(new Risk(Risks.USERNS_HOST_ROOT, "the user namespace maps host uid 0: files owned by host root"
                    + " are the container's own"));
        }
        if (i.security().seccomp() == null) {
            out.add(new Risk(Risks.SECCOMP_NONE, "no seccomp filter: every system call is allowed"));
        }
        if (i.security().apparmorProfile() == null && i.security().selinuxLabel() == null) {
            out.add(new Risk(Risks.MAC_NONE, "no AppArmor profile and no SELinux label: no mandatory access control"));
        }
        Boolean procCovered = null;   // computed once, not once per mount
        for (Mount m : i.mounts()) {
            String dest = norm(m.destination());
            boolean sysfs = "sysfs".equals(m.type()) || m.bind() && "/sys".equals(norm(m.source()));
            if (sysfs && "/sys".equals(dest) && !m.readonly()) {
                out.add(new Risk(Risks.SYS_WRITABLE, "/sys is mounted read-write: can change host kernel and device"
                        + " settings"));
            }
            if ("proc".equals(m.type()) && "/proc".equals(dest) && !m.readonly() && procCovered == null) {
                procCovered = covered(i.security().readonlyPaths(), "/proc/sys")
                        && covered(i.security().readonlyPaths(), "/proc/sysrq-trigger");
            }
            if ("proc".equals(m.type()) && "/proc".equals(dest) && !m.readonly() && !procCovered) {
                out.add(new Risk(Risks.PROC_WRITABLE, "/proc/sys and /proc/sysrq-trigger are writable: can change"
                        + " kernel settings and trigger sysrq"));
            }
            String src = norm(m.source());
            if (m.bind() && src != null && sensitive(src)) {
                out.add(new Risk(Risks.SENSITIVE_MOUNT, "bind mount of host " + src + " at " + m.destination()
                        + (m.readonly() ? " (read-only)" : " (read-write)")));
            }
        }
        if (allowsAllDevices(resources)) {
            out.add(new Risk(Risks.DEVICES_ALLOW_ALL, "the device cgroup allows every device: raw disks,"
                    + " /dev/mem and the like can be opened if their nodes exist"));
        }
        if (i.root() != null && !i.root().readonly()) {
            out.add(new Risk(Risks.ROOTFS_WRITABLE, "the rootfs is writable: changes persist in the bundle"));
        }
        java.util.LinkedHashSet<String> onHost = new java.util.LinkedHashSet<>();
        for (Inspection.Hook h : i.hooks()) {
            if (h.onHost() && h.path() != null) {
                onHost.add(h.path());
            }
        }
        if (!onHost.isEmpty()) {
            out.add(new Risk(Risks.HOST_HOOKS, "hooks run on the host with the runtime's privileges: "
                    + String.join(", ", onHost)));
        }
        if (i.process() != null && !Boolean.TRUE.equals(i.process().noNewPrivileges())) {
            out.add(new Risk(Risks.NEW_PRIVILEGES, "noNewPrivileges is not set: setuid and file-capability"
                    + " programs can raise privileges"));
        }
        if (!hasLimit(i.limits(), "memory.limit", "unified.memory.max")) {
            out.add(new Risk(Risks.NO_MEMORY_LIMIT, "no memory limit: can use all of the host's memory"));
        }
        if (!hasLimit(i.limits(), "pids.limit", "unified.pids.max")) {
            out.add(new Risk(Risks.NO_PIDS_LIMIT, "no pids limit: a fork bomb reaches the host's limits"));
        }
        return List.copyOf(out);
    }

    /** Whether a device rule allows read and write on every device (type a or absent, no major/minor). */
    private static boolean allowsAllDevices(JsonValue resources) {
        JsonValue list = resources == null ? null : resources.get("devices");
        if (list == null || !list.isArray()) {
            return false;
        }
        for (int k = 0; k < list.size(); k++) {
            JsonValue d = list.at(k);
            String type = d.isObject() ? text(d.get("type")) : null;
            String access = d.isObject() ? text(d.get("access")) : null;
            if (d.isObject() && Boolean.TRUE.equals(bool(d.get("allow"))) && (type == null || type.equals("a"))
                    && integer(d.get("major")) == null && integer(d.get("minor")) == null
                    && (access == null || access.contains("r") && access.contains("w"))) {
                return true;
            }
        }
        return false;
    }

    private static void hostNs(List<Risk> out, Namespace n, String id) {
        if (n == null) {
            return;
        }
        if (n.mode() == Mode.HOST) {
            out.add(new Risk(id, n.meaning()));
        } else if (n.mode() == Mode.JOINED && hostsNamespace(n.path())) {
            out.add(new Risk(id, "joins " + n.path() + ": PID 1's " + n.type() + " namespace, normally the host's"));
        }
    }

    private static boolean hasLimit(List<Limit> limits, String... keys) {
        for (Limit l : limits) {
            for (String k : keys) {
                if (l.key().equals(k) && !l.value().equals("-1") && !l.value().equals("max")
                        && !l.value().equals("0")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean covered(List<String> paths, String path) {
        if (paths == null) {
            return false;
        }
        for (String p : paths) {
            String n = norm(p);
            if (n != null && (path.equals(n) || path.startsWith(n.equals("/") ? "/" : n + "/"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean sensitive(String src) {
        if (SENSITIVE_HOST_PATHS.contains(src)) {
            return true;
        }
        if (src.startsWith("/dev/")) {
            for (String h : HARMLESS_DEVICES) {
                if (src.equals(h) || src.startsWith(h + "/")) {
                    return false;
                }
            }
            return true;
        }
        return src.startsWith("/proc/") || src.startsWith("/sys/");
    }

    /** A path without repeated or trailing slashes; null stays null. */
    static String norm(String p) {
        if (p == null) {
            return null;
        }
        String n = p.replaceAll("/{2,}", "/");
        while (n.length() > 1 && n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    // ---- tolerant readers ----

    private static JsonValue obj(JsonValue n) {
        return n != null && n.isObject() ? n : null;
    }

    private static String text(JsonValue n) {
        return n != null && n.isString() ? n.text() : null;
    }

    private static Boolean bool(JsonValue n) {
        return n != null && n.kind() == JsonValue.Kind.BOOLEAN ? n.booleanValue() : null;
    }

    /** An integer that fits a long; null for anything else (a fraction, uint64's maximum, a string). */
    private static Long integer(JsonValue n) {
        return JsonText.exactLong(n);
    }

    /** The string elements of an array (others skipped); null when not an array. */
    private static List<String> strings(JsonValue n) {
        if (n == null || !n.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>(n.size());
        for (int k = 0; k < n.size(); k++) {
            if (n.at(k).isString()) {
                out.add(n.at(k).text());
            }
        }
        return List.copyOf(out);
    }
}

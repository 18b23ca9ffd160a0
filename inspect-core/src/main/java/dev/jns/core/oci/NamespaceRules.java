package dev.jns.core.oci;

import static dev.jns.core.oci.SemanticChecker.isArray;
import static dev.jns.core.oci.SemanticChecker.isObject;
import static dev.jns.core.oci.SemanticChecker.num;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The namespaces' rules: the namespace list, the user namespace and its id mappings, the UTS
 * names, sysctls, time offsets and netDevices, each against the namespaces it needs. Each check is
 * one of {@link SemanticChecker}'s, which runs them in order.
 */
final class NamespaceRules {
    private NamespaceRules() {}

    /** linux.namespaces.duplicate, linux.namespaces.path-relative; path.null-byte in namespace paths. */
    static void namespaces(SemanticChecker ctx, JsonValue config) {
        JsonValue nss = ctx.linuxMember("namespaces");
        if (isArray(nss)) {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < nss.size(); i++) {
                JsonValue n = nss.at(i);
                if (!n.isObject()) {
                    continue;
                }
                JsonValue t = n.get("type");
                if (t != null && t.isString()) {
                    Integer first = seen.putIfAbsent(t.text(), i);
                    if (first != null) {
                        ctx.error(RuleId.LINUX_NAMESPACES_DUPLICATE, "/linux/namespaces/" + i, n, "namespace \"" + Finding.clip(t.text())
                                + "\" listed twice", "keep one entry per namespace type; the first is /linux/namespaces/" + first);
                    }
                }
                JsonValue p = n.get("path");
                ctx.nul(p, "/linux/namespaces/" + i + "/path", "namespace path");
                if (p != null && p.isString() && !p.text().startsWith("/")) {
                    ctx.error(RuleId.LINUX_NAMESPACES_PATH_RELATIVE, "/linux/namespaces/" + i + "/path", p, "namespace path \""
                            + Finding.clip(p.text()) + "\" is not absolute", "e.g. /proc/1234/ns/net or /run/netns/NAME");
                }
            }
        }
    }

    /** linux.user-mappings.*, linux.user-namespace.*, process.user.unmapped. */
    static void userNamespace(SemanticChecker ctx, JsonValue config) {
        JsonValue linux = ctx.linux();
        if (linux == null) {
            return;
        }
        JsonValue um = linux.get("uidMappings");
        JsonValue gm = linux.get("gidMappings");
        boolean hasMaps = (isArray(um) && um.size() > 0) || (isArray(gm) && gm.size() > 0);
        if (hasMaps && !ctx.hasNs("user")) {
            ctx.error(RuleId.LINUX_USER_MAPPINGS_NO_USER_NAMESPACE, isArray(um) && um.size() > 0 ? "/linux/uidMappings"
                    : "/linux/gidMappings", isArray(um) && um.size() > 0 ? um : gm,
                    "uid/gid mappings are set but there is no user namespace", "add {\"type\": \"user\"} to linux.namespaces");
            return;
        }
        if (!ctx.hasNs("user")) {
            return;
        }
        JsonValue nss = linux.get("namespaces");
        boolean joined = false;
        for (int i = 0; i < nss.size(); i++) {
            if ("user".equals(nss.at(i).string("type")) && nss.at(i).has("path")) {
                joined = true;
            }
        }
        if (joined) {
            return;
        }
        mappings(ctx, config, nss, "uidMappings", um, "uid");
        mappings(ctx, config, nss, "gidMappings", gm, "gid");
    }

    /**
     * The mappings {@code name} ({@code m}) of a new user namespace: linux.user-namespace.no-mappings,
     * linux.user-mappings.overlap, linux.user-namespace.no-root-mapping, and process.user.unmapped for
     * process.user's {@code field}.
     */
    private static void mappings(SemanticChecker ctx, JsonValue config, JsonValue nss, String name, JsonValue m, String field) {
        String ptr = "/linux/" + name;
        if (!isArray(m) || m.size() == 0) {
            ctx.error(RuleId.LINUX_USER_NAMESPACE_NO_MAPPINGS, ptr, m != null ? m : nss, "a new user namespace without "
                    + name, "map container id 0, e.g. {\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}");
            return;
        }
        long[][] ranges = new long[m.size()][];
        boolean root0 = false;
        for (int i = 0; i < m.size(); i++) {
            JsonValue e = m.at(i);
            if (!e.isObject()) {
                continue;
            }
            long c = num(e, "containerID", -1);
            long h = num(e, "hostID", -1);
            long s = num(e, "size", -1);
            if (c < 0 || h < 0 || s < 0) {
                continue;
            }
            ranges[i] = new long[] {c, h, s};
            if (c <= 0 && 0 < end(c, s)) {
                root0 = true;
            }
        }
        // overlaps, by a sweep over the ranges sorted by start: O(n log n), and at most one
        // finding per entry (the later one of a pair), however many entries overlap
        int[] withCont = overlapping(ranges, 0);
        int[] withHost = overlapping(ranges, 1);
        for (int i = 0; i < ranges.length; i++) {
            boolean cont = withCont[i] >= 0;
            int j = cont ? withCont[i] : withHost[i];
            if (j >= 0) {
                ctx.error(RuleId.LINUX_USER_MAPPINGS_OVERLAP, ptr + "/" + i, m.at(i), name + " entries " + j + " and " + i
                        + " overlap (" + (cont ? "container" : "host") + " ids)", "the kernel refuses overlapping ranges");
            }
        }
        if (!root0) {
            ctx.error(RuleId.LINUX_USER_NAMESPACE_NO_ROOT_MAPPING, ptr, m, name + " do not map container id 0",
                    "runc needs the container's root mapped");
        }
        JsonValue user = config.get("process") != null ? config.get("process").get("user") : null;
        if (isObject(user) && user.get(field) != null && user.get(field).isInteger()) {
            long id = user.get(field).longValue(-1);
            boolean mapped = false;
            for (long[] r : ranges) {
                if (r != null && id >= r[0] && id < end(r[0], r[2])) {
                    mapped = true;
                }
            }
            if (!mapped && root0) {
                ctx.error(RuleId.PROCESS_USER_UNMAPPED, "/process/user/" + field, user.get(field), "process.user." + field + " "
                        + id + " is not mapped by " + name, "setuid/setgid to an unmapped id fails at start");
            }
        }
    }

    /** start + size, saturated at Long.MAX_VALUE (numbers past uint32 were reported by the schema layer). */
    private static long end(long start, long size) {
        return size > Long.MAX_VALUE - start ? Long.MAX_VALUE : start + size;
    }

    /** Orders mapping entries by the start of one of their ranges (0: container ids, 1: host ids). */
    private static final class ByStart implements java.util.Comparator<long[]> {
        private final int which;

        ByStart(int which) {
            this.which = which;
        }

        @Override
        public int compare(long[] a, long[] b) {
            int c = Long.compare(a[which], b[which]);
            return c != 0 ? c : Long.compare(a[3], b[3]);
        }
    }

    /**
     * For each entry of {@code ranges} ({container, host, size}, null when unusable), an earlier
     * entry whose range of kind {@code which} (0: container, 1: host) overlaps its own, or -1. Every
     * overlap is found at least once: sorted by start, a range overlaps an earlier one exactly
     * when it starts before the furthest end seen so far.
     */
    private static int[] overlapping(long[][] ranges, int which) {
        int[] with = new int[ranges.length];
        java.util.Arrays.fill(with, -1);
        List<long[]> sorted = new ArrayList<>();
        for (int i = 0; i < ranges.length; i++) {
            long[] r = ranges[i];
            if (r != null && r[2] > 0) {
                sorted.add(new long[] {r[0], r[1], r[2], i});
            }
        }
        sorted.sort(new ByStart(which));
        long furthest = Long.MIN_VALUE;
        int holder = -1;
        for (long[] r : sorted) {
            int i = (int) r[3];
            if (holder >= 0 && r[which] < furthest) {
                int later = Math.max(i, holder);
                if (with[later] < 0) {
                    with[later] = Math.min(i, holder);
                }
            }
            long e = end(r[which], r[2]);
            if (e > furthest) {
                furthest = e;
                holder = i;
            }
        }
        return with;
    }

    /** linux.hostname.no-uts-namespace, linux.domainname.no-uts-namespace. */
    static void uts(SemanticChecker ctx, JsonValue config) {
        if (ctx.linux() == null) {
            return;
        }
        if (config.get("hostname") != null && config.get("hostname").isString() && !ctx.hasNs("uts")) {
            ctx.error(RuleId.LINUX_HOSTNAME_NO_UTS_NAMESPACE, "/hostname", config.get("hostname"),
                    "hostname is set but there is no UTS namespace", "add {\"type\": \"uts\"} to linux.namespaces");
        }
        if (config.get("domainname") != null && config.get("domainname").isString() && !ctx.hasNs("uts")) {
            ctx.error(RuleId.LINUX_DOMAINNAME_NO_UTS_NAMESPACE, "/domainname", config.get("domainname"),
                    "domainname is set but there is no UTS namespace", "add {\"type\": \"uts\"} to linux.namespaces");
        }
    }

    private static final String[] IPC_SYSCTLS = {
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
        "kernel.shmmni", "kernel.shm_rmid_forced",
    };

    /** linux.sysctl.no-namespace, linux.sysctl.not-namespaced, linux.sysctl.hostname; path.null-byte in sysctl names. */
    static void sysctl(SemanticChecker ctx, JsonValue config) {
        JsonValue sc = ctx.linuxMember("sysctl");
        if (!isObject(sc)) {
            return;
        }
        for (int i = 0; i < sc.size(); i++) {
            String raw = sc.key(i);
            String ptr = "/linux/sysctl/" + SchemaChecker.escape(raw);
            if (raw.indexOf('\0') >= 0) {
                ctx.atKey(Finding.Severity.ERROR, RuleId.PATH_NULL_BYTE, ptr, sc, i, "sysctl name \"" + Finding.clip(raw.replace("\0",
                        "\\u0000")) + "\" contains a NUL byte", "runc writes /proc/sys/NAME, and a file name cannot hold NUL");
                continue;
            }
            String k = Finding.clip(raw.replace('/', '.'));
            String need = null;
            if (SchemaChecker.isOneOf(k, IPC_SYSCTLS) || k.startsWith("fs.mqueue.")) {
                need = "ipc";
            } else if (k.startsWith("net.")) {
                need = "network";
            } else if (k.startsWith("user.")) {
                need = "user";
            } else if (k.equals("kernel.domainname")) {
                need = "uts";
            } else if (k.equals("kernel.hostname")) {
                if (ctx.hasNs("uts")) {
                    ctx.atKey(Finding.Severity.ERROR, RuleId.LINUX_SYSCTL_HOSTNAME, ptr, sc, i, "sysctl kernel.hostname conflicts with the \"hostname\" field",
                            "set \"hostname\" instead");
                    continue;
                }
                need = "uts";
            }
            if (need == null) {
                ctx.atKey(Finding.Severity.ERROR, RuleId.LINUX_SYSCTL_NOT_NAMESPACED, ptr, sc, i, "sysctl " + k + " is not namespaced: it would change the host",
                        "containers may only set ipc (kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.*), net.*, user.* and kernel.domainname sysctls");
            } else if (!ctx.hasNs(need)) {
                ctx.atKey(Finding.Severity.ERROR, RuleId.LINUX_SYSCTL_NO_NAMESPACE, ptr, sc, i, "sysctl " + k + " needs a " + need + " namespace",
                        "add {\"type\": \"" + need + "\"} to linux.namespaces");
            }
        }
    }

    /** linux.time-offsets.no-time-namespace, linux.time-offsets.with-path. */
    static void timeOffsets(SemanticChecker ctx, JsonValue config) {
        JsonValue nss = ctx.linuxMember("namespaces");
        JsonValue offs = ctx.linuxMember("timeOffsets");
        if (offs != null && offs.isObject()) {
            if (!ctx.hasNs("time")) {
                ctx.error(RuleId.LINUX_TIME_OFFSETS_NO_TIME_NAMESPACE, "/linux/timeOffsets", offs,
                        "timeOffsets is set but there is no time namespace", "add {\"type\": \"time\"} to linux.namespaces");
            } else if (isArray(nss)) {
                for (int i = 0; i < nss.size(); i++) {
                    if ("time".equals(nss.at(i).string("type")) && nss.at(i).has("path")) {
                        ctx.error(RuleId.LINUX_TIME_OFFSETS_WITH_PATH, "/linux/timeOffsets", offs,
                                "timeOffsets cannot be set when joining a time namespace by path", "");
                    }
                }
            }
        }
    }

    /** linux.net-devices.no-network-namespace, linux.net-devices.name. */
    static void netDevices(SemanticChecker ctx, JsonValue config) {
        JsonValue nd = ctx.linuxMember("netDevices");
        if (!isObject(nd) || nd.size() == 0) {
            return;
        }
        if (!ctx.hasNs("network")) {
            ctx.error(RuleId.LINUX_NET_DEVICES_NO_NETWORK_NAMESPACE, "/linux/netDevices", nd,
                    "netDevices needs a network namespace", "add {\"type\": \"network\"} to linux.namespaces");
        }
        for (int i = 0; i < nd.size(); i++) {
            String ptr = "/linux/netDevices/" + SchemaChecker.escape(nd.key(i));
            if (!validIfName(nd.key(i))) {
                ctx.atKey(Finding.Severity.ERROR, RuleId.LINUX_NET_DEVICES_NAME, ptr, nd, i, "\"" + Finding.clip(nd.key(i)) + "\" is not a valid interface name",
                        "1 to 15 characters, no '/', ':' or white space, not . or ..");
            }
            String name = nd.at(i).string("name");
            if (name != null && !validIfName(name)) {
                ctx.error(RuleId.LINUX_NET_DEVICES_NAME, ptr + "/name", nd.at(i).get("name"), "\"" + Finding.clip(name)
                        + "\" is not a valid interface name", "1 to 15 characters, no '/', ':' or white space, not . or ..");
            }
        }
    }

    static boolean validIfName(String s) {
        if (s.isEmpty() || s.length() >= 16 || s.equals(".") || s.equals("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }
}

package dev.jns.core.oci;

import static dev.jns.core.oci.SemanticChecker.clean;
import static dev.jns.core.oci.SemanticChecker.isArray;
import static dev.jns.core.oci.SemanticChecker.isMountFlag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mounts' rules. The check is one of {@link SemanticChecker}'s, which runs them in order.
 */
final class MountRules {
    private MountRules() {}

    /**
     * mounts.null-byte, mounts.bind-options, mounts.idmap.*, mounts.destination.*, mounts.shadowed:
     * each mount in order, against the mounts before it.
     */
    static void mounts(SemanticChecker ctx, JsonValue config) {
        JsonValue ms = config.get("mounts");
        if (!isArray(ms)) {
            return;
        }
        // the destinations of the mounts before this one, sorted, each with its first mount: the ones
        // under D are the keys from D + "/" on that start with it (O(log n) per mount, not O(n))
        TreeMap<String, Integer> earlier = new TreeMap<>();
        for (int i = 0; i < ms.size(); i++) {
            JsonValue m = ms.at(i);
            if (!m.isObject()) {
                continue;
            }
            String ptr = "/mounts/" + i;
            nulBytes(ctx, m, ptr);
            boolean bind = options(ctx, config, m, ptr);
            JsonValue dv = m.get("destination");
            if (dv == null || !dv.isString()) {
                continue;
            }
            String clean = destination(ctx, m, ptr, dv, bind);
            shadowed(ctx, earlier, clean, ptr, dv);
            earlier.putIfAbsent(clean, i);
        }
    }

    /** mounts.null-byte: in the source, destination or type. */
    private static void nulBytes(SemanticChecker ctx, JsonValue m, String ptr) {
        JsonValue dv = m.get("destination");
        String dest = dv != null && dv.isString() ? dv.text() : null;
        for (String[] f : new String[][] {{"source", m.string("source")}, {"destination", dest}, {"type", m.string("type")}}) {
            if (f[1] != null && f[1].indexOf('\0') >= 0) {
                ctx.error(RuleId.MOUNTS_NULL_BYTE, ptr + "/" + f[0], m.get(f[0]), "mount " + f[0] + " contains a NUL byte", "");
            }
        }
    }

    /** mounts.bind-options, mounts.idmap.not-bind, mounts.idmap.incomplete. Returns whether it is a bind mount. */
    private static boolean options(SemanticChecker ctx, JsonValue config, JsonValue m, String ptr) {
        boolean bind = "bind".equals(m.string("type"));
        boolean idmap = m.has("uidMappings") || m.has("gidMappings");
        JsonValue opts = m.get("options");
        if (isArray(opts)) {
            for (int j = 0; j < opts.size(); j++) {
                String o = opts.at(j).isString() ? opts.at(j).text() : "";
                if (o.equals("bind") || o.equals("rbind")) {
                    bind = true;
                }
                if (o.equals("idmap") || o.equals("ridmap")) {
                    idmap = true;
                }
            }
        }
        List<String> data = bind && isArray(opts) ? new ArrayList<>() : List.of();   // only a bind's data is a finding
        if (bind && isArray(opts)) {
            for (int j = 0; j < opts.size(); j++) {
                String o = opts.at(j).isString() ? opts.at(j).text() : "";
                if (!isMountFlag(o)) {
                    data.add(o);
                }
            }
        }
        if (!data.isEmpty()) {
            ctx.error(RuleId.MOUNTS_BIND_OPTIONS, ptr + "/options", opts, "bind mount with filesystem options "
                    + Finding.clip(String.join(",", data)), "bind mounts take only mount flags (ro, nosuid, ...); drop "
                    + Finding.clip(String.join(",", data)));
        }
        if (idmap) {
            if (!bind) {
                ctx.error(RuleId.MOUNTS_IDMAP_NOT_BIND, ptr, m, "id-mapped mount that is not a bind mount",
                        "id mapping is only supported for bind mounts");
            } else {
                boolean maps = isArray(m.get("uidMappings")) && m.get("uidMappings").size() > 0
                        && isArray(m.get("gidMappings")) && m.get("gidMappings").size() > 0;
                JsonValue l = config.get("linux");
                boolean nsMaps = ctx.hasNs("user") && l != null && isArray(l.get("uidMappings"))
                        && isArray(l.get("gidMappings"));
                if (!maps && !nsMaps) {
                    ctx.error(RuleId.MOUNTS_IDMAP_INCOMPLETE, ptr, m, "id-mapped mount without both uid and gid mappings",
                            "give the mount uidMappings and gidMappings, or use a user namespace with mappings");
                }
            }
        }
        return bind;
    }

    /** mounts.destination.relative, mounts.destination.root, mounts.destination.in-proc. Returns the cleaned destination. */
    private static String destination(SemanticChecker ctx, JsonValue m, String ptr, JsonValue dv, boolean bind) {
        String dest = dv.text();
        if (!dest.startsWith("/") && !ctx.onWindows()) {
            ctx.warn(RuleId.MOUNTS_DESTINATION_RELATIVE, ptr + "/destination", dv, "mount destination \"" + Finding.clip(dest)
                    + "\" is not absolute", "runc treats it as relative to / and warns that this will be removed");
        }
        String clean = clean(dest.startsWith("/") ? dest : "/" + dest);
        String type = m.string("type");
        if (clean.equals("/")) {
            ctx.error(RuleId.MOUNTS_DESTINATION_ROOT, ptr + "/destination", dv, "mount over the container's root /",
                    "use root.path for the root filesystem");
        } else if (clean.startsWith("/proc/") && !procAllowed(clean)) {
            ctx.error(RuleId.MOUNTS_DESTINATION_IN_PROC, ptr + "/destination", dv, "mount destination " + Finding.clip(clean)
                    + " is inside /proc", "runc refuses mounts inside /proc, except a few files such as /proc/cpuinfo");
        } else if (clean.equals("/proc") && type != null && !type.equals("proc") && !bind) {
            ctx.error(RuleId.MOUNTS_DESTINATION_IN_PROC, ptr + "/destination", dv, "a mount on /proc must be of type proc",
                    "\"type\": \"proc\"");
        }
        return clean;
    }

    /** mounts.shadowed: a mount on {@code clean} that hides one of the {@code earlier} mounts below it. */
    private static void shadowed(SemanticChecker ctx, TreeMap<String, Integer> earlier, String clean, String ptr, JsonValue dv) {
        String under = clean.equals("/") ? "/" : clean + "/";
        Map.Entry<String, Integer> hidden = earlier.ceilingEntry(under);
        if (hidden != null && hidden.getKey().equals(clean)) {
            hidden = earlier.higherEntry(clean);   // "/" again: a mount on the same place hides nothing below
        }
        if (hidden != null && hidden.getKey().startsWith(under)) {
            Map.Entry<String, Integer> next = earlier.higherEntry(hidden.getKey());
            boolean more = next != null && next.getKey().startsWith(under);
            ctx.warn(RuleId.MOUNTS_SHADOWED, ptr + "/destination", dv, "this mount on " + Finding.clip(clean) + " hides the earlier"
                    + " mount on " + Finding.clip(hidden.getKey()) + " (/mounts/" + hidden.getValue() + ")"
                    + (more ? " and others below " + Finding.clip(clean) : ""), "mounts apply in order: list the parent first");
        }
    }

    private static boolean procAllowed(String p) {
        switch (p) {
            case "/proc/cpuinfo": case "/proc/diskstats": case "/proc/meminfo": case "/proc/stat": case "/proc/swaps":
            case "/proc/uptime": case "/proc/loadavg": case "/proc/slabinfo": case "/proc/sys/kernel/ns_last_pid":
            case "/proc/sys/crypto/fips_enabled":
                return true;
            default:
                return false;
        }
    }
}

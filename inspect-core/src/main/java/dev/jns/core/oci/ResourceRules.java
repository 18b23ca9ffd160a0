package dev.jns.core.oci;

import static dev.jns.core.oci.SemanticChecker.cpuListError;
import static dev.jns.core.oci.SemanticChecker.isArray;
import static dev.jns.core.oci.SemanticChecker.isObject;
import static dev.jns.core.oci.SemanticChecker.num;

import java.util.HashMap;
import java.util.Map;

/**
 * The rules of devices and resources: linux.devices, the device cgroup, memory, blockIO,
 * memoryPolicy and intelRdt. Each check is one of {@link SemanticChecker}'s, which runs them in
 * order.
 */
final class ResourceRules {
    private ResourceRules() {}

    /** linux.devices.invalid, linux.devices.duplicate-path, linux.devices.duplicate-number; path.null-byte in device paths. */
    static void devices(SemanticChecker ctx, JsonValue config) {
        JsonValue devs = ctx.linuxMember("devices");
        if (!isArray(devs)) {
            return;
        }
        Map<String, Integer> paths = new HashMap<>();
        Map<String, Integer> numbers = new HashMap<>();
        for (int i = 0; i < devs.size(); i++) {
            JsonValue d = devs.at(i);
            if (!d.isObject()) {
                continue;
            }
            String ptr = "/linux/devices/" + i;
            String type = d.string("type");
            String path = d.string("path");
            if (path != null) {
                ctx.nul(d.get("path"), ptr + "/path", "device path");
                if (!path.startsWith("/")) {
                    ctx.error(RuleId.LINUX_DEVICES_INVALID, ptr + "/path", d.get("path"), "device path \"" + Finding.clip(path)
                            + "\" is not absolute", "e.g. /dev/fuse");
                }
                Integer first = paths.putIfAbsent(path, i);
                if (first != null) {
                    ctx.error(RuleId.LINUX_DEVICES_DUPLICATE_PATH, ptr + "/path", d.get("path"), "device " + Finding.clip(path)
                            + " listed twice", "the first is /linux/devices/" + first);
                }
            }
            if (type == null) {
                continue;
            }
            long major = num(d, "major", 0);
            long minor = num(d, "minor", 0);
            if (type.equals("p")) {
                if (major != 0 || minor != 0) {
                    ctx.error(RuleId.LINUX_DEVICES_INVALID, ptr, d, "a FIFO device (type p) takes no major/minor numbers", "");
                }
            } else if (type.equals("c") || type.equals("b") || type.equals("u")) {
                // runtime-tools requires major and minor > 0, false positives for /dev/tty (5:0) and for
                // major 0, the unnamed devices, which mknod(2) makes without complaint
                if (major < 0 || minor < 0) {
                    ctx.error(RuleId.LINUX_DEVICES_INVALID, ptr, d, "device " + (path != null ? Finding.clip(path) : "") + " of type " + type
                            + " needs major and minor numbers of at least 0 (got " + major + ":" + minor + ")",
                            "e.g. /dev/fuse is c 10:229");
                } else {
                    String key = (type.equals("b") ? "b" : "c") + major + ":" + minor;
                    Integer first = numbers.putIfAbsent(key, i);
                    if (first != null) {
                        ctx.warn(RuleId.LINUX_DEVICES_DUPLICATE_NUMBER, ptr, d, "device " + type + " " + major + ":" + minor
                                + " is also /linux/devices/" + first, "two paths for one device is unusual");
                    }
                }
            }
        }
    }

    /** Member {@code name} of linux.resources, or null. */
    private static JsonValue resource(SemanticChecker ctx, String name) {
        JsonValue res = ctx.linuxMember("resources");
        return isObject(res) ? res.get(name) : null;
    }

    /** linux.resources.devices.type, linux.resources.devices.access. */
    static void deviceCgroup(SemanticChecker ctx, JsonValue config) {
        JsonValue devs = resource(ctx, "devices");
        if (isArray(devs)) {
            for (int i = 0; i < devs.size(); i++) {
                JsonValue d = devs.at(i);
                if (!d.isObject()) {
                    continue;
                }
                String ptr = "/linux/resources/devices/" + i;
                JsonValue t = d.get("type");
                if (t != null && t.isString() && !t.text().isEmpty() && !t.text().equals("a") && !t.text().equals("b")
                        && !t.text().equals("c")) {
                    ctx.error(RuleId.LINUX_RESOURCES_DEVICES_TYPE, ptr + "/type", t, "device cgroup type \"" + t.text()
                            + "\" is not a, b or c", "a (all), b (block) or c (character)");
                }
                JsonValue a = d.get("access");
                String acc = a != null && a.isString() ? a.text() : a == null ? "" : null;
                if (acc != null) {
                    boolean bad = acc.isEmpty();
                    for (int j = 0; j < acc.length(); j++) {
                        if ("rwm".indexOf(acc.charAt(j)) < 0) {
                            bad = true;
                        }
                    }
                    if (bad) {
                        ctx.error(RuleId.LINUX_RESOURCES_DEVICES_ACCESS, a != null ? ptr + "/access" : ptr, a != null ? a : d,
                                acc.isEmpty() ? "device cgroup rule without access" : "device cgroup access \"" + Finding.clip(acc)
                                        + "\" has letters other than r, w and m", "e.g. \"access\": \"rwm\"");
                    }
                }
            }
        }
    }

    /** linux.resources.memory.swap-below-limit, linux.resources.memory.reservation-above-limit. */
    static void memory(SemanticChecker ctx, JsonValue config) {
        JsonValue mem = resource(ctx, "memory");
        if (isObject(mem)) {
            JsonValue limit = mem.get("limit");
            JsonValue swap = mem.get("swap");
            JsonValue resv = mem.get("reservation");
            if (limit != null && swap != null && limit.isInteger() && swap.isInteger()) {
                long l = limit.longValue(Long.MAX_VALUE);
                long s = swap.longValue(Long.MAX_VALUE);
                boolean lUnlimited = l == -1;
                boolean sUnlimited = s == -1;
                if (!sUnlimited && s != 0 && (lUnlimited || (l > 0 && s < l))) {
                    ctx.error(RuleId.LINUX_RESOURCES_MEMORY_SWAP_BELOW_LIMIT, "/linux/resources/memory/swap", swap, "memory.swap "
                            + s + " is below memory.limit " + (lUnlimited ? "(unlimited)" : l),
                            "swap is memory+swap: it must be at least the limit, or -1");
                }
            }
            if (limit != null && resv != null && limit.isInteger() && resv.isInteger()) {
                long l = limit.longValue(Long.MAX_VALUE);
                long r = resv.longValue(Long.MAX_VALUE);
                if (l > 0 && r > l) {
                    ctx.warn(RuleId.LINUX_RESOURCES_MEMORY_RESERVATION_ABOVE_LIMIT, "/linux/resources/memory/reservation", resv,
                            "memory.reservation " + r + " is above memory.limit " + l,
                            "the kernel accepts it, but the reservation can never be reached (runtime-tools calls this an error)");
                }
            }
        }
    }

    /** linux.resources.blockio.weight-device-empty. */
    static void blockIO(SemanticChecker ctx, JsonValue config) {
        JsonValue bio = resource(ctx, "blockIO");
        if (isObject(bio) && isArray(bio.get("weightDevice"))) {
            JsonValue wd = bio.get("weightDevice");
            for (int i = 0; i < wd.size(); i++) {
                JsonValue d = wd.at(i);
                if (d.isObject() && !d.has("weight") && !d.has("leafWeight")) {
                    ctx.error(RuleId.LINUX_RESOURCES_BLOCKIO_WEIGHT_DEVICE_EMPTY, "/linux/resources/blockIO/weightDevice/" + i, d,
                            "weightDevice entry has neither weight nor leafWeight", "the spec requires at least one");
                }
            }
        }
    }

    /** linux.memory-policy.nodes. */
    static void memoryPolicy(SemanticChecker ctx, JsonValue config) {
        JsonValue mp = ctx.linuxMember("memoryPolicy");
        if (!isObject(mp)) {
            return;
        }
        String mode = mp.string("mode");
        JsonValue nodes = mp.get("nodes");
        String n = nodes != null && nodes.isString() ? nodes.text() : "";
        if (!n.isEmpty()) {
            String why = cpuListError(n);
            if (why != null) {
                ctx.error(RuleId.LINUX_MEMORY_POLICY_NODES, "/linux/memoryPolicy/nodes", nodes, "memoryPolicy.nodes \"" + Finding.clip(n) + "\": " + why,
                        "a node list such as \"0-1\"");
                return;
            }
        }
        if (mode == null) {
            return;
        }
        if ((mode.equals("MPOL_DEFAULT") || mode.equals("MPOL_LOCAL")) && !n.isEmpty()) {
            ctx.error(RuleId.LINUX_MEMORY_POLICY_NODES, "/linux/memoryPolicy/nodes", nodes, mode + " takes no nodes", "drop nodes");
        } else if ((mode.equals("MPOL_BIND") || mode.equals("MPOL_INTERLEAVE") || mode.equals("MPOL_PREFERRED_MANY")
                || mode.equals("MPOL_WEIGHTED_INTERLEAVE")) && n.isEmpty()) {
            ctx.error(RuleId.LINUX_MEMORY_POLICY_NODES, "/linux/memoryPolicy", mp, mode + " needs at least one node",
                    "add e.g. \"nodes\": \"0\"");
        }
    }

    /** linux.intel-rdt.clos-id. */
    static void intelRdt(SemanticChecker ctx, JsonValue config) {
        JsonValue rdt = ctx.linuxMember("intelRdt");
        if (isObject(rdt)) {
            JsonValue clos = rdt.get("closID");
            if (clos != null && clos.isString()) {
                String c = clos.text();
                if (c.equals(".") || c.equals("..") || c.indexOf('/') >= 0) {
                    ctx.error(RuleId.LINUX_INTEL_RDT_CLOS_ID, "/linux/intelRdt/closID", clos, "intelRdt.closID \"" + Finding.clip(c)
                            + "\" is not a valid resctrl group name", "a plain name without '/'");
                }
            }
        }
    }
}

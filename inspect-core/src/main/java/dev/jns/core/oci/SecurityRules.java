package dev.jns.core.oci;

import static dev.jns.core.oci.SemanticChecker.isArray;
import static dev.jns.core.oci.SemanticChecker.isCapability;
import static dev.jns.core.oci.SemanticChecker.isObject;
import static dev.jns.core.oci.SemanticChecker.suggestion;

import dev.jns.core.proc.Capability;
import java.util.HashSet;
import java.util.Set;

/**
 * The rules of what the container may do: capabilities, maskedPaths and readonlyPaths, seccomp.
 * Each check is one of {@link SemanticChecker}'s, which runs them in order.
 */
final class SecurityRules {
    private SecurityRules() {}

    /** process.capabilities.unknown, and the effective and ambient subset rules. */
    static void capabilities(SemanticChecker ctx, JsonValue config) {
        JsonValue caps = ctx.processMember("capabilities");
        if (!isObject(caps)) {
            return;
        }
        for (String set : new String[] {"bounding", "effective", "inheritable", "permitted", "ambient"}) {
            JsonValue a = caps.get(set);
            if (!isArray(a)) {
                continue;
            }
            for (int i = 0; i < a.size(); i++) {
                JsonValue c = a.at(i);
                if (c.isString() && !isCapability(c.text())) {
                    String s = c.text();
                    String hint = !s.startsWith("CAP_") && s.length() < 40 && isCapability("CAP_" + s.toUpperCase(java.util.Locale.ROOT))
                            ? "write CAP_" + s.toUpperCase(java.util.Locale.ROOT)
                            : suggestion(s, Capability.names());
                    ctx.warn(RuleId.PROCESS_CAPABILITIES_UNKNOWN, "/process/capabilities/" + set + "/" + i, c,
                            "unknown capability \"" + Finding.clip(s) + "\" (runc ignores it with a warning; crun refuses it)",
                            hint.isEmpty() ? "see capabilities(7)" : hint);
                }
            }
        }
        subset(ctx, caps, "effective", "permitted", RuleId.PROCESS_CAPABILITIES_EFFECTIVE_NOT_PERMITTED);
        subset(ctx, caps, "ambient", "permitted", RuleId.PROCESS_CAPABILITIES_AMBIENT_NOT_PERMITTED);
        subset(ctx, caps, "ambient", "inheritable", RuleId.PROCESS_CAPABILITIES_AMBIENT_NOT_INHERITABLE);
    }

    /** Rule {@code rule}: every capability of set {@code set} is also in set {@code sup}. */
    private static void subset(SemanticChecker ctx, JsonValue caps, String set, String sup, String rule) {
        JsonValue a = caps.get(set);
        if (!isArray(a)) {
            return;
        }
        JsonValue b = caps.get(sup);
        Set<String> in = new HashSet<>();
        if (isArray(b)) {
            for (int i = 0; i < b.size(); i++) {
                if (b.at(i).isString()) {
                    in.add(b.at(i).text());
                }
            }
        }
        for (int i = 0; i < a.size(); i++) {
            JsonValue c = a.at(i);
            if (c.isString() && isCapability(c.text()) && !in.contains(c.text())) {
                String ptr = "/process/capabilities/" + set + "/" + i;
                if (set.equals("ambient")) {
                    // the kernel refuses to raise it; runc drops it silently, so the container runs without it
                    ctx.warn(rule, ptr, c, c.text() + " is ambient but not " + sup + ": it will not be raised",
                            "drop it from ambient, or add it to " + sup + " (runc ignores it; runtime-tools calls this an error)");
                } else {
                    ctx.error(rule, ptr, c, c.text() + " is " + set + " but not " + sup, "capset(2) refuses it: add it to " + sup);
                }
            }
        }
    }

    /** linux.masked-paths.no-mount-namespace, linux.masked-paths.relative; path.null-byte in their entries. */
    static void maskedPaths(SemanticChecker ctx, JsonValue config) {
        for (String k : new String[] {"maskedPaths", "readonlyPaths"}) {
            JsonValue a = ctx.linuxMember(k);
            if (!isArray(a)) {
                continue;
            }
            if (a.size() > 0 && !ctx.hasNs("mount")) {
                ctx.error(RuleId.LINUX_MASKED_PATHS_NO_MOUNT_NAMESPACE, "/linux/" + k, a, k + " needs a mount namespace",
                        "add {\"type\": \"mount\"} to linux.namespaces");
            }
            for (int i = 0; i < a.size(); i++) {
                JsonValue p = a.at(i);
                ctx.nul(p, "/linux/" + k + "/" + i, k + " entry");
                if (p.isString() && !p.text().startsWith("/")) {
                    ctx.error(RuleId.LINUX_MASKED_PATHS_RELATIVE, "/linux/" + k + "/" + i, p, k + " entry \"" + Finding.clip(p.text())
                            + "\" is not absolute", "");
                }
            }
        }
    }

    private static final String[] RUNC_UNKNOWN_ARCHES = {
        "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64",
    };

    /** linux.seccomp.arch-unsupported. */
    static void seccomp(SemanticChecker ctx, JsonValue config) {
        JsonValue sc = ctx.linuxMember("seccomp");
        if (!isObject(sc)) {
            return;
        }
        JsonValue arches = sc.get("architectures");
        if (isArray(arches)) {
            for (int i = 0; i < arches.size(); i++) {
                JsonValue a = arches.at(i);
                if (a.isString() && SchemaChecker.isOneOf(a.text(), RUNC_UNKNOWN_ARCHES)) {
                    ctx.error(RuleId.LINUX_SECCOMP_ARCH_UNSUPPORTED, "/linux/seccomp/architectures/" + i, a, "runc does not know the"
                            + " seccomp architecture " + a.text(), "drop it: containers cannot run that architecture's syscalls here");
                }
            }
        }
    }
}

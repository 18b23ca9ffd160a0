package dev.jns.core.oci;

import static dev.jns.core.oci.SemanticChecker.isArray;
import static dev.jns.core.oci.SemanticChecker.isObject;

/**
 * The config's own rules, beside its subjects: ociVersion, root, annotations and hooks. Each check is
 * one of {@link SemanticChecker}'s, which runs them in order.
 */
final class GeneralRules {
    private GeneralRules() {}

    /** oci-version.semver, oci-version.unsupported. */
    static void version(SemanticChecker ctx, JsonValue config) {
        JsonValue v = config.get("ociVersion");
        if (v == null || !v.isString()) {
            return;
        }
        OciVersion ver = OciVersion.parse(v.text());
        if (ver == null) {
            ctx.error(RuleId.OCI_VERSION_SEMVER, "/ociVersion", v, "ociVersion \"" + v.text() + "\" is not a SemVer version",
                    "the spec requires SemVer, e.g. \"1.2.0\"; runc does not check it (runc#1846), other tools do");
        } else if (ver.major() != 1 || ver.minor() > 3) {
            ctx.warn(RuleId.OCI_VERSION_UNSUPPORTED, "/ociVersion", v, "ociVersion " + v.text()
                    + " is outside the versions jns knows (1.0.0 through 1.3.x)",
                    "checked with the 1.3 rules; members it does not know are reported as unknown");
        }
    }

    /** root.missing, root.path.empty, root.path.convention; path.null-byte in root.path. */
    static void root(SemanticChecker ctx, JsonValue config) {
        JsonValue r = config.get("root");
        if (r == null) {
            if (!ctx.onWindows()) {   // Windows: required for Server containers, forbidden for Hyper-V (config.md root)
                ctx.error(RuleId.ROOT_MISSING, "/root", config, "no \"root\": a " + (ctx.onLinux() ? "Linux" : ctx.platform())
                        + " container needs a root filesystem", "add \"root\": {\"path\": \"rootfs\"}");
            }
            return;
        }
        JsonValue p = r.get("path");
        if (ctx.nul(p, "/root/path", "root path")) {
            return;
        }
        if (p != null && p.isString()) {
            if (p.text().isEmpty()) {
                ctx.error(RuleId.ROOT_PATH_EMPTY, "/root/path", p, "root.path is empty", "name the rootfs directory, e.g. \"rootfs\"");
            } else {
                String t = p.text();
                while (t.length() > 1 && t.endsWith("/")) {
                    t = t.substring(0, t.length() - 1);
                }
                String base = t.substring(t.lastIndexOf('/') + 1);
                if (!base.equals("rootfs") && !ctx.onWindows()) {
                    ctx.warn(RuleId.ROOT_PATH_CONVENTION, "/root/path", p, "root.path \"" + Finding.clip(p.text())
                            + "\" does not end in \"rootfs\" (the spec's SHOULD)", "a bundle's rootfs is conventionally bundle/rootfs");
                }
            }
        }
    }

    /** annotations.reserved, annotations.key-format. */
    static void annotations(SemanticChecker ctx, JsonValue config) {
        JsonValue an = config.get("annotations");
        if (!isObject(an)) {
            return;
        }
        for (int i = 0; i < an.size(); i++) {
            String k = an.key(i);
            String ptr = "/annotations/" + SchemaChecker.escape(k);
            if (k.startsWith("org.opencontainers") && !k.startsWith("org.opencontainers.image.")) {
                ctx.atKey(Finding.Severity.WARNING, RuleId.ANNOTATIONS_RESERVED, ptr, an, i, "annotation key \"" + Finding.clip(k) + "\" is in the reserved org.opencontainers namespace",
                        "use your own reverse domain, e.g. com.example." + Finding.clip(k.substring(k.lastIndexOf('.') + 1)));
            } else if (!reverseDomain(k)) {
                ctx.atKey(Finding.Severity.WARNING, RuleId.ANNOTATIONS_KEY_FORMAT, ptr, an, i, "annotation key \"" + Finding.clip(k) + "\" is not in reverse domain notation",
                        "e.g. com.example.myKey");
            }
        }
    }

    /** {@code ^[A-Za-z]{2,6}(\.[A-Za-z0-9-]{1,63})+$}. */
    static boolean reverseDomain(String k) {
        String[] parts = k.split("\\.", -1);
        if (parts.length < 2 || parts[0].length() < 2 || parts[0].length() > 6) {
            return false;
        }
        for (int i = 0; i < parts[0].length(); i++) {
            char c = parts[0].charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        for (int p = 1; p < parts.length; p++) {
            String s = parts[p];
            if (s.isEmpty() || s.length() > 63) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                    return false;
                }
            }
        }
        return true;
    }

    /** hooks.path.relative, and the env rules for hooks' env; path.null-byte in hook paths and arguments. */
    static void hooks(SemanticChecker ctx, JsonValue config) {
        JsonValue hooks = config.get("hooks");
        if (!isObject(hooks)) {
            return;
        }
        for (String kind : SemanticChecker.HOOK_KINDS) {
            JsonValue list = hooks.get(kind);
            if (!isArray(list)) {
                continue;
            }
            for (int i = 0; i < list.size(); i++) {
                JsonValue h = list.at(i);
                if (!h.isObject()) {
                    continue;
                }
                String ptr = "/hooks/" + kind + "/" + i;
                JsonValue p = h.get("path");
                ctx.nul(p, ptr + "/path", kind + " hook path");
                ctx.nulEach(h.get("args"), ptr + "/args", kind + " hook argument");
                if (p != null && p.isString() && !p.text().startsWith("/") && !ctx.onWindows()) {
                    ctx.error(RuleId.HOOKS_PATH_RELATIVE, ptr + "/path", p, kind + " hook path \"" + Finding.clip(p.text()) + "\" is not absolute",
                            "hooks run on the host (createContainer/startContainer: in the container); give the full path");
                }
                ProcessRules.env(ctx, h.get("env"), ptr + "/env");
            }
        }
    }
}

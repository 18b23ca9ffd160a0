package dev.jns.core.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a runtime runs although jns reports an error: the runtime's known leniencies, measured
 * against the real runtime ({@code OciRuncDifferentialTest} and {@code OciRuncAgreementTest}). With
 * them the report predicts the runtime's own outcome ({@link Prediction}) beside the verdict: a
 * config that breaks the spec is invalid, and it may still run on this runtime and fail on another.
 *
 * <p>Only runc 1.1 is measured (1.1.5, Debian 12). For any other runtime or version nothing is
 * known to be overlooked, and the prediction is that every error is a refusal.
 */
public final class RuntimeLeniency {
    private RuntimeLeniency() {}

    /**
     * The runtime's expected outcome.
     *
     * @param runs whether the runtime is expected to run the container
     * @param overlooked the errors the runtime is known not to check (empty when it refuses, or
     *     when there were no errors)
     * @param measured whether this runtime's version has measured leniencies (runc 1.1)
     */
    public record Prediction(boolean runs, List<Finding> overlooked, boolean measured) {}

    /** Whether runtime {@code name} at {@code version} has a measured table: runc 1.1.x. */
    static boolean measured(String name, String version) {
        return "runc".equals(name) && version != null && version.startsWith("1.1.");
    }

    /**
     * The prediction for a validation's findings. {@code truncated}: not every finding was kept,
     * so some errors are unseen and the prediction is a refusal.
     */
    static Prediction predict(String name, String version, JsonValue root, List<Finding> findings, int errors, boolean truncated) {
        boolean table = measured(name, version);
        if (errors == 0) {
            return new Prediction(true, List.of(), table);
        }
        if (!table || truncated || root == null || !root.isObject()) {
            return new Prediction(false, List.of(), table);
        }
        List<Finding> overlooked = new ArrayList<>();
        for (Finding f : findings) {
            if (!f.isError()) {
                continue;
            }
            if (!runc11Overlooks(f, root)) {
                return new Prediction(false, List.of(), true);
            }
            overlooked.add(f);
        }
        return new Prediction(true, List.copyOf(overlooked), true);
    }

    /**
     * Whether runc 1.1 runs a config despite error {@code f}. Each case names what runc does
     * instead; all were measured with runc 1.1.5.
     */
    static boolean runc11Overlooks(Finding f, JsonValue root) {
        String p = f.pointer();
        if (p.startsWith("/process/ioPriority") || p.startsWith("/process/scheduler")) {
            return true;   // runc 1.1's specs-go has neither member: Go's unmarshal skips them, whatever they hold
        }
        switch (f.rule()) {
            case RuleId.OCI_VERSION_SEMVER:
                return true;   // runc never reads ociVersion's form (runc#1846)
            case RuleId.SCHEMA_REQUIRED:
                // Go's zero value for the missing member is accepted: no pids limit, a deny rule,
                // a device at the rootfs' own path, no default action
                return p.equals("/linux/resources/pids") && missing(f, "limit")
                        || indexed(p, "/linux/resources/devices/", "") && missing(f, "allow")
                        || indexed(p, "/linux/devices/", "") && missing(f, "path")
                        || p.equals("/linux/seccomp") && missing(f, "defaultAction");
            case RuleId.SCHEMA_MIN_ITEMS:
                return indexed(p, "/linux/seccomp/syscalls/", "/names");   // a rule for no syscall is not added
            case RuleId.SCHEMA_RANGE: {
                // mknod takes setuid, setgid and sticky bits; a value beyond uint32 fails Go's unmarshal
                JsonValue v = indexed(p, "/linux/devices/", "/fileMode") ? at(root, p) : null;
                Long n = v == null ? null : v.exactLong();
                return n != null && n >= 0 && n <= 0xFFFF_FFFFL;
            }
            case RuleId.SCHEMA_ENUM:
                return p.equals("/linux/personality/domain");   // a free string in runc 1.1's specs-go
            case RuleId.LINUX_RESOURCES_DEVICES_ACCESS: {
                // a deny-all rule is written as "a" whatever its access letters (but an empty access is refused)
                JsonValue rule = p.endsWith("/access") ? at(root, p.substring(0, p.length() - "/access".length())) : null;
                if (rule == null || !rule.isObject()) {
                    return false;
                }
                JsonValue allow = rule.get("allow");
                JsonValue type = rule.get("type");
                JsonValue access = rule.get("access");
                return access != null && access.isString() && !access.text().isEmpty()
                        && allow != null && allow.kind() == JsonValue.Kind.BOOLEAN && !allow.booleanValue()
                        && rule.get("major") == null && rule.get("minor") == null
                        && (type == null || type.isString() && type.text().equals("a"));
            }
            case RuleId.MOUNTS_BIND_OPTIONS:
                return true;   // no checkBindOptions before runc 1.2; mount(2) ignores a bind's data
            case RuleId.MOUNTS_DESTINATION_IN_PROC: {
                // checkProcMount runs only for mounts other than tmpfs; the destination must still be a
                // directory of every procfs (runc cannot create one in /proc, nor mount on its symlinks)
                JsonValue m = p.endsWith("/destination") ? at(root, p.substring(0, p.length() - "/destination".length())) : null;
                JsonValue d = m != null && m.isObject() ? m.get("destination") : null;
                return m != null && m.isObject() && "tmpfs".equals(m.string("type")) && d != null && d.isString()
                        && PROC_DIRECTORIES.contains(SemanticChecker.clean(d.text()));   // linear, whatever its length
            }
            case RuleId.LINUX_USER_MAPPINGS_NO_USER_NAMESPACE:
                return true;   // specconv copies mappings only with a user namespace (runc 1.2 refuses)
            case RuleId.LINUX_DEVICES_INVALID: {
                JsonValue v = indexed(p, "/linux/devices/", "/path") ? at(root, p) : null;
                return v != null && v.isString() && !v.text().isEmpty() && !v.text().startsWith("/");   // joined to the rootfs
            }
            case RuleId.LINUX_DEVICES_DUPLICATE_PATH:
                return true;   // both are created, the last wins
            case RuleId.LINUX_MASKED_PATHS_RELATIVE:
                return true;   // joined to the rootfs
            default:
                return false;
        }
    }

    /** Directories that every procfs has, whatever the kernel's configuration. */
    private static final Set<String> PROC_DIRECTORIES = Set.of("/proc/sys", "/proc/bus", "/proc/fs", "/proc/irq",
            "/proc/driver", "/proc/tty", "/proc/sysvipc");

    /** Whether pointer {@code p} is {@code prefix}, an array index, then {@code suffix} (no regex: start-up). */
    static boolean indexed(String p, String prefix, String suffix) {
        if (!p.startsWith(prefix) || !p.endsWith(suffix) || p.length() <= prefix.length() + suffix.length()) {
            return false;
        }
        return SemanticChecker.digits(p.substring(prefix.length(), p.length() - suffix.length()));
    }

    /** Whether a schema.required finding is about member {@code name}. */
    private static boolean missing(Finding f, String name) {
        return f.message().startsWith("missing required member \"" + name + "\"");
    }

    /** The value at RFC 6901 pointer {@code p} under {@code root}, or null. */
    static JsonValue at(JsonValue root, String p) {
        JsonValue v = root;
        int i = 0;
        while (v != null && i < p.length()) {
            if (p.charAt(i) != '/') {
                return null;
            }
            int j = p.indexOf('/', i + 1);
            String tok = p.substring(i + 1, j < 0 ? p.length() : j).replace("~1", "/").replace("~0", "~");
            if (v.isObject()) {
                v = v.get(tok);
            } else if (v.isArray()) {
                int k;
                try {
                    k = Integer.parseInt(tok);
                } catch (NumberFormatException e) {
                    return null;
                }
                v = k >= 0 && k < v.size() ? v.at(k) : null;
            } else {
                return null;
            }
            i = j < 0 ? p.length() : j;
        }
        return v;
    }
}

package dev.jns.core.oci;

import dev.jns.core.proc.Capability;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Layer 2: rules that need more than one value or knowledge the schema cannot express, taken from
 * runtime-tools' validate and runc's static rejections (see {@link Rules} for the list), with
 * runtime-tools' known false positives fixed: device 5:0 ({@code /dev/tty}) is valid, environment
 * names that start with a digit only warn, every 1.x ociVersion is accepted, unknown members only
 * warn, and the r-forms of rootfsPropagation are accepted (with a warning from the schema layer).
 * Values of the wrong type were reported by the schema layer and are skipped here.
 *
 * <p>The rules are small checks over the {@link JsonValue} tree, grouped by subject in
 * {@link GeneralRules}, {@link ProcessRules}, {@link SecurityRules}, {@link NamespaceRules},
 * {@link ResourceRules} and {@link MountRules}; {@link #CHECKS} runs them in order, as runc's
 * {@code libcontainer/configs/validate/validator.go} does. This class holds what they share: the
 * config's platform and namespaces, the findings, and the helpers that report them.
 */
final class SemanticChecker {
    /**
     * The checks, in the order they run, which is the order of their findings. An enum and a
     * switch, not a list of method references: 26 lambdas cost a whole-process `oci validate`
     * about 25 ms of CPU to link at start.
     */
    enum Check {
        VERSION, ROOT, PROCESS, RLIMITS, CAPABILITIES, SCHEDULER, IO_PRIORITY, EXEC_CPU_AFFINITY, NAMESPACES, USER_NAMESPACE, UTS, SYSCTL, TIME_OFFSETS, MASKED_PATHS, DEVICES, DEVICE_CGROUP, MEMORY, BLOCK_IO, SECCOMP, PERSONALITY, MEMORY_POLICY, NET_DEVICES, INTEL_RDT, MOUNTS, ANNOTATIONS, HOOKS;

        /** Reports this check's findings on {@code config} through {@code ctx}. */
        void run(SemanticChecker ctx, JsonValue config) {
            switch (this) {
                case VERSION -> GeneralRules.version(ctx, config);
                case ROOT -> GeneralRules.root(ctx, config);
                case PROCESS -> ProcessRules.process(ctx, config);
                case RLIMITS -> ProcessRules.rlimits(ctx, config);
                case CAPABILITIES -> SecurityRules.capabilities(ctx, config);
                case SCHEDULER -> ProcessRules.scheduler(ctx, config);
                case IO_PRIORITY -> ProcessRules.ioPriority(ctx, config);
                case EXEC_CPU_AFFINITY -> ProcessRules.execCpuAffinity(ctx, config);
                case NAMESPACES -> NamespaceRules.namespaces(ctx, config);
                case USER_NAMESPACE -> NamespaceRules.userNamespace(ctx, config);
                case UTS -> NamespaceRules.uts(ctx, config);
                case SYSCTL -> NamespaceRules.sysctl(ctx, config);
                case TIME_OFFSETS -> NamespaceRules.timeOffsets(ctx, config);
                case MASKED_PATHS -> SecurityRules.maskedPaths(ctx, config);
                case DEVICES -> ResourceRules.devices(ctx, config);
                case DEVICE_CGROUP -> ResourceRules.deviceCgroup(ctx, config);
                case MEMORY -> ResourceRules.memory(ctx, config);
                case BLOCK_IO -> ResourceRules.blockIO(ctx, config);
                case SECCOMP -> SecurityRules.seccomp(ctx, config);
                case PERSONALITY -> ProcessRules.personality(ctx, config);
                case MEMORY_POLICY -> ResourceRules.memoryPolicy(ctx, config);
                case NET_DEVICES -> NamespaceRules.netDevices(ctx, config);
                case INTEL_RDT -> ResourceRules.intelRdt(ctx, config);
                case MOUNTS -> MountRules.mounts(ctx, config);
                case ANNOTATIONS -> GeneralRules.annotations(ctx, config);
                case HOOKS -> GeneralRules.hooks(ctx, config);
                default -> throw new AssertionError(this);
            }
        }
    }

    /** The checks, in the order they run. */
    static final Check[] CHECKS = Check.values();

    private final List<Finding> out;
    /** Whether rules of the runtime layer ({@link Rules#isRuntime}) are reported: only when a runtime layer runs. */
    private final boolean runtimeRules;
    private final Set<String> namespaces = new HashSet<>();
    /** The config's platform ({@link #platformOf}): Linux-only spec rules run only for linux. */
    private String platform = "linux";
    /** The linux object, or null. */
    private JsonValue linux;
    /** The process object when the platform is linux, or null. */
    private JsonValue linuxProcess;

    SemanticChecker(List<Finding> out) {
        this(out, true);
    }

    /**
     * @param runtimeRules whether to report the rules of the runtime layer (runc's static refusals
     *     such as {@code process.missing}); false for the spec-only verdict
     */
    SemanticChecker(List<Finding> out, boolean runtimeRules) {
        this.out = out;
        this.runtimeRules = runtimeRules;
    }

    /**
     * The platform a config is for: the platform object it has (linux, windows, solaris, vm, zos,
     * freebsd; linux wins, a vm object beside linux describes the VM of a Linux container), and
     * linux when it has none.
     */
    static String platformOf(JsonValue config) {
        if (config == null || !config.isObject() || config.has("linux")) {
            return "linux";
        }
        for (String p : new String[] {"windows", "solaris", "zos", "freebsd", "vm"}) {
            if (config.has(p)) {
                return p;
            }
        }
        return "linux";
    }

    private static final String[] MOUNT_FLAGS = {
        "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "iversion", "lazytime", "loud",
        "mand", "noatime", "nodev", "nodiratime", "noexec", "noiversion", "nolazytime", "nomand", "norelatime",
        "nostrictatime", "nosuid", "nosymfollow", "rbind", "relatime", "remount", "ro", "rw", "silent",
        "strictatime", "suid", "sync", "symfollow",
        "private", "rprivate", "shared", "rshared", "slave", "rslave", "unbindable", "runbindable",
        "rro", "rrw", "rnosuid", "rsuid", "rnodev", "rdev", "rnoexec", "rexec", "rnodiratime", "rdiratime",
        "rrelatime", "rnorelatime", "rnoatime", "ratime", "rstrictatime", "rnostrictatime", "rnosymfollow",
        "rsymfollow", "tmpcopyup", "idmap", "ridmap",
    };

    /** Whether {@code s} names a capability exactly, as the runtimes take it ({@link Capability}). */
    static boolean isCapability(String s) {
        return Capability.byName(s).isPresent();
    }

    static boolean isMountFlag(String s) {
        return SchemaChecker.isOneOf(s, MOUNT_FLAGS);
    }

    void check(JsonValue config) {
        platform = platformOf(config);
        JsonValue l = config.get("linux");
        linux = isObject(l) ? l : null;
        JsonValue p = config.get("process");
        linuxProcess = isObject(p) && onLinux() ? p : null;
        JsonValue nss = l != null ? l.get("namespaces") : null;
        if (nss != null && nss.isArray()) {
            for (int i = 0; i < nss.size(); i++) {
                String t = nss.at(i).string("type");
                if (t != null) {
                    namespaces.add(t);
                }
            }
        }
        for (Check c : CHECKS) {
            c.run(this, config);
        }
    }

    // ---- what the checks share -------------------------------------------------------------

    String platform() {
        return platform;
    }

    boolean onLinux() {
        return platform.equals("linux");
    }

    boolean onWindows() {
        return platform.equals("windows");
    }

    /** The linux object, or null when there is none (or it is not an object). */
    JsonValue linux() {
        return linux;
    }

    /** Member {@code name} of the linux object, or null. */
    JsonValue linuxMember(String name) {
        return linux == null ? null : linux.get(name);
    }

    /** Member {@code name} of the process object on linux (a Linux process member), or null. */
    JsonValue processMember(String name) {
        return linuxProcess == null ? null : linuxProcess.get(name);
    }

    boolean hasNs(String type) {
        return namespaces.contains(type);
    }

    void error(String rule, String ptr, JsonValue at, String message, String hint) {
        if (!runtimeRules && Rules.isRuntime(rule)) {
            return;
        }
        out.add(Finding.at(Finding.Severity.ERROR, rule, ptr, at, message, hint));
    }

    void warn(String rule, String ptr, JsonValue at, String message, String hint) {
        if (!runtimeRules && Rules.isRuntime(rule)) {
            return;
        }
        out.add(Finding.at(Finding.Severity.WARNING, rule, ptr, at, message, hint));
    }

    /** A finding at the key of member i of {@code obj} (sysctl names, annotation keys: the key is at fault). */
    void atKey(Finding.Severity sev, String rule, String ptr, JsonValue obj, int i, String message, String hint) {
        if (!runtimeRules && Rules.isRuntime(rule)) {
            return;
        }
        out.add(new Finding(sev, rule, ptr, obj.keyLine(i), obj.keyColumn(i), message, hint));
    }

    /**
     * {@code path.null-byte}: a NUL in a string the runtime hands to the kernel (a path, an argument,
     * an environment entry): C strings end at NUL, so Go's syscalls refuse it (EINVAL) and the
     * container fails to start. Returns whether there was one.
     */
    boolean nul(JsonValue v, String ptr, String what) {
        if (v != null && v.isString() && v.text().indexOf('\0') >= 0) {
            error(RuleId.PATH_NULL_BYTE, ptr, v, what + " \"" + Finding.clip(v.text().replace("\0", "\\u0000"))
                    + "\" contains a NUL byte", "the kernel takes C strings, which end at NUL: runc fails with"
                    + " \"invalid argument\"");
            return true;
        }
        return false;
    }

    /** {@link #nul} on every string of an array. */
    void nulEach(JsonValue a, String ptr, String what) {
        if (isArray(a)) {
            for (int i = 0; i < a.size(); i++) {
                nul(a.at(i), ptr + "/" + i, what);
            }
        }
    }

    static boolean isArray(JsonValue v) {
        return v != null && v.isArray();
    }

    static boolean isObject(JsonValue v) {
        return v != null && v.isObject();
    }

    static long num(JsonValue obj, String name, long absent) {
        JsonValue v = obj.get(name);
        return v == null ? absent : v.longValue(absent);
    }

    /** Why a CPU or node list ("0-3,7") is not one runc can parse, or null. */
    static String cpuListError(String s) {
        int members = 0;
        for (String part : s.split(",", -1)) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            int dash = t.indexOf('-');
            String a = dash < 0 ? t : t.substring(0, dash).trim();
            String b = dash < 0 ? t : t.substring(dash + 1).trim();
            if (!digits(a) || !digits(b)) {
                return "\"" + Finding.clip(t) + "\" is not a number or a range";
            }
            if (a.length() > 6 || b.length() > 6) {
                return "CPU " + (a.length() > 6 ? a : b) + " is beyond 65536";
            }
            int lo = Integer.parseInt(a);
            int hi = Integer.parseInt(b);
            if (hi > 65536 || lo > 65536) {
                return "CPU " + Math.max(lo, hi) + " is beyond 65536";
            }
            if (lo > hi) {
                return "range " + t + " runs backwards";
            }
            members++;
        }
        return members == 0 ? "no CPUs listed" : null;
    }

    /** Whether {@code s} is one or more ASCII digits (shared by the host layer: no regex, no stream at start). */
    static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** "did you mean X?" for the known name nearest {@code s}, or "". */
    static String suggestion(String s, List<String> known) {
        String best = SchemaChecker.closest(s, known, 3);
        return best != null ? "did you mean " + best + "?" : "";
    }

    /** Lexical clean of an absolute path (like Go's filepath.Clean). */
    static String clean(String p) {
        if (isClean(p)) {
            return p;   // the common case: no copy
        }
        List<String> parts = new ArrayList<>();
        for (String s : p.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(s);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** Whether {@link #clean} would return {@code p} itself: absolute, no empty, "." or ".." element, no trailing "/". */
    static boolean isClean(String p) {
        int n = p.length();
        if (n == 0 || p.charAt(0) != '/') {
            return false;
        }
        if (n == 1) {
            return true;
        }
        int start = 1;   // the first char of the current element
        for (int i = 1; i <= n; i++) {
            if (i == n || p.charAt(i) == '/') {
                int len = i - start;
                if (len == 0 || len == 1 && p.charAt(start) == '.' || len == 2 && p.charAt(start) == '.' && p.charAt(start + 1) == '.') {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** The hook kinds, in the order their rules run. */
    static final String[] HOOK_KINDS = {"prestart", "createRuntime", "createContainer", "startContainer", "poststart",
        "poststop"};
}

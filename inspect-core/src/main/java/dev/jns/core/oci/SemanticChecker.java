package dev.jns.core.oci;

import dev.jns.core.proc.Capability;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Layer 2: rules that need more than one value or knowledge the schema cannot express, taken from
 * runtime-tools' validate and runc's static rejections (see {@link Rules} for the list), with
 * runtime-tools' known false positives fixed: device 5:0 ({@code /dev/tty}) is valid, environment
 * names that start with a digit only warn, every 1.x ociVersion is accepted, unknown members only
 * warn, and the r-forms of rootfsPropagation are accepted (with a warning from the schema layer).
 * Values of the wrong type were reported by the schema layer and are skipped here.
 */
final class SemanticChecker {
    private final List<Finding> out;
    /** Whether rules of the runtime layer ({@link Rules#isRuntime}) are reported: only when a runtime layer runs. */
    private final boolean runtimeRules;
    private JsonValue root;
    private final Set<String> namespaces = new HashSet<>();
    /** The config's platform ({@link #platformOf}): Linux-only spec rules run only for linux. */
    private String platform = "linux";

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

    private boolean linux() {
        return platform.equals("linux");
    }

    private boolean windows() {
        return platform.equals("windows");
    }

    /** runc's 16 rlimits (strToRlimit). runtime-tools' list misses RLIMIT_LOCKS. */
    static final List<String> RLIMITS = List.of(
        "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC",
        "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE",
        "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME");

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
        root = config;
        platform = platformOf(config);
        JsonValue linux = config.get("linux");
        JsonValue nss = linux != null ? linux.get("namespaces") : null;
        if (nss != null && nss.isArray()) {
            for (int i = 0; i < nss.size(); i++) {
                String t = nss.at(i).string("type");
                if (t != null) {
                    namespaces.add(t);
                }
            }
        }
        version(config);
        rootfs(config);
        process(config);
        if (linux != null && linux.isObject()) {
            linux(linux);
        }
        mounts(config.get("mounts"));
        annotations(config.get("annotations"));
        hooks(config.get("hooks"));
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void error(String rule, String ptr, JsonValue at, String message, String hint) {
        if (!runtimeRules && Rules.isRuntime(rule)) {
            return;
        }
        out.add(Finding.at(Finding.Severity.ERROR, rule, ptr, at, message, hint));
    }

    private void warn(String rule, String ptr, JsonValue at, String message, String hint) {
        if (!runtimeRules && Rules.isRuntime(rule)) {
            return;
        }
        out.add(Finding.at(Finding.Severity.WARNING, rule, ptr, at, message, hint));
    }

    /** A finding at the key of member i of {@code obj} (sysctl names, annotation keys: the key is at fault). */
    private void atKey(Finding.Severity sev, String rule, String ptr, JsonValue obj, int i, String message, String hint) {
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
    private boolean nul(JsonValue v, String ptr, String what) {
        if (v != null && v.isString() && v.text().indexOf('\0') >= 0) {
            error(RuleId.PATH_NULL_BYTE, ptr, v, what + " \"" + Finding.clip(v.text().replace("\0", "\\u0000"))
                    + "\" contains a NUL byte", "the kernel takes C strings, which end at NUL: runc fails with"
                    + " \"invalid argument\"");
            return true;
        }
        return false;
    }

    /** {@link #nul} on every string of an array. */
    private void nulEach(JsonValue a, String ptr, String what) {
        if (isArray(a)) {
            for (int i = 0; i < a.size(); i++) {
                nul(a.at(i), ptr + "/" + i, what);
            }
        }
    }

    private static boolean isArray(JsonValue v) {
        return v != null && v.isArray();
    }

    private static boolean isObject(JsonValue v) {
        return v != null && v.isObject();
    }

    private static long num(JsonValue obj, String name, long absent) {
        JsonValue v = obj.get(name);
        return v == null ? absent : v.longValue(absent);
    }

    private boolean hasNs(String type) {
        return namespaces.contains(type);
    }

    // ---- ociVersion, root ------------------------------------------------------------------

    private void version(JsonValue config) {
        JsonValue v = config.get("ociVersion");
        if (v == null || !v.isString()) {
            return;
        }
        OciVersion ver = OciVersion.parse(v.text());
        if (ver == null) {
            error(RuleId.OCI_VERSION_SEMVER, "/ociVersion", v, "ociVersion \"" + v.text() + "\" is not a SemVer version",
                    "the spec requires SemVer, e.g. \"1.2.0\"; runc does not check it (runc#1846), other tools do");
        } else if (ver.major() != 1 || ver.minor() > 3) {
            warn(RuleId.OCI_VERSION_UNSUPPORTED, "/ociVersion", v, "ociVersion " + v.text()
                    + " is outside the versions jns knows (1.0.0 through 1.3.x)",
                    "checked with the 1.3 rules; members it does not know are reported as unknown");
        }
    }

    private void rootfs(JsonValue config) {
        JsonValue r = config.get("root");
        if (r == null) {
            if (!windows()) {   // Windows: required for Server containers, forbidden for Hyper-V (config.md root)
                error(RuleId.ROOT_MISSING, "/root", config, "no \"root\": a " + (linux() ? "Linux" : platform)
                        + " container needs a root filesystem", "add \"root\": {\"path\": \"rootfs\"}");
            }
            return;
        }
        JsonValue p = r.get("path");
        if (nul(p, "/root/path", "root path")) {
            return;
        }
        if (p != null && p.isString()) {
            if (p.text().isEmpty()) {
                error(RuleId.ROOT_PATH_EMPTY, "/root/path", p, "root.path is empty", "name the rootfs directory, e.g. \"rootfs\"");
            } else {
                String t = p.text();
                while (t.length() > 1 && t.endsWith("/")) {
                    t = t.substring(0, t.length() - 1);
                }
                String base = t.substring(t.lastIndexOf('/') + 1);
                if (!base.equals("rootfs") && !windows()) {
                    warn(RuleId.ROOT_PATH_CONVENTION, "/root/path", p, "root.path \"" + Finding.clip(p.text())
                            + "\" does not end in \"rootfs\" (the spec's SHOULD)", "a bundle's rootfs is conventionally bundle/rootfs");
                }
            }
        }
    }

    // ---- process ---------------------------------------------------------------------------

    private void process(JsonValue config) {
        JsonValue p = config.get("process");
        if (p == null) {
            error(RuleId.PROCESS_MISSING, "/process", config, "no \"process\": runc refuses to create a container without one",
                    "add \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\"}");
            return;
        }
        if (!p.isObject()) {
            return;
        }
        JsonValue cwd = p.get("cwd");
        nul(cwd, "/process/cwd", "working directory");
        if (cwd != null && cwd.isString() && !cwd.text().startsWith("/") && !windows()) {
            error(RuleId.PROCESS_CWD_RELATIVE, "/process/cwd", cwd, cwd.text().isEmpty() ? "process.cwd is empty"
                    : "process.cwd \"" + Finding.clip(cwd.text()) + "\" is not an absolute path", "e.g. \"cwd\": \"/\"");
        }
        JsonValue args = p.get("args");
        nulEach(args, "/process/args", "argument");
        if ((args == null || (args.isArray() && args.size() == 0)) && !windows()) {   // Windows: commandLine instead
            error(RuleId.PROCESS_ARGS_EMPTY, "/process/args", args != null ? args : p, "process.args is "
                    + (args == null ? "missing" : "empty") + ": there is nothing to run", "e.g. \"args\": [\"sh\"]");
        }
        env(p.get("env"), "/process/env");
        if (!linux()) {
            return;   // rlimit names, capabilities, scheduler, ioPriority, execCPUAffinity: Linux process members
        }
        rlimits(p.get("rlimits"));
        capabilities(p.get("capabilities"));
        scheduler(p.get("scheduler"));
        JsonValue io = p.get("ioPriority");
        if (isObject(io)) {
            JsonValue pr = io.get("priority");
            long v = pr == null ? 0 : pr.longValue(0);
            if (pr != null && pr.isInteger() && (v < 0 || v > 7)) {
                error(RuleId.PROCESS_IO_PRIORITY_RANGE, "/process/ioPriority/priority", pr, "ioPriority.priority " + pr.text()
                        + " is outside 0..7", "0 is the highest priority, 7 the lowest");
            }
        }
        JsonValue aff = p.get("execCPUAffinity");
        if (isObject(aff)) {
            for (String k : new String[] {"initial", "final"}) {
                JsonValue s = aff.get(k);
                if (s != null && s.isString() && !s.text().isEmpty()) {
                    String why = cpuListError(s.text());
                    if (why != null) {
                        error(RuleId.PROCESS_EXEC_CPU_AFFINITY_INVALID, "/process/execCPUAffinity/" + k, s,
                                "execCPUAffinity." + k + " \"" + Finding.clip(s.text()) + "\": " + why, "a CPU list such as \"0-3,7\"");
                    }
                }
            }
        }
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

    private static boolean digits(String s) {
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

    private void env(JsonValue env, String ptr) {
        if (!isArray(env)) {
            return;
        }
        for (int i = 0; i < env.size(); i++) {
            JsonValue e = env.at(i);
            if (!e.isString()) {
                continue;
            }
            if (nul(e, ptr + "/" + i, "environment entry")) {
                continue;
            }
            String s = e.text();
            int eq = s.indexOf('=');
            String key = eq < 0 ? s : s.substring(0, eq).trim();
            if (eq < 0 || key.isEmpty()) {
                error(RuleId.ENV_FORMAT, ptr + "/" + i, e, "environment entry \"" + Finding.clip(s) + "\" is not KEY=VALUE",
                        eq < 0 ? "write \"" + Finding.clip(s) + "=\" for an empty value" : "the name before '=' is empty");
                continue;
            }
            boolean ok = true;
            for (int j = 0; j < key.length(); j++) {
                char c = key.charAt(j);
                if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                    ok = false;
                    break;
                }
            }
            if (!ok) {
                // POSIX lets an implementation take other characters; the kernel, runc and crun pass any NAME=VALUE
                warn(RuleId.ENV_NAME_NONPORTABLE, ptr + "/" + i, e, "environment name \"" + Finding.clip(key)
                        + "\" has characters other than letters, digits and '_'",
                        "the container gets it, but POSIX shells and many programs cannot use it");
            } else if (key.charAt(0) >= '0' && key.charAt(0) <= '9') {
                warn(RuleId.ENV_DIGIT_LEADING, ptr + "/" + i, e, "environment name \"" + key + "\" starts with a digit",
                        "POSIX shells cannot use it, but env(1) and most languages can (runtime-tools#80)");
            }
        }
    }

    private void rlimits(JsonValue rl) {
        if (!isArray(rl)) {
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < rl.size(); i++) {
            JsonValue r = rl.at(i);
            if (!r.isObject()) {
                continue;
            }
            String ptr = "/process/rlimits/" + i;
            JsonValue t = r.get("type");
            if (t != null && t.isString()) {
                Integer first = seen.putIfAbsent(t.text(), i);
                if (first != null) {
                    error(RuleId.PROCESS_RLIMITS_DUPLICATE, ptr + "/type", t, "rlimit " + Finding.clip(t.text()) + " listed twice",
                            "keep one entry per type; the first is /process/rlimits/" + first);
                }
                if (!RLIMITS.contains(t.text())) {
                    error(RuleId.PROCESS_RLIMITS_UNKNOWN, ptr + "/type", t, "unknown rlimit \"" + Finding.clip(t.text()) + "\"",
                            suggestion(t.text(), RLIMITS));
                }
            }
            JsonValue soft = r.get("soft");
            JsonValue hard = r.get("hard");
            if (soft != null && hard != null && soft.isInteger() && hard.isInteger()
                    && JsonValue.compareIntegers(soft.text(), hard.text()) > 0) {
                error(RuleId.PROCESS_RLIMITS_SOFT_ABOVE_HARD, ptr + "/soft", soft, "rlimit soft " + Finding.clip(soft.text())
                        + " is above hard " + Finding.clip(hard.text()), "setrlimit(2) refuses soft > hard");
            }
        }
    }

    private static String suggestion(String s, List<String> known) {
        String best = SchemaChecker.closest(s, known, 3);
        return best != null ? "did you mean " + best + "?" : "";
    }

    private void capabilities(JsonValue caps) {
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
                    warn(RuleId.PROCESS_CAPABILITIES_UNKNOWN, "/process/capabilities/" + set + "/" + i, c,
                            "unknown capability \"" + Finding.clip(s) + "\" (runc ignores it with a warning; crun refuses it)",
                            hint.isEmpty() ? "see capabilities(7)" : hint);
                }
            }
        }
        subset(caps, "effective", "permitted", RuleId.PROCESS_CAPABILITIES_EFFECTIVE_NOT_PERMITTED);
        subset(caps, "ambient", "permitted", RuleId.PROCESS_CAPABILITIES_AMBIENT_NOT_PERMITTED);
        subset(caps, "ambient", "inheritable", RuleId.PROCESS_CAPABILITIES_AMBIENT_NOT_INHERITABLE);
    }

    /** Rule {@code rule}: every capability of set {@code set} is also in set {@code sup}. */
    private void subset(JsonValue caps, String set, String sup, String rule) {
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
                    warn(rule, ptr, c, c.text() + " is ambient but not " + sup + ": it will not be raised",
                            "drop it from ambient, or add it to " + sup + " (runc ignores it; runtime-tools calls this an error)");
                } else {
                    error(rule, ptr, c, c.text() + " is " + set + " but not " + sup, "capset(2) refuses it: add it to " + sup);
                }
            }
        }
    }

    private void scheduler(JsonValue s) {
        if (!isObject(s)) {
            return;
        }
        String policy = s.string("policy");
        if (policy == null) {
            return;
        }
        JsonValue nice = s.get("nice");
        if (nice != null && nice.isInteger() && (policy.equals("SCHED_OTHER") || policy.equals("SCHED_BATCH"))) {
            long n = nice.longValue(0);
            if (n < -20 || n > 19) {
                error(RuleId.PROCESS_SCHEDULER_INVALID, "/process/scheduler/nice", nice, "nice " + nice.text()
                        + " is outside -20..19", "");
            }
        }
        JsonValue prio = s.get("priority");
        if (prio != null && prio.isInteger() && prio.longValue(1) != 0 && !policy.equals("SCHED_FIFO")
                && !policy.equals("SCHED_RR")) {
            error(RuleId.PROCESS_SCHEDULER_INVALID, "/process/scheduler/priority", prio, "priority " + prio.text()
                    + " needs SCHED_FIFO or SCHED_RR, not " + policy, "drop priority or change the policy");
        }
        for (String k : new String[] {"runtime", "deadline", "period"}) {
            JsonValue v = s.get(k);
            if (v != null && v.isInteger() && !v.text().equals("0") && !policy.equals("SCHED_DEADLINE")) {
                error(RuleId.PROCESS_SCHEDULER_INVALID, "/process/scheduler/" + k, v, k + " needs SCHED_DEADLINE, not " + policy,
                        "");
            }
        }
    }

    // ---- linux -----------------------------------------------------------------------------

    private void linux(JsonValue linux) {
        JsonValue nss = linux.get("namespaces");
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
                        error(RuleId.LINUX_NAMESPACES_DUPLICATE, "/linux/namespaces/" + i, n, "namespace \"" + Finding.clip(t.text())
                                + "\" listed twice", "keep one entry per namespace type; the first is /linux/namespaces/" + first);
                    }
                }
                JsonValue p = n.get("path");
                nul(p, "/linux/namespaces/" + i + "/path", "namespace path");
                if (p != null && p.isString() && !p.text().startsWith("/")) {
                    error(RuleId.LINUX_NAMESPACES_PATH_RELATIVE, "/linux/namespaces/" + i + "/path", p, "namespace path \""
                            + Finding.clip(p.text()) + "\" is not absolute", "e.g. /proc/1234/ns/net or /run/netns/NAME");
                }
            }
        }
        users(linux);
        if (root.get("hostname") != null && root.get("hostname").isString() && !hasNs("uts")) {
            error(RuleId.LINUX_HOSTNAME_NO_UTS_NAMESPACE, "/hostname", root.get("hostname"),
                    "hostname is set but there is no UTS namespace", "add {\"type\": \"uts\"} to linux.namespaces");
        }
        if (root.get("domainname") != null && root.get("domainname").isString() && !hasNs("uts")) {
            error(RuleId.LINUX_DOMAINNAME_NO_UTS_NAMESPACE, "/domainname", root.get("domainname"),
                    "domainname is set but there is no UTS namespace", "add {\"type\": \"uts\"} to linux.namespaces");
        }
        sysctl(linux.get("sysctl"));
        JsonValue offs = linux.get("timeOffsets");
        if (offs != null && offs.isObject()) {
            if (!hasNs("time")) {
                error(RuleId.LINUX_TIME_OFFSETS_NO_TIME_NAMESPACE, "/linux/timeOffsets", offs,
                        "timeOffsets is set but there is no time namespace", "add {\"type\": \"time\"} to linux.namespaces");
            } else if (isArray(nss)) {
                for (int i = 0; i < nss.size(); i++) {
                    if ("time".equals(nss.at(i).string("type")) && nss.at(i).has("path")) {
                        error(RuleId.LINUX_TIME_OFFSETS_WITH_PATH, "/linux/timeOffsets", offs,
                                "timeOffsets cannot be set when joining a time namespace by path", "");
                    }
                }
            }
        }
        for (String k : new String[] {"maskedPaths", "readonlyPaths"}) {
            JsonValue a = linux.get(k);
            if (!isArray(a)) {
                continue;
            }
            if (a.size() > 0 && !hasNs("mount")) {
                error(RuleId.LINUX_MASKED_PATHS_NO_MOUNT_NAMESPACE, "/linux/" + k, a, k + " needs a mount namespace",
                        "add {\"type\": \"mount\"} to linux.namespaces");
            }
            for (int i = 0; i < a.size(); i++) {
                JsonValue p = a.at(i);
                nul(p, "/linux/" + k + "/" + i, k + " entry");
                if (p.isString() && !p.text().startsWith("/")) {
                    error(RuleId.LINUX_MASKED_PATHS_RELATIVE, "/linux/" + k + "/" + i, p, k + " entry \"" + Finding.clip(p.text())
                            + "\" is not absolute", "");
                }
            }
        }
        devices(linux.get("devices"));
        JsonValue res = linux.get("resources");
        if (isObject(res)) {
            resources(res);
        }
        seccomp(linux.get("seccomp"));
        JsonValue pers = linux.get("personality");
        if (isObject(pers) && pers.string("domain") == null) {
            error(RuleId.LINUX_PERSONALITY_DOMAIN_MISSING, "/linux/personality", pers, "personality has no domain",
                    "add \"domain\": \"LINUX\" or \"LINUX32\"");
        }
        memoryPolicy(linux.get("memoryPolicy"));
        netDevices(linux.get("netDevices"));
        JsonValue rdt = linux.get("intelRdt");
        if (isObject(rdt)) {
            JsonValue clos = rdt.get("closID");
            if (clos != null && clos.isString()) {
                String c = clos.text();
                if (c.equals(".") || c.equals("..") || c.indexOf('/') >= 0) {
                    error(RuleId.LINUX_INTEL_RDT_CLOS_ID, "/linux/intelRdt/closID", clos, "intelRdt.closID \"" + Finding.clip(c)
                            + "\" is not a valid resctrl group name", "a plain name without '/'");
                }
            }
        }
    }

    private void users(JsonValue linux) {
        JsonValue um = linux.get("uidMappings");
        JsonValue gm = linux.get("gidMappings");
        boolean hasMaps = (isArray(um) && um.size() > 0) || (isArray(gm) && gm.size() > 0);
        if (hasMaps && !hasNs("user")) {
            error(RuleId.LINUX_USER_MAPPINGS_NO_USER_NAMESPACE, isArray(um) && um.size() > 0 ? "/linux/uidMappings"
                    : "/linux/gidMappings", isArray(um) && um.size() > 0 ? um : gm,
                    "uid/gid mappings are set but there is no user namespace", "add {\"type\": \"user\"} to linux.namespaces");
            return;
        }
        if (!hasNs("user")) {
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
        String[] names = {"uidMappings", "gidMappings"};
        JsonValue[] maps = {um, gm};
        for (int k = 0; k < 2; k++) {
            JsonValue m = maps[k];
            String ptr = "/linux/" + names[k];
            if (!isArray(m) || m.size() == 0) {
                error(RuleId.LINUX_USER_NAMESPACE_NO_MAPPINGS, ptr, m != null ? m : nss, "a new user namespace without "
                        + names[k], "map container id 0, e.g. {\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}");
                continue;
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
                    error(RuleId.LINUX_USER_MAPPINGS_OVERLAP, ptr + "/" + i, m.at(i), names[k] + " entries " + j + " and " + i
                            + " overlap (" + (cont ? "container" : "host") + " ids)", "the kernel refuses overlapping ranges");
                }
            }
            if (!root0) {
                error(RuleId.LINUX_USER_NAMESPACE_NO_ROOT_MAPPING, ptr, m, names[k] + " do not map container id 0",
                        "runc needs the container's root mapped");
            }
            JsonValue user = root.get("process") != null ? root.get("process").get("user") : null;
            String field = k == 0 ? "uid" : "gid";
            if (isObject(user) && user.get(field) != null && user.get(field).isInteger()) {
                long id = user.get(field).longValue(-1);
                boolean mapped = false;
                for (long[] r : ranges) {
                    if (r != null && id >= r[0] && id < end(r[0], r[2])) {
                        mapped = true;
                    }
                }
                if (!mapped && root0) {
                    error(RuleId.PROCESS_USER_UNMAPPED, "/process/user/" + field, user.get(field), "process.user." + field + " "
                            + id + " is not mapped by " + names[k], "setuid/setgid to an unmapped id fails at start");
                }
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

    private static final String[] IPC_SYSCTLS = {
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
        "kernel.shmmni", "kernel.shm_rmid_forced",
    };

    private void sysctl(JsonValue sc) {
        if (!isObject(sc)) {
            return;
        }
        for (int i = 0; i < sc.size(); i++) {
            String raw = sc.key(i);
            String ptr = "/linux/sysctl/" + SchemaChecker.escape(raw);
            if (raw.indexOf('\0') >= 0) {
                atKey(Finding.Severity.ERROR, RuleId.PATH_NULL_BYTE, ptr, sc, i, "sysctl name \"" + Finding.clip(raw.replace("\0",
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
                if (hasNs("uts")) {
                    atKey(Finding.Severity.ERROR, RuleId.LINUX_SYSCTL_HOSTNAME, ptr, sc, i, "sysctl kernel.hostname conflicts with the \"hostname\" field",
                            "set \"hostname\" instead");
                    continue;
                }
                need = "uts";
            }
            if (need == null) {
                atKey(Finding.Severity.ERROR, RuleId.LINUX_SYSCTL_NOT_NAMESPACED, ptr, sc, i, "sysctl " + k + " is not namespaced: it would change the host",
                        "containers may only set ipc (kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.*), net.*, user.* and kernel.domainname sysctls");
            } else if (!hasNs(need)) {
                atKey(Finding.Severity.ERROR, RuleId.LINUX_SYSCTL_NO_NAMESPACE, ptr, sc, i, "sysctl " + k + " needs a " + need + " namespace",
                        "add {\"type\": \"" + need + "\"} to linux.namespaces");
            }
        }
    }

    private void devices(JsonValue devs) {
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
                nul(d.get("path"), ptr + "/path", "device path");
                if (!path.startsWith("/")) {
                    error(RuleId.LINUX_DEVICES_INVALID, ptr + "/path", d.get("path"), "device path \"" + Finding.clip(path)
                            + "\" is not absolute", "e.g. /dev/fuse");
                }
                Integer first = paths.putIfAbsent(path, i);
                if (first != null) {
                    error(RuleId.LINUX_DEVICES_DUPLICATE_PATH, ptr + "/path", d.get("path"), "device " + Finding.clip(path)
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
                    error(RuleId.LINUX_DEVICES_INVALID, ptr, d, "a FIFO device (type p) takes no major/minor numbers", "");
                }
            } else if (type.equals("c") || type.equals("b") || type.equals("u")) {
                // runtime-tools requires major and minor > 0, false positives for /dev/tty (5:0) and for
                // major 0, the unnamed devices, which mknod(2) makes without complaint
                if (major < 0 || minor < 0) {
                    error(RuleId.LINUX_DEVICES_INVALID, ptr, d, "device " + (path != null ? Finding.clip(path) : "") + " of type " + type
                            + " needs major and minor numbers of at least 0 (got " + major + ":" + minor + ")",
                            "e.g. /dev/fuse is c 10:229");
                } else {
                    String key = (type.equals("b") ? "b" : "c") + major + ":" + minor;
                    Integer first = numbers.putIfAbsent(key, i);
                    if (first != null) {
                        warn(RuleId.LINUX_DEVICES_DUPLICATE_NUMBER, ptr, d, "device " + type + " " + major + ":" + minor
                                + " is also /linux/devices/" + first, "two paths for one device is unusual");
                    }
                }
            }
        }
    }

    private void resources(JsonValue res) {
        JsonValue devs = res.get("devices");
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
                    error(RuleId.LINUX_RESOURCES_DEVICES_TYPE, ptr + "/type", t, "device cgroup type \"" + t.text()
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
                        error(RuleId.LINUX_RESOURCES_DEVICES_ACCESS, a != null ? ptr + "/access" : ptr, a != null ? a : d,
                                acc.isEmpty() ? "device cgroup rule without access" : "device cgroup access \"" + Finding.clip(acc)
                                        + "\" has letters other than r, w and m", "e.g. \"access\": \"rwm\"");
                    }
                }
            }
        }
        JsonValue mem = res.get("memory");
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
                    error(RuleId.LINUX_RESOURCES_MEMORY_SWAP_BELOW_LIMIT, "/linux/resources/memory/swap", swap, "memory.swap "
                            + s + " is below memory.limit " + (lUnlimited ? "(unlimited)" : l),
                            "swap is memory+swap: it must be at least the limit, or -1");
                }
            }
            if (limit != null && resv != null && limit.isInteger() && resv.isInteger()) {
                long l = limit.longValue(Long.MAX_VALUE);
                long r = resv.longValue(Long.MAX_VALUE);
                if (l > 0 && r > l) {
                    warn(RuleId.LINUX_RESOURCES_MEMORY_RESERVATION_ABOVE_LIMIT, "/linux/resources/memory/reservation", resv,
                            "memory.reservation " + r + " is above memory.limit " + l,
                            "the kernel accepts it, but the reservation can never be reached (runtime-tools calls this an error)");
                }
            }
        }
        JsonValue bio = res.get("blockIO");
        if (isObject(bio) && isArray(bio.get("weightDevice"))) {
            JsonValue wd = bio.get("weightDevice");
            for (int i = 0; i < wd.size(); i++) {
                JsonValue d = wd.at(i);
                if (d.isObject() && !d.has("weight") && !d.has("leafWeight")) {
                    error(RuleId.LINUX_RESOURCES_BLOCKIO_WEIGHT_DEVICE_EMPTY, "/linux/resources/blockIO/weightDevice/" + i, d,
                            "weightDevice entry has neither weight nor leafWeight", "the spec requires at least one");
                }
            }
        }
    }

    private static final String[] RUNC_UNKNOWN_ARCHES = {
        "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64",
    };

    private void seccomp(JsonValue sc) {
        if (!isObject(sc)) {
            return;
        }
        JsonValue arches = sc.get("architectures");
        if (isArray(arches)) {
            for (int i = 0; i < arches.size(); i++) {
                JsonValue a = arches.at(i);
                if (a.isString() && SchemaChecker.isOneOf(a.text(), RUNC_UNKNOWN_ARCHES)) {
                    error(RuleId.LINUX_SECCOMP_ARCH_UNSUPPORTED, "/linux/seccomp/architectures/" + i, a, "runc does not know the"
                            + " seccomp architecture " + a.text(), "drop it: containers cannot run that architecture's syscalls here");
                }
            }
        }
    }

    private void memoryPolicy(JsonValue mp) {
        if (!isObject(mp)) {
            return;
        }
        String mode = mp.string("mode");
        JsonValue nodes = mp.get("nodes");
        String n = nodes != null && nodes.isString() ? nodes.text() : "";
        if (!n.isEmpty()) {
            String why = cpuListError(n);
            if (why != null) {
                error(RuleId.LINUX_MEMORY_POLICY_NODES, "/linux/memoryPolicy/nodes", nodes, "memoryPolicy.nodes \"" + Finding.clip(n) + "\": " + why,
                        "a node list such as \"0-1\"");
                return;
            }
        }
        if (mode == null) {
            return;
        }
        if ((mode.equals("MPOL_DEFAULT") || mode.equals("MPOL_LOCAL")) && !n.isEmpty()) {
            error(RuleId.LINUX_MEMORY_POLICY_NODES, "/linux/memoryPolicy/nodes", nodes, mode + " takes no nodes", "drop nodes");
        } else if ((mode.equals("MPOL_BIND") || mode.equals("MPOL_INTERLEAVE") || mode.equals("MPOL_PREFERRED_MANY")
                || mode.equals("MPOL_WEIGHTED_INTERLEAVE")) && n.isEmpty()) {
            error(RuleId.LINUX_MEMORY_POLICY_NODES, "/linux/memoryPolicy", mp, mode + " needs at least one node",
                    "add e.g. \"nodes\": \"0\"");
        }
    }

    private void netDevices(JsonValue nd) {
        if (!isObject(nd) || nd.size() == 0) {
            return;
        }
        if (!hasNs("network")) {
            error(RuleId.LINUX_NET_DEVICES_NO_NETWORK_NAMESPACE, "/linux/netDevices", nd,
                    "netDevices needs a network namespace", "add {\"type\": \"network\"} to linux.namespaces");
        }
        for (int i = 0; i < nd.size(); i++) {
            String ptr = "/linux/netDevices/" + SchemaChecker.escape(nd.key(i));
            if (!validIfName(nd.key(i))) {
                atKey(Finding.Severity.ERROR, RuleId.LINUX_NET_DEVICES_NAME, ptr, nd, i, "\"" + Finding.clip(nd.key(i)) + "\" is not a valid interface name",
                        "1 to 15 characters, no '/', ':' or white space, not . or ..");
            }
            String name = nd.at(i).string("name");
            if (name != null && !validIfName(name)) {
                error(RuleId.LINUX_NET_DEVICES_NAME, ptr + "/name", nd.at(i).get("name"), "\"" + Finding.clip(name)
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

    // ---- mounts, annotations, hooks --------------------------------------------------------

    private void mounts(JsonValue ms) {
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
            JsonValue dv = m.get("destination");
            String dest = dv != null && dv.isString() ? dv.text() : null;
            String type = m.string("type");
            String src = m.string("source");
            for (String[] f : new String[][] {{"source", src}, {"destination", dest}, {"type", type}}) {
                if (f[1] != null && f[1].indexOf('\0') >= 0) {
                    error(RuleId.MOUNTS_NULL_BYTE, ptr + "/" + f[0], m.get(f[0]), "mount " + f[0] + " contains a NUL byte", "");
                }
            }
            boolean bind = "bind".equals(type);
            boolean idmap = m.has("uidMappings") || m.has("gidMappings");
            List<String> data = new ArrayList<>();
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
                    if (!SchemaChecker.isOneOf(o, MOUNT_FLAGS)) {
                        data.add(o);
                    }
                }
            }
            if (bind && !data.isEmpty()) {
                error(RuleId.MOUNTS_BIND_OPTIONS, ptr + "/options", opts, "bind mount with filesystem options "
                        + Finding.clip(String.join(",", data)), "bind mounts take only mount flags (ro, nosuid, ...); drop "
                        + Finding.clip(String.join(",", data)));
            }
            if (idmap) {
                if (!bind) {
                    error(RuleId.MOUNTS_IDMAP_NOT_BIND, ptr, m, "id-mapped mount that is not a bind mount",
                            "id mapping is only supported for bind mounts");
                } else {
                    boolean maps = isArray(m.get("uidMappings")) && m.get("uidMappings").size() > 0
                            && isArray(m.get("gidMappings")) && m.get("gidMappings").size() > 0;
                    JsonValue l = root.get("linux");
                    boolean nsMaps = hasNs("user") && l != null && isArray(l.get("uidMappings"))
                            && isArray(l.get("gidMappings"));
                    if (!maps && !nsMaps) {
                        error(RuleId.MOUNTS_IDMAP_INCOMPLETE, ptr, m, "id-mapped mount without both uid and gid mappings",
                                "give the mount uidMappings and gidMappings, or use a user namespace with mappings");
                    }
                }
            }
            if (dest == null) {
                continue;
            }
            if (!dest.startsWith("/") && !windows()) {
                warn(RuleId.MOUNTS_DESTINATION_RELATIVE, ptr + "/destination", dv, "mount destination \"" + Finding.clip(dest)
                        + "\" is not absolute", "runc treats it as relative to / and warns that this will be removed");
            }
            String clean = clean(dest.startsWith("/") ? dest : "/" + dest);
            if (clean.equals("/")) {
                error(RuleId.MOUNTS_DESTINATION_ROOT, ptr + "/destination", dv, "mount over the container's root /",
                        "use root.path for the root filesystem");
            } else if (clean.startsWith("/proc/") && !procAllowed(clean)) {
                error(RuleId.MOUNTS_DESTINATION_IN_PROC, ptr + "/destination", dv, "mount destination " + Finding.clip(clean)
                        + " is inside /proc", "runc refuses mounts inside /proc, except a few files such as /proc/cpuinfo");
            } else if (clean.equals("/proc") && type != null && !type.equals("proc") && !bind) {
                error(RuleId.MOUNTS_DESTINATION_IN_PROC, ptr + "/destination", dv, "a mount on /proc must be of type proc",
                        "\"type\": \"proc\"");
            }
            String under = clean.equals("/") ? "/" : clean + "/";
            Map.Entry<String, Integer> hidden = earlier.ceilingEntry(under);
            if (hidden != null && hidden.getKey().equals(clean)) {
                hidden = earlier.higherEntry(clean);   // "/" again: a mount on the same place hides nothing below
            }
            if (hidden != null && hidden.getKey().startsWith(under)) {
                Map.Entry<String, Integer> next = earlier.higherEntry(hidden.getKey());
                boolean more = next != null && next.getKey().startsWith(under);
                warn(RuleId.MOUNTS_SHADOWED, ptr + "/destination", dv, "this mount on " + Finding.clip(clean) + " hides the earlier"
                        + " mount on " + Finding.clip(hidden.getKey()) + " (/mounts/" + hidden.getValue() + ")"
                        + (more ? " and others below " + Finding.clip(clean) : ""), "mounts apply in order: list the parent first");
            }
            earlier.putIfAbsent(clean, i);
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

    /** Lexical clean of an absolute path (like Go's filepath.Clean). */
    static String clean(String p) {
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

    private void annotations(JsonValue an) {
        if (!isObject(an)) {
            return;
        }
        for (int i = 0; i < an.size(); i++) {
            String k = an.key(i);
            String ptr = "/annotations/" + SchemaChecker.escape(k);
            if (k.startsWith("org.opencontainers") && !k.startsWith("org.opencontainers.image.")) {
                atKey(Finding.Severity.WARNING, RuleId.ANNOTATIONS_RESERVED, ptr, an, i, "annotation key \"" + Finding.clip(k) + "\" is in the reserved org.opencontainers namespace",
                        "use your own reverse domain, e.g. com.example." + Finding.clip(k.substring(k.lastIndexOf('.') + 1)));
            } else if (!reverseDomain(k)) {
                atKey(Finding.Severity.WARNING, RuleId.ANNOTATIONS_KEY_FORMAT, ptr, an, i, "annotation key \"" + Finding.clip(k) + "\" is not in reverse domain notation",
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

    static final String[] HOOK_KINDS = {"prestart", "createRuntime", "createContainer", "startContainer", "poststart",
        "poststop"};

    private void hooks(JsonValue hooks) {
        if (!isObject(hooks)) {
            return;
        }
        for (String kind : HOOK_KINDS) {
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
                nul(p, ptr + "/path", kind + " hook path");
                nulEach(h.get("args"), ptr + "/args", kind + " hook argument");
                if (p != null && p.isString() && !p.text().startsWith("/") && !windows()) {
                    error(RuleId.HOOKS_PATH_RELATIVE, ptr + "/path", p, kind + " hook path \"" + Finding.clip(p.text()) + "\" is not absolute",
                            "hooks run on the host (createContainer/startContainer: in the container); give the full path");
                }
                env(h.get("env"), ptr + "/env");
            }
        }
    }
}

package dev.jns.core.oci;

import dev.jns.core.cgroup.CgroupMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Layer 4: will this runtime accept the config? Reads the runtime's {@code features} output
 * (runtime-spec features.md; runc 1.1+, crun 1.9+) and flags what it does not list: ociVersion
 * range, hooks, mount options, namespaces, seccomp actions, operators and architectures, cgroup
 * versions. Adds each runtime's own known rules (crun refuses hybrid cgroup hosts, unknown
 * capabilities and configs without a mounts block). Only the runtime binary runs, never anything
 * from the bundle.
 */
public final class RuntimeChecker {
    private final String runtime;
    private final HostFacts facts;
    private final List<Finding> out;
    private final String pathEnv;

    /**
     * @param runtime "runc", "crun" or the path of a runtime binary
     * @param procRoot the host's /proc, for the cgroup layout
     * @param pathEnv the PATH to find "runc"/"crun" in
     */
    public RuntimeChecker(String runtime, Path procRoot, String pathEnv, List<Finding> out) {
        this(runtime, new HostFacts(procRoot), pathEnv, out);
    }

    /** With kernel facts already read (by the host layer of the same validator). */
    RuntimeChecker(String runtime, HostFacts facts, String pathEnv, List<Finding> out) {
        this.runtime = runtime;
        this.facts = facts;
        this.pathEnv = pathEnv == null ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : pathEnv;
        this.out = out;
    }

    /** The runtime's binary, or null when not found. */
    public Path binary() {
        if (runtime.indexOf('/') >= 0) {
            Path p = Path.of(runtime);
            return Files.isExecutable(p) ? p : null;
        }
        return new RuntimeProbe(pathEnv, null).onPath(runtime);
    }

    /** Whether this is crun (by name or by its features' annotations). */
    private boolean isCrun(JsonValue features) {
        return isNamed(features, "crun", "crun");
    }

    /** Whether the runtime's base name contains {@code name}, or an annotation key of its features contains {@code key}. */
    private boolean isNamed(JsonValue features, String name, String key) {
        String base = runtime.substring(runtime.lastIndexOf('/') + 1);
        if (base.contains(name)) {
            return true;
        }
        JsonValue an = features != null ? features.get("annotations") : null;
        if (an != null && an.isObject()) {
            for (int i = 0; i < an.size(); i++) {
                if (an.key(i).contains(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void add(Finding.Severity s, String rule, String ptr, JsonValue at, String message, String hint) {
        out.add(Finding.at(s, rule, ptr, at, message, hint));
    }

    /**
     * Runs {@code RUNTIME features} and checks {@code config} against it. Returns false (and adds
     * nothing) when the runtime binary is not found; the caller reports that as a usage error.
     */
    public boolean check(JsonValue config) {
        Path bin = binary();
        if (bin == null) {
            return false;
        }
        check(config, new RuntimeProbe(pathEnv, null).probe(bin, "named"));
        return true;
    }

    /** Checks {@code config} against a probed runtime (its features read from the probe, cached or not). */
    public void check(JsonValue config, RuntimeProbe.Result probe) {
        String platform = SemanticChecker.platformOf(config);
        if (!platform.equals("linux")) {
            add(Finding.Severity.ERROR, RuleId.RUNTIME_PLATFORM, "/" + platform, config.get(platform), "a config for " + platform
                    + ": " + probe.name() + " runs Linux containers only", "check it with --runtime none for the spec's verdict");
        }
        check(config, features(probe));
    }

    /** Checks {@code config} against a parsed features document (null: the runtime has none). */
    public void check(JsonValue config, JsonValue features) {
        String name = runtime.substring(runtime.lastIndexOf('/') + 1);
        // the host's cgroup layout (a read of mountinfo) only when a rule needs it: most runtimes
        // support both versions, and `oci validate` runs this layer by default
        boolean crun = isCrun(features);
        if (crun) {
            crunRules(config, facts.cgroupMode());
        }
        if (!crun && isRunc(features)) {
            devNull(config);
            devNullMount(config);
        }
        if (features == null) {
            return;
        }
        versionRange(config, features, name);
        JsonValue hooks = config.get("hooks");
        Set<String> featHooks = set(features.get("hooks"));
        if (hooks != null && hooks.isObject() && featHooks != null) {
            for (int i = 0; i < hooks.size(); i++) {
                JsonValue list = hooks.at(i);
                if (list.isArray() && list.size() > 0 && !featHooks.contains(hooks.key(i))) {
                    add(Finding.Severity.ERROR, RuleId.RUNTIME_HOOK_UNSUPPORTED, "/hooks/" + hooks.key(i), list, name
                            + " does not support " + hooks.key(i) + " hooks", "its features list: " + String.join(", ", featHooks));
                }
            }
        }
        Set<String> opts = set(features.get("mountOptions"));
        JsonValue ms = config.get("mounts");
        if (opts != null && ms != null && ms.isArray()) {
            for (int i = 0; i < ms.size(); i++) {
                JsonValue o = ms.at(i).get("options");
                if (o == null || !o.isArray()) {
                    continue;
                }
                for (int j = 0; j < o.size(); j++) {
                    String s = o.at(j).text();
                    if (s != null && s.indexOf('=') < 0 && looksLikeFlag(s) && !opts.contains(s)) {
                        add(Finding.Severity.WARNING, RuleId.RUNTIME_MOUNT_OPTION_UNSUPPORTED, "/mounts/" + i + "/options/" + j,
                                o.at(j), name + " does not list the mount option \"" + s + "\"",
                                "it is passed to the filesystem as data, which may refuse it");
                    }
                }
            }
        }
        JsonValue flinux = features.get("linux");
        JsonValue linux = config.get("linux");
        if (flinux == null || !flinux.isObject() || linux == null || !linux.isObject()) {
            return;
        }
        Set<String> nss = set(flinux.get("namespaces"));
        JsonValue cns = linux.get("namespaces");
        if (nss != null && cns != null && cns.isArray()) {
            for (int i = 0; i < cns.size(); i++) {
                String t = cns.at(i).string("type");
                if (t != null && !nss.contains(t)) {
                    add(Finding.Severity.ERROR, RuleId.RUNTIME_NAMESPACE_UNSUPPORTED, "/linux/namespaces/" + i, cns.at(i), name
                            + " does not support " + t + " namespaces", "its features list: " + String.join(", ", nss));
                }
            }
        }
        seccomp(linux.get("seccomp"), flinux.get("seccomp"), name);
        JsonValue cg = flinux.get("cgroup");
        if (cg != null && cg.isObject() && linux.has("resources")) {
            JsonValue v1 = cg.get("v1");
            JsonValue v2 = cg.get("v2");
            boolean v1ok = v1 == null || v1.booleanValue();
            boolean v2ok = v2 == null || v2.booleanValue();
            CgroupMode layout = v1ok && v2ok ? null : facts.cgroupMode();
            if (layout != null && ((layout == CgroupMode.V2 && !v2ok) || (layout != CgroupMode.V2 && !v1ok))) {
                add(Finding.Severity.ERROR, RuleId.RUNTIME_CGROUP_UNSUPPORTED, "/linux/resources", linux.get("resources"), name
                        + " does not support this host's cgroup layout (" + layout.label() + ")", "");
            }
        }
    }

    private static boolean looksLikeFlag(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return SemanticChecker.isMountFlag(s);
    }

    private void versionRange(JsonValue config, JsonValue features, String name) {
        JsonValue v = config.get("ociVersion");
        OciVersion ver = v != null && v.isString() ? OciVersion.parse(v.text()) : null;
        OciVersion min = OciVersion.parse(features.string("ociVersionMin"));
        OciVersion max = OciVersion.parse(features.string("ociVersionMax"));
        if (ver == null) {
            return;
        }
        if ((min != null && ver.compareTo(min) < 0) || (max != null && ver.compareTo(max) > 0)) {
            add(Finding.Severity.WARNING, RuleId.RUNTIME_OCI_VERSION, "/ociVersion", v, "ociVersion " + v.text() + " is outside "
                    + name + "'s range " + features.string("ociVersionMin") + " .. " + features.string("ociVersionMax"),
                    "runc and crun do not check ociVersion, but members newer than their range are ignored");
        }
    }

    private void seccomp(JsonValue sc, JsonValue fsc, String name) {
        if (sc == null || !sc.isObject() || fsc == null || !fsc.isObject()) {
            return;
        }
        JsonValue enabled = fsc.get("enabled");
        if (enabled != null && !enabled.booleanValue()) {
            add(Finding.Severity.ERROR, RuleId.RUNTIME_SECCOMP_UNSUPPORTED, "/linux/seccomp", sc, name + " was built without seccomp", "");
            return;
        }
        JsonValue flags = sc.get("flags");
        if (flags != null && flags.isArray() && flags.size() > 0) {
            Set<String> supported = set(fsc.get("supportedFlags"));
            for (int i = 0; i < flags.size(); i++) {
                JsonValue f = flags.at(i);
                if (f.isString() && (supported == null || !supported.contains(f.text()))) {
                    add(Finding.Severity.ERROR, RuleId.RUNTIME_SECCOMP_FLAGS_UNSUPPORTED, "/linux/seccomp/flags/" + i, f, name
                            + (supported == null || supported.isEmpty() ? " lists no supported seccomp flags"
                            : " does not list the seccomp flag " + f.text()) + " in its features",
                            supported == null || supported.isEmpty() ? "runc 1.1.5 refuses any: \"seccomp flags are not yet"
                            + " supported by runc\"; remove linux.seccomp.flags" : "its supportedFlags: " + String.join(", ", supported));
                }
            }
        }
        Set<String> actions = set(fsc.get("actions"));
        Set<String> archs = set(fsc.get("archs"));
        Set<String> ops = set(fsc.get("operators"));
        if (actions != null) {
            JsonValue d = sc.get("defaultAction");
            if (d != null && d.isString() && !actions.contains(d.text())) {
                add(Finding.Severity.ERROR, RuleId.RUNTIME_SECCOMP_UNSUPPORTED, "/linux/seccomp/defaultAction", d, name
                        + " does not support the seccomp action " + d.text(), "");
            }
        }
        JsonValue a = sc.get("architectures");
        if (archs != null && a != null && a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                if (a.at(i).isString() && !archs.contains(a.at(i).text())) {
                    add(Finding.Severity.ERROR, RuleId.RUNTIME_SECCOMP_UNSUPPORTED, "/linux/seccomp/architectures/" + i, a.at(i),
                            name + " does not support the seccomp architecture " + a.at(i).text(), "");
                }
            }
        }
        JsonValue calls = sc.get("syscalls");
        if (calls != null && calls.isArray()) {
            for (int i = 0; i < calls.size(); i++) {
                JsonValue c = calls.at(i);
                JsonValue act = c.get("action");
                if (actions != null && act != null && act.isString() && !actions.contains(act.text())) {
                    add(Finding.Severity.ERROR, RuleId.RUNTIME_SECCOMP_UNSUPPORTED, "/linux/seccomp/syscalls/" + i + "/action", act,
                            name + " does not support the seccomp action " + act.text(), "");
                }
                JsonValue args = c.get("args");
                if (ops != null && args != null && args.isArray()) {
                    for (int j = 0; j < args.size(); j++) {
                        String op = args.at(j).string("op");
                        if (op != null && !ops.contains(op)) {
                            add(Finding.Severity.ERROR, RuleId.RUNTIME_SECCOMP_UNSUPPORTED, "/linux/seccomp/syscalls/" + i + "/args/"
                                    + j + "/op", args.at(j).get("op"), name + " does not support the seccomp operator " + op, "");
                        }
                    }
                }
            }
        }
    }

    private void crunRules(JsonValue config, CgroupMode layout) {
        if (layout == CgroupMode.HYBRID) {
            add(Finding.Severity.ERROR, RuleId.RUNTIME_CRUN_HYBRID_CGROUPS, "", null, "crun refuses hybrid cgroup hosts (cgroup v1"
                    + " controllers plus cgroup2 at /sys/fs/cgroup/unified): `crun run` fails on this host",
                    "use runc here, or boot with systemd.unified_cgroup_hierarchy=1 for a pure cgroup v2 host");
        }
        if (!config.has("mounts")) {
            add(Finding.Severity.ERROR, RuleId.RUNTIME_CRUN_NO_MOUNTS, "", config, "crun refuses a config without a \"mounts\" block",
                    "add \"mounts\": [] at least");
        }
        if (!config.has("linux")) {
            add(Finding.Severity.ERROR, RuleId.RUNTIME_CRUN_NO_LINUX, "", config, "crun refuses a config without a \"linux\" block",
                    "add \"linux\": {}");
        }
        JsonValue proc = config.get("process");
        JsonValue caps = proc != null ? proc.get("capabilities") : null;
        if (caps != null && caps.isObject()) {
            for (int i = 0; i < caps.size(); i++) {
                JsonValue set = caps.at(i);
                if (!set.isArray()) {
                    continue;
                }
                for (int j = 0; j < set.size(); j++) {
                    String c = set.at(j).text();
                    if (c != null && !SemanticChecker.isCapability(c)) {
                        add(Finding.Severity.ERROR, RuleId.RUNTIME_CRUN_UNKNOWN_CAPABILITY, "/process/capabilities/" + caps.key(i)
                                + "/" + j, set.at(j), "crun refuses the unknown capability \"" + c + "\"", "see capabilities(7)");
                    }
                }
            }
        }
    }

    private static Set<String> set(JsonValue arr) {
        if (arr == null || !arr.isArray()) {
            return null;
        }
        Set<String> s = new HashSet<>();
        for (int i = 0; i < arr.size(); i++) {
            if (arr.at(i).isString()) {
                s.add(arr.at(i).text());
            }
        }
        return s;
    }

    /** The probe's {@code features} output, parsed; null (with a warning finding) when it has none. */
    private JsonValue features(RuntimeProbe.Result probe) {
        if (probe.featuresRc() == -1 && probe.features().length == 0) {
            add(Finding.Severity.WARNING, RuleId.RUNTIME_FEATURES_UNAVAILABLE, "", null, "cannot run " + probe.path() + " features", "");
            return null;
        }
        List<Finding> ignored = new ArrayList<>();
        JsonValue f = probe.featuresRc() == 0 ? JsonReader.read(probe.features(), ignored) : null;
        if (f == null || !f.isObject()) {
            add(Finding.Severity.WARNING, RuleId.RUNTIME_FEATURES_UNAVAILABLE, "", null, probe.name() + " has no `features` command"
                    + " (runc 1.1+, crun 1.9+), so only jns's known rules for it were checked", "");
            return null;
        }
        return f;
    }

    /** Whether this is runc (by name, or by its features' annotations). */
    private boolean isRunc(JsonValue features) {
        return isNamed(features, "runc", "org.opencontainers.runc.");
    }

    /**
     * runc's createDevices drops its default device (and the allow rule c 1:3 rwm that goes with
     * it) when linux.devices has an entry with the same path. After the pivot runc opens /dev/null
     * read-write (reOpenDevNull, unless /dev is a bind mount): the device cgroup must then allow
     * c 1:3 rw through resources.devices, which runc applies in order from deny-all.
     */
    private void devNull(JsonValue config) {
        JsonValue linux = config.get("linux");
        JsonValue devs = linux != null && linux.isObject() ? linux.get("devices") : null;
        if (devs == null || !devs.isArray()) {
            return;
        }
        int at = -1;
        for (int i = 0; i < devs.size(); i++) {
            if (devs.at(i).isObject() && "/dev/null".equals(devs.at(i).string("path"))) {
                at = i;
            }
        }
        if (at < 0) {
            return;
        }
        JsonValue ms = config.get("mounts");
        if (ms != null && ms.isArray()) {
            for (int i = 0; i < ms.size(); i++) {
                JsonValue m = ms.at(i);
                String d = m.isObject() ? m.string("destination") : null;
                if (d != null && SemanticChecker.clean(d.startsWith("/") ? d : "/" + d).equals("/dev") && HostChecker.isBind(m)) {
                    return;   // runc's setupDev is off: it neither makes devices nor reopens /dev/null
                }
            }
        }
        boolean r = false;
        boolean w = false;
        JsonValue res = linux.get("resources");
        JsonValue rules = res != null && res.isObject() ? res.get("devices") : null;
        if (rules != null && rules.isArray()) {
            for (int i = 0; i < rules.size(); i++) {
                JsonValue d = rules.at(i);
                if (!d.isObject()) {
                    continue;
                }
                boolean allow = d.get("allow") != null && d.get("allow").booleanValue();
                String type = d.string("type");
                String access = d.string("access");
                if (type == null || type.isEmpty() || type.equals("a")) {
                    r = allow;   // a wildcard rule resets the whole list (kernel: security/device_cgroup.c)
                    w = allow;
                    continue;
                }
                long major = d.get("major") != null ? d.get("major").longValue(-1) : -1;
                long minor = d.get("minor") != null ? d.get("minor").longValue(-1) : -1;
                if (!type.equals("c") || (major != -1 && major != 1) || (minor != -1 && minor != 3) || access == null) {
                    continue;
                }
                if (access.indexOf('r') >= 0) {
                    r = allow;
                }
                if (access.indexOf('w') >= 0) {
                    w = allow;
                }
            }
        }
        if (!r || !w) {
            add(Finding.Severity.ERROR, RuleId.RUNTIME_RUNC_DEV_NULL_DENIED, "/linux/devices/" + at, devs.at(at), "linux.devices has"
                    + " /dev/null, which replaces runc's default device and its allow rule, and resources.devices does not allow"
                    + " c 1:3 rw", "runc fails with \"error reopening /dev/null inside container: operation not permitted\";"
                    + " drop the entry (runc makes /dev/null anyway) or add {\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":3,"
                    + "\"access\":\"rwm\"} to resources.devices");
        }
    }

    /**
     * A mount other than a bind at /dev/null makes a directory there (runc's MkdirAll); after
     * the mounts runc makes its devices (mknod: EEXIST, ignored) and reopens /dev/null read-write:
     * EISDIR, or ENOTDIR when it bind-mounts device nodes in a user namespace. Not when /dev is a
     * bind mount (runc's setupDev is off).
     */
    private void devNullMount(JsonValue config) {
        JsonValue ms = config.get("mounts");
        if (ms == null || !ms.isArray()) {
            return;
        }
        int at = -1;
        for (int i = 0; i < ms.size(); i++) {
            JsonValue m = ms.at(i);
            String d = m.isObject() ? m.string("destination") : null;
            if (d == null) {
                continue;
            }
            String clean = SemanticChecker.clean(d.startsWith("/") ? d : "/" + d);
            if (clean.equals("/dev") && HostChecker.isBind(m)) {
                return;
            }
            if (clean.equals("/dev/null") && !HostChecker.isBind(m)) {
                at = i;
            }
        }
        if (at >= 0) {
            add(Finding.Severity.ERROR, RuleId.RUNTIME_RUNC_DEV_NULL_MOUNT, "/mounts/" + at + "/destination",
                    ms.at(at).get("destination"), "a " + (ms.at(at).string("type") == null ? "" : ms.at(at).string("type") + " ")
                    + "mount at /dev/null: runc makes a directory there, then reopens /dev/null after the mounts",
                    "runc fails with \"error reopening /dev/null inside container: open /dev/null: is a directory\"; mount elsewhere");
        }
    }
}

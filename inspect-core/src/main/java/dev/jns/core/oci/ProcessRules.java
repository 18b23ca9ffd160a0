package dev.jns.core.oci;

import static dev.jns.core.oci.SemanticChecker.cpuListError;
import static dev.jns.core.oci.SemanticChecker.isArray;
import static dev.jns.core.oci.SemanticChecker.isObject;
import static dev.jns.core.oci.SemanticChecker.suggestion;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The process's rules: process, cwd, args and env, then the Linux process members (rlimits,
 * scheduler, ioPriority, execCPUAffinity) and linux.personality; its capabilities are
 * {@link SecurityRules}'. Each check is one of {@link SemanticChecker}'s, which runs them in order.
 */
final class ProcessRules {
    private ProcessRules() {}

    /** runc's 16 rlimits (strToRlimit). runtime-tools' list misses RLIMIT_LOCKS. */
    static final List<String> RLIMITS = List.of(
        "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC",
        "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE",
        "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME");

    /** process.missing, process.cwd.relative, process.args.empty, and env's rules; path.null-byte in cwd and args. */
    static void process(SemanticChecker ctx, JsonValue config) {
        JsonValue p = config.get("process");
        if (p == null) {
            ctx.error(RuleId.PROCESS_MISSING, "/process", config, "no \"process\": runc refuses to create a container without one",
                    "add \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\"}");
            return;
        }
        if (!p.isObject()) {
            return;
        }
        JsonValue cwd = p.get("cwd");
        ctx.nul(cwd, "/process/cwd", "working directory");
        if (cwd != null && cwd.isString() && !cwd.text().startsWith("/") && !ctx.onWindows()) {
            ctx.error(RuleId.PROCESS_CWD_RELATIVE, "/process/cwd", cwd, cwd.text().isEmpty() ? "process.cwd is empty"
                    : "process.cwd \"" + Finding.clip(cwd.text()) + "\" is not an absolute path", "e.g. \"cwd\": \"/\"");
        }
        JsonValue args = p.get("args");
        ctx.nulEach(args, "/process/args", "argument");
        if ((args == null || (args.isArray() && args.size() == 0)) && !ctx.onWindows()) {   // Windows: commandLine instead
            ctx.error(RuleId.PROCESS_ARGS_EMPTY, "/process/args", args != null ? args : p, "process.args is "
                    + (args == null ? "missing" : "empty") + ": there is nothing to run", "e.g. \"args\": [\"sh\"]");
        }
        env(ctx, p.get("env"), "/process/env");
    }

    /** env.format, env.name-nonportable, env.digit-leading; path.null-byte: the entries of a process's or a hook's env. */
    static void env(SemanticChecker ctx, JsonValue env, String ptr) {
        if (!isArray(env)) {
            return;
        }
        for (int i = 0; i < env.size(); i++) {
            JsonValue e = env.at(i);
            if (!e.isString()) {
                continue;
            }
            if (ctx.nul(e, ptr + "/" + i, "environment entry")) {
                continue;
            }
            String s = e.text();
            int eq = s.indexOf('=');
            String key = eq < 0 ? s : s.substring(0, eq).trim();
            if (eq < 0 || key.isEmpty()) {
                ctx.error(RuleId.ENV_FORMAT, ptr + "/" + i, e, "environment entry \"" + Finding.clip(s) + "\" is not KEY=VALUE",
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
                ctx.warn(RuleId.ENV_NAME_NONPORTABLE, ptr + "/" + i, e, "environment name \"" + Finding.clip(key)
                        + "\" has characters other than letters, digits and '_'",
                        "the container gets it, but POSIX shells and many programs cannot use it");
            } else if (key.charAt(0) >= '0' && key.charAt(0) <= '9') {
                ctx.warn(RuleId.ENV_DIGIT_LEADING, ptr + "/" + i, e, "environment name \"" + key + "\" starts with a digit",
                        "POSIX shells cannot use it, but env(1) and most languages can (runtime-tools#80)");
            }
        }
    }

    /** process.rlimits.duplicate, process.rlimits.unknown, process.rlimits.soft-above-hard. */
    static void rlimits(SemanticChecker ctx, JsonValue config) {
        JsonValue rl = ctx.processMember("rlimits");
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
                    ctx.error(RuleId.PROCESS_RLIMITS_DUPLICATE, ptr + "/type", t, "rlimit " + Finding.clip(t.text()) + " listed twice",
                            "keep one entry per type; the first is /process/rlimits/" + first);
                }
                if (!RLIMITS.contains(t.text())) {
                    ctx.error(RuleId.PROCESS_RLIMITS_UNKNOWN, ptr + "/type", t, "unknown rlimit \"" + Finding.clip(t.text()) + "\"",
                            suggestion(t.text(), RLIMITS));
                }
            }
            JsonValue soft = r.get("soft");
            JsonValue hard = r.get("hard");
            if (soft != null && hard != null && soft.isInteger() && hard.isInteger()
                    && JsonValue.compareIntegers(soft.text(), hard.text()) > 0) {
                ctx.error(RuleId.PROCESS_RLIMITS_SOFT_ABOVE_HARD, ptr + "/soft", soft, "rlimit soft " + Finding.clip(soft.text())
                        + " is above hard " + Finding.clip(hard.text()), "setrlimit(2) refuses soft > hard");
            }
        }
    }

    /** process.scheduler.invalid. */
    static void scheduler(SemanticChecker ctx, JsonValue config) {
        JsonValue s = ctx.processMember("scheduler");
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
                ctx.error(RuleId.PROCESS_SCHEDULER_INVALID, "/process/scheduler/nice", nice, "nice " + nice.text()
                        + " is outside -20..19", "");
            }
        }
        JsonValue prio = s.get("priority");
        if (prio != null && prio.isInteger() && prio.longValue(1) != 0 && !policy.equals("SCHED_FIFO")
                && !policy.equals("SCHED_RR")) {
            ctx.error(RuleId.PROCESS_SCHEDULER_INVALID, "/process/scheduler/priority", prio, "priority " + prio.text()
                    + " needs SCHED_FIFO or SCHED_RR, not " + policy, "drop priority or change the policy");
        }
        for (String k : new String[] {"runtime", "deadline", "period"}) {
            JsonValue v = s.get(k);
            if (v != null && v.isInteger() && !v.text().equals("0") && !policy.equals("SCHED_DEADLINE")) {
                ctx.error(RuleId.PROCESS_SCHEDULER_INVALID, "/process/scheduler/" + k, v, k + " needs SCHED_DEADLINE, not " + policy,
                        "");
            }
        }
    }

    /** process.io-priority.range. */
    static void ioPriority(SemanticChecker ctx, JsonValue config) {
        JsonValue io = ctx.processMember("ioPriority");
        if (isObject(io)) {
            JsonValue pr = io.get("priority");
            long v = pr == null ? 0 : pr.longValue(0);
            if (pr != null && pr.isInteger() && (v < 0 || v > 7)) {
                ctx.error(RuleId.PROCESS_IO_PRIORITY_RANGE, "/process/ioPriority/priority", pr, "ioPriority.priority " + pr.text()
                        + " is outside 0..7", "0 is the highest priority, 7 the lowest");
            }
        }
    }

    /** process.exec-cpu-affinity.invalid. */
    static void execCpuAffinity(SemanticChecker ctx, JsonValue config) {
        JsonValue aff = ctx.processMember("execCPUAffinity");
        if (isObject(aff)) {
            for (String k : new String[] {"initial", "final"}) {
                JsonValue s = aff.get(k);
                if (s != null && s.isString() && !s.text().isEmpty()) {
                    String why = cpuListError(s.text());
                    if (why != null) {
                        ctx.error(RuleId.PROCESS_EXEC_CPU_AFFINITY_INVALID, "/process/execCPUAffinity/" + k, s,
                                "execCPUAffinity." + k + " \"" + Finding.clip(s.text()) + "\": " + why, "a CPU list such as \"0-3,7\"");
                    }
                }
            }
        }
    }

    /** linux.personality.domain-missing. */
    static void personality(SemanticChecker ctx, JsonValue config) {
        JsonValue pers = ctx.linuxMember("personality");
        if (isObject(pers) && pers.string("domain") == null) {
            ctx.error(RuleId.LINUX_PERSONALITY_DOMAIN_MISSING, "/linux/personality", pers, "personality has no domain",
                    "add \"domain\": \"LINUX\" or \"LINUX32\"");
        }
    }
}

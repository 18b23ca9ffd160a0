package dev.jns.cli.oci;

import dev.jns.cli.output.ExitCodes;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jns.core.Units;
import dev.jns.core.ParseException;
import dev.jns.core.oci.ConfigFile;
import dev.jns.core.oci.Finding;
import dev.jns.core.oci.OciValidator;
import dev.jns.core.oci.inspect.ConfigReader;
import dev.jns.core.oci.inspect.CapabilityNames;
import dev.jns.core.oci.inspect.Inspection;
import dev.jns.core.oci.inspect.Inspection.Capabilities;
import dev.jns.core.oci.inspect.Inspection.IdMapping;
import dev.jns.core.oci.inspect.Inspection.Limit;
import dev.jns.core.oci.inspect.Inspection.Mount;
import dev.jns.core.oci.inspect.Inspection.Namespace;
import dev.jns.core.oci.inspect.Inspection.Risk;
import dev.jns.core.oci.inspect.Inspection.Security;
import dev.jns.core.oci.inspect.Inspector;
import dev.jns.core.oci.inspect.JsonText;
import dev.jns.core.text.SafeText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jns oci inspect [PATH]}: what a container started from a config.json will be, in plain
 * language, with a risk summary. Reads the config only; nothing in the bundle is run.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explain what the container of an OCI bundle will be, and its risks.",
            "Its process, user and working directory; which namespaces are new, joined or",
            "shared with the host, and what that means; mounts, cgroup limits, capabilities",
            "beyond runc's default set, seccomp, AppArmor, SELinux, rootless or not; then a",
            "risk summary. Only config.json is read: nothing from the bundle is run."},
        footerHeading = "%nExamples:%n",
        footer = {"  jns oci inspect                      the bundle in the current directory",
            "  jns oci inspect /srv/bundle          a bundle directory",
            "  jns oci inspect --json c.json        a config file, as JSON (stable risk ids)",
            "", "Exit status: 0 success, 1 failure (not JSON, or not a JSON object), 2 unreadable",
            "input (no such file, not a regular file, a symlink out of the bundle, over 16",
            "MiB) or a usage error."})
public final class OciInspectCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand oci;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Everything as one JSON object.")
    boolean json;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH",
            description = "A bundle directory or a config.json (default: the current directory).")
    Path path = Path.of(".");

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ConfigFile.Result in = ConfigFile.read(path);
        if (!in.ok()) {
            // unreadable input, as for validate: missing, not a regular file (a FIFO is never
            // opened), a symlink out of the bundle, too large
            String why = switch (in.problem()) {
                case NOT_REGULAR, OUTSIDE, IO -> in.message();
                default -> ConfigReader.exception(in).getMessage();
            };
            err.println(spec.qualifiedName() + ": " + SafeText.escape(why, oci.root().terminal().utf8()));
            err.flush();
            return ExitCodes.USAGE;
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            Inspection i;
            try {
                i = Inspector.inspect(in.file(), ConfigReader.parse(in.file(), in.bytes()));
            } catch (ParseException e) {
                // not JSON, or not an object: said as validate says it (FILE:LINE:COL: error[RULE]: ...), exit 1
                Finding f = OciValidator.inputError(in.bytes());
                String why = f == null ? e.getMessage() : in.file() + (f.line() > 0 ? ":" + f.line() + ":" + f.column() : "")
                        + ": error[" + f.rule() + "]: " + f.message();
                err.println(spec.qualifiedName() + ": " + SafeText.escape(why, oci.root().terminal().utf8()));
                err.flush();
                return ExitCodes.FAILURE;
            }
            if (json) {
                out.println(json(i));
            } else {
                text(i, out, oci.root().terminal().utf8());
            }
        } catch (OutOfMemoryError e) {
            out.flush();
            err.println(spec.qualifiedName() + ": " + SafeText.escape(in.file().toString(), oci.root().terminal().utf8()) + " ("
                    + (in.bytes().length >> 20) + " MiB) needs more memory than this JVM has ("
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap)");
            err.flush();
            return ExitCodes.USAGE;
        }
        out.flush();
        return ExitCodes.OK;
    }

    // ---- text ----

    static void text(Inspection i, PrintWriter pw, boolean utf8) {
        Out out = new Out(pw, utf8);
        line(out, i.file() + " (ociVersion " + or(i.ociVersion(), "unknown") + ")");
        out.println();
        Inspection.Process p = i.process();
        line(out, "Process");
        if (p == null) {
            row(out, "process", "none in the config: the runtime needs one to start a container");
        } else {
            row(out, "args", p.args() == null ? "unknown" : p.args().isEmpty() ? "none" : quoteArgs(p.args()));
            row(out, "user", user(p) + unmapped(p, i.users()));
            row(out, "cwd", or(p.cwd(), "unknown"));
            row(out, "env", p.env() == null ? "none" : envNames(p.env()));
            row(out, "terminal", yesNo(p.terminal()));
            row(out, "noNewPrivileges", yesNo(p.noNewPrivileges()));
        }
        row(out, "rootfs", i.root() == null ? "none in the config"
                : or(i.root().path(), "unknown") + (i.root().readonly() ? " (read-only)" : " (writable)"));
        row(out, "hostname", or(i.hostname(), "not set"));
        out.println();
        line(out, "Namespaces");
        for (Namespace n : i.namespaces()) {
            line(out, String.format("  %-8s %-8s %s", n.type(), n.mode().label(), n.meaning()));
        }
        row(out, "rootless", i.users().summary());
        if (!i.users().uidMappings().isEmpty() || !i.users().gidMappings().isEmpty()) {
            row(out, "uid map", maps(i.users().uidMappings()));
            row(out, "gid map", maps(i.users().gidMappings()));
        }
        out.println();
        if (i.mounts().isEmpty()) {
            line(out, "Mounts: none");
        } else {
            line(out, "Mounts");
            List<String[]> rows = new ArrayList<>();
            int w = 1;    // "%-0s" is no format: an empty destination must not end the output
            int w2 = 1;
            for (Mount m : i.mounts()) {
                String what = m.bind() ? "bind of host " + or(m.source(), "?")
                        : or(m.type(), "?") + (m.source() == null || m.source().equals(m.type()) ? "" : " from " + m.source());
                what += m.readonly() ? " (read-only)" : m.bind() ? " (read-write)" : "";
                List<String> opts = new ArrayList<>(m.options());
                opts.remove("ro");
                opts.remove("bind");
                opts.remove("rbind");
                rows.add(new String[] {or(m.destination(), "?"), what, String.join(",", opts)});
                // aligned up to a width: one 10,000-character destination must not pad every row to it
                w = Math.min(Math.max(w, rows.get(rows.size() - 1)[0].length()), 40);
                w2 = Math.min(Math.max(w2, what.length()), 60);
            }
            for (String[] r : rows) {
                line(out, (String.format("  %-" + w + "s  %-" + w2 + "s  %s", r[0], r[1], r[2])).stripTrailing());
            }
        }
        out.println();
        line(out, "Cgroup");
        row(out, "path", i.cgroupsPath() == null ? "not set (the runtime picks one from the container id)"
                : i.cgroupsPath());
        if (i.limits().isEmpty()) {
            row(out, "limits", "none");
        } else {
            for (Limit l : i.limits()) {
                row(out, l.key(), l.value() + bytes(l));
            }
        }
        row(out, "devices", i.devices().isEmpty() ? "no rules (the runtime's defaults)" : String.join("; ", i.devices()));
        out.println();
        Capabilities c = i.capabilities();
        if (c.sets() == null) {
            line(out, "Capabilities");
            row(out, "every set", "none (no process.capabilities)");
        } else {
            line(out, "Capabilities");
            boolean all = c.all().containsAll(CapabilityNames.KNOWN);
            if (sameSets(c.sets())) {
                row(out, "every set", caps(c.all(), all) + " (" + String.join(", ", c.sets().keySet()) + ")");
            } else {
                for (Map.Entry<String, List<String>> e : c.sets().entrySet()) {
                    row(out, e.getKey(), caps(e.getValue(), e.getValue().containsAll(CapabilityNames.KNOWN)));
                }
            }
            row(out, "beyond runc", c.beyondRuncDefault().isEmpty() ? "none (runc spec's default set:"
                    + " CAP_AUDIT_WRITE CAP_KILL CAP_NET_BIND_SERVICE)"
                    : all ? "all " + c.beyondRuncDefault().size() + " others" : String.join(" ", c.beyondRuncDefault()));
            if (!c.beyondRuncDefault().isEmpty()) {
                row(out, "beyond Docker", c.beyondDockerDefault().isEmpty() ? "none"
                        : all ? "all " + c.beyondDockerDefault().size() + " others" : String.join(" ", c.beyondDockerDefault()));
            }
        }
        Security s = i.security();
        out.println();
        line(out, "Security");
        row(out, "seccomp", s.seccomp() == null ? "none: every system call is allowed"
                : "default " + or(s.seccomp().defaultAction(), "unknown") + ", " + s.seccomp().rules() + " rule"
                    + (s.seccomp().rules() == 1 ? "" : "s")
                    + (s.seccomp().architectures() == null ? "" : ", " + String.join(" ", s.seccomp().architectures())));
        row(out, "AppArmor", or(s.apparmorProfile(), "none"));
        row(out, "SELinux", s.selinuxLabel() == null && s.mountLabel() == null ? "none"
                : or(s.selinuxLabel(), "-") + (s.mountLabel() == null ? "" : " (mounts: " + s.mountLabel() + ")"));
        row(out, "masked", s.maskedPaths() == null || s.maskedPaths().isEmpty() ? "none" : String.join(" ", s.maskedPaths()));
        row(out, "read-only", s.readonlyPaths() == null || s.readonlyPaths().isEmpty() ? "none"
                : String.join(" ", s.readonlyPaths()));
        if (!i.hooks().isEmpty()) {
            out.println();
            line(out, "Hooks");
            for (Inspection.Hook h : i.hooks()) {
                row(out, h.stage(), or(h.path(), "?") + (h.args() == null || h.args().size() <= 1 ? ""
                        : " (argv: " + quoteArgs(h.args()) + ")") + (h.onHost() ? ", on the host" : ", in the container"));
            }
        }
        out.println();
        if (i.risks().isEmpty()) {
            line(out, "Risks: none found");
        } else {
            line(out, "Risks (" + i.risks().size() + ")");
            int w = 0;
            for (Risk r : i.risks()) {
                w = Math.max(w, r.id().length());
            }
            for (Risk r : i.risks()) {
                line(out, String.format("  %-" + w + "s  %s", r.id(), r.message()));
            }
        }
    }

    private static String caps(List<String> caps, boolean all) {
        return caps.isEmpty() ? "none" : all ? "all " + caps.size() + " capabilities" : String.join(" ", caps);
    }

    private static void row(Out out, String key, String value) {
        line(out, String.format("  %-15s %s", key, value));
    }

    /** A line of text output: what comes from the config is made safe for a terminal first. */
    private static void line(Out out, String s) {
        out.pw.println(SafeText.escape(s, out.utf8));
    }

    /** Where text goes, and whether the terminal takes UTF-8. */
    private record Out(PrintWriter pw, boolean utf8) {
        void println() {
            pw.println();
        }
    }

    private static String user(Inspection.Process p) {
        StringBuilder b = new StringBuilder();
        b.append("uid ").append(p.uid() == null ? "0 (not set)" : p.uid());
        b.append(", gid ").append(p.gid() == null ? "0 (not set)" : p.gid());
        if (p.additionalGids() != null && !p.additionalGids().isEmpty()) {
            b.append(", groups ").append(p.additionalGids());
        }
        if (p.uid() == null || p.uid() == 0) {
            b.append(" (root in the container)");
        }
        return b.toString();
    }

    /** A note when the process's uid or gid is not mapped in the container's new user namespace. */
    private static String unmapped(Inspection.Process p, Inspection.Users users) {
        if (users.userNamespace() != Inspection.Mode.NEW || users.uidMappings().isEmpty()) {
            return "";
        }
        List<String> out = new ArrayList<>();
        if (!IdMapping.mapsContainerId(users.uidMappings(), p.uid() == null ? 0 : p.uid())) {
            out.add("uid");
        }
        if (!users.gidMappings().isEmpty() && !IdMapping.mapsContainerId(users.gidMappings(), p.gid() == null ? 0 : p.gid())) {
            out.add("gid");
        }
        return out.isEmpty() ? "" : "; its " + String.join(" and ", out) + (out.size() == 1 ? " is" : " are")
                + " not mapped in the user namespace";
    }

    private static String quoteArgs(List<String> args) {
        List<String> q = new ArrayList<>();
        for (String a : args) {
            q.add(a.isEmpty() || a.matches(".*[\\s'\"\\\\$`].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return String.join(" ", q);
    }

    private static String envNames(List<String> env) {
        List<String> names = new ArrayList<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            names.add(eq < 0 ? e : e.substring(0, eq));
        }
        return env.size() + (env.size() == 1 ? " variable: " : " variables: ") + String.join(" ", names);
    }

    private static String maps(List<IdMapping> maps) {
        if (maps.isEmpty()) {
            return "none";
        }
        List<String> s = new ArrayList<>();
        for (IdMapping m : maps) {
            s.add("container " + m.containerId() + " -> host " + m.hostId() + " (" + m.size() + ")");
        }
        return String.join(", ", s);
    }

    private static boolean sameSets(Map<String, List<String>> sets) {
        List<String> first = null;
        for (List<String> l : sets.values()) {
            List<String> sorted = new ArrayList<>(l);
            java.util.Collections.sort(sorted);
            if (first == null) {
                first = sorted;
            } else if (!first.equals(sorted)) {
                return false;
            }
        }
        return !sets.isEmpty();
    }

    private static String bytes(Limit l) {
        if (!l.key().startsWith("memory.") && !l.key().startsWith("unified.memory.")) {
            return "";
        }
        try {
            long v = Long.parseLong(l.value());
            return v >= 1024 ? " (" + Units.bytes(v) + ")" : "";
        } catch (NumberFormatException e) {
            return "";
        }
    }

    private static String yesNo(Boolean b) {
        return b == null ? "no (not set)" : b ? "yes" : "no";
    }

    private static String or(String s, String otherwise) {
        return s == null ? otherwise : s;
    }

    // ---- JSON ----

    static String json(Inspection i) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("file", i.file().toString());
        o.put("ociVersion", i.ociVersion());
        Inspection.Process p = i.process();
        if (p == null) {
            o.putNull("process");
        } else {
            ObjectNode po = o.putObject("process");
            strings(po, "args", p.args());
            po.put("uid", p.uid());
            po.put("gid", p.gid());
            if (p.additionalGids() == null) {
                po.putNull("additionalGids");
            } else {
                ArrayNode a = po.putArray("additionalGids");
                for (Long g : p.additionalGids()) {
                    a.add(g);
                }
            }
            po.put("cwd", p.cwd());
            strings(po, "env", p.env());
            po.put("terminal", p.terminal());
            po.put("noNewPrivileges", p.noNewPrivileges());
        }
        if (i.root() == null) {
            o.putNull("root");
        } else {
            ObjectNode r = o.putObject("root");
            r.put("path", i.root().path());
            r.put("readonly", i.root().readonly());
        }
        o.put("hostname", i.hostname());
        ArrayNode ns = o.putArray("namespaces");
        for (Namespace n : i.namespaces()) {
            ObjectNode e = ns.addObject();
            e.put("type", n.type());
            e.put("mode", n.mode().label());
            e.put("path", n.path());
            e.put("meaning", n.meaning());
        }
        ObjectNode u = o.putObject("users");
        u.put("userNamespace", i.users().userNamespace().label());
        u.put("rootless", i.users().rootless());
        u.put("summary", i.users().summary());
        mappings(u.putArray("uidMappings"), i.users().uidMappings());
        mappings(u.putArray("gidMappings"), i.users().gidMappings());
        ArrayNode mounts = o.putArray("mounts");
        for (Mount m : i.mounts()) {
            ObjectNode e = mounts.addObject();
            e.put("destination", m.destination());
            e.put("type", m.type());
            e.put("source", m.source());
            strings(e, "options", m.options());
            e.put("bind", m.bind());
            e.put("readonly", m.readonly());
        }
        ObjectNode cg = o.putObject("cgroup");
        cg.put("path", i.cgroupsPath());
        ObjectNode limits = cg.putObject("limits");
        for (Limit l : i.limits()) {
            try {
                limits.put(l.key(), Long.parseLong(l.value()));
            } catch (NumberFormatException e) {
                limits.put(l.key(), l.value());
            }
        }
        strings(cg, "devices", i.devices());
        Capabilities c = i.capabilities();
        ObjectNode co = o.putObject("capabilities");
        if (c.sets() == null) {
            co.putNull("sets");
        } else {
            ObjectNode sets = co.putObject("sets");
            for (Map.Entry<String, List<String>> e : c.sets().entrySet()) {
                strings(sets, e.getKey(), e.getValue());
            }
        }
        strings(co, "all", c.all());
        strings(co, "beyondRuncDefault", c.beyondRuncDefault());
        strings(co, "beyondDockerDefault", c.beyondDockerDefault());
        Security s = i.security();
        ObjectNode so = o.putObject("security");
        if (s.seccomp() == null) {
            so.putNull("seccomp");
        } else {
            ObjectNode sc = so.putObject("seccomp");
            sc.put("defaultAction", s.seccomp().defaultAction());
            sc.put("rules", s.seccomp().rules());
            strings(sc, "architectures", s.seccomp().architectures());
        }
        so.put("apparmorProfile", s.apparmorProfile());
        so.put("selinuxLabel", s.selinuxLabel());
        so.put("mountLabel", s.mountLabel());
        strings(so, "maskedPaths", s.maskedPaths());
        strings(so, "readonlyPaths", s.readonlyPaths());
        ArrayNode hooks = o.putArray("hooks");
        for (Inspection.Hook h : i.hooks()) {
            ObjectNode e = hooks.addObject();
            e.put("stage", h.stage());
            e.put("path", h.path());
            strings(e, "args", h.args());
            e.put("onHost", h.onHost());
        }
        ArrayNode risks = o.putArray("risks");
        for (Risk r : i.risks()) {
            ObjectNode e = risks.addObject();
            e.put("id", r.id());
            e.put("message", r.message());
        }
        return JsonText.compact(o);
    }

    private static void mappings(ArrayNode a, List<IdMapping> maps) {
        for (IdMapping m : maps) {
            ObjectNode e = a.addObject();
            e.put("containerID", m.containerId());
            e.put("hostID", m.hostId());
            e.put("size", m.size());
        }
    }

    private static void strings(ObjectNode o, String key, List<String> values) {
        if (values == null) {
            o.putNull(key);
            return;
        }
        ArrayNode a = o.putArray(key);
        for (String v : values) {
            a.add(v);
        }
    }
}

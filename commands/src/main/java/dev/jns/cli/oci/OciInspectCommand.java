package dev.jns.cli.oci;

import dev.jns.cli.output.ExitCodes;
import com.fasterxml.jackson.core.JsonGenerator;
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
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /**
     * Everything as one line of JSON, written with Jackson's streaming generator (no tree). Fields
     * in this order; absent values as null; limits as numbers when they are integers that fit a
     * long, else as strings, and a key that flattening gives twice (a.b, and b in a) once, at its
     * first place, with its last value.
     */
    static String json(Inspection i) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JsonText.generator(w)) {
            json(i, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void json(Inspection i, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("file", i.file().toString());
        g.writeStringField("ociVersion", i.ociVersion());
        Inspection.Process p = i.process();
        if (p == null) {
            g.writeNullField("process");
        } else {
            g.writeObjectFieldStart("process");
            strings(g, "args", p.args());
            number(g, "uid", p.uid());
            number(g, "gid", p.gid());
            if (p.additionalGids() == null) {
                g.writeNullField("additionalGids");
            } else {
                g.writeArrayFieldStart("additionalGids");
                for (Long gid : p.additionalGids()) {
                    g.writeNumber(gid);
                }
                g.writeEndArray();
            }
            g.writeStringField("cwd", p.cwd());
            strings(g, "env", p.env());
            bool(g, "terminal", p.terminal());
            bool(g, "noNewPrivileges", p.noNewPrivileges());
            g.writeEndObject();
        }
        if (i.root() == null) {
            g.writeNullField("root");
        } else {
            g.writeObjectFieldStart("root");
            g.writeStringField("path", i.root().path());
            g.writeBooleanField("readonly", i.root().readonly());
            g.writeEndObject();
        }
        g.writeStringField("hostname", i.hostname());
        g.writeArrayFieldStart("namespaces");
        for (Namespace n : i.namespaces()) {
            g.writeStartObject();
            g.writeStringField("type", n.type());
            g.writeStringField("mode", n.mode().label());
            g.writeStringField("path", n.path());
            g.writeStringField("meaning", n.meaning());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("users");
        g.writeStringField("userNamespace", i.users().userNamespace().label());
        bool(g, "rootless", i.users().rootless());
        g.writeStringField("summary", i.users().summary());
        mappings(g, "uidMappings", i.users().uidMappings());
        mappings(g, "gidMappings", i.users().gidMappings());
        g.writeEndObject();
        g.writeArrayFieldStart("mounts");
        for (Mount m : i.mounts()) {
            g.writeStartObject();
            g.writeStringField("destination", m.destination());
            g.writeStringField("type", m.type());
            g.writeStringField("source", m.source());
            strings(g, "options", m.options());
            g.writeBooleanField("bind", m.bind());
            g.writeBooleanField("readonly", m.readonly());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("cgroup");
        g.writeStringField("path", i.cgroupsPath());
        g.writeObjectFieldStart("limits");
        Map<String, String> limits = new LinkedHashMap<>();
        for (Limit l : i.limits()) {
            limits.put(l.key(), l.value());
        }
        for (Map.Entry<String, String> l : limits.entrySet()) {
            g.writeFieldName(l.getKey());
            try {
                g.writeNumber(Long.parseLong(l.getValue()));
            } catch (NumberFormatException e) {
                g.writeString(l.getValue());
            }
        }
        g.writeEndObject();
        strings(g, "devices", i.devices());
        g.writeEndObject();
        Capabilities c = i.capabilities();
        g.writeObjectFieldStart("capabilities");
        if (c.sets() == null) {
            g.writeNullField("sets");
        } else {
            g.writeObjectFieldStart("sets");
            for (Map.Entry<String, List<String>> e : c.sets().entrySet()) {
                strings(g, e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        strings(g, "all", c.all());
        strings(g, "beyondRuncDefault", c.beyondRuncDefault());
        strings(g, "beyondDockerDefault", c.beyondDockerDefault());
        g.writeEndObject();
        Security s = i.security();
        g.writeObjectFieldStart("security");
        if (s.seccomp() == null) {
            g.writeNullField("seccomp");
        } else {
            g.writeObjectFieldStart("seccomp");
            g.writeStringField("defaultAction", s.seccomp().defaultAction());
            g.writeNumberField("rules", s.seccomp().rules());
            strings(g, "architectures", s.seccomp().architectures());
            g.writeEndObject();
        }
        g.writeStringField("apparmorProfile", s.apparmorProfile());
        g.writeStringField("selinuxLabel", s.selinuxLabel());
        g.writeStringField("mountLabel", s.mountLabel());
        strings(g, "maskedPaths", s.maskedPaths());
        strings(g, "readonlyPaths", s.readonlyPaths());
        g.writeEndObject();
        g.writeArrayFieldStart("hooks");
        for (Inspection.Hook h : i.hooks()) {
            g.writeStartObject();
            g.writeStringField("stage", h.stage());
            g.writeStringField("path", h.path());
            strings(g, "args", h.args());
            g.writeBooleanField("onHost", h.onHost());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("risks");
        for (Risk r : i.risks()) {
            g.writeStartObject();
            g.writeStringField("id", r.id());
            g.writeStringField("message", r.message());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void mappings(JsonGenerator g, String key, List<IdMapping> maps) throws IOException {
        g.writeArrayFieldStart(key);
        for (IdMapping m : maps) {
            g.writeStartObject();
            g.writeNumberField("containerID", m.containerId());
            g.writeNumberField("hostID", m.hostId());
            g.writeNumberField("size", m.size());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void number(JsonGenerator g, String key, Long value) throws IOException {
        g.writeFieldName(key);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value);
        }
    }

    private static void bool(JsonGenerator g, String key, Boolean value) throws IOException {
        g.writeFieldName(key);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeBoolean(value);
        }
    }

    private static void strings(JsonGenerator g, String key, List<String> values) throws IOException {
        if (values == null) {
            g.writeNullField(key);
            return;
        }
        g.writeArrayFieldStart(key);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}

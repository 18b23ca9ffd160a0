package dev.jns.cli.oci;

import dev.jns.cli.output.ExitCodes;
import dev.jns.cli.output.Json;
import dev.jns.cli.output.Terminal;
import dev.jns.core.oci.Finding;
import dev.jns.core.oci.OciValidator;
import dev.jns.core.oci.Rules;
import dev.jns.core.oci.RuntimeLeniency;
import dev.jns.core.oci.RuntimeProbe;
import dev.jns.core.text.SafeText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One run of {@code jns oci validate} with its options, free of picocli: {@link OciValidateCommand}
 * fills it from the parsed command line, and {@link OciValidateFast} from a plain one without
 * building picocli at all (start-up).
 */
final class OciValidateRun {
    /** Widest source excerpt shown under a finding, in characters. */
    private static final int WINDOW = 100;
    /** Findings printed as text; the rest are counted ("... and N more"). */
    static final int TEXT_LIMIT = 100;
    /** Findings listed by --json (the counts are of all of them; "truncated" says when some are left out). */
    static final int JSON_LIMIT = 1000;

    Path procRoot;
    Path sysRoot = Path.of("/");
    Terminal terminal;
    Path path = Path.of(".");
    boolean json;
    boolean strict;
    boolean noHost;
    /** "auto" (the default), "none", a name or a path. */
    String runtime = "auto";
    boolean listRules;

    /** Validates, prints, and returns the exit status. */
    int execute(PrintWriter out, PrintWriter err) {
        if (listRules) {
            if (json) {
                listRulesJson(out);
            } else {
                listRules(out);
            }
            out.flush();
            return ExitCodes.OK;
        }
        OciValidator v = new OciValidator(procRoot, sysRoot, !noHost, effectiveRuntime(), System.getenv("PATH"))
                .cacheDir(RuntimeProbe.defaultCacheDir(System.getenv())).keep(JSON_LIMIT);
        OciValidator.Report report;
        try {
            report = v.validate(path);
        } catch (OutOfMemoryError e) {
            // the validator reports a tree too large for the heap itself; this is the rest
            err.println("jns oci validate: " + safe(path.toString()) + ": out of memory (" + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB heap)");
            err.flush();
            return ExitCodes.USAGE;
        }
        if (report.runtimeMissing()) {
            err.println("jns oci validate: runtime \"" + safe(runtime) + "\" not found (give runc, crun or a path)");
            err.flush();
            return ExitCodes.USAGE;
        }
        int errors = strict ? report.total() : report.errors();
        String name = displayName(report);
        if (json) {
            out.println(json(name, report, errors));
        } else if (report.unreadable()) {
            err.println("jns oci validate: " + safe(report.findings().get(0).message()));
            err.flush();
        } else {
            text(out, name, report, errors);
        }
        out.flush();
        if (report.unreadable()) {
            return ExitCodes.USAGE;
        }
        return errors > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /**
     * The runtime the layer runs with: --no-host gives the spec-only verdict, so the automatic
     * runtime is dropped with it (a runtime named explicitly still runs).
     */
    String effectiveRuntime() {
        if (runtime == null || runtime.equals("none") || (noHost && runtime.equals("auto"))) {
            return null;
        }
        return runtime;
    }

    /** A finding as shown: with --strict, every warning is an error. */
    private Finding shown(Finding f) {
        return strict && !f.isError() ? f.withSeverity(Finding.Severity.ERROR) : f;
    }

    private String displayName(OciValidator.Report report) {
        if (report.bundle() != null && path.normalize().toString().isEmpty()) {
            return "config.json";
        }
        return safe(report.config().normalize().toString());
    }

    /** "spec, host, runtime runc 1.1.5 (found on PATH)": the layers that ran, and the runtime. */
    private String layers(OciValidator.Report report) {
        StringBuilder b = new StringBuilder();
        for (String l : report.checked()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(l);
        }
        RuntimeProbe.Result rt = report.runtime();
        if (rt != null) {
            b.append(' ').append(safe(rt.name()));
            if (!rt.version().isEmpty()) {
                b.append(' ').append(safe(rt.version()));
            }
            b.append(" (").append(rt.how().equals("named by path") ? safe(rt.path().toString()) : rt.how()).append(')');
        } else if ("auto".equals(effectiveRuntime())) {
            b.append("; no runtime: neither runc nor crun on PATH");
        }
        return b.toString();
    }

    /** Prints finding by finding (streamed, not built whole), at most {@link #TEXT_LIMIT} of them. */
    private void text(PrintWriter out, String name, OciValidator.Report report, int errors) {
        boolean color = terminal.color();
        List<Finding> findings = report.findings();
        int shown = Math.min(findings.size(), TEXT_LIMIT);
        StringBuilder b = new StringBuilder(256);
        for (int k = 0; k < shown; k++) {
            Finding f = shown(findings.get(k));
            b.setLength(0);
            b.append(name).append(':');
            if (f.line() > 0) {
                b.append(f.line()).append(':').append(f.column()).append(':');
            }
            b.append(' ');
            if (color) {
                b.append(f.isError() ? "\033[1;31m" : "\033[1;35m");
            }
            b.append(f.severity().label());
            if (color) {
                b.append("\033[0m");
            }
            b.append('[').append(f.rule()).append("]: ").append(safe(f.message()));
            if (!f.pointer().isEmpty()) {
                b.append(" (").append(safe(f.pointer())).append(')');
            }
            b.append(" [").append(f.layer()).append("]\n");
            OciValidator.Report.Excerpt x = f.line() > 0 ? report.excerpt(f.line(), f.column(), WINDOW) : null;
            if (x != null && !x.text().isBlank()) {
                excerpt(b, f.line(), x, color);
            }
            if (!f.hint().isEmpty()) {
                pad(b, 5);
                b.append(" = hint: ").append(safe(f.hint())).append('\n');
            }
            out.print(b);
        }
        int total = report.total();
        int warnings = total - errors;
        b.setLength(0);
        if (total > shown) {
            b.append(name).append(": ... and ").append(total - shown).append(" more (").append(errors)
                    .append(errors == 1 ? " error, " : " errors, ").append(warnings).append(warnings == 1 ? " warning" : " warnings")
                    .append(" in all; --json lists the first ").append(JSON_LIMIT).append(")\n");
        }
        b.append(name).append(": ").append(errors > 0 ? "invalid" : "valid");
        if (errors > 0 || warnings > 0) {
            b.append(errors > 0 ? ": " : ", ");
            if (errors > 0) {
                b.append(errors).append(errors == 1 ? " error" : " errors");
            }
            if (warnings > 0) {
                b.append(errors > 0 ? ", " : "").append(warnings).append(warnings == 1 ? " warning" : " warnings");
            }
        }
        b.append(" (checked: ").append(layers(report)).append(")\n");
        lenient(b, name, report);
        out.print(b);
    }

    /**
     * When the runtime is known to run the config despite its errors ({@link RuntimeLeniency}): a
     * line that says so and names the errors it does not check.
     */
    private void lenient(StringBuilder b, String name, OciValidator.Report report) {
        RuntimeLeniency.Prediction p = report.prediction();
        if (p == null || !p.runs() || report.errors() == 0) {
            return;
        }
        Set<String> rules = new LinkedHashSet<>();
        for (Finding f : p.overlooked()) {
            rules.add(f.rule());
        }
        RuntimeProbe.Result rt = report.runtime();
        b.append(name).append(": ").append(safe(rt.name())).append(' ').append(safe(rt.version()))
                .append(" would still run it: it does not check ").append(String.join(", ", rules))
                .append(" (another runtime or version may refuse it)\n");
    }

    /** The source line around the finding's column, and a caret under the column. */
    private void excerpt(StringBuilder b, int line, OciValidator.Report.Excerpt x, boolean color) {
        StringBuilder shown = new StringBuilder(x.text().length() + 8);
        int caretAt = -1;   // chars of `shown` before the caret's column
        if (x.cutBefore()) {
            shown.append("...");
        }
        String t = x.text();
        int at = t.offsetByCodePoints(0, Math.min(Math.max(x.caret(), 0), t.codePointCount(0, t.length())));
        String before = safeKeepingTabs(t.substring(0, at));
        String whole = safeKeepingTabs(t);
        // the escaped text before the caret's column; a backslash just before an `x` at the caret
        // is escaped in the whole line (it would start a \xNN), not in the part before it
        caretAt = shown.length() + before.length() + (before.endsWith("\\") && t.startsWith("x", at) ? 3 : 0);
        shown.append(whole);
        if (x.caret() > t.codePointCount(0, t.length())) {
            caretAt = -1;
        }
        if (caretAt < 0) {
            caretAt = shown.length();   // just past the end: the end of file, a missing comma
        }
        if (x.cutAfter()) {
            shown.append("...");
        }
        String num = Integer.toString(line);
        pad(b, 5 - num.length());
        b.append(num).append(" | ").append(shown).append('\n');
        pad(b, 5);
        b.append(" | ");
        for (int i = 0; i < caretAt; ) {
            int c = shown.codePointAt(i);
            b.append(c == '\t' ? '\t' : ' ');
            i += Character.charCount(c);
        }
        if (color) {
            b.append("\033[1;32m");
        }
        b.append('^');
        if (color) {
            b.append("\033[0m");
        }
        b.append('\n');
    }

    private static void pad(StringBuilder b, int n) {
        for (int i = 0; i < n; i++) {
            b.append(' ');
        }
    }

    /**
     * Text from a config (keys, values, its raw lines) made safe for a terminal, as every text
     * output of jns is ({@link SafeText}): a config cannot send escape sequences to the terminal
     * of whoever validates it. JSON output escapes by its own rules.
     */
    private String safe(String s) {
        return SafeText.escape(s, terminal.utf8());
    }

    /** As {@link #safe}, with tabs kept (an excerpt's caret line repeats them to stay aligned). */
    private String safeKeepingTabs(String s) {
        if (s.indexOf('\t') < 0) {
            return safe(s);
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        int from = 0;
        for (int t = s.indexOf('\t'); t >= 0; t = s.indexOf('\t', from)) {
            b.append(safe(s.substring(from, t))).append('\t');
            from = t + 1;
        }
        return b.append(safe(s.substring(from))).toString();
    }

    private String json(String name, OciValidator.Report report, int errors) {
        Json j = new Json().open();
        j.field("path", name);
        j.field("valid", errors == 0 && !report.unreadable());
        j.field("errors", errors);
        j.field("warnings", report.total() - errors);
        j.field("truncated", report.truncated());
        j.openArray("checked");
        for (String l : report.checked()) {
            j.value(l);
        }
        j.closeArray();
        RuntimeProbe.Result rt = report.runtime();
        if (rt == null) {
            j.field("runtime", (String) null);
        } else {
            j.openObject("runtime");
            j.field("name", rt.name());
            j.field("version", rt.version());
            j.field("path", rt.path().toString());
            j.field("how", rt.how());
            j.close();
        }
        RuntimeLeniency.Prediction p = report.prediction();
        if (p == null) {
            j.field("prediction", (String) null);
        } else {
            j.openObject("prediction");
            j.field("runs", p.runs());
            j.field("measured", p.measured());
            j.openArray("overlooked");
            for (Finding f : p.overlooked()) {
                j.open();
                j.field("rule", f.rule());
                j.field("pointer", f.pointer());
                j.close();
            }
            j.closeArray();
            j.close();
        }
        j.openArray("findings");
        for (Finding raw : report.findings()) {
            Finding f = shown(raw);
            j.open();
            j.field("severity", f.severity().label());
            j.field("rule", f.rule());
            j.field("layer", f.layer());
            j.field("pointer", f.pointer());
            j.field("line", f.line());
            j.field("column", f.column());
            j.field("message", f.message());
            j.field("hint", f.hint());
            j.close();
        }
        j.closeArray();
        j.close();
        return j.toString();
    }

    /** The rules as text: id, layer, default severity, source, and what each checks (its description without the source). */
    private static void listRules(PrintWriter out) {
        List<Rules.Rule> rules = Rules.all();
        int w = 0;
        int sw = 6;
        for (Rules.Rule r : rules) {
            w = Math.max(w, r.id().length());
            sw = Math.max(sw, Math.min(r.source().length(), 40));
        }
        StringBuilder b = new StringBuilder();
        String fmt = "%-" + w + "s  %-7s  %-7s  %-" + sw + "s  %s%n";
        b.append(String.format(fmt, "RULE", "LAYER", "LEVEL", "SOURCE", "CHECKS"));
        for (Rules.Rule r : rules) {
            String d = r.description();
            String src = r.source();
            String what = d.endsWith("(" + src + ")") ? d.substring(0, d.length() - src.length() - 2).stripTrailing() : d;
            b.append(String.format(fmt, r.id(), r.layer(), r.severity(), src, what));
        }
        b.append(rules.size()).append(" rules\n");
        out.print(b);
    }

    /** The rules as one JSON object: {"rules": [{id, layer, severity, source, description}], "count": n}. */
    private static void listRulesJson(PrintWriter out) {
        List<Rules.Rule> rules = Rules.all();
        Json j = new Json().open();
        j.openArray("rules");
        for (Rules.Rule r : rules) {
            j.open();
            j.field("id", r.id());
            j.field("layer", r.layer());
            j.field("severity", r.severity());
            j.field("source", r.source());
            j.field("description", r.description());
            j.close();
        }
        j.closeArray();
        j.field("count", rules.size());
        j.close();
        out.println(j);
    }
}

package dev.jns.cli;

import dev.jns.cli.output.Json;
import dev.jns.cli.output.Terminal;
import dev.jns.core.oci.Finding;
import dev.jns.core.oci.OciValidator;
import dev.jns.core.oci.Rules;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of {@code jns oci validate} with its options, free of picocli: {@link OciValidateCommand}
 * fills it from the parsed command line, and {@link OciValidateFast} from a plain one without
 * building picocli at all (start-up).
 */
final class OciValidateRun {
    /** Widest source excerpt shown under a finding, in characters. */
    private static final int WINDOW = 100;

    Path procRoot;
    Path sysRoot = Path.of("/");
    Terminal terminal;
    Path path = Path.of(".");
    boolean json;
    boolean strict;
    boolean noHost;
    String runtime;
    boolean listRules;

    /** Validates, prints, and returns the exit status. */
    int execute(PrintWriter out, PrintWriter err) {
        if (listRules) {
            listRules(out);
            out.flush();
            return ExitCodes.OK;
        }
        OciValidator v = new OciValidator(procRoot, sysRoot, !noHost, runtime, System.getenv("PATH"));
        OciValidator.Report report = v.validate(path);
        if (report.runtimeMissing()) {
            err.println("jns oci validate: runtime \"" + runtime + "\" not found (give runc, crun or a path)");
            err.flush();
            return ExitCodes.USAGE;
        }
        List<Finding> findings = report.findings();
        if (strict) {
            List<Finding> s = new ArrayList<>(findings.size());
            for (Finding f : findings) {
                s.add(f.isError() ? f : f.withSeverity(Finding.Severity.ERROR));
            }
            findings = s;
        }
        int errors = 0;
        for (Finding f : findings) {
            if (f.isError()) {
                errors++;
            }
        }
        String name = displayName(report);
        if (json) {
            out.println(json(name, report, findings, errors));
        } else if (report.unreadable()) {
            err.println("jns oci validate: " + findings.get(0).message());
            err.flush();
        } else {
            text(out, name, report, findings, errors);
        }
        out.flush();
        if (report.unreadable()) {
            return ExitCodes.USAGE;
        }
        return errors > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private String displayName(OciValidator.Report report) {
        if (report.bundle() != null && path.normalize().toString().isEmpty()) {
            return "config.json";
        }
        return report.config().normalize().toString();
    }

    private String layers(OciValidator.Report report) {
        StringBuilder b = new StringBuilder("schema, semantics");
        if (!noHost && report.bundle() != null) {
            b.append(", host");
        }
        if (runtime != null) {
            b.append(", runtime ").append(runtime);
        }
        return b.toString();
    }

    private void text(PrintWriter out, String name, OciValidator.Report report, List<Finding> findings, int errors) {
        boolean color = terminal.color();
        StringBuilder b = new StringBuilder(1024);
        for (Finding f : findings) {
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
            b.append('[').append(f.rule()).append("]: ").append(f.message());
            if (!f.pointer().isEmpty()) {
                b.append(" (").append(f.pointer()).append(')');
            }
            b.append('\n');
            String src = f.line() > 0 ? report.sourceLine(f.line()) : null;
            if (src != null && !src.isBlank()) {
                // a window of at most WINDOW characters around the column, for long (minified) lines
                int n = src.codePointCount(0, src.length());
                int from = 0;
                int to = n;
                if (n > WINDOW) {
                    from = Math.max(0, Math.min(f.column() - 1 - WINDOW / 2, n - WINDOW));
                    to = Math.min(n, from + WINDOW);
                }
                String shown = (from > 0 ? "..." : "") + src.substring(src.offsetByCodePoints(0, from),
                        src.offsetByCodePoints(0, to)) + (to < n ? "..." : "");
                int caret = f.column() - 1 - from + (from > 0 ? 3 : 0);
                String num = Integer.toString(f.line());
                pad(b, 5 - num.length());
                b.append(num).append(" | ").append(shown).append('\n');
                pad(b, 5);
                b.append(" | ");
                int col = 0;
                for (int i = 0; i < shown.length() && col < caret; col++) {
                    int cp = shown.codePointAt(i);
                    b.append(cp == '\t' ? '\t' : ' ');
                    i += Character.charCount(cp);
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
            if (!f.hint().isEmpty()) {
                pad(b, 5);
                b.append(" = hint: ").append(f.hint()).append('\n');
            }
        }
        int warnings = findings.size() - errors;
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
        out.print(b);
    }

    private static void pad(StringBuilder b, int n) {
        for (int i = 0; i < n; i++) {
            b.append(' ');
        }
    }

    private String json(String name, OciValidator.Report report, List<Finding> findings, int errors) {
        Json j = new Json().open();
        j.field("path", name);
        j.field("valid", errors == 0 && !report.unreadable());
        j.field("errors", errors);
        j.field("warnings", findings.size() - errors);
        j.openArray("findings");
        for (Finding f : findings) {
            j.open();
            j.field("severity", f.severity().label());
            j.field("rule", f.rule());
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

    private static void listRules(PrintWriter out) {
        List<Rules.Rule> rules = Rules.all();
        int w = 0;
        for (Rules.Rule r : rules) {
            w = Math.max(w, r.id().length());
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-" + w + "s  %-9s  %-7s  %s%n", "RULE", "LAYER", "LEVEL", "CHECKS"));
        for (Rules.Rule r : rules) {
            b.append(String.format("%-" + w + "s  %-9s  %-7s  %s%n", r.id(), r.layer(), r.severity(), r.description()));
        }
        b.append(rules.size()).append(" rules\n");
        out.print(b);
    }
}

package dev.jns.samples;

import dev.jns.core.oci.Finding;
import dev.jns.core.oci.OciValidator;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Library example: validate an OCI runtime config (a bundle directory or its config.json) with the
 * validator behind {@code jns oci validate}, and print each finding as
 * {@code line:col severity[rule] message (pointer)}. The config alone is checked (schema and
 * semantics); with {@code --host}, a bundle is also checked against this host (its rootfs,
 * args[0] in it, the kernel's namespaces and cgroups). Nothing from the bundle is executed.
 *
 * <pre>
 * java -cp ... dev.jns.samples.ValidateConfig samples/oci-bundles/duplicate-namespace
 * java -cp ... dev.jns.samples.ValidateConfig --host /path/to/bundle
 * </pre>
 */
public final class ValidateConfig {
    private ValidateConfig() {}

    public static void main(String[] args) {
        boolean host = args.length == 2 && args[0].equals("--host");
        if (args.length != (host ? 2 : 1)) {
            System.err.println("usage: ValidateConfig [--host] BUNDLE|CONFIG");
            System.exit(2);
        }
        System.exit(run(Path.of(args[args.length - 1]), host, Path.of("/proc"), System.out));
    }

    /**
     * Prints the findings for {@code path} and a summary line; 0 when there are no errors (warnings
     * allowed), 1 when there are, 2 when the input cannot be read (one line says why).
     */
    public static int run(Path path, boolean host, Path procRoot, PrintStream out) {
        // no runtime layer (null): that one asks runc or crun for their features
        OciValidator validator = new OciValidator(procRoot, host, null, null);
        OciValidator.Report report = validator.validate(path);
        if (report.unreadable()) {
            out.println(report.findings().get(0).message());
            return 2;
        }
        for (Finding f : report.findings()) {
            StringBuilder b = new StringBuilder();
            if (f.line() > 0) {
                b.append(f.line()).append(':').append(f.column()).append(' ');
            }
            b.append(f.severity().label()).append('[').append(f.rule()).append("] ").append(f.message());
            if (!f.pointer().isEmpty()) {
                b.append(" (").append(f.pointer()).append(')');
            }
            out.println(b);
        }
        out.println(report.config() + ": " + (report.errors() > 0 ? "invalid" : "valid") + ", "
                + count(report.errors(), "error") + ", " + count(report.warnings(), "warning"));
        return report.errors() > 0 ? 1 : 0;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}

package dev.jns.cli.oci;

import dev.jns.cli.output.Terminal;
import dev.jns.core.proc.ProcFs;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code jns oci validate} without picocli: building the command line costs most of a short
 * command's start-up (bench/RESULTS.md), and a validation is meant for scripts and CI loops. Takes
 * only plain command lines: the global options --proc-root, --sys-root and --debug, then
 * {@code oci validate} with --json, --strict, --no-host, --runtime and one PATH. Anything else
 * (--help, --list-rules, a usage error, an option it does not know) returns null, and Main runs
 * picocli as usual, so help and errors stay the same. The output is {@link OciValidateRun}'s either
 * way.
 */
public final class OciValidateFast {
    private OciValidateFast() {}

    /** The exit status, or null when picocli should handle this command line. */
    public static Integer tryRun(String[] args, Terminal terminal, PrintWriter out, PrintWriter err) {
        OciValidateRun run = parse(args);
        if (run == null) {
            return null;
        }
        run.terminal = terminal;
        return run.execute(out, err);
    }

    /** The run a plain command line asks for, or null. */
    static OciValidateRun parse(String[] args) {
        if (args == null) {
            return null;
        }
        try {
            return parsePlain(args);
        } catch (java.nio.file.InvalidPathException e) {
            return null;   // a PATH this JVM cannot name (a non-UTF-8 locale): picocli says so
        }
    }

    private static OciValidateRun parsePlain(String[] args) {
        OciValidateRun run = new OciValidateRun();
        run.procRoot = ProcFs.DEFAULT_ROOT;
        int i = 0;
        // global options, before the subcommand
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--debug")) {
                continue;
            }
            int last = rootOption(args, i, run);
            if (last < 0) {
                break;
            }
            i = last;
        }
        if (i + 1 >= args.length || !args[i].equals("oci") || !args[i + 1].equals("validate")) {
            return null;
        }
        boolean havePath = false;
        for (i += 2; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--json": run.json = true; continue;
                case "--strict": run.strict = true; continue;
                case "--no-host": run.noHost = true; continue;
                case "--debug": continue;
                default:
            }
            String v = value(args, i, "--runtime");
            if (v != null) {
                if (v.isEmpty()) {
                    return null;
                }
                run.runtime = v;
                i += a.indexOf('=') < 0 ? 1 : 0;
                continue;
            }
            int last = rootOption(args, i, run);   // picocli's inherited global options work here too
            if (last >= 0) {
                i = last;
                continue;
            }
            if (a.startsWith("-") || havePath || a.isEmpty()) {
                return null;   // --help, --list-rules, an unknown option, a second PATH: picocli says what to say
            }
            run.path = Path.of(a);
            havePath = true;
        }
        return run;
    }

    /**
     * Takes --proc-root or --sys-root at args[i] into {@code run}: the index of the option's last
     * word, or -1 when args[i] is neither.
     */
    private static int rootOption(String[] args, int i, OciValidateRun run) {
        String v = value(args, i, "--proc-root");
        if (v != null) {
            run.procRoot = Path.of(v);
        } else if ((v = value(args, i, "--sys-root")) != null) {
            run.sysRoot = Path.of(v);
        } else {
            return -1;
        }
        return args[i].indexOf('=') < 0 ? i + 1 : i;
    }

    /** The value of option {@code name} at args[i] ("--name VALUE" or "--name=VALUE"), or null. */
    private static String value(String[] args, int i, String name) {
        String a = args[i];
        if (a.equals(name)) {
            return i + 1 < args.length && !args[i + 1].startsWith("-") ? args[i + 1] : null;
        }
        if (a.startsWith(name + "=")) {
            return a.substring(name.length() + 1);
        }
        return null;
    }
}

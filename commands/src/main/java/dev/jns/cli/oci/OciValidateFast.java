package dev.jns.cli.oci;

import dev.jns.cli.output.Terminal;
import dev.jns.core.proc.ProcFs;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code jns oci validate} without picocli: building the command line costs most of a short
 * command's start-up (bench/RESULTS.md), and a validation is meant for scripts and CI loops. Takes
 * only plain command lines: the global options --proc-root, --sys-root and --debug, then
 * {@code oci validate} with --json, --strict, --no-host, --runtime and one PATH, each option at most
 * once. Anything else (--help, --list-rules, a usage error, an option it does not know, an option
 * given twice, an {@code @file}) returns null, and Main runs picocli as usual, so what is refused
 * and how stays picocli's: the fast path never decides an error itself
 * ({@code OciValidateAgreementTest} runs a few hundred command lines through both). The output is
 * {@link OciValidateRun}'s either way.
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
        for (String a : args) {
            if (a.startsWith("@")) {
                return null;   // picocli reads arguments from the file
            }
        }
        OciValidateRun run = new OciValidateRun();
        run.procRoot = ProcFs.DEFAULT_ROOT;
        java.util.Set<String> seen = new java.util.HashSet<>();
        int i = 0;
        // global options, before the subcommand
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--debug")) {
                if (!seen.add(a)) {
                    return null;
                }
                continue;
            }
            int last = rootOption(args, i, run);
            if (last < 0) {
                break;
            }
            if (!seen.add(optionName(a))) {
                return null;   // given twice: picocli refuses it
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
                case "--json": case "--strict": case "--no-host": case "--debug":
                    if (!seen.add(a)) {
                        return null;   // given twice: picocli refuses it
                    }
                    run.json |= a.equals("--json");
                    run.strict |= a.equals("--strict");
                    run.noHost |= a.equals("--no-host");
                    continue;
                default:
            }
            String v = value(args, i, "--runtime");
            if (v != null) {
                if (v.isEmpty() || !seen.add("--runtime")) {
                    return null;
                }
                run.runtime = v;
                i += a.indexOf('=') < 0 ? 1 : 0;
                continue;
            }
            int last = rootOption(args, i, run);   // picocli's inherited global options work here too
            if (last >= 0) {
                if (!seen.add(optionName(a))) {
                    return null;
                }
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

    /** "--proc-root" of "--proc-root=/x" or "--proc-root". */
    private static String optionName(String a) {
        int eq = a.indexOf('=');
        return eq < 0 ? a : a.substring(0, eq);
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

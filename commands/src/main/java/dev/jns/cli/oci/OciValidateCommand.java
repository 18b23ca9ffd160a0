package dev.jns.cli.oci;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jns oci validate [PATH]}: will runc (or crun) accept this bundle? */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check an OCI runtime bundle's config.json in three layers, each finding naming its own:"
                + " spec (the runtime-spec schema for its ociVersion and the spec's rules for its platform),"
                + " host (this machine: rootfs, args[0], namespaces, cgroups, capabilities, filesystems, hooks,"
                + " sysctls) and runtime (the runtime that will run it, runc or crun found on PATH: its"
                + " features and its own refusals, e.g. runc requires a process).",
            "Findings are printed compiler-style (FILE:LINE:COL: error[RULE]: ... [LAYER]), the first 100 of them"
                + " (--json: 1000, with the counts of all); --list-rules lists every rule with its layer and source.",
            "When the runtime is known to run an invalid config anyway (runc 1.1 does not check some of the spec's rules,"
                + " e.g. ociVersion's form or relative maskedPaths), a last line says so and names those rules; --json has it"
                + " as \"prediction\". The exit status stays 1: another runtime or version may refuse the config.",
            "The runtime's --version and features are cached under $JNS_CACHE_DIR, else $XDG_CACHE_HOME/jns,"
                + " else ~/.cache/jns, keyed by the binary (a new runc is asked again).",
            "Nothing is downloaded, and nothing from the bundle is executed."},
        exitCodeListHeading = "%nExit status:%n", exitCodeList = {
            "0:Valid (warnings allowed, unless --strict).",
            "1:Errors were found.",
            "2:The input is unreadable (no such file, not a regular file, a symlink out of the bundle, over"
                + " 16 MiB), or a usage error."})
public final class OciValidateCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand oci;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", defaultValue = ".",
            description = "A bundle directory (its config.json is read) or a config file; default: the current directory.")
    Path path;

    @Option(names = "--json", description = "The findings (or, with --list-rules, the rules) as one JSON object.")
    boolean json;

    @Option(names = "--strict", description = "Treat warnings as errors.")
    boolean strict;

    @Option(names = "--no-host", description = "The spec-only verdict: skip the host checks (rootfs, args[0], kernel,"
            + " cgroups; they run by default for a bundle directory) and the automatic runtime (a runtime named with"
            + " --runtime still runs).")
    boolean noHost;

    @Option(names = "--runtime", paramLabel = "auto|none|runc|crun|PATH", defaultValue = "auto", description = "The"
            + " runtime layer's runtime: auto (the default: the first of runc and crun on PATH, none if neither), none"
            + " (skip the layer), a name on PATH or a path. Checks its `features` output and its known rules (runc"
            + " requires a process; crun refuses hybrid cgroup hosts).")
    String runtime;

    @Option(names = "--list-rules", description = "List every rule (id, layer, default severity, source, what it checks)"
            + " and exit; with --json as JSON.")
    boolean listRules;

    @Override
    public Integer call() {
        OciValidateRun run = new OciValidateRun();
        run.procRoot = oci.root().procRoot();
        run.sysRoot = oci.root().sysRoot();
        run.terminal = oci.root().terminal();
        run.path = path;
        run.json = json;
        run.strict = strict;
        run.noHost = noHost;
        run.runtime = runtime;
        run.listRules = listRules;
        return run.execute(oci.spec().commandLine().getOut(), oci.spec().commandLine().getErr());
    }
}

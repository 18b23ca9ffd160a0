package dev.jns.cli.oci;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jns oci validate [PATH]}: will runc (or crun) accept this bundle? */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check an OCI runtime bundle's config.json: the runtime-spec schema for its ociVersion,"
                + " the rules of runtime-tools and runc, this host (rootfs, args[0], namespaces, cgroups,"
                + " capabilities, filesystems, hooks, sysctls), and optionally a runtime's features.",
            "Findings are printed compiler-style (FILE:LINE:COL: error[RULE]: ...), the first 100 of them (--json:"
                + " 1000, with the counts of all); --list-rules lists every rule.",
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

    @Option(names = "--json", description = "The findings as one JSON object.")
    boolean json;

    @Option(names = "--strict", description = "Treat warnings as errors.")
    boolean strict;

    @Option(names = "--no-host", description = "Skip the host checks (rootfs, args[0], kernel, cgroups); they run by"
            + " default for a bundle directory.")
    boolean noHost;

    @Option(names = "--runtime", paramLabel = "runc|crun|PATH", description = "Also check against this runtime: its"
            + " `features` output and its known rules (e.g. crun refuses hybrid cgroup hosts).")
    String runtime;

    @Option(names = "--list-rules", description = "List every rule (id, layer, default severity, what it checks) and exit.")
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

package dev.jns.cli.oci;

import dev.jns.cli.output.Invocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jns oci}: check, explain and write OCI runtime bundles. */
@Command(name = "oci", mixinStandardHelpOptions = true,
        subcommands = {OciValidateCommand.class, OciInspectCommand.class, OciSpecCommand.class},
        description = "OCI runtime bundles: will runc or crun accept this config.json (validate),"
                + " what will the container be (inspect), write a default one (spec).")
public final class OciCommand implements Runnable {
    @ParentCommand
    Invocation root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}

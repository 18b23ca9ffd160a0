package dev.jns.cli.oci;

import dev.jns.cli.output.CommandGroup;
import picocli.CommandLine.Command;

/** {@code jns oci}: check, explain and write OCI runtime bundles. */
@Command(name = "oci", mixinStandardHelpOptions = true,
        subcommands = {OciValidateCommand.class, OciInspectCommand.class, OciSpecCommand.class},
        description = "OCI runtime bundles: will runc or crun accept this config.json (validate),"
                + " what will the container be (inspect), write a default one (spec).")
public final class OciCommand extends CommandGroup {
}

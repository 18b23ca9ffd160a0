package dev.jns.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code jns oci inspect}: work in progress on a branch; replaced when it lands. */
@Command(name = "inspect", mixinStandardHelpOptions = true, hidden = true, description = "Not yet available.")
public final class OciInspectCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand oci;

    @Override
    public Integer call() {
        oci.spec.commandLine().getErr().println("jns oci inspect: not yet available");
        return ExitCodes.FAILURE;
    }
}

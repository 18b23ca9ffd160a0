package dev.jns.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code jns oci validate}: work in progress on a branch; replaced when it lands. */
@Command(name = "validate", mixinStandardHelpOptions = true, hidden = true, description = "Not yet available.")
public final class OciValidateCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand oci;

    @Override
    public Integer call() {
        oci.spec.commandLine().getErr().println("jns oci validate: not yet available");
        return ExitCodes.FAILURE;
    }
}

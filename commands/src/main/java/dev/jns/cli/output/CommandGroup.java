package dev.jns.cli.output;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code jns cg}, {@code jns oci}): run alone, it prints
 * its usage to stderr and ends with the usage error's status, 2 (as git, ip and systemctl do
 * without their subcommand). Its subcommands reach the global options through {@link #root()}.
 */
public abstract class CommandGroup implements java.util.concurrent.Callable<Integer> {
    // package-private, not private: the generated model (CommandGroupModel) sets them directly
    @ParentCommand
    Invocation root;

    @Spec
    CommandSpec spec;

    /** The global options and the terminal. */
    public Invocation root() {
        return root;
    }

    /** This command's picocli model (its output and error writers). */
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}

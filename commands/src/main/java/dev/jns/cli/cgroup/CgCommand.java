package dev.jns.cli.cgroup;

import dev.jns.cli.output.Invocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jns cg}: look at cgroups. */
@Command(name = "cg", mixinStandardHelpOptions = true, subcommands = {CgLsCommand.class, CgShowCommand.class},
        description = "Look at cgroups: the tree with its processes (ls), or every figure of one cgroup (show).")
public final class CgCommand implements Runnable {
    @ParentCommand
    Invocation root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}

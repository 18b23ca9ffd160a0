package dev.jns.cli.cgroup;

import dev.jns.cli.output.CommandGroup;
import picocli.CommandLine.Command;

/** {@code jns cg}: look at cgroups. */
@Command(name = "cg", mixinStandardHelpOptions = true, subcommands = {CgLsCommand.class, CgShowCommand.class},
        description = "Look at cgroups: the tree with its processes (ls), or every figure of one cgroup (show).")
public final class CgCommand extends CommandGroup {
}

package dev.jns.cli.oci;

import dev.jns.cli.output.ExitCodes;
import dev.jns.core.oci.spec.DefaultSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jns oci spec [--rootless] [--bundle DIR] [-- ARGS...]}: writes a default config.json,
 * as {@code runc spec} does (see {@link DefaultSpec}), without running runc.
 */
@Command(name = "spec", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a default config.json, as 'runc spec' does.",
            "New PID, network, IPC, UTS and mount namespaces, runc's default capabilities,",
            "a read-only rootfs; ociVersion " + DefaultSpec.OCI_VERSION + ". An existing config.json is kept unless", "--force is given.",
            "One difference from runc spec: the ambient capability set is empty. runc spec lists",
            "its three capabilities there but not in inheritable, so the kernel never raises",
            "them and runc drops them; jns leaves them out, so that 'jns oci validate --strict'",
            "passes on its own default (add a capability to both ambient and inheritable to",
            "raise it)."},
        footerHeading = "%nExamples:%n",
        footer = {"  jns oci spec                       ./config.json: sh on a terminal",
            "  jns oci spec -b b --no-terminal -- echo hi",
            "                                     b/config.json for a run without a terminal",
            "  jns oci spec --rootless            for runc run by an ordinary user",
            "", "Exit status: 0 written, 1 failure (config.json exists, no such directory,",
            "cannot write), 2 usage error."})
public final class OciSpecCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand oci;

    @Spec
    CommandSpec spec;

    @Option(names = "--rootless", description = "A config for running without root, like 'runc spec --rootless':"
            + " container root is your uid and gid in a user namespace; no network namespace, no device rules.")
    boolean rootless;

    @Option(names = {"-b", "--bundle"}, paramLabel = "DIR", description = "The bundle directory (default: the current one).")
    Path bundle = Path.of(".");

    @Option(names = "--no-terminal", description = "process.terminal false: for runs whose stdin is not a terminal"
            + " (scripts, CI). runc spec's default is true.")
    boolean noTerminal;

    @Option(names = {"-f", "--force"}, description = "Replace an existing config.json.")
    boolean force;

    @Parameters(paramLabel = "ARGS", arity = "0..*", description = "The container's command line, after --"
            + " (default: sh).")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        if (!Files.isDirectory(bundle)) {
            err.println(name + ": no such directory: " + bundle);
            return ExitCodes.FAILURE;
        }
        long uid = 0;
        long gid = 0;
        if (rootless) {
            try {
                uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
                gid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:gid")).longValue();
            } catch (IOException | RuntimeException e) {
                err.println(name + ": cannot tell the invoking uid and gid from /proc/self: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
        String text = DefaultSpec.toJson(DefaultSpec.generate(
                new DefaultSpec.Options(args.isEmpty() ? List.of("sh") : args, !noTerminal, rootless, uid, gid)));
        Path file = bundle.resolve("config.json");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            if (force) {
                // written aside and renamed: a reader never sees half a file, and a symlink at
                // config.json is replaced rather than written through
                Path tmp = Files.createTempFile(bundle, ".config.json.", ".tmp");
                try {
                    Files.write(tmp, bytes);
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } else {
                try {
                    Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    err.println(name + ": " + file + " already exists (use --force to replace it)");
                    return ExitCodes.FAILURE;
                } catch (IOException e) {
                    Files.deleteIfExists(file);
                    throw e;
                }
            }
        } catch (AccessDeniedException e) {
            err.println(name + ": permission denied: " + file);
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            err.println(name + ": cannot write " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}

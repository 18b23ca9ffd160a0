package dev.jns.cli.exec;

import dev.jns.cli.output.Invocation;
import dev.jns.core.NamespaceType;
import dev.jns.core.NotFoundException;
import dev.jns.core.ProcessGoneException;
import dev.jns.core.cgroup.CgroupFs;
import dev.jns.core.cgroup.Hierarchy;
import dev.jns.core.proc.ProcCgroup;
import dev.jns.core.proc.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jns enter}: run a command in another process's namespaces, with nsenter's options.
 *
 * <p>Design: Java parses and checks everything and resolves every path; the joining itself is
 * done by {@code jns-nsexec}, a small static C program built with jns, because the kernel refuses
 * {@code setns} into user and time namespaces from a multi-threaded process such as a JVM, and a
 * JVM must not fork itself (java-native.md). One code path serves all eight types. Its arguments
 * are built by {@link NsexecArgs}; {@link NativeStep} runs it, and the JVM waits for it, ignoring
 * Ctrl-C and Ctrl-\ (they reach the command through the terminal), and passes a SIGTERM on to it.
 *
 * <p>A target must not choose what root runs (issue 11): the helper looks the command up with
 * jns's PATH (absolute entries only) in the file system it runs in, and reads the target's
 * environ file for {@code -e} as untrusted input, leaving out loader and start-up variables and,
 * unless the command runs in the target's files, its PATH, HOME and SHELL. {@code --env-unsafe} is
 * nsenter's {@code -e}. The rules are in jns-nsexec.c ({@code load_environ}, {@code exec_command}).
 */
@Command(name = "enter", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Run a command in the namespaces of another process, with nsenter's options.",
            "Without a command, runs $SHELL (or /bin/sh). /proc is not remounted: after -p,",
            "ps shows the old /proc unless the mount namespace is entered too."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  jns enter -t 1234 -a                    a shell in all of 1234's namespaces",
            "  jns enter -t 1234 -n ip addr            1234's network, nothing else",
            "  jns enter --net=/run/netns/blue ip link a network namespace kept by ip netns",
            "  jns enter -t 1234 -p -m ps              its processes, as it sees them",
            "",
            "The command is looked up with jns's PATH (its absolute entries) after entering,",
            "so in the target's files with -m, -r or -a. A name with a / is used as given",
            "(./x is relative to the working directory: the target's with -w).",
            "-e takes the target's environment without what loads or runs code in the",
            "command: LD_*, MALLOC_*, GLIBC_TUNABLES and the rest of glibc's list for",
            "set-user-ID programs (GCONV_PATH, LOCPATH, NLSPATH, TMPDIR...), BASH_ENV, ENV,",
            "BASH_FUNC_*, PS1, PROMPT_COMMAND, PYTHONPATH, PERL5LIB, NODE_OPTIONS,",
            "JAVA_TOOL_OPTIONS and the like; and with jns's PATH, HOME and SHELL unless the",
            "command runs in the target's files (-m, -r, -a). Other variables still steer",
            "programs (PAGER, EDITOR...): use -e only with targets you trust. --debug names",
            "what was left out; --env-unsafe takes everything, as nsenter -e.",
            "",
            "Exit status: the command's; 128+N when it was killed by signal N; 126 when it",
            "cannot be run, 127 when it is not found; 1 no such process or namespace file;",
            "2 usage error; 125 when joining failed (for example no permission) or -e could",
            "not take the target's environment."})
public final class EnterCommand implements Callable<Integer> {

    @ParentCommand
    Invocation root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--target"}, paramLabel = "PID", description = "The process whose namespaces to enter.")
    Integer target;

    @Option(names = {"-a", "--all"}, description = "Enter all of the target's namespaces (its user namespace only when it is not ours).")
    boolean all;

    @Mixin
    NamespaceOptions namespaces = new NamespaceOptions(Map.of(
            NamespaceType.MNT, "Enter the mount namespace (of the target, or FILE).",
            NamespaceType.UTS, "Enter the UTS namespace (hostname).",
            NamespaceType.IPC, "Enter the IPC namespace.",
            NamespaceType.NET, "Enter the network namespace, e.g. --net=/run/netns/NAME.",
            NamespaceType.PID, "Enter the pid namespace (the command runs in a child, unless -F).",
            NamespaceType.USER, "Enter the user namespace (as uid 0 there, unless --preserve-credentials).",
            NamespaceType.CGROUP, "Enter the cgroup namespace.",
            NamespaceType.TIME, "Enter the time namespace."));

    @Option(names = {"-r", "--root"}, arity = "0..1", paramLabel = "DIR", preprocessor = AttachedOnly.class,
            description = "Set the root directory (the target's, or DIR).")
    String rootDir;

    @Option(names = {"-w", "--wd"}, arity = "0..1", paramLabel = "DIR", preprocessor = AttachedOnly.class,
            description = "Set the working directory (the target's, or DIR, opened before entering).")
    String wd;

    @Option(names = {"-W", "--wdns"}, paramLabel = "DIR", description = "Working directory inside the entered namespaces.")
    String wdns;

    @Option(names = {"-S", "--setuid"}, paramLabel = "UID", description = "Set the uid ('follow': the target's).")
    String setuid;

    @Option(names = {"-G", "--setgid"}, paramLabel = "GID", description = "Set the gid ('follow': the target's).")
    String setgid;

    @Option(names = "--preserve-credentials", description = "Do not change uid and gid when entering a user namespace.")
    boolean preserveCredentials;

    @Option(names = {"-F", "--no-fork"}, description = "Do not fork before running the command, even for a pid namespace.")
    boolean noFork;

    @Option(names = {"-e", "--env"}, description = "Take the target's environment, made safe (see below).")
    boolean env;

    @Option(names = "--env-unsafe", description = "Take the target's environment as it is, and look the command up"
            + " with its PATH, as nsenter -e does (implies -e).")
    boolean envUnsafe;

    @Option(names = {"-c", "--join-cgroup"}, description = "Run the command in the target's cgroup (cgroup2).")
    boolean joinCgroup;

    @Parameters(index = "0..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        ProcFs proc = root.procFs();
        Map<NamespaceType, String> wanted = namespaces.given();
        env |= envUnsafe;
        boolean needsTarget = all || env || joinCgroup || wanted.containsValue(AttachedOnly.NONE)
                || AttachedOnly.NONE.equals(rootDir) || AttachedOnly.NONE.equals(wd)
                || "follow".equals(setuid) || "follow".equals(setgid);
        if (wanted.isEmpty() && !all) {
            throw usage("no namespace specified: give -t PID with -a, or namespace options such as -n or --net=FILE");
        }
        if (needsTarget && target == null) {
            throw usage("no target PID specified (-t PID): needed for the target's own namespaces, root, wd, env or cgroup");
        }
        if (target != null && !proc.exists(target)) {
            throw new ProcessGoneException(target, proc.file(target, ""), null);
        }
        if (wd != null && wdns != null) {
            throw usage("options --wd and --wdns are mutually exclusive");
        }
        if (all) {
            for (NamespaceType t : NamespaceType.values()) {
                if (!wanted.containsKey(t) && Files.exists(Path.of("/proc/self/ns/" + t.procName()))
                        && !(t == NamespaceType.USER && sameAsOurs(proc, t))) {
                    wanted.put(t, AttachedOnly.NONE);
                }
            }
        }

        NsexecArgs args = NsexecArgs.of("jns enter");
        for (Map.Entry<NamespaceType, String> e : wanted.entrySet()) {
            String file = targetsOr(proc, e.getValue(), "ns/" + e.getKey().procName());
            checkNamespaceFile(Path.of(file), e.getKey());
            args.join(e.getKey(), file);
        }
        // Only a pid namespace needs the fork (nsenter's rule): setns moves the caller itself into a
        // time namespace, and time_for_children with it.
        if (wanted.containsKey(NamespaceType.PID) && !noFork) {
            args.fork();
        }
        if (preserveCredentials) {
            args.keepCredentials();
        }
        if (rootDir != null) {
            args.root(targetsOr(proc, rootDir, "root"));
        }
        if (wd != null) {
            args.wd(targetsOr(proc, wd, "cwd"));
        }
        if (wdns != null) {
            args.wdns(wdns);
        }
        if (setuid != null) {
            args.uid(id(setuid, proc, "-S/--setuid"));
        }
        if (setgid != null) {
            args.gid(id(setgid, proc, "-G/--setgid"));
        }
        if (env) {
            Path environ = proc.file(target, "environ");
            if (envUnsafe) {
                args.environAsIs(environ);
            } else {
                args.environ(environ);
            }
            if (root.debug()) {
                args.verbose();
            }
        }
        if (joinCgroup) {
            args.cgroupProcs(cgroupProcsOf(proc, target));
        }
        return NativeStep.run(args.command(NativeStep.orShell(command)));
    }

    /** The option's value, or the target's {@code /proc/PID/FILE} for an option given without one. */
    private String targetsOr(ProcFs proc, String value, String file) {
        return AttachedOnly.NONE.equals(value) ? proc.file(target, file).toString() : value;
    }

    /** Whether the target is in our own namespace of type {@code t} (entering our own user namespace fails). */
    private boolean sameAsOurs(ProcFs proc, NamespaceType t) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/" + t.procName())).toString()
                    .equals(proc.namespace(target, t).map(Object::toString).orElse(""));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A namespace file must be an nsfs file ({@code /proc/PID/ns/X} or a bind mount of one) of the right type. */
    private void checkNamespaceFile(Path f, NamespaceType t) {
        if (!Files.exists(f)) {
            if (Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new dev.jns.core.AccessDeniedException(f, "the target belongs to another user: run as root,"
                        + " or enter a process of your own");
            }
            throw new NotFoundException(f, "no such namespace file: " + f);
        }
        try {
            Object dev = Files.getAttribute(f, "unix:dev");
            Object nsfs = Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:dev");
            if (!dev.equals(nsfs)) {
                throw usage(f + " is not a namespace file (expected /proc/PID/ns/" + t.procName()
                        + " or a bind mount of one)");
            }
            if (Files.isSymbolicLink(f)) {
                String link = Files.readSymbolicLink(f).toString();
                if (!link.startsWith(t.procName() + ":[")) {
                    throw usage(f + " is a " + link.substring(0, Math.max(0, link.indexOf(':')))
                            + " namespace, not " + t.procName());
                }
            }
        } catch (IOException e) {
            throw new NotFoundException(f, "cannot read namespace file " + f + ": " + e.getMessage());
        }
    }

    private long id(String value, ProcFs proc, String option) {
        if (value.equals("follow")) {
            return proc.owner(target);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw usage("invalid " + option + ": '" + value + "' (a number, or 'follow')");
        }
    }

    /** {@code cgroup.procs} of the target's cgroup2 cgroup. */
    private Path cgroupProcsOf(ProcFs proc, int pid) {
        CgroupFs fs = root.cgroupFs();
        Hierarchy unified = fs.layout().unified().orElseThrow(() -> new NotFoundException(Path.of("/sys/fs/cgroup"),
                "--join-cgroup needs cgroup2, and this host mounts none"));
        for (ProcCgroup c : proc.cgroups(pid)) {
            if (c.unified()) {
                return unified.dirOf(c.path()).resolve("cgroup.procs");
            }
        }
        throw new NotFoundException(proc.file(pid, "cgroup"), "process " + pid + " has no cgroup2 cgroup");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * For the launcher's training run (the start-up cache): runs the native step once without a
     * namespace, the helper executing {@code /bin/true}, so that what enter and unshare load to
     * start it (the JDK's process launching, signal handling) is in the cache. Failures are
     * ignored: the cache is then only smaller.
     */
    public static void trainNativeStep(java.io.PrintWriter out) {
        try {
            NativeStep.run(NsexecArgs.of("jns enter").command(List.of("/bin/true")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            out.println("training: " + e);
        }
    }
}

package dev.jns.cli;

import dev.jns.cli.cgroup.CgCommand;
import dev.jns.cli.cgroup.CgtopCommand;
import dev.jns.cli.exec.EnterCommand;
import dev.jns.cli.exec.UnshareCommand;
import dev.jns.cli.ns.LsCommand;
import dev.jns.cli.oci.OciCommand;
import dev.jns.cli.oci.OciValidateFast;
import dev.jns.cli.output.ExitCodes;
import dev.jns.cli.top.TopCommand;
import dev.jns.cli.output.Terminal;
import dev.jns.core.JnsException;
import dev.jns.core.text.SafeText;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Entry point: {@code jns [--proc-root DIR] [--debug] COMMAND ...}. */
public final class Main {
    private Main() {}

    static {
        // picocli's DefaultFactory looks up groovy.lang.Closure once; the miss opens every jar of the
        // class path (25 here) before failing. jns has no Groovy: skip the lookup (issue 14, item 2).
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].startsWith(TRAIN)) {
            // one of the launcher's start-up caches is made from this one run (see ./jns)
            System.exit(train(new PrintWriter(System.out), args[0].substring(TRAIN.length())));
        }
        if (args.length >= 2 && args.length <= 12) {
            // `jns oci validate` on a plain command line runs without building picocli (OciValidateFast)
            Integer rc = fastPath(args);
            if (rc != null) {
                exit(rc, true);
            }
        }
        String sub = subcommandName(args);
        if ("enter".equals(sub) || "unshare".equals(sub)) {
            openClassPathEarly();
        }
        CommandLine cl = commandLine(new JnsCommand(), args);
        int rc = cl.execute(optionalValuesAttached(cl, args));
        cl.getOut().flush();
        cl.getErr().flush();
        exit(rc, sub == null || QUICK_EXIT.contains(sub));
    }

    /**
     * The commands that end with {@link Runtime#halt}, as does a run with no subcommand (--help,
     * --version): when they return, nothing of theirs is left for a shutdown hook. ls, cg, oci and
     * help start no thread, child or hook; enter and unshare have waited for their helper, restored
     * the signal handlers and removed unshare's cgroup (in finally blocks) before they return, and
     * register no hook. jns top and cgtop keep System.exit: their hook restores the terminal. Not the
     * training run either: the JVM writes the start-up cache at a normal exit.
     */
    static final java.util.Set<String> QUICK_EXIT = java.util.Set.of("ls", "cg", "oci", "help", "enter", "unshare");

    /**
     * For the commands that start jns's native helper: on JDK 21 and later ProcessBuilder.start
     * looks up a System.Logger, and that lookup searches every jar of the class path for a
     * LoggerFinder service; the jars are not open yet (the classes come from the start-up cache), so
     * it opens all 24 of them (jns.jar and lib/'s 23): about 24 ms on the main thread of a bare
     * program, on a VM where a hello-world takes 100 ms (bench/RESULTS.md). The same search, done
     * here on a thread of its own while picocli builds and parses, leaves the jars open
     * (URLClassPath keeps them) for the lookup's own search.
     * The work is the same, only earlier and beside the main thread. A daemon: it never holds the
     * JVM up, and the halt at the end does not wait for it.
     */
    static void openClassPathEarly() {
        if (Runtime.version().feature() < 21) {
            return;
        }
        Thread t = new Thread("jns-classpath") { // not a lambda: no bootstrap method to link at start
            @Override
            public void run() {
                findLoggerFinders();
            }
        };
        t.setDaemon(true);
        t.start();
    }

    static void findLoggerFinders() {
        try {
            java.util.Enumeration<java.net.URL> e = ClassLoader.getSystemClassLoader()
                    .getResources("META-INF/services/java.lang.System$LoggerFinder");
            while (e.hasMoreElements()) {
                e.nextElement();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // only a head start: the lookup does its own search and reports what it finds
        }
    }

    /**
     * Ends the JVM with {@code rc}. With {@code quick}, System.out and System.err are flushed and
     * the JVM halts: on JDK 21 and later System.exit first looks up a System.Logger for
     * "java.lang.Runtime", and that lookup opens every jar of the class path in search of a
     * LoggerFinder service (about 10 ms of a 50 ms `jns oci validate` on JDK 25).
     */
    static void exit(int rc, boolean quick) {
        if (quick) {
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(rc);
        }
        System.exit(rc);
    }

    /** The launcher's training option: {@code --jns-train=GROUP}, one of {@link #TRAINING_GROUPS}. */
    static final String TRAIN = "--jns-train=";

    /**
     * The launcher's start-up caches, one per group of commands, each made by one training run of
     * what its commands do: {@code ls} (`jns ls` and `jns ls -t pid`), {@code exec} (enter's and
     * unshare's parse and native step), {@code help} (`jns --help`, `--version`, `ls --help`),
     * {@code oci-validate}, and {@code main} (all of those, for every other command). A cache that
     * holds only what its command loads starts faster: the JVM maps less, and on JDK 25 it loads
     * every class of the cache before main. One cache for all cost `jns ls -t pid` 15 ms on JDK 17
     * and 10 ms on JDK 25 (bench/RESULTS.md).
     */
    public static final java.util.List<String> TRAINING_GROUPS = java.util.List.of("ls", "exec", "help", "oci-validate", "main");

    /**
     * The training run of {@code group} (see {@link #TRAINING_GROUPS}): its commands run on this
     * host with their output to {@code out}; `jns oci validate` on a small bundle made in a
     * temporary directory and removed. Returns 0, or 2 for an unknown group.
     */
    public static int train(PrintWriter out, String group) {
        if (!TRAINING_GROUPS.contains(group)) {
            out.println("training: unknown group " + group + " (one of " + TRAINING_GROUPS + ")");
            out.flush();
            return 2;
        }
        boolean all = group.equals("main");
        if (all || group.equals("ls")) {
            run(out, "ls", "-t", "pid");
            run(out, "ls");
        }
        if (all || group.equals("help")) {
            // the help and version output: their classes (picocli's Help, the text layout) are
            // otherwise read from the jar at each `jns ls --help` (about 15 ms)
            run(out, "ls", "--help");
            run(out, "--help");
            run(out, "--version");
        }
        if (all || group.equals("exec")) {
            // enter's and unshare's models, parsed but not run (running needs a target and root),
            // and their native step once without a namespace: otherwise their classes are read
            // from the jar at every start (about 15 ms)
            for (String[] args : new String[][] {{"enter", "-t", "1", "-n", "--", "true"}, {"unshare", "-n", "--", "true"}}) {
                commandLine(new JnsCommand(), args).parseArgs(args);
            }
            dev.jns.cli.exec.EnterCommand.trainNativeStep(out);
        }
        if (all || group.equals("oci-validate")) {
            trainOciValidate(out);
        }
        out.flush();
        return 0;
    }

    private static void run(PrintWriter out, String... args) {
        CommandLine cl = commandLine(new JnsCommand(), args);
        cl.setOut(out);
        cl.setErr(out);
        cl.execute(args);
    }

    private static void trainOciValidate(PrintWriter out) {
        java.nio.file.Path dir = null;
        try {
            // a new directory by mkdir, not Files.createTempDirectory: its SecureRandom would put the
            // security providers' classes in every start-up cache (2 MB of the 12 of `oci validate`'s)
            java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
            for (int i = 0; dir == null; i++) {
                try {
                    dir = java.nio.file.Files.createDirectory(tmp.resolve("jns-train-" + Long.toHexString(System.nanoTime()) + "-" + i));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    if (i >= 100) {
                        throw e;
                    }
                }
            }
            java.nio.file.Path sh = dir.resolve("rootfs/bin/sh");
            java.nio.file.Files.createDirectories(sh.getParent());
            java.nio.file.Files.writeString(sh, "");
            // the shape of `runc spec`'s config (capabilities, rlimits, mounts with options, device
            // rules, masked paths), so that the classes a typical bundle needs are in the cache: one
            // class left out costs opening a jar at start (about 1.3 ms for the first)
            java.nio.file.Files.writeString(dir.resolve("config.json"), "{\"ociVersion\": \"1.2.0\", \"process\": {\"args\": [\"sh\"],"
                    + " \"cwd\": \"/\", \"env\": [\"PATH=/bin\", \"1X=y\"], \"terminal\": false, \"user\": {\"uid\": 0, \"gid\": 0},"
                    + " \"capabilities\": {\"bounding\": [\"CAP_KILL\"], \"effective\": [\"CAP_KILL\"], \"permitted\": [\"CAP_KILL\"],"
                    + " \"ambient\": [\"CAP_KILL\"]}, \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"hard\": 1024, \"soft\": 1024}],"
                    + " \"noNewPrivileges\": true}, \"root\": {\"path\": \"rootfs\", \"readonly\": true}, \"hostname\": \"t\","
                    + " \"mounts\": [{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},"
                    + " {\"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [\"nosuid\", \"strictatime\","
                    + " \"mode=755\", \"size=65536k\"]}, {\"destination\": \"/dev/pts\", \"type\": \"devpts\", \"source\": \"devpts\","
                    + " \"options\": [\"nosuid\", \"noexec\", \"newinstance\", \"ptmxmode=0666\", \"mode=0620\", \"gid=5\"]},"
                    + " {\"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\", \"options\": [\"nosuid\", \"ro\"]}],"
                    + " \"linux\": {\"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}], \"pids\": {\"limit\": 1024}},"
                    + " \"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"pid\"}, {\"type\": \"uts\"}, {\"type\": \"mount\"}],"
                    + " \"maskedPaths\": [\"/proc/kcore\"], \"readonlyPaths\": [\"/proc/sys\"]}}\n");
            Terminal.detect();   // what a real start does first (its classes in the cache); the output stays plain
            OciValidateFast.tryRun(new String[] {"oci", "validate", dir.toString()}, Terminal.plain(), out, out);
            // the JSON report and an unreadable path too: a class that only they need would be read
            // from its jar at start
            OciValidateFast.tryRun(new String[] {"oci", "validate", "--json", dir.toString()}, Terminal.plain(), out, out);
            OciValidateFast.tryRun(new String[] {"oci", "validate", dir.resolve("missing").toString()}, Terminal.plain(), out, out);
        } catch (java.io.IOException | RuntimeException e) {
            out.println("training: " + e);
        } finally {
            if (dir != null) {
                for (String f : new String[] {"rootfs/bin/sh", "rootfs/bin", "rootfs", "config.json", ""}) {
                    try {
                        java.nio.file.Files.deleteIfExists(dir.resolve(f));
                    } catch (java.io.IOException e) {
                        out.println("training: " + e);
                    }
                }
            }
        }
    }

    private static Integer fastPath(String[] args) {
        boolean oci = false;
        for (String a : args) {
            if (a.equals("oci")) {
                oci = true;
            }
        }
        if (!oci) {
            return null;
        }
        PrintWriter out = new PrintWriter(System.out);
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            Integer rc = OciValidateFast.tryRun(args, Terminal.detect(), out, err);
            out.flush();
            return rc;
        } catch (RuntimeException e) {
            out.flush();
            boolean debug = false;
            for (String a : args) {
                debug |= a.equals("--debug");
            }
            if (debug) {
                e.printStackTrace(err);
            }
            err.println("jns oci validate: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            return ExitCodes.FAILURE;
        }
    }

    /**
     * The configured command line: one-line errors, exit codes from {@link ExitCodes}, stack traces
     * only with {@code --debug}.
     */
    public static CommandLine commandLine(JnsCommand root) {
        return commandLine(root, null);
    }

    /**
     * The subcommands, by name, in the order of the help. Only the one a run names is built: each
     * costs start-up time.
     */
    public static final java.util.List<String> SUBCOMMANDS = java.util.List.of("ls", "enter", "unshare", "cgtop", "top", "cg", "oci", "help");

    /** A new user object of subcommand {@code name} (one of {@link #SUBCOMMANDS}). */
    public static Object newSubcommand(String name) {
        switch (name) {
            case "ls": return new LsCommand();
            case "enter": return new EnterCommand();
            case "unshare": return new UnshareCommand();
            case "cgtop": return new CgtopCommand();
            case "top": return new TopCommand();
            case "cg": return new CgCommand();
            case "oci": return new OciCommand();
            case "help": return new CommandLine.HelpCommand();
            default: throw new IllegalArgumentException(name);
        }
    }

    /**
     * The command line of {@code command}: from the model the build generated ({@link Models}), or,
     * in a build without one, from its annotations. {@code parent}: the user object of the command
     * it is under.
     */
    static CommandLine build(Object command, Object parent) {
        Models models = Models.generated();
        CommandSpec spec = models == null ? null : models.spec(command, parent);
        return new CommandLine(spec != null ? spec : command);
    }

    /** The first argument that is not a global option or its value: the subcommand's name. */
    static String subcommandName(String[] args) {
        int i = subcommandIndex(args);
        if (i >= 0) {
            for (String n : SUBCOMMANDS) {
                if (n.equals(args[i])) {
                    return n;
                }
            }
        }
        return null;
    }

    /** The index of the first argument that is not a global option or its value; -1 if none. */
    private static int subcommandIndex(String[] args) {
        if (args == null) {
            return -1;
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--proc-root") || a.equals("--sys-root")) {
                i++;
            } else if (!a.startsWith("-")) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The command line for {@code args}: only the subcommand they name is built (all for help, and
     * all when {@code args} is null).
     */
    public static CommandLine commandLine(JnsCommand root, String[] args) {
        CommandLine cl = build(root, null);
        String only = subcommandName(args);
        Models models = Models.generated();
        if (args != null && only == null && models != null) {
            // no subcommand named (--help, --version, none, an unknown word): the list of --help and
            // "did you mean" need only their names and summaries. (Without args, for a caller that
            // runs it with any: all of them, whole.)
            for (CommandSpec summary : models.summaries()) {
                cl.addSubcommand(summary.name(), new CommandLine(summary));
            }
        } else {
            for (String n : SUBCOMMANDS) {
                if (only == null || only.equals("help") || only.equals(n)) {
                    CommandLine sub = build(newSubcommand(n), root);
                    if (n.equals("enter") || n.equals("unshare")) {
                        // everything after the first non-option argument is the command and its options
                        sub.setStopAtPositional(true);
                    }
                    cl.addSubcommand(n, sub);
                }
            }
        }
        inheritVersion(cl, cl.getCommandSpec().version());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Anonymous classes, not lambdas: a lambda's bootstrap costs start-up time.
        cl.setParameterExceptionHandler(new CommandLine.IParameterExceptionHandler() {
            @Override
            public int handleParseException(ParameterException ex, String[] args) {
                return usageError(ex, root.terminal().utf8());
            }
        });
        cl.setExecutionExceptionHandler(new CommandLine.IExecutionExceptionHandler() {
            @Override
            public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
                return failure(ex, cmd, root);
            }
        });
        return cl;
    }

    /** `jns ls -V` and every subcommand's -V print jns's version, as `lsns -V` prints its own. */
    private static void inheritVersion(CommandLine cl, String[] version) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().version().length == 0) {
                sub.getCommandSpec().version(version);
            }
            inheritVersion(sub, version);
        }
    }

    /**
     * lsns's {@code -T[REL]}, {@code --tree[=REL]}: as with getopt, an optional value is only one
     * attached to its option, and the word after a bare {@code -T} is not its value: {@code jns ls
     * -T 4026531836} is the tree of that namespace, and {@code jns ls -T owner} a namespace named
     * "owner" (an error), as in lsns. picocli would take the next word as the value, so a bare
     * option of {@code jns ls} with an optional value and a fallback ({@code -T}, {@code --tree})
     * becomes {@code --tree=owner}. Which options take a separate value (whose value may read
     * "-T") comes from {@code cl}'s model of ls.
     */
    static String[] optionalValuesAttached(CommandLine cl, String[] args) {
        int ls = subcommandIndex(args);
        CommandLine sub = cl.getSubcommands().get("ls");
        if (ls < 0 || !args[ls].equals("ls") || sub == null) {
            return args;
        }
        CommandSpec spec = sub.getCommandSpec();
        String[] out = args;
        for (int i = ls + 1; i < args.length && !args[i].equals("--"); i++) {
            CommandLine.Model.OptionSpec o = spec.findOption(args[i]);
            if (o == null) {
                continue;
            }
            CommandLine.Range arity = o.arity();
            if (arity.min() == 0 && arity.max() == 1 && !o.fallbackValue().isEmpty()) {
                if (out == args) {
                    out = args.clone();
                }
                out[i] = o.longestName() + "=" + o.fallbackValue();
            } else {
                i += arity.min(); // its separate value(s), even one that reads "-T"
            }
        }
        return out;
    }

    /** Runs with the given terminal and writers; for tests. */
    public static int run(Terminal terminal, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(new JnsCommand(terminal), args);
        cl.setOut(out);
        cl.setErr(err);
        int rc = cl.execute(optionalValuesAttached(cl, args));
        out.flush();
        err.flush();
        return rc;
    }

    /** Messages name paths, cgroups and arguments that may hold control characters: escaped. */
    private static int usageError(ParameterException ex, boolean utf8) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + SafeText.escape(String.valueOf(ex.getMessage()), utf8)
                + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return ExitCodes.USAGE;
    }

    private static int failure(Exception ex, CommandLine cmd, JnsCommand root) {
        boolean debug = root.debug();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        boolean utf8 = root.terminal().utf8();
        if (debug) {
            java.io.StringWriter trace = new java.io.StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            for (String line : trace.toString().split("\n")) {
                // a trace's own indentation stays a tab; what the messages hold is escaped
                boolean tab = line.startsWith("\t");
                err.println((tab ? "\t" : "") + SafeText.escape(tab ? line.substring(1) : line, utf8));
            }
        }
        if (ex instanceof JnsException) {
            err.println(name + ": " + SafeText.escape(String.valueOf(ex.getMessage()), utf8));
            if (ex instanceof dev.jns.core.NotRegularFileException) {
                err.flush();
                return ExitCodes.USAGE; // unreadable input: a FIFO, device or link where a file belongs
            }
        } else {
            err.println(name + ": internal error: " + SafeText.escape(ex.toString(), utf8)
                    + (debug ? "" : " (run with --debug for details)"));
        }
        err.flush();
        return ExitCodes.FAILURE;
    }
}

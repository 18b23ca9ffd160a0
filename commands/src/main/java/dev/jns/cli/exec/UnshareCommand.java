package dev.jns.cli.exec;

import dev.jns.cli.output.ExitCodes;
import dev.jns.cli.output.Invocation;
import dev.jns.core.AccessDeniedException;
import dev.jns.core.JnsException;
import dev.jns.core.NamespaceType;
import dev.jns.core.cgroup.ExperimentCgroup;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * {@code jns unshare}: run a command in new namespaces, with util-linux unshare's options, plus
 * {@code --hostname} and resource limits for experiments ({@code --memory}, {@code --cpus},
 * {@code --pids}) in a cgroup that jns makes for the command and removes afterwards. Creating the
 * namespaces is done by jns's native helper (see {@link EnterCommand}).
 */
@Command(name = "unshare", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Run a command in new namespaces, with util-linux unshare's options.",
            "Beyond unshare: --hostname, and --memory/--cpus/--pids limits in a cgroup made for the command."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  jns unshare -p -f --mount-proc -- sh     a shell as PID 1 with its own /proc",
            "  jns unshare -n -- ip -o link             only lo",
            "  jns unshare -U -r -- id -u               root in a new user namespace, as any user",
            "  jns unshare -u --hostname lab -- hostname",
            "  jns unshare -p -f --mount-proc --memory 64M -- sh   with a memory limit",
            "  jns unshare -n=/run/netns/lab true       keep the network namespace (the file must exist)",
            "  jns unshare -U --map-users 0:100000:65536 --map-groups 0:100000:65536 -S 0 -G 0 -- sh",
            "",
            "Exit status: the command's; 128+N when it was killed by signal N (or jns got signal N",
            "before it started); 126/127 when it cannot be run / is not found; 2 usage error; 125",
            "when creating the namespaces or the cgroup failed (for example: not root; -U -r works",
            "without root)."})
public final class UnshareCommand implements Callable<Integer> {

    @ParentCommand
    Invocation root;

    @Spec
    CommandSpec spec;

    @Mixin
    NamespaceOptions namespaces = new NamespaceOptions(Map.of(
            NamespaceType.MNT, "New mount namespace.",
            NamespaceType.UTS, "New UTS namespace (hostname); =FILE keeps it by a bind mount.",
            NamespaceType.IPC, "New IPC namespace.",
            NamespaceType.NET, "New network namespace.",
            NamespaceType.PID, "New pid namespace (for the command's children, or with -f for the command).",
            NamespaceType.USER, "New user namespace.",
            NamespaceType.CGROUP, "New cgroup namespace.",
            NamespaceType.TIME, "New time namespace (see --monotonic, --boottime)."));

    @Option(names = {"-f", "--fork"}, description = "Fork: the command runs as a child (PID 1 of a new pid namespace).")
    boolean fork;

    @Option(names = "--mount-proc", arity = "0..1", paramLabel = "DIR", fallbackValue = "/proc",
            description = "Mount a new proc at DIR (default /proc) before running the command; implies -m.")
    String mountProc;

    @Option(names = {"-r", "--map-root-user"}, description = "Map the current user to root (implies -U).")
    boolean mapRoot;

    @Option(names = "--map-user", paramLabel = "UID", description = "Map the current user to UID, a number or a user name (implies -U).")
    String mapUser;

    @Option(names = "--map-group", paramLabel = "GID", description = "Map the current group to GID, a number or a group name (implies -U).")
    String mapGroup;

    @Option(names = "--map-users", paramLabel = "INNER:OUTER:COUNT",
            description = "Map a range of uids (repeatable; the old OUTER,INNER,COUNT form works too). Needs root.")
    List<String> mapUsers = new ArrayList<>();

    @Option(names = "--map-groups", paramLabel = "INNER:OUTER:COUNT", description = "Map a range of gids (repeatable). Needs root.")
    List<String> mapGroups = new ArrayList<>();

    @Option(names = {"-S", "--setuid"}, paramLabel = "UID",
            description = "Set the uid in the new namespaces, after the maps (e.g. -S 0 with --map-users).")
    Long setuid;

    @Option(names = {"-G", "--setgid"}, paramLabel = "GID",
            description = "Set the gid in the new namespaces, after the maps; drops supplementary groups.")
    Long setgid;

    @Option(names = "--setgroups", paramLabel = "allow|deny", description = "Allow or deny setgroups(2) in the user namespace.")
    String setgroups;

    @Option(names = "--propagation", paramLabel = "MODE", defaultValue = "private",
            description = "Propagation of / in a new mount namespace: private (default), shared, slave, unchanged.")
    String propagation;

    @Option(names = "--kill-child", arity = "0..1", paramLabel = "SIG", fallbackValue = "KILL",
            description = "When jns dies, send SIG (default KILL) to the command; implies -f.")
    String killChild;

    @Option(names = {"-R", "--root"}, paramLabel = "DIR", description = "Change root to DIR.")
    String rootDir;

    @Option(names = {"-w", "--wd"}, paramLabel = "DIR", description = "Change the working directory to DIR.")
    String wd;

    @Option(names = "--monotonic", paramLabel = "SECS", description = "CLOCK_MONOTONIC offset in a new time namespace (needs -T).")
    Long monotonic;

    @Option(names = "--boottime", paramLabel = "SECS", description = "CLOCK_BOOTTIME offset in a new time namespace (needs -T).")
    Long boottime;

    @Option(names = "--hostname", paramLabel = "NAME", description = "Set the hostname in the new UTS namespace (needs -u).")
    String hostname;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory limit, e.g. 64M, 1G (in a cgroup made for the command).")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU limit in CPUs, fractions allowed, e.g. 0.5.")
    Double cpus;

    @Option(names = "--pids", paramLabel = "N", description = "Limit on the number of processes and threads.")
    Integer pids;

    @Parameters(index = "0..*", paramLabel = "COMMAND", description = "The command and its arguments (default: $SHELL).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        Map<NamespaceType, String> ns = namespaces.given();
        if (mountProc != null) {
            ns.putIfAbsent(NamespaceType.MNT, AttachedOnly.NONE);
        }
        if (mapRoot || mapUser != null || mapGroup != null || !mapUsers.isEmpty() || !mapGroups.isEmpty()) {
            ns.putIfAbsent(NamespaceType.USER, AttachedOnly.NONE);
        }
        check(ns);

        NsexecArgs args = NsexecArgs.of("jns unshare");
        for (Map.Entry<NamespaceType, String> e : ns.entrySet()) {
            args.create(e.getKey());
            if (!AttachedOnly.NONE.equals(e.getValue())) {
                args.persist(e.getKey(), e.getValue());
            }
        }
        if (fork || killChild != null) {
            args.fork();
        }
        if (killChild != null) {
            args.killChild(signal(killChild));
        }
        if (mapRoot || mapUser != null) {
            args.mapUser(mapRoot ? 0 : account(mapUser, "--map-user", true));
        }
        if (mapRoot || mapGroup != null) {
            args.mapGroup(mapRoot ? 0 : account(mapGroup, "--map-group", false));
        }
        for (String r : mapUsers) {
            long[] range = range(r, "--map-users");
            args.uidRange(range[0], range[1], range[2]);
        }
        for (String r : mapGroups) {
            long[] range = range(r, "--map-groups");
            args.gidRange(range[0], range[1], range[2]);
        }
        if (setgroups != null) {
            args.setgroups(NsexecArgs.Setgroups.valueOf(setgroups.toUpperCase(Locale.ROOT)));
        }
        if (setuid != null) {
            args.uid(setuid);
        }
        if (setgid != null) {
            args.gid(setgid);
        }
        if (ns.containsKey(NamespaceType.MNT)) {
            args.propagation(NsexecArgs.Propagation.valueOf(propagation.toUpperCase(Locale.ROOT)));
        }
        if (hostname != null) {
            args.hostname(hostname);
        }
        if (rootDir != null) {
            args.root(rootDir);
        }
        if (wd != null) {
            args.wd(wd);
        }
        if (mountProc != null) {
            args.mountProc(mountProc);
        }
        if (monotonic != null) {
            args.monotonic(monotonic);
        }
        if (boottime != null) {
            args.boottime(boottime);
        }

        Long memoryLimit = memoryBytes();
        if (memoryLimit == null && cpus == null && pids == null) {
            return NativeStep.run(args.command(NativeStep.orShell(command)));
        }
        return runLimited(args, memoryLimit);
    }

    /**
     * With limits: reclaims stale experiment cgroups, makes this one, and hands it to the helper,
     * whose reaper (a process that outlives the command, and the JVM if it is killed) removes it
     * and says whether a limit ended the command. Signals before the helper runs stop the run
     * cleanly; after it ends, what the helper could not remove (it was killed, say) is removed here.
     */
    private int runLimited(NsexecArgs args, Long memoryLimit) throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        try (NativeStep step = NativeStep.begin()) {
            ExperimentCgroup limits;
            try {
                List<Path> stale = ExperimentCgroup.reclaim(root.cgroupFs(), root.procFs());
                if (!stale.isEmpty()) {
                    say(err, "removed " + (stale.size() == 1 ? "a stale cgroup" : stale.size() + " stale cgroups")
                            + " of jns runs that are gone: " + join(stale));
                }
                limits = ExperimentCgroup.create(root.cgroupFs(), root.procFs(), memoryLimit, cpus, pids, dir -> {
                    pauseForTests("mkdir", step, err);
                    if (step.early() != 0) {
                        throw new Stopped();
                    }
                });
            } catch (Stopped e) {
                return stoppedEarly(step, err);
            } catch (AccessDeniedException e) {
                boolean dir = e.path() != null && e.path().getFileName() != null
                        && e.path().getFileName().toString().startsWith(ExperimentCgroup.PREFIX);
                say(err, "cannot " + (dir ? "create cgroup " : "write ") + e.path()
                        + ": permission denied (limits need root or a delegated cgroup)");
                return ExitCodes.EXEC_FAILED;
            } catch (JnsException e) {
                say(err, e.getMessage());
                return ExitCodes.EXEC_FAILED;
            }
            int rc;
            try {
                pauseForTests("created", step, err);
                for (Path d : limits.dirs()) {
                    args.cgroup(d);
                }
                for (ExperimentCgroup.Event e : limits.events()) {
                    args.onEvent(e.file(), e.key(), e.message());
                }
                rc = step.start(args.command(NativeStep.orShell(command)));
            } finally {
                List<Path> left = limits.remove(); // nothing when the helper's reaper did it
                if (!left.isEmpty()) {
                    say(err, "cannot remove cgroup " + join(left) + ": still in use after "
                            + ExperimentCgroup.REMOVE_WAIT.toSeconds() + " s; left in place");
                }
            }
            return step.started() ? rc : stoppedEarly(step, err);
        }
    }

    /** Thrown from the creation when a signal came: it removes what it made. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private int stoppedEarly(NativeStep step, PrintWriter err) {
        int sig = step.early();
        String name = sig == 1 ? "SIGHUP" : sig == 2 ? "SIGINT" : sig == 15 ? "SIGTERM" : "signal " + sig;
        say(err, "got " + name + " before the command started: nothing was run, and its cgroup is removed");
        return 128 + sig;
    }

    /**
     * A test hook: with {@code -Djns.test.unsharePause=mkdir} (after each cgroup directory is made)
     * or {@code =created} (once all are, before the helper starts), jns says so on stderr and
     * waits, up to 30 s, for a signal, so that a test can send one exactly there.
     */
    private static void pauseForTests(String point, NativeStep step, PrintWriter err) {
        if (!point.equals(System.getProperty("jns.test.unsharePause"))) {
            return;
        }
        err.println("jns unshare: test pause: " + point);
        err.flush();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (step.early() == 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String join(List<Path> paths) {
        StringBuilder b = new StringBuilder();
        for (Path p : paths) {
            b.append(b.length() == 0 ? "" : ", ").append(p);
        }
        return b.toString();
    }

    private void say(PrintWriter err, String message) {
        err.println("jns unshare: " + message);
        err.flush();
    }

    private void check(Map<NamespaceType, String> ns) {
        if ((monotonic != null || boottime != null) && !ns.containsKey(NamespaceType.TIME)) {
            throw usage("options --monotonic and --boottime require a new time namespace (-T)");
        }
        if (hostname != null && !ns.containsKey(NamespaceType.UTS)) {
            throw usage("option --hostname requires a new UTS namespace (-u)");
        }
        if ("allow".equals(setgroups) && (mapRoot || mapGroup != null)) {
            throw usage("options --setgroups=allow and --map-group (or -r) are mutually exclusive");
        }
        if (setgroups != null && !setgroups.equals("allow") && !setgroups.equals("deny")) {
            throw usage("invalid --setgroups: '" + setgroups + "' (valid: allow, deny)");
        }
        if (!List.of("private", "shared", "slave", "unchanged").contains(propagation)) {
            throw usage("invalid --propagation: '" + propagation + "' (valid: private, shared, slave, unchanged)");
        }
        if (ns.isEmpty() && memory == null && cpus == null && pids == null) {
            throw usage("nothing to do: give namespace options (-m -u -i -n -p -U -C -T) or limits (--memory --cpus --pids)");
        }
        if ((!mapUsers.isEmpty() || !mapGroups.isEmpty()) && !root.asRoot()) {
            throw usage("--map-users and --map-groups need root (writing id ranges needs privilege in the parent"
                    + " user namespace); as an ordinary user, -r or --map-user/--map-group work");
        }
        if ((mapRoot || mapUser != null) && !mapUsers.isEmpty() || (mapRoot || mapGroup != null) && !mapGroups.isEmpty()) {
            throw usage("give either a single mapping (-r, --map-user, --map-group) or ranges (--map-users, --map-groups)");
        }
        for (Map.Entry<NamespaceType, String> e : ns.entrySet()) {
            if (!AttachedOnly.NONE.equals(e.getValue())) {
                if (!Files.isRegularFile(Path.of(e.getValue()))) {
                    throw usage("cannot keep the " + e.getKey().procName() + " namespace on " + e.getValue()
                            + ": the file must exist (touch it first)");
                }
                if ((e.getKey() == NamespaceType.PID || e.getKey() == NamespaceType.TIME) && !fork) {
                    throw usage("keeping a new " + e.getKey().procName() + " namespace needs --fork");
                }
            }
        }
        if (cpus != null && !(cpus > 0)) {
            throw usage("--cpus must be more than 0");
        }
        if (pids != null && pids <= 0) {
            throw usage("--pids must be more than 0");
        }
    }

    /** {@code INNER:OUTER:COUNT} (or the old {@code OUTER,INNER,COUNT}) as {inner, outer, count}. */
    /**
     * A uid or gid given as a number, or as a name that NSS knows (as util-linux unshare takes
     * {@code --map-user=nobody}); a usage error otherwise.
     */
    private long account(String value, String option, boolean user) {
        boolean digits = !value.isEmpty();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            digits &= c >= '0' && c <= '9';
        }
        if (digits) {
            try {
                long id = Long.parseLong(value);
                if (id <= 0xFFFFFFFEL) {
                    return id;
                }
            } catch (NumberFormatException ignored) {
                // below
            }
            throw usage("invalid " + option + ": '" + value + "' (at most 4294967294)");
        }
        java.util.OptionalLong id = user ? dev.jns.core.sys.Accounts.uid(value) : dev.jns.core.sys.Accounts.gid(value);
        if (id.isEmpty()) {
            // (the usage error's handler escapes the message)
            throw usage("invalid " + option + ": no " + (user ? "user" : "group") + " named '" + value + "'");
        }
        return id.getAsLong();
    }

    private long[] range(String r, String option) {
        String[] f = r.contains(":") ? r.split(":") : r.split(",");
        if (f.length == 3) {
            try {
                long a = Long.parseLong(f[0].trim());
                long b = Long.parseLong(f[1].trim());
                long n = Long.parseLong(f[2].trim());
                if (a >= 0 && b >= 0 && n > 0) {
                    return r.contains(":") ? new long[] {a, b, n} : new long[] {b, a, n};
                }
            } catch (NumberFormatException ignored) {
                // below
            }
        }
        throw usage("invalid " + option + ": '" + r + "' (expected INNER:OUTER:COUNT, e.g. 0:100000:65536)");
    }

    private Long memoryBytes() {
        if (memory == null) {
            return null;
        }
        String s = memory.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        if (last == 'B') {
            s = s.substring(0, s.length() - 1);
            last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        }
        switch (last) {
            case 'K' -> unit = 1L << 10;
            case 'M' -> unit = 1L << 20;
            case 'G' -> unit = 1L << 30;
            case 'T' -> unit = 1L << 40;
            default -> unit = 1;
        }
        if (unit > 1) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            double v = Double.parseDouble(s);
            if (!(v > 0)) {
                throw new NumberFormatException();
            }
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw usage("invalid --memory: '" + memory + "' (examples: 64M, 1.5G, 1048576)");
        }
    }

    private int signal(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.startsWith("SIG")) {
            n = n.substring(3);
        }
        switch (n) {
            case "KILL": return 9;
            case "TERM": return 15;
            case "INT": return 2;
            case "HUP": return 1;
            case "QUIT": return 3;
            case "USR1": return 10;
            case "USR2": return 12;
            default:
                try {
                    int v = Integer.parseInt(n);
                    if (v > 0 && v < 65) {
                        return v;
                    }
                } catch (NumberFormatException ignored) {
                    // below
                }
                throw usage("invalid --kill-child signal: '" + name + "' (e.g. KILL, TERM, 9)");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

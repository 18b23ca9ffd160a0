package dev.jns.cli.exec;

import dev.jns.core.NotFoundException;
import dev.jns.core.NamespaceType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The argument list of jns's native helper, {@code jns-nsexec}: the one place that knows its
 * flags. The protocol is the usage comment at the top of {@code src/main/c/jns-nsexec.c}; a
 * change there is a change here, and NsexecArgsTest pins each method to its words.
 *
 * <p>{@code jns enter} and {@code jns unshare} say what they want with one method a flag, in the
 * order the helper is to see them, and end with {@link #command}. Values pass as given: a file or
 * directory the user named is the user's text (the helper opens it before the first setns, so a
 * relative path is relative to jns's working directory).
 */
public final class NsexecArgs {

    /** setgroups(2) in a new user namespace ({@code --setgroups}). */
    public enum Setgroups { ALLOW, DENY }

    /** How the root of a new mount namespace propagates ({@code --propagation}). */
    public enum Propagation { PRIVATE, SHARED, SLAVE, UNCHANGED }

    private final List<String> argv = new ArrayList<>();
    private boolean ended;

    /**
     * @param helper the helper's executable
     * @param prog   how the helper names itself in its messages, e.g. {@code jns enter}
     */
    public NsexecArgs(Path helper, String prog) {
        argv.add(helper.toString());
        add("--prog", prog);
    }

    /** For the helper next to jns's jar ({@link #helper()}). */
    public static NsexecArgs of(String prog) {
        return new NsexecArgs(helper(), prog);
    }

    /** The helper next to jns's jar (or classes directory); {@code -Djns.nsexec=PATH} overrides it. */
    public static Path helper() {
        String override = System.getProperty("jns.nsexec");
        if (override != null) {
            return Path.of(override);
        }
        try {
            Path code = Path.of(NsexecArgs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path h = code.getParent().resolve("jns-nsexec");
            if (!Files.isExecutable(h)) {
                throw new NotFoundException(h, "the native helper " + h + " is missing: build jns with gcc installed"
                        + " (mvn -DskipTests package)");
            }
            return h;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // Entering (jns enter).

    /** Join the namespace in {@code file}, a {@code /proc/PID/ns/TYPE} file or a bind mount of one. */
    public NsexecArgs join(NamespaceType type, String file) {
        return add("--ns", type.procName() + "=" + file);
    }

    /** Keep uid and gid when joining a user namespace (nsenter's {@code --preserve-credentials}). */
    public NsexecArgs keepCredentials() {
        return add("--keep-credentials");
    }

    /** Change to {@code dir} as seen inside the joined namespaces (nsenter's {@code -W}). */
    public NsexecArgs wdns(String dir) {
        return add("--wdns", dir);
    }

    /** Run the command with the environment in {@code file} (a /proc/PID/environ), made safe. */
    public NsexecArgs environ(Path file) {
        return add("--environ", file.toString());
    }

    /** Run the command with the environment in {@code file} as it is, looked up with its PATH (nsenter -e). */
    public NsexecArgs environAsIs(Path file) {
        return add("--environ", file.toString()).add("--env-unsafe");
    }

    /** Say on stderr what the environment left out ({@code --debug}). */
    public NsexecArgs verbose() {
        return add("--verbose");
    }

    /** Move the command into a cgroup by writing its pid to {@code file}, that cgroup's cgroup.procs. */
    public NsexecArgs cgroupProcs(Path file) {
        return add("--cgroup-procs", file.toString());
    }

    // Creating (jns unshare).

    /** Create a namespace of this type. */
    public NsexecArgs create(NamespaceType type) {
        return add("--new", type.procName());
    }

    /** Keep the new namespace of this type by a bind mount on {@code file}, which must exist. */
    public NsexecArgs persist(NamespaceType type, String file) {
        return add("--persist", type.procName() + "=" + file);
    }

    /** Map the caller's uid to {@code uid} in the new user namespace. */
    public NsexecArgs mapUser(long uid) {
        return add("--map-user", Long.toString(uid));
    }

    /** Map the caller's gid to {@code gid} in the new user namespace. */
    public NsexecArgs mapGroup(long gid) {
        return add("--map-group", Long.toString(gid));
    }

    /** Map {@code count} uids from {@code outer} to {@code inner} on (a line of uid_map). */
    public NsexecArgs uidRange(long inner, long outer, long count) {
        return add("--uid-range", inner + " " + outer + " " + count);
    }

    /** Map {@code count} gids from {@code outer} to {@code inner} on (a line of gid_map). */
    public NsexecArgs gidRange(long inner, long outer, long count) {
        return add("--gid-range", inner + " " + outer + " " + count);
    }

    public NsexecArgs setgroups(Setgroups mode) {
        return add("--setgroups", mode.name().toLowerCase(Locale.ROOT));
    }

    public NsexecArgs propagation(Propagation mode) {
        return add("--propagation", mode.name().toLowerCase(Locale.ROOT));
    }

    /** The hostname in the new UTS namespace. */
    public NsexecArgs hostname(String name) {
        return add("--hostname", name);
    }

    /** Mount a new proc on {@code dir} in the new mount namespace. */
    public NsexecArgs mountProc(String dir) {
        return add("--mount-proc", dir);
    }

    /** Send {@code signal} to the command when the helper's parent (jns) dies. */
    public NsexecArgs killChild(int signal) {
        return add("--kill-child", Integer.toString(signal));
    }

    /** CLOCK_MONOTONIC offset in the new time namespace. */
    public NsexecArgs monotonic(long seconds) {
        return add("--monotonic", Long.toString(seconds));
    }

    /** CLOCK_BOOTTIME offset in the new time namespace. */
    public NsexecArgs boottime(long seconds) {
        return add("--boottime", Long.toString(seconds));
    }

    /** Run the command in the cgroup {@code dir}, which the helper's reaper removes afterwards (repeatable). */
    public NsexecArgs cgroup(Path dir) {
        return add("--cgroup", dir.toString());
    }

    /** Once the command ended, say {@code message} if counter {@code key} in {@code file} is above 0 (repeatable). */
    public NsexecArgs onEvent(Path file, String key, String message) {
        return add("--on-event", file.toString(), key, message);
    }

    // Both.

    /** Fork: the command runs in a child (needed to be in a joined or new pid namespace). */
    public NsexecArgs fork() {
        return add("--fork");
    }

    /** Change root to {@code dir}. */
    public NsexecArgs root(String dir) {
        return add("--root", dir);
    }

    /** Change the working directory to {@code dir}. */
    public NsexecArgs wd(String dir) {
        return add("--wd", dir);
    }

    /** Set the uid before running the command. */
    public NsexecArgs uid(long uid) {
        return add("--uid", Long.toString(uid));
    }

    /** Set the gid (and drop supplementary groups) before running the command. */
    public NsexecArgs gid(long gid) {
        return add("--gid", Long.toString(gid));
    }

    /** Ends the list with {@code -- COMMAND [ARG]...}; nothing can be added after it. */
    public NsexecArgs command(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        add("--");
        argv.addAll(command);
        ended = true;
        return this;
    }

    /** The helper's argv, its path first; the command must have been given. */
    public List<String> argv() {
        if (!ended) {
            throw new IllegalStateException("no command given");
        }
        return List.copyOf(argv);
    }

    private NsexecArgs add(String... words) {
        if (ended) {
            throw new IllegalStateException("the command is given: " + words[0] + " would be one of its arguments");
        }
        for (String w : words) {
            argv.add(w);
        }
        return this;
    }
}

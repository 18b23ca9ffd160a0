package dev.jns.core.cgroup;

import dev.jns.core.NotFoundException;
import dev.jns.core.ReadException;
import dev.jns.core.internal.PseudoFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The cgroup of a systemd-machined machine (a container or VM), for {@code systemd-cgtop -M NAME}.
 * systemd-cgtop reads the machine's scope unit from machined's state file
 * {@code /run/systemd/machines/NAME} ({@code SCOPE=machine-NAME.scope}), then asks systemd over
 * D-Bus for that unit's cgroup. jns reads the same file and finds the scope's cgroup in the tree
 * ({@code /machine.slice/SCOPE} first, where machined puts it); without the file (machined not
 * running, or /run not visible), it takes the scope machined would have made,
 * {@code /machine.slice/machine-NAME.scope} with NAME escaped as a unit name, when that cgroup
 * exists. No D-Bus and no process: nothing is run.
 */
public final class MachineCgroup {
    /** Where machined keeps its machines, below the root. */
    public static final String STATE_DIR = "run/systemd/machines";

    private static final int MAX_STATE_BYTES = 64 * 1024;

    private MachineCgroup() {}

    /**
     * The cgroup path of machine {@code name}.
     *
     * @param fs   the cgroups
     * @param root the file system root that {@code /run} is under (the {@code --sys-root})
     * @throws IllegalArgumentException when {@code name} is not a valid machine name
     * @throws NotFoundException        when there is no such machine, or its scope has no cgroup
     * @throws ReadException            when the state file cannot be read
     */
    public static String of(CgroupFs fs, Path root, String name) {
        if (!validName(name)) {
            throw new IllegalArgumentException("invalid machine name: '" + name + "'");
        }
        Path state = root.resolve(STATE_DIR).resolve(name);
        Optional<String> text;
        try {
            text = PseudoFiles.optionalText(state, MAX_STATE_BYTES);
        } catch (IOException e) {
            throw new ReadException(state, e);
        }
        if (text.isEmpty()) {
            String guess = "/machine.slice/" + scopeName(name);
            if (fs.exists(guess)) {
                return guess;
            }
            throw new NotFoundException(state, "no such machine: " + name + " (no " + state
                    + ": is systemd-machined running? and no cgroup " + guess + ")");
        }
        String scope = value(text.get(), "SCOPE");
        if (scope == null || scope.isEmpty() || scope.contains("/") || scope.equals(".") || scope.equals("..")) {
            throw new NotFoundException(state, "machine " + name + " has no scope in " + state);
        }
        String usual = "/machine.slice/" + scope;
        if (fs.exists(usual)) {
            return usual;
        }
        for (String p : fs.tree(CgroupPath.ROOT, CgroupFs.ALL_LEVELS)) {
            if (CgroupPath.name(p).equals(scope)) {
                return p;
            }
        }
        throw new NotFoundException(state, "machine " + name + ": no cgroup of its scope " + scope);
    }

    /**
     * machined's rule ({@code machine_name_is_valid}: a host name): 1 to 64 characters, letters,
     * digits, {@code -}, {@code _} and {@code .}, not {@code .} or {@code ..}, no empty label.
     */
    static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 64 || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The scope machined makes for {@code name}: {@code machine-} and the name escaped as
     * systemd's {@code unit_name_escape} does ({@code -} as {@code \x2d}, a leading {@code .} as
     * {@code \x2e}), then {@code .scope}: {@code my-vm} is {@code machine-my\x2dvm.scope}.
     */
    static String scopeName(String name) {
        StringBuilder b = new StringBuilder("machine-");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ':' || c == '_'
                    || c == '.' && i > 0;
            if (plain) {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", (int) c));
            }
        }
        return b.append(".scope").toString();
    }

    /** The value of {@code KEY=value} in an environment-style file, or null. */
    private static String value(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        return null;
    }
}

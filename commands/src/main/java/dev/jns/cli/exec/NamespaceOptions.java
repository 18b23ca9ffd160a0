package dev.jns.cli.exec;

import dev.jns.core.NamespaceType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * The eight namespace options of {@code jns enter} and {@code jns unshare}, a picocli mixin:
 * {@code -m -u -i -n -p -U -C -T} and their long names, each with an optional FILE taken only
 * when attached ({@link AttachedOnly}). In enter FILE is the namespace to join (without it, the
 * target's), in unshare the file that keeps the new namespace (without it, none).
 *
 * <p>The options are made here, from one table, and only their help lines come from the command
 * (enter joins, unshare creates), through the constructor. Annotations cannot take a command's
 * words, so the options are built with picocli's model API when picocli hands this mixin the
 * command it is in ({@code @Spec(MIXEE)}): at that moment they go in where the {@code @Mixin}
 * field stands, and the help lists them there. (The empty {@code @Command} lets picocli take a
 * mixin without annotated options; it adds nothing to the command.)
 */
@Command
public final class NamespaceOptions {

    /** The options in the order of the help: type, short and long name. */
    private static final NamespaceType[] TYPES = {NamespaceType.MNT, NamespaceType.UTS, NamespaceType.IPC,
        NamespaceType.NET, NamespaceType.PID, NamespaceType.USER, NamespaceType.CGROUP, NamespaceType.TIME};
    private static final String[] SHORT = {"-m", "-u", "-i", "-n", "-p", "-U", "-C", "-T"};
    private static final String[] LONG = {"--mount", "--uts", "--ipc", "--net", "--pid", "--user", "--cgroup", "--time"};

    private final Map<NamespaceType, String> help;
    private final Map<NamespaceType, OptionSpec> options = new EnumMap<>(NamespaceType.class);

    /** @param help each option's help line, by type (all eight) */
    NamespaceOptions(Map<NamespaceType, String> help) {
        for (NamespaceType t : TYPES) {
            Objects.requireNonNull(help.get(t), t.procName());
        }
        this.help = help;
    }

    /** Called by picocli with the command this mixin is in, as it reaches the mixin: adds the options. */
    @Spec(Spec.Target.MIXEE)
    void addTo(CommandSpec command) {
        AttachedOnly attachedOnly = new AttachedOnly();
        for (int i = 0; i < TYPES.length; i++) {
            OptionSpec o = OptionSpec.builder(SHORT[i], LONG[i]).type(String.class).arity("0..1").paramLabel("FILE")
                    .preprocessor(attachedOnly).description(help.get(TYPES[i])).build();
            command.addOption(o);
            options.put(TYPES[i], o);
        }
    }

    /**
     * The options given, by type, in the helper's order (user ipc uts net pid mnt cgroup time):
     * FILE, or {@link AttachedOnly#NONE} when given without one.
     */
    Map<NamespaceType, String> given() {
        Map<NamespaceType, String> given = new EnumMap<>(NamespaceType.class);
        for (Map.Entry<NamespaceType, OptionSpec> e : options.entrySet()) {
            String value = e.getValue().getValue();
            if (value != null) {
                given.put(e.getKey(), value);
            }
        }
        return given;
    }
}

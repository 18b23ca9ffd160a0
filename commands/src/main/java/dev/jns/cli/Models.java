package dev.jns.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command models that the build writes as code ({@link ModelGenerator}), so that a start reads
 * no annotation: picocli's annotation path costs a run-time proxy class per annotation type and a
 * reflective walk of every field (about 45 ms of an 87 ms {@code jns ls -t pid}, issue 14). The
 * annotations stay the source; a build without the generated class ({@code GeneratedModels}, as in
 * an IDE that skips the build's {@code process-classes} phase) falls back to them.
 */
public interface Models {

    /**
     * The model of {@code command} with its options bound to its fields, its {@code @Spec} and
     * {@code @ParentCommand} fields set ({@code parent}: the user object of the command it is under,
     * or null) and its own subcommands added; null when this build has no model for its class.
     */
    CommandSpec spec(Object command, Object parent);

    /**
     * For each subcommand of {@code jns}, in the order of the help, a model with only what the
     * command list of {@code jns --help} shows (name, aliases, header, description, hidden): enough
     * for the list and for "did you mean" when no subcommand is named.
     */
    List<CommandSpec> summaries();

    /** The generated models, or null when this build has none. */
    static Models generated() {
        return Holder.MODELS;
    }

    /** Loaded once, on first use. */
    final class Holder {
        static final Models MODELS = load();

        private Holder() {}

        private static Models load() {
            try {
                return (Models) Class.forName("dev.jns.cli.GeneratedModels").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }
    }
}

package dev.jns.cli.output;

import dev.jns.core.Units;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the commands that refresh ({@code jns cgtop}, {@code jns top}) share: the {@code -d}
 * option, a mixin, and the checks of their counts ({@code --depth}, {@code --iterations}), each
 * with one message.
 */
public final class RefreshOptions {
    @Option(names = {"-d", "--delay"}, paramLabel = "DELAY", defaultValue = "1s",
            description = "Time between refreshes: 500ms, 2s, 1.5 (seconds). Default: ${DEFAULT-VALUE}.")
    String delay;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /**
     * The delay in nanoseconds.
     *
     * @throws ParameterException {@code invalid --delay: ...} when it is not a positive duration
     */
    public long delayNanos() {
        try {
            return Units.durationNanos(delay);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), "invalid --delay: " + e.getMessage());
        }
    }

    /**
     * The first interval of a batch run, shorter than the delay (at most 200 ms), so that the first
     * refresh printed already has rates: rates need two samples.
     */
    public long firstIntervalNanos() {
        return Math.min(delayNanos(), 200_000_000L);
    }

    /**
     * {@code value} of {@code option}, when it is {@code min} or more.
     *
     * @throws ParameterException {@code OPTION must be MIN or more}
     */
    public static int atLeast(CommandSpec spec, String option, int value, int min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + " must be " + min + " or more");
        }
        return value;
    }
}

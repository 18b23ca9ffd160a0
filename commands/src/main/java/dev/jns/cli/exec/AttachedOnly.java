package dev.jns.cli.exec;

import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * For an option with an optional value ({@code arity = "0..1"}): the value is taken only when it
 * is attached ({@code -n=FILE}, {@code --net=FILE}, {@code -nFILE}), as getopt's {@code n::}; a
 * separate word is the next option or the command. Given without a value, the option holds
 * {@link #NONE}.
 */
final class AttachedOnly implements IParameterPreprocessor {

    /** The value of an option given without one: the target's own (enter), a new one not kept (unshare). */
    static final String NONE = "\u0000none";

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec argSpec, Map<String, Object> info) {
        if (" ".equals(info.get("separator"))) {
            args.push(NONE);
        }
        return false;
    }
}

package dev.jns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.cli.output.Terminal;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The models the build generated ({@link ModelGenerator}) are the models picocli makes from the
 * annotations: for every command, the same usage help and the same value of every attribute of
 * every option and positional parameter.
 */
class ModelEquivalenceTest {

    /** What binds a value or caches parse state, and so differs between two models by design. */
    private static final Set<String> RUNTIME = Set.of("userObject", "annotatedElement", "getter", "setter", "scope",
            "typeInfo", "initialValueState", "originalDefaultValue", "originalMapFallbackValue", "originalFallbackValue",
            "messages", "commandSpec", "group", "stringValues", "originalStringValues", "typedValues", "valueIsDefaultValue",
            "root", "negatedOptionsByNameMap",
            "builderCapacity"); // what a builder was given; the capacity picocli derives from it is compared

    @Test
    void theBuildGeneratedTheModels() {
        assertNotNull(Models.generated(), "dev.jns.cli.GeneratedModels is missing: the build's process-classes phase did not run");
    }

    @Test
    void everyCommandHasTheModelOfItsAnnotations() {
        Models models = Models.generated();
        assertNotNull(models);
        JnsCommand annotatedRoot = new JnsCommand(Terminal.plain());
        CommandLine annotated = new CommandLine(annotatedRoot);
        JnsCommand generatedRoot = new JnsCommand(Terminal.plain());
        CommandLine generated = new CommandLine(models.spec(generatedRoot, null));
        for (String n : Main.SUBCOMMANDS) {
            annotated.addSubcommand(n, Main.newSubcommand(n));
            Object sub = Main.newSubcommand(n);
            CommandSpec spec = models.spec(sub, generatedRoot);
            if (n.equals("help")) {
                assertEquals(null, spec, "help is picocli's own command, built from its annotations");
                generated.addSubcommand(n, sub);
            } else {
                assertNotNull(spec, n);
                generated.addSubcommand(n, new CommandLine(spec));
            }
        }
        List<String> compared = new ArrayList<>();
        compare(annotated, generated, compared);
        assertEquals(List.of("jns", "jns ls", "jns enter", "jns unshare", "jns cgtop", "jns top", "jns cg", "jns cg ls",
                "jns cg show", "jns oci", "jns oci validate", "jns oci inspect", "jns oci spec", "jns help"), compared);
    }

    @Test
    void theParentAndTheSpecAreInjected() throws Exception {
        Models models = Models.generated();
        JnsCommand root = new JnsCommand(Terminal.plain());
        CommandLine cl = new CommandLine(models.spec(root, null));
        Object cg = Main.newSubcommand("cg");
        cl.addSubcommand("cg", new CommandLine(models.spec(cg, root)));
        dev.jns.cli.output.CommandGroup group = (dev.jns.cli.output.CommandGroup) cg;
        assertTrue(group.root() == root, "cg's @ParentCommand");
        assertTrue(group.spec() == cl.getSubcommands().get("cg").getCommandSpec(), "cg's @Spec");
        Object ls = cl.getSubcommands().get("cg").getSubcommands().get("ls").getCommand();
        Field parent = ls.getClass().getDeclaredField("cg");
        parent.setAccessible(true);
        assertTrue(parent.get(ls) == cg, "cg ls's @ParentCommand is cg");
    }

    @Test
    void barHelpListsTheSubcommandsAsTheFullModelDoes() {
        JnsCommand full = new JnsCommand(Terminal.plain());
        CommandLine annotated = new CommandLine(full);
        for (String n : Main.SUBCOMMANDS) {
            annotated.addSubcommand(n, Main.newSubcommand(n));
        }
        CommandLine quick = Main.commandLine(new JnsCommand(Terminal.plain()), new String[] {"--help"});
        assertEquals(annotated.getUsageMessage(CommandLine.Help.Ansi.OFF), quick.getUsageMessage(CommandLine.Help.Ansi.OFF));
        assertEquals(Main.SUBCOMMANDS, new ArrayList<>(quick.getSubcommands().keySet()));
    }

    @Test
    void theCommandLineWithoutArgumentsHoldsEverySubcommandWhole() {
        CommandLine all = Main.commandLine(new JnsCommand(Terminal.plain()));
        assertEquals(Main.SUBCOMMANDS, new ArrayList<>(all.getSubcommands().keySet()));
        // whole: ls has its options, not only a summary
        assertNotNull(all.getSubcommands().get("ls").getCommandSpec().findOption("--type"));
        assertTrue(all.getSubcommands().get("ls").getCommand() instanceof dev.jns.cli.ns.LsCommand);
    }

    @Test
    void parsingSetsTheSameFields() throws Exception {
        String[][] runs = {
            {"ls", "-t", "pid,net", "-o", "+PATH", "-T", "--proc-root", "/x", "4026531836"},
            {"enter", "-t", "1", "-n", "-m/run/x", "-r", "--", "ip", "a"},
            {"unshare", "-n", "--memory", "64M", "-r", "sh", "-c", "true"},
            {"cgtop", "-d", "2s", "-b", "-n", "3"},
            {"top", "-b", "-d", "500ms"},
            {"oci", "validate", "--json", "/b"},
            {"cg", "show", "--json", "1"},
        };
        for (String[] args : runs) {
            assertEquals(fields(parse(args, false)), fields(parse(args, true)), String.join(" ", args));
        }
    }

    /** The user objects of the commands a parse reached, with their field values. */
    private static List<Object> parse(String[] args, boolean generated) {
        JnsCommand root = new JnsCommand(Terminal.plain());
        CommandLine cl;
        if (generated) {
            cl = Main.commandLine(root, args);
        } else {
            cl = new CommandLine(root);
            Object sub = Main.newSubcommand(args[0]);
            CommandLine s = new CommandLine(sub);
            if (args[0].equals("enter") || args[0].equals("unshare")) {
                s.setStopAtPositional(true);
            }
            cl.addSubcommand(args[0], s);
        }
        List<Object> objects = new ArrayList<>();
        for (CommandLine c : cl.parseArgs(args).asCommandLineList()) {
            objects.add(c.getCommand());
        }
        return objects;
    }

    private static List<String> fields(List<Object> objects) throws IllegalAccessException {
        List<String> out = new ArrayList<>();
        for (Object o : objects) {
            for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType() == CommandSpec.class || f.getType() == Terminal.class) {
                        continue;
                    }
                    if (f.isAnnotationPresent(CommandLine.Option.class) || f.isAnnotationPresent(CommandLine.Parameters.class)) {
                        f.setAccessible(true);
                        out.add(c.getSimpleName() + "." + f.getName() + "=" + render(f.get(o)));
                    } else if (f.isAnnotationPresent(CommandLine.Mixin.class)) {
                        f.setAccessible(true);
                        Object m = f.get(o);
                        for (Field mf : m.getClass().getDeclaredFields()) {
                            if (mf.isAnnotationPresent(CommandLine.Option.class)) {
                                mf.setAccessible(true);
                                out.add(c.getSimpleName() + "." + f.getName() + "." + mf.getName() + "=" + render(mf.get(m)));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void compare(CommandLine a, CommandLine g, List<String> compared) {
        CommandSpec as = a.getCommandSpec();
        CommandSpec gs = g.getCommandSpec();
        String what = as.qualifiedName();
        compared.add(what);
        assertEquals(as.qualifiedName(), gs.qualifiedName());
        assertEquals(a.getUsageMessage(CommandLine.Help.Ansi.OFF), g.getUsageMessage(CommandLine.Help.Ansi.OFF), what + ": usage");
        assertEquals(Arrays.asList(as.aliases()), Arrays.asList(gs.aliases()), what);
        assertEquals(Arrays.asList(as.version()), Arrays.asList(gs.version()), what);
        assertEquals(as.helpCommand(), gs.helpCommand(), what);
        assertEquals(dump(as.usageMessage(), UsageMessageSpec.class), dump(gs.usageMessage(), UsageMessageSpec.class), what + ": usage attributes");
        assertEquals(dump(as.parser(), as.parser().getClass()), dump(gs.parser(), gs.parser().getClass()), what + ": parser");
        List<Map<String, String>> ao = args(as.options());
        List<Map<String, String>> go = args(gs.options());
        for (int i = 0; i < Math.min(ao.size(), go.size()); i++) {
            assertEquals(ao.get(i), go.get(i), what + ": option " + i);
        }
        assertEquals(ao.size(), go.size(), what + ": options");
        assertEquals(args(as.positionalParameters()), args(gs.positionalParameters()), what + ": positional parameters");
        assertEquals(as.subcommands().keySet(), gs.subcommands().keySet(), what + ": subcommands");
        for (String n : as.subcommands().keySet()) {
            compare(as.subcommands().get(n), gs.subcommands().get(n), compared);
        }
    }

    private static List<Map<String, String>> args(List<? extends ArgSpec> list) {
        List<Map<String, String>> out = new ArrayList<>();
        for (ArgSpec a : list) {
            Map<String, String> d = dump(a, a.getClass());
            d.put("hasInitialValue()", String.valueOf(a.hasInitialValue()));
            d.put("initialValue()", render(a.initialValue()));
            d.put("typeInfo.multiValue", String.valueOf(a.typeInfo().isMultiValue()));
            d.put("typeInfo.className", a.typeInfo().getClassName());
            d.put("typeInfo.auxiliary", String.valueOf(a.typeInfo().getAuxiliaryTypeInfos().size()));
            d.put("typeInfo.optional", String.valueOf(a.typeInfo().isOptional()));
            out.add(d);
        }
        return out;
    }

    /** Every field of {@code o}'s class and superclasses but the {@link #RUNTIME} ones, as text. */
    private static Map<String, String> dump(Object o, Class<?> type) {
        Map<String, String> d = new TreeMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || RUNTIME.contains(f.getName())
                        || c == UsageMessageSpec.class && Set.of("helpSectionRendererMap", "interpolator", "exitCodeList",
                                "exitCodeListStrings", "cachedTerminalWidth", "width").contains(f.getName())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    d.put(c.getSimpleName() + "." + f.getName(), render(f.get(o)));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    d.put(c.getSimpleName() + "." + f.getName(), "unreadable: " + e);
                }
            }
        }
        if (o instanceof UsageMessageSpec) {
            d.put("exitCodeList()", String.valueOf(((UsageMessageSpec) o).exitCodeList()));
            d.put("width()", String.valueOf(((UsageMessageSpec) o).width()));
        }
        return d;
    }

    private static String render(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number || v instanceof Character
                || v instanceof Enum || v instanceof CommandLine.Range || v instanceof java.nio.file.Path) {
            return String.valueOf(v);
        } else if (v instanceof Object[]) {
            List<String> l = new ArrayList<>();
            for (Object e : (Object[]) v) {
                l.add(render(e));
            }
            return l.toString();
        } else if (v instanceof Class) {
            return ((Class<?>) v).getName();
        } else if (v instanceof Map) {
            return String.valueOf(new TreeMap<>((Map<?, ?>) v).keySet());
        } else if (v instanceof Iterable) {
            List<String> l = new ArrayList<>();
            for (Object e : (Iterable<?>) v) {
                l.add(render(e));
            }
            return l.toString();
        }
        return v.getClass().getName(); // a preprocessor, a binding: its kind
    }
}

package dev.jns.cli;

import dev.jns.cli.output.Terminal;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Range;
import picocli.CommandLine.Spec;

/**
 * Writes, at build time, the code that builds each jns command's picocli model without reading an
 * annotation ({@link Models}), and compiles it into the classes directory.
 *
 * <p>It builds every command through picocli's annotation path, walks the model picocli made, and
 * writes code that makes the same model with picocli's programmatic API: per class {@code X} with
 * annotated fields, an {@code XModel} in {@code X}'s package that binds the fields directly (no
 * reflection) and builds the command. What it cannot reproduce (argument groups, annotated methods,
 * converters, parameter consumers, interactive options, providers, private fields) stops the build
 * with a message: the model must be the same, or there is none. ModelEquivalenceTest compares both
 * paths' usage help and every attribute of every option.
 *
 * <p>Usage: {@code ModelGenerator SOURCE_DIR CLASSES_DIR}.
 */
public final class ModelGenerator {
    private static final String AUTO_HELP = "picocli.CommandLine$AutoHelpMixin";

    private final Map<Class<?>, ModelClass> models = new LinkedHashMap<>();
    private final List<Class<?>> commands = new ArrayList<>();

    private ModelGenerator() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ModelGenerator SOURCE_DIR CLASSES_DIR");
        }
        System.setProperty("picocli.disable.closures", "true");
        Path src = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        ModelGenerator g = new ModelGenerator();
        Map<String, String> sources = g.generate();
        deleteTree(src); // no source of a command that is gone
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f);
        }
        compile(files, classes);
    }

    /** The generated sources, by class name. */
    Map<String, String> generate() throws ReflectiveOperationException {
        commandModel(JnsCommand.class);
        StringBuilder summaryCode = new StringBuilder();
        for (String name : Main.SUBCOMMANDS) {
            Object user = Main.newSubcommand(name);
            CommandSpec spec = new CommandLine(user).getCommandSpec();
            summaryCode.append(summary(name, spec));
            if (!name.equals("help")) {
                commandModel(user.getClass());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (ModelClass m : models.values()) {
            out.put(m.modelName(), m.source());
        }
        out.put("dev.jns.cli.GeneratedModels", dispatcher(summaryCode.toString()));
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (var s = Files.walk(dir)) {
            all = new ArrayList<>(s.toList());
        }
        java.util.Collections.reverse(all); // children before their directory
        for (Path p : all) {
            Files.delete(p);
        }
    }

    private static void compile(List<Path> files, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler: run the build with a JDK");
        }
        List<String> argv = new ArrayList<>(List.of("--release", "17", "-XDstringConcat=inline", "-proc:none",
                "-encoding", "UTF-8", "-nowarn", "-d", classes.toString(),
                "-cp", classes + java.io.File.pathSeparator + System.getProperty("java.class.path")));
        for (Path f : files) {
            argv.add(f.toString());
        }
        int rc = javac.run(null, null, null, argv.toArray(new String[0]));
        if (rc != 0) {
            throw new IllegalStateException("the generated command models do not compile (javac exit " + rc + ")");
        }
    }

    // ---------------------------------------------------------------- the model of one command

    private void commandModel(Class<?> type) throws ReflectiveOperationException {
        if (commands.contains(type)) {
            return;
        }
        commands.add(type);
        Object user = type == JnsCommand.class ? new JnsCommand(Terminal.plain()) : newInstance(type);
        CommandSpec spec = new CommandLine(user).getCommandSpec();
        ModelClass m = model(type);
        StringBuilder b = new StringBuilder();
        String t = name(type);
        b.append("    /** The model of {@code ").append(spec.qualifiedName()).append("}, as its annotations make it. */\n");
        b.append("    public static CommandSpec spec(").append(t).append(" obj, Object parent) {\n");
        b.append("        CommandSpec s = CommandSpec.wrapWithoutInspection(obj);\n");
        b.append("        s.name(").append(lit(spec.name())).append(");\n");
        if (spec.aliases().length > 0) {
            b.append("        s.aliases(").append(lit(spec.aliases())).append(");\n");
        }
        if (spec.version().length > 0) {
            b.append("        s.version(").append(lit(spec.version())).append(");\n");
        }
        if (spec.helpCommand()) {
            b.append("        s.helpCommand(true);\n");
        }
        checkCommand(spec);
        usage(b, spec.usageMessage());

        // @Spec, @ParentCommand in the class and its superclasses; @Mixin fields and their injections
        for (Class<?> k = type; k != Object.class; k = k.getSuperclass()) {
            if (injections(k, false).size() > 0) {
                b.append("        ").append(model(k).modelName()).append(".inject(obj, s, parent);\n");
            }
            for (Field f : k.getDeclaredFields()) {
                if (f.isAnnotationPresent(Mixin.class) && k != type) {
                    throw fail(f, "a @Mixin in a superclass");
                }
            }
        }
        Map<Class<?>, String> mixinOwner = new LinkedHashMap<>();
        Map<Class<?>, Method> hooks = new LinkedHashMap<>();
        for (Field f : type.getDeclaredFields()) {
            if (!f.isAnnotationPresent(Mixin.class)) {
                continue;
            }
            accessible(f);
            Class<?> mt = f.getType();
            String owner = "obj." + f.getName();
            mixinOwner.put(mt, owner);
            boolean noArgs = false;
            for (java.lang.reflect.Constructor<?> c : mt.getDeclaredConstructors()) {
                noArgs |= c.getParameterCount() == 0 && !Modifier.isPrivate(c.getModifiers());
            }
            if (noArgs) {
                // picocli makes the mixin when the field holds none
                b.append("        if (").append(owner).append(" == null) {\n            ").append(owner).append(" = new ")
                        .append(name(mt)).append("();\n        }\n");
            } else {
                b.append("        java.util.Objects.requireNonNull(").append(owner).append(", ").append(lit(f.getName())).append(");\n");
            }
            if (!injections(mt, true).isEmpty()) {
                b.append("        ").append(model(mt).modelName()).append(".inject(").append(owner).append(", s, null);\n");
            }
            for (Method hm : mt.getDeclaredMethods()) {
                if (hm.isAnnotationPresent(Spec.class)) {
                    if (hm.getAnnotation(Spec.class).value() != Spec.Target.MIXEE || hm.getParameterCount() != 1
                            || Modifier.isPrivate(hm.getModifiers())) {
                        throw fail(f, "a @Spec method that is not a non-private @Spec(MIXEE) method of one parameter");
                    }
                    hooks.put(mt, hm);
                }
            }
            for (Method hm : mt.getDeclaredMethods()) {
                if (hm.isAnnotationPresent(Option.class) || hm.isAnnotationPresent(Parameters.class)) {
                    throw fail(f, "an annotated method in a mixin");
                }
            }
        }
        if (hooks.size() > 1) {
            throw new IllegalStateException(type.getName() + ": more than one mixin adds options by a @Spec(MIXEE) method");
        }
        for (Method hm : type.getDeclaredMethods()) {
            if (hm.isAnnotationPresent(Option.class) || hm.isAnnotationPresent(Parameters.class) || hm.isAnnotationPresent(Spec.class)) {
                throw new IllegalStateException(type.getName() + "." + hm.getName() + ": annotated methods are not supported");
            }
        }

        // the options and positional parameters, in the model's order
        boolean hookDone = false;
        boolean hookEnded = false;
        List<ArgSpec> args = new ArrayList<>(spec.options());
        args.addAll(spec.positionalParameters());
        for (ArgSpec a : args) {
            if (a.inherited()) {
                continue; // addSubcommand adds a parent's INHERIT options again
            }
            Object uo = a.userObject();
            String bindingType = null; // the model class binding the field, null: picocli's own binding
            String binding = null;
            if (uo instanceof Field && ((Field) uo).getDeclaringClass().getName().equals(AUTO_HELP)) {
                // -h, -V: a value of their own, as a programmatic option has
            } else if (uo instanceof Field) {
                Field f = (Field) uo;
                Class<?> d = f.getDeclaringClass();
                String owner;
                if (d.isAssignableFrom(type)) {
                    owner = "obj";
                } else if (mixinOwner.containsKey(d)) {
                    owner = mixinOwner.get(d);
                } else {
                    throw fail(f, "an option of a class that is neither the command nor one of its mixins");
                }
                bindingType = model(d).modelName();
                binding = "new " + bindingType + "(" + owner + ", " + model(d).field(f) + ")";
            } else {
                // made by a mixin's @Spec(MIXEE) method: one call adds them all, where the first stands
                if (hooks.isEmpty() || hookEnded) {
                    throw new IllegalStateException(type.getName() + ": an option without a field (" + a + ") that no mixin method made");
                }
                if (!hookDone) {
                    Map.Entry<Class<?>, Method> h = hooks.entrySet().iterator().next();
                    b.append("        ").append(mixinOwner.get(h.getKey())).append('.').append(h.getValue().getName()).append("(s);\n");
                    hookDone = true;
                }
                continue;
            }
            hookEnded |= hookDone;
            if (binding != null) {
                b.append("        {\n            ").append(bindingType).append(" b = ").append(binding).append(";\n    ");
            }
            b.append("        s.add").append(a.isOption() ? "Option" : "Positional").append("(");
            arg(b, a, binding != null);
            b.append(");\n");
            if (binding != null) {
                b.append("        }\n");
            }
        }
        if (!hooks.isEmpty() && !hookDone) {
            throw new IllegalStateException(type.getName() + ": the mixin method added no option");
        }
        for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
            Object sub = e.getValue().getCommandSpec().userObject();
            if (!e.getKey().equals(e.getValue().getCommandSpec().name())) {
                continue; // an alias
            }
            commandModel(sub.getClass());
            b.append("        s.addSubcommand(").append(lit(e.getKey())).append(", new CommandLine(")
                    .append(model(sub.getClass()).modelName()).append(".spec(new ").append(name(sub.getClass())).append("(), obj)));\n");
        }
        b.append("        return s;\n    }\n");
        m.commandCode = b.toString();
    }

    /** Refuses what the generated code would not reproduce. */
    private static void checkCommand(CommandSpec spec) {
        String what = spec.qualifiedName();
        if (!spec.argGroups().isEmpty()) {
            throw new IllegalStateException(what + ": argument groups are not supported");
        }
        if (!spec.unmatchedArgsBindings().isEmpty()) {
            throw new IllegalStateException(what + ": @Unmatched is not supported");
        }
        if (spec.versionProvider() != null || spec.defaultValueProvider() != null || spec.modelTransformer() != null
                || spec.preprocessor() != null && !spec.preprocessor().getClass().getName().startsWith("picocli.")) {
            throw new IllegalStateException(what + ": providers, transformers and preprocessors are not supported");
        }
        if (spec.resourceBundleBaseName() != null) {
            throw new IllegalStateException(what + ": resource bundles are not supported");
        }
        CommandSpec plain = CommandSpec.create();
        if (spec.scopeType() != plain.scopeType() || spec.exitCodeOnSuccess() != plain.exitCodeOnSuccess()
                || spec.exitCodeOnUsageHelp() != plain.exitCodeOnUsageHelp()
                || spec.exitCodeOnVersionHelp() != plain.exitCodeOnVersionHelp()
                || spec.exitCodeOnInvalidInput() != plain.exitCodeOnInvalidInput()
                || spec.exitCodeOnExecutionException() != plain.exitCodeOnExecutionException()
                || spec.subcommandsRepeatable() != plain.subcommandsRepeatable()
                || spec.isAddMethodSubcommands() != plain.isAddMethodSubcommands()
                || spec.interpolateVariables() != plain.interpolateVariables()) {
            throw new IllegalStateException(what + ": a @Command attribute that the generator does not write");
        }
    }

    /** The usage help's attributes that differ from a new UsageMessageSpec's, from its fields. */
    private static void usage(StringBuilder b, UsageMessageSpec u) throws ReflectiveOperationException {
        UsageMessageSpec plain = new UsageMessageSpec();
        Set<String> skip = Set.of("width", "sectionKeys", "sectionMap", "messages", "helpFactory", "cachedTerminalWidth",
                "helpSectionRendererMap", "interpolator");
        for (Field f : UsageMessageSpec.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || skip.contains(f.getName())) {
                continue;
            }
            f.setAccessible(true);
            Object v = f.get(u);
            if (Objects.deepEquals(v, f.get(plain))) {
                continue;
            }
            String name = f.getName();
            if (name.equals("exitCodeListStrings")) {
                name = "exitCodeList"; // "CODE:text" lines, set as the map they make
                v = u.exitCodeList();
            }
            Method setter = null;
            for (Method s : UsageMessageSpec.class.getMethods()) {
                if (s.getName().equals(name) && s.getParameterCount() == 1) {
                    setter = s;
                }
            }
            if (setter == null) {
                throw new IllegalStateException("usage attribute " + f.getName() + " = " + v + ": no setter");
            }
            if (v instanceof Map) {
                b.append("        {\n            java.util.Map<String, String> m = new java.util.LinkedHashMap<>();\n");
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    b.append("            m.put(").append(lit((String) e.getKey())).append(", ").append(lit((String) e.getValue())).append(");\n");
                }
                b.append("            s.usageMessage().").append(name).append("(m);\n        }\n");
            } else {
                b.append("        s.usageMessage().").append(name).append("(").append(value(v)).append(");\n");
            }
        }
    }

    /** One option or positional parameter: its builder's fields that differ from a new builder's. */
    private static void arg(StringBuilder b, ArgSpec a, boolean bound) throws ReflectiveOperationException {
        Object builder;
        Object plain;
        if (a.isOption()) {
            OptionSpec o = (OptionSpec) a;
            builder = o.toBuilder();
            plain = OptionSpec.builder(o.names());
            // the names as written, with their ${...} (mixinStandardHelpOptions': ${picocli.help.name.0:--h})
            Field names = OptionSpec.class.getDeclaredField("names");
            names.setAccessible(true);
            b.append("OptionSpec.builder(").append(lit((String[]) names.get(o))).append(")");
        } else {
            builder = ((PositionalParamSpec) a).toBuilder();
            plain = PositionalParamSpec.builder();
            b.append("PositionalParamSpec.builder()");
        }
        Set<String> skip = Set.of("userObject", "annotatedElement", "getter", "setter", "scope", "typeInfo",
                "initialValueState", "hasInitialValue", "initialValue", "originalDefaultValue", "originalMapFallbackValue",
                "originallyRequired", "names", "capacity", "root", "inherited", "toString");
        for (Class<?> c = builder.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || skip.contains(f.getName())) {
                    continue;
                }
                f.setAccessible(true);
                Object v = f.get(builder);
                Object d = f.get(plain);
                String n = f.getName();
                if (n.equals("completionCandidates")) {
                    Class<?> t = a.auxiliaryTypes().length > 0 ? a.auxiliaryTypes()[0] : a.type();
                    if (v != null && !t.isEnum()) {
                        throw new IllegalStateException(a + ": completion candidates are not supported");
                    }
                    continue; // an enum's are made from its constants, on both paths
                }
                if (n.equals("converters") && v != null && ((Object[]) v).length > 0
                        || n.equals("parameterConsumer") && v != null || n.equals("interactive") && Boolean.TRUE.equals(v)) {
                    throw new IllegalStateException(a + ": " + n + " is not supported");
                }
                if (n.equals("originalFallbackValue")) {
                    if (Option.NULL_VALUE.equals(v)) {
                        throw new IllegalStateException(a + ": a fallback value of " + v + " is not supported");
                    }
                    continue; // picocli reads it only to tell that value
                }
                if (Objects.deepEquals(v, d) || n.equals("converters")
                        || n.equals("preprocessor") && v.getClass().getName().equals("picocli.CommandLine$NoOpParameterPreprocessor")) {
                    continue; // converters: none (checked above), an empty array or null, the same to picocli
                }
                b.append("\n                .").append(n).append("(");
                if (n.equals("preprocessor")) {
                    b.append("new ").append(name(v.getClass())).append("()");
                } else {
                    b.append(value(v));
                }
                b.append(")");
            }
        }
        Object initial = a.initialValue();
        if (bound) {
            b.append("\n                .getter(b).setter(b).initialValue(b.get())");
        } else {
            b.append("\n                .initialValue(").append(value(initial)).append(")");
        }
        b.append(".hasInitialValue(").append(a.hasInitialValue()).append(")");
        b.append("\n                .withToString(").append(lit(a.toString())).append(").build()");
    }

    private String summary(String name, CommandSpec spec) {
        UsageMessageSpec u = spec.usageMessage();
        return "        l.add(summary(" + lit(name) + ", " + lit(spec.aliases()) + ", " + lit(u.header()) + ", "
                + lit(u.description()) + ", " + u.hidden() + "));\n";
    }

    private String dispatcher(String summaries) {
        StringBuilder b = new StringBuilder();
        b.append("package dev.jns.cli;\n\n");
        b.append("import java.util.ArrayList;\nimport java.util.List;\nimport picocli.CommandLine.Model.CommandSpec;\n\n");
        b.append("/** Generated by ModelGenerator from the annotations of the jns commands: do not edit. */\n");
        b.append("public final class GeneratedModels implements Models {\n");
        b.append("    @Override\n    public CommandSpec spec(Object command, Object parent) {\n");
        b.append("        switch (command.getClass().getName()) {\n");
        for (Class<?> c : commands) {
            b.append("            case ").append(lit(c.getName())).append(": return ").append(model(c).modelName()).append(".spec((")
                    .append(name(c)).append(") command, parent);\n");
        }
        b.append("            default: return null;\n        }\n    }\n\n");
        b.append("    @Override\n    public List<CommandSpec> summaries() {\n        List<CommandSpec> l = new ArrayList<>();\n");
        b.append(summaries);
        b.append("        return l;\n    }\n\n");
        b.append("    private static CommandSpec summary(String name, String[] aliases, String[] header, String[] description, boolean hidden) {\n");
        b.append("        CommandSpec s = CommandSpec.create().name(name).aliases(aliases);\n");
        b.append("        s.usageMessage().header(header).description(description).hidden(hidden);\n");
        b.append("        return s;\n    }\n}\n");
        return b.toString();
    }

    // ---------------------------------------------------------------- per class: bindings and injections

    private ModelClass model(Class<?> k) {
        ModelClass m = models.get(k);
        if (m == null) {
            m = new ModelClass(k);
            models.put(k, m);
        }
        return m;
    }

    /** The {@code @Spec} and {@code @ParentCommand} fields of {@code k} (not its superclasses). */
    private static List<Field> injections(Class<?> k, boolean mixin) {
        List<Field> l = new ArrayList<>();
        for (Field f : k.getDeclaredFields()) {
            boolean spec = f.isAnnotationPresent(Spec.class);
            boolean parent = f.isAnnotationPresent(ParentCommand.class);
            if (spec || parent) {
                accessible(f);
                if (mixin && (parent || f.getAnnotation(Spec.class).value() != Spec.Target.MIXEE)) {
                    throw fail(f, "a mixin field other than @Spec(MIXEE)");
                }
                l.add(f);
            }
        }
        return l;
    }

    private final class ModelClass {
        final Class<?> type;
        final List<Field> fields = new ArrayList<>();
        String commandCode;

        ModelClass(Class<?> type) {
            this.type = type;
            for (Field f : type.getDeclaredFields()) {
                if (f.isAnnotationPresent(Option.class) || f.isAnnotationPresent(Parameters.class)) {
                    accessible(f);
                    if (Modifier.isFinal(f.getModifiers())) {
                        throw fail(f, "a final option field");
                    }
                    fields.add(f);
                }
            }
        }

        String modelName() {
            return type.getName().replace('$', '_') + "Model";
        }

        int field(Field f) {
            int i = fields.indexOf(f);
            if (i < 0) {
                throw fail(f, "not an option field of " + type.getName());
            }
            return i;
        }

        String source() {
            String pkg = type.getPackageName();
            String simple = modelName().substring(pkg.length() + 1);
            String t = name(type);
            StringBuilder b = new StringBuilder();
            b.append("package ").append(pkg).append(";\n\n");
            b.append("import picocli.CommandLine;\nimport picocli.CommandLine.Model.CommandSpec;\n");
            b.append("import picocli.CommandLine.Model.IGetter;\nimport picocli.CommandLine.Model.ISetter;\n");
            b.append("import picocli.CommandLine.Model.OptionSpec;\nimport picocli.CommandLine.Model.PositionalParamSpec;\n\n");
            b.append("/**\n * Generated by dev.jns.cli.ModelGenerator from the annotations of {@link ").append(t)
                    .append("}: do not edit.\n * Binds its option fields without reflection");
            b.append(commandCode != null ? " and builds its picocli model.\n */\n" : ".\n */\n");
            b.append("@SuppressWarnings({\"unchecked\", \"rawtypes\"})\n");
            if (fields.isEmpty()) {
                b.append("public final class ").append(simple).append(" {\n");
                b.append("    private ").append(simple).append("() {}\n");
            } else {
                b.append("public final class ").append(simple).append(" implements IGetter, ISetter {\n");
                b.append("    private final ").append(t).append(" obj;\n    private final int field;\n\n");
                b.append("    public ").append(simple).append("(").append(t).append(" obj, int field) {\n");
                b.append("        this.obj = obj;\n        this.field = field;\n    }\n\n");
                b.append("    @Override\n    public <T> T get() {\n        switch (field) {\n");
                for (int i = 0; i < fields.size(); i++) {
                    b.append("            case ").append(i).append(": return (T) (Object) obj.").append(fields.get(i).getName()).append(";\n");
                }
                b.append("            default: throw new IllegalStateException(String.valueOf(field));\n        }\n    }\n\n");
                b.append("    @Override\n    public <T> T set(T value) {\n        Object old;\n        switch (field) {\n");
                for (int i = 0; i < fields.size(); i++) {
                    Field f = fields.get(i);
                    b.append("            case ").append(i).append(": old = obj.").append(f.getName()).append("; obj.").append(f.getName())
                            .append(" = (").append(name(box(f.getType()))).append(") value; break;\n");
                }
                b.append("            default: throw new IllegalStateException(String.valueOf(field));\n        }\n        return (T) old;\n    }\n");
            }
            List<Field> inj = injections(type, false);
            if (!inj.isEmpty()) {
                b.append("\n    /** Sets the @Spec and @ParentCommand fields (a mixin's @Spec(MIXEE) ones get the command it is in). */\n");
                b.append("    public static void inject(").append(t).append(" obj, CommandSpec spec, Object parent) {\n");
                for (Field f : inj) {
                    if (f.isAnnotationPresent(ParentCommand.class)) {
                        b.append("        obj.").append(f.getName()).append(" = (").append(name(f.getType())).append(") parent;\n");
                    } else {
                        if (f.getType() != CommandSpec.class) {
                            throw fail(f, "a @Spec field that is not a CommandSpec");
                        }
                        b.append("        obj.").append(f.getName()).append(" = spec;\n");
                    }
                }
                b.append("    }\n");
            }
            if (commandCode != null) {
                b.append("\n").append(commandCode);
            }
            b.append("}\n");
            return b.toString();
        }
    }

    // ---------------------------------------------------------------- Java text

    private static Object newInstance(Class<?> type) throws ReflectiveOperationException {
        return type.getDeclaredConstructor().newInstance();
    }

    private static void accessible(Field f) {
        if (Modifier.isPrivate(f.getModifiers())) {
            throw fail(f, "a private field (make it package-private: the generated model binds it directly)");
        }
    }

    private static IllegalStateException fail(Field f, String why) {
        return new IllegalStateException(f.getDeclaringClass().getName() + "." + f.getName() + ": " + why);
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        if (c == boolean.class) {
            return Boolean.class;
        } else if (c == int.class) {
            return Integer.class;
        } else if (c == long.class) {
            return Long.class;
        } else if (c == double.class) {
            return Double.class;
        } else if (c == char.class) {
            return Character.class;
        }
        throw new IllegalStateException("a field of type " + c);
    }

    private static String name(Class<?> c) {
        String n = c.getCanonicalName();
        if (n == null) {
            throw new IllegalStateException("no canonical name: " + c);
        }
        return n;
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        } else if (v instanceof String) {
            return lit((String) v);
        } else if (v instanceof String[]) {
            return lit((String[]) v);
        } else if (v instanceof Boolean || v instanceof Integer) {
            return v.toString();
        } else if (v instanceof Long) {
            return v + "L";
        } else if (v instanceof Character) {
            return "(char) " + (int) (Character) v; // any character, quote or backslash included
        } else if (v instanceof Double) {
            return v + "d";
        } else if (v instanceof Enum) {
            return name(((Enum<?>) v).getDeclaringClass()) + "." + ((Enum<?>) v).name();
        } else if (v instanceof Class) {
            return name((Class<?>) v) + ".class";
        } else if (v instanceof Class[]) {
            StringBuilder b = new StringBuilder("new Class<?>[] {");
            for (Class<?> c : (Class<?>[]) v) {
                b.append(b.charAt(b.length() - 1) == '{' ? "" : ", ").append(name(c)).append(".class");
            }
            return b.append("}").toString();
        } else if (v instanceof Range) {
            Range r = (Range) v;
            return "new CommandLine.Range(" + r.min() + ", " + r.max() + ", " + r.isVariable() + ", " + r.isUnspecified() + ", "
                    + lit(r.originalValue()) + ")";
        }
        throw new IllegalStateException("cannot write a value of " + v.getClass() + ": " + v);
    }

    private static String lit(String[] a) {
        if (a == null) {
            return "(String[]) null";
        }
        StringBuilder b = new StringBuilder("new String[] {");
        for (int i = 0; i < a.length; i++) {
            b.append(i == 0 ? "" : ", ").append(lit(a[i]));
        }
        return b.append("}").toString();
    }

    static String lit(String s) {
        if (s == null) {
            return "(String) null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}

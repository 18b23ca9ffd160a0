package dev.jns.samples;

import dev.jns.core.NamespaceType;
import dev.jns.core.ns.Namespace;
import dev.jns.core.ns.NamespaceScanner;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.sys.NativeNamespaceInspector;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * Library example: list the namespaces of one type, with their process count and lowest pid.
 *
 * <pre>
 * java -cp ... dev.jns.samples.ListNamespaces net
 * </pre>
 */
public final class ListNamespaces {
    private ListNamespaces() {}

    public static void main(String[] args) {
        System.exit(run(args.length > 0 ? args[0] : "net", Path.of("/proc"), System.out));
    }

    /** Prints one line per namespace of {@code typeName} under {@code procRoot}; 2 for an unknown type. */
    public static int run(String typeName, Path procRoot, PrintStream out) {
        NamespaceType type = NamespaceType.byName(typeName).orElse(null);
        if (type == null) {
            out.println("unknown namespace type: " + typeName + " (valid: " + NamespaceType.names() + ")");
            return 2;
        }
        NamespaceScanner scanner = NamespaceScanner.of(new ProcFs(procRoot), NativeNamespaceInspector::load);
        var options = NamespaceScanner.Options.of(EnumSet.of(type), NamespaceScanner.Find.PERSISTENT);
        for (Namespace ns : scanner.scan(options).namespaces()) {
            out.println(ns.id() + " processes=" + ns.nprocs()
                    + (ns.persistent() ? " mounted-at=" + ns.nsfsMounts() : " lowest-pid=" + ns.lowestPid().getAsInt()));
        }
        return 0;
    }
}

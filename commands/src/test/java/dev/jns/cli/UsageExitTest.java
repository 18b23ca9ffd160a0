package dev.jns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.cli.output.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's first defects: every subcommand answers -V and --version with jns's version (as
 * `lsns -V` answers with its own), and a command that only groups others, run without one, is a
 * usage error: its usage on stderr, nothing on stdout, status 2.
 */
class UsageExitTest {
    private record Run(int rc, String out, String err) { }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(rc, out.toString(), err.toString());
    }

    /** The arguments as the command line built for them parses them. */
    private static String[] attached(String... args) {
        return Main.optionalValuesAttached(Main.commandLine(new JnsCommand(Terminal.plain()), args), args);
    }

    @Test
    void everySubcommandPrintsTheVersion() {
        for (String path : List.of("ls", "enter", "unshare", "cgtop", "top", "cg", "cg ls", "cg show", "oci",
                "oci validate", "oci inspect", "oci spec")) {
            for (String flag : List.of("-V", "--version")) {
                List<String> args = new ArrayList<>(List.of(path.split(" ")));
                args.add(flag);
                Run r = run(args.toArray(new String[0]));
                assertEquals(0, r.rc(), args + ": " + r);
                assertEquals("jns 0.1.0", r.out().strip(), args + ": " + r);
                assertEquals("", r.err(), args + ": " + r);
            }
        }
    }

    @Test
    void theGroupsHelpListsWholeSummariesAndTheExamplesShowTheirDollars() {
        String width = System.setProperty("picocli.usage.width", "200"); // a summary on one line each
        try {
            Run cg = run("cg", "--help");
            assertTrue(cg.out().contains("like systemd-cgls, merged over all hierarchies: v1, v2 and hybrid."), cg.out());
            assertTrue(cg.out().contains("on v1, v2 and hybrid hosts."), cg.out());
            // picocli reads "$$" in help text as an escaped "$"
            Run show = run("cg", "show", "--help");
            assertTrue(show.out().contains("jns cg show --json $$ "), show.out());
        } finally {
            if (width == null) {
                System.clearProperty("picocli.usage.width");
            } else {
                System.setProperty("picocli.usage.width", width);
            }
        }
    }

    @Test
    void lsTreeTakesOnlyAnAttachedValueAsLsnsDoes() {
        assertEquals(List.of("ls", "--tree=owner", "4026531836"),
                List.of(attached("ls", "-T", "4026531836")));
        assertEquals(List.of("--proc-root", "/p", "ls", "--tree=owner", "-t", "pid"),
                List.of(attached("--proc-root", "/p", "ls", "--tree", "-t", "pid")));
        // attached values, another option's value, after --, and other subcommands: as they were
        for (String[] same : new String[][] {{"ls", "-Tparent"}, {"ls", "--tree=parent"}, {"ls", "-o", "-T"},
                {"ls", "--", "-T"}, {"enter", "-T", "1"}, {"cg", "ls", "-T"}}) {
            assertEquals(List.of(same), List.of(attached(same)));
        }
        // lsns: "invalid namespace argument: 'owner'"; -T was once given "owner" and took it
        Run owner = run("ls", "-T", "owner");
        assertEquals(2, owner.rc(), owner.toString());
        assertTrue(owner.err().contains("invalid namespace argument: 'owner'"), owner.toString());
        Run parent = run("--proc-root", "/nonexistent-jns-root", "ls", "-T", "parent");
        assertTrue(parent.err().contains("invalid namespace argument: 'parent'"), parent.toString());
    }

    @Test
    void aGroupWithoutItsSubcommandIsAUsageError() {
        for (String[] args : new String[][] {{}, {"cg"}, {"oci"}, {"--debug"}}) {
            Run r = run(args);
            assertEquals(2, r.rc(), String.join(" ", args) + ": " + r);
            assertEquals("", r.out(), String.join(" ", args) + ": " + r);
            assertTrue(r.err().startsWith("Usage: jns"), String.join(" ", args) + ": " + r);
        }
        // asked for, the help is no error
        Run help = run("cg", "--help");
        assertEquals(0, help.rc(), help.toString());
        assertTrue(help.out().startsWith("Usage: jns cg"), help.toString());
    }
}

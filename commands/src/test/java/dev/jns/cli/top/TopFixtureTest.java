package dev.jns.cli.top;

import dev.jns.tui.live.TopSource;
import dev.jns.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jns.cli.output.Terminal;
import dev.jns.core.cgroup.CgroupFs;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.testing.ProcFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code jns top -b} and the rows behind the full screen, on the fixtures of inspect-core. */
class TopFixtureTest {
    @TempDir
    Path tmp;

    record Result(int rc, String out, String err) {
        /** The line whose first field is {@code first}, split on blanks. */
        String[] row(String first) {
            for (String l : out.lines().toList()) {
                String[] f = l.trim().split("\\s+");
                if (f.length > 0 && f[0].equals(first)) {
                    return f;
                }
            }
            throw new AssertionError("no row " + first + " in:\n" + out);
        }
    }

    private Path fixture(String name) {
        Path root = tmp.resolve(name);
        if (!Files.isDirectory(root)) {
            ProcFixture.unpack("fixtures/" + name + ".txt", root);
        }
        return root;
    }

    private Result run(String fixture, String... args) {
        List<String> all = new ArrayList<>(List.of("-b"));
        all.addAll(Arrays.asList(args));
        return top(fixture, Terminal.plain(), all.toArray(new String[0]));
    }

    /** {@code jns top ARGS} on a terminal {@code t}, with {@code -d 1ms} unless a delay is given. */
    private Result top(String fixture, Terminal t, String... args) {
        Path root = fixture(fixture);
        List<String> all = new ArrayList<>(List.of("--proc-root", root.resolve("proc").toString(),
                "--sys-root", root.toString(), "top"));
        all.addAll(Arrays.asList(args));
        if (!all.contains("--delay")) {
            all.addAll(List.of("-d", "1ms"));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(t, new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
        return new Result(rc, out.toString(), err.toString());
    }

    /** The JSON rows of a view, by the value of {@code key}. */
    private static Map<String, JsonNode> rowsBy(JsonNode doc, String key) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode r : doc.get("rows")) {
            m.put(r.get(key).asText(), r);
        }
        return m;
    }

    @ParameterizedTest(name = "pid {0}: {1}")
    @CsvSource({
        "1, ........, root, /sbin/init",
        "25, m......., root, [kdevtmpfs]",
        "426, muin.U.., alice, unshare",
        "433, muinp.CT, root, sleep",
        "440, m..n...., root, sleep",
    })
    void processesShowWhichNamespacesDifferFromPid1(String pid, String ns, String user, String command) {
        Result r = run("container-host");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().startsWith("    PID USER      %CPU    RSS S NS       CGROUP             COMMAND\n"), r.out());
        String[] f = r.row(pid);
        assertEquals(user, f[1]);
        assertEquals(ns, f[5]);
        assertEquals(command, f[7]);
    }

    @Test
    void cgroupsAreATreeWithLimitsAndPressure() {
        Result r = run("cgroup-v2", "--view", "cgroups");
        assertEquals(0, r.rc(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("Control Group") && lines.get(0).endsWith("PSI"), lines.get(0));
        assertTrue(lines.contains(lines.stream().filter(l -> l.startsWith("    docker-abc.scope")).findFirst().orElseThrow()));
        String[] docker = r.row("docker-abc.scope");
        assertEquals("1.0G", docker[4], "memory.max");
        assertEquals("18.5", docker[7], "the largest PSI some avg10");
        assertEquals("max", r.row("ssh.service")[4]);
    }

    @Test
    void jsonCgroupsHaveTheTextColumnsTyped() throws Exception {
        // --json alone on a full-screen terminal prints JSON: it implies -b
        Result r = top("cgroup-v2", new Terminal(true, 0, false, true), "--json", "--view", "cgroups");
        assertEquals(0, r.rc(), r.err());
        assertEquals(1, r.out().lines().count(), "one document per refresh:\n" + r.out());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("cgroups", doc.get("view").asText());
        assertTrue(doc.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), doc.get("time").asText());
        List<String> keys = new ArrayList<>();
        doc.get("rows").get(0).fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("control_group", "tasks", "cpu_percent", "memory", "memmax", "input_per_s", "output_per_s",
                "psi", "depth"), keys, "the columns of -b, then the tree depth");
        Map<String, JsonNode> rows = rowsBy(doc, "control_group");
        assertEquals(List.of("/", "/init.scope", "/system.slice", "/system.slice/docker-abc.scope",
                "/system.slice/ssh.service", "/user.slice", "/user.slice/user-1000.slice",
                "/user.slice/user-1000.slice/session-3.scope"), List.copyOf(rows.keySet()), "the text's rows, in its order");
        JsonNode docker = rows.get("/system.slice/docker-abc.scope");
        assertTrue(docker.get("memmax").isIntegralNumber(), docker.toString());
        assertEquals(1073741824L, docker.get("memmax").asLong(), "1.0G in the text");
        assertEquals(6, docker.get("tasks").asInt());
        assertEquals(18.52, docker.get("psi").asDouble(), 1e-9, "18.5 in the text, two decimals here");
        assertEquals(2, docker.get("depth").asInt());
        assertEquals("max", rows.get("/system.slice/ssh.service").get("memmax").asText(), "no limit");
        assertTrue(rows.get("/").get("memmax").isNull(), "'-' in the text: the root has no memory.max");
        assertTrue(rows.get("/user.slice/user-1000.slice").get("input_per_s").isNull(), "no io.stat: '-'");
        assertTrue(rows.get("/").get("memory").isIntegralNumber());
    }

    @Test
    void jsonProcessesAndNamespacesAreTyped() throws Exception {
        Result p = run("container-host", "--json");
        assertEquals(0, p.rc(), p.err());
        JsonNode doc = new ObjectMapper().readTree(p.out());
        assertEquals("processes", doc.get("view").asText());
        JsonNode sleep = rowsBy(doc, "pid").get("433");
        assertTrue(sleep.get("pid").isIntegralNumber());
        assertEquals("muinp.CT", sleep.get("ns").asText());
        assertEquals("root", sleep.get("user").asText());
        assertEquals("sleep 911", sleep.get("command").asText());
        assertTrue(sleep.get("rss").isIntegralNumber(), sleep.toString());
        assertTrue(sleep.get("cpu_percent").isNumber(), "0.0 in the text: " + sleep);
        assertEquals(0.0, sleep.get("cpu_percent").asDouble());
        assertTrue(sleep.get("cgroup").isNull(), "'-' in the text (no cgroup file in this fixture): " + sleep);

        Result n = run("container-host", "--json", "--view", "namespaces");
        assertEquals(0, n.rc(), n.err());
        JsonNode bind = null;
        for (JsonNode r : new ObjectMapper().readTree(n.out()).get("rows")) {
            if (r.get("command").asText().startsWith("(bind mount")) {
                bind = r;
            }
        }
        assertTrue(bind != null, n.out());
        assertTrue(bind.get("ns").isIntegralNumber());
        assertEquals(0, bind.get("nprocs").asInt());
        assertTrue(bind.get("pid").isNull(), "'-' in the text: " + bind);
        assertEquals("root", bind.get("user").asText(), "the owner's name, as jns ls shows: " + bind);
    }

    @Test
    void jsonIterationsAreOneLineEach() throws Exception {
        Result r = run("container-host", "--json", "-n", "3");
        assertEquals(0, r.rc(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), "NDJSON, no blank lines:\n" + r.out());
        for (String l : lines) {
            assertEquals("processes", new ObjectMapper().readTree(l).get("view").asText());
        }
    }

    @ParameterizedTest
    @CsvSource({"%CPU, cpu_percent", "Control Group, control_group", "Input/s, input_per_s", "MemMax, memmax", "S, s"})
    void jsonKeysComeFromTheTitles(String title, String key) {
        assertEquals(key, TopCommand.jsonKey(title));
    }

    @Test
    void namespacesIncludeThoseWithoutAProcess() {
        Result r = run("container-host", "--view", "namespaces");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s*\\d+ ipc\\s+0\\s+- root\\s+\\(bind mount .*ipc-mnt\\)")), r.out());
        assertEquals("11", r.row("4026531835")[2], "the initial cgroup namespace's processes");
    }

    @Test
    void iterationsPrintOneTableEach() {
        Result r = run("container-host", "-n", "2");
        assertEquals(2, r.out().lines().filter(l -> l.trim().startsWith("PID USER")).count(), r.out());
        assertTrue(r.out().contains("\n\n    PID USER"), "a blank line between refreshes");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--view,x|invalid --view: 'x' (valid: cgroups, processes, namespaces)",
        "-n,0|--iterations must be 1 or more",
        "--delay,soon|invalid --delay",
        "--depth,-1|--depth must be 0 or more",
    })
    void badInputIsAOneLineUsageError(String args, String message) {
        Result r = run("container-host", args.split(","));
        assertEquals(2, r.rc());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("jns top: " + message), r.err());
        assertEquals("", r.out());
    }

    @Test
    void detailsOfAProcessInAContainer() {
        Path root = fixture("container-host");
        ProcFs proc = new ProcFs(root.resolve("proc"));
        TopSource src = new TopSource(proc, CgroupFs.detect(proc, root), "/", 3, List.of("true"));
        src.rows(dev.jns.tui.ViewId.PROCESSES); // the snapshot the details count sharing processes in
        List<String> d = src.details("433");
        assertEquals("command   sleep 911", d.get(0));
        assertTrue(d.get(1).startsWith("state     S   threads 1   user root (uid 0)   parent 431"), d.get(1));
        assertTrue(d.stream().anyMatch(l -> l.matches("  uts     uts:\\[\\d+\\]\\s+5 processes  \\*")), String.join("\n", d));
        assertTrue(d.stream().anyMatch(l -> l.matches("  user    user:\\[\\d+\\]\\s+\\d+ processes")), "the same user namespace as PID 1");
        assertEquals(List.of(), src.details("99999"), "a process that is gone");
        assertEquals(List.of(), src.details("not-a-pid"));
    }

    @Test
    void helpFitsEightyColumnsWithoutPicocliWarnings() throws Exception {
        java.io.ByteArrayOutputStream tracer = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc;
        System.setErr(new java.io.PrintStream(tracer, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            rc = Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), "top", "--help");
        } finally {
            System.setErr(saved);
        }
        assertEquals(0, rc);
        assertEquals("", tracer.toString(java.nio.charset.StandardCharsets.UTF_8) + err, "no warnings");
        assertTrue(out.toString().contains("c %CPU"), "% escaped for picocli:\n" + out);
        for (String l : out.toString().lines().toList()) {
            assertTrue(l.length() <= 80, "wider than 80 columns: " + l);
        }
    }

    @Test
    void aShellThatCannotStartIsANoteNotAnError() throws Exception {
        Path root = fixture("container-host");
        ProcFs proc = new ProcFs(root.resolve("proc"));
        TopSource src = new TopSource(proc, CgroupFs.detect(proc, root), "/", 3, List.of(tmp.resolve("no-such-java").toString()));
        String note = src.enter("433");
        assertTrue(note.startsWith("could not run jns enter: "), note);
        assertTrue(note.contains("no-such-java"), note);
    }

    @Test
    void nsSummaryMarksUnreadableNamespaces() {
        assertEquals("????????", TopSource.nsSummary(java.util.Map.of(), java.util.Map.of()));
    }
}

package dev.jns.cli.cgroup;

import dev.jns.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jns.cli.output.Terminal;
import dev.jns.core.testing.ProcFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jns cgtop}, {@code jns cg ls} and {@code jns cg show} on the cgroup fixtures of
 * inspect-core (fixtures/README.md there): pure v2, pure v1 and hybrid.
 */
class CgFixtureTest {
    @TempDir
    Path tmp;

    record Result(int rc, String out, String err) {
        List<String> lines() {
            return out.lines().collect(Collectors.toList());
        }

        /** The text row of a cgroup, split on blanks. */
        String[] row(String path) {
            for (String l : lines()) {
                String[] f = l.trim().split("\\s+");
                if (f.length > 0 && f[0].equals(path)) {
                    return f;
                }
            }
            throw new AssertionError("no row " + path + " in:\n" + out);
        }
    }

    private Result run(String layout, String... args) {
        Path root = tmp.resolve(layout);
        if (!Files.isDirectory(root)) {
            ProcFixture.unpack("fixtures/cgroup-" + layout + ".txt", root);
        }
        List<String> all = new ArrayList<>(List.of("--proc-root", root.resolve("proc").toString(),
                "--sys-root", root.toString()));
        all.addAll(Arrays.asList(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
        return new Result(rc, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2", "v1", "hybrid"})
    void oneBatchRefreshHasSystemdCgtopColumnsAndTheTreeInOrder(String layout) {
        Result r = run(layout, "cgtop", "-b", "-1", "-d", "10ms", "--depth", "9");
        assertEquals(0, r.rc(), r.err());
        List<String> paths = r.lines().stream().map(l -> l.split("\\s+")[0]).collect(Collectors.toList());
        assertEquals("/", paths.get(0), "the root first");
        for (String p : paths) {
            String parent = p.equals("/") ? null : p.substring(0, Math.max(1, p.lastIndexOf('/')));
            if (parent != null) {
                assertTrue(paths.indexOf(parent) < paths.indexOf(p), parent + " before " + p);
            }
        }
        for (String l : r.lines()) {
            assertEquals(6, l.trim().split("\\s+").length, "path, tasks, %CPU, memory, input/s, output/s: " + l);
        }
        // The first refresh already has rates (two samples); the fixture's counters do not move.
        assertEquals("0.0", r.row("/system.slice/docker-abc.scope")[2]);
        assertEquals("396.0M", layout.equals("hybrid") ? "396.0M" : r.row("/system.slice/docker-abc.scope")[3]);
    }

    @Test
    void cgroupThatExistsOnlyInTheV1CpuHierarchyIsShown() {
        for (String layout : List.of("v1", "hybrid")) {
            Result r = run(layout, "cgtop", "-1", "-d", "10ms", "-o", "cpulimit");
            assertEquals(0, r.rc(), r.err());
            String[] batch = r.row("/batch");
            assertEquals(layout.equals("v1") ? "0.50" : "0.25", batch[batch.length - 1], layout + ": " + r.out());
        }
    }

    @Test
    void extraColumnsShowLimitsPressureAndSwap() {
        Result r = run("v2", "cgtop", "-1", "-d", "10ms", "-o", "mem%,memlimit,psi-cpu,cpulimit,pidslimit,swap");
        assertEquals(0, r.rc(), r.err());
        String[] d = r.row("/system.slice/docker-abc.scope");
        assertEquals(List.of("38.7", "1.0G", "18.52", "1.50", "512", "8.0M"), List.of(d).subList(6, 12));
        String[] root = r.row("/");
        assertEquals("-", root[6], "no memory limit at the root: no percentage");
    }

    @Test
    void rawPrintsBytes() {
        Result r = run("v2", "cgtop", "-1", "-r", "-d", "10ms");
        assertEquals(String.valueOf(396L * 1024 * 1024), r.row("/system.slice/docker-abc.scope")[3]);
    }

    @Test
    void orderByMemoryPutsBiggerSiblingsFirst() {
        Result r = run("v2", "cgtop", "-1", "-m", "-d", "10ms");
        List<String> paths = r.lines().stream().map(l -> l.split("\\s+")[0]).collect(Collectors.toList());
        assertTrue(paths.indexOf("/system.slice") < paths.indexOf("/user.slice"), r.out());
        assertTrue(paths.indexOf("/user.slice") < paths.indexOf("/init.scope"), r.out());
        Result byPath = run("v2", "cgtop", "-1", "-p", "-d", "10ms");
        List<String> p2 = byPath.lines().stream().map(l -> l.split("\\s+")[0]).collect(Collectors.toList());
        assertTrue(p2.indexOf("/init.scope") < p2.indexOf("/system.slice"), byPath.out());
    }

    @Test
    void orderBySwapShowsTheSwapColumnAndPutsTheBiggerSwapperFirst() throws Exception {
        Result r = run("v2", "cgtop", "-b", "-1", "-d", "10ms", "--depth", "9", "--order=swap");
        assertEquals(0, r.rc(), r.err());
        List<String> paths = r.lines().stream().map(l -> l.split("\\s+")[0]).collect(Collectors.toList());
        assertEquals(List.of("/", "/system.slice", "/system.slice/docker-abc.scope", "/system.slice/ssh.service",
                "/init.scope", "/user.slice", "/user.slice/user-1000.slice", "/user.slice/user-1000.slice/session-3.scope"),
                paths, "12M before 0 (ties by path); -m would put user.slice (256M) before init.scope (11M)");
        assertEquals("12.0M", r.row("/system.slice")[6], "the Swap column, added for the sort key");
        assertEquals("8.0M", r.row("/system.slice/docker-abc.scope")[6]);
        assertEquals("0B", r.row("/init.scope")[6]);
        assertEquals("-", r.row("/")[6], "the root has no memory.swap.current");
        // asked for with -o too: one Swap column, not two
        assertEquals(7, run("v2", "cgtop", "-b", "-1", "-d", "10ms", "--order", "swap", "-o", "swap").row("/system.slice").length);
        // the same order in JSON
        Result j = run("v2", "cgtop", "--json", "-1", "-d", "10ms", "--depth", "1", "--order=swap");
        List<String> jp = new ArrayList<>();
        new ObjectMapper().readTree(j.out()).get("cgroups").forEach(c -> jp.add(c.get("path").asText()));
        assertEquals(List.of("/", "/system.slice", "/init.scope", "/user.slice"), jp);
    }

    @Test
    void swapOnV1IsMemswMinusMemoryAndAbsentWithoutSwapAccounting() {
        Result v1 = run("v1", "cgtop", "-b", "-1", "-d", "10ms", "--depth", "9", "--order=swap");
        assertEquals(0, v1.rc(), v1.err());
        assertEquals("8.0M", v1.row("/system.slice/docker-abc.scope")[6], "memory.memsw.usage_in_bytes - memory.usage_in_bytes");
        assertEquals("-", v1.row("/system.slice/ssh.service")[6], "no memsw file: no figure, not 0");
        Result hybrid = run("hybrid", "cgtop", "-b", "-1", "-d", "10ms", "--depth", "9", "--order=swap");
        assertTrue(hybrid.lines().stream().allMatch(l -> l.endsWith(" -")), "swapaccount=0: '-' everywhere\n" + hybrid.out());
    }

    @Test
    void anUnknownOrderListsTheKeys() {
        Result r = run("v2", "cgtop", "-b", "-1", "--order=swp");
        assertEquals(2, r.rc());
        assertTrue(r.err().contains("path, tasks, cpu, memory, io, pressure, swap"), r.err());
    }

    /** Adds machine {@code name}'s scope cgroup (with {@code memory.current}) to the unpacked v2 fixture; returns its root. */
    private Path machine(String scopeDir, long memory) throws Exception {
        run("v2", "cg", "ls", "--no-procs"); // unpacks the fixture
        Path root = tmp.resolve("v2");
        Path dir = root.resolve("sys/fs/cgroup/machine.slice/" + scopeDir);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cgroup.procs"), "");
        Files.writeString(dir.resolve("memory.current"), memory + "\n");
        return root;
    }

    @Test
    void machineShowsOnlyTheMachinesScopeAsSystemdCgtopDoes() throws Exception {
        Path root = machine("machine-web.scope", 52428800);
        Files.createDirectories(root.resolve("run/systemd/machines"));
        Files.writeString(root.resolve("run/systemd/machines/web"), "NAME=web\nSCOPE=machine-web.scope\nCLASS=container\n");
        Result r = run("v2", "cgtop", "-b", "-1", "-d", "10ms", "-M", "web");
        assertEquals(0, r.rc(), r.err());
        assertEquals(1, r.lines().size(), r.out());
        assertEquals("/machine.slice/machine-web.scope", r.row("/machine.slice/machine-web.scope")[0]);
        assertEquals("50.0M", r.row("/machine.slice/machine-web.scope")[3]);
        Result j = run("v2", "cgtop", "--json", "-1", "-d", "10ms", "--machine=web");
        JsonNode c = new ObjectMapper().readTree(j.out()).get("cgroups");
        assertEquals(1, c.size());
        assertEquals(52428800L, c.get(0).get("memory_bytes").asLong());
    }

    @Test
    void machineWithoutMachinedUsesTheScopeMachinedWouldMake() throws Exception {
        machine("machine-my\\x2dvm.scope", 1048576);
        Result r = run("v2", "cgtop", "-b", "-1", "-d", "10ms", "-M", "my-vm");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().startsWith("/machine.slice/machine-my\\x5cx2dvm.scope "), "the path escaped as any path: " + r.out());
    }

    @Test
    void machineErrorsAreOneLine() {
        Result none = run("v2", "cgtop", "-b", "-1", "-M", "web");
        assertEquals(1, none.rc());
        assertEquals(1, none.err().lines().count(), none.err());
        assertTrue(none.err().startsWith("jns cgtop: no such machine: web (no "), none.err());
        assertTrue(none.err().contains("is systemd-machined running?"), none.err());
        assertEquals("", none.out());
        Result bad = run("v2", "cgtop", "-b", "-1", "-M", "../x");
        assertEquals(2, bad.rc());
        assertTrue(bad.err().startsWith("jns cgtop: invalid machine name: '../x'"), bad.err());
        Result both = run("v2", "cgtop", "-b", "-1", "-M", "web", "/system.slice");
        assertEquals(2, both.rc());
        assertTrue(both.err().startsWith("jns cgtop: -M and CGROUP cannot be combined"), both.err());
    }

    @Test
    void subtreeAndDepth() {
        Result r = run("v2", "cgtop", "-1", "-d", "10ms", "--depth", "0", "/system.slice");
        assertEquals(List.of("/system.slice"), r.lines().stream().map(l -> l.split("\\s+")[0]).collect(Collectors.toList()));
        Result deeper = run("v2", "cgtop", "-1", "-d", "10ms", "--depth", "1", "/system.slice");
        assertEquals(3, deeper.lines().size(), deeper.out());
    }

    @Test
    void jsonHasOneObjectPerRefreshWithEveryFigure() throws Exception {
        Result r = run("v2", "cgtop", "--json", "-n", "2", "-d", "10ms");
        assertEquals(0, r.rc(), r.err());
        List<String> lines = r.lines();
        assertEquals(2, lines.size(), "NDJSON: one line per refresh");
        JsonNode doc = new ObjectMapper().readTree(lines.get(1));
        assertEquals("v2", doc.get("mode").asText());
        JsonNode docker = null;
        for (JsonNode c : doc.get("cgroups")) {
            if (c.get("path").asText().equals("/system.slice/docker-abc.scope")) {
                docker = c;
            }
        }
        assertTrue(docker != null, lines.get(1));
        assertEquals(1073741824L, docker.get("memory_max").asLong());
        assertTrue(docker.get("memory_bytes").isNumber());
        assertEquals(1.5, docker.get("cpu_limit_cpus").asDouble(), 1e-9);
        assertEquals(512, docker.get("pids_max").asInt());
        assertTrue(docker.get("psi").get("cpu_some_avg10").isNumber());
        assertEquals(0.0, docker.get("cpu_percent").asDouble(), 1e-9);
    }

    @Test
    void errorsAreOneLineWithTheDocumentedExitCode() {
        Result missing = run("v2", "cgtop", "-1", "/nope");
        assertEquals(1, missing.rc());
        assertEquals("jns cgtop: no such cgroup: /nope", missing.err().trim());
        for (String[] bad : List.of(new String[] {"cgtop", "-1", "-d", "0"}, new String[] {"cgtop", "-1", "-o", "bogus"},
                new String[] {"cgtop", "-1", "--recursive=no"}, new String[] {"cgtop", "-1", "--cpu=watts"},
                new String[] {"cg", "show", "-r", "nope", "/"})) {
            Result r = run("v2", bad);
            assertEquals(2, r.rc(), String.join(" ", bad) + ": " + r.err());
            assertEquals(1, r.err().trim().lines().count(), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
        assertEquals(1, run("v2", "cg", "show", "999999").rc());
        assertEquals(1, run("v2", "cg", "ls", "/nope").rc());
    }

    @Test
    void processCountingWithP() {
        Result r = run("v2", "cgtop", "-1", "-P", "-d", "10ms");
        assertEquals(0, r.rc(), r.err());
        Result flat = run("v2", "cgtop", "-1", "-P", "--recursive=no", "-d", "10ms");
        long nested = Long.parseLong(r.row("/system.slice")[1]);
        long local = Long.parseLong(flat.row("/system.slice")[1]);
        assertTrue(nested > local, "recursive counts include child cgroups: " + nested + " vs " + local);
    }

    @Test
    void cgLsDrawsTheMergedTree() {
        Result r = run("v1", "cg", "ls", "--no-procs");
        assertEquals(0, r.rc(), r.err());
        assertEquals("Control group / (v1):", r.lines().get(0));
        assertTrue(r.out().contains("batch"), "the cpu-only cgroup is in the merged tree: " + r.out());
        assertTrue(r.out().contains("|-") || r.out().contains("`-"), r.out());
    }

    /** The paths of a {@code cg ls --json} tree, depth-first, each indented two blanks per level. */
    private static void paths(JsonNode cgroups, int level, List<String> out) {
        for (JsonNode c : cgroups) {
            out.add("  ".repeat(level) + c.get("path").asText());
            if (c.has("children")) {
                assertTrue(c.get("children").size() > 0, "children only when there are some: " + c);
                paths(c.get("children"), level + 1, out);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2", "v1", "hybrid"})
    void cgLsJsonNestsTheTreeTheTextDraws(String layout) throws Exception {
        Result r = run(layout, "cg", "ls", "--json");
        assertEquals(0, r.rc(), r.err());
        assertEquals(1, r.lines().size(), "one document on one line");
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(layout, doc.get("mode").asText());
        List<String> got = new ArrayList<>();
        paths(doc.get("cgroups"), 0, got);
        // the text tree, its names made paths: the same cgroups at the same depths, in its order
        List<String> text = new ArrayList<>(List.of("/"));
        String[] parents = new String[32];
        parents[0] = "/";
        List<String> drawn = run(layout, "cg", "ls", "--no-procs").lines();
        for (String l : drawn.subList(1, drawn.size())) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("((?:[| ] )*)[|`]-(.*)").matcher(l);
            assertTrue(m.matches(), l);
            int level = m.group(1).length() / 2 + 1;
            String parent = parents[level - 1];
            parents[level] = (parent.equals("/") ? "" : parent) + "/" + m.group(2);
            text.add("  ".repeat(level) + parents[level]);
        }
        assertTrue(text.size() > 4, text.toString());
        assertEquals(text, got);
        assertTrue(doc.get("cgroups").get(0).has("processes"), "processes unless --no-procs");
    }

    @Test
    void cgLsJsonListsEachCgroupsProcessesAndNoneWithNoProcs() throws Exception {
        run("v2", "cg", "ls"); // unpacks the fixture
        Path pid = tmp.resolve("v2/proc/612");
        Files.createDirectories(pid);
        Files.writeString(pid.resolve("stat"), "612 (sshd) S 1 612 612 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 100 1000 100 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
        Files.writeString(pid.resolve("cmdline"), "sshd: /usr/sbin/sshd -D [listener] \u001b]0;x\u0007\0");
        Result r = run("v2", "cg", "ls", "--json", "/system.slice");
        assertEquals(0, r.rc(), r.err());
        JsonNode top = new ObjectMapper().readTree(r.out()).get("cgroups").get(0);
        assertEquals("/system.slice", top.get("path").asText());
        assertEquals(0, top.get("processes").size());
        JsonNode ssh = null;
        for (JsonNode c : top.get("children")) {
            if (c.get("path").asText().equals("/system.slice/ssh.service")) {
                ssh = c;
            }
        }
        assertTrue(ssh != null, r.out());
        assertEquals(1, ssh.get("processes").size(), ssh.toString());
        assertEquals(612, ssh.get("processes").get(0).get("pid").intValue());
        assertEquals("sshd: /usr/sbin/sshd -D [listener] \u001b]0;x\u0007", ssh.get("processes").get(0).get("command").asText());
        assertTrue(r.out().contains("\\u001b]0;x\\u0007"), "control characters escaped: " + r.out());
        assertFalse(ssh.has("children"), "a leaf has no children key");
        assertTrue(r.out().contains("\"path\":\"/system.slice/docker-abc.scope\",\"processes\":[]"),
                "the fixture's container processes have no /proc entry: skipped as exited\n" + r.out());

        Result none = run("v2", "cg", "ls", "-J", "--no-procs", "/system.slice");
        assertEquals("{\"mode\":\"v2\",\"cgroups\":[{\"path\":\"/system.slice\",\"children\":["
                + "{\"path\":\"/system.slice/docker-abc.scope\"},{\"path\":\"/system.slice/ssh.service\"}]}]}\n", none.out());
    }

    @Test
    void cgShowAnswersCggetQuestionsOnEveryLayout() {
        assertEquals("1073741824", run("v1", "cg", "show", "-r", "memory.limit_in_bytes", "/system.slice/docker-abc.scope").out().trim());
        assertEquals("1073741824", run("v2", "cg", "show", "-r", "memory.max", "/system.slice/docker-abc.scope").out().trim());
        assertEquals("max", run("v2", "cg", "show", "-r", "memory.max", "/system.slice").out().trim());
        Result all = run("hybrid", "cg", "show", "/system.slice/docker-abc.scope");
        assertEquals(0, all.rc(), all.err());
        Map<String, String> kv = all.lines().stream().skip(1).map(l -> l.trim().split("\\s+", 2))
                .filter(f -> f.length == 2).collect(Collectors.toMap(f -> f[0], f -> f[1].split("\\s+")[0], (a, b) -> a));
        assertEquals("536870912", kv.get("memory.max"));
        assertEquals("256", kv.get("pids.max"));
        assertEquals("200000", kv.get("cpu.max.quota_usec"));
        assertEquals("100000", kv.get("cpu.max.period_usec"));
        assertEquals("2.00", kv.get("cpu.max.cpus"));
        Result unavailable = run("v1", "cg", "show", "-r", "memory.high", "/");
        assertEquals(1, unavailable.rc(), "memory.high does not exist on v1");
    }
}

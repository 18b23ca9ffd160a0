package dev.jns.cli.live;

import static dev.jns.cli.live.Live.differs;
import static dev.jns.cli.live.Live.jns;
import static dev.jns.cli.live.Live.ns;
import static dev.jns.cli.live.Live.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jns.cli.live.Live.Result;
import dev.jns.cli.live.Live.Row;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code jns ls} against util-linux {@code lsns} on the live host, with a zoo of namespaces made
 * by {@code unshare} and {@code ip netns}. Needs root, util-linux 2.38 or later and iproute2;
 * skips (with the reason) otherwise.
 *
 * <p>What may legitimately differ between the two runs, and how it is handled:
 * <ul>
 *   <li>NPROCS of the initial namespaces (those of this JVM): lsns counts itself, jns runs in
 *       this JVM, and the host starts and ends processes in between. Only there is NPROCS
 *       tolerated to differ; every other column of those rows, and every column of the zoo's
 *       rows, must be identical.</li>
 *   <li>Other namespaces of the host (containers, services): lsns runs before and after jns; a
 *       row identical in both lsns runs must be identical in jns, a row that changed in between
 *       is host churn and not compared.</li>
 *   <li>lsns 2.38 lists only namespaces that have a process. jns also lists namespaces kept
 *       alive by a bind mount or an open fd (such as the {@code ip netns add} one), with NPROCS 0:
 *       every row jns has beyond lsns must be such a row.</li>
 * </ul>
 */
@Tag("live")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LsLiveParityTest {
    /** The columns lsns 2.38 prints with --output-all, in its order. */
    static final List<String> COLUMNS = List.of("ns", "type", "path", "nprocs", "pid", "ppid", "command", "uid",
            "user", "netnsid", "nsfs", "pns", "ons");
    /** The columns of lsns -J without -o. */
    static final List<String> DEFAULT_COLUMNS = List.of("ns", "type", "nprocs", "pid", "user", "command");
    static final List<String> TYPES = List.of("mnt", "net", "ipc", "user", "pid", "uts", "cgroup", "time");
    static final List<String> SLEEP = List.of("sleep", "600");

    /** Unique per run, so that parallel runs on one host cannot collide. */
    static final String TAG = "jns-test-" + ProcessHandle.current().pid() + "-"
            + Long.toHexString(new SecureRandom().nextLong() & 0xffffffffL);

    // Everything started or created, for the clean-up (also when setting up fails half-way).
    static final List<Process> started = new ArrayList<>();
    static final List<ProcessHandle> forked = new ArrayList<>();
    static final List<Long> ourPids = new ArrayList<>();
    static final List<String> ourNetns = new ArrayList<>();
    static Live.Cleanup cleanup;

    static String unshare;
    static String lsns;
    static String ip;
    /** This JVM's namespaces: the host's initial ones, by type. */
    static final Map<String, Long> initial = new LinkedHashMap<>();
    /** Every namespace the zoo made (and that has a process), inode to what made it. */
    static final Map<Long, String> zoo = new TreeMap<>();

    /** The {@code unshare -n} sleeper, its net namespace, also attached as {@code ip netns TAG-n}. */
    static long netPid;
    static long netNs;
    static String attachedNsfs;
    static String attachedNsid;
    /** The {@code ip netns add TAG} namespace: no process, only a bind mount. */
    static long persistentNs;
    static String persistentNsfs;
    static String persistentNsid;

    @BeforeAll
    static void buildZoo() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/ns")), "no /proc/self/ns: not Linux, or /proc not mounted");
        assumeTrue(Live.isRoot(), "needs root to make namespaces (unshare -n/-m/-T, ip netns add); euid is "
                + Live.euid());
        for (String t : List.of("unshare", "lsns", "ip")) {
            assumeTrue(Live.tool(t).isPresent(), t + " not found on PATH (util-linux / iproute2 not installed)");
        }
        unshare = Live.tool("unshare").orElseThrow().toString();
        lsns = Live.tool("lsns").orElseThrow().toString();
        ip = Live.tool("ip").orElseThrow().toString();
        Result v = run(lsns, "--version");
        Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(v.out());
        assumeTrue(v.rc() == 0 && m.find(), "cannot tell the lsns version: " + v);
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        assumeTrue(major > 2 || major == 2 && minor >= 38,
                "lsns " + major + "." + minor + " is older than 2.38, which added the PNS and ONS columns");
        for (String t : TYPES) {
            OptionalLong self = Live.selfNs(t);
            assumeTrue(self.isPresent(), "the kernel has no " + t + " namespaces (no /proc/self/ns/" + t + ")"
                    + (t.equals("time") ? "; they need Linux 5.6" : ""));
            initial.put(t, self.getAsLong());
        }
        cleanup = Live.Cleanup.register("jns-live-cleanup", LsLiveParityTest::cleanUp);
        try {
            makeZoo();
        } catch (Throwable t) {
            cleanUp();
            throw t;
        }
    }

    private static void makeZoo() {
        Process net = start(unshare, "-n", "sleep", "600");
        await(net, "unshare -n", () -> differs(net.pid(), "net", "net") && isSleep(net.pid()));
        netPid = net.pid();
        netNs = ns(netPid, "net").orElseThrow();
        zoo.put(netNs, "unshare -n: net");

        Process ui = start(unshare, "-u", "-i", "sleep", "600");
        await(ui, "unshare -u -i", () -> differs(ui.pid(), "uts", "uts") && differs(ui.pid(), "ipc", "ipc")
                && isSleep(ui.pid()));
        zoo.put(ns(ui.pid(), "uts").orElseThrow(), "unshare -u -i: uts");
        zoo.put(ns(ui.pid(), "ipc").orElseThrow(), "unshare -u -i: ipc");

        Process mnt = start(unshare, "-m", "sleep", "600");
        await(mnt, "unshare -m", () -> differs(mnt.pid(), "mnt", "mnt") && isSleep(mnt.pid()));
        zoo.put(ns(mnt.pid(), "mnt").orElseThrow(), "unshare -m: mnt");

        // The parent stays "unshare ..." in the new user and mount namespaces; its forked child
        // is the new pid namespace's init, and execs sleep after mounting /proc.
        Process up = start(unshare, "-U", "-r", "-p", "-f", "--mount-proc", "sleep", "600");
        await(up, "unshare -U -r -p -f --mount-proc", () -> differs(up.pid(), "user", "user")
                && differs(up.pid(), "mnt", "mnt") && child(up, "pid").isPresent());
        ProcessHandle init = child(up, "pid").orElseThrow();
        remember(init);
        zoo.put(ns(up.pid(), "user").orElseThrow(), "unshare -U -r -p -f: user");
        zoo.put(ns(up.pid(), "mnt").orElseThrow(), "unshare -U -r -p -f: mnt");
        zoo.put(ns(init.pid(), "pid").orElseThrow(), "unshare -U -r -p -f: pid");

        // unshare -T alone only sets time_for_children: the namespace gets a process by --fork.
        Process time = start(unshare, "--time", "--fork", "sleep", "600");
        await(time, "unshare --time --fork", () -> child(time, "time").isPresent());
        ProcessHandle timeChild = child(time, "time").orElseThrow();
        remember(timeChild);
        zoo.put(ns(timeChild.pid(), "time").orElseThrow(), "unshare --time --fork: time");

        // ip netns last: mount namespaces copied earlier would keep copies of its bind mount.
        persistentNs = addNetns(TAG);
        persistentNsfs = nsfsPath(TAG);
        attachedNsfs = null;
        String attached = TAG + "-n";
        ourNetns.add(attached);
        Result a = run(ip, "netns", "attach", attached, Long.toString(netPid));
        if (a.rc() == 0) {
            attachedNsfs = nsfsPath(attached);
            run(ip, "netns", "set", attached, "auto");
        }
        Map<String, String> ids = netnsIds();
        persistentNsid = ids.getOrDefault(TAG, "unassigned");
        attachedNsid = ids.getOrDefault(attached, "unassigned");
    }

    private static long addNetns(String name) {
        ourNetns.add(name);
        Result r = run(ip, "netns", "add", name);
        if (r.rc() != 0) {
            Assumptions.abort("ip netns add " + name + " failed (no network namespaces, or /run not writable): " + r);
        }
        Path file = Path.of("/var/run/netns", name);
        long self = initial.get("net");
        Live.await("ip netns " + name, () -> inode(file).isPresent() && inode(file).getAsLong() != self,
                () -> { }, () -> file + " is not a network namespace");
        // Give it a netnsid, so that NETNSID is a number and not only "unassigned".
        run(ip, "netns", "set", name, "auto");
        return inode(file).getAsLong();
    }

    private static String nsfsPath(String name) {
        try {
            return Path.of("/var/run/netns", name).toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ip netns list}: "NAME (id: N)" lines. */
    private static Map<String, String> netnsIds() {
        Map<String, String> ids = new TreeMap<>();
        for (String l : run(ip, "netns", "list").out().split("\n")) {
            Matcher m = Pattern.compile("^(\\S+) \\(id: (\\d+)\\)").matcher(l);
            if (m.find()) {
                ids.put(m.group(1), m.group(2));
            }
        }
        return ids;
    }

    private static Set<String> netnsNames() {
        return run(ip, "netns", "list").out().lines().map(l -> l.split(" ")[0]).collect(Collectors.toSet());
    }

    private static OptionalLong inode(Path p) {
        try {
            return OptionalLong.of((Long) Files.getAttribute(p, "unix:ino"));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static Process start(String... argv) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            Process p = pb.start();
            synchronized (LsLiveParityTest.class) {
                started.add(p);
                ourPids.add(p.pid());
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + List.of(argv), e);
        }
    }

    private static synchronized void remember(ProcessHandle h) {
        forked.add(h);
        ourPids.add(h.pid());
    }

    private static boolean isSleep(long pid) {
        return Live.cmdline(pid).equals(SLEEP);
    }

    /** The forked child of an {@code unshare --fork}, once it is in its own TYPE namespace and runs sleep. */
    private static Optional<ProcessHandle> child(Process p, String type) {
        return p.children().filter(c -> differs(c.pid(), type, type) && isSleep(c.pid())).findFirst();
    }

    /** Polls until the namespaces are there; a process that exits meanwhile could not make them: skip. */
    private static void await(Process p, String what, java.util.function.BooleanSupplier ready) {
        Live.await(what, ready, () -> {
            if (!p.isAlive()) {
                Assumptions.abort(what + " could not make its namespaces (exit " + p.exitValue() + ": "
                        + Live.stderrOf(p) + "): the kernel or its configuration lacks the feature");
            }
        }, () -> "/proc/" + p.pid() + " cmdline " + Live.cmdline(p.pid()) + ", children "
                + p.children().map(c -> c.pid() + " " + Live.cmdline(c.pid())).collect(Collectors.toList()));
    }

    /** Kills every process this class started (and their children), deletes its netns; idempotent. */
    static synchronized List<String> cleanUp() {
        List<String> problems = new ArrayList<>();
        for (Iterator<Process> it = started.iterator(); it.hasNext(); ) {
            Process p = it.next();
            Live.killTree(p).forEach(pid -> problems.add("process " + pid + " survived SIGKILL"));
            it.remove();
        }
        // Children found while setting up, in case their parent was gone before clean-up.
        for (ProcessHandle h : forked) {
            h.destroyForcibly();
            try {
                h.onExit().get(Live.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                problems.add("process " + h.pid() + " did not exit: " + e);
            }
        }
        forked.clear();
        if (ip != null && !ourNetns.isEmpty()) {
            Set<String> present = netnsNames();
            for (String n : ourNetns) {
                if (present.contains(n)) {
                    Result r = run(ip, "netns", "del", n);
                    if (r.rc() != 0) {
                        problems.add("ip netns del " + n + ": " + r);
                    }
                }
            }
        }
        return problems;
    }

    @AfterAll
    static void tearDown() {
        Live.Cleanup.finish(cleanup, () -> {
            List<String> problems = new ArrayList<>();
            for (long pid : ourPids) {
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .ifPresent(h -> problems.add("process " + pid + " still alive: " + Live.cmdline(pid)));
            }
            if (ip != null && !ourNetns.isEmpty()) {
                Set<String> left = netnsNames();
                for (String n : ourNetns) {
                    if (left.contains(n) || Files.exists(Path.of("/var/run/netns", n))) {
                        problems.add("ip netns " + n + " still exists");
                    }
                }
            }
            return problems;
        });
    }

    // ---- the comparisons -------------------------------------------------------------------

    private static Result lsns(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(lsns);
        argv.addAll(List.of(args));
        Result r = run(argv);
        assertEquals(0, r.rc(), () -> "lsns " + List.of(args) + " failed: " + r);
        return r;
    }

    private static Result jnsOk(String... args) {
        Result r = jns(args);
        assertEquals(0, r.rc(), () -> "jns " + List.of(args) + ": " + r);
        assertEquals("", r.err(), () -> "jns " + List.of(args) + " wrote to stderr: " + r);
        return r;
    }

    private static Map<Long, Row> rows(Result r, String who) {
        return Live.rows(Live.parseJson(r, who));
    }

    private static Set<Long> initialInodes() {
        return new LinkedHashSet<>(initial.values());
    }

    /** Column-by-column differences of two rows; NPROCS left out when {@code nprocs} is false. */
    private static void compare(String what, long ns, JsonNode lsnsRow, JsonNode jnsRow, List<String> cols,
                                boolean nprocs, List<String> out) {
        for (String c : cols) {
            if (!nprocs && c.equals("nprocs")) {
                continue;
            }
            JsonNode l = lsnsRow.get(c);
            JsonNode j = jnsRow.get(c);
            if (l == null) {
                out.add(what + " " + ns + ": lsns has no column " + c);
            } else if (!Objects.equals(l, j)) {
                out.add(what + " " + ns + " column " + c + ": lsns " + l + ", jns " + j);
            }
        }
    }

    /**
     * NPROCS of an initial namespace: processes come and go (lsns counts itself, the host lives),
     * so only a plausible count is required: more than zero and near what lsns saw.
     */
    private static void compareNprocs(long ns, JsonNode l1, JsonNode l2, JsonNode j, List<String> out) {
        int a = l1.get("nprocs").asInt();
        int b = l2 == null ? a : l2.get("nprocs").asInt();
        int n = j.get("nprocs").asInt();
        int slack = Math.max(16, Math.max(a, b) / 4);
        if (n <= 0 || n < Math.min(a, b) - slack || n > Math.max(a, b) + slack) {
            out.add("initial namespace " + ns + ": jns NPROCS " + n + " far from lsns's " + a + "/" + b);
        }
    }

    @Test
    void outputAllMatchesLsnsRowByRow() {
        // lsns before and after jns: a host namespace whose row did not change in between is stable.
        Map<Long, Row> l1 = rows(lsns("-J", "--output-all"), "lsns");
        Result jr = jnsOk("ls", "-J", "--output-all");
        Map<Long, Row> l2 = rows(lsns("-J", "--output-all"), "lsns");
        Map<Long, Row> j = rows(jr, "jns");

        List<String> diffs = new ArrayList<>();
        for (Map.Entry<Long, Row> e : j.entrySet()) {
            List<String> keys = new ArrayList<>();
            e.getValue().node().fieldNames().forEachRemaining(keys::add);
            if (!keys.equals(COLUMNS)) {
                diffs.add("jns row " + e.getKey() + " has keys " + keys + ", lsns has " + COLUMNS);
            }
        }
        for (Map.Entry<Long, String> z : zoo.entrySet()) {
            long ns = z.getKey();
            if (!l1.containsKey(ns)) {
                diffs.add("zoo namespace " + ns + " (" + z.getValue() + ") is not listed by lsns");
            } else if (!j.containsKey(ns)) {
                diffs.add("zoo namespace " + ns + " (" + z.getValue() + ") is not listed by jns");
            } else {
                compare("zoo namespace (" + z.getValue() + ")", ns, l1.get(ns).node(), j.get(ns).node(), COLUMNS,
                        true, diffs);
            }
        }
        for (long ns : initialInodes()) {
            if (!l1.containsKey(ns) || !j.containsKey(ns)) {
                diffs.add("initial namespace " + ns + ": lsns has it " + l1.containsKey(ns) + ", jns " + j.containsKey(ns));
                continue;
            }
            compare("initial namespace", ns, l1.get(ns).node(), j.get(ns).node(), COLUMNS, false, diffs);
            compareNprocs(ns, l1.get(ns).node(), l2.containsKey(ns) ? l2.get(ns).node() : null, j.get(ns).node(), diffs);
        }
        Set<Long> compared = new LinkedHashSet<>();
        compared.addAll(zoo.keySet());
        compared.addAll(initialInodes());
        Set<Long> listedByLsns = new LinkedHashSet<>(l1.keySet());
        listedByLsns.addAll(l2.keySet());
        int churn = 0;
        for (long ns : listedByLsns) {
            if (compared.contains(ns)) {
                continue;
            }
            Row a = l1.get(ns);
            Row b = l2.get(ns);
            if (a == null || b == null || !a.node().equals(b.node())) {
                churn++; // changed while we looked: not comparable
                continue;
            }
            compared.add(ns);
            if (!j.containsKey(ns)) {
                diffs.add("host namespace " + ns + " listed by lsns (twice, unchanged) is missing from jns: " + a.node());
            } else {
                compare("host namespace", ns, a.node(), j.get(ns).node(), COLUMNS, true, diffs);
            }
        }
        // Same order (lsns sorts by inode), for every row compared.
        List<Long> lsnsOrder = l1.keySet().stream().filter(compared::contains).collect(Collectors.toList());
        List<Long> jnsOrder = j.keySet().stream().filter(ns -> compared.contains(ns) && l1.containsKey(ns))
                .collect(Collectors.toList());
        if (!lsnsOrder.equals(jnsOrder)) {
            diffs.add("row order differs: lsns " + lsnsOrder + ", jns " + jnsOrder);
        }
        // lsns 2.38 lists only namespaces with a process; jns's extra rows must be the others.
        for (Map.Entry<Long, Row> e : j.entrySet()) {
            if (!listedByLsns.contains(e.getKey()) && e.getValue().node().get("nprocs").asInt() != 0) {
                diffs.add("jns lists " + e.getKey() + " with processes, lsns does not: " + e.getValue().node());
            }
        }
        assertEquals(List.of(), diffs, "jns ls -J --output-all vs lsns (" + churn + " host namespaces changed "
                + "between the two lsns runs and were not compared)");

        // The ip netns namespace: no process, the bind mount, and what the nsfs ioctls tell.
        Row p = j.get(persistentNs);
        assertNotNull(p, () -> "jns does not list the ip netns namespace " + persistentNs + ": " + jr.out());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("ns", persistentNs);
        expected.put("type", "net");
        expected.put("path", null);
        expected.put("nprocs", 0L);
        expected.put("pid", null);
        expected.put("ppid", null);
        expected.put("command", null);
        expected.put("uid", 0L); // NS_GET_OWNER_UID of its owner, the initial user namespace
        expected.put("user", "root");
        expected.put("netnsid", persistentNsid);
        expected.put("nsfs", persistentNsfs);
        expected.put("pns", 0L); // as lsns shows for every net namespace
        expected.put("ons", initial.get("user"));
        Map<String, Object> actual = new LinkedHashMap<>();
        for (String c : COLUMNS) {
            actual.put(c, plain(p.node().get(c)));
        }
        assertEquals(expected, actual, "jns row of the ip netns namespace " + TAG);
        assertEquals(0L, p.parentNs(), "the ip netns row is at the top level");

        // And the attached one: lsns agrees (compared above); check the zoo is what we think.
        JsonNode net = j.get(netNs).node();
        assertEquals(netPid, net.get("pid").asLong(), "lowest pid of the unshare -n namespace");
        assertEquals("sleep 600", net.get("command").asText());
        if (attachedNsfs != null) {
            assertEquals(attachedNsfs, net.get("nsfs").asText(), "nsfs of the attached netns");
            assertEquals(attachedNsid, net.get("netnsid").asText(), "netnsid of the attached netns");
        }
    }

    @Test
    void defaultJsonTreeMatchesLsnsForTheZoo() {
        Map<Long, Row> l = rows(lsns("-J"), "lsns");
        Result jr = jnsOk("ls", "-J");
        Map<Long, Row> j = rows(jr, "jns");

        List<String> diffs = new ArrayList<>();
        Set<Long> compared = new LinkedHashSet<>(zoo.keySet());
        compared.addAll(initialInodes());
        for (long ns : compared) {
            boolean strict = zoo.containsKey(ns);
            String what = strict ? "zoo namespace (" + zoo.get(ns) + ")" : "initial namespace";
            Row a = l.get(ns);
            Row b = j.get(ns);
            if (a == null || b == null) {
                diffs.add(what + " " + ns + ": listed by lsns " + (a != null) + ", by jns " + (b != null));
                continue;
            }
            List<String> ka = new ArrayList<>();
            a.node().fieldNames().forEachRemaining(ka::add);
            List<String> kb = new ArrayList<>();
            b.node().fieldNames().forEachRemaining(kb::add);
            ka.remove("children");
            kb.remove("children");
            if (!ka.equals(DEFAULT_COLUMNS) || !kb.equals(DEFAULT_COLUMNS)) {
                diffs.add(what + " " + ns + ": keys lsns " + ka + ", jns " + kb + ", expected " + DEFAULT_COLUMNS);
            }
            compare(what, ns, a.node(), b.node(), DEFAULT_COLUMNS, strict, diffs);
            // In the process tree a row nests under the latest row of its process's parent.
            if (a.parentNs() != b.parentNs()) {
                diffs.add(what + " " + ns + ": nested under " + a.parentNs() + " by lsns, under " + b.parentNs()
                        + " by jns (0: top level)");
            }
        }
        List<Long> lsnsOrder = l.keySet().stream().filter(compared::contains).collect(Collectors.toList());
        List<Long> jnsOrder = j.keySet().stream().filter(compared::contains).collect(Collectors.toList());
        if (!lsnsOrder.equals(jnsOrder)) {
            diffs.add("depth-first row order differs: lsns " + lsnsOrder + ", jns " + jnsOrder);
        }
        assertEquals(List.of(), diffs, "jns ls -J vs lsns -J");

        // The tree has the shape unshare gave it: the new pid namespace's init (child of the
        // unshare that is in the new user and mount namespaces) nests under that mount row.
        long zooPid = zoo.entrySet().stream().filter(e -> e.getValue().endsWith(": pid")).findFirst().orElseThrow().getKey();
        long zooMnt = zoo.entrySet().stream().filter(e -> e.getValue().equals("unshare -U -r -p -f: mnt"))
                .findFirst().orElseThrow().getKey();
        assertEquals(zooMnt, j.get(zooPid).parentNs(), "jns: pid namespace row under the unshare's mnt row");

        Row p = j.get(persistentNs);
        assertNotNull(p, "jns ls -J lists the ip netns namespace");
        assertEquals(0, p.node().get("nprocs").asInt());
        assertTrue(p.node().get("pid").isNull(), "no pid for the ip netns namespace");
        assertEquals(0L, p.parentNs());
    }

    @Test
    void netTextMatchesLsns() {
        Result l = lsns("-t", "net");
        Result j = jnsOk("ls", "-t", "net");
        List<String> ll = l.out().lines().collect(Collectors.toList());
        List<String> jl = j.out().lines().collect(Collectors.toList());
        assertEquals(Live.squeeze(ll.get(0)), Live.squeeze(jl.get(0)), "header");
        assertEquals("NS TYPE NPROCS PID USER NETNSID NSFS COMMAND", Live.squeeze(jl.get(0)));
        // Column widths differ when jns has rows lsns 2.38 does not show (the ip netns one has a
        // long NSFS), so whole lines are compared with blanks collapsed here, exactly below.
        String mine = Long.toString(netNs);
        assertEquals(line(ll, mine, "lsns"), line(jl, mine, "jns"), "the unshare -n namespace's line");
        String expected = netNs + " net 1 " + netPid + " root " + attachedNsid + " "
                + (attachedNsfs == null ? "" : attachedNsfs + " ") + "sleep 600";
        assertEquals(expected, line(jl, mine, "jns"));
        assertEquals(persistentNs + " net 0 root " + persistentNsid + " " + persistentNsfs,
                line(jl, Long.toString(persistentNs), "jns"), "the ip netns namespace's line (USER of its owner)");
        // Every namespace lsns shows, jns shows (host churn aside: the zoo's and the initial one).
        assertTrue(jl.stream().anyMatch(s -> s.strip().startsWith(initial.get("net") + " ")), "initial net row");

        // Restricted to the zoo's process, nothing else can be in the table: exactly lsns's text.
        String pid = Long.toString(netPid);
        assertEquals(lsns("-t", "net", "-p", pid).out(), jnsOk("ls", "-t", "net", "-p", pid).out(),
                "jns ls -t net -p " + pid + " vs lsns");
        assertEquals(lsns("-t", "net", "-p", pid, "-o", "+PATH,PNS,ONS,UID").out(),
                jnsOk("ls", "-t", "net", "-p", pid, "-o", "+PATH,PNS,ONS,UID").out(),
                "jns ls -t net -p " + pid + " -o +PATH,PNS,ONS,UID vs lsns");
    }

    /**
     * A tree by owner or parent restricted to some types still shows every ancestor, whatever its
     * type, as lsns does: {@code lsns -T -t pid} has the owning user namespaces (NPROCS 0).
     * Restricted to the zoo's pid namespace process, so no host churn enters the rows.
     */
    @Test
    void typeFilteredTreesHaveTheAncestorsLsnsHas() {
        long zooPidNs = zoo.entrySet().stream().filter(e -> e.getValue().endsWith(": pid")).findFirst()
                .orElseThrow().getKey();
        String pid = rows(lsns("-J", "-t", "pid"), "lsns").get(zooPidNs).node().get("pid").asText();
        for (List<String> args : List.of(List.of("-T", "-t", "pid"), List.of("--tree=parent", "-t", "pid"),
                List.of("--tree=owner", "-t", "net"), List.of("--tree=parent", "-t", "user", "-t", "uts"))) {
            List<String> full = new ArrayList<>(List.of("-J", "-p", pid));
            full.addAll(args);
            Map<Long, Row> l = rows(lsns(full.toArray(new String[0])), "lsns");
            List<String> jargs = new ArrayList<>(List.of("ls"));
            jargs.addAll(full);
            Map<Long, Row> j = rows(jnsOk(jargs.toArray(new String[0])), "jns");
            assertEquals(l.keySet(), j.keySet(), "rows of jns ls " + full + " vs lsns");
            assertTrue(l.values().stream().anyMatch(r -> r.node().get("type").asText().equals("user")),
                    "lsns " + full + " shows an owning user namespace: " + l.keySet());
            List<String> diffs = new ArrayList<>();
            for (long ns : l.keySet()) {
                compare(full + " namespace", ns, l.get(ns).node(), j.get(ns).node(), DEFAULT_COLUMNS,
                        zoo.containsKey(ns), diffs);
                if (l.get(ns).parentNs() != j.get(ns).parentNs()) {
                    diffs.add(full + " " + ns + ": nested under " + l.get(ns).parentNs() + " by lsns, under "
                            + j.get(ns).parentNs() + " by jns");
                }
            }
            assertEquals(List.of(), diffs, "jns ls " + full + " vs lsns");
        }
    }

    /** A JSON value as a Long, a String or null (a missing key shows as "MISSING"). */
    private static Object plain(JsonNode v) {
        if (v == null) {
            return "MISSING";
        }
        return v.isNull() ? null : v.isNumber() ? (Object) v.asLong() : v.asText();
    }

    private static String line(List<String> lines, String ns, String who) {
        return lines.stream().map(Live::squeeze).filter(s -> s.startsWith(ns + " ")).findFirst()
                .orElseGet(() -> fail(who + " has no line for " + ns + ": " + String.join("\n", lines)));
    }
}

package dev.jns.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.cli.hostile.ProcRootTrees.Result;
import dev.jns.core.testing.Fifos;
import dev.jns.core.testing.ProcFixture;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, "Keep it closed": at least 500 corrupted {@code --proc-root} trees, made by mutating
 * the fixtures of inspect-core (truncated, garbled, huge numbers, NULs, negative numbers, ppid and
 * owner cycles, FIFOs, symbolic link loops, links out of the root, directories instead of files,
 * deep ppid chains, huge files), each run through {@code jns ls} with several option sets,
 * {@code top -b}, {@code cg ls} and {@code cgtop -b}. No run may crash (a stack trace or "internal
 * error"), take longer than 5 s, or exit with anything but 0, 1 or 2.
 *
 * <p>Seeded: {@code -Djns.fuzz.seed=N} (the seed is printed); {@code -Djns.fuzz.trees=N} for
 * more or fewer trees. The whole run is bounded to about two minutes: it stops early (and says
 * so) when the budget is spent on a slow machine.
 */
@Tag("hostile")
class ProcRootFuzzHostileTest {
    private static final Duration PER_RUN = Duration.ofSeconds(5);
    private static final long BUDGET_NANOS = Duration.ofSeconds(150).toNanos();
    private static final String[] FIXTURES = {"container-host.txt", "plain-host.txt", "cgroup-v2.txt", "cgroup-v1.txt",
        "cgroup-hybrid.txt"};
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final ProcRootTrees.Scratch scratch = new ProcRootTrees.Scratch();
    private final Fifos fifos = scratch.fifos();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    /** Mutation kinds, each applied to a tree at random. */
    enum Kind { TRUNCATE, GARBLE, HUGE_NUMBER, NUL, NEGATIVE, PPID_CYCLE, OWNER_CYCLE, FIFO, SYMLINK_LOOP, SYMLINK_OUT,
        DIRECTORY, DEEP_CHAIN, HUGE_FILE, ODD_NAMES }

    @Test
    void corruptedProcRootsNeverCrashHangOrExitOddly() throws IOException {
        long seed = Long.getLong("jns.fuzz.seed", 20_110L);
        int trees = Integer.getInteger("jns.fuzz.trees", 500);
        System.out.println("ProcRootFuzzHostileTest: seed " + seed + " (-Djns.fuzz.seed=" + seed + "), " + trees + " trees");
        Random rnd = new Random(seed);
        Path work = scratch.make();
        Path[] templates = new Path[FIXTURES.length];
        List<List<String>> files = new ArrayList<>();
        for (int i = 0; i < FIXTURES.length; i++) {
            templates[i] = ProcFixture.unpack("fixtures/" + FIXTURES[i], work.resolve("template-" + i));
            files.add(regularFiles(templates[i]));
        }
        long start = System.nanoTime();
        int runs = 0;
        int made = 0;
        long maxMillis = 0;
        String slowest = "";
        TreeMap<Integer, Integer> byExit = new TreeMap<>();
        TreeMap<Kind, Integer> byKind = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        TreeMap<String, Integer> messages = new TreeMap<>(); // exit 1 and 2: the kinds of one-line errors seen
        for (int t = 0; t < trees && System.nanoTime() - start < BUDGET_NANOS; t++) {
            int f = rnd.nextInt(FIXTURES.length);
            Path root = work.resolve("tree-" + t);
            copy(templates[f], root);
            List<String> done = new ArrayList<>();
            int n = 1 + rnd.nextInt(3);
            for (int m = 0; m < n; m++) {
                Kind k = Kind.values()[rnd.nextInt(Kind.values().length)];
                if (k == Kind.DEEP_CHAIN && rnd.nextInt(4) != 0) {
                    k = Kind.PPID_CYCLE; // a chain costs a second to make: one tree in a few dozen
                }
                done.add(k + " " + mutate(k, root, files.get(f), rnd));
                byKind.merge(k, 1, Integer::sum);
            }
            made++;
            for (String[] args : commands(root, rnd)) {
                List<String> all = new ArrayList<>(List.of("--proc-root", root.resolve("proc").toString(),
                        "--sys-root", root.toString()));
                all.addAll(Arrays.asList(args));
                String what = "tree " + t + " (" + FIXTURES[f] + ": " + String.join("; ", done) + "): jns "
                        + String.join(" ", args);
                runs++;
                Result r;
                try {
                    r = ProcRootTrees.run(fifos, PER_RUN, all.toArray(new String[0]));
                } catch (AssertionError e) {
                    failures.add("hang: " + what + ": " + e.getMessage());
                    continue;
                }
                byExit.merge(r.rc(), 1, Integer::sum);
                if (r.millis() > maxMillis) {
                    maxMillis = r.millis();
                    slowest = what;
                }
                if (r.crashed() || r.rc() < 0 || r.rc() > 2) {
                    failures.add(what + ": " + r);
                } else if (r.rc() != 0) {
                    messages.merge(r.rc() + " " + r.err().replace(root.toString(), "ROOT").replaceAll("\\d+", "N")
                            .replaceAll("'[^']*'", "'...'").lines().findFirst().orElse(""), 1, Integer::sum);
                }
            }
            delete(root);
        }
        long secs = (System.nanoTime() - start) / 1_000_000_000L;
        String summary = "ProcRootFuzzHostileTest: seed " + seed + ": " + made + " trees, " + runs + " runs in " + secs
                + " s; exit codes " + byExit + "; mutations " + byKind + "; slowest run " + maxMillis + " ms ("
                + slowest + "); failures " + failures.size();
        System.out.println(summary);
        messages.forEach((m, c) -> System.out.println("  " + c + " x exit " + m));
        failures.stream().limit(20).forEach(System.out::println);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), summary);
        assertTrue(made >= Math.min(trees, 100), "too few trees within the time budget: " + summary);
    }

    /** Two to four option sets for one tree: the listing commands in turn, with random options. */
    private static List<String[]> commands(Path root, Random rnd) {
        List<String[]> all = new ArrayList<>();
        String pid = anyPid(root.resolve("proc"), rnd);
        String[][] ls = {{"ls"}, {"ls", "-J"}, {"ls", "-T"}, {"ls", "-Towner"}, {"ls", "-Tparent", "-o", "+PNS,ONS"},
            {"ls", "--output-all"}, {"ls", "-p", pid}, {"ls", "-P", "-r"}, {"ls", "4026531836"}, {"ls", "4026532177", "-J"}};
        String[][] others = {{"top", "-b", "-n", "1", "-d", "1ms", "--view", "processes"},
            {"top", "-b", "-n", "1", "-d", "1ms", "--view", "namespaces"},
            {"top", "-b", "-n", "1", "-d", "1ms", "--view", "cgroups"},
            {"cg", "ls"}, {"cgtop", "-b", "-n", "1", "-d", "1ms"}, {"cgtop", "-b", "-n", "1", "-d", "1ms", "-P", "--order", "memory"}};
        all.add(ls[rnd.nextInt(ls.length)]);
        all.add(ls[rnd.nextInt(ls.length)]);
        all.add(others[rnd.nextInt(others.length)]);
        if (rnd.nextBoolean()) {
            all.add(others[rnd.nextInt(others.length)]);
        }
        return all;
    }

    private static String anyPid(Path proc, Random rnd) {
        String[] names = proc.toFile().list();
        List<String> pids = new ArrayList<>();
        for (String n : names == null ? new String[0] : names) {
            if (n.matches("\\d{1,9}")) {
                pids.add(n);
            }
        }
        pids.sort(null);
        return pids.isEmpty() ? "1" : pids.get(rnd.nextInt(pids.size()));
    }

    // ---- mutations ----------------------------------------------------------------------------

    /** Applies one mutation; returns what it did, for the failure message. */
    private String mutate(Kind k, Path root, List<String> files, Random rnd) throws IOException {
        Path proc = root.resolve("proc");
        Path f = pick(root, files, rnd);
        if (f != null && k != Kind.TRUNCATE && k != Kind.FIFO && k != Kind.SYMLINK_LOOP && k != Kind.SYMLINK_OUT
                && k != Kind.DIRECTORY && Files.size(f) > 1 << 20) {
            f = null; // made huge before: only cut, replaced or left as it is
        }
        String rel = f == null ? "-" : root.relativize(f).toString();
        switch (k) {
            case TRUNCATE -> {
                if (f != null) {
                    long size = Files.size(f);
                    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
                        r.setLength(size == 0 ? 0 : (long) (rnd.nextDouble() * size));
                    }
                }
            }
            case GARBLE -> {
                if (f != null) {
                    byte[] b = Files.readAllBytes(f);
                    byte[] junk = "()[]:- \n\t\u001b\u0007\\%x\u00ff\u00c3".getBytes(StandardCharsets.ISO_8859_1);
                    for (int i = 0; i < 1 + b.length / 8 && b.length > 0; i++) {
                        b[rnd.nextInt(b.length)] = rnd.nextBoolean() ? junk[rnd.nextInt(junk.length)] : (byte) rnd.nextInt(256);
                    }
                    Files.write(f, b);
                }
            }
            case HUGE_NUMBER -> replaceNumber(f, rnd, new String[] {"99999999999999999999", "18446744073709551616",
                "9223372036854775807", "2147483648", "4294967296", "0", "00000000000000000000000001"});
            case NEGATIVE -> replaceNumber(f, rnd, new String[] {"-1", "-2147483648", "-9223372036854775808", "-0"});
            case NUL -> {
                if (f != null) {
                    byte[] b = Files.readAllBytes(f);
                    for (int i = 0; i < 1 + rnd.nextInt(4) && b.length > 0; i++) {
                        b[rnd.nextInt(b.length)] = 0;
                    }
                    Files.write(f, b);
                }
            }
            case PPID_CYCLE -> {
                List<String> pids = statPids(proc);
                if (pids.size() >= 2) {
                    int len = 1 + rnd.nextInt(Math.min(4, pids.size()));
                    List<String> ring = new ArrayList<>();
                    for (int i = 0; i < len; i++) {
                        ring.add(pids.get(rnd.nextInt(pids.size())));
                    }
                    for (int i = 0; i < ring.size(); i++) {
                        setPpid(proc, ring.get(i), ring.get((i + 1) % ring.size()));
                    }
                    return "pids " + ring;
                }
            }
            case OWNER_CYCLE -> {
                Path nsinfo = proc.resolve(".nsinfo");
                if (Files.isRegularFile(nsinfo, LinkOption.NOFOLLOW_LINKS)) {
                    List<String> lines = new ArrayList<>(Files.readAllLines(nsinfo));
                    List<String> inodes = new ArrayList<>();
                    for (String l : lines) {
                        String[] x = l.trim().split("\\s+");
                        if (x.length == 6) {
                            inodes.add(x[1]);
                        }
                    }
                    for (int i = 0; i < lines.size() && !inodes.isEmpty(); i++) {
                        String[] x = lines.get(i).trim().split("\\s+");
                        if (x.length == 6 && rnd.nextInt(3) == 0) {
                            x[2 + rnd.nextInt(2)] = inodes.get(rnd.nextInt(inodes.size())); // parent or owner
                            lines.set(i, String.join(" ", x));
                        }
                    }
                    Files.write(nsinfo, lines);
                    return ".nsinfo";
                }
            }
            case FIFO -> {
                if (f != null) {
                    fifos.make(f);
                }
            }
            case SYMLINK_LOOP -> {
                if (f != null) {
                    Files.delete(f);
                    if (rnd.nextBoolean()) {
                        Files.createSymbolicLink(f, f.getFileName());
                    } else {
                        Path other = f.resolveSibling(f.getFileName() + ".loop");
                        Files.deleteIfExists(other);
                        Files.createSymbolicLink(f, other.getFileName());
                        Files.createSymbolicLink(other, f.getFileName());
                    }
                }
            }
            case SYMLINK_OUT -> {
                String[] outside = {"/etc/hostname", "/proc/self/stat", "/proc/1/cmdline", "/dev/zero", "/dev/null",
                    "/", "/proc", "/etc/shadow", "../../../../../../../../etc/passwd"};
                String target = outside[rnd.nextInt(outside.length)];
                if (rnd.nextInt(4) == 0) {
                    List<String> pids = statPids(proc);
                    if (!pids.isEmpty()) { // a whole process directory
                        Path dir = proc.resolve(pids.get(rnd.nextInt(pids.size())));
                        delete(dir);
                        Files.createSymbolicLink(dir, Path.of(rnd.nextBoolean() ? "/proc/1" : target));
                        return proc.relativize(dir) + " -> " + target;
                    }
                }
                if (f != null) {
                    Files.delete(f);
                    Files.createSymbolicLink(f, Path.of(target));
                    return rel + " -> " + target;
                }
            }
            case DIRECTORY -> {
                if (f != null) {
                    Files.delete(f);
                    Files.createDirectory(f);
                }
            }
            case DEEP_CHAIN -> {
                List<String> pids = statPids(proc);
                if (!pids.isEmpty() && !Files.exists(proc.resolve("200000"), LinkOption.NOFOLLOW_LINKS)) {
                    int like = Integer.parseInt(pids.get(0));
                    int n = 1000 + rnd.nextInt(1500);
                    List<String> types = new ArrayList<>();
                    for (String ty : new String[] {"pid", "user", "net", "mnt", "uts", "ipc", "cgroup", "time"}) {
                        if (Files.isSymbolicLink(proc.resolve(like + "/ns/" + ty))) {
                            types.add(ty);
                        }
                    }
                    ProcRootTrees.chain(proc, like, like, 200_000, n, types);
                    return n + " processes below " + like;
                }
            }
            case HUGE_FILE -> {
                if (f != null) {
                    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
                        r.setLength(rnd.nextBoolean() ? 64L << 20 : 300L << 20); // sparse
                    }
                }
            }
            case ODD_NAMES -> {
                List<String> pids = statPids(proc);
                if (!pids.isEmpty()) {
                    Path p = proc.resolve(pids.get(rnd.nextInt(pids.size())));
                    Files.createDirectories(p.resolve("fd"));
                    String[] names = {"99999999999999", "2147483648", "-1", "0x10", "1e3", "٣"};
                    String[] targets = {"net:[99999999999999999999999]", "net:[-1]", "user:[]", "bogus:[1]", "mnt:[4026531832]",
                        "pipe:[1]", "/dev/null", ""};
                    String name = names[rnd.nextInt(names.length)];
                    String target = targets[rnd.nextInt(targets.length)];
                    if (!target.isEmpty()) {
                        Files.deleteIfExists(p.resolve("fd/" + name));
                        Files.createSymbolicLink(p.resolve("fd/" + name), Path.of(target));
                    }
                    Path top = proc.resolve(names[rnd.nextInt(names.length)]);
                    if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(top);
                    }
                    return proc.relativize(p) + "/fd/" + name + " -> " + target + ", " + proc.relativize(top);
                }
            }
        }
        return rel;
    }

    /** The regular files of a template, relative, sorted. */
    private static List<String> regularFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).map(p -> root.relativize(p).toString())
                    .sorted().toList();
        }
    }

    /**
     * A file of the template that is still a regular file in the tree, at random: most often one
     * jns reads per process ({@code stat}, {@code cmdline}, {@code cgroup}...) or the root's own
     * ({@code .owners}, {@code .nsinfo}, {@code etc/passwd}, a cgroup file); null when none is left.
     */
    private static Path pick(Path root, List<String> files, Random rnd) {
        List<String> hot = new ArrayList<>();
        for (String p : files) {
            String n = p.substring(p.lastIndexOf('/') + 1);
            if (n.equals("stat") || n.equals("cmdline") || n.equals("cgroup") || n.equals("mountinfo") || n.equals(".owners")
                    || n.equals(".nsinfo") || n.equals("passwd") || n.equals("cgroup.procs") || n.equals("cpu.stat")) {
                hot.add(p);
            }
        }
        List<String> from = !hot.isEmpty() && rnd.nextInt(4) != 0 ? hot : files;
        for (int attempt = 0; attempt < 8 && !from.isEmpty(); attempt++) {
            Path p = root.resolve(from.get(rnd.nextInt(from.size())));
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
        return null;
    }

    private static void replaceNumber(Path f, Random rnd, String[] values) throws IOException {
        if (f == null) {
            return;
        }
        String s = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        Matcher m = NUMBER.matcher(s);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return;
        }
        int[] at = spans.get(rnd.nextInt(spans.size()));
        String v = values[rnd.nextInt(values.length)];
        Files.write(f, (s.substring(0, at[0]) + v + s.substring(at[1])).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Pids whose {@code stat} is a well-formed-looking regular file, ascending by name. */
    private static List<String> statPids(Path proc) {
        List<String> out = new ArrayList<>();
        String[] names = proc.toFile().list();
        for (String n : names == null ? new String[0] : names) {
            Path st = proc.resolve(n + "/stat");
            if (n.matches("\\d{1,9}") && Files.isRegularFile(st, LinkOption.NOFOLLOW_LINKS)) {
                out.add(n);
            }
        }
        out.sort(null);
        return out;
    }

    private static void setPpid(Path proc, String pid, String ppid) throws IOException {
        Path f = proc.resolve(pid + "/stat");
        String s = Files.readString(f);
        int close = s.lastIndexOf(')');
        if (close < 0 || close + 2 >= s.length()) {
            return;
        }
        String[] rest = s.substring(close + 2).split(" ", 3);
        if (rest.length == 3) {
            Files.writeString(f, s.substring(0, close + 2) + rest[0] + " " + ppid + " " + rest[2]);
        }
    }

    // ---- tree copies --------------------------------------------------------------------------

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(q, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}

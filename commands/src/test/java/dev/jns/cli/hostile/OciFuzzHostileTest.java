package dev.jns.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jns.cli.Main;
import dev.jns.cli.output.Terminal;
import dev.jns.core.oci.OciHostileSupport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config fuzzer of issue 11 ("Keep it closed"): at least 10,000 seeded configs, mutated from
 * the sample bundles (samples/oci-bundles/NAME/config.json) and the test corpus
 * (inspect-core/src/test/resources/oci), each run in-process through {@link Main#run} as
 * {@code jns oci validate} and as {@code jns oci inspect}, in a bundle whose rootfs holds hostile
 * entries (symlinks out of it, absolute and relative, a loop, a FIFO, a socket). The modes go in
 * turn from config to config: validate as text and as --json, with and without the host layer;
 * inspect as text and as --json; PATH is the bundle or its config.json.
 *
 * <p>Mutations: byte-level (truncation, bit flips, raw NUL and control bytes, invalid UTF-8, huge
 * numbers, deep nesting, lone surrogate escapes, chunks cut and repeated) and structure-level (type
 * swaps, huge arrays, duplicate keys, hostile path strings: NUL, lone surrogates, "..", "/",
 * absolute paths, long and control-character paths, in every place a path goes). A few runs
 * replace config.json itself by a FIFO, a symlink out of the bundle, a dangling symlink or a
 * directory.
 *
 * <p>Asserted for every run: no stack trace or internal error, no run over 5 s, an exit code in
 * {0, 1, 2}, and --json output that parses. Seeded: the seed is printed; {@code -Djns.fuzz.seed=N}
 * repeats a run. {@code -Djns.fuzz.configs=N} changes the count (default 10,000); a time budget of
 * 150 s stops it earlier only on a machine too slow to do them all, and then says so.
 */
@Tag("hostile")
class OciFuzzHostileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long RUN_LIMIT_MS = 5_000;
    private static final long BUDGET_MS = 150_000;
    private static final int MAX_CONFIG = 2 << 20;
    private static final String SECRET = "SECRET-LINE-of-a-host-file";
    private static final java.util.regex.Pattern THROWABLE = java.util.regex.Pattern.compile("\\b[A-Z][A-Za-z]*(Exception|Error)\\b");

    @TempDir
    Path tmp;

    /** The paths a config may name, hostile ones included, for structure-level mutations. */
    private static final String[] PATHS = {
        "/", "..", "../../../..", "rootfs", "/bin/sh", "/bin/escape", "/bin/abs-escape", "/bin/loop", "/bin/fifo",
        "/bin/sock", "/proc/self/root/etc/shadow", "/etc/shadow", "/dev/zero", "rootfs/../../..", "./rootfs/",
        "a\u0000b", "/bin/\u0000sh", "\ud800", "/bin/\udc00x", "rootfs\ud83d", "/\u001b]0;pwned\u0007", "\u009b2J",
        "//bin//sh", "/bin/./sh/..", "", " ", "relative/path", "/proc/1/ns/net", "/proc/self/ns/user", "C:\\\\x",
    };

    record Outcome(int rc, String out, String err, long millis) {}

    private static final String[][] MODES = {
        {"oci", "validate"}, {"oci", "validate", "--json"}, {"oci", "validate", "--no-host"},
        {"oci", "validate", "--no-host", "--json"}, {"oci", "inspect"}, {"oci", "inspect", "--json"},
    };

    /** What one worker did; workers share nothing but the seeds and the deadline. */
    static final class Tally {
        final Map<String, Integer> rcs = new TreeMap<>();
        final List<String> problems = new ArrayList<>();
        long maxMs;
        String slowest = "";
        int runs;
        int done;
        int parsed;
        long fixtureNanos;
    }

    @Test
    void tenThousandMutatedConfigsNeverCrashHangOrMisbehave() throws Exception {
        long seed = Long.getLong("jns.fuzz.seed", System.nanoTime());
        int configs = Integer.getInteger("jns.fuzz.configs", 10_000);
        int workers = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        System.out.println("OciFuzzHostileTest: seed " + seed + " (repeat with -Djns.fuzz.seed=" + seed + "), " + workers
                + " workers");
        List<byte[]> seeds = seeds();
        Assumptions.assumeTrue(seeds.size() >= 5, "sample bundles and the test corpus not found from "
                + Path.of("").toAbsolutePath());
        long start = System.nanoTime();
        long deadline = start + BUDGET_MS * 1_000_000;
        List<Tally> tallies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < workers; w++) {
            Tally t = new Tally();
            tallies.add(t);
            Path dir = Files.createDirectories(tmp.resolve("w" + w));
            // worker w does configs w, w + workers, ...: its own random stream, from the seed
            int share = configs / workers + (w < configs % workers ? 1 : 0);
            Random rnd = new Random(seed + 7919L * w);
            Thread th = new Thread(() -> {
                try {
                    fuzz(dir, seeds, rnd, share, deadline, t);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "oci-fuzz-worker-" + w);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a fuzz worker failed (seed " + seed + ")", failures.get(0));
        }
        Tally all = new Tally();
        for (Tally t : tallies) {
            t.rcs.forEach((k, v) -> all.rcs.merge(k, v, Integer::sum));
            all.problems.addAll(t.problems);
            if (t.maxMs >= all.maxMs) {
                all.maxMs = t.maxMs;
                all.slowest = t.slowest;
            }
            all.runs += t.runs;
            all.done += t.done;
            all.parsed += t.parsed;
            all.fixtureNanos += t.fixtureNanos;
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000_000;
        System.out.println("OciFuzzHostileTest: " + all.done + " configs (" + all.parsed + " valid JSON), " + all.runs + " runs in "
                + seconds + " s (" + all.fixtureNanos / 1_000_000_000 + " s of them mutating; this JVM's CPU time " + cpu
                + " s, load " + String.format("%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage()) + "); slowest run " + all.maxMs + " ms (" + all.slowest + "); problems "
                + all.problems.size());
        for (Map.Entry<String, Integer> e : all.rcs.entrySet()) {
            System.out.println("  " + e.getKey() + ": " + e.getValue());
        }
        for (String p : all.problems) {
            System.out.println("  problem: " + p.substring(0, Math.min(p.length(), 200)).replace('\n', ' '));
        }
        assertEquals(List.of(), all.problems, "seed " + seed);
        assertTrue(all.maxMs < RUN_LIMIT_MS, "slowest run " + all.maxMs + " ms: " + all.slowest);
        assertTrue(all.done >= configs || seconds * 1000 >= BUDGET_MS, "only " + all.done + " configs");
        assertTrue(all.done >= Math.min(configs, 2_000), "too slow to be a fuzzer: " + all.done + " configs in " + seconds + " s");
        assertTrue(all.parsed > all.done / 4, "most configs should still parse, to reach the checks: " + all.parsed + " of "
                + all.done);
    }

    /** One worker: {@code configs} mutated configs in its own bundle under {@code dir}, until the deadline. */
    private void fuzz(Path dir, List<byte[]> seeds, Random rnd, int configs, long deadline, Tally t) throws IOException {
        Path bundle = bundle(dir);
        Path config = bundle.resolve("config.json");
        ExecutorService pool = Executors.newSingleThreadExecutor(daemon());
        try {
            for (; t.done < configs && t.problems.size() < 20 && System.nanoTime() < deadline; t.done++) {
                long m0 = System.nanoTime();
                byte[] cfg = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
                if (cfg.length > MAX_CONFIG) {
                    cfg = java.util.Arrays.copyOf(cfg, MAX_CONFIG);   // mutations that multiply: a truncated config then
                }
                String special = placeConfig(dir, config, cfg, rnd);
                if (special == null && isJson(cfg)) {
                    t.parsed++;
                }
                t.fixtureNanos += System.nanoTime() - m0;
                // each config runs as validate and as inspect, the modes taken in turn: a run in
                // process costs a few milliseconds (picocli), six per config would not fit the time
                for (String[] mode : new String[][] {MODES[t.done % 4], MODES[4 + (t.done / 4) % 2]}) {
                    String[] args = new String[mode.length + 1];
                    System.arraycopy(mode, 0, args, 0, mode.length);
                    args[mode.length] = rnd.nextInt(4) == 0 ? config.toString() : bundle.toString();
                    Outcome o;
                    Future<Outcome> f = pool.submit(() -> run(args));
                    try {
                        o = f.get(RUN_LIMIT_MS, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException | InterruptedException | java.util.concurrent.ExecutionException e) {
                        t.problems.add((e instanceof TimeoutException ? "hang over " + RUN_LIMIT_MS + " ms" : "thrown: " + e)
                                + ": " + String.join(" ", args) + describe(cfg, special) + "\n  config: " + keep(cfg));
                        release(config);
                        pool.shutdownNow();
                        pool = Executors.newSingleThreadExecutor(daemon());
                        continue;
                    }
                    t.runs++;
                    t.rcs.merge(String.join(" ", mode) + " -> " + o.rc(), 1, Integer::sum);
                    if (o.millis() > t.maxMs) {
                        t.maxMs = o.millis();
                        t.slowest = String.join(" ", args) + " (config " + t.done + ", " + cfg.length + " bytes"
                                + (o.millis() > 1000 ? ", kept in " + keep(cfg) : "") + ")";
                    }
                    String why = check(mode, o);
                    if (why != null) {
                        t.problems.add(why + ": " + String.join(" ", args) + describe(cfg, special) + "\n  stderr: "
                                + clip(o.err()) + "\n  stdout: " + clip(o.out()) + "\n  config: " + keep(cfg));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Why a run's outcome is wrong, or null. */
    private static String check(String[] mode, Outcome o) {
        if (o.rc() < 0 || o.rc() > 2) {
            return "exit code " + o.rc();
        }
        String all = o.out() + o.err();
        if (all.contains("internal error") || all.contains("\tat ") || all.contains("Exception") && THROWABLE.matcher(all).find()
                || all.contains("Error") && THROWABLE.matcher(all).find()) {
            return "a stack trace or internal error";
        }
        if (all.contains(SECRET)) {
            return "the content of a file outside the bundle was shown";
        }
        boolean json = mode[mode.length - 1].equals("--json");
        // text is escaped for a terminal; JSON by its own rules (controls below 0x20 as \\u00XX)
        for (int i = 0; i < all.length(); i++) {
            char c = all.charAt(i);
            if (c == '\u001b' || c == '\u0007' || !json && c == '\u009b') {
                return String.format("a raw control character U+%04X in the output, after \"%s\"", (int) c,
                        all.substring(Math.max(0, i - 80), i));
            }
        }
        boolean validateJson = json && mode[1].equals("validate");   // its unreadable input is a JSON report
        if (o.rc() == 2 && !validateJson && (!o.out().isEmpty() || o.err().lines().count() != 1)) {
            return "exit 2 without exactly one line on stderr";
        }
        if (json && !o.out().isEmpty()) {
            try {
                JSON.readTree(o.out());
            } catch (IOException e) {
                return "--json output that does not parse (" + e.getMessage() + ")";
            }
        }
        if (mode[1].equals("validate") && o.rc() != 2 && o.out().isEmpty()) {
            return "no report";
        }
        if (mode[1].equals("inspect") && o.rc() == 1 && (!o.out().isEmpty() || o.err().lines().count() != 1)) {
            return "inspect failed without exactly one line on stderr";
        }
        return null;
    }

    private static Outcome run(String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int rc = Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(rc, out.toString(), err.toString(), (System.nanoTime() - t0) / 1_000_000);
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "oci-fuzz");
            t.setDaemon(true);
            return t;
        };
    }

    /** If a run hangs opening a FIFO at config.json, opening it for writing lets that open return. */
    private static void release(Path config) {
        OciHostileSupport.release(config);
    }

    /** Keeps a config that went wrong in target/oci-fuzz/, for a closer look; returns where. */
    private static String keep(byte[] cfg) {
        try {
            Path dir = Files.createDirectories(Path.of("target/oci-fuzz"));
            return Files.write(Files.createTempFile(dir, "problem-", ".json"), cfg).toAbsolutePath().toString();
        } catch (IOException e) {
            return "not kept: " + e;
        }
    }

    private static String describe(byte[] cfg, String special) {
        return special != null ? " [config.json is " + special + "]" : " [config " + clip(new String(cfg, StandardCharsets.UTF_8)) + "]";
    }

    private static String clip(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "...(" + s.length() + " chars)";
    }

    private static boolean isJson(byte[] b) {
        try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(b)) {
            while (p.nextToken() != null) {
                p.skipChildren();   // tokens only, no tree: this runs for every config
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ---- fixture ----

    /** The seeds: every sample bundle's config.json and the JSON files of the test corpus. */
    private static List<byte[]> seeds() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (Path dir : List.of(Path.of("../samples/oci-bundles"), Path.of("../inspect-core/src/test/resources/oci"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(dir, 2)) {
                boolean samples = dir.toString().contains("oci-bundles");
                for (Path p : s.filter(p -> (samples ? p.getFileName().toString().equals("config.json")
                        : p.toString().endsWith(".json")) && Files.isRegularFile(p)).sorted().toList()) {
                    out.add(Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    /** A bundle whose rootfs holds what a hostile image would: links out, a loop, a FIFO, a socket. */
    private static Path bundle(Path dir) throws IOException {
        Path outside = Files.writeString(dir.resolve("outside-secret"), SECRET + "\n");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path b = Files.createDirectories(dir.resolve("bundle"));
        Path bin = Files.createDirectories(b.resolve("rootfs/bin"));
        Path sh = Files.writeString(bin.resolve("busybox"), "never executed");
        Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("/bin/busybox"));
        Files.createSymbolicLink(bin.resolve("escape"), Path.of("../../../../../../../../" + outside));
        Files.createSymbolicLink(bin.resolve("abs-escape"), outside);
        Files.createSymbolicLink(bin.resolve("loop"), Path.of("loop"));
        Files.createSymbolicLink(b.resolve("rootfs/etc"), Path.of("/etc"));
        Files.createSymbolicLink(b.resolve("rootfs-link"), Path.of("rootfs"));
        mkfifo(bin.resolve("fifo"));
        try (java.nio.channels.ServerSocketChannel s = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            s.bind(java.net.UnixDomainSocketAddress.of(bin.resolve("sock")));
        } catch (IOException | UnsupportedOperationException e) {
            // no socket entry then
        }
        return b;
    }

    private static void mkfifo(Path p) throws IOException {
        try {
            OciHostileSupport.mkfifo(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes the config, or (one run in 50) puts something hostile at config.json instead; returns
     * what, or null for a plain file.
     */
    private static String placeConfig(Path dir, Path config, byte[] cfg, Random rnd) throws IOException {
        if (Files.isDirectory(config, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(config);
        } else {
            Files.deleteIfExists(config);
        }
        int k = rnd.nextInt(50);
        switch (k) {
            case 0:
                mkfifo(config);
                if (Files.exists(config)) {
                    return "a FIFO";
                }
                break;
            case 1:
                Files.createSymbolicLink(config, dir.resolve("outside-secret"));
                return "a symlink out of the bundle";
            case 2:
                Files.createSymbolicLink(config, Path.of("missing.json"));
                return "a dangling symlink";
            case 3:
                Files.createDirectory(config);
                return "a directory";
            case 4:
                Files.createSymbolicLink(config, Path.of("rootfs/bin/fifo"));
                return "a symlink to a FIFO in the bundle";
            default:
        }
        Files.write(config, cfg);
        return null;
    }

    // ---- mutations ----

    private static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed;
        int kind = rnd.nextInt(10);
        if (kind < 5) {
            b = structure(b, rnd);
        }
        if (kind >= 4) {
            int n = 1 + rnd.nextInt(kind == 9 ? 6 : 2);
            for (int i = 0; i < n; i++) {
                b = bytes(b, rnd);
            }
        }
        return b;
    }

    private static final String[] JUNK = {"\u0000", "\u001b[31m", "\u0007", "\\u0000", "\\ud800", "\\udc00", "\\ud83d\\ude00",
        "\\ud800\\u0041", "\\u001b]0;x\\u0007", "\\u009b"};

    /** One byte-level mutation of the text. */
    private static byte[] bytes(byte[] b, Random rnd) {
        if (b.length == 0) {
            return "{".getBytes(StandardCharsets.UTF_8);
        }
        int at = rnd.nextInt(b.length + 1);
        switch (rnd.nextInt(12)) {
            case 0:   // truncation
                return java.util.Arrays.copyOf(b, at);
            case 1: { // bit flips
                byte[] c = b.clone();
                for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
                    c[rnd.nextInt(c.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return c;
            }
            case 2:   // raw NUL or control bytes
                return insert(b, at, new byte[] {0});
            case 3:   // invalid UTF-8
                return insert(b, inString(b, rnd), new byte[][] {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0x80},
                    {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF5, (byte) 0x80, (byte) 0x80,
                        (byte) 0x80}}[rnd.nextInt(6)]);
            case 4: { // huge numbers in place of a number
                String t = new String(b, StandardCharsets.UTF_8);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?[0-9]+").matcher(t);
                List<int[]> spans = new ArrayList<>();
                while (m.find()) {
                    spans.add(new int[] {m.start(), m.end()});
                }
                if (spans.isEmpty()) {
                    return b;
                }
                int[] s = spans.get(rnd.nextInt(spans.size()));
                String[] huge = {"9".repeat(1 + rnd.nextInt(5000)), "-" + "9".repeat(40), "18446744073709551616", "1e999", "-1.5e-400",
                    "0.0000000001", "4294967296", "-1", "1" + "0".repeat(rnd.nextInt(100) == 0 ? 1_000_000 : 1000)};
                return (t.substring(0, s[0]) + huge[rnd.nextInt(huge.length)] + t.substring(s[1])).getBytes(StandardCharsets.UTF_8);
            }
            case 5: { // deep nesting as a value
                int depth = 900 + rnd.nextInt(300);
                String v = "[".repeat(depth) + "]".repeat(depth);
                return replaceAValue(b, rnd, rnd.nextBoolean() ? v : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
            }
            case 6:   // escapes: lone surrogates, NUL, control characters
                return insert(b, inString(b, rnd), JUNK[rnd.nextInt(JUNK.length)].getBytes(StandardCharsets.UTF_8));
            case 7: { // a chunk cut out
                int end = Math.min(b.length, at + 1 + rnd.nextInt(64));
                byte[] c = new byte[b.length - (end - at)];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, end, c, at, b.length - end);
                return c;
            }
            case 8: { // a chunk repeated
                int end = Math.min(b.length, at + 1 + rnd.nextInt(64));
                return insert(b, at, java.util.Arrays.copyOfRange(b, at, end));
            }
            case 9:   // a structural character
                return insert(b, at, new byte[] {"{}[],:\"\\".getBytes(StandardCharsets.US_ASCII)[rnd.nextInt(8)]});
            case 10:  // a byte-order mark or white space
                return rnd.nextBoolean() ? insert(b, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}) : insert(b, at,
                        " \n\t\r".getBytes(StandardCharsets.US_ASCII));
            default:  // a random byte
                return insert(b, at, new byte[] {(byte) rnd.nextInt(256)});
        }
    }

    private static byte[] insert(byte[] b, int at, byte[] x) {
        byte[] c = new byte[b.length + x.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(x, 0, c, at, x.length);
        System.arraycopy(b, at, c, at + x.length, b.length - at);
        return c;
    }

    /** A position just after a double quote (inside a string, most of the time), or anywhere. */
    private static int inString(byte[] b, Random rnd) {
        for (int tries = 0; tries < 20; tries++) {
            int i = rnd.nextInt(b.length);
            if (b[i] == '"') {
                return i + 1;
            }
        }
        return rnd.nextInt(b.length + 1);
    }

    /** The text with the value after some ':' replaced (roughly: up to the next ',' or '}'). */
    private static byte[] replaceAValue(byte[] b, Random rnd, String v) {
        String t = new String(b, StandardCharsets.UTF_8);
        int colon = t.indexOf(':', rnd.nextInt(Math.max(1, t.length())));
        if (colon < 0) {
            colon = t.indexOf(':');
        }
        if (colon < 0) {
            return b;
        }
        int end = colon + 1;
        while (end < t.length() && t.charAt(end) != ',' && t.charAt(end) != '}') {
            end++;
        }
        return (t.substring(0, colon + 1) + v + t.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    /** Structure-level mutations on the parsed seed, written back with duplicate keys now and then. */
    private static byte[] structure(byte[] seed, Random rnd) {
        JsonNode root;
        try {
            root = JSON.readTree(seed);
        } catch (IOException e) {
            return seed;
        }
        if (root == null || !root.isObject()) {
            return seed;
        }
        // one config in 200 is larger (thousands of mounts, sysctls, mappings, duplicate keys): the
        // rest stay small, so that 10,000 configs take a minute or two
        int scale = rnd.nextInt(200) == 0 ? 5 : 1;
        for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
            structureOnce((ObjectNode) root, rnd, scale);
        }
        StringBuilder out = new StringBuilder();
        write(root, out, rnd, rnd.nextInt(4) == 0 ? scale : 0);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void structureOnce(ObjectNode root, Random rnd, int scale) {
        switch (rnd.nextInt(9)) {
            case 0: { // type swap of a random node
                List<JsonNode[]> slots = new ArrayList<>();
                collect(root, slots);
                if (!slots.isEmpty()) {
                    JsonNode[] s = slots.get(rnd.nextInt(slots.size()));
                    replace(s[0], s[1], randomValue(rnd));
                }
                break;
            }
            case 1: { // a huge array
                List<JsonNode[]> arrays = new ArrayList<>();
                collect(root, arrays);
                arrays.removeIf(s -> !s[1].isArray() || s[1].size() == 0);
                if (!arrays.isEmpty()) {
                    ArrayNode a = (ArrayNode) arrays.get(rnd.nextInt(arrays.size()))[1];
                    JsonNode item = a.get(rnd.nextInt(a.size()));
                    int n = 100 + rnd.nextInt(1000 * scale);
                    n = Math.min(n, 2_000_000 / Math.max(1, item.toString().length()));   // 2 MB of JSON at most
                    for (int i = 0; i < n; i++) {
                        a.add(rnd.nextInt(3) == 0 ? mutatePath(item.deepCopy(), rnd, i) : item);
                    }
                }
                break;
            }
            case 2:   // a hostile path where a path goes
            case 3:
            case 4:
                path(root, rnd);
                break;
            case 5: { // many mounts nested in one another, children first (each hides the ones before)
                ArrayNode ms = root.putArray("mounts");
                StringBuilder d = new StringBuilder();
                int n = 50 + rnd.nextInt(200 * scale);
                List<String> dests = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    d.append("/d");
                    dests.add(d.toString());
                }
                java.util.Collections.reverse(dests);
                for (String x : dests) {
                    ms.addObject().put("destination", x).put("type", "tmpfs").put("source", "tmpfs");
                }
                break;
            }
            case 6: { // many sysctls, user mappings or namespaces
                ObjectNode linux = root.has("linux") && root.get("linux").isObject() ? (ObjectNode) root.get("linux")
                        : root.putObject("linux");
                int n = 100 + rnd.nextInt(1000 * scale);
                switch (rnd.nextInt(3)) {
                    case 0: {
                        ObjectNode sc = linux.putObject("sysctl");
                        for (int i = 0; i < n; i++) {
                            sc.put((rnd.nextBoolean() ? "net.x" : "vm.y") + i, "1");
                        }
                        break;
                    }
                    case 1: {
                        arrayOf(linux, "namespaces").addObject().put("type", "user");
                        ArrayNode um = linux.putArray("uidMappings");
                        for (int i = 0; i < n; i++) {
                            um.addObject().put("containerID", rnd.nextInt(1000)).put("hostID", 100000 + rnd.nextInt(100000))
                                    .put("size", 1 + rnd.nextInt(500));
                        }
                        linux.set("gidMappings", um);
                        break;
                    }
                    default: {
                        ArrayNode ns = linux.putArray("namespaces");
                        for (int i = 0; i < n; i++) {
                            ns.addObject().put("type", rnd.nextBoolean() ? "pid" : "t" + i);
                        }
                    }
                }
                break;
            }
            case 7:   // a member removed
                if (root.size() > 0) {
                    List<String> names = new ArrayList<>();
                    root.fieldNames().forEachRemaining(names::add);
                    root.remove(names.get(rnd.nextInt(names.size())));
                }
                break;
            default: { // a hook on the host and one in the container
                ObjectNode hooks = root.putObject("hooks");
                for (String kind : new String[] {"prestart", "createRuntime", "startContainer", "poststop"}) {
                    ArrayNode a = hooks.putArray(kind);
                    a.addObject().put("path", PATHS[rnd.nextInt(PATHS.length)]).putArray("args").add("x");
                }
            }
        }
    }

    /** Puts a hostile path string at one of the places a config names a path. */
    private static void path(ObjectNode root, Random rnd) {
        String p = PATHS[rnd.nextInt(PATHS.length)];
        if (rnd.nextInt(8) == 0) {
            p = "/" + "a/".repeat(rnd.nextInt(2000)) + p;
        }
        ObjectNode process = root.has("process") && root.get("process").isObject() ? (ObjectNode) root.get("process")
                : root.putObject("process");
        ObjectNode linux = root.has("linux") && root.get("linux").isObject() ? (ObjectNode) root.get("linux")
                : root.putObject("linux");
        switch (rnd.nextInt(11)) {
            case 0: process.putArray("args").add(p).add("-c"); break;
            case 1: root.putObject("root").put("path", p); break;
            case 2: process.put("cwd", p); break;
            case 3: process.putArray("env").add("PATH=" + p + ":/bin:" + p).add(p + "=1"); break;
            case 4: arrayOf(linux, "namespaces").addObject().put("type", rnd.nextBoolean() ? "network" : "user").put("path", p); break;
            case 5: arrayOf(root, "mounts").addObject().put("destination", p).put("source", p).put("type",
                    rnd.nextBoolean() ? "bind" : p).putArray("options").add("rbind"); break;
            case 6: linux.putObject("sysctl").put(p, "1").put("net." + p, p); break;
            case 7: root.putObject("hooks").putArray(rnd.nextBoolean() ? "startContainer" : "createRuntime").addObject()
                    .put("path", p); break;
            case 8: linux.putArray("devices").addObject().put("path", p).put("type", "c").put("major", 1).put("minor", 3); break;
            case 9: linux.putArray(rnd.nextBoolean() ? "maskedPaths" : "readonlyPaths").add(p); break;
            default: root.putObject("annotations").put(p, p);
        }
    }

    /** The array member {@code name} of {@code o}, made one if it is missing or something else. */
    private static ArrayNode arrayOf(ObjectNode o, String name) {
        JsonNode a = o.get(name);
        return a != null && a.isArray() ? (ArrayNode) a : o.putArray(name);
    }

    private static JsonNode mutatePath(JsonNode item, Random rnd, int i) {
        if (item.isObject() && item.has("destination")) {
            ((ObjectNode) item).put("destination", "/m/" + i + (rnd.nextBoolean() ? "/.." : ""));
        } else if (item.isTextual()) {
            return NODES.textNode(item.asText() + i);
        }
        return item;
    }

    private static JsonNode randomValue(Random rnd) {
        switch (rnd.nextInt(9)) {
            case 0: return NODES.textNode(PATHS[rnd.nextInt(PATHS.length)]);
            case 1: return NODES.numberNode(rnd.nextLong());
            case 2: return NODES.numberNode(new java.math.BigInteger("9".repeat(30)));
            case 3: return NODES.numberNode(rnd.nextDouble() * 1e6);
            case 4: return NODES.booleanNode(rnd.nextBoolean());
            case 5: return NODES.nullNode();
            case 6: return NODES.arrayNode().add(1).add("x").addNull();
            case 7: return NODES.objectNode().put("a", 1).put("", "");
            default: return NODES.textNode("x".repeat(rnd.nextInt(5_000)));
        }
    }

    /** Every (parent, child) pair of the tree. */
    private static void collect(JsonNode n, List<JsonNode[]> out) {
        for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
            JsonNode c = it.next();
            out.add(new JsonNode[] {n, c});
            collect(c, out);
        }
    }

    private static void replace(JsonNode parent, JsonNode child, JsonNode by) {
        if (parent.isArray()) {
            ArrayNode a = (ArrayNode) parent;
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) == child) {
                    a.set(i, by);
                    return;
                }
            }
        } else if (parent.isObject()) {
            ObjectNode o = (ObjectNode) parent;
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue() == child) {
                    e.setValue(by);
                    return;
                }
            }
        }
    }

    /** JSON text of a tree; with {@code dups} > 0, some members written twice or more (runc keeps the last). */
    private static void write(JsonNode n, StringBuilder b, Random rnd, int dups) {
        if (n.isObject()) {
            b.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                // many copies of a scalar member, at most two of an object or array (copies nest)
                boolean scalar = !e.getValue().isContainerNode();
                int times = dups > 0 && rnd.nextInt(6) == 0 ? 2 + (scalar ? rnd.nextInt(dups > 1 ? 10_000 : 3) : 0) : 1;
                for (int t = 0; t < times; t++) {
                    b.append(first ? "" : ",");
                    first = false;
                    string(e.getKey(), b);
                    b.append(':');
                    write(e.getValue(), b, rnd, dups);
                }
            }
            b.append('}');
        } else if (n.isArray()) {
            b.append('[');
            for (int i = 0; i < n.size(); i++) {
                b.append(i > 0 ? "," : "");
                write(n.get(i), b, rnd, dups);
            }
            b.append(']');
        } else if (n.isTextual()) {
            string(n.asText(), b);
        } else {
            b.append(n.toString());
        }
    }

    /** A JSON string; lone surrogates and controls are written as escapes (as a hostile file would). */
    private static void string(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) || (c >= 0x7f && c < 0xa0)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}

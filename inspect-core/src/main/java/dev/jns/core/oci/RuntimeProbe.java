package dev.jns.core.oci;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Finds the runtime that will run a bundle and asks it what it is: {@code RUNTIME --version} and
 * {@code RUNTIME features}. Each of those costs about 100 ms of CPU, so the answers are cached in a
 * small file per binary, keyed by the binary's path, size, modification time, device and inode: a
 * new runc (another inode or mtime) is probed again. The cache is best effort: a missing, broken,
 * oversized or unwritable cache is ignored without a word, a file is replaced atomically (a
 * temporary file, then a rename), and a symlink planted in the cache directory is never followed.
 * Only the runtime binary runs, never anything from the bundle.
 */
public final class RuntimeProbe {
    /** The runtimes {@code --runtime auto} looks for on PATH, in order. */
    public static final String[] AUTO = {"runc", "crun"};
    /** PATH when the environment has none. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** Largest cache file read or written. */
    static final int MAX_CACHE = 1 << 20;
    /** Largest output kept from a probe. */
    private static final int MAX_OUTPUT = 4 << 20;
    private static final String MAGIC = "jns-runtime-probe 1";

    /**
     * What the runtime is.
     *
     * @param name the binary's file name (runc, crun)
     * @param version its version as it prints it ("1.1.5+ds1"), or "" when it printed none
     * @param path where it was found
     * @param how how it was chosen: "found on PATH" (auto), "named, found on PATH", "named by path"
     * @param featuresRc the exit status of {@code features}, -1 when it could not run
     * @param features its output (JSON when featuresRc is 0)
     * @param cached whether the answers came from the cache
     */
    public record Result(String name, String version, Path path, String how, int featuresRc, byte[] features,
            boolean cached) {}

    private final String pathEnv;
    private final Path cacheDir;

    /**
     * @param pathEnv the PATH to look names up in (null: a default)
     * @param cacheDir the cache directory, or null for no cache
     */
    public RuntimeProbe(String pathEnv, Path cacheDir) {
        this.pathEnv = pathEnv == null ? DEFAULT_PATH : pathEnv;
        this.cacheDir = cacheDir;
    }

    /**
     * The cache directory from the environment: $JNS_CACHE_DIR, else $XDG_CACHE_HOME/jns, else
     * ~/.cache/jns; the system property jns.cache.dir overrides them (tests). Null when none is known.
     */
    public static Path defaultCacheDir(Map<String, String> env) {
        try {
            String p = System.getProperty("jns.cache.dir");
            if (p != null && !p.isEmpty()) {
                return Path.of(p);
            }
            String d = env.get("JNS_CACHE_DIR");
            if (d != null && !d.isEmpty()) {
                return Path.of(d);
            }
            String x = env.get("XDG_CACHE_HOME");
            if (x != null && x.startsWith("/")) {
                return Path.of(x, "jns");
            }
            String home = env.get("HOME");
            if (home == null || home.isEmpty()) {
                home = System.getProperty("user.home");
            }
            return home == null || home.isEmpty() ? null : Path.of(home, ".cache", "jns");
        } catch (RuntimeException e) {
            return null;   // a name this JVM cannot use as a path: no cache
        }
    }

    /** The first of {@link #AUTO} on PATH, probed; null when there is none. */
    public Result auto() {
        for (String name : AUTO) {
            Path bin = onPath(name);
            if (bin != null) {
                return probe(bin, "found on PATH");
            }
        }
        return null;
    }

    /** The runtime {@code runtime} names (a name looked up on PATH, or a path), probed; null when not found. */
    public Result named(String runtime) {
        if (runtime.indexOf('/') >= 0) {
            Path p = Path.of(runtime);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? probe(p, "named by path") : null;
        }
        Path bin = onPath(runtime);
        return bin == null ? null : probe(bin, "named, found on PATH");
    }

    /** {@code name} in a directory of PATH, or null. */
    Path onPath(String name) {
        if (name.isEmpty()) {
            return null;
        }
        for (String dir : pathEnv.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Probes {@code bin}, through the cache when its key is there. */
    Result probe(Path bin, String how) {
        String name = bin.getFileName().toString();
        String key = key(bin);
        Path file = key == null || cacheDir == null ? null : cacheDir.resolve(fileName(bin));
        if (file != null) {
            Result r = read(file, key, bin, name, how);
            if (r != null) {
                return r;
            }
        }
        byte[] v = new byte[0];
        int[] rc = new int[1];
        try {
            v = run(bin, "--version", rc);
        } catch (IOException e) {
            // no version: shown as ""
        }
        String version = version(new String(v, StandardCharsets.UTF_8));
        byte[] features;
        try {
            features = run(bin, "features", rc);
        } catch (IOException e) {
            features = new byte[0];
            rc[0] = -1;
        }
        Result r = new Result(name, version, bin, how, rc[0], features, false);
        if (file != null && rc[0] >= 0) {   // a timeout or an interrupt is not remembered
            write(file, key, r);
        }
        return r;
    }

    /** "runc version 1.1.5+ds1\ncommit: ..." gives "1.1.5+ds1": the word after "version" on the first line. */
    static String version(String out) {
        int nl = out.indexOf('\n');
        String first = (nl < 0 ? out : out.substring(0, nl)).trim();
        String[] w = first.split("\\s+");
        for (int i = 0; i + 1 < w.length; i++) {
            if (w[i].equals("version")) {
                return w[i + 1].length() > 64 ? w[i + 1].substring(0, 64) : w[i + 1];
            }
        }
        return "";
    }

    /** The binary's identity: size, mtime, device, inode and path, one line; null when unknown. */
    static String key(Path bin) {
        try {
            Map<String, Object> a = Files.readAttributes(bin, "unix:size,lastModifiedTime,dev,ino");
            String p = bin.toAbsolutePath().toString();
            if (p.indexOf('\n') >= 0) {
                return null;
            }
            // milliseconds: FileTime.to(NANOSECONDS) would initialize java.time (ChronoUnit, Duration) at start
            return a.get("size") + " " + ((FileTime) a.get("lastModifiedTime")).toMillis() + " " + a.get("dev")
                    + " " + a.get("ino") + " " + p;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The cache file of a binary: one per path (a new binary at the same path replaces its entry,
     * so the cache holds one small file per runtime path ever probed).
     */
    static String fileName(Path bin) {
        return "runtime-" + hash(bin.toAbsolutePath().toString());
    }

    /** A file name for a key: 64-bit FNV-1a in hex (the file holds the key itself, so a collision only misses). */
    static String hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return Long.toHexString(h);
    }

    /**
     * Whether this process's user owns {@code file} and nobody else may write it: a cache in a
     * shared directory that another user planted or can change is not believed.
     */
    private static boolean ownedByUs(Path file) throws IOException {
        Map<String, Object> f = Files.readAttributes(file, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");   // the effective uid
        return self.equals(f.get("uid")) && (((Integer) f.get("mode")) & 0022) == 0;
    }

    /** The cached result for {@code key}, or null (absent, another key, broken, a symlink, too large, not ours). */
    private static Result read(Path file, String key, Path bin, String name, String how) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > MAX_CACHE || !ownedByUs(file)) {
                return null;
            }
            byte[] b;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                b = in.readNBytes(MAX_CACHE + 1);
            }
            if (b.length > MAX_CACHE) {
                return null;
            }
            int[] at = {0};
            if (!MAGIC.equals(line(b, at)) || !key.equals(line(b, at))) {
                return null;
            }
            String version = line(b, at);
            String rc = line(b, at);
            String len = line(b, at);
            if (version == null || rc == null || len == null) {
                return null;
            }
            int n = Integer.parseInt(len);
            if (n < 0 || at[0] + n != b.length) {
                return null;
            }
            byte[] features = new byte[n];
            System.arraycopy(b, at[0], features, 0, n);
            return new Result(name, version, bin, how, Integer.parseInt(rc), features, true);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The line of {@code b} from at[0] (without its newline), moving at[0] past it; null at the end. */
    private static String line(byte[] b, int[] at) {
        int i = at[0];
        while (i < b.length && b[i] != '\n') {
            i++;
        }
        if (i >= b.length) {
            return null;
        }
        String s = new String(b, at[0], i - at[0], StandardCharsets.UTF_8);
        at[0] = i + 1;
        return s;
    }

    /** Writes {@code r} under {@code key}: a temporary file in the directory, then a rename over the old one. */
    private static void write(Path file, String key, Result r) {
        byte[] head = (MAGIC + "\n" + key + "\n" + r.version().replace('\n', ' ') + "\n" + r.featuresRc() + "\n"
                + r.features().length + "\n").getBytes(StandardCharsets.UTF_8);
        if (head.length + r.features().length > MAX_CACHE) {
            return;
        }
        Path dir = file.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            if (!Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
                return;   // a symlink where the directory should be: not ours to follow
            }
            tmp = Files.createTempFile(dir, ".runtime-", ".tmp");   // O_EXCL: never an existing file or link
            try (OutputStream out = Files.newOutputStream(tmp, LinkOption.NOFOLLOW_LINKS)) {
                out.write(head);
                out.write(r.features());
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException | RuntimeException e) {
            // best effort: a read-only or broken cache costs a probe, nothing more
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException | RuntimeException e) {
                    // nothing more to do
                }
            }
        }
    }

    /**
     * Runs {@code bin arg}, stdin from /dev/null, stderr merged; its output (at most
     * MAX_OUTPUT bytes), rc[0] its exit status (-1: timeout). The output goes to a temporary file,
     * so the 10 s limit holds even when the runtime, or a child of it, never closes its output.
     */
    private static byte[] run(Path bin, String arg, int[] rc) throws IOException {
        Path out = Files.createTempFile("jns-runtime-", ".out");   // 0600, O_EXCL
        try {
            ProcessBuilder pb = new ProcessBuilder(bin.toString(), arg);
            pb.redirectErrorStream(true);
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    rc[0] = -1;
                } else {
                    rc[0] = p.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                rc[0] = -2;   // not cached
            }
            try (InputStream in = Files.newInputStream(out)) {
                return in.readNBytes(MAX_OUTPUT);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }
}

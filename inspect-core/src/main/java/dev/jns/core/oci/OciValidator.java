package dev.jns.core.oci;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code jns oci validate}'s engine: reads a bundle's config.json and runs the layers: spec (the
 * schema, and the runtime-spec's rules for the config's platform), host (this machine; only for a
 * bundle directory) and runtime (the runtime that will run it: its features, its static refusals
 * such as runc's {@code process.missing}). Every finding names its layer ({@link Finding#layer}).
 * Never throws on bad input; never executes anything from the bundle (only the runtime binary, to
 * ask its version and features, cached: {@link RuntimeProbe}).
 */
public final class OciValidator {
    private final Path procRoot;
    private final Path sysRoot;
    private final boolean host;
    private final String runtime;
    private final String pathEnv;
    private Path cacheDir;
    private HostFacts facts;
    private int keep = Findings.DEFAULT_LIMIT;

    /**
     * @param procRoot the host's /proc (for the host and runtime layers)
     * @param host whether to run the host layer (only for a bundle directory)
     * @param runtime "auto" (the first of runc and crun on PATH, none if neither), "runc", "crun", a
     *     runtime's path, or null or "none" for no runtime layer
     * @param pathEnv PATH to look the runtime up in
     */
    /** Not thread-safe: kernel facts are read once and kept; use one validator per thread. */
    public OciValidator(Path procRoot, boolean host, String runtime, String pathEnv) {
        this(procRoot, Path.of("/"), host, runtime, pathEnv);
    }

    /**
     * @param sysRoot the host's / (hook and namespace paths are resolved under it; "/" normally)
     */
    public OciValidator(Path procRoot, Path sysRoot, boolean host, String runtime, String pathEnv) {
        this.procRoot = procRoot;
        this.sysRoot = sysRoot;
        this.host = host;
        this.runtime = runtime == null || runtime.equals("none") ? null : runtime;
        this.pathEnv = pathEnv;
    }

    /** Caches the runtime's probe ({@code --version}, {@code features}) in {@code dir}; null: no cache. */
    public OciValidator cacheDir(Path dir) {
        this.cacheDir = dir;
        return this;
    }

    /** The result of one validation. */
    public static final class Report {
        private final Path config;
        private final Path bundle;
        private final Findings findings;
        private final byte[] source;
        private final int sourceLength;
        private final boolean unreadable;
        private final boolean runtimeMissing;
        private List<String> checked = List.of();
        private RuntimeProbe.Result runtime;
        private RuntimeLeniency.Prediction prediction;
        // where the last excerpt was taken: lines and columns are asked in file order, so each
        // excerpt continues from the last one and a report costs one pass over the source
        private int curLine = 1;
        private int curLineStart;
        private int curCol = 1;
        private int curColByte;

        Report(Path config, Path bundle, Findings findings, byte[] source, int sourceLength, boolean unreadable,
                boolean runtimeMissing) {
            this.config = config;
            this.bundle = bundle;
            this.findings = findings;
            this.source = source;
            this.sourceLength = sourceLength;
            this.unreadable = unreadable;
            this.runtimeMissing = runtimeMissing;
        }

        /** The config.json read (or meant to be read). */
        public Path config() {
            return config;
        }

        /** The bundle directory, or null when PATH named a file. */
        public Path bundle() {
            return bundle;
        }

        /**
         * The findings kept, in file order: all of them, or the first {@link Findings#DEFAULT_LIMIT}
         * when {@link #truncated()}.
         */
        public List<Finding> findings() {
            return findings;
        }

        /** Whether the input could not be read at all (exit status 2). */
        public boolean unreadable() {
            return unreadable;
        }

        /** The layers that ran: spec, then host and runtime when they ran. */
        public List<String> checked() {
            return checked;
        }

        /** The runtime whose layer ran (its name, version, path, how it was found), or null. */
        public RuntimeProbe.Result runtime() {
            return runtime;
        }

        /**
         * What the runtime of the runtime layer is expected to do with this config: run it or
         * refuse it, and which errors it is known not to check ({@link RuntimeLeniency}); null when
         * no runtime layer ran.
         */
        public RuntimeLeniency.Prediction prediction() {
            return prediction;
        }

        /** Whether --runtime named a runtime that was not found. */
        public boolean runtimeMissing() {
            return runtimeMissing;
        }

        /** Errors among all findings, kept or not. */
        public int errors() {
            return findings.errors();
        }

        /** Warnings among all findings, kept or not. */
        public int warnings() {
            return findings.warnings();
        }

        /** All findings, kept or not. */
        public int total() {
            return findings.total();
        }

        /** Whether more findings were counted than {@link #findings()} holds. */
        public boolean truncated() {
            return findings.truncated();
        }

        /** The text of 1-based line {@code n} of the config (at most 4096 bytes of it), without its newline; null if none. */
        public String sourceLine(int n) {
            int start = lineStart(n);
            if (start < 0) {
                return null;
            }
            int end = start;
            while (end < sourceLength && source[end] != '\n' && end - start < 4096) {
                end++;
            }
            if (end > start && source[end - 1] == '\r') {
                end--;
            }
            return new String(source, start, end - start, StandardCharsets.UTF_8);
        }

        /** Part of a source line: its text and the index (in code points) of the column in it. */
        public record Excerpt(String text, boolean cutBefore, boolean cutAfter, int caret) {}

        /**
         * At most {@code width} characters of line {@code line} around 1-based {@code column}, or
         * null when there is no such line. Cheap when asked in file order (as findings come): the
         * source is then read once for a whole report, even for a 16 MiB single-line config.
         */
        public Excerpt excerpt(int line, int column, int width) {
            int start = lineStart(line);
            if (start < 0 || column < 1) {
                return null;
            }
            int from = Math.max(0, column - 1 - width / 2);   // code points into the line
            int fromByte = advance(line, start, from + 1);
            if (fromByte < 0) {
                // the column is past the end of the line: show its end
                fromByte = start;
                from = 0;
            }
            int end = fromByte;
            int n = 0;
            while (end < sourceLength && source[end] != '\n' && n < width) {
                end = next(end);
                n++;
            }
            // near the end of the line: widen the window to the left
            int begin = fromByte;
            while (n < width && begin > start) {
                begin--;
                while (begin > start && (source[begin] & 0xC0) == 0x80) {
                    begin--;
                }
                from--;
                n++;
            }
            boolean after = end < sourceLength && source[end] != '\n' && !(source[end] == '\r'
                    && (end + 1 == sourceLength || source[end + 1] == '\n'));
            int stop = end;
            if (stop > begin && source[stop - 1] == '\r' && !after) {
                stop--;
            }
            String text = new String(source, begin, stop - begin, StandardCharsets.UTF_8);
            return new Excerpt(text, from > 0, after, Math.max(0, column - 1 - from));
        }

        /** Byte offset where 1-based line n starts, or -1. */
        private int lineStart(int n) {
            if (source == null || n < 1) {
                return -1;
            }
            if (n < curLine) {
                curLine = 1;
                curLineStart = 0;
            }
            while (curLine < n) {
                int i = curLineStart;
                while (i < sourceLength && source[i] != '\n') {
                    i++;
                }
                if (i >= sourceLength) {
                    return -1;
                }
                curLine++;
                curLineStart = i + 1;
                curCol = 1;
                curColByte = curLineStart;
            }
            return curLineStart;
        }

        /** Byte offset of 1-based column {@code col} on line {@code line} (starting at {@code start}), or -1 past its end. */
        private int advance(int line, int start, int col) {
            if (curLine != line || col < curCol || curColByte < start) {
                curCol = 1;
                curColByte = start;
            }
            int b = curColByte;
            int c = curCol;
            while (c < col) {
                if (b >= sourceLength || source[b] == '\n') {
                    return -1;
                }
                b = next(b);
                c++;
            }
            curCol = c;
            curColByte = b;
            return b;
        }

        /** The byte offset after the character at {@code b}. */
        private int next(int b) {
            b++;
            while (b < sourceLength && (source[b] & 0xC0) == 0x80) {
                b++;
            }
            return b;
        }
    }

    /** Keeps at most {@code n} findings per report (all are counted); {@link Findings#DEFAULT_LIMIT} by default. */
    public OciValidator keep(int n) {
        this.keep = n;
        return this;
    }

    /** Validates PATH: a bundle directory (its config.json) or a config file. */
    public Report validate(Path path) {
        Findings findings = new Findings(keep);
        ConfigFile.Result in = ConfigFile.read(path);
        if (!in.ok()) {
            findings.add(new Finding(Finding.Severity.ERROR, in.problem() == ConfigFile.Problem.TOO_LARGE ? RuleId.INPUT_TOO_LARGE
                    : RuleId.INPUT_UNREADABLE, "", 0, 0, in.message(), in.hint()));
            return new Report(in.file(), in.bundle(), findings, null, 0, true, false);
        }
        byte[] bytes = in.bytes();
        boolean runtimeMissing;
        Ran ran = new Ran();
        try {
            runtimeMissing = check(bytes, bytes.length, in.bundle(), findings, ran);
        } catch (OutOfMemoryError e) {
            // a config of many millions of tiny values: its tree does not fit this JVM's heap
            long mib = bytes.length >> 20;
            bytes = null;
            findings.clear();
            findings.add(new Finding(Finding.Severity.ERROR, RuleId.INPUT_TOO_LARGE, "", 0, 0, in.file() + " (" + mib
                    + " MiB) needs more memory than this JVM has (" + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap)",
                    "a config.json is a few kilobytes: is this the right file?"));
            return new Report(in.file(), in.bundle(), findings, null, 0, true, false);
        }
        Report r = new Report(in.file(), in.bundle(), findings, bytes, bytes.length, false, runtimeMissing);
        r.checked = ran.layers;
        r.runtime = ran.runtime;
        r.prediction = ran.prediction;
        return r;
    }

    /** What ran: the layers, and the runtime probed. */
    private static final class Ran {
        List<String> layers = List.of(Rules.SPEC);
        RuntimeProbe.Result runtime;
        RuntimeLeniency.Prediction prediction;
    }

    /** The runtime of the runtime layer: probed (through the cache); null when there is none. */
    private RuntimeProbe.Result runtime() {
        RuntimeProbe probe = new RuntimeProbe(pathEnv, cacheDir);
        return runtime.equals("auto") ? probe.auto() : probe.named(runtime);
    }

    /** Runs every layer on the bytes of a config; returns whether a runtime named was missing. */
    private boolean check(byte[] bytes, int length, Path bundle, Findings findings, Ran ran) {
        RuntimeProbe.Result rt = runtime == null ? null : runtime();
        if (runtime != null && rt == null && !runtime.equals("auto")) {
            return true;
        }
        List<String> layers = new ArrayList<>(3);
        layers.add(Rules.SPEC);
        if (host && bundle != null) {
            layers.add(Rules.HOST);
        }
        if (rt != null) {
            layers.add(Rules.RUNTIME);
        }
        ran.layers = List.copyOf(layers);
        ran.runtime = rt;
        JsonValue root = JsonReader.read(bytes, length, findings);
        if (root != null) {
            layers(root, bundle, findings, rt);
        }
        if (rt != null) {
            ran.prediction = RuntimeLeniency.predict(rt.name(), rt.version(), root, findings, findings.errors(), findings.truncated());
        }
        return false;
    }

    /** The layers on a parsed config. */
    private void layers(JsonValue root, Path bundle, List<Finding> findings, RuntimeProbe.Result rt) {
        configOnly(root, findings, rt != null);
        if (!root.isObject()) {
            return;
        }
        if (host && bundle != null) {
            new HostChecker(facts(), sysRoot, bundle, findings).check(root);
            new KernelHost(facts(), sysRoot, findings).check(root);
        }
        if (rt != null) {
            new KernelValues(findings, rt.name()).check(root);
            new RuntimeChecker(rt.path().toString(), facts(), pathEnv, findings).check(root, rt);
        }
    }

    /** The kernel facts of this validator's host, read on first use and kept. */
    private HostFacts facts() {
        if (facts == null) {
            facts = new HostFacts(procRoot);
        }
        return facts;
    }

    /** The config-only rules (schema and semantics), the runtime layer's among them, on a parsed config. */
    static void configOnly(JsonValue root, List<Finding> findings) {
        configOnly(root, findings, true);
    }

    /**
     * The config-only rules on a parsed config: the spec's, and the runtime layer's static refusals
     * (runc's) when {@code runtimeRules}.
     */
    static void configOnly(JsonValue root, List<Finding> findings, boolean runtimeRules) {
        OciVersion version = null;
        if (root.isObject()) {
            JsonValue v = root.get("ociVersion");
            version = v != null && v.isString() ? OciVersion.parse(v.text()) : null;
        }
        new SchemaChecker(findings, version).check(root);
        if (root.isObject()) {
            new SemanticChecker(findings, runtimeRules).check(root);
        }
    }

    /**
     * The schema and semantic layers on the bytes of a config (no files, no host): the in-memory
     * entry point for tests and the benchmark. Findings in file order.
     */
    public static List<Finding> validateBytes(byte[] bytes) {
        List<Finding> findings = new ArrayList<>();
        JsonValue root = JsonReader.read(bytes, findings);
        if (root != null) {
            configOnly(root, findings);
        }
        Collections.sort(findings);
        return findings;
    }

    /**
     * Why config bytes cannot be read as a config, as {@code validate} says it: the first error of
     * reading the JSON (json.syntax, json.utf8, json.depth) or of the document not being an object
     * (schema.type at the top); null when they read as an object. For {@code oci inspect}, so that
     * both commands word a bad file alike.
     */
    public static Finding inputError(byte[] bytes) {
        List<Finding> findings = new ArrayList<>();
        JsonValue root = JsonReader.read(bytes, findings);
        if (root != null && !root.isObject()) {
            new SchemaChecker(findings, null).check(root);
        }
        Collections.sort(findings);
        for (Finding f : findings) {
            if (f.isError() && (f.rule().startsWith("json.") || (f.rule().equals(RuleId.SCHEMA_TYPE) && f.pointer().isEmpty()))) {
                return f;
            }
        }
        return null;
    }

    /** Only the schema layer (for the oracle test): findings of rules schema.* and the JSON reader. */
    public static List<Finding> schemaOnly(byte[] bytes) {
        List<Finding> findings = new ArrayList<>();
        JsonValue root = JsonReader.read(bytes, findings);
        if (root != null) {
            JsonValue v = root.isObject() ? root.get("ociVersion") : null;
            new SchemaChecker(findings, v != null && v.isString() ? OciVersion.parse(v.text()) : null).check(root);
        }
        return findings;
    }
}

package dev.jns.core.oci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code jns oci validate}'s engine: reads a bundle's config.json and runs the four layers
 * (schema, semantics, host, runtime). Never throws on bad input; never executes anything from the
 * bundle.
 */
public final class OciValidator {
    /** Configs larger than this are refused unread ({@code input.too-large}). */
    public static final long MAX_BYTES = 16L << 20;

    private final Path procRoot;
    private final Path sysRoot;
    private final boolean host;
    private final String runtime;
    private final String pathEnv;
    private HostFacts facts;

    /**
     * @param procRoot the host's /proc (for the host and runtime layers)
     * @param host whether to run the host layer (only for a bundle directory)
     * @param runtime "runc", "crun", a runtime's path, or null for no runtime layer
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
        this.runtime = runtime;
        this.pathEnv = pathEnv;
    }

    /** The result of one validation. */
    public static final class Report {
        private final Path config;
        private final Path bundle;
        private final List<Finding> findings;
        private final byte[] source;
        private final int sourceLength;
        private final boolean unreadable;
        private final boolean runtimeMissing;

        Report(Path config, Path bundle, List<Finding> findings, byte[] source, int sourceLength, boolean unreadable,
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

        /** The findings, in file order. */
        public List<Finding> findings() {
            return findings;
        }

        /** Whether the input could not be read at all (exit status 2). */
        public boolean unreadable() {
            return unreadable;
        }

        /** Whether --runtime named a runtime that was not found. */
        public boolean runtimeMissing() {
            return runtimeMissing;
        }

        public int errors() {
            int n = 0;
            for (Finding f : findings) {
                if (f.isError()) {
                    n++;
                }
            }
            return n;
        }

        public int warnings() {
            return findings.size() - errors();
        }

        /** The text of 1-based line {@code n} of the config, without its newline; null if none. */
        public String sourceLine(int n) {
            if (source == null || n < 1) {
                return null;
            }
            int line = 1;
            int start = 0;
            for (int i = 0; i < sourceLength && line < n; i++) {
                if (source[i] == '\n') {
                    line++;
                    start = i + 1;
                }
            }
            if (line != n || start > sourceLength) {
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
    }

    /** Validates PATH: a bundle directory (its config.json) or a config file. */
    public Report validate(Path path) {
        List<Finding> findings = new ArrayList<>();
        Path bundle = null;
        Path config = path;
        if (Files.isDirectory(path)) {
            bundle = path;
            config = path.resolve("config.json");
        }
        byte[] bytes;
        try {
            if (Files.isDirectory(config)) {
                findings.add(new Finding(Finding.Severity.ERROR, "input.unreadable", "", 0, 0, config
                        + " is a directory, not a config file", "give a bundle directory or its config.json"));
                return new Report(config, bundle, findings, null, 0, true, false);
            }
            long size = Files.size(config);
            if (size > MAX_BYTES) {
                findings.add(new Finding(Finding.Severity.ERROR, "input.too-large", "", 0, 0, config + " is "
                        + (size >> 20) + " MiB; jns reads configs up to " + (MAX_BYTES >> 20) + " MiB",
                        "a config.json is a few kilobytes: is this the right file?"));
                return new Report(config, bundle, findings, null, 0, true, false);
            }
            bytes = Files.readAllBytes(config);
        } catch (NoSuchFileException e) {
            findings.add(new Finding(Finding.Severity.ERROR, "input.unreadable", "", 0, 0, config + ": no such file",
                    bundle != null ? "a bundle directory holds config.json; `jns oci spec` writes one" : ""));
            return new Report(config, bundle, findings, null, 0, true, false);
        } catch (AccessDeniedException e) {
            findings.add(new Finding(Finding.Severity.ERROR, "input.unreadable", "", 0, 0, config + ": permission denied", ""));
            return new Report(config, bundle, findings, null, 0, true, false);
        } catch (IOException | OutOfMemoryError e) {
            findings.add(new Finding(Finding.Severity.ERROR, "input.unreadable", "", 0, 0, config + ": " + e.getMessage(), ""));
            return new Report(config, bundle, findings, null, 0, true, false);
        }
        boolean runtimeMissing;
        try {
            runtimeMissing = check(bytes, bytes.length, bundle, findings);
        } catch (OutOfMemoryError e) {
            // a config of many millions of tiny values: its tree does not fit this JVM's heap
            long mib = bytes.length >> 20;
            bytes = null;
            findings.clear();
            findings.add(new Finding(Finding.Severity.ERROR, "input.too-large", "", 0, 0, config + " (" + mib
                    + " MiB) needs more memory than this JVM has (" + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap)",
                    "a config.json is a few kilobytes: is this the right file?"));
            return new Report(config, bundle, findings, null, 0, true, false);
        }
        Collections.sort(findings);
        return new Report(config, bundle, findings, bytes, bytes.length, false, runtimeMissing);
    }

    /** Runs every layer on the bytes of a config; returns whether the runtime was missing. */
    private boolean check(byte[] bytes, int length, Path bundle, List<Finding> findings) {
        JsonValue root = JsonReader.read(bytes, length, findings);
        if (root == null) {
            return false;
        }
        configOnly(root, findings);
        if (!root.isObject()) {
            return false;
        }
        if (host && bundle != null) {
            if (facts == null) {
                facts = new HostFacts(procRoot);
            }
            new HostChecker(facts, sysRoot, bundle, findings).check(root);
        }
        if (runtime != null) {
            return !new RuntimeChecker(runtime, procRoot, pathEnv, findings).check(root);
        }
        return false;
    }

    /** The host-independent layers (schema and semantics) on a parsed config. */
    static void configOnly(JsonValue root, List<Finding> findings) {
        OciVersion version = null;
        if (root.isObject()) {
            JsonValue v = root.get("ociVersion");
            version = v != null && v.isString() ? OciVersion.parse(v.text()) : null;
        }
        new SchemaChecker(findings, version).check(root);
        if (root.isObject()) {
            new SemanticChecker(findings).check(root);
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

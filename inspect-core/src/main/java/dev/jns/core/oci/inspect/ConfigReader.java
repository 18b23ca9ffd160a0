package dev.jns.core.oci.inspect;

import dev.jns.core.AccessDeniedException;
import dev.jns.core.NotFoundException;
import dev.jns.core.ParseException;
import dev.jns.core.ReadException;
import dev.jns.core.oci.ConfigFile;
import dev.jns.core.oci.Finding;
import dev.jns.core.oci.JsonReader;
import dev.jns.core.oci.JsonValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an OCI runtime {@code config.json}, from a bundle directory or the file itself. Only the
 * file is read ({@link ConfigFile}: a regular file, not through a link out of the bundle): nothing
 * else in the bundle is opened, followed or run. It is parsed once, by the reader of
 * {@code jns oci validate} ({@link JsonReader}, on Jackson's streaming parser), and the inspector
 * works on that same tree of {@link JsonValue}s: there is no second tree.
 */
public final class ConfigReader {
    private ConfigReader() {}

    /** A loaded config: the file it came from and its top-level JSON value (an object). */
    public record Loaded(Path file, JsonValue root) {}

    /**
     * Reads and parses the config, as {@link ConfigFile#read} does: only a regular file, and not
     * through a symlink that leaves the bundle.
     *
     * @throws NotFoundException when the file or bundle does not exist
     * @throws AccessDeniedException when it cannot be read for lack of permission
     * @throws ParseException when it is not JSON, not a JSON object, or too large
     * @throws ReadException when it is not a regular file, a symlink out of the bundle, or on any
     *     other I/O error
     */
    public static Loaded read(Path pathOrBundle) {
        ConfigFile.Result r = ConfigFile.read(pathOrBundle);
        if (!r.ok()) {
            throw exception(r);
        }
        return new Loaded(r.file(), parse(r.file(), r.bytes()));
    }

    /** The core exception for a config that could not be read; its message is one line that names the file. */
    public static RuntimeException exception(ConfigFile.Result r) {
        Path file = r.file();
        switch (r.problem()) {
            case NOT_FOUND:
                return new NotFoundException(file, r.bundle() != null ? "no config.json in bundle " + r.bundle()
                        : "no such file or bundle: " + file);
            case ACCESS_DENIED:
                return new AccessDeniedException(file, (Throwable) null);
            case TOO_LARGE:
                return new ParseException(file, 0, "larger than " + (ConfigFile.MAX_BYTES >> 20) + " MiB: not a config.json");
            default:
                return new ReadException(file, new java.io.IOException(r.message()));
        }
    }

    /**
     * Parses config bytes with the reader {@code jns oci validate} uses ({@link JsonReader}), so
     * that a config reads the same in both: the last of duplicate keys wins, a lone surrogate
     * escape is U+FFFD, and a file that is not JSON gets validate's error, in validate's words and
     * at its line and column. {@code file} only names the bytes in errors.
     *
     * @throws ParseException when it is not JSON (the message: {@code FILE:LINE:COL:
     *     error[json.syntax]: ...}, as validate prints it), or not a JSON object
     */
    public static JsonValue parse(Path file, byte[] bytes) {
        List<Finding> findings = new ArrayList<>();
        JsonValue root = JsonReader.read(bytes, findings);
        if (root == null) {
            Finding f = findings.get(findings.size() - 1);   // the error that stopped the reading
            String what = f.severity().label() + "[" + f.rule() + "]: " + f.message();
            throw f.line() > 0 ? new ParseException(file, f.line(), f.column(), what) : new ParseException(file, 0, what);
        }
        if (!root.isObject()) {
            throw new ParseException(file, 0, "not a JSON object: a config.json holds one object, found "
                    + root.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        return root;
    }
}

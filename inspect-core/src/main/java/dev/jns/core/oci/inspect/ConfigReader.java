package dev.jns.core.oci.inspect;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jns.core.AccessDeniedException;
import dev.jns.core.NotFoundException;
import dev.jns.core.ParseException;
import dev.jns.core.ReadException;
import dev.jns.core.oci.ConfigFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads an OCI runtime {@code config.json} as a JSON tree, from a bundle directory or the file
 * itself. Only the file is read ({@link ConfigFile}: a regular file, not through a link out of the
 * bundle): nothing else in the bundle is opened, followed or run.
 */
public final class ConfigReader {
    private ConfigReader() {}

    /** A loaded config: the file it came from and its top-level JSON value. */
    public record Loaded(Path file, JsonNode root) {}

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

    /** Parses config bytes; {@code file} only names them in errors. */
    public static JsonNode parse(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = JsonText.parse(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String what = e.getOriginalMessage();
            int nl = what.indexOf('\n');
            throw new ParseException(file, at == null ? 0 : Math.max(0, at.getLineNr()),
                    "not valid JSON: " + (nl < 0 ? what : what.substring(0, nl)));
        } catch (IOException e) {
            throw new ReadException(file, e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ParseException(file, 0, "empty file: not a config.json");
        }
        if (!root.isObject()) {
            throw new ParseException(file, 0, "not a JSON object: a config.json holds one object, found "
                    + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return root;
    }
}

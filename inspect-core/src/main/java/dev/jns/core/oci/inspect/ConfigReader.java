package dev.jns.core.oci.inspect;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jns.core.AccessDeniedException;
import dev.jns.core.NotFoundException;
import dev.jns.core.ParseException;
import dev.jns.core.ReadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads an OCI runtime {@code config.json} as a JSON tree, from a bundle directory or the file
 * itself. Only the file is read: nothing in the bundle is opened, followed or run.
 */
public final class ConfigReader {
    /** Larger than any real config by far; a guard against reading a disk image by mistake. */
    static final long MAX_BYTES = 16L << 20;

    private ConfigReader() {}

    /** The config file that {@code pathOrBundle} names: the path itself, or {@code DIR/config.json}. */
    public static Path resolve(Path pathOrBundle) {
        return Files.isDirectory(pathOrBundle) ? pathOrBundle.resolve("config.json") : pathOrBundle;
    }

    /** A loaded config: the file it came from and its top-level JSON value. */
    public record Loaded(Path file, JsonNode root) {}

    /**
     * Reads and parses the config.
     *
     * @throws NotFoundException when the file or bundle does not exist
     * @throws AccessDeniedException when it cannot be read for lack of permission
     * @throws ParseException when it is not JSON, or not a JSON object
     * @throws ReadException on any other I/O error
     */
    public static Loaded read(Path pathOrBundle) {
        Path file = resolve(pathOrBundle);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ParseException(file, 0, "larger than " + (MAX_BYTES >> 20) + " MiB: not a config.json");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            if (!file.equals(pathOrBundle)) {
                throw new NotFoundException(file, "no config.json in bundle " + pathOrBundle);
            }
            throw new NotFoundException(file, "no such file or bundle: " + file);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new AccessDeniedException(file, e);
        } catch (IOException e) {
            throw new ReadException(file, e);
        }
        return new Loaded(file, parse(file, bytes));
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

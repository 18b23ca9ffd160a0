package dev.jns.core.oci;

import dev.jns.core.NotRegularFileException;
import dev.jns.core.internal.PseudoFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the config.json of a bundle (or a config file named directly) when the bundle may belong
 * to someone else, as it does when root checks a user's bundle:
 * <ul>
 *   <li>only a regular file is opened: a FIFO, socket, device or directory is refused unopened,
 *       so it can neither hang the read (a FIFO without a writer) nor feed it forever
 *       ({@code /dev/zero});</li>
 *   <li>a config.json that is a symbolic link is followed only when its target stays inside the
 *       directory that holds the link (the bundle): a link to {@code /etc/shadow} is refused, so no
 *       line of it can appear in an error excerpt. The bundle directory itself, when PATH names
 *       one, may be a link (common: {@code /var/run -> /run});</li>
 *   <li>the file is opened with {@code O_NOFOLLOW} and read to at most {@link #MAX_BYTES} + 1 bytes,
 *       whatever its size said.</li>
 * </ul>
 *
 * <p>The window: Java cannot open with {@code O_NONBLOCK} (nor {@code O_PATH}, then
 * {@code fstat}), so the type is checked with {@code lstat} and the file opened after. Whoever can
 * write the bundle directory can swap the regular file for a FIFO between the two, and the open
 * then blocks until someone writes to that FIFO. {@code O_NOFOLLOW} keeps the swap from pointing
 * the open at a host file: the worst it does is hang jns on the owner's own FIFO, which needs a
 * race won in microseconds, not a file left in place.
 */
public final class ConfigFile {
    /** Configs larger than this are refused unread. */
    public static final long MAX_BYTES = 16L << 20;

    private ConfigFile() {}

    /** Why a config could not be read. */
    public enum Problem {
        /** No such file, or no config.json in the bundle. */
        NOT_FOUND,
        /** Permission denied. */
        ACCESS_DENIED,
        /** A directory, FIFO, socket or device where the config file belongs. */
        NOT_REGULAR,
        /** config.json is a symbolic link to a file outside the directory that holds it. */
        OUTSIDE,
        /** Larger than {@link #MAX_BYTES}. */
        TOO_LARGE,
        /** Any other I/O error. */
        IO
    }

    /**
     * The outcome: the bytes, or the problem with a one-line message (that names the file) and a
     * hint ("" when none).
     *
     * @param file the config file as named (PATH, or PATH/config.json)
     * @param bundle the bundle directory, or null when PATH named a file
     */
    public record Result(Path file, Path bundle, byte[] bytes, Problem problem, String message, String hint) {
        public boolean ok() {
            return problem == null;
        }
    }

    private static Result fail(Path file, Path bundle, Problem p, String message, String hint) {
        return new Result(file, bundle, null, p, message, hint);
    }

    /** Reads PATH: a bundle directory (its config.json) or a config file. Never throws on I/O. */
    public static Result read(Path path) {
        // The common case first: PATH is a bundle directory (or a link to one) holding config.json,
        // found with one lstat instead of two. Anything else takes the long way, below.
        BasicFileAttributes first = null;
        try {
            first = Files.readAttributes(path.resolve("config.json"), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            // not a bundle directory with a config.json: see below
        }
        Path bundle;
        if (first != null) {
            bundle = path;
        } else {
            BasicFileAttributes top;
            try {
                // follows links: the user named PATH, and a bundle directory may well be a link
                top = Files.readAttributes(path, BasicFileAttributes.class);
            } catch (IOException e) {
                return ioProblem(path, null, e);
            }
            bundle = top.isDirectory() ? path : null;
        }
        Path file = bundle != null ? path.resolve("config.json") : path;
        Path open = file;
        BasicFileAttributes at;
        try {
            at = first != null ? first : Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (at.isSymbolicLink()) {
                Path target = file.toRealPath();
                Path dir = file.toAbsolutePath().getParent().toRealPath();
                if (!target.startsWith(dir)) {
                    return fail(file, bundle, Problem.OUTSIDE, file + " is a symbolic link to " + target + ", outside "
                            + (bundle != null ? "the bundle" : dir) + ": jns does not follow it",
                            "if " + target + " is the config meant, give that path instead");
                }
                open = target;
                at = Files.readAttributes(open, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            return ioProblem(file, bundle, e);
        }
        if (at.isDirectory()) {
            return fail(file, bundle, Problem.NOT_REGULAR, file + " is a directory, not a config file",
                    "give a bundle directory or its config.json");
        }
        if (!at.isRegularFile()) {
            return fail(file, bundle, Problem.NOT_REGULAR, file + " is " + PseudoFiles.kind(open, at) + ", not a regular file",
                    "a config.json is a regular file; jns does not open anything else");
        }
        if (at.size() > MAX_BYTES) {
            return tooLarge(file, bundle, at.size());
        }
        byte[] bytes;
        try {
            bytes = PseudoFiles.read(open, (int) MAX_BYTES + 1);   // checked again and opened with O_NOFOLLOW
        } catch (NotRegularFileException e) {
            return fail(file, bundle, Problem.NOT_REGULAR, file + ": " + e.what(), "");   // replaced since the lstat
        } catch (IOException e) {
            return ioProblem(file, bundle, e);
        }
        if (bytes.length > MAX_BYTES) {
            return tooLarge(file, bundle, bytes.length);   // it grew since the lstat
        }
        return new Result(file, bundle, bytes, null, null, null);
    }

    private static Result tooLarge(Path file, Path bundle, long size) {
        return fail(file, bundle, Problem.TOO_LARGE, file + " is " + (size >> 20) + " MiB; jns reads configs up to "
                + (MAX_BYTES >> 20) + " MiB", "a config.json is a few kilobytes: is this the right file?");
    }

    private static Result ioProblem(Path file, Path bundle, IOException e) {
        if (e instanceof NoSuchFileException) {
            return fail(file, bundle, Problem.NOT_FOUND, file + ": no such file",
                    bundle != null ? "a bundle directory holds config.json; `jns oci spec` writes one" : "");
        }
        if (e instanceof AccessDeniedException) {
            return fail(file, bundle, Problem.ACCESS_DENIED, file + ": permission denied", "");
        }
        String why = e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return fail(file, bundle, Problem.IO, file + ": " + why, "");
    }
}

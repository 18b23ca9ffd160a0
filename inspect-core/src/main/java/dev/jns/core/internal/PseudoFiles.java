package dev.jns.core.internal;

import dev.jns.core.NotRegularFileException;
import dev.jns.core.ParseException;
import dev.jns.core.text.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads kernel pseudo-files, and files in trees that only claim to be one (a {@code --proc-root}
 * fixture, a host's {@code /} mounted elsewhere). The one place that decides what may be opened:
 *
 * <ul>
 *   <li>/proc and /sys report sizes of 0 or 4096 whatever the content, so files are read until
 *       EOF, without a stat, and capped (after prometheus/procfs ReadFileNoStat);</li>
 *   <li>a file under a root that is not a kernel file system is read only when it is a regular
 *       file: its type is checked without following a last symbolic link ({@code lstat}), and it
 *       is opened with {@code O_NOFOLLOW}. A FIFO would block the open forever, a device could be
 *       anything, and a link could lead out of the root, so all three are refused with a
 *       {@link NotRegularFileException}. Java cannot open with {@code O_NONBLOCK}, so a file
 *       replaced by a FIFO between the check and the open still blocks: whoever can write into
 *       the tree can do that, which is why a live /proc is trusted and never checked (and costs
 *       no extra system call).</li>
 * </ul>
 */
public final class PseudoFiles {
    /** Upper bound for one pseudo-file; larger content is cut. */
    public static final int MAX_BYTES = 1 << 20;

    private static final OpenOption[] NO_FOLLOW = {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS};

    private PseudoFiles() {}

    /**
     * Whether {@code dir} is on a kernel file system of type {@code type} ({@code "proc"},
     * {@code "cgroup2"}...), whose files need no type check. One look-up in the mount table;
     * false when it cannot be told.
     */
    public static boolean onFileSystem(Path dir, String type) {
        try {
            FileStore s = Files.getFileStore(dir);
            return s.type().equals(type);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The file's bytes, at most {@code max}, after the regular-file check. */
    public static byte[] read(Path path, int max) throws IOException {
        return read(path, max, true);
    }

    /**
     * The file's bytes, at most {@code max}.
     *
     * @param check whether to read it only when it is a regular file (see the class comment);
     *              false only for files of a trusted kernel file system
     * @throws NotRegularFileException when {@code check} and it is not a regular file
     */
    public static byte[] read(Path path, int max, boolean check) throws IOException {
        try (InputStream in = open(path, check)) {
            return readFrom(in, max);
        }
    }

    /** The file as UTF-8 text, decoded without loss ({@link Utf8}: an invalid byte stays itself), at most {@link #MAX_BYTES}, after the regular-file check. */
    public static String text(Path path) throws IOException {
        return text(path, true);
    }

    /** The file as UTF-8 text, decoded without loss ({@link Utf8}: an invalid byte stays itself), at most {@link #MAX_BYTES}. */
    public static String text(Path path, boolean check) throws IOException {
        return Utf8.decode(read(path, MAX_BYTES, check));
    }

    /**
     * Opens the file for reading.
     *
     * @param check whether to open it only when it is a regular file, and without following a
     *              last symbolic link
     */
    public static InputStream open(Path path, boolean check) throws IOException {
        if (!check) {
            // java.io's stream: no FileChannel (its thread set, interruptible I/O and cleaner cost
            // more than the read of a small proc file). Its errors carry no type, so a failed open
            // is done again by NIO, whose exception says why (gone, refused).
            try {
                return new java.io.FileInputStream(path.toFile());
            } catch (java.io.FileNotFoundException e) {
                return Files.newInputStream(path);
            }
        }
        requireRegular(path, Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        return Files.newInputStream(path, NO_FOLLOW);
    }

    /**
     * A small file that may be absent, such as a fixture's {@code .owners}: its text, or empty
     * when there is no such file. Always checked (the check is the existence test).
     *
     * @throws NotRegularFileException when it exists but is not a regular file
     * @throws ParseException          when it is larger than {@code max} bytes
     */
    public static Optional<String> optionalText(Path path, int max) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        requireRegular(path, a);
        byte[] b;
        try (InputStream in = Files.newInputStream(path, NO_FOLLOW)) {
            b = readFrom(in, max + 1);
        }
        if (b.length > max) {
            throw new ParseException(path, 0, "larger than " + max + " bytes");
        }
        return Optional.of(Utf8.decode(b));
    }

    /**
     * Whether {@code path} is a regular file, without following a last symbolic link: true for a
     * regular file, false when absent.
     *
     * @throws NotRegularFileException when it exists and is something else
     */
    public static boolean regularOrAbsent(Path path) throws IOException {
        try {
            requireRegular(path, Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static void requireRegular(Path path, BasicFileAttributes a) {
        if (!a.isRegularFile()) {
            throw new NotRegularFileException(path, kind(path, a));
        }
    }

    /**
     * What a file that is not regular is, for a message: "a FIFO", "a socket", "a character
     * device", "a block device", "a directory", "a symbolic link", else "a special file".
     *
     * @param a its attributes, read without following a last symbolic link
     */
    public static String kind(Path path, BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        if (a.isSymbolicLink()) {
            return "a symbolic link";
        }
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
            switch (type) {
                case 0010000: return "a FIFO";
                case 0140000: return "a socket";
                case 0020000: return "a character device";
                case 0060000: return "a block device";
                default: break;
            }
        } catch (IOException | RuntimeException e) {
            // changed meanwhile: say no more
        }
        return "a special file";
    }

    private static byte[] readFrom(InputStream in, int max) throws IOException {
        byte[] buf = new byte[Math.min(max, 4096)];
        int n = 0;
        while (true) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
            if (n == buf.length) {
                if (n >= max) {
                    break;
                }
                buf = Arrays.copyOf(buf, (int) Math.min(max, buf.length * 2L));
            }
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }
}

package dev.jns.core.proc;

import dev.jns.core.AccessDeniedException;
import dev.jns.core.JnsException;
import dev.jns.core.NamespaceId;
import dev.jns.core.NamespaceType;
import dev.jns.core.NotFoundException;
import dev.jns.core.NotRegularFileException;
import dev.jns.core.ParseException;
import dev.jns.core.ProcessGoneException;
import dev.jns.core.ReadException;
import dev.jns.core.internal.PseudoFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A proc filesystem rooted at a path: {@code /proc} on a live host, a host's /proc mounted
 * elsewhere, or a fixture tree. Every read resolves under the root; nothing here is static.
 *
 * <p>The owner of {@code /proc/PID} (the UID lsns shows) is the directory's owner, unless the root
 * is a recording that says otherwise ({@link RecordedFacts}: git cannot store owners). Only a root
 * that is not a procfs is looked at for a recording.
 *
 * <p>A root other than the live {@code /proc} (and not a procfs either) is not trusted: its files
 * are read only when they are regular files, and a numeric entry that is not a directory is not a
 * process (see {@link PseudoFiles}). A process whose files are malformed or not regular files is
 * {@linkplain #skip skipped} by the readers above this class, which collect why in
 * {@link #skipped()} for one note.
 *
 * <pre>{@code
 * ProcFs proc = new ProcFs(Path.of("/proc"));
 * for (int pid : proc.pids()) { proc.namespace(pid, NamespaceType.NET).ifPresent(System.out::println); }
 * }</pre>
 */
public final class ProcFs {
    /** The usual mount point. */
    public static final Path DEFAULT_ROOT = Path.of("/proc");
    private final Path root;
    private final String rootPrefix;
    private final boolean trusted;
    /** What the root records beyond its files; null for a procfs and a root without a recording. */
    private final RecordedFacts recorded;
    /** {@link #pageSize()}, once read; 0 before. */
    private long pageSize;
    /** Skipped processes by pid, in the order met. */
    private final Map<Integer, Skipped> skipped = new java.util.LinkedHashMap<>();

    /**
     * A process left out of a listing because one of its files is malformed or is not a regular
     * file.
     *
     * @param pid    the process
     * @param reason the file, relative to the root, and what is wrong with it, e.g.
     *               {@code 426/stat line 1: expected at least 22 fields, found 5}
     * @param cause  the error
     */
    public record Skipped(int pid, String reason, JnsException cause) {}

    /**
     * @param root the proc root directory
     * @throws NotFoundException when {@code root} is not a directory
     */
    public ProcFs(Path root) {
        if (!Files.isDirectory(root)) {
            throw new NotFoundException(root, "proc root is not a directory: " + root);
        }
        this.root = root;
        String r = root.toString();
        this.rootPrefix = r.endsWith("/") ? r : r + "/";
        // no system call for the usual root: `jns ls` reads thousands of files under it
        this.trusted = root.equals(DEFAULT_ROOT) || PseudoFiles.onFileSystem(root, "proc");
        // a procfs records nothing: the usual root pays no look-up
        this.recorded = trusted ? null : RecordedFacts.read(root).orElse(null);
    }

    /** What the root records beyond its files (a fixture's owners and namespace facts); empty for a procfs. */
    public Optional<RecordedFacts> recorded() {
        return Optional.ofNullable(recorded);
    }

    /**
     * Whether the root is a procfs (the live {@code /proc}, or procfs mounted elsewhere), whose
     * files are read without checking that they are regular files.
     */
    public boolean trusted() {
        return trusted;
    }

    /**
     * Whether {@code e}, thrown while reading one process's files, means the process is bad (a
     * file malformed, or not a regular file) rather than gone or unreadable: readers then skip the
     * process and {@linkplain #skip note} it.
     */
    public static boolean isBadProcess(JnsException e) {
        return e instanceof ParseException || e instanceof NotRegularFileException;
    }

    /** Notes that process {@code pid} is left out because of {@code e} (see {@link #isBadProcess}). */
    public void skip(int pid, JnsException e) {
        String msg = e.getMessage();
        String reason = msg;
        if (e instanceof ParseException pe) {
            String at = pe.path() + (pe.line() > 0 ? ":" + pe.line() : "") + ": ";
            reason = relative(pe.path()) + (pe.line() > 0 ? " line " + pe.line() : "") + ": "
                    + (msg.startsWith(at) ? msg.substring(at.length()) : msg);
        } else if (e instanceof NotRegularFileException ne) {
            reason = relative(ne.path()) + ": " + ne.what();
        }
        synchronized (skipped) {
            skipped.putIfAbsent(pid, new Skipped(pid, reason, e)); // once per process
        }
    }

    /** The processes skipped since the last call, in the order met; clears the list. */
    public List<Skipped> skipped() {
        synchronized (skipped) {
            List<Skipped> l = List.copyOf(skipped.values());
            skipped.clear();
            return l;
        }
    }

    private String relative(Path p) {
        String s = p == null ? "" : p.toString();
        return s.startsWith(rootPrefix) ? s.substring(rootPrefix.length()) : s;
    }

    /** The root this instance reads. */
    public Path root() {
        return root;
    }

    /** {@code ROOT/PID/NAME}. */
    public Path file(int pid, String name) {
        return Path.of(rootPrefix + pid + "/" + name);
    }

    /** {@code ROOT/NAME}, e.g. {@code self/mountinfo}. */
    public Path file(String name) {
        return Path.of(rootPrefix + name);
    }

    /** The numeric entries of the root (thread-group leaders), ascending. */
    public int[] pids() {
        // java.io's list, not a DirectoryStream: names only, no Path per entry (on a cold JVM, 0.3 ms
        // instead of 3 for 70 entries; bench/RESULTS.md, issue 14)
        String[] names;
        try {
            names = names(root);
        } catch (IOException e) {
            throw new ReadException(root, e);
        }
        int[] out = new int[names.length];
        int n = 0;
        for (String name : names) {
            int pid = parseNumber(name);
            if (pid > 0 && !trusted && !isProcessDirectory(pid, Path.of(rootPrefix + name))) {
                continue;
            }
            if (pid > 0) {
                out[n++] = pid;
            }
        }
        int[] r = Arrays.copyOf(out, n);
        Arrays.sort(r);
        return r;
    }

    /**
     * The names in {@code dir}, by java.io's list (see {@link #pids()}); when that fails (it gives
     * no reason), listed again by NIO, for its error or, after all, its names.
     */
    private static String[] names(Path dir) throws IOException {
        String[] names = dir.toFile().list();
        if (names != null) {
            return names;
        }
        List<String> l = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                l.add(p.getFileName().toString());
            }
        }
        return l.toArray(new String[0]);
    }

    /**
     * In an untrusted root, whether {@code ROOT/PID} is a directory and not a link to one (which
     * could lead out of the root); an entry that is not is skipped and noted.
     */
    private boolean isProcessDirectory(int pid, Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isDirectory()) {
                return true;
            }
            skip(pid, new NotRegularFileException(p, "a directory", a.isSymbolicLink() ? "a symbolic link" : "a file"));
        } catch (IOException e) {
            // gone meanwhile
        }
        return false;
    }

    /** Whether {@code /proc/PID} exists. */
    public boolean exists(int pid) {
        return Files.isDirectory(Path.of(rootPrefix + pid));
    }

    /** The pid {@code self} points at: the reading process, on a live host. */
    public OptionalInt selfPid() {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readSymbolicLink(file("self")).toString()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The page size a tree that does not say it is taken to have: x86-64's, and most others'. */
    public static final long DEFAULT_PAGE_SIZE = 4096;

    /**
     * Bytes per page, for figures the kernel gives in pages ({@link ProcStat#rssPages()}): the
     * {@code AT_PAGESZ} of {@code self/auxv} under the root (on a live host, what the kernel told
     * this process; a fixture may record one), else {@link #DEFAULT_PAGE_SIZE}. Read once.
     */
    public long pageSize() {
        if (pageSize == 0) {
            Path p = file("self/auxv");
            try {
                pageSize = ProcAuxv.pageSize(PseudoFiles.read(p, ProcAuxv.MAX_BYTES, !trusted)).orElse(DEFAULT_PAGE_SIZE);
            } catch (IOException | JnsException e) {
                pageSize = DEFAULT_PAGE_SIZE; // absent, or not a regular file in a fixture: not worth failing for
            }
        }
        return pageSize;
    }

    /** {@code /proc/PID/stat}. */
    public ProcStat stat(int pid) {
        Path p = file(pid, "stat");
        return ProcStat.parse(text(pid, p), p);
    }

    /** {@code /proc/PID/status}. */
    public ProcStatus status(int pid) {
        Path p = file(pid, "status");
        return ProcStatus.parse(text(pid, p), p);
    }

    /** {@code /proc/PID/cmdline}, split into arguments. */
    public List<String> cmdline(int pid) {
        Path p = file(pid, "cmdline");
        try {
            return ProcCmdline.parse(PseudoFiles.read(p, PseudoFiles.MAX_BYTES, !trusted));
        } catch (IOException e) {
            throw map(e, pid, p);
        }
    }

    /** {@code /proc/PID/mountinfo}. */
    public List<MountInfo> mountinfo(int pid) {
        Path p = file(pid, "mountinfo");
        return MountInfo.parse(text(pid, p), p);
    }

    /** {@code /proc/PID/cgroup}: the process's cgroup in each hierarchy. */
    public List<ProcCgroup> cgroups(int pid) {
        Path p = file(pid, "cgroup");
        return ProcCgroup.parse(text(pid, p), p);
    }

    /** The uid that owns {@code /proc/PID}. */
    public int owner(int pid) {
        if (recorded != null) {
            OptionalInt uid = recorded.owner(pid);
            if (uid.isPresent()) {
                return uid.getAsInt();
            }
        }
        Path p = Path.of(rootPrefix + pid);
        try {
            return (Integer) Files.getAttribute(p, "unix:uid");
        } catch (IOException e) {
            throw map(e, pid, p);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** Everything {@link ProcessInfo} holds, read now. */
    public ProcessInfo process(int pid, Passwd users) {
        ProcStat st = stat(pid);
        List<String> args = cmdline(pid);
        int uid = owner(pid);
        return new ProcessInfo(pid, st.ppid(), uid, users.name(uid), st.comm(), args, st.state(),
                st.startTicks(), st.numThreads());
    }

    /**
     * The namespace of {@code type} that the process is in: the {@code /proc/PID/ns/TYPE} link.
     * Empty when the kernel has no such type (or the link is not a namespace).
     *
     * @throws ProcessGoneException  when the process does not exist
     * @throws AccessDeniedException when the ptrace check refuses the read
     */
    public Optional<NamespaceId> namespace(int pid, NamespaceType type) {
        return link(pid, "ns/" + type.procName());
    }

    /** All namespaces of the process, by type; types the kernel lacks are absent. */
    public Map<NamespaceType, NamespaceId> namespaces(int pid) {
        Map<NamespaceType, NamespaceId> m = new EnumMap<>(NamespaceType.class);
        for (NamespaceType t : NamespaceType.values()) {
            namespace(pid, t).ifPresent(id -> m.put(t, id));
        }
        return m;
    }

    /** {@code /proc/PID/ns/pid_for_children}: where the process's next children go. */
    public Optional<NamespaceId> pidForChildren(int pid) {
        return link(pid, "ns/pid_for_children");
    }

    /** {@code /proc/PID/ns/time_for_children} (since Linux 5.6). */
    public Optional<NamespaceId> timeForChildren(int pid) {
        return link(pid, "ns/time_for_children");
    }

    /** Namespace file descriptors the process holds open ({@code /proc/PID/fd/N} links to nsfs). */
    public List<HeldNamespace> namespaceFds(int pid) {
        return namespaceFds(pid, OptionalLong.empty(), null);
    }

    /**
     * As {@link #namespaceFds(int)}; in a trusted root with {@code nsfsDevice} known, the fds whose
     * link reads {@code /} are also stat'ed through the link (the open file, not a path: nothing
     * outside the root is looked up), and those on nsfs go to {@code boundFds} (see {@link NsfsFd}).
     * Only {@code /}: a file opened through an nsfs bind mount that is gone reads so, and one whose
     * mount is still there is found by that mount; a stat of every path would cost a syscall for
     * each open file of each process on every {@code jns ls}.
     */
    public List<HeldNamespace> namespaceFds(int pid, OptionalLong nsfsDevice, List<NsfsFd> boundFds) {
        boolean statPaths = trusted && nsfsDevice.isPresent() && boundFds != null;
        Path dir = file(pid, "fd");
        String prefix = rootPrefix + pid + "/fd/";
        List<HeldNamespace> out = new ArrayList<>();
        String[] names;
        try {
            names = names(dir);
        } catch (IOException e) {
            throw map(e, pid, dir);
        }
        for (String name : names) {
            String target;
            try {
                target = Files.readSymbolicLink(Path.of(prefix + name)).toString();
            } catch (java.nio.file.AccessDeniedException e) {
                break; // the ptrace check refuses them all alike: one exception, not one per fd
            } catch (IOException e) {
                continue; // closed meanwhile
            }
            if (!target.isEmpty() && target.charAt(0) != '/') {
                Optional<NamespaceId> id = NamespaceId.parse(target);
                int n = parseNumber(name);
                if (id.isPresent() && n >= 0) {
                    out.add(new HeldNamespace(id.get(), pid, n));
                }
            } else if (statPaths && target.length() == 1) {
                boundFd(pid, name, Path.of(prefix + name), nsfsDevice.getAsLong(), boundFds);
            }
        }
        return out;
    }

    private static void boundFd(int pid, String name, Path link, long nsfsDevice, List<NsfsFd> boundFds) {
        int n = parseNumber(name);
        try {
            Map<String, Object> st = Files.readAttributes(link, "unix:dev,ino");
            if (n >= 0 && st.get("dev") instanceof Long dev && dev == nsfsDevice && st.get("ino") instanceof Long ino) {
                boundFds.add(new NsfsFd(pid, n, ino));
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // closed meanwhile, or refused: not a namespace this scan can show
        }
    }

    /**
     * The device number of nsfs on a live host ({@code stat /proc/self/ns/user}); empty on a
     * fixture or where it cannot be read.
     */
    public OptionalLong nsfsDevice() {
        try {
            Object dev = Files.getAttribute(file("self/ns/user"), "unix:dev");
            return dev instanceof Long l ? OptionalLong.of(l) : OptionalLong.empty();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    private Optional<NamespaceId> link(int pid, String rel) {
        Path p = file(pid, rel);
        try {
            return NamespaceId.parse(Files.readSymbolicLink(p).toString());
        } catch (NoSuchFileException e) {
            if (!exists(pid)) {
                throw new ProcessGoneException(pid, p, e);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw map(e, pid, p);
        }
    }

    private String text(int pid, Path p) {
        try {
            return PseudoFiles.text(p, !trusted);
        } catch (IOException e) {
            throw map(e, pid, p);
        }
    }

    /**
     * {@code ROOT/NAME} as text, e.g. {@code loadavg} or {@code PID/uid_map}, read as every file
     * of this root is (checked unless the root is trusted).
     *
     * @throws IOException when it cannot be read
     */
    public String text(String name) throws IOException {
        return PseudoFiles.text(file(name), !trusted);
    }

    /** Maps an I/O failure on a file of process {@code pid} to the core's error types. */
    static JnsException map(IOException e, int pid, Path p) {
        if (e instanceof NoSuchFileException) {
            return new ProcessGoneException(pid, p, e);
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return new AccessDeniedException(p, e);
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            String r = fse.getReason();
            if (r.contains("No such process")) {
                return new ProcessGoneException(pid, p, e);
            }
            if (r.contains("Operation not permitted") || r.contains("Permission denied")) {
                return new AccessDeniedException(p, e);
            }
        }
        return new ReadException(p, e);
    }

    /**
     * A directory entry's name as a pid or file descriptor number: digits only, at most 2^31-1;
     * -1 for anything else (a name such as {@code 99999999999999} in a fixture is not a number).
     */
    static int parseNumber(String name) {
        int n = name.length();
        if (n == 0 || n > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}

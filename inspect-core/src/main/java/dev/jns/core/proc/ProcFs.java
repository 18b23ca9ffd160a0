package dev.jns.core.proc;

import dev.jns.core.AccessDeniedException;
import dev.jns.core.JnsException;
import dev.jns.core.NotFoundException;
import dev.jns.core.ProcessGoneException;
import dev.jns.core.ReadException;
import dev.jns.core.internal.PseudoFiles;
import dev.jns.core.ns.NamespaceId;
import dev.jns.core.ns.NamespaceType;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A proc filesystem rooted at a path: {@code /proc} on a live host, a host's /proc mounted
 * elsewhere, or a fixture tree. Every read resolves under the root; nothing here is static.
 *
 * <p>Ownership of {@code /proc/PID} (the UID lsns shows) cannot be stored in git, so a fixture
 * root may carry a file {@value #OWNERS_FILE} with lines {@code PID UID}; on a real procfs it is
 * absent and the directory's owner is read.
 *
 * <pre>{@code
 * ProcFs proc = new ProcFs(Path.of("/proc"));
 * for (int pid : proc.pids()) { proc.namespace(pid, NamespaceType.NET).ifPresent(System.out::println); }
 * }</pre>
 */
public final class ProcFs {
    /** The usual mount point. */
    public static final Path DEFAULT_ROOT = Path.of("/proc");
    /** Name of the fixture file that records the owner of each {@code /proc/PID}. */
    public static final String OWNERS_FILE = ".owners";

    private final Path root;
    private final String rootPrefix;
    private final Map<Integer, Integer> recordedOwners;

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
        this.recordedOwners = readOwners(root.resolve(OWNERS_FILE));
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
        int[] out = new int[256];
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                int pid = parsePid(name);
                if (pid > 0) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = pid;
                }
            }
        } catch (IOException e) {
            throw new ReadException(root, e);
        }
        int[] r = Arrays.copyOf(out, n);
        Arrays.sort(r);
        return r;
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
            return ProcCmdline.parse(PseudoFiles.read(p, PseudoFiles.MAX_BYTES));
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
        Integer recorded = recordedOwners.get(pid);
        if (recorded != null) {
            return recorded;
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
        Path dir = file(pid, "fd");
        List<HeldNamespace> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path fd : ds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                if (!target.isEmpty() && target.charAt(0) != '/') {
                    Optional<NamespaceId> id = NamespaceId.parse(target);
                    if (id.isPresent()) {
                        out.add(new HeldNamespace(id.get(), pid, Integer.parseInt(fd.getFileName().toString())));
                    }
                }
            }
        } catch (IOException e) {
            throw map(e, pid, dir);
        }
        return out;
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
            return PseudoFiles.text(p);
        } catch (IOException e) {
            throw map(e, pid, p);
        }
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

    static int parsePid(String name) {
        int n = name.length();
        if (n == 0 || n > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static Map<Integer, Integer> readOwners(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Map<Integer, Integer> m = new HashMap<>();
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(file)) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] f = t.split("\\s+");
                if (f.length != 2) {
                    throw new dev.jns.core.ParseException(file, lineNo, "expected 'PID UID'");
                }
                try {
                    m.put(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
                } catch (NumberFormatException e) {
                    throw new dev.jns.core.ParseException(file, lineNo, "expected 'PID UID', not numbers");
                }
            }
        } catch (IOException e) {
            throw new ReadException(file, e);
        }
        return Map.copyOf(m);
    }
}

package dev.jns.core.testing;

import dev.jns.core.JnsException;
import dev.jns.core.NamespaceId;
import dev.jns.core.NamespaceType;
import dev.jns.core.internal.PseudoFiles;
import dev.jns.core.ns.Namespace;
import dev.jns.core.ns.NamespaceFacts;
import dev.jns.core.ns.NamespaceFile;
import dev.jns.core.ns.NamespaceInspector;
import dev.jns.core.ns.NamespaceScanner;
import dev.jns.core.ns.NamespaceSnapshot;
import dev.jns.core.proc.MountInfo;
import dev.jns.core.proc.ProcFs;
import dev.jns.core.sys.NativeNamespaceInspector;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Records a {@link ProcFixture} from the live host's {@code /proc}:
 * {@code RecordFixture OUTFILE [PID...]}. For every pid (or the given ones, plus the recorder's
 * own, which {@code proc/self} points at) it records {@code stat}, {@code status},
 * {@code cmdline}, {@code comm}, the {@code ns/*} links, the {@code fd/*} links that refer to a
 * namespace (no others) and, for the recorder itself and the lowest recorded pid of every other
 * mount namespace, {@code mountinfo}. It adds {@code proc/.owners} (owner uid of each
 * {@code /proc/PID}), {@code proc/.nsinfo} (parents, owners, owner uids and netnsids from the
 * nsfs ioctls and netlink, for every namespace the recorded files refer to and their ancestors)
 * and {@code etc/passwd} restricted to the uids that appear. Run it as root to see everything.
 *
 * <p>See {@code src/test/record-fixture.sh} and {@code src/test/resources/fixtures/README.md}.
 */
public final class RecordFixture {
    private static final Path PROC = Path.of("/proc");

    private final ProcFs proc = new ProcFs(PROC);
    /** Each namespace the recorded files refer to, and a file through which it can be opened. */
    private final Map<NamespaceId, NamespaceFile> referenced = new TreeMap<>();
    private final Map<Integer, Integer> owners = new TreeMap<>();
    private int warnings;
    private int deniedLinks;

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("usage: RecordFixture OUTFILE [PID...]");
            System.err.println("  Records /proc (all pids, or the given ones and the recorder's own) as a fixture.");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Set<Integer> pids = new TreeSet<>();
        for (int i = 1; i < args.length; i++) {
            try {
                pids.add(Integer.parseInt(args[i]));
            } catch (NumberFormatException e) {
                System.err.println("RecordFixture: not a pid: " + args[i]);
                System.exit(2);
            }
        }
        RecordFixture r = new RecordFixture();
        StringWriter text = new StringWriter();
        int n = r.record(pids, text);
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        System.err.println("RecordFixture: " + n + " processes, " + r.referenced.size() + " namespaces -> " + file
                + (r.warnings > 0 ? " (" + r.warnings + " warnings)" : ""));
    }

    /** Records the given pids (all when empty) into {@code text}; returns how many processes were recorded. */
    private int record(Set<Integer> wanted, Writer text) throws IOException {
        int self = proc.selfPid().orElseThrow(() -> new IllegalStateException("/proc/self is not a pid"));
        Set<Integer> pids = new TreeSet<>();
        if (wanted.isEmpty()) {
            for (int p : proc.pids()) {
                pids.add(p);
            }
        } else {
            pids.addAll(wanted);
        }
        pids.add(self);

        // Namespaces of the whole host, persistent ones and ancestors included: they provide a
        // file to open for each namespace the recorded processes refer to.
        NamespaceSnapshot snap = NamespaceScanner.of(proc, NativeNamespaceInspector::load).scan(NamespaceScanner.Options.of(
                EnumSet.allOf(NamespaceType.class), NamespaceScanner.Find.values()));

        StringWriter body = new StringWriter();
        ProcFixture.Writer bw = new ProcFixture.Writer(body);
        Map<NamespaceId, Integer> mountReader = new LinkedHashMap<>();
        List<Integer> recorded = new ArrayList<>();
        for (int pid : pids) {
            StringWriter one = new StringWriter();
            if (recordProcess(pid, new ProcFixture.Writer(one))) {
                recorded.add(pid);
                body.write(one.toString());
                try {
                    proc.namespace(pid, NamespaceType.MNT).ifPresent(m -> mountReader.putIfAbsent(m, pid));
                } catch (JnsException e) {
                    warn(pid + ": mount namespace: " + e.getMessage());
                }
            }
        }
        NamespaceId selfMnt = proc.namespace(self, NamespaceType.MNT).orElse(null);
        recordMountinfo(self, bw, null);
        for (Map.Entry<NamespaceId, Integer> e : mountReader.entrySet()) {
            if (!e.getKey().equals(selfMnt) && e.getValue() != self) {
                recordMountinfo(e.getValue(), bw, proc.file(e.getValue(), "root"));
            }
        }

        Map<Long, String> nsinfo = describe(snap);
        Set<Integer> uids = new TreeSet<>(owners.values());
        for (String line : nsinfo.values()) {
            String uid = line.split(" ")[4];
            if (!uid.equals("-")) {
                uids.add(Integer.parseInt(uid));
            }
        }

        ProcFixture.Writer out = new ProcFixture.Writer(text);
        out.comment("jns proc fixture, recorded by dev.jns.core.testing.RecordFixture (kernel "
                + firstLine(PROC.resolve("sys/kernel/osrelease")) + "). Format: fixtures/README.md");
        out.symlink("proc/self", Integer.toString(self));
        StringBuilder o = new StringBuilder();
        owners.forEach((pid, uid) -> o.append(pid).append(' ').append(uid).append('\n'));
        out.file("proc/" + FixtureFacts.OWNERS_FILE, o.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder ni = new StringBuilder();
        nsinfo.values().forEach(l -> ni.append(l).append('\n'));
        out.file("proc/" + RecordedNamespaceInspector.FILE, ni.toString().getBytes(StandardCharsets.UTF_8));
        out.file("etc/passwd", passwd(uids));
        out.flush();
        text.write(body.toString());
        return recorded.size();
    }

    /** One process's files; false when it exited before its {@code stat} could be read. */
    private boolean recordProcess(int pid, ProcFixture.Writer w) throws IOException {
        String dir = "proc/" + pid + "/";
        byte[] stat;
        try {
            stat = PseudoFiles.read(proc.file(pid, "stat"), PseudoFiles.MAX_BYTES);
        } catch (NoSuchFileException e) {
            return false;
        }
        w.file(dir + "stat", stat);
        deniedLinks = 0;
        for (String name : new String[] {"status", "cmdline", "comm"}) {
            try {
                w.file(dir + name, PseudoFiles.read(proc.file(pid, name), PseudoFiles.MAX_BYTES));
            } catch (IOException e) {
                warn(pid + "/" + name + ": " + e);
            }
        }
        for (Path link : sorted(proc.file(pid, "ns"))) {
            String target = readLink(link);
            if (target != null) {
                w.symlink(dir + "ns/" + link.getFileName(), target);
                Optional<NamespaceId> id = NamespaceId.parse(target);
                id.ifPresent(ns -> referenced.putIfAbsent(ns, new NamespaceFile.ProcLink(link)));
            }
        }
        w.directory(dir + "fd");
        for (Path link : sorted(proc.file(pid, "fd"))) {
            String target = readLink(link);
            Optional<NamespaceId> id = target == null ? Optional.empty() : NamespaceId.parse(target);
            if (id.isPresent()) {
                w.symlink(dir + "fd/" + link.getFileName(), target);
                referenced.putIfAbsent(id.get(), new NamespaceFile.ProcLink(link));
            }
        }
        if (deniedLinks > 0) {
            warn(pid + ": " + deniedLinks + " ns or fd links could not be read (permission denied)");
        }
        try {
            owners.put(pid, proc.owner(pid));
        } catch (JnsException e) {
            warn(pid + ": owner: " + e.getMessage());
        }
        return true;
    }

    /** {@code mountinfo} of {@code pid}; nsfs mounts in it are referenced namespaces. */
    private void recordMountinfo(int pid, ProcFixture.Writer w, Path foreignRoot) throws IOException {
        byte[] raw;
        try {
            raw = PseudoFiles.read(proc.file(pid, "mountinfo"), PseudoFiles.MAX_BYTES);
        } catch (IOException e) {
            warn(pid + "/mountinfo: " + e);
            return;
        }
        w.file("proc/" + pid + "/mountinfo", raw);
        for (MountInfo m : MountInfo.parse(new String(raw, StandardCharsets.UTF_8), proc.file(pid, "mountinfo"))) {
            if (m.fsType().equals("nsfs")) {
                NamespaceId.parse(m.root()).ifPresent(id -> referenced.putIfAbsent(id,
                        new NamespaceFile.Mount(foreignRoot == null ? Path.of("/") : foreignRoot, m.mountPoint())));
            }
        }
    }

    /** The {@code .nsinfo} lines, by inode: referenced namespaces and their ancestors. */
    private Map<Long, String> describe(NamespaceSnapshot snap) {
        NamespaceInspector in = NativeNamespaceInspector.load();
        Map<Long, String> lines = new TreeMap<>();
        for (Map.Entry<NamespaceId, NamespaceFile> e : referenced.entrySet()) {
            NamespaceId id = e.getKey();
            NamespaceFile file = e.getValue();
            List<NamespaceFacts> facts = in.describe(id, file, true);
            if (facts.isEmpty()) {
                NamespaceFile alt = fileFromScan(snap, id);
                if (alt != null) {
                    file = alt;
                    facts = in.describe(id, file, true);
                }
            }
            if (facts.isEmpty()) {
                warn("no facts for " + id + " (through " + file + ")");
                continue;
            }
            Optional<String> netnsid = id.type() == NamespaceType.NET ? in.netnsid(id, file) : Optional.empty();
            lines.put(id.inode(), RecordedNamespaceInspector.format(facts.get(0), netnsid));
            for (NamespaceFacts a : facts.subList(1, facts.size())) {
                lines.putIfAbsent(a.id().inode(), RecordedNamespaceInspector.format(a, Optional.empty()));
            }
        }
        return lines;
    }

    private NamespaceFile fileFromScan(NamespaceSnapshot snap, NamespaceId id) {
        for (Namespace ns : snap.namespaces()) {
            if (ns.id().equals(id)) {
                OptionalInt p = ns.lowestPid();
                if (p.isPresent()) {
                    return new NamespaceFile.ProcLink(proc.file(p.getAsInt(), "ns/" + id.type().procName()));
                }
                if (!ns.heldBy().isEmpty()) {
                    return new NamespaceFile.ProcLink(proc.file(ns.heldBy().get(0).pid(), "fd/" + ns.heldBy().get(0).fd()));
                }
            }
        }
        return null;
    }

    private byte[] passwd(Set<Integer> uids) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":", -1);
            if (f.length >= 3) {
                try {
                    if (uids.contains(Integer.parseInt(f[2]))) {
                        b.append(line).append('\n');
                    }
                } catch (NumberFormatException ignored) {
                    // not a passwd line
                }
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private List<Path> sorted(Path dir) {
        List<Path> l = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(l::add);
        } catch (IOException e) {
            warn(dir + ": " + e);
        }
        l.sort((a, b) -> {
            String x = a.getFileName().toString();
            String y = b.getFileName().toString();
            boolean nx = x.chars().allMatch(Character::isDigit);
            boolean ny = y.chars().allMatch(Character::isDigit);
            return nx && ny ? Long.compare(Long.parseLong(x), Long.parseLong(y)) : x.compareTo(y);
        });
        return l;
    }

    private String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (java.nio.file.AccessDeniedException e) {
            deniedLinks++;
            return null;
        } catch (IOException e) {
            return null; // closed, exited, or not a link
        }
    }

    private static String firstLine(Path p) {
        try {
            return Files.readAllLines(p).get(0);
        } catch (IOException | IndexOutOfBoundsException e) {
            return "?";
        }
    }

    private void warn(String what) {
        warnings++;
        System.err.println("RecordFixture: warning: " + what);
    }
}

package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jns.core.cgroup.CgroupMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real runtime: for each bundle, `runc run` succeeds exactly when jns reports no errors (all
 * layers: schema, semantics, host, runtime runc). Bundles are built here: a rootfs of
 * /bin/busybox (busybox-static) and its links, runc-base.json edited per case, a relative
 * cgroupsPath and a unique container id, runc's state in a private --root; everything is deleted
 * (runc delete -f, then the files) after each case, also when it fails. Documented runc quirks,
 * where runc accepts what jns reports, are asserted as such, so a runc that changes is noticed.
 * Skips unless root with runc and /bin/busybox.
 */
class OciRuncAgreementTest {
    private static Path runc;
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static int counter;

    private Path dir;
    private String id;
    private Path state;

    /** How a case is expected to end. */
    enum Expect {
        /** runc and jns agree, whichever way. */
        AGREE,
        /** a documented runc quirk: runc runs it, jns reports an error. */
        QUIRK_RUNC_ACCEPTS,
        /** a state-dependent refusal: runc refuses it, jns warns with the figure and reports no error. */
        WARNED_RUNC_REFUSES
    }

    static Stream<Arguments> bundles() {
        List<Arguments> a = new ArrayList<>();
        // --- valid: runc runs them, jns must report no error (warnings allowed)
        add(a, "the base bundle", "");
        add(a, "ociVersion 1.0.0", "/ociVersion=\"1.0.0\"");
        add(a, "ociVersion 1.2.0 (newer than runc 1.1.5 knows)", "/ociVersion=\"1.2.0\"");
        add(a, "/dev/tty is 5:0", "/linux/devices=[{\"path\":\"/dev/tty\",\"type\":\"c\",\"major\":5,\"minor\":0,\"fileMode\":438,\"uid\":0,\"gid\":0}]");
        add(a, "an env name with a leading digit", "+/process/env=\"1FOO=bar\"");
        add(a, "an unknown future member", "/futureFeature={\"x\":1}");
        add(a, "rootfsPropagation rslave", "/linux/rootfsPropagation=\"rslave\"");
        add(a, "rootfsPropagation rprivate", "/linux/rootfsPropagation=\"rprivate\"");
        add(a, "net sysctl with a network namespace", "/linux/sysctl={\"net.ipv4.ip_forward\":\"1\"}");
        add(a, "ipc sysctl with an ipc namespace", "/linux/sysctl={\"kernel.shmmax\":\"65536\"}");
        add(a, "ambient capabilities not inheritable (runc drops them)", "/process/capabilities/ambient=[\"CAP_KILL\"] ;; "
                + "/process/capabilities/inheritable=[]");
        add(a, "a relative mount destination (runc warns)", "+/mounts={\"destination\":\"mnt\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}");
        add(a, "an org.opencontainers annotation", "/annotations={\"org.opencontainers.example\":\"x\"}");
        add(a, "args[0] through an absolute symlink inside the rootfs", "/process/args=[\"/bin/sh\",\"-c\",\"exit 0\"]");
        add(a, "rlimits with RLIMIT_LOCKS", "+/process/rlimits={\"type\":\"RLIMIT_LOCKS\",\"hard\":10,\"soft\":10}");
        add(a, "a pids limit", "/linux/resources/pids={\"limit\":100}");
        add(a, "memory limit and swap", "/linux/resources/memory={\"limit\":67108864,\"swap\":134217728}");
        add(a, "a masked path", "+/linux/maskedPaths=\"/proc/timer_list\"");
        add(a, "a tmpfs with data options", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"mode=1777\",\"size=1m\"]}");
        add(a, "a read-only bind mount", "+/mounts={\"destination\":\"/mnt\",\"type\":\"bind\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"ro\"]}");
        add(a, "hostname joined UTS namespace is not needed: no hostname, no uts", "-/hostname ;; "
                + "/linux/namespaces=[{\"type\":\"pid\"},{\"type\":\"network\"},{\"type\":\"ipc\"},{\"type\":\"mount\"}]");
        add(a, "a user namespace mapping root to 100000", "+/linux/namespaces={\"type\":\"user\"} ;; "
                + "/linux/uidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}] ;; "
                + "/linux/gidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]");
        add(a, "a cgroup namespace", "+/linux/namespaces={\"type\":\"cgroup\"}");
        add(a, "a seccomp filter", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                + "\"syscalls\":[{\"names\":[\"mknod\"],\"action\":\"SCMP_ACT_ERRNO\"}]}");
        add(a, "a non-root user and oomScoreAdj", "/process/user={\"uid\":1000,\"gid\":1000} ;; /process/oomScoreAdj=100");
        add(a, "a startContainer hook inside the rootfs", "/hooks={\"startContainer\":[{\"path\":\"/bin/true\"}]}");
        add(a, "a prestart hook on the host", "/hooks={\"prestart\":[{\"path\":\"/bin/true\"}]}");
        // --- invalid: runc refuses them (at create or start), jns must report an error
        add(a, "a startContainer hook missing from the rootfs", "/hooks={\"startContainer\":[{\"path\":\"/usr/bin/env\"}]}");
        add(a, "a createRuntime hook missing on the host", "/hooks={\"createRuntime\":[{\"path\":\"/nonexistent/jns-hook\"}]}");
        add(a, "duplicate pid namespace", "+/linux/namespaces={\"type\":\"pid\"}");
        add(a, "no process", "-/process");
        add(a, "relative cwd", "/process/cwd=\"tmp\"");
        add(a, "empty args", "/process/args=[]");
        add(a, "unknown rlimit", "/process/rlimits/0/type=\"RLIMIT_FOO\"");
        add(a, "hostname without a UTS namespace",
                "/linux/namespaces=[{\"type\":\"pid\"},{\"type\":\"network\"},{\"type\":\"ipc\"},{\"type\":\"mount\"}]");
        add(a, "net sysctl without a network namespace", "/linux/sysctl={\"net.ipv4.ip_forward\":\"1\"} ;; "
                + "/linux/namespaces=[{\"type\":\"pid\"},{\"type\":\"ipc\"},{\"type\":\"uts\"},{\"type\":\"mount\"}]");
        add(a, "a sysctl that is not namespaced", "/linux/sysctl={\"vm.swappiness\":\"10\"}");
        add(a, "args[0] not in the rootfs", "/process/args=[\"nosuchcmd\"]");
        add(a, "args[0] not executable", "/process/args=[\"/etc/data\"]");
        add(a, "args[0] escaping the rootfs by a link", "/process/args=[\"/bin/escape\"]");
        add(a, "rootfs missing", "/root/path=\"nosuchdir\"");
        add(a, "rootfs path through a symlink", "/root/path=\"rootfs-link\"");
        add(a, "resources.unified on a v1/hybrid host (skipped on cgroup v2)", "/linux/resources/unified={\"pids.max\":\"10\"}");
        add(a, "an unknown mount type", "+/mounts={\"destination\":\"/mnt\",\"type\":\"nosuchfs\",\"source\":\"none\"}");
        add(a, "a mount inside /proc", "+/mounts={\"destination\":\"/proc/sys/x\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}");
        add(a, "masked paths without a mount namespace", "/linux/namespaces=[{\"type\":\"pid\"},{\"type\":\"uts\"}] ;; /mounts=[]");
        add(a, "a device cgroup rule with an unknown type", "/linux/resources/devices=[{\"allow\":false,\"type\":\"x\",\"access\":\"rwm\"}]");
        add(a, "memory swap below the limit", "/linux/resources/memory={\"limit\":67108864,\"swap\":33554432}");
        add(a, "seccomp architecture runc does not know", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\","
                + "\"architectures\":[\"SCMP_ARCH_M68K\"]}");
        add(a, "a time namespace (runc 1.1.5 lacks it)", "+/linux/namespaces={\"type\":\"time\"}");
        add(a, "a user namespace that does not map root", "+/linux/namespaces={\"type\":\"user\"} ;; "
                + "/linux/uidMappings=[{\"containerID\":1,\"hostID\":100000,\"size\":65536}] ;; "
                + "/linux/gidMappings=[{\"containerID\":1,\"hostID\":100000,\"size\":65536}]");
        add(a, "a user namespace whose root cannot reach the rootfs (a 0700 directory on the way)", "#private-dir ;; "
                + "+/linux/namespaces={\"type\":\"user\"} ;; "
                + "/linux/uidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}] ;; "
                + "/linux/gidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]");
        add(a, "an effective capability that is not permitted", "+/process/capabilities/effective=\"CAP_SYS_ADMIN\" ;; "
                + "+/process/capabilities/bounding=\"CAP_SYS_ADMIN\"");
        add(a, "a bad seccomp action", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_NOPE\"}");
        add(a, "a string where a number belongs", "/process/user/uid=\"0\"");
        add(a, "malformed JSON", "RAW:{\"ociVersion\": \"1.0.2\",");
        kernelValues(a);
        // --- documented runc quirks: runc runs these, jns reports an error on purpose
        a.add(Arguments.of("ociVersion that is not SemVer (runc does not check it, runc#1846)", "/ociVersion=\"invalid\"",
                Expect.QUIRK_RUNC_ACCEPTS));
        a.add(Arguments.of("bind mount with filesystem data options (runc 1.1.5 has no checkBindOptions; mount(2) ignores the data)",
                "+/mounts={\"destination\":\"/mnt\",\"type\":\"bind\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"mode=755\"]}",
                Expect.QUIRK_RUNC_ACCEPTS));
        a.add(Arguments.of("uid/gid mappings without a user namespace (runc 1.1.5 ignores them; newer runc's validate.namespaces"
                + " and runtime-tools #44 reject them)", "/linux/uidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}] ;; "
                + "/linux/gidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]", Expect.QUIRK_RUNC_ACCEPTS));
        a.add(Arguments.of("device cgroup access rwx in a deny-all rule (runc 1.1.5 accepts it; runtime-tools #57 rejects it)",
                "/linux/resources/devices=[{\"allow\":false,\"access\":\"rwx\"}]", Expect.QUIRK_RUNC_ACCEPTS));
        // --- held out: spec errors of the kinds RuntimeLeniency lists for runc 1.1, with values the
        // differential set does not use; the prediction must say runc runs them
        quirk(a, "an ociVersion of two numbers", "/ociVersion=\"1.0\"");
        quirk(a, "a relative readonly path of two parts", "+/linux/readonlyPaths=\"etc/data\"");
        quirk(a, "a device with setgid in its file mode", "/linux/devices=[{\"path\":\"/dev/jnsmode\",\"type\":\"c\",\"major\":1,"
                + "\"minor\":3,\"fileMode\":1462}]");
        quirk(a, "a device listed twice under another name", "/linux/devices=[{\"path\":\"/dev/jnsa\",\"type\":\"c\",\"major\":1,"
                + "\"minor\":5},{\"path\":\"/dev/jnsa\",\"type\":\"c\",\"major\":1,\"minor\":3}]");
        quirk(a, "an ioPriority out of range", "/process/ioPriority={\"class\":\"IOPRIO_CLASS_BE\",\"priority\":99}");
        quirk(a, "a scheduler nice out of range", "/process/scheduler={\"policy\":\"SCHED_OTHER\",\"nice\":100}");
        quirk(a, "a bind mount with uid=5", "+/mounts={\"destination\":\"/mnt\",\"type\":\"bind\",\"source\":\"/tmp\","
                + "\"options\":[\"bind\",\"uid=5\"]}");
        quirk(a, "gid mappings alone without a user namespace", "/linux/gidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":1}]");
        quirk(a, "a tmpfs on /proc/bus", "+/mounts={\"destination\":\"/proc/bus\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}");
        return a.stream();
    }

    /**
     * The kernel's value rules (KernelValues, KernelHost): each boundary value runs and the value past
     * it is refused, by runc and by jns alike. Host-dependent ones (a controller, BFQ, the caller's
     * limits) agree whichever way this host goes.
     */
    private static void kernelValues(List<Arguments> a) {
        String cpu = "/linux/resources/cpu=";
        String mem = "/linux/resources/memory=";
        add(a, "kernel: cpu period 1000 us", cpu + "{\"period\":1000}");
        add(a, "kernel: cpu period 1000000 us", cpu + "{\"period\":1000000}");
        add(a, "kernel: cpu period 999 us", cpu + "{\"period\":999}");
        add(a, "kernel: cpu period 1000001 us", cpu + "{\"period\":1000001}");
        add(a, "kernel: cpu quota 1000 us", cpu + "{\"quota\":1000,\"period\":100000}");
        add(a, "kernel: cpu quota 999 us", cpu + "{\"quota\":999,\"period\":100000}");
        add(a, "kernel: cpu quota 2^44-1 us", cpu + "{\"quota\":17592186044415,\"period\":100000}");
        add(a, "kernel: cpu quota 2^44 us", cpu + "{\"quota\":17592186044416,\"period\":100000}");
        add(a, "kernel: cpu shares 2", cpu + "{\"shares\":2}");
        add(a, "kernel: cpu shares 262144", cpu + "{\"shares\":262144}");
        add(a, "kernel: cpu shares 1", cpu + "{\"shares\":1}");
        add(a, "kernel: cpu shares 262145", cpu + "{\"shares\":262145}");
        add(a, "kernel: cpu burst above quota (runc 1.1.5 ignores burst; jns warns)", cpu + "{\"quota\":50000,\"period\":100000,\"burst\":60000}");
        add(a, "kernel: cpu idle 2 (runc 1.1.5 ignores idle; jns warns)", cpu + "{\"idle\":2}");
        add(a, "kernel: cpuset cpus 0", cpu + "{\"cpus\":\"0\"}");
        add(a, "kernel: cpuset cpus 0- (syntax)", cpu + "{\"cpus\":\"0-\"}");
        add(a, "kernel: cpuset cpus 4095 (not online)", cpu + "{\"cpus\":\"4095\"}");
        add(a, "kernel: cpuset mems 1023 (not online)", cpu + "{\"mems\":\"1023\"}");
        add(a, "kernel: realtime runtime 950000 of the default 1 s", cpu + "{\"realtimeRuntime\":950000}");
        add(a, "kernel: realtime runtime above the period", cpu + "{\"realtimeRuntime\":1000001}");
        add(a, "kernel: realtime runtime above the root's share", cpu + "{\"realtimeRuntime\":9600,\"realtimePeriod\":10000}");
        add(a, "kernel: oomScoreAdj 1000", "/process/oomScoreAdj=1000");
        add(a, "kernel: oomScoreAdj 1001", "/process/oomScoreAdj=1001");
        add(a, "kernel: oomScoreAdj -1001", "/process/oomScoreAdj=-1001");
        add(a, "kernel: pids limit 4194304", "/linux/resources/pids={\"limit\":4194304}");
        add(a, "kernel: pids limit 4194305", "/linux/resources/pids={\"limit\":4194305}");
        add(a, "kernel: memory limit -1", mem + "{\"limit\":-1}");
        add(a, "kernel: memory limit -2", mem + "{\"limit\":-2}");
        add(a, "kernel: memory swap -2", mem + "{\"limit\":67108864,\"swap\":-2}");
        add(a, "kernel: memory limit 4 MiB (no warning)", mem + "{\"limit\":4194304}");
        add(a, "kernel: memory limit 1 MiB, below runc's own init (jns refuses)", mem + "{\"limit\":1048576}");
        a.add(Arguments.of("kernel: memory limit 1.5 MiB, the lowest jns lets through, below a busybox container's usage (jns warns)",
                mem + "{\"limit\":1572864}", Expect.WARNED_RUNC_REFUSES));
        add(a, "kernel: kernel memory (runc ignores it; jns warns)", mem + "{\"kernel\":67108864}");
        add(a, "kernel: swappiness 100", mem + "{\"swappiness\":100}");
        add(a, "kernel: swappiness 101 (v1: runc refuses; v2: ignored)", mem + "{\"swappiness\":101}");
        add(a, "kernel: blkio weight 500 (needs BFQ on v1)", "/linux/resources/blockIO={\"weight\":500}");
        add(a, "kernel: blkio weight 9 (v1: needs BFQ; v2 without BFQ: wraps round)", "/linux/resources/blockIO={\"weight\":9}");
        add(a, "kernel: blkio weight 1001", "/linux/resources/blockIO={\"weight\":1001}");
        add(a, "kernel: blkio leafWeight (gone on v1, ignored on v2)", "/linux/resources/blockIO={\"leafWeight\":500}");
        add(a, "kernel: throttle on a block device that does not exist", "/linux/resources/blockIO={\"throttleReadBpsDevice\":"
                + "[{\"major\":250,\"minor\":65535,\"rate\":1048576}]}");
        add(a, "kernel: net_cls classID (a v1 hierarchy, or ignored on v2)", "/linux/resources/network={\"classID\":1048577}");
        add(a, "kernel: net_prio priorities", "/linux/resources/network={\"priorities\":[{\"name\":\"lo\",\"priority\":1}]}");
        add(a, "kernel: a 2MB hugetlb limit", "/linux/resources/hugepageLimits=[{\"pageSize\":\"2MB\",\"limit\":0}]");
        add(a, "kernel: sysctl ip_forward \"yes\"", "/linux/sysctl={\"net.ipv4.ip_forward\":\"yes\"}");
        add(a, "kernel: ping_group_range with extra values (the kernel ignores them)", "/linux/sysctl={\"net.ipv4.ping_group_range\":\"0 0 x\"}");
        add(a, "kernel: ping_group_range \"0 x\"", "/linux/sysctl={\"net.ipv4.ping_group_range\":\"0 x\"}");
        add(a, "kernel: sysctl naming a directory", "/linux/sysctl={\"net.ipv4.\":\"1\"}");
        add(a, "kernel: a sysctl name with an empty part (runc writes net//ipv4/...)", "/linux/sysctl={\"net..ipv4.ip_forward\":\"1\"}");
        String tmpfs = "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":";
        add(a, "kernel: tmpfs noexec", tmpfs + "[\"noexec\",\"size=1m\"]}");
        add(a, "kernel: tmpfs noexce (a typo: data)", tmpfs + "[\"noexce\"]}");
        add(a, "kernel: tmpfs \"nosuid \" (a space: data)", tmpfs + "[\"nosuid \"]}");
        add(a, "kernel: tmpfs sise=1m", tmpfs + "[\"sise=1m\"]}");
        add(a, "kernel: proc with an unknown option", "/mounts/0/options=[\"hidepid=2\",\"sise=1\"]");
        add(a, "kernel: seccomp SCMP_ACT_NOTIFY as default", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_NOTIFY\",\"listenerPath\":\"/tmp/x.sock\"}");
        add(a, "kernel: seccomp SCMP_ACT_NOTIFY on write", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":"
                + "\"/tmp/x.sock\",\"syscalls\":[{\"names\":[\"write\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}");
        add(a, "kernel: seccomp SCMP_ACT_NOTIFY without listenerPath", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\","
                + "\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}");
        // SCMP_ACT_KILL as the default (linux.seccomp.default-kill) is not run here: runc 1.1.5 hangs on it (measured by hand)
        add(a, "kernel: errnoRet with SCMP_ACT_KILL (ignored; jns warns)", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\","
                + "\"syscalls\":[{\"names\":[\"mknod\"],\"action\":\"SCMP_ACT_KILL\",\"errnoRet\":1}]}");
        add(a, "kernel: RLIMIT_NOFILE above fs.nr_open", "/process/rlimits=[{\"type\":\"RLIMIT_NOFILE\",\"hard\":" + (nrOpen() + 1)
                + ",\"soft\":1024}]");
        add(a, "kernel: RLIMIT_NOFILE hard one above the caller's", "/process/rlimits=[{\"type\":\"RLIMIT_NOFILE\",\"hard\":"
                + (callerNofileHard() + 1) + ",\"soft\":1024}]");
        add(a, "kernel: RLIMIT_NOFILE hard at the caller's", "/process/rlimits=[{\"type\":\"RLIMIT_NOFILE\",\"hard\":"
                + callerNofileHard() + ",\"soft\":1024}]");
        // below the caller's own value: refused without CAP_SYS_RESOURCE (below oom_score_adj_min, which /proc does not show)
        add(a, "kernel: oomScoreAdj -1 (refused without CAP_SYS_RESOURCE)", "/process/oomScoreAdj=-1");
        add(a, "kernel: a seccomp listenerPath with no socket there, no SCMP_ACT_NOTIFY (runc never connects)",
                "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/nonexistent/jns.sock\"}");
        add(a, "kernel: a seccomp listenerPath with no socket there, SCMP_ACT_NOTIFY on mkdir", "/linux/seccomp={\"defaultAction\":"
                + "\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/nonexistent/jns.sock\",\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":"
                + "\"SCMP_ACT_NOTIFY\"}]}");
    }

    private static long nrOpen() {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/sys/fs/nr_open")).strip());
        } catch (IOException | NumberFormatException e) {
            return 1048576;
        }
    }

    /** The rest of the first line of /proc/self/FILE that starts with PREFIX, stripped; null if none. */
    private static String selfLine(String file, String prefix) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/" + file))) {
                if (l.startsWith(prefix)) {
                    return l.substring(prefix.length()).strip();
                }
            }
        } catch (IOException e) {
            // none
        }
        return null;
    }

    /** The caller's own hard RLIMIT_NOFILE, from /proc/self/limits (1024 when unknown or unlimited). */
    private static long callerNofileHard() {
        String l = selfLine("limits", "Max open files ");
        String[] f = l == null ? new String[0] : l.split("\\s+");
        return f.length < 2 || !f[1].matches("[0-9]{1,18}") ? 1024 : Long.parseLong(f[1]);
    }

    private static void add(List<Arguments> a, String name, String ops) {
        a.add(Arguments.of(name, ops, Expect.AGREE));
    }

    private static void quirk(List<Arguments> a, String name, String ops) {
        a.add(Arguments.of("held out: " + name, ops, Expect.QUIRK_RUNC_ACCEPTS));
    }

    @BeforeAll
    static void requirements() throws IOException {
        String uid = "";
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("Uid:")) {
                uid = l.split("\\s+")[2];
            }
        }
        Assumptions.assumeTrue(uid.equals("0"), "runc run needs root (effective uid " + uid + ")");
        runc = new RuntimeChecker("runc", Path.of("/proc"), System.getenv("PATH"), new ArrayList<>()).binary();
        Assumptions.assumeTrue(runc != null, "runc is not installed");
        Assumptions.assumeTrue(Files.isExecutable(BUSYBOX), "/bin/busybox (busybox-static) is not installed");
    }

    @BeforeEach
    void bundle() throws IOException {
        long pid = ProcessHandle.current().pid();
        int n;
        synchronized (OciRuncAgreementTest.class) {
            n = ++counter;
        }
        id = "jns-ocitest-" + pid + "-" + n;
        dir = Files.createTempDirectory("jns-oci-runc-");
        state = dir.resolve("state");
        Path rootfs = dir.resolve("bundle/rootfs");
        for (String d : new String[] {"bin", "etc", "proc", "sys", "dev", "tmp", "mnt"}) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("/bin/busybox")); // absolute: inside the rootfs
        Files.createSymbolicLink(rootfs.resolve("bin/true"), Path.of("busybox"));
        Files.createSymbolicLink(rootfs.resolve("bin/escape"), Path.of("../../../../../../usr/bin/env"));
        Files.writeString(rootfs.resolve("etc/data"), "data\n");
        Files.setPosixFilePermissions(rootfs.resolve("etc/data"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(dir.resolve("bundle/rootfs-link"), Path.of("rootfs"));
    }

    @AfterEach
    void cleanUp() throws IOException, InterruptedException {
        if (runc != null && id != null) {
            run(List.of(runc.toString(), "--root", state.toString(), "delete", "-f", id), 30);
        }
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Runs argv (never a shell string); returns exit status and output. */
    private static Object[] run(List<String> argv, int seconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Object[] {-1, "timed out"};
        }
        return new Object[] {p.exitValue(), new String(out, StandardCharsets.UTF_8)};
    }

    /** crun refuses hybrid cgroup hosts (this CI host is one): jns --runtime crun says so before crun does. */
    @org.junit.jupiter.api.Test
    void crunOnAHybridHostFailsAndJnsSaysWhy() throws Exception {
        Path crun = new RuntimeChecker("crun", Path.of("/proc"), System.getenv("PATH"), new ArrayList<>()).binary();
        Assumptions.assumeTrue(crun != null, "crun is not installed");
        Path bundle = dir.resolve("bundle");
        CgroupMode layout = new HostChecker(Path.of("/proc"), bundle, new ArrayList<>()).cgroupMode();
        Files.write(bundle.resolve("config.json"), new String(OciRulesTest.edit(OciRulesTest.resource("runc-base.json"), ""),
                StandardCharsets.UTF_8).replace("\"CGROUP\"", "\"" + id + "\"").getBytes(StandardCharsets.UTF_8));
        OciValidator.Report report = new OciValidator(Path.of("/proc"), true, "crun", System.getenv("PATH")).validate(bundle);
        boolean jnsHybrid = report.findings().stream().anyMatch(f -> f.rule().equals("runtime.crun.hybrid-cgroups"));
        assertEquals(layout == CgroupMode.HYBRID, jnsHybrid, report.findings().toString());
        Path crunState = dir.resolve("crun-state");
        try {
            Object[] r = run(List.of(crun.toString(), "--root", crunState.toString(), "run", "--bundle", bundle.toString(), id), 60);
            boolean crunOk = (int) r[0] == 0;
            assertEquals(crunOk, report.findings().stream().noneMatch(Finding::isError),
                    "crun: exit " + r[0] + ": " + r[1] + "\n  jns: " + report.findings());
        } finally {
            run(List.of(crun.toString(), "--root", crunState.toString(), "delete", "-f", id), 30);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void runcRunsItExactlyWhenJnsFindsNoErrors(String name, String ops, Expect expect) throws Exception {
        Path bundle = dir.resolve("bundle");
        if (name.contains("unified") && new HostChecker(Path.of("/proc"), bundle, new ArrayList<>()).cgroupMode() == CgroupMode.V2) {
            Assumptions.abort("a cgroup v2 host accepts unified");
        }
        if (ops.startsWith("#private-dir ;; ")) {
            ops = ops.substring("#private-dir ;; ".length()); // keep the temp dir 0700
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        }
        byte[] config;
        if (ops.startsWith("RAW:")) {
            config = ops.substring(4).getBytes(StandardCharsets.UTF_8);
        } else {
            JsonNode base = OciRulesTest.resource("runc-base.json");
            config = new String(OciRulesTest.edit(base, ops), StandardCharsets.UTF_8)
                    .replace("\"CGROUP\"", "\"" + id + "\"").getBytes(StandardCharsets.UTF_8);
        }
        Files.write(bundle.resolve("config.json"), config);
        OciValidator.Report report = new OciValidator(Path.of("/proc"), true, "runc", System.getenv("PATH")).validate(bundle);
        List<Finding> errors = report.findings().stream().filter(Finding::isError).toList();
        Object[] r = run(List.of(runc.toString(), "--root", state.toString(), "run", "--bundle", bundle.toString(), id), 60);
        boolean runcOk = (int) r[0] == 0;
        String detail = "\n  runc: exit " + r[0] + ": " + ((String) r[1]).trim() + "\n  jns: " + report.findings();
        RuntimeLeniency.Prediction prediction = report.prediction();
        if (expect == Expect.AGREE) {
            assertEquals(runcOk, errors.isEmpty(), name + ": runc " + (runcOk ? "ran it" : "refused it") + ", jns found "
                    + errors.size() + " errors" + detail);
            assertEquals(runcOk, prediction.runs(), name + ": prediction" + detail);
        } else if (expect == Expect.WARNED_RUNC_REFUSES) {
            assertTrue(!runcOk, "runc ran it: " + name + detail);
            assertTrue(errors.isEmpty() && report.findings().stream().anyMatch(f -> !f.isError()), "jns should warn only: " + name + detail);
        } else {
            assertTrue(runcOk, "quirk no longer holds, runc refused: " + name + detail);
            assertTrue(!errors.isEmpty(), "jns should report an error: " + name + detail);
            assertTrue(prediction.runs() && prediction.overlooked().size() == errors.size(), "the prediction should say runc runs it,"
                    + " overlooking every error: " + name + "\n  prediction: " + prediction + detail);
        }
    }
}

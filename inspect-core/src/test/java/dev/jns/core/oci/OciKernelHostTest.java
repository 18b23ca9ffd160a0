package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host layer's kernel value rules (KernelHost) on two fixture hosts built in a temporary
 * directory: a pure cgroup v2 host (the users' common case) and a hybrid one like this CI host
 * (v1 controllers, cgroup2 at /sys/fs/cgroup/unified). Each fixture has its own /proc (mountinfo,
 * status, oom_score_adj, fs.nr_open) and / (sys/fs/cgroup, online CPUs and nodes, block devices
 * and their schedulers, huge page sizes). Each rule fires on the bad config and not on the nearest
 * good one, on each host where it applies.
 */
class OciKernelHostTest {
    @TempDir
    Path tmp;

    private static final String HYBRID = "31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
            + "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu,cpuacct\n"
            + "33 31 0:30 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
            + "34 31 0:31 / /sys/fs/cgroup/blkio rw - cgroup cgroup rw,blkio\n"
            + "35 31 0:32 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset\n"
            + "36 31 0:33 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n"
            + "37 31 0:34 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n";
    private static final String V2 = "31 23 0:28 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";

    /** A fixture host: its /proc and its /. */
    record Host(Path proc, Path root) {}

    Host v2;
    Host hybrid;

    private Host host(String name, String mountinfo, String capEff) throws IOException {
        Path proc = tmp.resolve(name + "/proc");
        Path root = tmp.resolve(name + "/root");
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("sys/fs"));
        Files.writeString(proc.resolve("self/mountinfo"), mountinfo);
        Files.writeString(proc.resolve("self/status"), "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nCapEff:\t" + capEff + "\n");
        Files.writeString(proc.resolve("self/oom_score_adj"), "0\n");
        Files.writeString(proc.resolve("self/limits"), "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max cpu time              unlimited            unlimited            seconds   \n"
                + "Max core file size        0                    unlimited            bytes     \n"
                + "Max open files            20000                20000                files     \n"
                + "Max locked memory         8388608              8388608              bytes     \n");
        Files.writeString(proc.resolve("sys/fs/nr_open"), "1048576\n");
        Files.createDirectories(root.resolve("sys/devices/system/cpu"));
        Files.createDirectories(root.resolve("sys/devices/system/node"));
        Files.writeString(root.resolve("sys/devices/system/cpu/online"), "0-3\n");
        Files.writeString(root.resolve("sys/devices/system/node/online"), "0\n");
        Files.createDirectories(root.resolve("sys/block/sda/queue"));
        Files.writeString(root.resolve("sys/block/sda/queue/scheduler"), "[none] mq-deadline kyber\n");
        Files.createDirectories(root.resolve("sys/dev/block/8:0"));
        Files.createDirectories(root.resolve("sys/kernel/mm/hugepages/hugepages-2048kB"));
        return new Host(proc, root);
    }

    @BeforeEach
    void fixtures() throws IOException {
        v2 = host("v2", V2, "0000000000000000");
        Files.createDirectories(v2.root().resolve("sys/fs/cgroup"));
        Files.writeString(v2.root().resolve("sys/fs/cgroup/cgroup.controllers"), "cpuset cpu io memory pids\n");
        hybrid = host("hybrid", HYBRID, "000001ffffffffff");
        for (String c : new String[] {"cpu", "memory", "blkio", "cpuset", "pids", "unified"}) {
            Files.createDirectories(hybrid.root().resolve("sys/fs/cgroup/" + c));
        }
        Files.writeString(hybrid.root().resolve("sys/fs/cgroup/cpu/cpu.rt_runtime_us"), "950000\n");
        Files.writeString(hybrid.root().resolve("sys/fs/cgroup/cpu/cpu.rt_period_us"), "1000000\n");
        Files.writeString(hybrid.root().resolve("sys/fs/cgroup/unified/cgroup.controllers"), "hugetlb\n");
    }

    private static List<Finding> check(Host h, String ops) {
        List<Finding> out = new ArrayList<>();
        JsonValue cfg = JsonReader.read(OciRulesTest.edit(ops), out);
        new KernelHost(h.proc(), h.root(), out).check(cfg);
        return out;
    }

    private static boolean has(List<Finding> f, String rule) {
        return f.stream().anyMatch(x -> x.rule().equals(rule));
    }

    private static void assertFires(Host h, String rule, String bad, String good) {
        List<Finding> b = check(h, bad);
        assertTrue(has(b, rule), rule + " should fire on " + bad + " (" + h.proc().getParent().getFileName() + "): " + b);
        assertTrue(b.stream().filter(x -> x.rule().equals(rule)).allMatch(x -> x.line() > 0), "position: " + b);
        List<Finding> g = check(h, good);
        assertFalse(has(g, rule), rule + " should not fire on " + good + " (" + h.proc().getParent().getFileName() + "): " + g);
    }

    private static void assertSilent(Host h, String rule, String ops) {
        List<Finding> f = check(h, ops);
        assertFalse(has(f, rule), rule + " should not fire on " + ops + " (" + h.proc().getParent().getFileName() + "): " + f);
    }

    @Test
    void theBaseConfigHasNoKernelHostFindings() {
        assertEquals(List.of(), check(v2, ""));
        assertEquals(List.of(), check(hybrid, ""));
    }

    @Test
    void aResourceNeedsItsController() {
        // hybrid: net_cls and hugetlb are not mounted as v1 hierarchies (as on this CI host)
        assertFires(hybrid, "host.cgroup.controller-missing", "/linux/resources/network={\"classID\":1048577}",
                "/linux/resources/pids={\"limit\":10}");
        assertFires(hybrid, "host.cgroup.controller-missing", "/linux/resources/hugepageLimits=[{\"pageSize\":\"2MB\",\"limit\":0}]",
                "/linux/resources/memory={\"limit\":67108864}");
        // v2: the controller must be in cgroup.controllers
        assertFires(v2, "host.cgroup.controller-missing", "/linux/resources/hugepageLimits=[{\"pageSize\":\"2MB\",\"limit\":0}]",
                "/linux/resources/blockIO={\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":0,\"rate\":1048576}]}");
    }

    @Test
    void v1OnlyResourcesAreIgnoredOnV2() {
        assertFires(v2, "host.cgroup.ignored-on-v2", "/linux/resources/network={\"classID\":1048577}",
                "/linux/resources/pids={\"limit\":10}");
        assertFires(v2, "host.cgroup.ignored-on-v2", "/linux/resources/memory={\"swappiness\":10}",
                "/linux/resources/memory={\"limit\":67108864}");
        assertFires(v2, "host.cgroup.ignored-on-v2", "/linux/resources/cpu={\"realtimeRuntime\":1000}",
                "/linux/resources/cpu={\"shares\":1024}");
        assertSilent(hybrid, "host.cgroup.ignored-on-v2", "/linux/resources/memory={\"swappiness\":10}");
    }

    @Test
    void unifiedKeysNeedAnAvailableController() {
        assertFires(v2, "host.cgroup.unified-controller", "/linux/resources/unified={\"hugetlb.2MB.max\":\"0\"}",
                "/linux/resources/unified={\"memory.high\":\"67108864\"}");
        assertSilent(v2, "host.cgroup.unified-controller", "/linux/resources/unified={\"cgroup.freeze\":\"0\"}");
        assertSilent(hybrid, "host.cgroup.unified-controller", "/linux/resources/unified={\"rdma.max\":\"x\"}");
    }

    @Test
    void cpusetsMustBeOnline() {
        for (Host h : new Host[] {v2, hybrid}) {
            assertFires(h, "host.cpuset.offline", "/linux/resources/cpu={\"cpus\":\"2-4\"}", "/linux/resources/cpu={\"cpus\":\"0-3\"}");
            assertFires(h, "host.cpuset.offline", "/linux/resources/cpu={\"mems\":\"1\"}", "/linux/resources/cpu={\"mems\":\"0\"}");
        }
    }

    @Test
    void realtimeGroupSchedulingOnV1() throws IOException {
        assertFires(hybrid, "host.cpu.rt-range", "/linux/resources/cpu={\"realtimeRuntime\":1000001}",
                "/linux/resources/cpu={\"realtimeRuntime\":950000}");
        assertFires(hybrid, "host.cpu.rt-range", "/linux/resources/cpu={\"realtimeRuntime\":20000,\"realtimePeriod\":10000}",
                "/linux/resources/cpu={\"realtimeRuntime\":5000,\"realtimePeriod\":10000}");
        // the root's share is 950000 per 1000000 us: 96% is refused, 95% is not
        assertFires(hybrid, "host.cpu.rt-range", "/linux/resources/cpu={\"realtimeRuntime\":960000}",
                "/linux/resources/cpu={\"realtimeRuntime\":950000}");
        assertFires(hybrid, "host.cpu.rt-range", "/linux/resources/cpu={\"realtimeRuntime\":9600,\"realtimePeriod\":10000}",
                "/linux/resources/cpu={\"realtimeRuntime\":9500,\"realtimePeriod\":10000}");
        assertSilent(v2, "host.cpu.rt-range", "/linux/resources/cpu={\"realtimeRuntime\":1000001}");
        assertSilent(hybrid, "host.cpu.rt-unavailable", "/linux/resources/cpu={\"realtimeRuntime\":1000}");
        Files.delete(hybrid.root().resolve("sys/fs/cgroup/cpu/cpu.rt_runtime_us"));
        assertFires(hybrid, "host.cpu.rt-unavailable", "/linux/resources/cpu={\"realtimeRuntime\":1000}",
                "/linux/resources/cpu={\"shares\":1024}");
    }

    @Test
    void swappinessAbove100OnV1() {
        assertFires(hybrid, "host.memory.swappiness-range", "/linux/resources/memory={\"swappiness\":101}",
                "/linux/resources/memory={\"swappiness\":100}");
        assertSilent(v2, "host.memory.swappiness-range", "/linux/resources/memory={\"swappiness\":101}");
        // runc reads it as uint64 and skips 2^64-1 (-1): unset, as runc 1.1.5 ran it in the differential
        assertSilent(hybrid, "host.memory.swappiness-range", "/linux/resources/memory={\"swappiness\":18446744073709551615}");
        assertFires(hybrid, "host.memory.swappiness-range", "/linux/resources/memory={\"swappiness\":18446744073709551614}",
                "/linux/resources/memory={\"swappiness\":0}");
    }

    @Test
    void swapWithoutALimitOnV1() {
        assertFires(hybrid, "host.cgroup.v1-swap-without-limit", "/linux/resources/memory={\"swap\":134217728}",
                "/linux/resources/memory={\"limit\":67108864,\"swap\":134217728}");
        assertFires(hybrid, "host.cgroup.v1-swap-without-limit", "/linux/resources/memory={\"limit\":-1,\"swap\":1}",
                "/linux/resources/memory={\"limit\":-1,\"swap\":-1}");
        assertSilent(v2, "host.cgroup.v1-swap-without-limit", "/linux/resources/memory={\"swap\":134217728}");
    }

    @Test
    void blkioWeightsNeedBfqOnV1() throws IOException {
        assertFires(hybrid, "host.blkio.no-bfq", "/linux/resources/blockIO={\"weight\":500}",
                "/linux/resources/blockIO={\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":0,\"rate\":1048576}]}");
        assertSilent(v2, "host.blkio.no-bfq", "/linux/resources/blockIO={\"weight\":500}");
        Files.writeString(hybrid.root().resolve("sys/block/sda/queue/scheduler"), "none [mq-deadline] kyber bfq\n");
        assertSilent(hybrid, "host.blkio.no-bfq", "/linux/resources/blockIO={\"weight\":500}");
    }

    @Test
    void weightsBelow10WrapOnV2WithoutBfq() throws IOException {
        assertFires(v2, "host.blkio.v2-weight-range", "/linux/resources/blockIO={\"weight\":9}", "/linux/resources/blockIO={\"weight\":10}");
        assertSilent(hybrid, "host.blkio.v2-weight-range", "/linux/resources/blockIO={\"weight\":9}");
        Files.writeString(v2.root().resolve("sys/block/sda/queue/scheduler"), "none mq-deadline kyber [bfq]\n");
        assertSilent(v2, "host.blkio.v2-weight-range", "/linux/resources/blockIO={\"weight\":9}");
    }

    @Test
    void leafWeightIsGoneOnV1AndIgnoredOnV2() {
        assertFires(hybrid, "host.blkio.leaf-weight", "/linux/resources/blockIO={\"leafWeight\":500}",
                "/linux/resources/blockIO={\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":0,\"rate\":1048576}]}");
        assertSilent(v2, "host.blkio.leaf-weight", "/linux/resources/blockIO={\"leafWeight\":500}");
        assertFires(v2, "host.cgroup.ignored-on-v2", "/linux/resources/blockIO={\"leafWeight\":500}",
                "/linux/resources/blockIO={\"weight\":500}");
    }

    @Test
    void blockDevicesMustExist() {
        for (Host h : new Host[] {v2, hybrid}) {
            assertFires(h, "host.blkio.device-missing",
                    "/linux/resources/blockIO={\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":1,\"rate\":1048576}]}",
                    "/linux/resources/blockIO={\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":0,\"rate\":1048576}]}");
        }
    }

    @Test
    void hugePageSizesMustExist() {
        for (Host h : new Host[] {v2, hybrid}) {
            assertFires(h, "host.hugepage.size-missing", "/linux/resources/hugepageLimits=[{\"pageSize\":\"1GB\",\"limit\":0}]",
                    "/linux/resources/hugepageLimits=[{\"pageSize\":\"2MB\",\"limit\":0}]");
        }
        assertEquals(2048, KernelHost.kib("2MB"));
        assertEquals(1048576, KernelHost.kib("1GB"));
        assertEquals(-1, KernelHost.kib("2mb"));
    }

    @Test
    void loweringOomScoreAdjNeedsCapSysResource() {
        // v2 fixture: a caller without capabilities; hybrid fixture: a caller with all of them
        assertFires(v2, "host.oom-score-adj.privilege", "/process/oomScoreAdj=-1", "/process/oomScoreAdj=0");
        assertSilent(hybrid, "host.oom-score-adj.privilege", "/process/oomScoreAdj=-1000");
    }

    @Test
    void nofileAboveNrOpenIsRefused() {
        for (Host h : new Host[] {v2, hybrid}) {
            assertFires(h, "host.rlimit.nofile-above-nr-open", "/process/rlimits=[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1048577,\"soft\":1024}]",
                    "/process/rlimits=[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1048576,\"soft\":1024}]");
        }
        assertTrue(has(check(v2, "/process/rlimits=[{\"type\":\"RLIMIT_NOFILE\",\"hard\":18446744073709551615,\"soft\":1024}]"),
                "host.rlimit.nofile-above-nr-open"));
    }

    @Test
    void hardLimitsAboveTheCallersNeedCapSysResource() {
        // v2 fixture: a caller without CAP_SYS_RESOURCE and a hard RLIMIT_NOFILE of 20000 (as this CI host's root)
        assertFires(v2, "host.rlimit.above-caller-hard", "/process/rlimits=[{\"type\":\"RLIMIT_NOFILE\",\"hard\":20001,\"soft\":1024}]",
                "/process/rlimits=[{\"type\":\"RLIMIT_NOFILE\",\"hard\":20000,\"soft\":1024}]");
        assertFires(v2, "host.rlimit.above-caller-hard", "/process/rlimits=[{\"type\":\"RLIMIT_MEMLOCK\",\"hard\":18446744073709551615,"
                + "\"soft\":1024}]", "/process/rlimits=[{\"type\":\"RLIMIT_CORE\",\"hard\":18446744073709551615,\"soft\":0}]");
        // hybrid fixture: a caller with CAP_SYS_RESOURCE may raise it
        assertSilent(hybrid, "host.rlimit.above-caller-hard", "/process/rlimits=[{\"type\":\"RLIMIT_NOFILE\",\"hard\":20001,\"soft\":1024}]");
    }

    @Test
    void membersOfTheWrongTypeOrMissingAreLeftToTheSchema() {
        for (Host h : new Host[] {v2, hybrid}) {
            // a hugepageLimits array names the hugetlb controller whatever its entries: only that may be reported
            assertEquals(List.of(), check(h, "/process/rlimits=[{\"hard\":1},3,{\"type\":\"RLIMIT_NOFILE\",\"hard\":\"x\"}] ;; "
                    + "/linux/resources={\"cpu\":{\"cpus\":7},\"hugepageLimits\":[1,{\"limit\":0}],\"blockIO\":{\"throttleReadBpsDevice\":[1]},"
                    + "\"unified\":{}}").stream().filter(f -> !f.rule().equals("host.cgroup.controller-missing")).toList());
        }
    }

    @Test
    void unknownFactsAreNotJudged() throws IOException {
        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty);
        List<Finding> out = new ArrayList<>();
        JsonValue cfg = JsonReader.read(OciRulesTest.edit("/linux/resources={\"cpu\":{\"cpus\":\"9\"},\"blockIO\":{\"weight\":500},"
                + "\"hugepageLimits\":[{\"pageSize\":\"1GB\",\"limit\":0}],\"network\":{\"classID\":1}} ;; /process/oomScoreAdj=-5"), out);
        new KernelHost(empty, empty, out).check(cfg);
        assertEquals(List.of(), out);
    }
}

package dev.jns.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Seeded generator of mutated OCI configs for {@link OciRuncDifferentialTest}: each {@link Mutation}
 * is one edit (or a small fixed group of edits) of runc 1.1.5's {@code runc spec} output, with a
 * stable name ("cpu.period=999", "mounts.type=nosuchfs"), valid and invalid values alike, boundary
 * values on both sides of each limit the kernel or runc applies.
 *
 * <p>The list is a fixed catalogue (the same for every seed) followed by seeded draws: random values
 * in and around each numeric field's accepted range, named "rand.FIELD=VALUE". The same seed gives
 * the same list in the same order; the default seed is 13 ({@code -Djns.diff.seed=N} repeats another).
 *
 * <p>The generator is pure: it reads nothing from the host. Block devices are named by number
 * (7:0 is loop0 on most hosts, 8:0 a SCSI disk that a VM usually lacks).
 */
final class OciBundleMutator {
    static final long DEFAULT_SEED = 13;
    /** How many seeded random mutations follow the fixed catalogue. */
    static final int RANDOM_COUNT = 120;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What a mutation touches: the field families. */
    enum Family {
        CPU, MEMORY, PIDS, BLOCK_IO, HUGEPAGE_LIMITS, NETWORK, RDMA, UNIFIED, RESOURCE_DEVICES,
        RLIMITS, OOM_SCORE_ADJ, CAPABILITIES, USER, CWD, ARGS, ENV, NO_NEW_PRIVILEGES,
        MOUNTS, NAMESPACES, SYSCTL, DEVICES, SECCOMP, OTHER
    }

    /** One mutated config: its stable name, its family and the edit applied to the base. */
    record Mutation(String name, Family family, Consumer<ObjectNode> edit) {
        /**
         * Whether the bundle must run with no other bundle at the same time: real-time CPU bandwidth
         * is shared by sibling cgroups (kernel/sched/rt.c tg_rt_schedulable), so a parallel container
         * could change runc's outcome.
         */
        boolean alone() {
            return name.startsWith("cpu.realtime");
        }

        /** The base config with this edit applied, linux.cgroupsPath set to {@code cgroupsPath}. */
        ObjectNode config(String cgroupsPath) {
            ObjectNode doc = base(cgroupsPath);
            edit.accept(doc);
            return doc;
        }

        /** {@link #config(String)} as pretty-printed JSON bytes. */
        byte[] json(String cgroupsPath) {
            try {
                return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(config(cgroupsPath));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * runc 1.1.5's {@code runc spec}, with {@code terminal} false, args {@code ["/bin/true"]} and a
     * relative cgroupsPath (runc nests it beneath its caller's own cgroup in each hierarchy).
     */
    static ObjectNode base(String cgroupsPath) {
        ObjectNode doc = (ObjectNode) parse("""
                {"ociVersion":"1.0.2-dev",
                 "process":{"terminal":false,"user":{"uid":0,"gid":0},"args":["/bin/true"],
                  "env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","TERM=xterm"],"cwd":"/",
                  "capabilities":{"bounding":["CAP_AUDIT_WRITE","CAP_KILL","CAP_NET_BIND_SERVICE"],
                   "effective":["CAP_AUDIT_WRITE","CAP_KILL","CAP_NET_BIND_SERVICE"],
                   "permitted":["CAP_AUDIT_WRITE","CAP_KILL","CAP_NET_BIND_SERVICE"],
                   "ambient":["CAP_AUDIT_WRITE","CAP_KILL","CAP_NET_BIND_SERVICE"]},
                  "rlimits":[{"type":"RLIMIT_NOFILE","hard":1024,"soft":1024}],"noNewPrivileges":true},
                 "root":{"path":"rootfs","readonly":true},
                 "hostname":"runc",
                 "mounts":[{"destination":"/proc","type":"proc","source":"proc"},
                  {"destination":"/dev","type":"tmpfs","source":"tmpfs","options":["nosuid","strictatime","mode=755","size=65536k"]},
                  {"destination":"/dev/pts","type":"devpts","source":"devpts",
                   "options":["nosuid","noexec","newinstance","ptmxmode=0666","mode=0620","gid=5"]},
                  {"destination":"/dev/shm","type":"tmpfs","source":"shm","options":["nosuid","noexec","nodev","mode=1777","size=65536k"]},
                  {"destination":"/dev/mqueue","type":"mqueue","source":"mqueue","options":["nosuid","noexec","nodev"]},
                  {"destination":"/sys","type":"sysfs","source":"sysfs","options":["nosuid","noexec","nodev","ro"]},
                  {"destination":"/sys/fs/cgroup","type":"cgroup","source":"cgroup","options":["nosuid","noexec","nodev","relatime","ro"]}],
                 "linux":{"resources":{"devices":[{"allow":false,"access":"rwm"}]},
                  "namespaces":[{"type":"pid"},{"type":"network"},{"type":"ipc"},{"type":"uts"},{"type":"mount"}],
                  "maskedPaths":["/proc/acpi","/proc/asound","/proc/kcore","/proc/keys","/proc/latency_stats","/proc/timer_list",
                   "/proc/timer_stats","/proc/sched_debug","/sys/firmware","/proc/scsi"],
                  "readonlyPaths":["/proc/bus","/proc/fs","/proc/irq","/proc/sys","/proc/sysrq-trigger"]}}
                """);
        ((ObjectNode) doc.get("linux")).put("cgroupsPath", cgroupsPath);
        return doc;
    }

    private final List<Mutation> out = new ArrayList<>();
    private final Map<String, Boolean> names = new LinkedHashMap<>();

    private OciBundleMutator() {}

    /** The fixed catalogue, then {@link #RANDOM_COUNT} seeded draws. */
    static List<Mutation> generate(long seed) {
        OciBundleMutator g = new OciBundleMutator();
        g.catalogue();
        g.random(new Random(seed), RANDOM_COUNT);
        return Collections.unmodifiableList(g.out);
    }

    // ---------------------------------------------------------------- building blocks

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(json, e);
        }
    }

    private void add(String name, Family family, Consumer<ObjectNode> edit) {
        if (names.put(name, Boolean.TRUE) != null) {
            throw new IllegalStateException("duplicate mutation name " + name);
        }
        out.add(new Mutation(name, family, edit));
    }

    /** The object at pointer {@code ptr}, created (with its parents) when missing. */
    static ObjectNode obj(ObjectNode doc, String ptr) {
        ObjectNode cur = doc;
        for (String part : ptr.substring(1).split("/")) {
            JsonNode next = cur.get(part);
            if (!(next instanceof ObjectNode)) {
                next = cur.putObject(part);
            }
            cur = (ObjectNode) next;
        }
        return cur;
    }

    /** Sets pointer {@code ptr} (its last segment a member name) to the JSON text {@code json}. */
    static void set(ObjectNode doc, String ptr, String json) {
        int slash = ptr.lastIndexOf('/');
        ObjectNode parent = slash == 0 ? doc : obj(doc, ptr.substring(0, slash));
        parent.set(ptr.substring(slash + 1), parse(json));
    }

    /** Appends the JSON text {@code json} to the array at {@code ptr} (created when missing). */
    static void append(ObjectNode doc, String ptr, String json) {
        int slash = ptr.lastIndexOf('/');
        ObjectNode parent = slash == 0 ? doc : obj(doc, ptr.substring(0, slash));
        JsonNode a = parent.get(ptr.substring(slash + 1));
        if (!(a instanceof ArrayNode)) {
            a = parent.putArray(ptr.substring(slash + 1));
        }
        ((ArrayNode) a).add(parse(json));
    }

    /** Removes the member at {@code ptr}. */
    static void remove(ObjectNode doc, String ptr) {
        int slash = ptr.lastIndexOf('/');
        JsonNode parent = slash == 0 ? doc : doc.at(ptr.substring(0, slash));
        if (parent instanceof ObjectNode o) {
            o.remove(ptr.substring(slash + 1));
        }
    }

    /** One mutation per value: "{@code short}=VALUE" sets {@code ptr} to VALUE (JSON text). */
    private void values(Family family, String shortName, String ptr, String... jsonValues) {
        for (String v : jsonValues) {
            add(shortName + "=" + v, family, d -> set(d, ptr, v));
        }
    }

    /** One mutation: {@code ptr} set to {@code json}, named {@code name}. */
    private void one(String name, Family family, String ptr, String json) {
        add(name, family, d -> set(d, ptr, json));
    }

    // ---------------------------------------------------------------- the catalogue

    private static final String RES = "/linux/resources";
    private static final String USERNS_MAPS = "[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]";

    private void catalogue() {
        add("base", Family.OTHER, d -> { });
        cpu();
        memory();
        pids();
        blockIo();
        hugepages();
        network();
        rdma();
        unified();
        resourceDevices();
        rlimits();
        oomScoreAdj();
        capabilities();
        user();
        cwd();
        args();
        env();
        noNewPrivileges();
        mounts();
        namespaces();
        sysctl();
        devices();
        seccomp();
        other();
    }

    private void cpu() {
        Family f = Family.CPU;
        values(f, "cpu.shares", RES + "/cpu/shares", "0", "1", "2", "3", "1024", "262144", "262145", "18446744073709551615",
                "-1", "\"1024\"");
        values(f, "cpu.period", RES + "/cpu/period", "0", "999", "1000", "100000", "1000000", "1000001", "-1");
        values(f, "cpu.quota", RES + "/cpu/quota", "-1", "-2", "0", "999", "1000", "50000", "100000", "1000000",
                "17592186044415", "17592186044416", "9223372036854775807");
        add("cpu.quota=1000+period=1000", f, d -> set(d, RES + "/cpu", "{\"quota\":1000,\"period\":1000}"));
        add("cpu.quota=999+period=1000", f, d -> set(d, RES + "/cpu", "{\"quota\":999,\"period\":1000}"));
        add("cpu.quota=200000+period=100000", f, d -> set(d, RES + "/cpu", "{\"quota\":200000,\"period\":100000}"));
        add("cpu.quota=1000+period=1000001", f, d -> set(d, RES + "/cpu", "{\"quota\":1000,\"period\":1000001}"));
        values(f, "cpu.realtimePeriod", RES + "/cpu/realtimePeriod", "0", "1000", "1000000", "1000001");
        values(f, "cpu.realtimeRuntime", RES + "/cpu/realtimeRuntime", "-1", "0", "1000", "950000", "1000001");
        values(f, "cpu.cpus", RES + "/cpu/cpus", "\"0\"", "\"0-1\"", "\"0,1\"", "\"1-0\"", "\"4095\"", "\"a\"", "\"\"", "\"0-\"");
        values(f, "cpu.mems", RES + "/cpu/mems", "\"0\"", "\"1\"", "\"0-1\"", "\"x\"", "\"\"");
        values(f, "cpu.idle", RES + "/cpu/idle", "0", "1", "2", "-1");
        values(f, "cpu.burst", RES + "/cpu/burst", "0", "1000", "18446744073709551615");
        values(f, "cpu.type", RES + "/cpu", "[]", "\"x\"");
    }

    private void memory() {
        Family f = Family.MEMORY;
        values(f, "memory.limit", RES + "/memory/limit", "-2", "-1", "0", "1", "4096", "1048576", "8388608", "67108864",
                "9223372036854771712", "9223372036854775807", "\"64m\"");
        values(f, "memory.reservation", RES + "/memory/reservation", "-1", "0", "1", "4096", "1048576", "67108864",
                "9223372036854775807");
        add("memory.limit=64M+swap=-1", f, d -> set(d, RES + "/memory", "{\"limit\":67108864,\"swap\":-1}"));
        add("memory.limit=64M+swap=0", f, d -> set(d, RES + "/memory", "{\"limit\":67108864,\"swap\":0}"));
        add("memory.limit=64M+swap=32M", f, d -> set(d, RES + "/memory", "{\"limit\":67108864,\"swap\":33554432}"));
        add("memory.limit=64M+swap=64M", f, d -> set(d, RES + "/memory", "{\"limit\":67108864,\"swap\":67108864}"));
        add("memory.limit=64M+swap=128M", f, d -> set(d, RES + "/memory", "{\"limit\":67108864,\"swap\":134217728}"));
        add("memory.limit=-1+swap=128M", f, d -> set(d, RES + "/memory", "{\"limit\":-1,\"swap\":134217728}"));
        values(f, "memory.swap", RES + "/memory/swap", "-1", "0", "134217728");
        add("memory.limit=64M+reservation=128M", f, d -> set(d, RES + "/memory", "{\"limit\":67108864,\"reservation\":134217728}"));
        values(f, "memory.kernel", RES + "/memory/kernel", "-1", "0", "67108864");
        values(f, "memory.kernelTCP", RES + "/memory/kernelTCP", "-1", "0", "67108864");
        values(f, "memory.swappiness", RES + "/memory/swappiness", "0", "60", "100", "101", "18446744073709551615");
        values(f, "memory.disableOOMKiller", RES + "/memory/disableOOMKiller", "true", "false");
        values(f, "memory.useHierarchy", RES + "/memory/useHierarchy", "true", "false");
        values(f, "memory.checkBeforeUpdate", RES + "/memory/checkBeforeUpdate", "true");
    }

    private void pids() {
        values(Family.PIDS, "pids.limit", RES + "/pids/limit", "-2", "-1", "0", "1", "2", "5", "100", "4194304", "4194305",
                "9223372036854775807");
        add("pids.empty", Family.PIDS, d -> set(d, RES + "/pids", "{}"));
    }

    private void blockIo() {
        Family f = Family.BLOCK_IO;
        values(f, "blockIO.weight", RES + "/blockIO/weight", "0", "1", "9", "10", "100", "500", "1000", "1001", "10000");
        values(f, "blockIO.leafWeight", RES + "/blockIO/leafWeight", "0", "10", "1000", "1001");
        for (String dev : new String[] {"7:0", "254:0", "8:0"}) {
            String[] mm = dev.split(":");
            for (String w : new String[] {"10", "500", "1001"}) {
                add("blockIO.weightDevice[" + dev + "]=" + w, f, d -> set(d, RES + "/blockIO/weightDevice",
                        "[{\"major\":" + mm[0] + ",\"minor\":" + mm[1] + ",\"weight\":" + w + "}]"));
            }
            for (String kind : new String[] {"throttleReadBpsDevice", "throttleWriteBpsDevice", "throttleReadIOPSDevice",
                "throttleWriteIOPSDevice"}) {
                for (String rate : new String[] {"0", "1048576"}) {
                    add("blockIO." + kind + "[" + dev + "]=" + rate, f, d -> set(d, RES + "/blockIO/" + kind,
                            "[{\"major\":" + mm[0] + ",\"minor\":" + mm[1] + ",\"rate\":" + rate + "}]"));
                }
            }
        }
        add("blockIO.throttleReadBpsDevice[1:3]=1048576", f, d -> set(d, RES + "/blockIO/throttleReadBpsDevice",
                "[{\"major\":1,\"minor\":3,\"rate\":1048576}]"));
        add("blockIO.throttleReadBpsDevice[7:0]=max-uint64", f, d -> set(d, RES + "/blockIO/throttleReadBpsDevice",
                "[{\"major\":7,\"minor\":0,\"rate\":18446744073709551615}]"));
        add("blockIO.throttleReadBpsDevice[-1:0]=1", f, d -> set(d, RES + "/blockIO/throttleReadBpsDevice",
                "[{\"major\":-1,\"minor\":0,\"rate\":1}]"));
        add("blockIO.empty", f, d -> set(d, RES + "/blockIO", "{}"));
    }

    private void hugepages() {
        Family f = Family.HUGEPAGE_LIMITS;
        for (String size : new String[] {"2MB", "1GB", "4MB", "64kB", "2mb", "0MB"}) {
            for (String limit : new String[] {"0", "2097152", "1000"}) {
                add("hugepageLimits[" + size + "]=" + limit, f, d -> set(d, RES + "/hugepageLimits",
                        "[{\"pageSize\":\"" + size + "\",\"limit\":" + limit + "}]"));
            }
        }
        add("hugepageLimits.empty", f, d -> set(d, RES + "/hugepageLimits", "[]"));
    }

    private void network() {
        Family f = Family.NETWORK;
        values(f, "network.classID", RES + "/network/classID", "0", "1", "1048577", "4294967295");
        add("network.priorities[eth0]=1", f, d -> set(d, RES + "/network/priorities", "[{\"name\":\"eth0\",\"priority\":1}]"));
        add("network.priorities[lo]=0", f, d -> set(d, RES + "/network/priorities", "[{\"name\":\"lo\",\"priority\":0}]"));
        add("network.priorities[nosuchif]=1", f, d -> set(d, RES + "/network/priorities",
                "[{\"name\":\"nosuchif\",\"priority\":1}]"));
        add("network.empty", f, d -> set(d, RES + "/network", "{}"));
    }

    private void rdma() {
        Family f = Family.RDMA;
        add("rdma[mlx5_0]=1/1", f, d -> set(d, RES + "/rdma", "{\"mlx5_0\":{\"hcaHandles\":1,\"hcaObjects\":1}}"));
        add("rdma[mlx5_0]=handles-only", f, d -> set(d, RES + "/rdma", "{\"mlx5_0\":{\"hcaHandles\":10}}"));
        add("rdma[mlx5_0]=empty", f, d -> set(d, RES + "/rdma", "{\"mlx5_0\":{}}"));
        add("rdma.empty", f, d -> set(d, RES + "/rdma", "{}"));
    }

    private void unified() {
        Family f = Family.UNIFIED;
        add("unified.empty", f, d -> set(d, RES + "/unified", "{}"));
        for (String[] kv : new String[][] {{"pids.max", "10"}, {"pids.max", "max"}, {"memory.max", "max"},
            {"memory.high", "67108864"}, {"cpu.weight", "100"}, {"cpu.weight", "0"}, {"cpu.max", "max 100000"},
            {"io.weight", "default 100"}, {"bogus.file", "1"}, {"../escape", "1"}, {"cgroup.procs", "1"}}) {
            add("unified[" + kv[0] + "]=" + kv[1], f, d -> set(d, RES + "/unified", "{\"" + kv[0] + "\":\"" + kv[1] + "\"}"));
        }
    }

    private void resourceDevices() {
        Family f = Family.RESOURCE_DEVICES;
        String p = RES + "/devices";
        one("resources.devices=allow-all", f, p, "[{\"allow\":true,\"access\":\"rwm\"}]");
        one("resources.devices=empty", f, p, "[]");
        one("resources.devices=deny-all-rwx", f, p, "[{\"allow\":false,\"access\":\"rwx\"}]");
        one("resources.devices=deny-all-empty-access", f, p, "[{\"allow\":false,\"access\":\"\"}]");
        one("resources.devices=deny-all-rrr", f, p, "[{\"allow\":false,\"access\":\"rrr\"}]");
        one("resources.devices=type-x", f, p, "[{\"allow\":false,\"type\":\"x\",\"access\":\"rwm\"}]");
        one("resources.devices=type-c-1:3", f, p,
                "[{\"allow\":false,\"access\":\"rwm\"},{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":3,\"access\":\"rwm\"}]");
        one("resources.devices=type-b-7:0", f, p,
                "[{\"allow\":false,\"access\":\"rwm\"},{\"allow\":true,\"type\":\"b\",\"major\":7,\"minor\":0,\"access\":\"r\"}]");
        one("resources.devices=type-a-wildcards", f, p,
                "[{\"allow\":false,\"access\":\"rwm\"},{\"allow\":true,\"type\":\"a\",\"major\":-1,\"minor\":-1,\"access\":\"m\"}]");
        one("resources.devices=major-minus-2", f, p,
                "[{\"allow\":false,\"access\":\"rwm\"},{\"allow\":true,\"type\":\"c\",\"major\":-2,\"minor\":3,\"access\":\"r\"}]");
        one("resources.devices=type-p", f, p, "[{\"allow\":false,\"access\":\"rwm\"},{\"allow\":true,\"type\":\"p\",\"access\":\"r\"}]");
        one("resources.devices=no-allow", f, p, "[{\"access\":\"rwm\"}]");
    }

    private void rlimits() {
        Family f = Family.RLIMITS;
        String p = "/process/rlimits";
        for (String type : new String[] {"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS",
            "RLIMIT_NPROC", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING",
            "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME"}) {
            String t = type.substring("RLIMIT_".length());
            for (String[] hs : new String[][] {{"1024", "1024"}, {"18446744073709551615", "18446744073709551615"}}) {
                add("rlimits." + t + "=" + hs[1] + "/" + hs[0], f, d -> set(d, p,
                        "[{\"type\":\"" + type + "\",\"hard\":" + hs[0] + ",\"soft\":" + hs[1] + "}]"));
            }
        }
        for (String[] hs : new String[][] {{"0", "0"}, {"1", "1"}, {"3", "3"}, {"1024", "2048"}, {"1048576", "1048576"},
            {"1048577", "1048577"}, {"18446744073709551615", "18446744073709551615"}, {"2147483648", "1024"}, {"18446744073709551615", "1024"}}) {
            add("rlimits.NOFILE=" + hs[1] + "/" + hs[0], f, d -> set(d, p,
                    "[{\"type\":\"RLIMIT_NOFILE\",\"hard\":" + hs[0] + ",\"soft\":" + hs[1] + "}]"));
        }
        for (String[] hs : new String[][] {{"0", "0"}, {"1", "1"}, {"65536", "65536"}}) {
            add("rlimits.NPROC=" + hs[1] + "/" + hs[0], f, d -> set(d, p,
                    "[{\"type\":\"RLIMIT_NPROC\",\"hard\":" + hs[0] + ",\"soft\":" + hs[1] + "}]"));
        }
        add("rlimits.AS=8M/8M", f, d -> set(d, p, "[{\"type\":\"RLIMIT_AS\",\"hard\":8388608,\"soft\":8388608}]"));
        add("rlimits.STACK=16K/16K", f, d -> set(d, p, "[{\"type\":\"RLIMIT_STACK\",\"hard\":16384,\"soft\":16384}]"));
        add("rlimits.NICE=41/41", f, d -> set(d, p, "[{\"type\":\"RLIMIT_NICE\",\"hard\":41,\"soft\":41}]"));
        add("rlimits.RTPRIO=100/100", f, d -> set(d, p, "[{\"type\":\"RLIMIT_RTPRIO\",\"hard\":100,\"soft\":100}]"));
        add("rlimits.FOO", f, d -> set(d, p, "[{\"type\":\"RLIMIT_FOO\",\"hard\":1,\"soft\":1}]"));
        add("rlimits.lowercase", f, d -> set(d, p, "[{\"type\":\"rlimit_nofile\",\"hard\":1024,\"soft\":1024}]"));
        add("rlimits.duplicate-NOFILE", f, d -> append(d, p, "{\"type\":\"RLIMIT_NOFILE\",\"hard\":2048,\"soft\":2048}"));
        add("rlimits.negative", f, d -> set(d, p, "[{\"type\":\"RLIMIT_NOFILE\",\"hard\":-1,\"soft\":-1}]"));
        add("rlimits.no-hard", f, d -> set(d, p, "[{\"type\":\"RLIMIT_NOFILE\",\"soft\":1024}]"));
        add("rlimits.empty", f, d -> set(d, p, "[]"));
    }

    private void oomScoreAdj() {
        values(Family.OOM_SCORE_ADJ, "oomScoreAdj", "/process/oomScoreAdj", "-2147483648", "-1001", "-1000", "-999", "-1", "0",
                "1", "999", "1000", "1001", "2147483647", "2147483648", "0.5", "\"0\"");
    }

    private void capabilities() {
        Family f = Family.CAPABILITIES;
        String p = "/process/capabilities";
        for (String cap : new String[] {"CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_BPF", "CAP_PERFMON", "CAP_CHECKPOINT_RESTORE",
            "CAP_FOO", "cap_kill", "KILL", "CAP_SYS_MODULE", "CAP_41"}) {
            add("caps.all+" + cap, f, d -> {
                for (String set : new String[] {"bounding", "effective", "permitted", "inheritable", "ambient"}) {
                    append(d, p + "/" + set, "\"" + cap + "\"");
                }
            });
            add("caps.bounding+" + cap, f, d -> append(d, p + "/bounding", "\"" + cap + "\""));
        }
        add("caps.effective-not-permitted", f, d -> {
            append(d, p + "/effective", "\"CAP_SYS_ADMIN\"");
            append(d, p + "/bounding", "\"CAP_SYS_ADMIN\"");
        });
        add("caps.permitted-not-bounding", f, d -> append(d, p + "/permitted", "\"CAP_SYS_ADMIN\""));
        add("caps.ambient-inheritable", f, d -> set(d, p + "/inheritable", "[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"]"));
        add("caps.ambient-not-permitted", f, d -> set(d, p + "/ambient", "[\"CAP_SYS_ADMIN\"]"));
        add("caps.empty-sets", f, d -> set(d, p, "{\"bounding\":[],\"effective\":[],\"permitted\":[],\"ambient\":[]}"));
        add("caps.none", f, d -> remove(d, p));
        add("caps.duplicate", f, d -> append(d, p + "/bounding", "\"CAP_KILL\""));
        add("caps.bounding-string", f, d -> set(d, p + "/bounding", "\"CAP_KILL\""));
    }

    private void user() {
        Family f = Family.USER;
        values(f, "user.uid", "/process/user/uid", "1", "1000", "65534", "65535", "4294967294", "4294967295", "4294967296", "-1");
        values(f, "user.gid", "/process/user/gid", "1000", "65534", "4294967295", "-1");
        values(f, "user.additionalGids", "/process/user/additionalGids", "[]", "[5]", "[5,5]", "[4294967295]", "[-1]");
        values(f, "user.umask", "/process/user/umask", "0", "18", "511", "512", "4294967295");
        values(f, "user.username", "/process/user/username", "\"root\"", "\"nosuchuser\"");
        add("user.missing", f, d -> remove(d, "/process/user"));
        add("user.nonroot+caps", f, d -> set(d, "/process/user", "{\"uid\":1000,\"gid\":1000,\"additionalGids\":[100]}"));
    }

    private void cwd() {
        values(Family.CWD, "cwd", "/process/cwd", "\"/tmp\"", "\"/bin\"", "\"/nonexistent\"", "\"/bin/true\"", "\"tmp\"",
                "\"\"", "\"/..\"", "\"/proc\"", "\"//\"", "\"/tmp/../bin\"");
        add("cwd.missing", Family.CWD, d -> remove(d, "/process/cwd"));
    }

    private void args() {
        values(Family.ARGS, "args", "/process/args", "[\"true\"]", "[\"/bin/sh\",\"-c\",\"exit 0\"]",
                "[\"sh\",\"-c\",\"true\"]", "[]", "[\"\"]", "[\"/nonexistent\"]", "[\"nonexistent\"]", "[\"/bin\"]",
                "[\"/etc/data\"]", "[\"/bin/escape\"]", "[\"./bin/true\"]", "[\"bin/true\"]", "[\"/bin/busybox\",\"true\"]",
                "[\"/bin/true\",\"\"]", "\"/bin/true\"");
        add("args.missing", Family.ARGS, d -> remove(d, "/process/args"));
        add("process.missing", Family.ARGS, d -> remove(d, "/process"));
        add("commandLine=/bin/true", Family.ARGS, d -> set(d, "/process/commandLine", "\"/bin/true\""));
    }

    private void env() {
        values(Family.ENV, "env", "/process/env", "[]", "[\"A=B\"]", "[\"A=\"]", "[\"NOEQUALS\"]", "[\"=x\"]", "[\"1A=b\"]",
                "[\"A B=c\"]", "[\"A=\\u0000\"]", "[\"A\\u0000B=c\"]", "[\"A=1\",\"A=2\"]", "[\"PATH=\"]", "[\"\"]",
                "[\"\\u00e9=1\"]", "\"A=B\"", "[1]");
        add("env.missing", Family.ENV, d -> remove(d, "/process/env"));
    }

    private void noNewPrivileges() {
        values(Family.NO_NEW_PRIVILEGES, "noNewPrivileges", "/process/noNewPrivileges", "false", "\"true\"", "1");
    }

    private void mounts() {
        Family f = Family.MOUNTS;
        String p = "/mounts";
        String[][] types = {{"tmpfs", "tmpfs"}, {"ramfs", "ramfs"}, {"proc", "proc"}, {"sysfs", "sysfs"}, {"mqueue", "mqueue"},
            {"devpts", "devpts"}, {"cgroup", "cgroup"}, {"cgroup2", "cgroup2"}, {"overlay", "overlay"}, {"nosuchfs", "none"},
            {"ext4", "/dev/nonexistent"}, {"none", "none"}, {"", "/tmp"}, {"bind", "/tmp"}, {"hugetlbfs", "none"},
            {"securityfs", "securityfs"}, {"debugfs", "debugfs"}, {"configfs", "configfs"}, {"fuse", "none"}};
        for (String[] t : types) {
            add("mounts.type=" + (t[0].isEmpty() ? "empty" : t[0]), f, d -> append(d, p,
                    "{\"destination\":\"/mnt\",\"type\":\"" + t[0] + "\",\"source\":\"" + t[1] + "\"}"));
        }
        add("mounts.type=missing+bind", f, d -> append(d, p, "{\"destination\":\"/mnt\",\"source\":\"/tmp\",\"options\":[\"rbind\"]}"));
        add("mounts.type=missing", f, d -> append(d, p, "{\"destination\":\"/mnt\",\"source\":\"tmpfs\"}"));
        String[] tmpfsOptions = {"ro", "rw", "nosuid", "nodev", "noexec", "sync", "dirsync", "remount", "mand", "nomand",
            "atime", "noatime", "diratime", "nodiratime", "relatime", "strictatime", "nostrictatime", "lazytime", "nosymfollow",
            "private", "rprivate", "shared", "rshared", "slave", "rslave", "unbindable", "runbindable", "mode=755", "mode=1777",
            "mode=99999", "mode=abc", "size=1m", "size=0", "size=abc", "size=-1", "nr_inodes=0", "nr_inodes=1", "uid=1000",
            "gid=-1", "foo", "foo=bar", "", "rro", "tmpcopyup", "idmap", "bind", "rbind", "x-mount.mkdir", "huge=always",
            "huge=nonsense", "noswap"};
        for (String o : tmpfsOptions) {
            add("mounts.tmpfs.options=" + (o.isEmpty() ? "empty" : o), f, d -> append(d, p,
                    "{\"destination\":\"/mnt\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"" + o + "\"]}"));
        }
        for (String o : new String[] {"rbind,ro", "bind,rw", "rbind,mode=755", "rbind,nosuid,nodev", "rbind,rshared", "bind,rro",
            "rbind,private", "bind,size=1m", "rbind,noexec,remount"}) {
            String opts = "\"" + o.replace(",", "\",\"") + "\"";
            add("mounts.bind.options=" + o, f, d -> append(d, p,
                    "{\"destination\":\"/mnt\",\"type\":\"bind\",\"source\":\"/tmp\",\"options\":[" + opts + "]}"));
        }
        add("mounts.bind.source=missing", f, d -> append(d, p,
                "{\"destination\":\"/mnt\",\"type\":\"bind\",\"source\":\"/nonexistent-jns\",\"options\":[\"rbind\"]}"));
        add("mounts.bind.source=relative", f, d -> append(d, p,
                "{\"destination\":\"/mnt\",\"type\":\"bind\",\"source\":\"rootfs/etc\",\"options\":[\"rbind\"]}"));
        add("mounts.bind.source=file-on-dir", f, d -> append(d, p,
                "{\"destination\":\"/mnt\",\"type\":\"bind\",\"source\":\"/etc/hostname\",\"options\":[\"rbind\"]}"));
        for (String dest : new String[] {"/mnt", "/tmp/x", "/newdir/sub", "mnt", "", "/", "/..", "/../../etc", "/proc/x",
            "/proc/sys", "/sys/x", "/sys/fs/cgroup/x", "/dev/x", "/dev/shm/x", "/bin/true", "/etc/data", "/mnt/../mnt", "//mnt",
            "/proc/self", "/dev/null"}) {
            add("mounts.destination=" + (dest.isEmpty() ? "empty" : dest), f, d -> append(d, p,
                    "{\"destination\":\"" + dest + "\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}"));
        }
        add("mounts.destination=missing", f, d -> append(d, p, "{\"type\":\"tmpfs\",\"source\":\"tmpfs\"}"));
        add("mounts.duplicate=/mnt", f, d -> {
            append(d, p, "{\"destination\":\"/mnt\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}");
            append(d, p, "{\"destination\":\"/mnt\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}");
        });
        add("mounts.empty", f, d -> set(d, p, "[]"));
        add("mounts.no-proc", f, d -> ((ArrayNode) d.get("mounts")).remove(0));
        add("mounts.no-dev", f, d -> ((ArrayNode) d.get("mounts")).remove(1));
        add("mounts.sysfs-rw", f, d -> set(d, "/mounts/5/options", "[\"nosuid\",\"noexec\",\"nodev\"]"));
        add("mounts.cgroup-rw", f, d -> set(d, "/mounts/6/options", "[\"nosuid\",\"noexec\",\"nodev\"]"));
        add("mounts.uidMappings", f, d -> append(d, p, "{\"destination\":\"/mnt\",\"type\":\"bind\",\"source\":\"/tmp\","
                + "\"options\":[\"rbind\"],\"uidMappings\":" + USERNS_MAPS + ",\"gidMappings\":" + USERNS_MAPS + "}"));
    }

    private void namespaces() {
        Family f = Family.NAMESPACES;
        String p = "/linux/namespaces";
        for (String t : new String[] {"cgroup", "time", "user", "bogus", "pid", "network", "mount"}) {
            add("namespaces+" + t, f, d -> append(d, p, "{\"type\":\"" + t + "\"}"));
        }
        add("namespaces+user+maps", f, d -> {
            append(d, p, "{\"type\":\"user\"}");
            set(d, "/linux/uidMappings", USERNS_MAPS);
            set(d, "/linux/gidMappings", USERNS_MAPS);
        });
        add("namespaces+user+maps-without-root", f, d -> {
            append(d, p, "{\"type\":\"user\"}");
            set(d, "/linux/uidMappings", "[{\"containerID\":1,\"hostID\":100000,\"size\":65536}]");
            set(d, "/linux/gidMappings", "[{\"containerID\":1,\"hostID\":100000,\"size\":65536}]");
        });
        add("namespaces+user+maps-size-0", f, d -> {
            append(d, p, "{\"type\":\"user\"}");
            set(d, "/linux/uidMappings", "[{\"containerID\":0,\"hostID\":100000,\"size\":0}]");
            set(d, "/linux/gidMappings", "[{\"containerID\":0,\"hostID\":100000,\"size\":0}]");
        });
        add("uidMappings-without-userns", f, d -> {
            set(d, "/linux/uidMappings", USERNS_MAPS);
            set(d, "/linux/gidMappings", USERNS_MAPS);
        });
        for (int i = 0; i < 5; i++) {
            int k = i;
            String[] n = {"pid", "network", "ipc", "uts", "mount"};
            add("namespaces-" + n[i], f, d -> ((ArrayNode) d.get("linux").get("namespaces")).remove(k));
        }
        add("namespaces.empty", f, d -> set(d, p, "[]"));
        add("namespaces.empty+no-hostname", f, d -> {
            set(d, p, "[]");
            remove(d, "/hostname");
        });
        for (String[] tp : new String[][] {{"network", "/proc/1/ns/net"}, {"pid", "/proc/1/ns/pid"}, {"ipc", "/proc/1/ns/ipc"},
            {"network", "/nonexistent"}, {"network", "proc/1/ns/net"},
            {"network", "/proc/1/ns/pid"}, {"network", "/etc/hostname"}, {"cgroup", "/proc/1/ns/cgroup"}}) {
            add("namespaces." + tp[0] + ".path=" + tp[1], f, d -> {
                ArrayNode a = (ArrayNode) d.get("linux").get("namespaces");
                for (JsonNode n : a) {
                    if (n.get("type").asText().equals(tp[0])) {
                        ((ObjectNode) n).put("path", tp[1]);
                        return;
                    }
                }
                a.add(parse("{\"type\":\"" + tp[0] + "\",\"path\":\"" + tp[1] + "\"}"));
            });
        }
        // never pid 1's mount namespace (runc would set up the rootfs, and "/"'s propagation, in the
        // host's) nor its UTS namespace with a hostname (runc would rename the host)
        add("namespaces.uts.path=/proc/1/ns/uts+no-hostname", f, d -> {
            remove(d, "/hostname");
            for (JsonNode n : d.get("linux").get("namespaces")) {
                if (n.get("type").asText().equals("uts")) {
                    ((ObjectNode) n).put("path", "/proc/1/ns/uts");
                }
            }
        });
        add("namespaces.type=missing", f, d -> append(d, p, "{}"));
    }

    private void sysctl() {
        Family f = Family.SYSCTL;
        for (String[] kv : new String[][] {{"net.ipv4.ip_forward", "1"}, {"net.ipv4.ip_forward", "2"}, {"net.ipv4.ip_forward", "abc"},
            {"net.ipv4.ip_forward", ""}, {"net.core.somaxconn", "1024"}, {"net.core.somaxconn", "-1"},
            {"net.ipv4.ping_group_range", "0 2147483647"}, {"net.ipv4.ping_group_range", "1 0"},
            {"net.ipv4.ip_unprivileged_port_start", "0"}, {"net.ipv4.ip_unprivileged_port_start", "65536"},
            {"net.ipv4.conf.all.forwarding", "1"}, {"net.ipv4.conf.eth0.forwarding", "1"}, {"net.nosuch.key", "1"},
            {"net/ipv4/ip_forward", "1"}, {"net.ipv4.tcp_keepalive_time", "600"}, {"net.ipv4.tcp_keepalive_time", "0"},
            {"kernel.shmmax", "65536"}, {"kernel.shmmax", "-1"}, {"kernel.shmall", "abc"}, {"kernel.shmmni", "4096"},
            {"kernel.shmmni", "32769"}, {"kernel.shm_rmid_forced", "1"}, {"kernel.shm_rmid_forced", "2"},
            {"kernel.msgmax", "8192"}, {"kernel.msgmnb", "16384"}, {"kernel.msgmni", "32000"}, {"kernel.sem", "250 32000 32 128"},
            {"kernel.sem", "1 2 3"}, {"kernel.sem", "250 32000 32 32769"}, {"fs.mqueue.queues_max", "256"},
            {"fs.mqueue.msg_max", "0"}, {"fs.mqueue.msg_max", "10"}, {"fs.mqueue.msgsize_max", "8192"},
            {"kernel.hostname", "jns"}, {"kernel.domainname", "jns"}, {"vm.swappiness", "10"}, {"kernel.pid_max", "32768"},
            {"fs.file-max", "100000"}, {"kernel.nosuch", "1"}, {"..", "1"}, {"net.ipv4..ip_forward", "1"}, {"", "1"},
            {"user.max_user_namespaces", "10"}, {"kernel.ns_last_pid", "100"}}) {
            add("sysctl[" + (kv[0].isEmpty() ? "empty" : kv[0]) + "]=" + kv[1], f, d -> {
                ObjectNode s = obj(d, "/linux/sysctl");
                s.put(kv[0], kv[1]);
            });
        }
        add("sysctl.net-without-netns", f, d -> {
            obj(d, "/linux/sysctl").put("net.ipv4.ip_forward", "1");
            ((ArrayNode) d.get("linux").get("namespaces")).remove(1);
        });
        add("sysctl.ipc-without-ipcns", f, d -> {
            obj(d, "/linux/sysctl").put("kernel.shmmax", "65536");
            ((ArrayNode) d.get("linux").get("namespaces")).remove(2);
        });
        add("sysctl.hostname-without-utsns", f, d -> {
            obj(d, "/linux/sysctl").put("kernel.hostname", "jns");
            remove(d, "/hostname");
            ((ArrayNode) d.get("linux").get("namespaces")).remove(3);
        });
        add("sysctl.value-number", f, d -> set(d, "/linux/sysctl", "{\"net.ipv4.ip_forward\":1}"));
    }

    private void devices() {
        Family f = Family.DEVICES;
        String p = "/linux/devices";
        for (String[] dv : new String[][] {
            {"c-1:3", "/dev/jnsnull", "c", "1", "3"}, {"c-5:0-tty", "/dev/tty", "c", "5", "0"}, {"c-1:3-at-dev-null", "/dev/null", "c", "1", "3"},
            {"b-7:0", "/dev/jnsloop", "b", "7", "0"}, {"u-1:3", "/dev/jnsu", "u", "1", "3"}, {"p-fifo", "/dev/jnsfifo", "p", "0", "0"},
            {"x-type", "/dev/jnsx", "x", "1", "3"}, {"relative-path", "dev/jnsrel", "c", "1", "3"},
            {"escaping-path", "/dev/../etc/jnsdev", "c", "1", "3"}, {"outside-dev", "/tmp/jnsnull", "c", "1", "3"},
            {"major-minus-1", "/dev/jnsm", "c", "-1", "3"}, {"major-4096", "/dev/jnsbig", "c", "4096", "0"},
            {"minor-1048576", "/dev/jnsbigm", "c", "1", "1048576"}, {"c-0:0", "/dev/jnszero", "c", "0", "0"}}) {
            String dev = "{\"path\":\"" + dv[1] + "\",\"type\":\"" + dv[2] + "\",\"major\":" + dv[3] + ",\"minor\":" + dv[4] + "}";
            add("devices." + dv[0], f, d -> append(d, p, dev));
        }
        add("devices.fileMode=0666", f, d -> append(d, p, "{\"path\":\"/dev/jnsnull\",\"type\":\"c\",\"major\":1,\"minor\":3,\"fileMode\":438}"));
        add("devices.fileMode=07777", f, d -> append(d, p,
                "{\"path\":\"/dev/jnsnull\",\"type\":\"c\",\"major\":1,\"minor\":3,\"fileMode\":4095}"));
        add("devices.uid-gid=1000", f, d -> append(d, p,
                "{\"path\":\"/dev/jnsnull\",\"type\":\"c\",\"major\":1,\"minor\":3,\"uid\":1000,\"gid\":1000}"));
        add("devices.duplicate-path", f, d -> {
            append(d, p, "{\"path\":\"/dev/jnsnull\",\"type\":\"c\",\"major\":1,\"minor\":3}");
            append(d, p, "{\"path\":\"/dev/jnsnull\",\"type\":\"c\",\"major\":1,\"minor\":5}");
        });
        add("devices.no-type", f, d -> append(d, p, "{\"path\":\"/dev/jnsnull\",\"major\":1,\"minor\":3}"));
        add("devices.no-path", f, d -> append(d, p, "{\"type\":\"c\",\"major\":1,\"minor\":3}"));
        add("devices.empty", f, d -> set(d, p, "[]"));
    }

    private void seccomp() {
        Family f = Family.SECCOMP;
        String p = "/linux/seccomp";
        for (String a : new String[] {"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_TRAP", "SCMP_ACT_LOG", "SCMP_ACT_TRACE",
            "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_NOTIFY", "SCMP_ACT_NOPE", "allow"}) {
            add("seccomp.defaultAction=" + a, f, d -> set(d, p, "{\"defaultAction\":\"" + a + "\"}"));
        }
        String allowWith = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",";
        for (String arch : new String[] {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_M68K",
            "SCMP_ARCH_RISCV64", "SCMP_ARCH_NOPE"}) {
            add("seccomp.architectures=" + arch, f, d -> set(d, p, allowWith + "\"architectures\":[\"" + arch + "\"]}"));
        }
        add("seccomp.architectures=empty", f, d -> set(d, p, allowWith + "\"architectures\":[]}"));
        for (String a : new String[] {"SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_LOG", "SCMP_ACT_TRAP", "SCMP_ACT_ALLOW",
            "SCMP_ACT_NOTIFY", "SCMP_ACT_NOPE"}) {
            add("seccomp.syscalls[mknod]=" + a, f, d -> set(d, p, allowWith
                    + "\"syscalls\":[{\"names\":[\"mknod\"],\"action\":\"" + a + "\"}]}"));
        }
        add("seccomp.syscalls[nosuchsyscall]=ERRNO", f, d -> set(d, p, allowWith
                + "\"syscalls\":[{\"names\":[\"nosuchsyscall\"],\"action\":\"SCMP_ACT_ERRNO\"}]}"));
        add("seccomp.syscalls.names=empty", f, d -> set(d, p, allowWith + "\"syscalls\":[{\"names\":[],\"action\":\"SCMP_ACT_ERRNO\"}]}"));
        add("seccomp.syscalls[execve]=ERRNO", f, d -> set(d, p, allowWith
                + "\"syscalls\":[{\"names\":[\"execve\"],\"action\":\"SCMP_ACT_ERRNO\"}]}"));
        add("seccomp.syscalls[mknod]=ERRNO+errnoRet=1", f, d -> set(d, p, allowWith
                + "\"syscalls\":[{\"names\":[\"mknod\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}]}"));
        for (String op : new String[] {"SCMP_CMP_EQ", "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_GE", "SCMP_CMP_GT",
            "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NOPE"}) {
            add("seccomp.syscalls.args.op=" + op, f, d -> set(d, p, allowWith + "\"syscalls\":[{\"names\":[\"personality\"],"
                    + "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":255,\"op\":\"" + op + "\"}]}]}"));
        }
        add("seccomp.syscalls.args.index=6", f, d -> set(d, p, allowWith + "\"syscalls\":[{\"names\":[\"personality\"],"
                + "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":6,\"value\":255,\"op\":\"SCMP_CMP_EQ\"}]}]}"));
        for (String flag : new String[] {"SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC",
            "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", "SECCOMP_FILTER_FLAG_NOPE"}) {
            add("seccomp.flags=" + flag, f, d -> set(d, p, allowWith + "\"flags\":[\"" + flag + "\"]}"));
        }
        add("seccomp.defaultErrnoRet=1", f, d -> set(d, p, "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"defaultErrnoRet\":1}"));
        add("seccomp.listenerPath", f, d -> set(d, p, allowWith + "\"listenerPath\":\"/nonexistent/jns.sock\","
                + "\"syscalls\":[{\"names\":[\"mknod\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}"));
        add("seccomp.no-defaultAction", f, d -> set(d, p, "{\"architectures\":[\"SCMP_ARCH_X86_64\"]}"));
    }

    private void other() {
        Family f = Family.OTHER;
        values(f, "ociVersion", "/ociVersion", "\"1.0.0\"", "\"1.0.2\"", "\"1.1.0\"", "\"1.2.0\"", "\"2.0.0\"", "\"invalid\"", "\"\"");
        values(f, "rootfsPropagation", "/linux/rootfsPropagation", "\"private\"", "\"rprivate\"", "\"slave\"", "\"rslave\"",
                "\"shared\"", "\"rshared\"", "\"unbindable\"", "\"bogus\"");
        values(f, "root.readonly", "/root/readonly", "false");
        // never "/": runc would set up the host's root as the container's
        values(f, "root.path", "/root/path", "\"nosuchdir\"", "\"rootfs/\"", "\"/nonexistent-jns-root\"");
        values(f, "hostname", "/hostname", "\"\"", "\"a.b\"", "\"" + "h".repeat(64) + "\"", "\"" + "h".repeat(65) + "\"");
        values(f, "domainname", "/domainname", "\"jns\"");
        values(f, "apparmorProfile", "/process/apparmorProfile", "\"unconfined\"", "\"jns-nonexistent\"");
        values(f, "selinuxLabel", "/process/selinuxLabel", "\"system_u:system_r:container_t:s0\"");
        values(f, "mountLabel", "/linux/mountLabel", "\"system_u:object_r:container_file_t:s0\"");
        values(f, "personality", "/linux/personality", "{\"domain\":\"LINUX\"}", "{\"domain\":\"LINUX32\"}", "{\"domain\":\"BOGUS\"}");
        values(f, "maskedPaths", "/linux/maskedPaths", "[]", "[\"relative\"]", "[\"/nonexistent\"]");
        values(f, "readonlyPaths", "/linux/readonlyPaths", "[]", "[\"relative\"]", "[\"/nonexistent\"]");
        values(f, "ioPriority", "/process/ioPriority", "{\"class\":\"IOPRIO_CLASS_BE\",\"priority\":4}",
                "{\"class\":\"IOPRIO_CLASS_BOGUS\",\"priority\":4}");
        values(f, "scheduler", "/process/scheduler", "{\"policy\":\"SCHED_OTHER\"}", "{\"policy\":\"SCHED_BOGUS\"}");
        values(f, "intelRdt", "/linux/intelRdt", "{\"closID\":\"jns\",\"l3CacheSchema\":\"L3:0=f\"}");
        values(f, "terminal", "/process/terminal", "true");
        values(f, "consoleSize", "/process/consoleSize", "{\"height\":24,\"width\":80}");
        values(f, "hooks.prestart", "/hooks", "{\"prestart\":[{\"path\":\"/bin/true\"}]}",
                "{\"prestart\":[{\"path\":\"/nonexistent/jns-hook\"}]}");
        values(f, "annotations", "/annotations", "{\"org.opencontainers.x\":\"y\"}", "{\"\":\"y\"}");
    }

    // ---------------------------------------------------------------- seeded draws

    /** A numeric field with the bounds of its interesting range (values are drawn around them). */
    private record Field(String name, Family family, String ptr, long lo, long hi) {}

    private static final Field[] RANDOM_FIELDS = {
        new Field("cpu.shares", Family.CPU, RES + "/cpu/shares", 2, 262144),
        new Field("cpu.period", Family.CPU, RES + "/cpu/period", 1000, 1000000),
        new Field("cpu.quota", Family.CPU, RES + "/cpu/quota", 1000, 2000000),
        new Field("memory.limit", Family.MEMORY, RES + "/memory/limit", 4194304, 1L << 34),
        new Field("memory.reservation", Family.MEMORY, RES + "/memory/reservation", 0, 1L << 34),
        new Field("memory.swappiness", Family.MEMORY, RES + "/memory/swappiness", 0, 100),
        new Field("pids.limit", Family.PIDS, RES + "/pids/limit", 1, 4194304),
        new Field("blockIO.weight", Family.BLOCK_IO, RES + "/blockIO/weight", 10, 1000),
        new Field("oomScoreAdj", Family.OOM_SCORE_ADJ, "/process/oomScoreAdj", -1000, 1000),
        new Field("user.uid", Family.USER, "/process/user/uid", 0, 4294967295L),
        new Field("user.umask", Family.USER, "/process/user/umask", 0, 511),
        new Field("network.classID", Family.NETWORK, RES + "/network/classID", 0, 4294967295L),
    };

    /**
     * {@code n} single-field mutations: a field, then a value uniformly in its range, at its bounds
     * +-1, or log-uniform up to 2^40 (1 in 3 each); named "rand.FIELD=VALUE".
     */
    private void random(Random rnd, int n) {
        int made = 0;
        while (made < n) {
            Field fl = RANDOM_FIELDS[rnd.nextInt(RANDOM_FIELDS.length)];
            long v;
            switch (rnd.nextInt(3)) {
                case 0 -> v = fl.lo() + (long) (rnd.nextDouble() * (fl.hi() - fl.lo() + 1));
                case 1 -> v = (rnd.nextBoolean() ? fl.lo() : fl.hi()) + (rnd.nextBoolean() ? 1 : -1);
                default -> v = (rnd.nextBoolean() ? 1 : -1) * (long) Math.pow(2, rnd.nextDouble() * 40);
            }
            String name = "rand." + fl.name() + "=" + v;
            if (names.containsKey(name)) {
                continue;
            }
            long value = v;
            add(name, fl.family(), d -> set(d, fl.ptr(), Long.toString(value)));
            made++;
        }
    }
}

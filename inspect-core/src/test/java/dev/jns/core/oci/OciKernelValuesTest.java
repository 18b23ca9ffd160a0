package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runtime layer's kernel value rules (KernelValues): each fires on its bad config and not on
 * the nearest good one, at the boundary where the kernel's range ends. Edits of base.json as in
 * OciRulesTest.
 */
class OciKernelValuesTest {
    private static final String CPU = "/linux/resources/cpu=";
    private static final String MEM = "/linux/resources/memory=";

    /** rule, operations that make it fire, operations of the nearest config where it must not. */
    static final String[][] CASES = {
        {"process.oom-score-adj.range", "/process/oomScoreAdj=1001", "/process/oomScoreAdj=1000"},
        {"process.oom-score-adj.range", "/process/oomScoreAdj=-1001", "/process/oomScoreAdj=-1000"},
        {"linux.resources.cpu.shares.range", CPU + "{\"shares\":1}", CPU + "{\"shares\":2}"},
        {"linux.resources.cpu.shares.range", CPU + "{\"shares\":262145}", CPU + "{\"shares\":262144}"},
        {"linux.resources.cpu.period.range", CPU + "{\"period\":999}", CPU + "{\"period\":1000}"},
        {"linux.resources.cpu.period.range", CPU + "{\"period\":1000001}", CPU + "{\"period\":1000000}"},
        {"linux.resources.cpu.quota.range", CPU + "{\"quota\":999,\"period\":100000}", CPU + "{\"quota\":1000,\"period\":100000}"},
        {"linux.resources.cpu.quota.range", CPU + "{\"quota\":17592186044416}", CPU + "{\"quota\":-1}"},
        {"linux.resources.cpu.burst.above-quota", CPU + "{\"quota\":50000,\"burst\":50001}", CPU + "{\"quota\":50000,\"burst\":50000}"},
        {"linux.resources.cpu.idle.range", CPU + "{\"idle\":2}", CPU + "{\"idle\":1}"},
        {"linux.resources.cpuset.syntax", CPU + "{\"cpus\":\"0-\"}", CPU + "{\"cpus\":\"0-1\"}"},
        {"linux.resources.cpuset.syntax", CPU + "{\"cpus\":\"3-1\"}", CPU + "{\"cpus\":\"1,3\"}"},
        {"linux.resources.cpuset.syntax", CPU + "{\"mems\":\"0;1\"}", CPU + "{\"mems\":\"0-15:2/4\"}"},
        {"linux.resources.memory.range", MEM + "{\"limit\":-2}", MEM + "{\"limit\":-1}"},
        {"linux.resources.memory.range", MEM + "{\"limit\":67108864,\"swap\":-2}", MEM + "{\"limit\":67108864,\"swap\":-1}"},
        {"linux.resources.memory.limit-too-low", MEM + "{\"limit\":4194303}", MEM + "{\"limit\":4194304}"},
        {"linux.resources.memory.below-runc-init", MEM + "{\"limit\":1572863}", MEM + "{\"limit\":1572864}"},
        {"linux.resources.memory.kernel-ignored", MEM + "{\"kernel\":67108864}", MEM + "{\"limit\":67108864}"},
        {"linux.resources.memory.kernel-ignored", MEM + "{\"kernelTCP\":67108864}", MEM + "{}"},
        {"linux.resources.pids.range", "/linux/resources/pids={\"limit\":4194305}", "/linux/resources/pids={\"limit\":4194304}"},
        {"linux.resources.blockio.weight.range", "/linux/resources/blockIO={\"weight\":1001}", "/linux/resources/blockIO={\"weight\":1000}"},
        {"linux.resources.blockio.weight.range", "/linux/resources/blockIO={\"weightDevice\":[{\"major\":8,\"minor\":0,\"weight\":1001}]}",
            "/linux/resources/blockIO={\"weightDevice\":[{\"major\":8,\"minor\":0,\"weight\":10}]}"},
        {"linux.resources.unified.key", "/linux/resources/unified={\"memoryhigh\":\"1\"}", "/linux/resources/unified={\"memory.high\":\"1\"}"},
        {"linux.resources.unified.key", "/linux/resources/unified={\"../memory.high\":\"1\"}",
            "/linux/resources/unified={\"memory.high\":\"1\"}"},
        {"linux.sysctl.name-form", "/linux/sysctl={\"net.ipv4.\":\"1\"}", "/linux/sysctl={\"net..ipv4.ip_forward\":\"1\"}"},
        {"linux.sysctl.name-form", "/linux/sysctl={\"net/ipv4/\":\"1\"}", "/linux/sysctl={\"net/ipv4/ip_forward\":\"1\"}"},
        {"linux.sysctl.value-integer", "/linux/sysctl={\"net.ipv4.ip_forward\":\"yes\"}", "/linux/sysctl={\"net.ipv4.ip_forward\":\" 1\\n\"}"},
        {"linux.sysctl.value-integer", "/linux/sysctl={\"net.ipv4.ping_group_range\":\"0 x\"}",
            "/linux/sysctl={\"net.ipv4.ping_group_range\":\"0 1 x\"}"},
        {"linux.seccomp.notify-default", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_NOTIFY\",\"listenerPath\":\"/run/s.sock\"}",
            "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/s.sock\"}"},
        {"linux.seccomp.notify-write", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/s.sock\","
            + "\"syscalls\":[{\"names\":[\"read\",\"write\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
            "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/s.sock\","
            + "\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}"},
        {"linux.seccomp.notify-no-listener", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\","
            + "\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
            "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/s.sock\","
            + "\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}"},
        {"linux.seccomp.default-kill", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_KILL\","
            + "\"syscalls\":[{\"names\":[\"execve\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
            "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\","
            + "\"syscalls\":[{\"names\":[\"execve\"],\"action\":\"SCMP_ACT_ALLOW\"}]}"},
        {"linux.seccomp.blocks-execve", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_KILL_THREAD\"}",
            "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_KILL_THREAD\","
            + "\"syscalls\":[{\"names\":[\"execveat\",\"execve\"],\"action\":\"SCMP_ACT_ALLOW\"}]}"},
        {"linux.seccomp.errno-ret-ignored", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\","
            + "\"syscalls\":[{\"names\":[\"mknod\"],\"action\":\"SCMP_ACT_KILL\",\"errnoRet\":1}]}",
            "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mknod\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}]}"},
        {"mounts.data-option.unknown", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"noexce\"]}",
            "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"noexec\",\"size=1m\",\"mode=1777\"]}"},
        {"mounts.data-option.unknown", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid \"]}",
            "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid\"]}"},
        {"mounts.data-option.unknown", "/mounts/0/options=[\"hidepid=2\",\"sise=1\"]", "/mounts/0/options=[\"hidepid=2\",\"nosuid\"]"},
        {"mounts.tmpfs.option-value", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"mode=99999\"]}", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"mode=77777\"]}"},
        {"mounts.tmpfs.option-value", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"mode=abc\"]}", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"mode=1777\"]}"},
        {"mounts.tmpfs.option-value", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"size=abc\"]}", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"size=10%\"]}"},
        {"mounts.tmpfs.option-value", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"size=-1\"]}", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"size=0x10\"]}"},
        {"mounts.tmpfs.option-value", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"size=1k5\"]}", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"size=1E\"]}"},
        {"mounts.tmpfs.option-value", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nr_blocks=10%\"]}", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nr_blocks=1k\"]}"},
        {"mounts.tmpfs.option-value", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"gid=-1\"]}", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"gid=4294967294\"]}"},
        {"mounts.tmpfs.option-value", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"uid=4294967295\"]}", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"uid=0\"]}"},
        {"mounts.tmpfs.option-value", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"huge=nonsense\"]}", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"huge=within_size\"]}"},
        {"mounts.tmpfs.option-value", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"huge=deny\"]}", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"huge=advise\"]}"},
        {"mounts.tmpfs.option-value", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"size=\"]}", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"\",\"size=1m\"]}"},
        {"mounts.remount-option", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"remount\"]}", "+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid\"]}"},
        {"mounts.remount-option", "+/mounts={\"destination\":\"/mnt\",\"type\":\"bind\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"noexec\",\"remount\"]}", "+/mounts={\"destination\":\"/mnt\",\"type\":\"bind\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"noexec\"]}"},
        {"mounts.type.no-filesystem", "+/mounts={\"destination\":\"/mnt\",\"type\":\"none\",\"source\":\"/tmp\"}", "+/mounts={\"destination\":\"/mnt\",\"type\":\"none\",\"source\":\"/tmp\",\"options\":[\"bind\"]}"},
        {"mounts.type.no-filesystem", "+/mounts={\"destination\":\"/mnt\",\"type\":\"\",\"source\":\"/tmp\"}", "+/mounts={\"destination\":\"/mnt\",\"type\":\"\",\"source\":\"/tmp\",\"options\":[\"bind\"]}"},
        {"mounts.type.no-filesystem", "+/mounts={\"destination\":\"/mnt\",\"type\":\"bind\",\"source\":\"/tmp\"}", "+/mounts={\"destination\":\"/mnt\",\"type\":\"bind\",\"source\":\"/tmp\",\"options\":[\"bind\"]}"},
        {"mounts.type.no-filesystem", "+/mounts={\"destination\":\"/mnt\",\"source\":\"/tmp\"}", "+/mounts={\"destination\":\"/mnt\",\"source\":\"/tmp\",\"options\":[\"bind\"]}"},
        {"mounts.type.no-filesystem", "+/mounts={\"destination\":\"/mnt\",\"type\":\"none\",\"source\":\"/tmp\",\"options\":[\"ro\"]}", "+/mounts={\"destination\":\"/mnt\",\"type\":\"none\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"ro\"]}"},
        {"mounts.type.data-required", "+/mounts={\"destination\":\"/mnt\",\"type\":\"overlay\",\"source\":\"overlay\"}", "+/mounts={\"destination\":\"/mnt\",\"type\":\"overlay\",\"source\":\"overlay\",\"options\":[\"lowerdir=/a:/b\"]}"},
        {"mounts.type.data-required", "+/mounts={\"destination\":\"/mnt\",\"type\":\"fuse\",\"source\":\"none\",\"options\":[\"fd=3\",\"rootmode=40000\",\"user_id=0\"]}", "+/mounts={\"destination\":\"/mnt\",\"type\":\"fuse\",\"source\":\"none\",\"options\":[\"fd=3\",\"rootmode=40000\",\"user_id=0\",\"group_id=0\"]}"},
        {"mounts.proc-missing", "/mounts=[]", "/mounts=[{\"destination\":\"/proc/\",\"type\":\"proc\",\"source\":\"proc\"}]"},
        {"mounts.proc-missing", "-/mounts", "/mounts/0/type=\"bind\" ;; /mounts/0/options=[\"rbind\"] ;; /mounts/0/source=\"/proc\""},
        {"process.user.id-range", "/process/user={\"uid\":2147483648,\"gid\":0}", "/process/user={\"uid\":2147483647,\"gid\":0}"},
        {"process.user.id-range", "/process/user={\"uid\":0,\"gid\":4294967295}", "/process/user={\"uid\":0,\"gid\":2147483647}"},
        {"process.user.id-range", "/process/user={\"uid\":0,\"gid\":0,\"additionalGids\":[1,4294967295]}", "/process/user={\"uid\":0,\"gid\":0,\"additionalGids\":[1,2147483647]}"},
        {"linux.hostname.length", "/hostname=\"hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh\"", "/hostname=\"hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh\""},
        {"linux.hostname.length", "/domainname=\"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\"", "/domainname=\"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\""},
        {"process.rlimits.nofile-too-low", "/process/rlimits=[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":6}]", "/process/rlimits=[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":7}]"},
        {"process.rlimits.nofile-too-low", "/process/rlimits=[{\"type\":\"RLIMIT_NOFILE\",\"hard\":0,\"soft\":0}]", "/process/rlimits=[{\"type\":\"RLIMIT_NPROC\",\"hard\":0,\"soft\":0}]"},
        {"linux.seccomp.arg-index", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":6,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":5,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}"},
        {"linux.seccomp.blocks-execve", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ERRNO\"}", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\",\"execve\"],\"action\":\"SCMP_ACT_ALLOW\"}]}"},
        {"linux.seccomp.blocks-execve", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_TRAP\"}", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_TRAP\",\"syscalls\":[{\"names\":[\"read\",\"execve\"],\"action\":\"SCMP_ACT_ALLOW\"}]}"},
        {"linux.seccomp.blocks-execve", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_TRACE\"}", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_TRACE\",\"syscalls\":[{\"names\":[\"read\",\"execve\"],\"action\":\"SCMP_ACT_ALLOW\"}]}"},
        {"linux.seccomp.blocks-execve", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\"}", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\",\"syscalls\":[{\"names\":[\"read\",\"execve\"],\"action\":\"SCMP_ACT_ALLOW\"}]}"},
        {"linux.seccomp.blocks-execve", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"execve\"],\"action\":\"SCMP_ACT_TRAP\"}]}", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_LOG\"}"},
        {"linux.seccomp.execve-denied", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"execve\"],\"action\":\"SCMP_ACT_ERRNO\"}]}", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"execve\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":0,\"op\":\"SCMP_CMP_EQ\"}]}]}"},
        {"linux.sysctl.value-range", "/linux/sysctl={\"net.core.somaxconn\":\"-1\"}", "/linux/sysctl={\"net.core.somaxconn\":\"0\"}"},
        {"linux.sysctl.value-range", "/linux/sysctl={\"net.ipv4.ip_unprivileged_port_start\":\"65536\"}", "/linux/sysctl={\"net.ipv4.ip_unprivileged_port_start\":\"0\"}"},
        {"linux.sysctl.value-range", "/linux/sysctl={\"kernel.shmmax\":\"-1\"}", "/linux/sysctl={\"kernel.shmmax\":\"18446744073709551615\"}"},
        {"linux.sysctl.value-range", "/linux/sysctl={\"kernel.shmall\":\"-1\"}", "/linux/sysctl={\"kernel.shmall\":\"0\"}"},
        {"linux.sysctl.value-range", "/linux/sysctl={\"kernel.shmmni\":\"32769\"}", "/linux/sysctl={\"kernel.shmmni\":\"32768\"}"},
        {"linux.sysctl.value-range", "/linux/sysctl={\"kernel.shm_rmid_forced\":\"2\"}", "/linux/sysctl={\"kernel.shm_rmid_forced\":\"1\"}"},
        {"linux.sysctl.value-range", "/linux/sysctl={\"kernel.msgmni\":\"32769\"}", "/linux/sysctl={\"kernel.msgmni\":\"32768\"}"},
        {"linux.sysctl.value-range", "/linux/sysctl={\"fs.mqueue.msg_max\":\"0\"}", "/linux/sysctl={\"fs.mqueue.msg_max\":\"1\"}"},
        {"linux.sysctl.value-range", "/linux/sysctl={\"fs.mqueue.msg_max\":\"65537\"}", "/linux/sysctl={\"fs.mqueue.msg_max\":\"65536\"}"},
        {"linux.sysctl.value-range", "/linux/sysctl={\"fs.mqueue.msgsize_max\":\"127\"}", "/linux/sysctl={\"fs.mqueue.msgsize_max\":\"128\"}"},
        {"linux.sysctl.value-range", "/linux/sysctl={\"kernel.sem\":\"250 32000 32 32769\"}", "/linux/sysctl={\"kernel.sem\":\"250 32000 32 32768\"}"},
        {"linux.sysctl.value-range", "/linux/sysctl={\"kernel.sem\":\"250 32000 32 -1\"}", "/linux/sysctl={\"kernel.sem\":\"-1 -1 -1 0\"}"},
        {"linux.sysctl.port-range", "/linux/sysctl={\"net.ipv4.ip_unprivileged_port_start\":\"32769\"}", "/linux/sysctl={\"net.ipv4.ip_unprivileged_port_start\":\"32768\"}"},
        {"linux.sysctl.port-range", "/linux/sysctl={\"net.ipv4.ip_unprivileged_port_start\":\"40001\",\"net.ipv4.ip_local_port_range\":\"40000 50000\"}", "/linux/sysctl={\"net.ipv4.ip_unprivileged_port_start\":\"1000\",\"net.ipv4.ip_local_port_range\":\"2000 50000\"}"},
        {"linux.sysctl.port-range", "/linux/sysctl={\"net.ipv4.ip_local_port_range\":\"1023 2000\"}", "/linux/sysctl={\"net.ipv4.ip_local_port_range\":\"1024 2000\"}"},
        {"linux.sysctl.port-range", "/linux/sysctl={\"net.ipv4.ip_local_port_range\":\"2000 1999\"}", "/linux/sysctl={\"net.ipv4.ip_local_port_range\":\"2000 2000\"}"},
        {"linux.sysctl.netns-interface", "/linux/sysctl={\"net.ipv4.conf.eth0.forwarding\":\"1\"}", "/linux/sysctl={\"net.ipv4.conf.lo.forwarding\":\"1\"}"},
        {"linux.sysctl.netns-interface", "/linux/sysctl={\"net/ipv6/conf/eth0/disable_ipv6\":\"1\"}", "/linux/namespaces/1={\"type\":\"network\",\"path\":\"/var/run/netns/n\"} ;; /linux/sysctl={\"net/ipv6/conf/eth0/disable_ipv6\":\"1\"}"},
        {"linux.resources.blockio.device-number", "/linux/resources/blockIO={\"throttleReadBpsDevice\":[{\"major\":-1,\"minor\":0,\"rate\":1}]}", "/linux/resources/blockIO={\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":0,\"rate\":1}]}"},
        {"linux.resources.blockio.device-number", "/linux/resources/blockIO={\"throttleWriteIOPSDevice\":[{\"major\":8,\"minor\":-1,\"rate\":1}]}", "/linux/resources/blockIO={\"throttleWriteIOPSDevice\":[{\"major\":0,\"minor\":0,\"rate\":1}]}"},
        {"linux.resources.devices.number", "/linux/resources/devices=[{\"allow\":true,\"type\":\"c\",\"major\":-2,\"minor\":3,\"access\":\"r\"}]", "/linux/resources/devices=[{\"allow\":true,\"type\":\"c\",\"major\":-1,\"minor\":-1,\"access\":\"r\"}]"},
        {"linux.rootfs-propagation.unbindable", "/linux/rootfsPropagation=\"unbindable\"", "/linux/rootfsPropagation=\"private\""},
        {"linux.rootfs-propagation.unbindable", "/linux/rootfsPropagation=\"runbindable\"", "/linux/rootfsPropagation=\"rslave\""},
    };

    static List<Finding> check(String ops) {
        List<Finding> out = new ArrayList<>();
        JsonValue cfg = JsonReader.read(OciRulesTest.edit(ops), out);
        new KernelValues(out).check(cfg);
        return out;
    }

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (String[] c : CASES) {
            a.add(Arguments.of(c[0], c[1], c[2]));
        }
        return a.stream();
    }

    /** runc's own init is in the cgroup when runc writes the limit; another runtime's may be smaller: a warning only. */
    @Test
    void aLimitBelowRuncsInitIsAnErrorForRuncAndAWarningForOthers() {
        for (String runtime : new String[] {null, "runc", "crun"}) {
            List<Finding> out = new ArrayList<>();
            new KernelValues(out, runtime).check(JsonReader.read(OciRulesTest.edit(MEM + "{\"limit\":1048576}"), out));
            List<String> rules = out.stream().map(Finding::rule).toList();
            assertEquals(List.of("crun".equals(runtime) ? "linux.resources.memory.limit-too-low" : "linux.resources.memory.below-runc-init"),
                    rules, "runtime " + runtime);
        }
    }

    @Test
    void theBaseConfigHasNoKernelFindings() {
        assertEquals(List.of(), check(""));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void ruleFiresOnTheBadConfigOnly(String rule, String bad, String good) {
        List<Finding> b = check(bad);
        Finding first = b.stream().filter(f -> f.rule().equals(rule)).findFirst().orElse(null);
        assertNotNull(first, rule + " should fire on " + bad + ": " + b);
        assertTrue(first.line() > 0 && first.column() > 0, "position of " + first);
        Rules.Rule r = Rules.all().stream().filter(x -> x.id().equals(rule)).findFirst().orElseThrow();
        assertEquals(r.severity(), first.severity().label(), "severity of " + rule);
        List<Finding> g = check(good);
        assertFalse(g.stream().anyMatch(f -> f.rule().equals(rule)), rule + " should not fire on " + good + ": " + g);
    }

    /** Every runtime-layer kernel rule has a case here; each description ends in its source. */
    @Test
    void everyKernelValueRuleHasACaseAndASource() {
        Set<String> covered = new HashSet<>();
        for (String[] c : CASES) {
            covered.add(c[0]);
        }
        List<String> missing = new ArrayList<>();
        boolean inBlock = false;
        for (Rules.Rule r : Rules.all()) {
            inBlock |= r.id().equals("process.oom-score-adj.range");
            if (!inBlock) {
                continue;
            }
            assertTrue(r.description().endsWith(")") && (r.description().contains("(kernel: ") || r.description().contains("(runc ")),
                    "no source at the end of " + r.id() + ": " + r.description());
            assertTrue(r.layer().equals("runtime") || r.layer().equals("host"), r.id() + " layer " + r.layer());
            if (r.layer().equals("runtime") && !covered.contains(r.id())) {
                missing.add(r.id());
            }
        }
        assertTrue(inBlock, "the kernel block is missing from Rules");
        assertEquals(List.of(), missing);
    }

    @Test
    void membersOfTheWrongTypeOrMissingAreLeftToTheSchema() {
        assertEquals(List.of(), check("+/mounts={\"destination\":\"/x\",\"options\":[\"rbind\",\"noexce\"]} ;; +/mounts=3 ;; "
                + "/linux/resources={\"cpu\":[],\"memory\":{\"limit\":\"1\"},\"blockIO\":{\"weightDevice\":[1,null]},"
                + "\"unified\":[]} ;; /linux/sysctl={\"kernel.shmmax\":1} ;; /linux/seccomp={\"syscalls\":[1,{\"errnoRet\":1}]}"));
    }

    /** Values runc 1.1.5 ran in the differential: no finding. */
    @Test
    void valuesRuncRunsHaveNoFinding() {
        assertEquals(List.of(), check("/linux/sysctl={\"net.ipv4.ip_forward\":\"\"}"));
        assertEquals(List.of(), check("+/mounts={\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"\"]}"));
    }

    /** crun binds a mount of type bind without a bind option; runc 1.1.5 does not. */
    @Test
    void crunBindsATypeBindMount() {
        String ops = "+/mounts={\"destination\":\"/mnt\",\"type\":\"bind\",\"source\":\"/tmp\"}";
        List<Finding> out = new ArrayList<>();
        new KernelValues(out, "crun").check(JsonReader.read(OciRulesTest.edit(ops), out));
        assertEquals(List.of(), out);
        List<Finding> runc = new ArrayList<>();
        new KernelValues(runc, "runc").check(JsonReader.read(OciRulesTest.edit(ops), runc));
        assertEquals(List.of("mounts.type.no-filesystem"), runc.stream().map(Finding::rule).toList());
    }

    @Test
    void tmpfsValuesAreReadAsShmemReadsThem() {
        assertTrue(KernelValues.tmpfsValue("mode", "0"));
        assertTrue(KernelValues.tmpfsValue("mode", "37777777777"));
        assertFalse(KernelValues.tmpfsValue("mode", "40000000000"));
        assertFalse(KernelValues.tmpfsValue("mode", ""));
        assertTrue(KernelValues.tmpfsValue("size", "010"));
        assertFalse(KernelValues.tmpfsValue("size", "08"));
        assertFalse(KernelValues.tmpfsValue("size", "0x"));
        assertFalse(KernelValues.tmpfsValue("size", "10%%"));
        assertTrue(KernelValues.tmpfsValue("uid", "+5"));
        assertTrue(KernelValues.tmpfsValue("mpol", "anything"));
    }

    @Test
    void cpuListsAreParsedAsTheKernelParsesThem() {
        assertEquals(2, KernelValues.cpuList("0-3,5").length);
        assertEquals(0, KernelValues.cpuList(" ").length);
        assertNotNull(KernelValues.cpuList("0-15:2/4"));
        assertNull(KernelValues.cpuList("0-15:5/4"));
        assertNull(KernelValues.cpuList("1,,2"));
        assertNull(KernelValues.cpuList("a"));
        assertNull(KernelValues.cpuList("-1"));
    }

    @Test
    void numbersPastTheLongRangeSaturate() {
        assertEquals(1, check(CPU + "{\"shares\":18446744073709551615}").stream()
                .filter(f -> f.rule().equals("linux.resources.cpu.shares.range")).count());
        assertEquals(1, check("/linux/resources/pids={\"limit\":99999999999999999999}").stream()
                .filter(f -> f.rule().equals("linux.resources.pids.range")).count());
    }

    /** The validator runs the kernel value rules with the runtime layer. */
    @Test
    void theValidatorRunsThemWithTheRuntimeLayer() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("jns-kv-");
        try {
            Path cfg = dir.resolve("config.json");
            java.nio.file.Files.write(cfg, OciRulesTest.edit("/process/oomScoreAdj=2000"));
            // a stand-in runc on PATH (the layer runs with any runtime; this one has no features)
            Path runc = dir.resolve("runc");
            java.nio.file.Files.writeString(runc, "#!/bin/sh\n[ \"$1\" = --version ] && echo 'runc version 1.1.5'\nexit 0\n");
            runc.toFile().setExecutable(true);
            OciValidator.Report r = new OciValidator(Path.of("/proc"), false, "runc", dir.toString()).validate(cfg);
            assertTrue(r.findings().stream().anyMatch(f -> f.rule().equals("process.oom-score-adj.range")), r.findings().toString());
            OciValidator.Report none = new OciValidator(Path.of("/proc"), false, null, dir.toString()).validate(cfg);
            assertTrue(none.findings().stream().noneMatch(f -> f.rule().equals("process.oom-score-adj.range")),
                    "not without the runtime layer: " + none.findings());
        } finally {
            java.nio.file.Files.deleteIfExists(dir.resolve("runc"));
            java.nio.file.Files.deleteIfExists(dir.resolve("config.json"));
            java.nio.file.Files.deleteIfExists(dir);
        }
    }
}

package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.cgroup.CgroupMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host layer on fixtures: a fake /proc (ns files, mountinfo, filesystems, cap_last_cap,
 * sysctls) and a bundle with a rootfs, built in a temporary directory. Each rule fires on the bad
 * fixture and not on the nearest good one.
 */
class OciHostCheckerTest {
    @TempDir
    Path tmp;
    Path proc;
    Path bundle;
    Path rootfs;

    private static final String HYBRID = "31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
            + "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n"
            + "33 31 0:30 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n";
    private static final String V2 = "31 23 0:28 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";

    @BeforeEach
    void fixture() throws IOException {
        proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("self/ns"));
        for (String ns : new String[] {"cgroup", "ipc", "mnt", "net", "pid", "user", "uts", "time"}) {
            Files.writeString(proc.resolve("self/ns/" + ns), "");
        }
        Files.writeString(proc.resolve("self/mountinfo"), HYBRID);
        Files.writeString(proc.resolve("filesystems"), "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\n\text4\n");
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.writeString(proc.resolve("sys/kernel/cap_last_cap"), "40\n");
        Files.createDirectories(proc.resolve("sys/net/ipv4"));
        Files.writeString(proc.resolve("sys/net/ipv4/ip_forward"), "0\n");
        Files.createDirectories(proc.resolve("sys/user"));
        Files.writeString(proc.resolve("sys/user/max_user_namespaces"), "15000\n");
        bundle = tmp.resolve("bundle");
        rootfs = bundle.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        Path sh = rootfs.resolve("bin/busybox");
        Files.writeString(sh, "not a real binary: never executed");
        Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("/bin/busybox")); // absolute: inside the rootfs
    }

    private List<Finding> check(String ops) {
        List<Finding> out = new ArrayList<>();
        JsonValue cfg = JsonReader.read(OciRulesTest.edit(ops), out);
        new HostChecker(proc, bundle, out).check(cfg);
        return out;
    }

    private static boolean has(List<Finding> f, String rule) {
        return f.stream().anyMatch(x -> x.rule().equals(rule));
    }

    private void assertFires(String rule, String bad, String good) {
        List<Finding> b = check(bad);
        assertTrue(has(b, rule), rule + " should fire on " + bad + ": " + b);
        List<Finding> g = check(good);
        assertFalse(has(g, rule), rule + " should not fire on " + good + ": " + g);
    }

    @Test
    void theBaseBundleHasNoHostFindings() {
        assertEquals(List.of(), check(""));
    }

    @Test
    void theSeccompListenerMustBeAUnixSocketOnTheHost() throws IOException {
        Path sock = tmp.resolve("agent.sock");
        Files.writeString(tmp.resolve("file"), "");
        String sc = "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mkdir\"],"
                + "\"action\":\"SCMP_ACT_NOTIFY\"}],\"listenerPath\":\"";
        try (java.nio.channels.ServerSocketChannel agent = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            agent.bind(java.net.UnixDomainSocketAddress.of(sock));
            assertFires("host.seccomp.listener-missing", sc + tmp.resolve("missing.sock") + "\"}", sc + sock + "\"}");
            assertFires("host.seccomp.listener-missing", sc + tmp.resolve("file") + "\"}", sc + sock + "\"}");
            // no SCMP_ACT_NOTIFY: runc never connects (it ran such a config with no socket there)
            assertFalse(has(check("/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\""
                    + tmp.resolve("missing.sock") + "\"}"), "host.seccomp.listener-missing"));
        }
    }

    @Test
    void rootfsMustExistAndBeADirectory() throws IOException {
        assertFires("host.rootfs.missing", "/root/path=\"nope\"", "/root/path=\"rootfs\"");
        Files.writeString(bundle.resolve("file"), "");
        assertFires("host.rootfs.not-directory", "/root/path=\"file\"", "/root/path=\"rootfs\"");
    }

    @Test
    void aSymlinkInTheRootfsPathIsRefused() throws IOException {
        Files.createSymbolicLink(bundle.resolve("link"), rootfs);
        assertFires("host.rootfs.symlink", "/root/path=\"link\"", "/root/path=\"" + rootfs + "\"");
    }

    @Test
    void args0IsLookedUpThroughPathInsideTheRootfs() {
        assertFires("host.args0.not-found", "/process/args=[\"nosuch\"]", "/process/args=[\"sh\"]");
        assertFires("host.args0.not-found", "/process/env=[]", "/process/env=[\"PATH=/usr/bin:/bin\"]");
        assertFires("host.args0.not-found", "/process/args=[\"/usr/bin/sh\"]", "/process/args=[\"/bin/sh\"]");
        // relative args[0] with a slash: from cwd
        assertFires("host.args0.not-found", "/process/args=[\"./sh\"]", "/process/args=[\"./sh\"] ;; /process/cwd=\"/bin\"");
    }

    @Test
    void args0UnderAMountIsNotChecked() {
        assertFalse(has(check("/process/args=[\"/opt/tool\"] ;; +/mounts={\"destination\":\"/opt\",\"type\":\"bind\",\"source\":\"/x\"}"),
                "host.args0.not-found"));
    }

    @Test
    void args0MustBeExecutable() throws IOException {
        Path f = rootfs.resolve("bin/data");
        Files.writeString(f, "");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertFires("host.args0.not-executable", "/process/args=[\"data\"]", "/process/args=[\"busybox\"]");
    }

    @Test
    void linksNeverLeaveTheRootfs() throws IOException {
        // a host file that exists outside the rootfs, reachable only by escaping it
        Path outside = tmp.resolve("outside-tool");
        Files.writeString(outside, "");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(rootfs.resolve("bin/escape"), Path.of("../../../outside-tool"));
        Files.createSymbolicLink(rootfs.resolve("bin/abs-escape"), outside.toAbsolutePath());
        assertTrue(has(check("/process/args=[\"escape\"]"), "host.args0.not-found"));
        assertTrue(has(check("/process/args=[\"abs-escape\"]"), "host.args0.not-found"));
        // the same names inside the rootfs do resolve
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.copy(outside, rootfs.resolve("outside-tool"));
        Files.setPosixFilePermissions(rootfs.resolve("outside-tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertFalse(has(check("/process/args=[\"escape\"]"), "host.args0.not-found"));
        HostChecker.Resolved r = HostChecker.resolveInRoot(rootfs, "/bin/abs-escape");
        assertNull(r.path(), "an absolute link is resolved inside the rootfs: " + r);
    }

    @Test
    void symlinkLoopsEnd() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("bin/loop"), Path.of("loop"));
        List<Finding> f = check("/process/args=[\"/bin/loop\"]");
        assertTrue(f.stream().anyMatch(x -> x.rule().equals("host.args0.not-found") && x.message().contains("too many")), f.toString());
    }

    @Test
    void namespacesTheKernelLacks() throws IOException {
        Files.delete(proc.resolve("self/ns/time"));
        assertFires("host.namespaces.unsupported", "+/linux/namespaces={\"type\":\"time\"}", "+/linux/namespaces={\"type\":\"cgroup\"}");
        assertFires("host.namespaces.path-missing", "/linux/namespaces/1/path=\"" + tmp.resolve("no-netns") + "\"",
                "/linux/namespaces/1/path=\"" + proc.resolve("self/ns/net") + "\"");
    }

    @Test
    void unifiedNeedsCgroupV2() throws IOException {
        String unified = "/linux/resources={\"unified\":{\"memory.max\":\"100M\"}}";
        assertTrue(has(check(unified), "host.cgroup.unified-on-v1"));
        Files.writeString(proc.resolve("self/mountinfo"), V2);
        assertFalse(has(check(unified), "host.cgroup.unified-on-v1"));
        assertFires("host.cgroup.swap-without-limit", "/linux/resources={\"memory\":{\"swap\":100}}",
                "/linux/resources={\"memory\":{\"swap\":200,\"limit\":100}}");
    }

    @Test
    void capabilitiesBeyondTheKernel() throws IOException {
        Files.writeString(proc.resolve("sys/kernel/cap_last_cap"), "38\n");
        assertFires("host.capability.unsupported", "+/process/capabilities/bounding=\"CAP_BPF\"",
                "+/process/capabilities/bounding=\"CAP_PERFMON\"");
    }

    @Test
    void mountTypesFromProcFilesystems() {
        assertFires("host.mount.type-unknown", "+/mounts={\"destination\":\"/x\",\"type\":\"zfs\",\"source\":\"z\"}",
                "+/mounts={\"destination\":\"/x\",\"type\":\"ext4\",\"source\":\"/dev/sda1\"}");
        assertFalse(has(check("+/mounts={\"destination\":\"/x\",\"type\":\"none\",\"source\":\"/tmp\",\"options\":[\"rbind\"]}"),
                "host.mount.type-unknown"));
    }

    @Test
    void hooksMustExistAndBeExecutable() throws IOException {
        Path hook = tmp.resolve("hook");
        Files.writeString(hook, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rw-r--r--"));
        assertFires("host.hook.missing", "/hooks={\"prestart\":[{\"path\":\"" + tmp.resolve("nohook") + "\"}]}",
                "/hooks={\"prestart\":[{\"path\":\"" + hook + "\"}]}");
        assertTrue(has(check("/hooks={\"poststop\":[{\"path\":\"" + hook + "\"}]}"), "host.hook.not-executable"));
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertFalse(has(check("/hooks={\"poststop\":[{\"path\":\"" + hook + "\"}]}"), "host.hook.not-executable"));
        // never run: the hook would exit 1 and leave no trace either way, so check it left its file alone
        assertEquals("#!/bin/sh\nexit 1\n", Files.readString(hook, StandardCharsets.UTF_8));
    }

    @Test
    void theMappedRootMustReachTheRootfs() throws IOException {
        String userns = "+/linux/namespaces={\"type\":\"user\"} ;; "
                + "/linux/uidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}] ;; "
                + "/linux/gidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]";
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(bundle, PosixFilePermissions.fromString("rwx------"));
        assertTrue(has(check(userns), "host.rootfs.userns-access"));
        assertFalse(has(check(""), "host.rootfs.userns-access"), "no user namespace: the host's root mounts it");
        Files.setPosixFilePermissions(bundle, PosixFilePermissions.fromString("rwx--x--x"));
        assertFalse(has(check(userns), "host.rootfs.userns-access"));
    }

    @Test
    void hostPathsResolveUnderTheSysRoot() throws IOException {
        Path host = tmp.resolve("host");
        Files.createDirectories(host.resolve("usr/libexec"));
        Path hook = host.resolve("usr/libexec/hook");
        Files.writeString(hook, "");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        String cfg = "/hooks={\"createRuntime\":[{\"path\":\"/usr/libexec/hook\"}]}";
        List<Finding> out = new ArrayList<>();
        new HostChecker(proc, host, bundle, out).check(JsonReader.read(OciRulesTest.edit(cfg), out));
        assertEquals(List.of(), out);
        List<Finding> out2 = new ArrayList<>();
        new HostChecker(proc, tmp.resolve("empty-root"), bundle, out2).check(JsonReader.read(OciRulesTest.edit(cfg), out2));
        assertTrue(has(out2, "host.hook.missing"), out2.toString());
    }

    @Test
    void startContainerHooksAreLookedUpInTheRootfs() {
        // /bin/busybox exists in the rootfs (not necessarily on the host), /usr/bin/true not in the rootfs
        assertFires("host.hook.missing", "/hooks={\"startContainer\":[{\"path\":\"/usr/bin/true\"}]}",
                "/hooks={\"startContainer\":[{\"path\":\"/bin/sh\"}]}");
        // createContainer hooks resolve on the host
        assertTrue(has(check("/hooks={\"createContainer\":[{\"path\":\"" + tmp.resolve("nohook") + "\"}]}"), "host.hook.missing"));
    }

    @Test
    void sysctlsTheKernelHas() {
        assertFires("host.sysctl.unknown", "/linux/sysctl={\"net.ipv4.no_such\":\"1\"}", "/linux/sysctl={\"net.ipv4.ip_forward\":\"1\"}");
    }

    @Test
    void userMappings() throws IOException {
        String userns = "+/linux/namespaces={\"type\":\"user\"} ;; "
                + "/linux/gidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}] ;; ";
        assertFires("host.user-mappings.range", userns + "/linux/uidMappings=[{\"containerID\":0,\"hostID\":4294967000,\"size\":65536}]",
                userns + "/linux/uidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]");
        assertTrue(has(check(userns + "/linux/uidMappings=[{\"containerID\":0,\"hostID\":1,\"size\":0}]"), "host.user-mappings.range"));
        String ok = userns + "/linux/uidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]";
        assertFalse(has(check(ok), "host.user-namespace.disabled"));
        Files.writeString(proc.resolve("sys/user/max_user_namespaces"), "0\n");
        assertTrue(has(check(ok), "host.user-namespace.disabled"));
    }

    @Test
    void cgroupLayouts() throws IOException {
        assertEquals(CgroupMode.HYBRID, new HostChecker(proc, bundle, new ArrayList<>()).cgroupMode());
        Files.writeString(proc.resolve("self/mountinfo"), V2);
        assertEquals(CgroupMode.V2, new HostChecker(proc, bundle, new ArrayList<>()).cgroupMode());
        Files.writeString(proc.resolve("self/mountinfo"), "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n");
        HostFacts facts = new HostFacts(proc);
        assertEquals(CgroupMode.V1, new HostChecker(facts, Path.of("/"), bundle, new ArrayList<>()).cgroupMode());
        // read once per validator: a later change of the host is not seen by the same facts
        Files.writeString(proc.resolve("self/mountinfo"), V2);
        assertEquals(CgroupMode.V1, new HostChecker(facts, Path.of("/"), bundle, new ArrayList<>()).cgroupMode());
    }

    // ---- issue 13: runc 1.1.5's refusals the differential test found (docs/oci-runc-differential.md) ----

    private List<Finding> checkOn(Path sysRoot, String ops) {
        List<Finding> out = new ArrayList<>();
        JsonValue cfg = JsonReader.read(OciRulesTest.edit(ops), out);
        new HostChecker(proc, sysRoot, bundle, out).check(cfg);
        return out;
    }

    private static String mount(String dest, String type, String source, String... options) {
        StringBuilder o = new StringBuilder();
        for (String x : options) {
            o.append(o.length() == 0 ? "" : ",").append('"').append(x).append('"');
        }
        return "+/mounts={\"destination\":\"" + dest + "\",\"type\":\"" + type + "\",\"source\":\"" + source + "\""
                + (options.length > 0 ? ",\"options\":[" + o + "]" : "") + "}";
    }

    @Test
    void bindSourcesAndBlockDevicesMustExist() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src-dir"));
        assertFires("host.mount.source-missing", mount("/mnt", "bind", tmp.resolve("nonexistent-jns").toString(), "rbind"),
                mount("/mnt", "bind", dir.toString(), "rbind"));
        // a relative bind source is relative to the bundle directory, whatever the type
        assertFires("host.mount.source-missing", mount("/mnt", "tmpfs", "tmpfs", "bind"), mount("/mnt", "tmpfs", "rootfs", "bind"));
        // ext4 is not nodev in /proc/filesystems: its source is a device that must exist; tmpfs's is only a name
        Path dev = tmp.resolve("fake-dev");
        Files.writeString(dev, "");
        assertFires("host.mount.source-missing", mount("/mnt", "ext4", tmp.resolve("nonexistent-dev").toString()),
                mount("/mnt", "ext4", dev.toString()));
        assertFalse(has(check(mount("/mnt", "tmpfs", "/nonexistent-jns")), "host.mount.source-missing"));
    }

    @Test
    void theCwdMustBeADirectoryIfItExists() throws IOException {
        Files.writeString(rootfs.resolve("bin/true"), "");
        assertFires("host.cwd.not-directory", "/process/cwd=\"/bin/true\"", "/process/cwd=\"/bin\"");
        assertFires("host.cwd.not-directory", "/process/cwd=\"/bin/true/sub\"", "/process/cwd=\"/nonexistent/sub\"");
        // through a link inside the rootfs: /bin/sh -> /bin/busybox, a file
        assertTrue(has(check("/process/cwd=\"/bin/sh\""), "host.cwd.not-directory"));
        // a mount there provides it
        assertFalse(has(check("/process/cwd=\"/bin/true\" ;; " + mount("/bin", "tmpfs", "tmpfs")), "host.cwd.not-directory"));
    }

    @Test
    void aFilesystemIsMountedOnADirectory() throws IOException {
        Files.createDirectories(rootfs.resolve("dev"));
        Files.writeString(rootfs.resolve("dev/null"), "");
        assertFires("host.mount.destination-not-directory", mount("/bin/busybox", "tmpfs", "tmpfs"), mount("/bin", "tmpfs", "tmpfs"));
        assertTrue(has(check(mount("/bin/sh", "tmpfs", "tmpfs")), "host.mount.destination-not-directory"), "a link to a file");
        assertTrue(has(check(mount("/bin/busybox/x", "tmpfs", "tmpfs")), "host.mount.destination-not-directory"), "a file on the way");
        // under an earlier tmpfs of the config the rootfs's own /dev/null is hidden
        assertTrue(has(check(mount("/dev/null", "tmpfs", "tmpfs")), "host.mount.destination-not-directory"));
        assertFalse(has(check(mount("/dev", "tmpfs", "tmpfs") + " ;; " + mount("/dev/null", "tmpfs", "tmpfs")),
                "host.mount.destination-not-directory"));
        // proc and sysfs: runc refuses a symlink even to a directory; tmpfs follows it
        Files.createSymbolicLink(rootfs.resolve("procl"), Path.of("/bin"));
        assertFires("host.mount.destination-not-directory", mount("/procl", "proc", "proc"), mount("/procl", "tmpfs", "tmpfs"));
    }

    @Test
    void aBindJoinsAFileToAFileAndADirectoryToADirectory() throws IOException {
        Path file = tmp.resolve("hostname");
        Files.writeString(file, "jns\n");
        Path dir = Files.createDirectories(tmp.resolve("src-dir"));
        assertFires("host.mount.bind-kind-mismatch", mount("/bin", "bind", file.toString(), "bind"),
                mount("/bin/busybox", "bind", file.toString(), "bind"));
        assertFires("host.mount.bind-kind-mismatch", mount("/bin/busybox", "bind", dir.toString(), "rbind"),
                mount("/bin", "bind", dir.toString(), "rbind"));
        assertFalse(has(check(mount("/newfile", "bind", file.toString(), "bind")), "host.mount.bind-kind-mismatch"),
                "a missing target is made as the source's kind");
        assertFalse(has(check(mount("/bin", "bind", file.toString(), "bind")), "host.mount.destination-not-directory"));
    }

    @Test
    void aNamespacePathMustBeANamespaceFile() throws IOException {
        Path file = tmp.resolve("hostname");
        Files.writeString(file, "jns\n");
        Path bound = tmp.resolve("netns-bound");
        Files.writeString(bound, "");
        assertFires("host.namespaces.path-not-namespace", "/linux/namespaces/1/path=\"" + file + "\"",
                "/linux/namespaces/1/path=\"/proc/self/ns/net\"");
        assertTrue(has(check("/linux/namespaces/1/path=\"" + bound + "\""), "host.namespaces.path-not-namespace"));
        Files.writeString(proc.resolve("self/mountinfo"), HYBRID + "40 23 0:4 net:[4026532000] " + bound + " rw - nsfs nsfs rw\n");
        assertFalse(has(check("/linux/namespaces/1/path=\"" + bound + "\""), "host.namespaces.path-not-namespace"),
                "an nsfs bind mount in mountinfo");
        Files.createSymbolicLink(tmp.resolve("netns-link"), bound);
        assertFalse(has(check("/linux/namespaces/1/path=\"" + tmp.resolve("netns-link") + "\""), "host.namespaces.path-not-namespace"),
                "a link to it, resolved on the host");
    }

    @Test
    void appArmorNeedsAppArmor() throws IOException {
        Path host = tmp.resolve("host");
        Files.createDirectories(host.resolve("sys/kernel/security"));
        String profile = "/process/apparmorProfile=\"unconfined\"";
        assertTrue(has(checkOn(host, profile), "host.apparmor.unavailable"));
        assertFalse(has(checkOn(host, ""), "host.apparmor.unavailable"));
        Files.createDirectories(host.resolve("sys/kernel/security/apparmor"));
        Files.createDirectories(host.resolve("sys/module/apparmor/parameters"));
        Files.writeString(host.resolve("sys/module/apparmor/parameters/enabled"), "N\n");
        assertTrue(has(checkOn(host, profile), "host.apparmor.unavailable"));
        Files.writeString(host.resolve("sys/module/apparmor/parameters/enabled"), "Y\n");
        assertFalse(has(checkOn(host, profile), "host.apparmor.unavailable"));
        assertFalse(has(checkOn(tmp.resolve("no-sys"), profile), "host.apparmor.unavailable"), "no /sys to look at: unknown");
    }

    @Test
    void seLinuxLabelsNeedSeLinux() throws IOException {
        Path host = Files.createDirectories(tmp.resolve("host/sys/fs")).getParent().getParent();
        String label = "/process/selinuxLabel=\"system_u:system_r:container_t:s0\"";
        String mountLabel = "/linux/mountLabel=\"system_u:object_r:container_file_t:s0\"";
        assertFires("host.selinux.unavailable", label, "");
        // a mount label matters where runc passes context=: a tmpfs, not proc alone
        assertFalse(has(checkOn(host, mountLabel), "host.selinux.unavailable"));
        assertTrue(has(checkOn(host, mountLabel + " ;; " + mount("/dev", "tmpfs", "tmpfs")), "host.selinux.unavailable"));
        Files.writeString(proc.resolve("self/mountinfo"), HYBRID + "41 23 0:21 / /sys/fs/selinux rw - selinuxfs selinuxfs rw\n");
        assertFalse(has(checkOn(host, label + " ;; " + mountLabel + " ;; " + mount("/dev", "tmpfs", "tmpfs")), "host.selinux.unavailable"));
    }

    @Test
    void intelRdtSchemasNeedResctrl() throws IOException {
        Path host = tmp.resolve("host");
        String l3 = "/linux/intelRdt={\"closID\":\"jns\",\"l3CacheSchema\":\"L3:0=f\"}";
        String clos = "/linux/intelRdt={\"closID\":\"jns\"}";
        assertTrue(has(checkOn(host, l3), "host.intel-rdt.unavailable"));
        assertTrue(has(checkOn(host, "/linux/intelRdt={\"memBwSchema\":\"MB:0=70\"}"), "host.intel-rdt.unavailable"));
        assertTrue(has(checkOn(host, clos), "host.intel-rdt.closid-ignored"));
        assertFalse(has(checkOn(host, clos), "host.intel-rdt.unavailable"));
        Files.writeString(proc.resolve("self/mountinfo"), HYBRID + "42 23 0:40 / /sys/fs/resctrl rw - resctrl resctrl rw\n");
        assertTrue(has(checkOn(host, l3), "host.intel-rdt.unavailable"), "resctrl without info/L3: no CAT");
        Files.createDirectories(host.resolve("sys/fs/resctrl/info/L3"));
        assertFalse(has(checkOn(host, l3), "host.intel-rdt.unavailable"));
        assertFalse(has(checkOn(host, clos), "host.intel-rdt.closid-ignored"));
    }

    @Test
    void nothingIsMadeUnderAnEarlierReadOnlyMount() throws IOException {
        Path host = tmp.resolve("host");
        Files.createDirectories(host.resolve("sys/fs/cgroup"));
        String sysfs = mount("/sys", "sysfs", "sysfs", "nosuid", "ro") + " ;; ";
        assertTrue(has(checkOn(host, sysfs + mount("/sys/x", "tmpfs", "tmpfs")), "host.mount.destination-read-only"));
        assertFalse(has(checkOn(host, sysfs + mount("/sys/fs/cgroup", "tmpfs", "tmpfs")), "host.mount.destination-read-only"),
                "the host's /sys has it");
        assertFalse(has(checkOn(host, mount("/sys", "sysfs", "sysfs", "nosuid") + " ;; " + mount("/sys/x", "tmpfs", "tmpfs")),
                "host.mount.destination-read-only"), "read-write sysfs");
        assertTrue(has(check(mount("/data", "tmpfs", "tmpfs", "ro") + " ;; " + mount("/data/x", "tmpfs", "tmpfs")),
                "host.mount.destination-read-only"), "a fresh tmpfs is empty");
        assertFalse(has(check(mount("/dev", "tmpfs", "tmpfs", "ro") + " ;; " + mount("/dev/shm", "tmpfs", "tmpfs")),
                "host.mount.destination-read-only"), "runc makes /dev read-only last");
        Path src = Files.createDirectories(tmp.resolve("ro-src/sub"));
        String bind = mount("/data", "bind", src.getParent().toString(), "rbind", "ro") + " ;; ";
        assertFalse(has(check(bind + mount("/data/sub", "tmpfs", "tmpfs")), "host.mount.destination-read-only"));
        assertTrue(has(check(bind + mount("/data/new", "tmpfs", "tmpfs")), "host.mount.destination-read-only"));
    }
}

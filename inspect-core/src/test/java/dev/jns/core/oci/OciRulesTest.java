package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * One positive and one negative case for every config-only rule (schema and semantics): the
 * positive case makes the rule fire, the negative one is the nearest config where it must not.
 * Each case edits base.json (which has no findings) with operations: {@code /ptr=JSON} sets,
 * {@code +/ptr=JSON} appends to an array, {@code -/ptr} removes.
 */
class OciRulesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String USERNS = "+/linux/namespaces={\"type\":\"user\"} ;; "
            + "/linux/uidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}] ;; "
            + "/linux/gidMappings=[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]";
    private static final String NO_UTS = "/linux/namespaces=[{\"type\":\"pid\"},{\"type\":\"mount\"}]";

    /** rule, operations that make it fire, operations of the nearest config where it must not. */
    static final String[][] CASES = {
        {"schema.type", "/process/terminal=\"yes\"", "/process/terminal=true"},
        {"schema.type", "/process/user/uid=1.0", "/process/user/uid=1"},
        {"schema.type", "/process/args=\"sh\"", "/process/args=[\"sh\"]"},
        {"schema.required", "-/process/cwd", "/process/cwd=\"/\""},
        {"schema.required", "/linux/resources={\"pids\":{}}", "/linux/resources={\"pids\":{\"limit\":-1}}"},
        {"schema.enum", "/linux/namespaces/0/type=\"pidd\"", "/linux/namespaces/0/type=\"pid\""},
        {"schema.pattern", "/process/rlimits/0/type=\"NOFILE\"", "/process/rlimits/0/type=\"RLIMIT_NOFILE\""},
        {"schema.pattern", "/linux/resources={\"hugepageLimits\":[{\"pageSize\":\"2mb\",\"limit\":1}]}",
            "/linux/resources={\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":1}]}"},
        {"schema.range", "/process/user/uid=4294967296", "/process/user/uid=4294967295"},
        {"schema.range", "/process/rlimits/0/hard=18446744073709551616", "/process/rlimits/0/hard=18446744073709551615 ;; "
            + "/process/rlimits/0/soft=18446744073709551615"},
        {"schema.range", "/linux/devices=[{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,\"minor\":229,\"fileMode\":512}]",
            "/linux/devices=[{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,\"minor\":229,\"fileMode\":511}]"},
        {"schema.min-items", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[],\"action\":\"SCMP_ACT_ERRNO\"}]}",
            "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"getcwd\"],\"action\":\"SCMP_ACT_ERRNO\"}]}"},
        {"schema.unknown-member", "/process/cwdd=\"/\"", "/annotations={\"cwdd\":\"/\"}"},
        {"schema.newer-than-version", "/ociVersion=\"1.0.2\" ;; /process/ioPriority={\"class\":\"IOPRIO_CLASS_BE\"}",
            "/ociVersion=\"1.1.0\" ;; /process/ioPriority={\"class\":\"IOPRIO_CLASS_BE\"}"},
        {"schema.newer-than-version", "/ociVersion=\"1.0.2\" ;; /linux/seccomp={\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\"}",
            "/ociVersion=\"1.1.0\" ;; /linux/seccomp={\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\"}"},
        {"schema.newer-than-version", "/ociVersion=\"1.2.0\" ;; /linux/netDevices={\"eth1\":{}}",
            "/ociVersion=\"1.3.0\" ;; /linux/netDevices={\"eth1\":{}}"},
        {"schema.newer-than-version", "/ociVersion=\"1.0.0\" ;; +/linux/namespaces={\"type\":\"time\"}",
            "/ociVersion=\"1.1.0-rc.1\" ;; +/linux/namespaces={\"type\":\"time\"}"},
        {"oci-version.semver", "/ociVersion=\"1.0\"", "/ociVersion=\"1.0.2-dev\""},
        {"oci-version.unsupported", "/ociVersion=\"2.0.0\"", "/ociVersion=\"1.3.9\""},
        {"root.missing", "-/root", "/root={\"path\":\"rootfs\"}"},
        {"root.path.empty", "/root/path=\"\"", "/root/path=\"rootfs\""},
        {"root.path.convention", "/root/path=\"fs\"", "/root/path=\"/srv/c1/rootfs/\""},
        {"process.missing", "-/process", "-/process/env"},
        {"process.cwd.relative", "/process/cwd=\"tmp\"", "/process/cwd=\"/tmp\""},
        {"process.cwd.relative", "/process/cwd=\"\"", "/process/cwd=\"/\""},
        {"process.args.empty", "/process/args=[]", "/process/args=[\"\"]"},
        {"process.args.empty", "-/process/args", "/process/args=[\"true\"]"},
        {"env.name-nonportable", "+/process/env=\"A-B=1\"", "+/process/env=\"A_B=1\""},
        {"env.format", "+/process/env=\"NOVALUE\"", "+/process/env=\"EMPTY=\""},
        {"env.format", "/hooks={\"poststop\":[{\"path\":\"/bin/true\",\"env\":[\"=x\"]}]}",
            "/hooks={\"poststop\":[{\"path\":\"/bin/true\",\"env\":[\"X=\"]}]}"},
        {"env.digit-leading", "+/process/env=\"1A=1\"", "+/process/env=\"A1=1\""},
        {"process.rlimits.duplicate", "+/process/rlimits={\"type\":\"RLIMIT_NOFILE\",\"hard\":1,\"soft\":1}",
            "+/process/rlimits={\"type\":\"RLIMIT_NPROC\",\"hard\":1,\"soft\":1}"},
        {"process.rlimits.unknown", "/process/rlimits/0/type=\"RLIMIT_FOO\"", "/process/rlimits/0/type=\"RLIMIT_LOCKS\""},
        {"process.rlimits.soft-above-hard", "/process/rlimits/0/soft=2048", "/process/rlimits/0/soft=1024"},
        {"process.capabilities.unknown", "+/process/capabilities/bounding=\"CAP_FOO\"", "+/process/capabilities/bounding=\"CAP_BPF\""},
        {"process.capabilities.unknown", "+/process/capabilities/bounding=\"sys_admin\"", "+/process/capabilities/bounding=\"CAP_SYS_ADMIN\""},
        {"process.capabilities.effective-not-permitted", "+/process/capabilities/effective=\"CAP_CHOWN\"",
            "+/process/capabilities/effective=\"CAP_CHOWN\" ;; +/process/capabilities/permitted=\"CAP_CHOWN\""},
        {"process.capabilities.ambient-not-permitted",
            "/process/capabilities/ambient=[\"CAP_CHOWN\"] ;; /process/capabilities/inheritable=[\"CAP_CHOWN\"]",
            "/process/capabilities/ambient=[\"CAP_CHOWN\"] ;; /process/capabilities/inheritable=[\"CAP_CHOWN\"] ;; "
                + "+/process/capabilities/permitted=\"CAP_CHOWN\""},
        {"process.capabilities.ambient-not-inheritable", "/process/capabilities/ambient=[\"CAP_KILL\"]",
            "/process/capabilities/ambient=[\"CAP_KILL\"] ;; /process/capabilities/inheritable=[\"CAP_KILL\"]"},
        {"process.scheduler.invalid", "/process/scheduler={\"policy\":\"SCHED_OTHER\",\"priority\":5}",
            "/process/scheduler={\"policy\":\"SCHED_FIFO\",\"priority\":5}"},
        {"process.scheduler.invalid", "/process/scheduler={\"policy\":\"SCHED_BATCH\",\"nice\":20}",
            "/process/scheduler={\"policy\":\"SCHED_BATCH\",\"nice\":19}"},
        {"process.scheduler.invalid", "/process/scheduler={\"policy\":\"SCHED_RR\",\"runtime\":100}",
            "/process/scheduler={\"policy\":\"SCHED_DEADLINE\",\"runtime\":100}"},
        {"process.io-priority.range", "/process/ioPriority={\"class\":\"IOPRIO_CLASS_BE\",\"priority\":8}",
            "/process/ioPriority={\"class\":\"IOPRIO_CLASS_BE\",\"priority\":7}"},
        {"process.exec-cpu-affinity.invalid", "/process/execCPUAffinity={\"initial\":\"3-1\"}",
            "/process/execCPUAffinity={\"initial\":\"1-3\"}"},
        {"process.exec-cpu-affinity.invalid", "/process/execCPUAffinity={\"final\":\",\"}",
            "/process/execCPUAffinity={\"final\":\"\"}"},
        {"process.user.unmapped", USERNS + " ;; /process/user/uid=70000", USERNS + " ;; /process/user/uid=1000"},
        {"linux.namespaces.duplicate", "+/linux/namespaces={\"type\":\"pid\"}", "+/linux/namespaces={\"type\":\"cgroup\"}"},
        {"linux.namespaces.path-relative", "/linux/namespaces/1/path=\"proc/1/ns/net\"",
            "/linux/namespaces/1/path=\"/proc/1/ns/net\""},
        {"linux.user-mappings.no-user-namespace", "/linux/uidMappings=[{\"containerID\":0,\"hostID\":1000,\"size\":1}]",
            USERNS},
        {"linux.user-namespace.no-mappings", "+/linux/namespaces={\"type\":\"user\"}", USERNS},
        {"linux.user-namespace.no-root-mapping", USERNS + " ;; /linux/uidMappings/0/containerID=1", USERNS},
        {"linux.user-mappings.overlap", USERNS + " ;; +/linux/uidMappings={\"containerID\":65000,\"hostID\":300000,\"size\":1000}",
            USERNS + " ;; +/linux/uidMappings={\"containerID\":65536,\"hostID\":300000,\"size\":1000}"},
        {"linux.hostname.no-uts-namespace", NO_UTS, "/linux/namespaces=[{\"type\":\"mount\"},{\"type\":\"uts\",\"path\":\"/proc/1/ns/uts\"}]"},
        {"linux.domainname.no-uts-namespace", NO_UTS + " ;; -/hostname ;; /domainname=\"example.com\"",
            "-/hostname ;; /domainname=\"example.com\""},
        {"linux.sysctl.no-namespace", "/linux/namespaces=[{\"type\":\"mount\"},{\"type\":\"uts\"}] ;; "
            + "/linux/sysctl={\"net.ipv4.ip_forward\":\"1\"}", "/linux/sysctl={\"net.ipv4.ip_forward\":\"1\"}"},
        {"linux.sysctl.no-namespace", "/linux/namespaces=[{\"type\":\"mount\"},{\"type\":\"uts\"}] ;; "
            + "/linux/sysctl={\"fs/mqueue/msg_max\":\"1\"}", "/linux/sysctl={\"fs/mqueue/msg_max\":\"1\"}"},
        {"linux.sysctl.not-namespaced", "/linux/sysctl={\"vm.swappiness\":\"1\"}", "/linux/sysctl={\"kernel.shmmax\":\"1\"}"},
        {"linux.sysctl.hostname", "/linux/sysctl={\"kernel.hostname\":\"x\"}", "/linux/sysctl={\"kernel.domainname\":\"x\"}"},
        {"linux.time-offsets.no-time-namespace", "/linux/timeOffsets={\"monotonic\":{\"secs\":1}}",
            "/linux/timeOffsets={\"monotonic\":{\"secs\":1}} ;; +/linux/namespaces={\"type\":\"time\"}"},
        {"linux.time-offsets.with-path", "/linux/timeOffsets={\"monotonic\":{\"secs\":1}} ;; "
            + "+/linux/namespaces={\"type\":\"time\",\"path\":\"/proc/1/ns/time\"}",
            "+/linux/namespaces={\"type\":\"time\",\"path\":\"/proc/1/ns/time\"}"},
        {"linux.masked-paths.no-mount-namespace", "/linux/namespaces=[{\"type\":\"uts\"}]",
            "/linux/namespaces=[{\"type\":\"uts\"}] ;; /linux/maskedPaths=[] ;; /linux/readonlyPaths=[]"},
        {"linux.masked-paths.relative", "/linux/maskedPaths=[\"proc/kcore\"]", "/linux/maskedPaths=[\"/proc/kcore\"]"},
        {"linux.devices.invalid", "/linux/devices=[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":-1,\"minor\":1}]",
            "/linux/devices=[{\"path\":\"/dev/tty\",\"type\":\"c\",\"major\":5,\"minor\":0},{\"path\":\"/dev/u0\",\"type\":\"c\",\"major\":0,\"minor\":0}]"},
        {"linux.devices.invalid", "/linux/devices=[{\"path\":\"/dev/p\",\"type\":\"p\",\"major\":1,\"minor\":1}]",
            "/linux/devices=[{\"path\":\"/dev/p\",\"type\":\"p\"}]"},
        {"linux.devices.duplicate-path", "/linux/devices=[{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,\"minor\":229},"
            + "{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,\"minor\":228}]",
            "/linux/devices=[{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,\"minor\":229},"
            + "{\"path\":\"/dev/fuse2\",\"type\":\"c\",\"major\":10,\"minor\":228}]"},
        {"linux.devices.duplicate-number", "/linux/devices=[{\"path\":\"/dev/a\",\"type\":\"c\",\"major\":10,\"minor\":229},"
            + "{\"path\":\"/dev/b\",\"type\":\"u\",\"major\":10,\"minor\":229}]",
            "/linux/devices=[{\"path\":\"/dev/a\",\"type\":\"c\",\"major\":10,\"minor\":229},"
            + "{\"path\":\"/dev/b\",\"type\":\"b\",\"major\":10,\"minor\":229}]"},
        {"linux.resources.devices.type", "/linux/resources={\"devices\":[{\"allow\":false,\"type\":\"x\",\"access\":\"rwm\"}]}",
            "/linux/resources={\"devices\":[{\"allow\":false,\"type\":\"a\",\"access\":\"rwm\"}]}"},
        {"linux.resources.devices.access", "/linux/resources={\"devices\":[{\"allow\":false,\"access\":\"rwx\"}]}",
            "/linux/resources={\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]}"},
        {"linux.resources.devices.access", "/linux/resources={\"devices\":[{\"allow\":false}]}",
            "/linux/resources={\"devices\":[{\"allow\":false,\"access\":\"r\"}]}"},
        {"linux.resources.memory.swap-below-limit", "/linux/resources={\"memory\":{\"limit\":200,\"swap\":100}}",
            "/linux/resources={\"memory\":{\"limit\":200,\"swap\":-1}}"},
        {"linux.resources.memory.reservation-above-limit", "/linux/resources={\"memory\":{\"limit\":100,\"reservation\":200}}",
            "/linux/resources={\"memory\":{\"limit\":100,\"reservation\":50}}"},
        {"linux.resources.blockio.weight-device-empty", "/linux/resources={\"blockIO\":{\"weightDevice\":[{\"major\":8,\"minor\":0}]}}",
            "/linux/resources={\"blockIO\":{\"weightDevice\":[{\"major\":8,\"minor\":0,\"leafWeight\":10}]}}"},
        {"linux.rootfs-propagation.r-form", "/linux/rootfsPropagation=\"rshared\"", "/linux/rootfsPropagation=\"shared\""},
        {"linux.seccomp.arch-unsupported", "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_M68K\"]}",
            "/linux/seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\"]}"},
        {"linux.personality.domain-missing", "/linux/personality={\"flags\":[]}", "/linux/personality={\"domain\":\"LINUX\"}"},
        {"linux.memory-policy.nodes", "/linux/memoryPolicy={\"mode\":\"MPOL_BIND\"}",
            "/linux/memoryPolicy={\"mode\":\"MPOL_BIND\",\"nodes\":\"0\"}"},
        {"linux.memory-policy.nodes", "/linux/memoryPolicy={\"mode\":\"MPOL_LOCAL\",\"nodes\":\"0\"}",
            "/linux/memoryPolicy={\"mode\":\"MPOL_LOCAL\",\"nodes\":\"\"}"},
        {"linux.net-devices.no-network-namespace", NO_UTS + " ;; -/hostname ;; /linux/netDevices={\"eth1\":{}}",
            "/linux/netDevices={\"eth1\":{}}"},
        {"linux.net-devices.name", "/linux/netDevices={\"eth/0\":{}}", "/linux/netDevices={\"eth0\":{\"name\":\"eth1\"}}"},
        {"linux.intel-rdt.clos-id", "/linux/intelRdt={\"closID\":\"a/b\"}", "/linux/intelRdt={\"closID\":\"ab\"}"},
        {"mounts.destination.relative", "+/mounts={\"destination\":\"data\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}",
            "+/mounts={\"destination\":\"/data\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}"},
        {"mounts.destination.root", "+/mounts={\"destination\":\"/\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}",
            "+/mounts={\"destination\":\"/x\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}"},
        {"mounts.destination.in-proc", "+/mounts={\"destination\":\"/proc/sys/x\",\"type\":\"bind\",\"source\":\"/tmp\"}",
            "+/mounts={\"destination\":\"/proc/cpuinfo\",\"type\":\"bind\",\"source\":\"/tmp/cpuinfo\"}"},
        {"mounts.null-byte", "+/mounts={\"destination\":\"/a\\u0000b\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}",
            "+/mounts={\"destination\":\"/ab\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}"},
        {"mounts.bind-options", "+/mounts={\"destination\":\"/x\",\"type\":\"bind\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"mode=755\"]}",
            "+/mounts={\"destination\":\"/x\",\"type\":\"bind\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"ro\",\"nosuid\"]}"},
        {"mounts.idmap.not-bind", "+/mounts={\"destination\":\"/x\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"idmap\"]}",
            "+/mounts={\"destination\":\"/x\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nodev\"]}"},
        {"mounts.idmap.incomplete", "+/mounts={\"destination\":\"/x\",\"type\":\"bind\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"idmap\"]}",
            "+/mounts={\"destination\":\"/x\",\"type\":\"bind\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"idmap\"],"
            + "\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}],\"gidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}]}"},
        {"mounts.shadowed", "+/mounts={\"destination\":\"/a/b\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"} ;; "
            + "+/mounts={\"destination\":\"/a\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}",
            "+/mounts={\"destination\":\"/a\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"} ;; "
            + "+/mounts={\"destination\":\"/a/b\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}"},
        {"annotations.reserved", "/annotations={\"org.opencontainers.foo\":\"x\"}", "/annotations={\"org.opencontainers.image.title\":\"x\"}"},
        {"annotations.key-format", "/annotations={\"foo\":\"x\"}", "/annotations={\"com.example.foo\":\"x\"}"},
        {"hooks.path.relative", "/hooks={\"createRuntime\":[{\"path\":\"true\"}]}", "/hooks={\"createRuntime\":[{\"path\":\"/bin/true\"}]}"},
        {"path.null-byte", "/process/args=[\"/bin/s\\u0000h\"]", "/process/args=[\"/bin/sh\"]"},
        {"path.null-byte", "/process/cwd=\"/t\\u0000mp\"", "/process/cwd=\"/tmp\""},
        {"path.null-byte", "+/process/env=\"A=\\u0000\"", "+/process/env=\"A=0\""},
        {"path.null-byte", "/root/path=\"root\\u0000fs\"", "/root/path=\"rootfs\""},
        {"path.null-byte", "/hooks={\"prestart\":[{\"path\":\"/bin/\\u0000true\"}]}", "/hooks={\"prestart\":[{\"path\":\"/bin/true\"}]}"},
        {"path.null-byte", "/hooks={\"prestart\":[{\"path\":\"/bin/true\",\"args\":[\"true\",\"\\u0000\"]}]}",
            "/hooks={\"prestart\":[{\"path\":\"/bin/true\",\"args\":[\"true\",\"0\"]}]}"},
        {"path.null-byte", "/linux/namespaces/1/path=\"/proc/1/ns/\\u0000net\"", "/linux/namespaces/1/path=\"/proc/1/ns/net\""},
        {"path.null-byte", "/linux/devices=[{\"path\":\"/dev/\\u0000x\",\"type\":\"c\",\"major\":1,\"minor\":3}]",
            "/linux/devices=[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":1,\"minor\":3}]"},
        {"path.null-byte", "/linux/maskedPaths=[\"/proc/\\u0000kcore\"]", "/linux/maskedPaths=[\"/proc/kcore\"]"},
        {"path.null-byte", "/linux/sysctl={\"net.ipv4.\\u0000ip_forward\":\"1\"}", "/linux/sysctl={\"net.ipv4.ip_forward\":\"1\"}"},
    };

    static JsonNode base() {
        return resource("base.json");
    }

    static JsonNode resource(String name) {
        try (InputStream in = OciRulesTest.class.getResourceAsStream("/oci/" + name)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies the operations (see the class comment) to a copy of base.json. */
    static byte[] edit(String ops) {
        return edit(base(), ops);
    }

    /** Applies the operations to a copy of {@code base}. */
    static byte[] edit(JsonNode base, String ops) {
        JsonNode doc = base.deepCopy();
        if (!ops.isBlank()) {
            for (String op : ops.split(" ;; ")) {
                apply(doc, op.trim());
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void apply(JsonNode doc, String op) {
        char kind = op.charAt(0) == '-' || op.charAt(0) == '+' ? op.charAt(0) : '=';
        String rest = kind == '=' ? op : op.substring(1);
        int eq = rest.indexOf('=');
        String ptr = eq < 0 ? rest : rest.substring(0, eq);
        JsonNode value = null;
        if (eq >= 0) {
            try {
                value = MAPPER.readTree(rest.substring(eq + 1));
            } catch (IOException e) {
                throw new UncheckedIOException(op, e);
            }
        }
        int slash = ptr.lastIndexOf('/');
        String parentPtr = ptr.substring(0, slash);
        String last = ptr.substring(slash + 1);
        JsonNode parent = parentPtr.isEmpty() ? doc : doc.at(parentPtr);
        if (parent.isMissingNode()) {
            // create missing parent objects
            JsonNode cur = doc;
            for (String part : parentPtr.substring(1).split("/")) {
                JsonNode next = cur.get(part);
                if (next == null) {
                    next = ((ObjectNode) cur).putObject(part);
                }
                cur = next;
            }
            parent = cur;
        }
        if (kind == '-') {
            if (parent.isArray()) {
                ((ArrayNode) parent).remove(Integer.parseInt(last));
            } else {
                ((ObjectNode) parent).remove(last);
            }
        } else if (kind == '+') {
            JsonNode arr = parent.get(last);
            if (arr == null) {
                arr = ((ObjectNode) parent).putArray(last);
            }
            ((ArrayNode) arr).add(value);
        } else if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    static List<Finding> findings(byte[] config) {
        return OciValidator.validateBytes(config);
    }

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (String[] c : CASES) {
            a.add(Arguments.of(c[0], c[1], c[2]));
        }
        return a.stream();
    }

    @Test
    void baseHasNoFindings() {
        assertEquals(List.of(), findings(edit("")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void ruleFiresOnTheBadConfigOnly(String rule, String bad, String good) {
        List<Finding> b = findings(edit(bad));
        assertTrue(b.stream().anyMatch(f -> f.rule().equals(rule)), rule + " should fire on " + bad + ": " + b);
        Finding first = b.stream().filter(f -> f.rule().equals(rule)).findFirst().orElseThrow();
        assertTrue(first.line() > 0 && first.column() > 0, "position of " + first);
        List<Finding> g = findings(edit(good));
        assertFalse(g.stream().anyMatch(f -> f.rule().equals(rule)), rule + " should not fire on " + good + ": " + g);
    }

    @Test
    void everyConfigOnlyRuleHasACase() {
        Set<String> covered = new HashSet<>();
        for (String[] c : CASES) {
            covered.add(c[0]);
        }
        covered.addAll(List.of("json.syntax", "json.utf8", "json.depth", "json.duplicate-key", "json.lone-surrogate",
                "input.unreadable", "input.too-large")); // OciJsonRobustnessTest
        List<String> missing = new ArrayList<>();
        for (Rules.Rule r : Rules.all()) {
            boolean configOnly = r.layer().equals("schema") || r.layer().equals("semantics") || r.layer().equals("json")
                    || r.layer().equals("input");
            if (configOnly && !covered.contains(r.id())) {
                missing.add(r.id());
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyRuleIdUsedIsDocumented() {
        Set<String> documented = new HashSet<>();
        for (Rules.Rule r : Rules.all()) {
            assertTrue(documented.add(r.id()), "listed twice: " + r.id());
        }
        for (String[] c : CASES) {
            assertTrue(documented.contains(c[0]), "not in Rules: " + c[0]);
        }
    }

    /** Every documented rule is named in some test; every rule id the sources use is documented. */
    @Test
    void everyRuleIsTestedAndEveryUsedIdIsDocumented() throws IOException {
        java.nio.file.Path tests = java.nio.file.Path.of("src/test/java/dev/jns/core/oci");
        java.nio.file.Path main = java.nio.file.Path.of("src/main/java/dev/jns/core/oci");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(tests), "sources not found from " 
                + java.nio.file.Path.of("").toAbsolutePath());
        StringBuilder testText = new StringBuilder();
        // the validator's own package: inspect and spec (subpackages) have ids of their own
        try (Stream<java.nio.file.Path> s = java.nio.file.Files.list(tests)) {
            for (java.nio.file.Path p : s.filter(java.nio.file.Files::isRegularFile).toList()) {
                testText.append(java.nio.file.Files.readString(p));
            }
        }
        Set<String> documented = new HashSet<>();
        List<String> untested = new ArrayList<>();
        for (Rules.Rule r : Rules.all()) {
            documented.add(r.id());
            if (!testText.toString().contains("\"" + r.id() + "\"")) {
                untested.add(r.id());
            }
        }
        assertEquals(List.of(), untested, "rules no test names");
        java.util.regex.Pattern id = java.util.regex.Pattern.compile(
                "\"((?:input|json|schema|oci-version|root|process|env|linux|mounts|annotations|hooks|path|host|runtime)\\.[a-z0-9.-]+)\"");
        List<String> undocumented = new ArrayList<>();
        Set<String> used = new HashSet<>();
        try (Stream<java.nio.file.Path> s = java.nio.file.Files.list(main)) {
            for (java.nio.file.Path p : s.filter(java.nio.file.Files::isRegularFile).toList()) {
                java.util.regex.Matcher m = id.matcher(java.nio.file.Files.readString(p));
                while (m.find()) {
                    String rule = m.group(1);
                    if (!p.endsWith("Rules.java")) {
                        used.add(rule);
                    }
                    if (!documented.contains(rule) && !rule.endsWith(".") && !p.endsWith("Rules.java")) {
                        undocumented.add(p.getFileName() + ": " + rule);
                    }
                }
            }
        }
        assertEquals(List.of(), undocumented, "rule ids used but not in Rules");
        assertTrue(used.size() > 80, "the sources name only " + used.size() + " rule ids: " + used);
    }

    @Test
    void duplicateNamespaceIsReportedAtTheSecondEntryWithItsPointer() {
        byte[] cfg = "{\"ociVersion\":\"1.2.0\",\"process\":{\"cwd\":\"/\",\"args\":[\"sh\"]},\"root\":{\"path\":\"rootfs\"},\n\"linux\":{\"namespaces\":[\n  {\"type\":\"pid\"},\n  {\"type\":\"pid\"}]}}"
                .getBytes(StandardCharsets.UTF_8);
        Finding f = findings(cfg).stream().filter(x -> x.rule().equals("linux.namespaces.duplicate")).findFirst().orElseThrow();
        assertEquals("/linux/namespaces/1", f.pointer());
        assertEquals(4, f.line());
        assertEquals(3, f.column());
        assertEquals(Finding.Severity.ERROR, f.severity());
    }

    @Test
    void everyOneXVersionIsAccepted() {
        for (String v : new String[] {"1.0.0", "1.0.1", "1.0.2", "1.0.2-dev", "1.1.0", "1.1.0-rc.3", "1.2.0", "1.2.1", "1.3.0",
            "1.3.0+dev"}) {
            List<Finding> f = findings(edit("/ociVersion=\"" + v + "\""));
            assertFalse(f.stream().anyMatch(Finding::isError), v + ": " + f);
            assertFalse(f.stream().anyMatch(x -> x.rule().startsWith("oci-version")), v + ": " + f);
        }
    }
}

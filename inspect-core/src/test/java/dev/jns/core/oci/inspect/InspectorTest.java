package dev.jns.core.oci.inspect;

import static dev.jns.core.testing.ParseErrors.assertParseError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jns.core.NotFoundException;
import dev.jns.core.ParseException;
import dev.jns.core.oci.inspect.Inspection.Mode;
import dev.jns.core.oci.inspect.Inspection.Namespace;
import dev.jns.core.oci.spec.DefaultSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InspectorTest {
    private static final Path FILE = Path.of("/b/config.json");

    @TempDir
    Path tmp;

    private static Inspection inspect(String json) {
        return Inspector.inspect(FILE, ConfigReader.parse(FILE, json.getBytes(StandardCharsets.UTF_8)));
    }

    private static Namespace ns(Inspection i, String type) {
        return i.namespaces().stream().filter(n -> n.type().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void runcsDefaultSpec() {
        ObjectNode c = DefaultSpec.generate(DefaultSpec.Options.defaults());
        Inspection i = Inspector.inspect(FILE, c);
        assertEquals("1.0.2-dev", i.ociVersion());
        assertEquals(List.of("sh"), i.process().args());
        for (String t : List.of("pid", "network", "ipc", "uts", "mount")) {
            assertEquals(Mode.NEW, ns(i, t).mode(), t);
        }
        assertEquals(Mode.HOST, ns(i, "user").mode());
        assertEquals(Boolean.FALSE, i.users().rootless());
        assertEquals(List.of(), i.capabilities().beyondRuncDefault());
        assertEquals(List.of("deny all rwm"), i.devices());
        assertTrue(i.root().readonly());
        assertNull(i.security().seccomp());
        assertEquals(List.of(Risks.ROOT_NO_USERNS, Risks.SECCOMP_NONE, Risks.MAC_NONE, Risks.NO_MEMORY_LIMIT,
                Risks.NO_PIDS_LIMIT), i.riskIds());
    }

    @Test
    void rootlessSpecOfAnOrdinaryUser() {
        Inspection i = Inspector.inspect(FILE, DefaultSpec.generate(new DefaultSpec.Options(List.of("sh"), true, true, 1000, 1000)));
        assertEquals(Mode.NEW, ns(i, "user").mode());
        assertEquals(Boolean.TRUE, i.users().rootless());
        assertTrue(i.users().summary().contains("container uid 0 is host uid 1000"), i.users().summary());
        assertTrue(i.riskIds().contains(Risks.HOST_NETWORK), i.riskIds().toString());
        assertFalse(i.riskIds().contains(Risks.ROOT_NO_USERNS));
        assertFalse(i.riskIds().contains(Risks.USERNS_HOST_ROOT));
        // /sys is a read-only bind of the host's: reported, as it is a host path
        assertTrue(i.risks().stream().anyMatch(r -> r.id().equals(Risks.SENSITIVE_MOUNT)
                && r.message().contains("/sys") && r.message().contains("read-only")), i.risks().toString());
    }

    @Test
    void hostNamespacesAreExplained() {
        Inspection i = inspect("{\"ociVersion\":\"1.0.2\",\"linux\":{\"namespaces\":[{\"type\":\"mount\"},"
                + "{\"type\":\"pid\",\"path\":\"/proc/1/ns/pid\"},{\"type\":\"ipc\",\"path\":\"/run/netns/x\"}]}}");
        assertEquals("shares the host network namespace: sees and can bind every host interface",
                ns(i, "network").meaning());
        assertEquals(Mode.JOINED, ns(i, "pid").mode());
        assertEquals("/proc/1/ns/pid", ns(i, "pid").path());
        assertTrue(i.riskIds().containsAll(List.of(Risks.HOST_PID, Risks.HOST_NETWORK, Risks.HOST_UTS)), i.riskIds().toString());
        assertFalse(i.riskIds().contains(Risks.HOST_IPC), "a joined namespace that is not PID 1's is not the host's");
        assertFalse(i.riskIds().contains(Risks.HOST_MOUNT));
        assertFalse(i.riskIds().contains(Risks.ROOT_NO_USERNS), "no process: nothing runs as root");
    }

    @Test
    void capabilitiesBeyondTheDefaults() {
        Inspection i = inspect("{\"process\":{\"cwd\":\"/\",\"capabilities\":{\"bounding\":[\"CAP_KILL\",\"net_raw\","
                + "\"CAP_SYS_ADMIN\",\"CAP_SYS_PTRACE\"],\"effective\":[\"CAP_KILL\"]}}}");
        assertEquals(List.of("CAP_NET_RAW", "CAP_SYS_ADMIN", "CAP_SYS_PTRACE"), i.capabilities().beyondRuncDefault());
        assertEquals(List.of("CAP_SYS_ADMIN", "CAP_SYS_PTRACE"), i.capabilities().beyondDockerDefault());
        assertEquals(List.of("CAP_KILL"), i.capabilities().sets().get("effective"));
        List<String> ids = i.riskIds();
        assertEquals(0, ids.indexOf(Risks.PRIVILEGED), ids.toString());
        assertTrue(ids.containsAll(List.of(Risks.CAPS_SYS_ADMIN, Risks.CAPS_DANGEROUS, Risks.ROOT_NO_USERNS,
                Risks.NEW_PRIVILEGES)), ids.toString());
    }

    @Test
    void sysAdminInsideAUserNamespaceIsNotPrivilegedEquivalent() {
        Inspection i = inspect("{\"process\":{\"cwd\":\"/\",\"user\":{\"uid\":0,\"gid\":0},\"capabilities\":{\"bounding\":[\"CAP_SYS_ADMIN\"]}},"
                + "\"linux\":{\"namespaces\":[{\"type\":\"user\"}],\"uidMappings\":[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]}}");
        assertFalse(i.riskIds().contains(Risks.PRIVILEGED), i.riskIds().toString());
        assertTrue(i.riskIds().contains(Risks.CAPS_SYS_ADMIN));
        assertEquals(Boolean.TRUE, i.users().rootless());
    }

    @Test
    void limitsAndDevices() {
        Inspection i = inspect("{\"linux\":{\"resources\":{\"memory\":{\"limit\":67108864},\"pids\":{\"limit\":32},"
                + "\"cpu\":{\"quota\":50000,\"period\":100000},\"devices\":[{\"allow\":false,\"access\":\"rwm\"},"
                + "{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":3,\"access\":\"rw\"}]}}}");
        assertEquals(List.of("memory.limit=67108864", "pids.limit=32", "cpu.quota=50000", "cpu.period=100000"),
                i.limits().stream().map(l -> l.key() + "=" + l.value()).toList());
        assertEquals(List.of("deny all rwm", "allow c 1:3 rw"), i.devices());
        assertFalse(i.riskIds().contains(Risks.NO_MEMORY_LIMIT));
        assertFalse(i.riskIds().contains(Risks.NO_PIDS_LIMIT));
        assertFalse(i.riskIds().contains(Risks.DEVICES_ALLOW_ALL));
        Inspection all = inspect("{\"linux\":{\"resources\":{\"devices\":[{\"allow\":true,\"access\":\"rwm\"}],"
                + "\"unified\":{\"memory.max\":\"max\",\"pids.max\":\"100\"}}}}");
        assertTrue(all.riskIds().contains(Risks.DEVICES_ALLOW_ALL));
        assertTrue(all.riskIds().contains(Risks.NO_MEMORY_LIMIT), "memory.max 'max' is no limit");
        assertFalse(all.riskIds().contains(Risks.NO_PIDS_LIMIT));
    }

    @Test
    void sensitiveBindMounts() {
        Inspection i = inspect("{\"mounts\":[{\"destination\":\"/s\",\"type\":\"bind\",\"source\":\"/var/run/docker.sock\"},"
                + "{\"destination\":\"/h\",\"type\":\"none\",\"source\":\"//\",\"options\":[\"rbind\",\"ro\"]},"
                + "{\"destination\":\"/n\",\"type\":\"bind\",\"source\":\"/dev/null\"},"
                + "{\"destination\":\"/d\",\"type\":\"bind\",\"source\":\"/srv/data\"},"
                + "{\"destination\":\"/m\",\"type\":\"bind\",\"source\":\"/dev/mem\"},"
                + "{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"}]}");
        List<String> msgs = i.risks().stream().filter(r -> r.id().equals(Risks.SENSITIVE_MOUNT)).map(r -> r.message()).toList();
        assertEquals(List.of("bind mount of host /var/run/docker.sock at /s (read-write)",
                "bind mount of host / at /h (read-only)", "bind mount of host /dev/mem at /m (read-write)"), msgs);
        assertTrue(i.riskIds().contains(Risks.PROC_WRITABLE), "no readonlyPaths over /proc/sys");
    }

    @Test
    void hooks() {
        Inspection i = inspect("{\"hooks\":{\"poststop\":[{\"path\":\"/usr/bin/cleanup\"}],\"createContainer\":"
                + "[{\"path\":\"/bin/in\",\"args\":[\"in\",\"-x\"]}],\"prestart\":[{\"path\":\"/sbin/net\"},5],\"bogus\":7}}");
        assertEquals(List.of("prestart /sbin/net true", "createContainer /bin/in false", "poststop /usr/bin/cleanup true"),
                i.hooks().stream().map(h -> h.stage() + " " + h.path() + " " + h.onHost()).toList());
        assertEquals(List.of("in", "-x"), i.hooks().get(1).args());
        assertTrue(i.risks().stream().anyMatch(r -> r.id().equals(Risks.HOST_HOOKS)
                && r.message().endsWith(": /sbin/net, /usr/bin/cleanup")), i.risks().toString());
        assertFalse(inspect("{\"hooks\":{\"startContainer\":[{\"path\":\"/x\"}]}}").riskIds().contains(Risks.HOST_HOOKS));
    }

    /**
     * Numbers and duplicate keys, which inspect's old second tree (Jackson nodes) had its own rules
     * for, show as they did: an integer exact, uint64's maximum included; an id only when it fits
     * a long; a fraction or an exponent as a double; a number beyond any double as Infinity; the
     * last of duplicate keys, at the first one's place. (The expected values are the old output.)
     */
    @Test
    void numbersAndDuplicateKeysShowAsBefore() {
        Inspection i = inspect("{\"process\":{\"user\":{\"uid\":18446744073709551615,\"gid\":-1,\"additionalGids\":"
                + "[1,18446744073709551615,-9223372036854775808,-1000000000000000000,2.5,\"x\",-0,1e2]}},"
                + "\"linux\":{\"resources\":{\"memory\":{\"limit\":1,\"swap\":1.5e3,\"limit\":18446744073709551615,"
                + "\"kernel\":1E400,\"kernelTCP\":-0,\"swappiness\":0.0},\"cpu\":{\"quota\":-9223372036854775808,"
                + "\"period\":-1000000000000000000,\"realtimePeriod\":9223372036854775808,\"idle\":2147483648},"
                + "\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":18446744073709551615},{\"limit\":1e20}],"
                + "\"rdma\":{\"m\":{\"deep\":{\"deeper\":{\"x\":[1,{\"y\":1e400}]}}}},"
                + "\"unified\":{\"weird\":[1.0,\"\\u0001\\n\\\"\\u00e9\\ud800\",-1e-7,123456789012345678901234567890]},"
                + "\"BIG\":" + "9".repeat(1001) + ",\"NEG\":-" + "9".repeat(1001) + ",\"EXP\":1e-400,\"E2\":123e5,"
                + "\"list\":[1e400,-1e400,true,null,{}],\"a.b\":1,\"a\":{\"b\":2},"
                + "\"devices\":[{\"allow\":true,\"type\":\"c\",\"major\":18446744073709551615,\"minor\":-1},\"s\",5,[1,2.0]]},"
                + "\"uidMappings\":[{\"containerID\":0,\"hostID\":18446744073709551615,\"size\":1},"
                + "{\"containerID\":0,\"hostID\":1000,\"size\":65536}],\"namespaces\":[{\"type\":\"user\"}]}}");
        assertNull(i.process().uid(), "uint64's maximum is no uid");
        assertEquals(-1L, i.process().gid());
        assertEquals(List.of(1L, Long.MIN_VALUE, -1000000000000000000L, 0L), i.process().additionalGids());
        assertEquals(List.of("memory.limit=18446744073709551615", "memory.swap=1500.0", "memory.kernel=Infinity",
                "memory.kernelTCP=0", "memory.swappiness=0.0", "cpu.quota=-9223372036854775808",
                "cpu.period=-1000000000000000000", "cpu.realtimePeriod=9223372036854775808", "cpu.idle=2147483648",
                "hugepageLimits=[{\"pageSize\":\"2MB\",\"limit\":18446744073709551615},{\"limit\":1.0E20}]",
                "rdma.m.deep.deeper={\"x\":[1,{\"y\":\"Infinity\"}]}",
                "unified.weird=[1.0,\"\\u0001\\n\\\"\u00e9\ufffd\",-1.0E-7,123456789012345678901234567890]",
                "BIG=Infinity", "NEG=-Infinity", "EXP=0.0", "E2=1.23E7", "list=[\"Infinity\",\"-Infinity\",true,null,{}]",
                "a.b=1", "a.b=2"), i.limits().stream().map(l -> l.key() + "=" + l.value()).toList());
        assertEquals(List.of("allow c *:-1 rwm", "unknown rule \"s\"", "unknown rule 5", "unknown rule [1,2.0]"), i.devices());
        assertEquals("[0->1000 (65536)]", i.users().uidMappings().toString(), "a mapping to uint64's maximum is skipped");
        Inspection dup = inspect("{\"ociVersion\":\"1.0.0\",\"hostname\":\"h\",\"ociVersion\":\"1.1.0\",\"process\":{\"args\":[\"a\"],"
                + "\"args\":[\"b\",\"c\"],\"capabilities\":{\"bounding\":[\"CAP_KILL\"],\"effective\":[],\"bounding\":[\"CAP_SYS_ADMIN\"]}},"
                + "\"linux\":{\"resources\":{\"memory\":{\"limit\":1,\"swap\":2,\"limit\":3},\"pids\":{\"limit\":10},"
                + "\"memory\":{\"limit\":4096}}}}");
        assertEquals("1.1.0", dup.ociVersion());
        assertEquals(List.of("b", "c"), dup.process().args());
        assertEquals(List.of("bounding", "effective"), List.copyOf(dup.capabilities().sets().keySet()));
        assertEquals(List.of("CAP_SYS_ADMIN"), dup.capabilities().sets().get("bounding"));
        assertEquals(List.of("memory.limit=4096", "pids.limit=10"),
                dup.limits().stream().map(l -> l.key() + "=" + l.value()).toList());
    }

    @Test
    void aTreeBuiltInMemoryInspectsAsItsText() {
        ObjectNode c = DefaultSpec.generate(DefaultSpec.Options.defaults());
        assertEquals(inspect(DefaultSpec.toJson(c)), Inspector.inspect(FILE, c));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"ociVersion\":3,\"process\":\"x\",\"root\":[],\"mounts\":{},\"linux\":{\"namespaces\":\"pid\","
            + "\"resources\":[1],\"uidMappings\":{},\"seccomp\":5}}",
        "{\"process\":{\"args\":[1,\"a\",null],\"user\":{\"uid\":\"0\",\"additionalGids\":[\"x\",2]},\"capabilities\":{\"bounding\":\"CAP_KILL\"},"
            + "\"env\":{}},\"mounts\":[1,null,{\"options\":\"ro\"}],\"linux\":{\"namespaces\":[1,{\"type\":5},{\"type\":\"pid\",\"path\":7},"
            + "{\"type\":\"weird\"}],\"resources\":{\"devices\":[\"x\",{}]},\"uidMappings\":[{\"containerID\":\"0\"}]}}",
        "{\"linux\":null,\"process\":null,\"hostname\":null,\"mounts\":null,\"hooks\":[]}",
        "{\"hooks\":{\"prestart\":{},\"poststop\":[{\"path\":1,\"args\":\"x\"}]}}"})
    void oddShapesAreSkippedNotThrown(String json) {
        Inspection i = inspect(json);
        assertEquals(8, i.namespaces().stream().filter(n -> Inspector.NAMESPACE_TYPES.contains(n.type())).count());
        assertFalse(i.risks().isEmpty());
    }

    @Test
    void oddShapesSayUnknown() {
        Inspection i = inspect("{\"ociVersion\":3,\"linux\":{\"namespaces\":\"pid\"}}");
        assertNull(i.ociVersion());
        assertTrue(i.namespaces().stream().allMatch(n -> n.mode() == Mode.UNKNOWN));
        assertNull(i.users().rootless());
        Inspection w = inspect("{\"linux\":{\"namespaces\":[{\"type\":\"weird\"},{\"type\":\"pid\"},{\"type\":\"pid\",\"path\":\"/x\"}]}}");
        assertEquals("weird", w.namespaces().get(w.namespaces().size() - 1).type());
        assertEquals(Mode.NEW, ns(w, "pid").mode(), "the first entry of a duplicated type counts");
    }

    @Test
    void readsABundleOrItsConfig() throws Exception {
        Files.writeString(tmp.resolve("config.json"), "{\"ociVersion\":\"1.0.0\"}");
        assertEquals("1.0.0", Inspector.inspect(tmp).ociVersion());
        assertEquals(tmp.resolve("config.json"), Inspector.inspect(tmp).file());
        assertEquals("1.0.0", Inspector.inspect(tmp.resolve("config.json")).ociVersion());
    }

    @Test
    void errorsNameTheFile() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        NotFoundException e = assertThrows(NotFoundException.class, () -> Inspector.inspect(empty));
        assertEquals("no config.json in bundle " + empty, e.getMessage());
        Path none = tmp.resolve("none.json");
        assertEquals("no such file or bundle: " + none,
                assertThrows(NotFoundException.class, () -> Inspector.inspect(none)).getMessage());
        Path bad = tmp.resolve("bad.json");
        // not JSON: validate's finding (the same reader), at its line and column
        Files.writeString(bad, "{\n  \"ociVersion\": \"1.0.0\",\n  ]\n}");
        assertJsonError(bad, 3, ":3:3: error[json.syntax]: expected a member name in double quotes, found character ']'");
        Files.writeString(bad, "[1, 2]");
        assertParseError(bad, 0, () -> Inspector.inspect(bad));
        Files.writeString(bad, "");
        assertJsonError(bad, 1, ":1:1: error[json.syntax]: the file is empty");
        Files.writeString(bad, "{} {}");
        assertJsonError(bad, 1, ":1:4: error[json.syntax]: unexpected character '{' after the end of the document");
        Files.writeString(bad, "{\"a\": hello}");
        assertJsonError(bad, 1, ":1:7: error[json.syntax]: expected a value for member \"a\", found character 'h'");
    }

    private static void assertJsonError(Path file, int line, String message) {
        ParseException e = assertThrows(ParseException.class, () -> Inspector.inspect(file));
        assertEquals(line, e.line());
        assertEquals(file + message, e.getMessage());
    }
}

package dev.jns.core.proc;

import static dev.jns.core.testing.ParseErrors.assertParseError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcCgroupTest {
    private static final Path PATH = Path.of("/proc/2701/cgroup");

    @Test
    void parsesHybridLines() {
        List<ProcCgroup> l = ProcCgroup.parse("""
                9:freezer:/
                6:pids:/user.slice/user-1000.slice/session-2.scope
                2:cpu,cpuacct:/user.slice
                1:name=systemd:/user.slice/user-1000.slice/session-2.scope
                0::/user.slice/user-1000.slice/session-2.scope
                """, PATH);

        assertEquals(List.of(
                new ProcCgroup(9, List.of("freezer"), "/"),
                new ProcCgroup(6, List.of("pids"), "/user.slice/user-1000.slice/session-2.scope"),
                new ProcCgroup(2, List.of("cpu", "cpuacct"), "/user.slice"),
                new ProcCgroup(1, List.of("name=systemd"), "/user.slice/user-1000.slice/session-2.scope"),
                new ProcCgroup(0, List.of(), "/user.slice/user-1000.slice/session-2.scope")), l);
        assertFalse(l.get(2).unified());
        assertFalse(l.get(3).unified());
        assertTrue(l.get(4).unified());
    }

    @Test
    void pureV2IsOneLine() {
        List<ProcCgroup> l = ProcCgroup.parse("0::/\n", PATH);

        assertEquals(List.of(new ProcCgroup(0, List.of(), "/")), l);
        assertTrue(l.get(0).unified());
    }

    @Test
    void pathMayContainColons() {
        // e.g. a Kubernetes pod cgroup made by the cgroupfs driver, or any name with ':' in it
        List<ProcCgroup> l = ProcCgroup.parse("""
                4:memory:/kubepods/pod:a:b
                0::/system.slice/docker-abc.scope/x:y::z
                """, PATH);

        assertEquals("/kubepods/pod:a:b", l.get(0).path());
        assertEquals("/system.slice/docker-abc.scope/x:y::z", l.get(1).path());
        assertEquals(List.of(), l.get(1).controllers());
    }

    @Test
    void v1HierarchyWithoutControllersOtherThanANameIsNotUnified() {
        // hierarchy id 0 is only ever the cgroup2 one; a named v1 hierarchy has a non-zero id
        assertFalse(ProcCgroup.parse("12:name=jns:/\n", PATH).get(0).unified());
    }

    @Test
    void emptyFileIsNoHierarchy() {
        // a process that has exited can read back as empty
        assertEquals(List.of(), ProcCgroup.parse("", PATH));
    }

    @ParameterizedTest(name = "[{index}] line {1} of \"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "x:cpu:/|1",
        "cpu:/|1",
        "0:/|1",
        ":cpu:/|1",
        "/|1",
        "1.5:cpu:/|1",
        "99999999999:cpu:/|1",
        "0::/\\nbad|2",
        "9:freezer:/\\n\\nfour:pids:/|3",
    })
    void malformedLineIsAnErrorNamingFileAndLine(String content, int line) {
        String text = content.replace("\\n", "\n");
        assertParseError(PATH, line, () -> ProcCgroup.parse(text, PATH));
    }
}

package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code -M NAME}: a machine's cgroup from machined's state file, as systemd-cgtop finds it, or
 * from the scope machined would have made; on the pure v2 fixture with a machine added.
 */
class MachineCgroupTest {
    @TempDir
    Path tmp;

    /** The v2 fixture with cgroup {@code path} made (empty: a cgroup directory is enough to exist). */
    private Path fixtureWith(String... paths) throws IOException {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V2, tmp);
        for (String p : paths) {
            Files.createDirectories(root.resolve("sys/fs/cgroup" + p));
        }
        return root;
    }

    private static void state(Path root, String name, String content) throws IOException {
        Path dir = root.resolve(MachineCgroup.STATE_DIR);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), content);
    }

    @Test
    void theStateFilesScopeUnderMachineSlice() throws IOException {
        Path root = fixtureWith("/machine.slice/machine-web.scope", "/machine.slice/machine-other.scope");
        state(root, "web", "# This is private data. Do not parse.\nNAME=web\nSCOPE=machine-web.scope\nCLASS=container\nLEADER=4711\n");
        assertEquals("/machine.slice/machine-web.scope", MachineCgroup.of(CgroupFixtures.open(root), root, "web"));
    }

    @Test
    void aScopeInAnotherSliceIsFoundInTheTree() throws IOException {
        // systemd-nspawn --slice=system.slice --keep-unit: the scope is elsewhere, the state file says which
        Path root = fixtureWith("/system.slice/vm-web.scope");
        state(root, "web", "NAME=web\nSCOPE=vm-web.scope\n");
        assertEquals("/system.slice/vm-web.scope", MachineCgroup.of(CgroupFixtures.open(root), root, "web"));
    }

    @Test
    void withoutMachinedTheUsualScopeIsTaken() throws IOException {
        Path root = fixtureWith("/machine.slice/machine-my\\x2dvm.scope");
        assertEquals("/machine.slice/machine-my\\x2dvm.scope", MachineCgroup.of(CgroupFixtures.open(root), root, "my-vm"));
    }

    @Test
    void noSuchMachineNamesWhatWasLookedFor() throws IOException {
        Path root = fixtureWith();
        NotFoundException e = assertThrows(NotFoundException.class, () -> MachineCgroup.of(CgroupFixtures.open(root), root, "web"));
        assertTrue(e.getMessage().startsWith("no such machine: web (no "), e.getMessage());
        assertTrue(e.getMessage().contains("run/systemd/machines/web: is systemd-machined running?"), e.getMessage());
        assertTrue(e.getMessage().endsWith("and no cgroup /machine.slice/machine-web.scope)"), e.getMessage());
    }

    @Test
    void aMachineWhoseScopeHasNoCgroup() throws IOException {
        Path root = fixtureWith();
        state(root, "web", "SCOPE=machine-web.scope\n");
        NotFoundException e = assertThrows(NotFoundException.class, () -> MachineCgroup.of(CgroupFixtures.open(root), root, "web"));
        assertEquals("machine web: no cgroup of its scope machine-web.scope", e.getMessage());
        state(root, "bad", "SCOPE=../../etc\n");
        assertThrows(NotFoundException.class, () -> MachineCgroup.of(CgroupFixtures.open(root), root, "bad"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", "a/b", "a..b", "x y", "a\u001b]0;x", "unit:machine-x.scope",
        "12345678901234567890123456789012345678901234567890123456789012345"})
    void invalidNamesAreRefusedBeforeAnyFileIsRead(String name) {
        assertFalse(MachineCgroup.validName(name), name);
        assertThrows(IllegalArgumentException.class, () -> MachineCgroup.of(null, tmp, name));
    }

    @ParameterizedTest
    @CsvSource({"web, machine-web.scope", "my-vm, machine-my\\x2dvm.scope", "qemu-1-vm, machine-qemu\\x2d1\\x2dvm.scope",
        "a.b_c, machine-a.b_c.scope"})
    void scopeNamesAreEscapedAsSystemdUnitNames(String name, String scope) {
        assertEquals(scope, MachineCgroup.scopeName(name));
    }
}

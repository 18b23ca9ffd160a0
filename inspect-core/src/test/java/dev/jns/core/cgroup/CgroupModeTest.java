package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jns.core.proc.MountInfo;
import dev.jns.core.proc.ProcFs;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mode of a mount table alone (what {@code jns oci validate} reads), and that it is the layout's. */
class CgroupModeTest {
    private static final String TMPFS = "31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n";
    private static final String V1 = "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n";
    private static final String V2_UNIFIED = "33 31 0:30 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n";
    private static final String V2_ROOT = "31 23 0:28 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";

    @TempDir
    Path tmp;

    private static Optional<CgroupMode> of(String mountinfo) {
        return CgroupMode.of(MountInfo.parse(mountinfo, Path.of("mountinfo")));
    }

    @Test
    void fromTheMountTable() {
        assertEquals(Optional.of(CgroupMode.HYBRID), of(TMPFS + V1 + V2_UNIFIED));
        assertEquals(Optional.of(CgroupMode.V2), of(V2_ROOT));
        assertEquals(Optional.of(CgroupMode.V2), of(TMPFS + V2_UNIFIED), "cgroup2 elsewhere, no v1: still v2");
        assertEquals(Optional.of(CgroupMode.V1), of(TMPFS + V1));
        assertEquals(Optional.empty(), of(TMPFS));
        assertEquals(Optional.empty(), of(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {CgroupFixtures.V2, CgroupFixtures.V1, CgroupFixtures.HYBRID})
    void isTheLayoutsMode(String fixture) {
        Path root = CgroupFixtures.unpack(fixture, tmp);
        ProcFs proc = new ProcFs(root.resolve("proc"));
        var mounts = proc.mountinfo(proc.selfPid().orElseThrow());
        assertEquals(Optional.of(CgroupLayout.detect(mounts, root).mode()), CgroupMode.of(mounts));
        assertEquals(fixture, CgroupMode.of(mounts).orElseThrow().label());
    }

    @ParameterizedTest
    @CsvSource({"V1,v1", "V2,v2", "HYBRID,hybrid"})
    void labels(CgroupMode mode, String label) {
        assertEquals(label, mode.label());
    }
}

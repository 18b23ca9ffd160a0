package dev.jns.core.cgroup;

import dev.jns.core.proc.ProcFs;
import dev.jns.core.testing.ProcFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The cgroup fixtures (fixtures/cgroup-*.txt, see fixtures/README.md), unpacked and opened. */
final class CgroupFixtures {
    static final String V2 = "v2";
    static final String V1 = "v1";
    static final String HYBRID = "hybrid";

    private CgroupFixtures() {}

    /** Unpacks fixtures/cgroup-NAME.txt into {@code dir}; returns the fixture root (the sys root). */
    static Path unpack(String name, Path dir) {
        return ProcFixture.unpack("fixtures/cgroup-" + name + ".txt", dir);
    }

    /** The CgroupFs of an unpacked fixture, found as on a live host: from proc/self/mountinfo. */
    static CgroupFs open(Path root) {
        return CgroupFs.detect(new ProcFs(root.resolve("proc")), root);
    }

    /** Replaces a fixture file's content (relative to the fixture root). */
    static void write(Path root, String file, String content) {
        try {
            Files.writeString(root.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

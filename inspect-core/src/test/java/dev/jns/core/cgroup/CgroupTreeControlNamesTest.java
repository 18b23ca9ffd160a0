package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CgroupFs#tree}: control files are not cgroups, but a cgroup may be named like one. */
class CgroupTreeControlNamesTest {

    @TempDir
    Path root;

    @Test
    void directoriesNamedLikeControlFilesAreCgroupsAndFilesAreNot() throws IOException {
        for (String f : List.of("cgroup.procs", "cpu.stat", "memory.current", "tasks", "notes")) {
            Files.writeString(root.resolve(f), "0\n");
        }
        Files.createDirectories(root.resolve("a/io.b"));
        Files.createDirectories(root.resolve("cpu.x"));
        Files.createDirectories(root.resolve("tasks.d"));
        Files.writeString(root.resolve("a/cpu.stat"), "usage_usec 0\n");
        CgroupFs fs = new CgroupFs(new CgroupLayout(CgroupMode.V2,
                List.of(new Hierarchy(Hierarchy.Version.V2, Set.of(), "", root, "/"))));

        assertEquals(List.of("/", "/a", "/a/io.b", "/cpu.x", "/tasks.d"), fs.tree("/", -1));
        assertEquals(List.of("/", "/a", "/cpu.x", "/tasks.d"), fs.tree("/", 1));
        assertEquals(List.of("/a", "/a/io.b"), fs.tree("/a", -1));
    }
}

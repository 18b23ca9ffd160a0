package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupSamplerTest {
    @TempDir
    Path tmp;

    private static final CgroupTable.Settings BY_PATH =
            CgroupTable.Settings.of(CgroupTable.Order.PATH, CgroupTable.Count.TASKS, 9, CgroupTable.Option.RECURSIVE);

    @Test
    void theFirstTakeHasFiguresButNoRatesTheNextPairsWithIt() {
        Path root = CgroupFixtures.unpack(CgroupFixtures.V2, tmp);
        CgroupSampler sampler = new CgroupSampler(CgroupFixtures.open(root), "/",
                EnumSet.of(Figure.TASKS, Figure.CPU, Figure.IO));

        CgroupSampler.Interval first = sampler.take();
        assertSame(first.previous(), first.current());
        assertEquals(0.0, first.seconds());
        CgroupTable.Row r = row(first.rows(BY_PATH, 0), "/system.slice/docker-abc.scope");
        assertEquals(OptionalLong.of(6), r.count());
        assertEquals(OptionalDouble.empty(), r.rates().cpuPercent(), "no rate from one snapshot");

        // 0.5 s of CPU more: a rate, from the first snapshot to the second
        CgroupFixtures.write(root, "sys/fs/cgroup/system.slice/docker-abc.scope/cpu.stat",
                "usage_usec 84711093\nuser_usec 60123456\nsystem_usec 24087637\nnr_periods 51234\n"
                        + "nr_throttled 1290\nthrottled_usec 9876543\n");
        CgroupSampler.Interval second = sampler.take();
        assertSame(first.current(), second.previous());
        assertTrue(second.seconds() > 0);
        OptionalDouble cpu = row(second.rows(BY_PATH, 0), "/system.slice/docker-abc.scope").rates().cpuPercent();
        assertTrue(cpu.isPresent() && cpu.getAsDouble() > 0, "cpu " + cpu);

        CgroupSampler.Interval third = sampler.take();
        assertSame(second.current(), third.previous());
        assertEquals(OptionalDouble.of(0.0), row(third.rows(BY_PATH, 0), "/system.slice/docker-abc.scope").rates()
                .cpuPercent(), "nothing used since");
    }

    @Test
    void onlyTheFiguresAskedForAreRead() {
        CgroupSampler sampler = new CgroupSampler(CgroupFixtures.open(CgroupFixtures.unpack(CgroupFixtures.V2, tmp)),
                "/system.slice", EnumSet.of(Figure.MEMORY));
        CgroupStats s = sampler.take().current().get("/system.slice/docker-abc.scope").orElseThrow();
        assertTrue(s.memory().current().isPresent());
        assertEquals(OptionalLong.empty(), s.cpu().usageNs());
        assertEquals(List.of("/system.slice", "/system.slice/docker-abc.scope", "/system.slice/ssh.service"),
                sampler.take().current().paths());
    }

    private static CgroupTable.Row row(List<CgroupTable.Row> rows, String path) {
        return rows.stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    }
}

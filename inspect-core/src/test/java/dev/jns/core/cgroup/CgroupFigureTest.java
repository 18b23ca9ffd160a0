package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The named figures: what {@code jns cg show} prints and an exporter iterates. */
class CgroupFigureTest {
    @TempDir
    Path tmp;

    private CgroupFs open(String layout) {
        return CgroupFixtures.open(CgroupFixtures.unpack(layout, tmp.resolve(layout)));
    }

    @Test
    void keysAreUniqueAndNamedLikeV2Files() {
        Set<String> keys = new HashSet<>();
        for (CgroupFigure f : CgroupFigure.values()) {
            assertTrue(keys.add(f.key()), "twice: " + f.key());
            assertTrue(f.key().matches("(cgroup|cpu|memory|io|pids)\\.[a-z0-9_.]+"), f.key());
        }
        assertEquals("cgroup.procs", CgroupFigure.values()[0].key(), "cg show's order");
        assertEquals("io.pressure.full.avg10", CgroupFigure.values()[CgroupFigure.values().length - 1].key());
    }

    @Test
    void namedFindsKeysAndV1NamesWhateverTheCase() {
        assertEquals(Optional.of(CgroupFigure.MEMORY_MAX), CgroupFigure.named("memory.max"));
        assertEquals(Optional.of(CgroupFigure.MEMORY_MAX), CgroupFigure.named("MEMORY.LIMIT_IN_BYTES"));
        assertEquals(Optional.of(CgroupFigure.THREADS), CgroupFigure.named("tasks"));
        assertEquals(Optional.of(CgroupFigure.CPU_MAX_QUOTA), CgroupFigure.named("cpu.cfs_quota_us"));
        assertEquals(Optional.of(CgroupFigure.CPU_USAGE), CgroupFigure.named("cpuacct.usage"));
        assertEquals(Optional.empty(), CgroupFigure.named("memory.nope"));
        for (CgroupFigure f : CgroupFigure.values()) {
            assertEquals(Optional.of(f), CgroupFigure.named(f.key()));
            for (String v1 : f.v1Names()) {
                assertEquals(Optional.of(f), CgroupFigure.named(v1));
            }
        }
    }

    @Test
    void valuesAreTypedInTheirUnits() {
        CgroupStats s = open(CgroupFixtures.V2).read("/system.slice/docker-abc.scope");
        CgroupFigure.Value max = CgroupFigure.MEMORY_MAX.read(s).orElseThrow();
        assertEquals(CgroupFigure.Value.Kind.WHOLE, max.kind());
        assertEquals(1073741824L, max.whole());
        assertEquals(CgroupFigure.Unit.BYTES, CgroupFigure.MEMORY_MAX.unit());
        assertEquals("max", CgroupFigure.MEMORY_HIGH.read(s).orElseThrow().text());
        assertEquals(OptionalDouble.empty(), CgroupFigure.MEMORY_HIGH.read(s).orElseThrow().number());
        CgroupFigure.Value cpus = CgroupFigure.CPU_MAX_CPUS.read(s).orElseThrow();
        assertEquals(CgroupFigure.Value.Kind.DECIMAL, cpus.kind());
        assertEquals(1.5, cpus.decimal(), 1e-9);
        assertEquals("1.50", cpus.text());
        assertEquals("150000 100000", CgroupFigure.CPU_MAX.text(s).orElseThrow());
        assertEquals(CgroupFigure.Value.Kind.TEXT, CgroupFigure.CPU_MAX.read(s).orElseThrow().kind());
        // an exporter's seconds: usage_ns × the unit's scale
        double seconds = CgroupFigure.CPU_USAGE.read(s).orElseThrow().number().getAsDouble()
                * CgroupFigure.CPU_USAGE.unit().scale();
        assertEquals(84.211093, seconds, 1e-9);
        assertEquals(95.61423, CgroupFigure.CPU_SOME_TOTAL.read(s).orElseThrow().whole()
                * CgroupFigure.CPU_SOME_TOTAL.unit().scale(), 1e-9);
        assertEquals("18.52", CgroupFigure.CPU_SOME_AVG10.text(s).orElseThrow());
    }

    @Test
    void noQuotaIsMinusOneAsV1SaysAndNoLimitOfCpusIsMax() {
        CgroupStats root = open(CgroupFixtures.HYBRID).read("/");
        assertEquals("-1", CgroupFigure.CPU_MAX_QUOTA.text(root).orElseThrow());
        assertEquals(CgroupFigure.Value.Kind.UNLIMITED, CgroupFigure.CPU_MAX_QUOTA.read(root).orElseThrow().kind());
        assertEquals("max", CgroupFigure.CPU_MAX_CPUS.text(root).orElseThrow());
    }

    @Test
    void aFigureTheLayoutDoesNotHaveIsEmpty() {
        CgroupStats v1 = open(CgroupFixtures.V1).read("/");
        assertEquals(Optional.empty(), CgroupFigure.MEMORY_HIGH.read(v1), "memory.high exists on v2 only");
        assertEquals(Optional.empty(), CgroupFigure.IO_SOME_AVG10.read(v1), "no PSI on v1");
    }

    /**
     * Reading only a figure's {@link CgroupFigure#group()} gives its value, as reading every
     * group does: an exporter may ask for just what it exports.
     */
    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2", "hybrid"})
    void eachFigureIsReadByItsGroup(String layout) {
        CgroupFs fs = open(layout);
        int compared = 0;
        for (String path : fs.tree("/", -1)) {
            CgroupStats all = fs.read(path);
            for (CgroupFigure f : CgroupFigure.values()) {
                CgroupStats some = fs.read(path, EnumSet.of(f.group()));
                assertEquals(f.read(all), f.read(some), layout + " " + path + " " + f.key());
                compared += f.read(all).isPresent() ? 1 : 0;
            }
        }
        assertTrue(compared > 50, "compared " + compared + " values");
        assertEquals(Figure.all(), CgroupFigure.groups(List.of(CgroupFigure.values())),
                "every group names some figure");
    }
}

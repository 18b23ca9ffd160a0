package dev.jns.tui;

import dev.jns.core.cgroup.CgroupRates;
import dev.jns.core.cgroup.CgroupStats;
import dev.jns.core.cgroup.CgroupTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Rows for tests: a path, its task count, CPU percent and memory. */
final class Rows {
    private Rows() {}

    static CgroupTable.Row row(String path, long tasks, double cpu, long memory) {
        int depth = path.equals("/") ? 0 : (int) path.chars().filter(c -> c == '/').count();
        CgroupStats.Cpu noCpu = new CgroupStats.Cpu(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
        CgroupStats.Memory mem = new CgroupStats.Memory(OptionalLong.of(memory), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty(), Optional.empty());
        CgroupStats s = new CgroupStats(path, OptionalLong.of(1), "unified", OptionalLong.of(tasks), OptionalLong.of(tasks),
                noCpu, mem, Optional.empty(), new CgroupStats.Pids(OptionalLong.empty(), Optional.empty()),
                new CgroupStats.Psi(Optional.empty(), Optional.empty(), Optional.empty()));
        CgroupRates rates = new CgroupRates(OptionalDouble.of(cpu), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
        return new CgroupTable.Row(path, depth, s, rates, OptionalLong.of(tasks));
    }

    /** A small tree: /, /system.slice (2 children), /user.slice (1 child). */
    static List<CgroupTable.Row> tree() {
        List<CgroupTable.Row> r = new ArrayList<>();
        r.add(row("/", 120, 35.0, 2L << 30));
        r.add(row("/system.slice", 80, 30.0, 1L << 30));
        r.add(row("/system.slice/docker-abc.scope", 6, 25.5, 396L << 20));
        r.add(row("/system.slice/ssh.service", 1, 0.1, 6L << 20));
        r.add(row("/user.slice", 14, 4.0, 256L << 20));
        r.add(row("/user.slice/user-1000.slice", 14, 4.0, 252L << 20));
        return r;
    }
}

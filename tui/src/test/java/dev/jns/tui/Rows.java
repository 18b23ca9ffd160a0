package dev.jns.tui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Rows for tests: cgroups with tasks, CPU percent and memory; processes with a cgroup. */
final class Rows {
    private Rows() {}

    static final List<Column> CGROUP_COLUMNS = List.of(Column.name("Control Group", 'p'), Column.figure("Tasks", 6, 't'),
            Column.figure("%CPU", 6, 'c'), Column.figure("Memory", 7, 'm'));
    static final List<Column> PROCESS_COLUMNS = List.of(Column.figure("PID", 7, 'n'), Column.figure("%CPU", 5, 'c'),
            Column.text("CGROUP", 18, 'g'), Column.name("COMMAND", 'p'));

    static Row row(String path, long tasks, double cpu, long memory) {
        String parent = path.equals("/") ? "" : path.lastIndexOf('/') == 0 ? "/" : path.substring(0, path.lastIndexOf('/'));
        return new Row(path, parent, List.of(path, Long.toString(tasks), Double.toString(cpu), (memory >> 20) + "M"),
                Arrays.asList(path, tasks, cpu, memory), List.of(),
                path.equals("/") ? "" : path.substring(path.lastIndexOf('/') + 1));
    }

    /** A small tree: /, /system.slice (2 children), /user.slice (1 child). */
    static List<Row> tree() {
        List<Row> r = new ArrayList<>();
        r.add(row("/", 120, 35.0, 2L << 30));
        r.add(row("/system.slice", 80, 30.0, 1L << 30));
        r.add(row("/system.slice/docker-abc.scope", 6, 25.5, 396L << 20));
        r.add(row("/system.slice/ssh.service", 1, 0.1, 6L << 20));
        r.add(row("/user.slice", 14, 4.0, 256L << 20));
        r.add(row("/user.slice/user-1000.slice", 14, 4.0, 252L << 20));
        return r;
    }

    static Row process(int pid, int ppid, double cpu, String cgroup, String command, String... namespaces) {
        List<String> groups = new ArrayList<>();
        groups.add(cgroup);
        groups.addAll(Arrays.asList(namespaces));
        return new Row(Integer.toString(pid), Integer.toString(ppid),
                List.of(Integer.toString(pid), Double.toString(cpu), cgroup, command),
                Arrays.asList((long) pid, cpu, cgroup, command), groups, "");
    }

    /** init, sshd and its shell, a container's two processes. */
    static List<Row> processes() {
        return List.of(process(1, 0, 0.1, "/init.scope", "/sbin/init", "net:[1]"),
                process(300, 1, 0.0, "/system.slice/ssh.service", "sshd", "net:[1]"),
                process(400, 300, 2.0, "/user.slice/user-1000.slice", "-bash", "net:[1]"),
                process(500, 1, 40.0, "/system.slice/docker-abc.scope", "nginx", "net:[2]"),
                process(501, 500, 12.5, "/system.slice/docker-abc.scope", "nginx: worker", "net:[2]"));
    }

    static Row namespace(String key, String owner, long procs) {
        return new Row(key, owner, List.of(key, Long.toString(procs)), Arrays.asList(key, procs), List.of(), "");
    }

    /** The three views with the test rows: cgroups sorted by CPU in a tree, processes by CPU, namespaces. */
    static TopState top(ViewId first) {
        Map<ViewId, ListState> lists = new java.util.EnumMap<>(ViewId.class);
        lists.put(ViewId.CGROUPS, ListState.of(CGROUP_COLUMNS, 2, true).withRows(tree()));
        lists.put(ViewId.PROCESSES, ListState.of(PROCESS_COLUMNS, 1, false).withRows(processes()));
        lists.put(ViewId.NAMESPACES, ListState.of(List.of(Column.text("NS", 16, 'n'), Column.figure("NPROCS", 6, 't')),
                0, false).withRows(List.of(namespace("net:[1]", "user:[9]", 3), namespace("net:[2]", "user:[9]", 2),
                namespace("user:[9]", "", 5))));
        return TopState.initial(first, lists, 1000);
    }
}

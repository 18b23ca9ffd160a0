package dev.jns.core.ns;

import dev.jns.core.proc.ProcessInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The namespaces of a host at one moment. Immutable.
 *
 * @param namespaces          every namespace found, ordered by inode (as lsns sorts them)
 * @param processes           details of the processes that represent a namespace (its lowest pid),
 *                            by pid; a process that exited before its details were read is absent
 * @param unreadablePids      processes whose namespace links the kernel refused to show, ascending
 * @param problems            what could not be found out, and why (for {@code --debug})
 */
public record NamespaceSnapshot(List<Namespace> namespaces, Map<Integer, ProcessInfo> processes,
                                List<Integer> unreadablePids, List<String> problems) {

    public NamespaceSnapshot {
        namespaces = List.copyOf(namespaces);
        processes = Map.copyOf(processes);
        unreadablePids = List.copyOf(unreadablePids);
        problems = List.copyOf(problems);
    }

    /** The namespace with this inode, if found. */
    public Optional<Namespace> byInode(long inode) {
        for (Namespace n : namespaces) {
            if (n.inode() == inode) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** Details of a representative process. */
    public Optional<ProcessInfo> process(int pid) {
        return Optional.ofNullable(processes.get(pid));
    }
}

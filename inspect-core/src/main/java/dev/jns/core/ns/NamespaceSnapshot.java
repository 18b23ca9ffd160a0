package dev.jns.core.ns;

import dev.jns.core.proc.Passwd;
import dev.jns.core.proc.ProcessInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

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

    /** Details of {@code n}'s lowest pid; empty for a namespace without a process (or one that exited). */
    public Optional<ProcessInfo> representative(Namespace n) {
        return n.lowestPid().isPresent() ? process(n.lowestPid().getAsInt()) : Optional.empty();
    }

    /**
     * The UID column, as lsns fills it: the uid of the lowest pid; for a namespace without a process
     * (held by a bind mount or an fd), the owner uid of the user namespace that owns it
     * ({@code NS_GET_OWNER_UID}); empty when neither is known.
     */
    public OptionalInt uid(Namespace n) {
        Optional<ProcessInfo> p = representative(n);
        return p.isPresent() ? OptionalInt.of(p.get().uid()) : n.ownerUid();
    }

    /** The USER column: the name of {@link #uid}, by {@code users} for a namespace without a process. */
    public Optional<String> user(Namespace n, Passwd users) {
        Optional<ProcessInfo> p = representative(n);
        if (p.isPresent()) {
            return Optional.of(p.get().user());
        }
        return n.ownerUid().isPresent() ? Optional.of(users.name(n.ownerUid().getAsInt())) : Optional.empty();
    }
}

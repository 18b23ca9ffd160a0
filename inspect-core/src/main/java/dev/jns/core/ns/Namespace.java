package dev.jns.core.ns;

import dev.jns.core.NamespaceId;
import dev.jns.core.NamespaceType;
import dev.jns.core.proc.HeldNamespace;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One namespace found on the host.
 *
 * @param id         type and inode
 * @param pids       member processes (thread-group leaders), ascending; empty for a namespace
 *                   kept alive only by a bind mount or an open file descriptor
 * @param nsfsMounts where it is bind-mounted (nsfs mounts), e.g. {@code /run/netns/NAME}
 * @param heldBy     open file descriptors that refer to it (collected when fds are scanned)
 * @param parent     parent namespace inode (pid and user namespaces; {@code NS_GET_PARENT}), 0 for none
 *                   or not visible; empty when not asked for or not knowable
 * @param owner      owning user namespace inode ({@code NS_GET_USERNS}), 0 when not visible; empty
 *                   when not asked for or not knowable
 * @param ownerUid   uid that created the owning user namespace (for a user namespace: itself);
 *                   used for rows without a process
 * @param netnsid    for network namespaces: the id the caller's network namespace assigned to
 *                   it ({@code RTM_GETNSID}), {@code "unassigned"}, or empty
 */
public record Namespace(NamespaceId id, List<Integer> pids, List<String> nsfsMounts, List<HeldNamespace> heldBy,
                        OptionalLong parent, OptionalLong owner, OptionalInt ownerUid, Optional<String> netnsid) {

    public Namespace {
        pids = List.copyOf(pids);
        nsfsMounts = List.copyOf(nsfsMounts);
        heldBy = List.copyOf(heldBy);
    }

    public NamespaceType type() {
        return id.type();
    }

    public long inode() {
        return id.inode();
    }

    /** Number of member processes. */
    public int nprocs() {
        return pids.size();
    }

    /** The lowest member pid, which lsns shows as the namespace's PID. */
    public OptionalInt lowestPid() {
        return pids.isEmpty() ? OptionalInt.empty() : OptionalInt.of(pids.get(0));
    }

    /** Whether the namespace has no process: only a mount or an fd keeps it alive. */
    public boolean persistent() {
        return pids.isEmpty();
    }

    /** Whether {@code pid} is a member. */
    public boolean contains(int pid) {
        return java.util.Collections.binarySearch(pids, pid) >= 0;
    }
}

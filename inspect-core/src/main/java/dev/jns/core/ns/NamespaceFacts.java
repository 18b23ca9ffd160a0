package dev.jns.core.ns;

import dev.jns.core.NamespaceId;
import java.util.OptionalInt;

/**
 * What the nsfs ioctls tell about one namespace.
 *
 * @param id       the namespace
 * @param parent   {@code NS_GET_PARENT} inode for pid and user namespaces; 0 for other types and
 *                 when the parent is outside the caller's view (EPERM)
 * @param owner    {@code NS_GET_USERNS} inode; 0 when outside the caller's view (EPERM)
 * @param ownerUid uid that created the owning user namespace (for a user namespace: itself)
 */
public record NamespaceFacts(NamespaceId id, long parent, long owner, OptionalInt ownerUid) {}

/**
 * Namespaces: their types and ids, and the scanner that finds every namespace of a host the way
 * lsns does (process links, open file descriptors, nsfs bind mounts in every mount namespace).
 * Parents, owners and network namespace ids need the nsfs ioctls and netlink: this package asks
 * for them through {@link dev.jns.core.ns.NamespaceInspector}, which it owns and
 * {@code dev.jns.core.sys} implements, so the native library loads only when a question needs it.
 */
package dev.jns.core.ns;

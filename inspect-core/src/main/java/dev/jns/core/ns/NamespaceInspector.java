package dev.jns.core.ns;

import dev.jns.core.NamespaceId;
import java.util.List;
import java.util.Optional;

/**
 * Answers the questions about a namespace that its {@code /proc} link does not: parent, owner,
 * owner uid and network namespace id. On a live host these are ioctls and netlink
 * ({@code dev.jns.core.sys}), which cost a native library load; a fixture records the answers.
 */
public interface NamespaceInspector {

    /**
     * Facts about the namespace {@code id}, opened through {@code file} by the rule of its kind
     * (see {@link NamespaceFile}). With {@code ancestors}, the list goes on with the facts of every
     * parent and owner namespace reachable from it. Empty when the file cannot be opened safely,
     * is not an nsfs file, or is not {@code id}.
     */
    List<NamespaceFacts> describe(NamespaceId id, NamespaceFile file, boolean ancestors);

    /**
     * The network namespace id that the caller's network namespace uses for the network
     * namespace behind {@code file}: a number, {@code "unassigned"}, or empty when unknown.
     */
    Optional<String> netnsid(NamespaceId id, NamespaceFile file);

    /**
     * Which namespace the nsfs file {@code file} is: its type ({@code NS_GET_NSTYPE}) and inode.
     * For an fd whose link text is a path, not {@code type:[inode]}. Empty when the file cannot be
     * opened safely or is not an nsfs file; the default knows nothing.
     */
    default Optional<NamespaceId> identify(NamespaceFile file) {
        return Optional.empty();
    }

    /**
     * The files this inspector refused or could not open since the last call, and why (for
     * {@code --debug}); then forgets them. The default has none.
     */
    default List<String> takeProblems() {
        return List.of();
    }

    /** An inspector that knows nothing: for hosts where the native calls are unavailable. */
    NamespaceInspector NONE = new NamespaceInspector() {
        @Override
        public List<NamespaceFacts> describe(NamespaceId id, NamespaceFile file, boolean ancestors) {
            return List.of();
        }

        @Override
        public Optional<String> netnsid(NamespaceId id, NamespaceFile file) {
            return Optional.empty();
        }
    };
}

/**
 * OCI runtime bundles: {@code OciValidator} checks a config.json in four layers (the schema of its
 * ociVersion, the semantic rules of runtime-tools and runc, this host, the runtime's features),
 * each finding with a stable rule id ({@code RuleId}, described in {@code Rules}) and its place in
 * the file; the semantic rules are small checks by subject ({@code SemanticChecker.CHECKS}). Its
 * own JSON reader keeps lines, columns and duplicate keys. Nothing from a bundle is ever executed, and no symlink
 * is followed out of a rootfs. Subpackages: {@code inspect} (what the container will be, and its
 * risks) and {@code spec} ({@code runc spec}'s default config).
 */
package dev.jns.core.oci;

/**
 * The inspection core of jns: a plain Java library over {@code /proc}, {@code /sys/fs/cgroup} and
 * OCI bundles, with no command-line or terminal framework (a test enforces it). Every root is a
 * constructor argument, values are records, and every error is a {@link dev.jns.core.JnsException}
 * that names the file it is about. This package holds those errors and {@link dev.jns.core.Units}
 * (the number formats users know from systemd and util-linux).
 *
 * <p>Subpackages: {@code proc} (one parser per kernel file), {@code ns} (namespaces),
 * {@code cgroup} (v1, v2 and hybrid hierarchies), {@code oci} (bundle validation, inspection and
 * the default spec), {@code text} (escaping what other users control), {@code sys} (native calls,
 * loaded only on need), {@code internal} (not API).
 */
package dev.jns.core;

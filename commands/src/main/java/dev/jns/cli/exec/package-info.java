/**
 * {@code jns enter} and {@code jns unshare}: Java parses and checks the command line, and the
 * native helper {@code jns-nsexec} (commands/src/main/c) joins and creates the namespaces, since a
 * multi-threaded JVM cannot enter user or time namespaces and must not fork itself.
 */
package dev.jns.cli.exec;

/**
 * {@code jns enter} and {@code jns unshare}: running a command in other or new namespaces. The
 * commands parse and check their options in Java, with nsenter's and unshare's names; the eight
 * namespace options they share are {@link dev.jns.cli.exec.NamespaceOptions}. What is to be done
 * goes to the static native helper {@code jns-nsexec} (src/main/c) as an argument list built by
 * {@link dev.jns.cli.exec.NsexecArgs}, the one class that knows its flags, and
 * {@link dev.jns.cli.exec.NativeStep} runs it, with the terminal passed through and jns's signals
 * handled. The helper
 * exists because a multi-threaded JVM cannot enter user or time namespaces and must not fork itself.
 */
package dev.jns.cli.exec;

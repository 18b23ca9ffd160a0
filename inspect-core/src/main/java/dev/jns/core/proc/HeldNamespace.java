package dev.jns.core.proc;

import dev.jns.core.NamespaceId;

/** A namespace that a process holds through an open file descriptor ({@code /proc/PID/fd/FD}). */
public record HeldNamespace(NamespaceId id, int pid, int fd) {}

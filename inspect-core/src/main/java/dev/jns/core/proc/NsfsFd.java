package dev.jns.core.proc;

/**
 * An open file descriptor {@code /proc/PID/fd/FD} whose link text is a path but whose file is on
 * nsfs: a namespace opened through a bind mount ({@code /run/netns/NAME}), whose link reads that
 * path, or {@code /} once the mount is gone ({@code ip netns delete}). Its type is not in the link:
 * only the {@code NS_GET_NSTYPE} ioctl, or a namespace with the same inode, tells it.
 *
 * @param inode the nsfs inode, the namespace's identifier
 */
public record NsfsFd(int pid, int fd, long inode) {}

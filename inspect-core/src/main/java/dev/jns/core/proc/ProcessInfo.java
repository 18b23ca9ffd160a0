package dev.jns.core.proc;

import java.util.List;

/**
 * What jns shows about one process.
 *
 * @param pid        process id (in the pid namespace of the proc root)
 * @param ppid       parent's pid, 0 for PID 1 and kernel threads' parent kthreadd
 * @param uid        owner of {@code /proc/PID}: the effective uid, or root for a non-dumpable process (as lsns)
 * @param user       user name of {@code uid}, or the number when it has no name
 * @param comm       {@code comm}, at most 15 characters
 * @param cmdline    arguments; empty for kernel threads
 * @param state      state letter, e.g. {@code 'S'}
 * @param startTicks start time after boot, in clock ticks
 * @param threads    thread count
 */
public record ProcessInfo(int pid, int ppid, int uid, String user, String comm, List<String> cmdline,
                          char state, long startTicks, int threads) {

    public ProcessInfo {
        cmdline = List.copyOf(cmdline);
    }

    /** The command line joined by spaces, or {@code comm} when there is none (kernel threads), as lsns shows it. */
    public String command() {
        return cmdline.isEmpty() ? comm : String.join(" ", cmdline);
    }
}

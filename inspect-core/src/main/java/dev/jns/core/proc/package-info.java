/**
 * A proc filesystem at a root ({@link dev.jns.core.proc.ProcFs}: the live {@code /proc}, a host's
 * /proc mounted elsewhere, or a fixture) and one parser per kernel file, named after it:
 * {@code ProcStat} ({@code /proc/PID/stat}), {@code ProcStatus}, {@code ProcCmdline},
 * {@code ProcCgroup}, {@code MountInfo}, plus {@code Passwd} for user names. Outside the live
 * /proc only regular files are read, and every read is bounded.
 */
package dev.jns.core.proc;

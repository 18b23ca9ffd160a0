/**
 * The live data behind the full-screen views: the rows of the cgroup, process and namespace views
 * read from the core, the header line (OSHI on the live host, the proc root otherwise), and what
 * the UI does to a process (enter its namespaces, signal it). Used by {@code jns top} and by
 * {@code jns cgtop} on a terminal.
 */
package dev.jns.tui.live;

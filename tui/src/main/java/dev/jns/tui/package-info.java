/**
 * Full-screen views of jns (Lanterna), drawn on a {@code Screen}: the cgroup top and the process
 * and namespace views. State, key map and view are kept apart. Filled in by the TUI issue.
 */
package dev.jns.tui;

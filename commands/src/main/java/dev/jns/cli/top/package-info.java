/** {@code jns top}: the live cgroup, process and namespace views, full screen or as text ({@code -b}). */
package dev.jns.cli.top;

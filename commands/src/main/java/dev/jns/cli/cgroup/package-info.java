/**
 * {@code jns cgtop} (batch, JSON, or the full screen on a terminal) and {@code jns cg ls|show}:
 * cgroups on v1, v2 and hybrid hosts with systemd-cgtop's and systemd-cgls's options.
 */
package dev.jns.cli.cgroup;

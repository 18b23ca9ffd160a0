/**
 * Cgroups on v1, v2 and hybrid hosts: the layout of the hierarchies ({@code CgroupLayout}), one
 * parser per cgroup file ({@code CpuMax}, {@code IoStat}, {@code Pressure}, {@code Limit}), the
 * typed figures of one cgroup ({@code CgroupStats}), snapshots, rates and the sorted rows that
 * {@code jns cgtop}, {@code jns top} and {@code jns cg} show, and the cgroup that
 * {@code jns unshare} makes for an experiment ({@code ExperimentCgroup}).
 */
package dev.jns.core.cgroup;

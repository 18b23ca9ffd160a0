/**
 * {@code jns oci inspect}'s model: what the container of a bundle will be (process, namespaces
 * new, joined or shared, mounts, limits, capabilities, seccomp and MAC, rootless or not, hooks)
 * and the risks, each with a stable id. It reads the config only; checking it is the validator's
 * job, so odd shapes are shown as unknown.
 */
package dev.jns.core.oci.inspect;

/**
 * {@code jns oci validate|inspect|spec}. A plain {@code jns oci validate} command line runs
 * without building picocli at all ({@code OciValidateFast}), for start-up time.
 */
package dev.jns.cli.oci;

/** {@code jns oci spec}: the default config.json that {@code runc spec} writes, built in Java. */
package dev.jns.core.oci.spec;

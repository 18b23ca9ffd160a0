/**
 * Library examples: small programs that use the inspection core as a library, each run by the
 * tests (see samples/README.md).
 */
package dev.jns.samples;

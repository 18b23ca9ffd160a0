/**
 * Helpers of the core that are not its API: reading pseudo-files (bounded, regular files only
 * outside the live /proc) and flat "key value" files.
 */
package dev.jns.core.internal;

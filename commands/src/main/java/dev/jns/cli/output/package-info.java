/**
 * What every subcommand shares: the {@code Invocation} (roots, terminal, debug) it is given, text
 * tables in libsmartcols' format, JSON, the terminal's capabilities, exit codes and the one-line
 * notes on stderr. It depends on no subject package.
 */
package dev.jns.cli.output;

/**
 * The jns command line (picocli): {@link dev.jns.cli.Main} and the root command
 * {@link dev.jns.cli.JnsCommand}, which assemble the subjects. Each subject is a package with one
 * class per subcommand, thin over the core: {@code ns} (ls), {@code exec} (enter, unshare),
 * {@code cgroup} (cgtop, cg), {@code top}, {@code oci}; {@code output} is what they share (tables,
 * JSON, the terminal, exit codes, notes, the {@code Invocation} they are given). No subject uses
 * another's classes (a test enforces it): logic two commands need belongs in the core.
 */
package dev.jns.cli;

/** {@code jns ls}: the namespaces of a host, with lsns's options, columns, trees and JSON. */
package dev.jns.cli.ns;

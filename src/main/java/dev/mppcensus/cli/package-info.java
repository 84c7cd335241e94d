/** The command line: commands, options, exit codes, and the start-up of the Spring context they use. */
package dev.mppcensus.cli;

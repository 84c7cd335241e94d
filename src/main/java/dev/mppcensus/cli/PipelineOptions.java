package dev.mppcensus.cli;

import picocli.CommandLine.Option;

/** How many results a chunk transaction writes and how many domains a process scans at once. */
final class PipelineOptions {

    @Option(names = "--chunk-size", paramLabel = "N", defaultValue = "500",
            description = "Results written per chunk transaction; a chunk is written once its slowest domain is done "
                    + "(default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "200",
            description = "Domains scanned at once, on virtual threads, across the run's partitions in this process "
                    + "(default: ${DEFAULT-VALUE}).")
    int concurrency;
}

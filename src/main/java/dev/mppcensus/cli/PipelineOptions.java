package dev.mppcensus.cli;

import picocli.CommandLine.Option;

/** How a census run is cut into chunk transactions and how many domains it scans at once. */
final class PipelineOptions {

    @Option(names = "--chunk-size", paramLabel = "N", defaultValue = "500",
            description = "Domains per chunk transaction (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "200",
            description = "Domains scanned at once, on virtual threads (default: ${DEFAULT-VALUE}).")
    int concurrency;
}

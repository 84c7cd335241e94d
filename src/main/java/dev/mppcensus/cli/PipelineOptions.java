package dev.mppcensus.cli;

import picocli.CommandLine.Option;

/** How many results a chunk transaction writes and how many domains a process scans at once. */
final class PipelineOptions extends SettingOptions {

    @Option(names = "--chunk-size", paramLabel = "N",
            description = "Results written per chunk transaction; a chunk is written once its slowest domain is done "
                    + "(default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Domains scanned at once, on virtual threads, across the run's partitions in this process "
                    + "(default: ${DEFAULT-VALUE}).")
    int concurrency;
}

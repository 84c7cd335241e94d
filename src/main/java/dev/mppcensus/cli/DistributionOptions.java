package dev.mppcensus.cli;

import dev.mppcensus.census.ScanSettings.Workers;
import picocli.CommandLine.Option;

/** Whether a run is scanned by this process or by worker processes through RabbitMQ. */
final class DistributionOptions extends SettingOptions {

    @Option(names = "--workers", paramLabel = "local|remote",
            description = "local: this process scans the list (default). remote: this process stages the list, sends "
                    + "line-range partitions to the RabbitMQ queue (broker from SPRING_RABBITMQ_HOST, _PORT, "
                    + "_USERNAME, _PASSWORD) and waits while 'mpp-census worker' processes scan them.")
    Workers workers;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Number of line-range partitions the list's domains are scanned in (default 0: one per "
                    + "10,000 domains, at least 8).")
    int partitions;

    @Option(names = "--parallel-partitions", paramLabel = "N",
            description = "With --workers local: partitions scanned at once, sharing the --concurrency bound; each "
                    + "holds a database connection while its chunk scans (default: ${DEFAULT-VALUE}).")
    int parallelPartitions;

    @Option(names = "--queue", paramLabel = "NAME",
            description = "With --workers remote: the durable RabbitMQ queue of partition requests (default: "
                    + "${DEFAULT-VALUE}); the workers must take from the same queue.")
    String queue;
}

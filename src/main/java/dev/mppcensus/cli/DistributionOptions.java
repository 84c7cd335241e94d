package dev.mppcensus.cli;

import dev.mppcensus.census.ScanSettings.Distribution;
import picocli.CommandLine.Option;

/** Whether a run is scanned by this process or by worker processes through RabbitMQ. */
final class DistributionOptions {

    /** Who scans a run; the constants are the option's values as typed. */
    enum Workers { local, remote }

    @Option(names = "--workers", paramLabel = "local|remote", defaultValue = "local",
            description = "local: this process scans the list (default). remote: this process stages the list, sends "
                    + "line-range partitions to the RabbitMQ queue (broker from SPRING_RABBITMQ_HOST, _PORT, "
                    + "_USERNAME, _PASSWORD) and waits while 'mpp-census worker' processes scan them.")
    Workers workers;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Number of line-range partitions the list's domains are scanned in (default 0: one per "
                    + "10,000 domains, at least 8).")
    int partitions;

    @Option(names = "--parallel-partitions", paramLabel = "N",
            defaultValue = "" + Distribution.DEFAULT_PARALLEL_PARTITIONS,
            description = "With --workers local: partitions scanned at once, sharing the --concurrency bound; each "
                    + "holds a database connection while its chunk scans (default: ${DEFAULT-VALUE}).")
    int parallelPartitions;

    @Option(names = "--queue", paramLabel = "NAME", defaultValue = Distribution.DEFAULT_QUEUE,
            description = "With --workers remote: the durable RabbitMQ queue of partition requests (default: "
                    + "${DEFAULT-VALUE}); the workers must take from the same queue.")
    String queue;

    Distribution distribution() {
        return new Distribution(workers == Workers.remote, partitions, parallelPartitions, queue);
    }
}

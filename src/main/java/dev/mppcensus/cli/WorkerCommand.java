package dev.mppcensus.cli;

import dev.mppcensus.census.ScanSettings;
import dev.mppcensus.census.remote.PartitionWorker;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code worker}: scans partitions of remote runs taken from RabbitMQ until the process is stopped. */
@Command(name = "worker", mixinStandardHelpOptions = true, defaultValueProvider = SettingDefaults.class,
        description = "Take partitions of runs started with 'scan --workers remote' from the RabbitMQ queue (broker "
                + "from SPRING_RABBITMQ_HOST, _PORT, _USERNAME, _PASSWORD) and scan them into the run's database, one "
                + "partition at a time (plus the next while the current one waits for its last scans), until stopped "
                + "with SIGTERM or Ctrl-C (partitions in progress go back to the queue and are resumed by another worker "
                + "from their last committed chunk). Each run is scanned with the "
                + "settings it was started with; the options below, where given, replace them for this worker.")
final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    QueueOptions queueOptions;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    NetworkOptions network;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        ScanSettings.Distribution own = ScanSettings.of(SettingOptions.given(pipeline, network, queueOptions))
                .distribution();
        Map<String, Object> overrides = SettingOptions.given(pipeline, network);
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "worker-stop"));
        try (CensusContext context = CensusContext.openForWorker(database);
                PartitionWorker.Running worker = context.bean(PartitionWorker.class).start(own.queue(),
                        own.parallelPartitions(), run -> run.withSettings(run.settings().with(overrides)))) {
            out.println("worker: taking partitions from RabbitMQ queue '" + own.queue() + "'; stop with SIGTERM or Ctrl-C");
            stopRequested.await();
            String current = worker.currentPartitions();
            out.println(current == null ? "worker: stopping (no partition in progress)"
                    : "worker: stopping; back to the queue: " + current);
            out.flush();
        } finally {
            stopped.countDown();
        }
        return ExitCodes.OK;
    }

    /** Where this worker takes partitions from and how many it scans at once (not settings of the runs it scans). */
    static final class QueueOptions extends SettingOptions {

        @Option(names = "--queue", paramLabel = "NAME",
                description = "The queue to take partition requests from (default: ${DEFAULT-VALUE}).")
        String queue;

        @Option(names = "--parallel-partitions", paramLabel = "N",
                description = "Partitions this worker scans at once, sharing its --concurrency bound (default: "
                        + "${DEFAULT-VALUE}).")
        int parallelPartitions;
    }
}

package dev.mppcensus.cli;

import dev.mppcensus.census.CensusLauncher;
import dev.mppcensus.census.ScanRequest;
import dev.mppcensus.census.ScanSettings;
import dev.mppcensus.domainlist.DomainListFile;
import dev.mppcensus.schedule.NightlyScheduler;
import dev.mppcensus.schedule.ScheduleSettings;
import dev.mppcensus.schedule.ScheduledList;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import dev.mppcensus.store.CensusRunRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code schedule LIST...}: the nightly census of one or more lists, on a cron expression. */
@Command(name = "schedule", mixinStandardHelpOptions = true, defaultValueProvider = SettingDefaults.class,
        description = "Run the census of each LIST (PATH, or NAME=PATH) at every trigger of --cron (default 02:00 "
                + "UTC), finishing the unfinished runs of the previous --resume-days nights first. Any number of "
                + "schedulers may share a database: each list's night runs once. Runs until stopped (or "
                + "--max-triggers); exit 0, or 1 when a run failed during --max-triggers.")
final class ScheduleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "LIST", description = "A domain list: PATH, or NAME=PATH to name it "
            + "in reports (default name: the file name without .gz).")
    List<String> lists = new ArrayList<>();

    @Option(names = "--cron", paramLabel = "EXPR", defaultValue = ScheduleSettings.DEFAULT_CRON,
            description = "Spring cron expression, seconds first (default: '${DEFAULT-VALUE}').")
    String cron;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "Time zone of --cron and of the run date (default: ${DEFAULT-VALUE}).")
    ZoneId zone;

    @Option(names = "--resume-days", paramLabel = "N", defaultValue = "1",
            description = "Before a night's run, finish unfinished runs of the previous N nights (0: never; "
                    + "default: ${DEFAULT-VALUE}). A list whose file changed since cannot be resumed; that is logged.")
    int resumeDays;

    @Option(names = "--run-date", paramLabel = "YYYY-MM-DD",
            description = "Use this run date at every trigger instead of the trigger's date (replays, tests).")
    LocalDate runDate;

    @Option(names = "--max-triggers", paramLabel = "N", defaultValue = "0",
            description = "Return after N triggers (default: ${DEFAULT-VALUE} = run until stopped).")
    int maxTriggers;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "9464",
            description = "Serve Prometheus metrics at http://ADDRESS:PORT/actuator/prometheus while running "
                    + "(0: no metrics server; default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--metrics-address", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the metrics server binds to (default: ${DEFAULT-VALUE}; 0.0.0.0 for scraping "
                    + "from other hosts, e.g. in Kubernetes).")
    String metricsAddress;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    NetworkOptions network;

    @Mixin
    DistributionOptions distribution;

    @Mixin
    DatabaseOptions database;

    private ScanSettings scanSettings;

    @Override
    public Integer call() throws Exception {
        scanSettings = ScanSettings.of(SettingOptions.given(pipeline, network, distribution));
        ScheduleSettings settings = new ScheduleSettings(ScheduleSettings.parseCron(cron), zone,
                lists.stream().map(ScheduleCommand::scheduledList).toList(), resumeDays, runDate, maxTriggers);
        PrintWriter out = spec.commandLine().getOut();
        if (metricsPort < 0 || metricsPort > 65_535) {
            throw new IllegalArgumentException("--metrics-port must be 0..65535, was " + metricsPort);
        }
        boolean broker = scanSettings.distribution().remote();
        try (CensusContext context = metricsPort == 0 ? CensusContext.open(database, broker)
                : CensusContext.openServingMetrics(database, broker, metricsAddress, metricsPort)) {
            NightlyScheduler scheduler = new NightlyScheduler(context.bean(CensusLauncher.class),
                    context.bean(CensusRunRepository.class), settings, this::request, Clock.systemUTC(), launch -> {
                        out.printf("%s list %s run date %s: %s%s (%s)%n", java.time.Instant.now(), launch.list(),
                                launch.runDate(), launch.result().name().toLowerCase(),
                                launch.runId() == null ? "" : " run " + launch.runId(), launch.detail());
                        out.flush();
                    });
            List<NightlyScheduler.Launch> launches = scheduler.run();
            return launches.stream().anyMatch(l -> l.result() == NightlyScheduler.Result.FAILED)
                    ? ExitCodes.RUN_FAILED : ExitCodes.OK;
        }
    }

    private ScanRequest request(ScheduledList list, LocalDate date) {
        DomainListFile file = DomainListFile.open(list.path());
        return new ScanRequest(file.path(), list.name(), file.sha256(), date, scanSettings);
    }

    private static ScheduledList scheduledList(String value) {
        int equals = value.indexOf('=');
        if (equals > 0) {
            return new ScheduledList(value.substring(0, equals).strip(), Path.of(value.substring(equals + 1)));
        }
        Path path = Path.of(value);
        return new ScheduledList(DomainListFile.open(path).defaultName(), path);
    }
}

package dev.mppcensus.cli;

import dev.mppcensus.census.CensusLauncher;
import dev.mppcensus.census.ScanRequest;
import dev.mppcensus.census.ScanSettings;
import dev.mppcensus.domainlist.DomainListFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code scan LIST}: runs (or resumes) the census of a domain list and prints the run's summary. */
@Command(name = "scan", mixinStandardHelpOptions = true, defaultValueProvider = SettingDefaults.class,
        description = "Run a census of LIST (plain text or rank,domain CSV, optionally .gz) and print the run id "
                + "and a summary. Running the same command again for the same list and run date resumes an "
                + "unfinished run instead of starting another.")
final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LIST", description = "The domain list file.")
    Path list;

    @Option(names = "--list-name", paramLabel = "NAME",
            description = "Name of the list in reports; with the run date it identifies the run "
                    + "(default: the file name without .gz).")
    String listName;

    @Option(names = "--run-date", paramLabel = "YYYY-MM-DD",
            description = "The night this run belongs to (default: today in UTC). Use it to backfill or replay.")
    LocalDate runDate;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    NetworkOptions network;

    @Mixin
    DistributionOptions distribution;

    @Mixin
    OutageOptions outage;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        ScanSettings settings = ScanSettings.of(SettingOptions.given(pipeline, network, distribution));
        Duration outageWait = outage.validated();
        DomainListFile listFile = DomainListFile.open(list);
        ScanRequest request = new ScanRequest(listFile.path(), listName != null ? listName : listFile.defaultName(),
                listFile.sha256(), runDate != null ? runDate : LocalDate.now(ZoneOffset.UTC), settings);
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        try (CensusContext context = CensusContext.open(database, request.settings().distribution().remote())) {
            CensusLauncher.Outcome outcome = context.bean(CensusLauncher.class).run(request, outageWait);
            return RunOutcomePrinter.print(context, outcome, Duration.ofNanos(System.nanoTime() - started), out);
        }
    }
}

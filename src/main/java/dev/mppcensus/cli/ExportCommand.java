package dev.mppcensus.cli;

import dev.mppcensus.report.ExportFormat;
import dev.mppcensus.report.ResultExport;
import dev.mppcensus.store.CensusRun;
import dev.mppcensus.store.CensusRunRepository;
import java.io.BufferedWriter;
import java.io.Writer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export --run ID|latest}: one record per domain of a run on stdout. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write one record per domain of a run to stdout, in list order.")
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "ID|latest",
            description = "The run id (see the scan summary), or 'latest' for the most recent run.")
    String run;

    @Option(names = "--format", paramLabel = "jsonl|csv", defaultValue = "jsonl",
            description = "Output format: jsonl (one JSON object a line) or csv (default: ${DEFAULT-VALUE}).")
    ExportFormat format;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        Long requested = parseRun(run);
        try (CensusContext context = CensusContext.open(database)) {
            CensusRunRepository runs = context.bean(CensusRunRepository.class);
            CensusRun censusRun = (requested == null ? runs.findFirstByOrderByIdDesc() : runs.findById(requested))
                    .orElseThrow(() -> new IllegalArgumentException(requested == null
                            ? "there are no runs yet" : "no run with id " + requested));
            Writer out = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
            context.bean(ResultExport.class).export(censusRun.getId(), format, out);
            return ExitCodes.OK;
        }
    }

    private static Long parseRun(String value) {
        if (value.equalsIgnoreCase("latest")) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--run must be a run id or 'latest', not '" + value + "'");
        }
    }
}

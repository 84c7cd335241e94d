package dev.mppcensus.cli;

import dev.mppcensus.census.CensusLauncher;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rescan-failed --run ID}: scans a completed run's transient failures again. */
@Command(name = "rescan-failed", mixinStandardHelpOptions = true,
        description = "Scan again the domains of completed run ID whose outcome was a transient failure (timeout, "
                + "connect, http 5xx, temporary DNS failure), with the run's own settings. Each new attempt "
                + "replaces the domain's result (its attempt count and time are kept); prints how many changed. "
                + "An interrupted rescan is resumed by running the same command again.")
final class RescanFailedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run whose failures to rescan.")
    long runId;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (CensusContext context = CensusContext.open(database)) {
            CensusLauncher.RescanOutcome o = context.bean(CensusLauncher.class).rescanFailed(runId);
            if (o.recoveredExecutionId() != null) {
                out.println("Rescan " + o.rescanId() + ": execution " + o.recoveredExecutionId()
                        + " was left running by a process that ended; marked it failed and resumed the rescan.");
            }
            out.printf("Rescan %d (round %d) of run %d%s: %s.%n", o.rescanId(), o.round(), o.runId(),
                    o.resumed() ? " (resumed)" : "", o.status().name().toLowerCase());
            out.printf("  transient failures %d%n", o.selected());
            out.printf("  rescanned          %d%n", o.rescanned());
            out.printf("  changed outcome    %d (became reachable %d, verdict changed %d)%n", o.changed(),
                    o.becameReachable(), o.verdictChanged());
            out.printf("  still failing      %d%n", o.stillFailing());
            if (o.failure() != null) {
                out.println("  failure            " + o.failure());
                out.println("Resume with: mpp-census rescan-failed --run " + o.runId());
            }
            out.flush();
            return o.succeeded() ? ExitCodes.OK : ExitCodes.RUN_FAILED;
        }
    }
}

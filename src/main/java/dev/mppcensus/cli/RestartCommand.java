package dev.mppcensus.cli;

import dev.mppcensus.census.CensusLauncher;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code restart --run ID}: resumes an unfinished run from its last committed chunk. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Resume run ID (see 'runs') with the settings it was started with, from its last committed "
                + "chunk. A run left running by a process that was killed is marked failed first. The list file "
                + "must still be readable and unchanged. A completed run is left alone.")
final class RestartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run to resume.")
    long runId;

    @Mixin
    OutageOptions outage;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Duration outageWait = outage.validated();
        long started = System.nanoTime();
        try (CensusContext context = CensusContext.open(database, true)) {
            CensusLauncher.Outcome outcome = context.bean(CensusLauncher.class).restart(runId, outageWait);
            return RunOutcomePrinter.print(context, outcome, Duration.ofNanos(System.nanoTime() - started), out);
        }
    }
}

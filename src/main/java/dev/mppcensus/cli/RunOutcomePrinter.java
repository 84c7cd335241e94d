package dev.mppcensus.cli;

import dev.mppcensus.census.CensusLauncher;
import dev.mppcensus.store.RunSummary;
import dev.mppcensus.store.RunSummaryQuery;
import java.io.PrintWriter;
import java.time.Duration;

/** Prints how a launch of a run ended (shared by {@code scan} and {@code restart}) and picks the exit code. */
final class RunOutcomePrinter {

    private RunOutcomePrinter() {
    }

    static int print(CensusContext context, CensusLauncher.Outcome outcome, Duration elapsed, PrintWriter out) {
        RunSummary summary = context.bean(RunSummaryQuery.class).summarize(outcome.runId()).orElseThrow();
        if (outcome.recoveredExecutionId() != null) {
            out.println("Run " + outcome.runId() + ": execution " + outcome.recoveredExecutionId()
                    + " was left running by a process that ended; marked it failed and resumed the run.");
        }
        out.println(headline(outcome, elapsed));
        SummaryPrinter.print(summary, out);
        if (!outcome.alreadyCompleted()) {
            SummaryPrinter.printThroughput(outcome.scannedNow(), summary.requests(), outcome.databaseWriteMillis(),
                    outcome.jobDuration(), outcome.partitionMillis(), out);
        }
        if (outcome.failure() != null) {
            out.println("  failure            " + outcome.failure());
            out.println("Resume with: mpp-census restart --run " + outcome.runId());
        }
        out.flush();
        return outcome.succeeded() ? ExitCodes.OK : ExitCodes.RUN_FAILED;
    }

    private static String headline(CensusLauncher.Outcome outcome, Duration elapsed) {
        if (outcome.alreadyCompleted()) {
            return "Run " + outcome.runId() + " had already completed; nothing to do.";
        }
        return "Run " + outcome.runId() + (outcome.resumed() ? " (resumed)" : "") + ": "
                + outcome.status().name().toLowerCase() + " in " + SummaryPrinter.seconds(elapsed) + ".";
    }
}

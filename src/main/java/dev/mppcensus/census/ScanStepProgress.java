package dev.mppcensus.census;

import dev.mppcensus.store.DomainQueue;
import java.util.function.ToLongFunction;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Shows a run's scan step going (see {@link ScanProgress}), counted from the database so that it
 * shows the same whichever processes scan: results stored since the step started, of the domains
 * that had none when it started.
 */
final class ScanStepProgress implements StepExecutionListener {

    private final DomainQueue queue;
    private final long runId;
    private final ToLongFunction<StepExecution> inFlight;
    private final String inFlightLabel;
    private ScanProgress progress;

    /**
     * {@code inFlight} counts, for the scan step's execution, what {@code inFlightLabel} names: domains
     * in flight, or partitions running.
     */
    ScanStepProgress(DomainQueue queue, long runId, ToLongFunction<StepExecution> inFlight, String inFlightLabel) {
        this.queue = queue;
        this.runId = runId;
        this.inFlight = inFlight;
        this.inFlightLabel = inFlightLabel;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        queue.refreshStatistics();
        long alreadyScanned = queue.resultCounts(runId).scanned();
        long remaining = queue.unscannedCount(runId, DomainQueue.LineRange.ALL);
        progress = new ScanProgress(remaining, () -> queue.resultCounts(runId).scanned() - alreadyScanned,
                () -> queue.resultCounts(runId).declaring(), () -> inFlight.applyAsLong(stepExecution), inFlightLabel);
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (progress != null) {
            progress.close();
        }
        return stepExecution.getExitStatus();
    }
}

package dev.mppcensus.census;

import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.store.ScanResultStore;
import java.util.List;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The scan steps' writer (one per step execution, step-scoped): upserts the results of its chunk in
 * the chunk's transaction, which also records the step's progress. Before each chunk it checks that
 * this process still holds the run's lock ({@link HeldRunLocks}); a partition of an execution that was
 * ended elsewhere cannot commit either, since its progress update in the same transaction fails
 * (Spring Batch versions every step execution, and {@code JobOperator.recover} bumps the version). The
 * time spent writing is kept in the step execution's context under {@link #WRITE_MILLIS_KEY}.
 */
class ScanResultWriter implements ItemWriter<DomainScan> {

    /** Milliseconds a scan step's writer spent in the database, kept in its execution context. */
    static final String WRITE_MILLIS_KEY = "scan.writeMillis";

    private final ScanResultStore store;
    private final HeldRunLocks locks;
    private final ScanTarget target;
    private final ScanRequest run;
    private final StepExecution stepExecution;

    /** Writes the results of {@code stepExecution}, a scan step of {@code run}, to {@code target}. */
    ScanResultWriter(ScanResultStore store, HeldRunLocks locks, ScanTarget target, ScanRequest run,
            StepExecution stepExecution) {
        this.store = store;
        this.locks = locks;
        this.target = target;
        this.run = run;
        this.stepExecution = stepExecution;
    }

    /** @throws RunLockLostException if this process took the run's lock and has lost it */
    @Override
    public void write(Chunk<? extends DomainScan> chunk) {
        long started = System.nanoTime();
        locks.verifyHeld(target.runId(), run.listName(), run.runDate());
        // A commit lost in a PostgreSQL crash costs only a rescan of its domains: the readers select the
        // domains without a (this rescan's) result, so they are scanned again on restart.
        store.commitWithoutWaitingForDisk();
        store.save(target.runId(), List.copyOf(chunk.getItems()), target.rescanId());
        var context = stepExecution.getExecutionContext();
        context.putLong(WRITE_MILLIS_KEY,
                context.getLong(WRITE_MILLIS_KEY, 0L) + (System.nanoTime() - started) / 1_000_000);
    }
}

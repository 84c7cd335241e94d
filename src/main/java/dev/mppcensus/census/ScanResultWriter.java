package dev.mppcensus.census;

import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.store.ScanResultStore;
import java.util.List;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The scan steps' writer: upserts the results of its chunk in the chunk's transaction, which also
 * records the step's progress, after one fence check ({@code fence} throws if this process may no
 * longer write the run: it lost the run's lock, or the run's execution was ended elsewhere). The time
 * spent writing is kept in the step execution's context under {@link #WRITE_MILLIS_KEY}.
 */
final class ScanResultWriter implements ItemWriter<DomainScan> {

    /** Milliseconds a scan step's writer spent in the database, kept in its execution context. */
    static final String WRITE_MILLIS_KEY = "scan.writeMillis";

    private final Runnable fence;
    private final ScanResultStore store;
    private final long runId;
    private final Long rescanId;
    private final StepExecution stepExecution;

    /** Writes results of run {@code runId}, as attempts of rescan {@code rescanId} when not {@code null}. */
    ScanResultWriter(Runnable fence, ScanResultStore store, long runId, Long rescanId, StepExecution stepExecution) {
        this.fence = fence;
        this.store = store;
        this.runId = runId;
        this.rescanId = rescanId;
        this.stepExecution = stepExecution;
    }

    @Override
    public void write(Chunk<? extends DomainScan> chunk) {
        long started = System.nanoTime();
        fence.run();
        // A commit lost in a PostgreSQL crash costs only a rescan of its domains: the readers select the
        // domains without a (this rescan's) result, so they are scanned again on restart.
        store.commitWithoutWaitingForDisk();
        store.save(runId, List.copyOf(chunk.getItems()), rescanId);
        var context = stepExecution.getExecutionContext();
        context.putLong(WRITE_MILLIS_KEY,
                context.getLong(WRITE_MILLIS_KEY, 0L) + (System.nanoTime() - started) / 1_000_000);
    }
}

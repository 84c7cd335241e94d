package dev.mppcensus.census;

import dev.mppcensus.store.BatchMetadata;
import java.time.LocalDate;
import org.springframework.stereotype.Component;

/**
 * The check a scan step's writer makes before each chunk: this process may still write the run.
 * It may not once it has lost the run's lock (a database restart ended the lock's session, and
 * another process could take the run over), nor once the job execution it works for has ended (a
 * worker still scanning a partition of an execution that a restart elsewhere marked failed).
 */
@Component
class RunFence {

    private final HeldRunLocks locks;
    private final BatchMetadata batch;

    RunFence(HeldRunLocks locks, BatchMetadata batch) {
        this.locks = locks;
        this.batch = batch;
    }

    /**
     * @throws RunLockLostException if this process took the run's lock and has lost it
     * @throws PartitionSupersededException if job execution {@code jobExecutionId} is no longer running
     */
    void check(long runId, String listName, LocalDate runDate, long jobExecutionId) {
        locks.verifyHeld(runId, listName, runDate);
        String status = batch.jobExecutionStatus(jobExecutionId);
        if (!"STARTED".equals(status) && !"STARTING".equals(status)) {
            throw new PartitionSupersededException("execution " + jobExecutionId + " of run " + runId + " has ended ("
                    + status + "); its remaining work belongs to the execution that restarted it");
        }
    }

    /** A step works for a job execution that has ended: it must stop writing. */
    static final class PartitionSupersededException extends RuntimeException {
        PartitionSupersededException(String message) {
            super(message);
        }
    }
}

package dev.mppcensus.census;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Counts the starts of each partition's step execution, saving the count before the partition scans,
 * and fails a partition that is started more than {@value #MAX_ATTEMPTS} times: a remote partition
 * is started again each time the broker hands it to another worker because the one scanning it died,
 * and a partition that kills its workers must end the run (failed, resumable) rather than cycle.
 * A restarted run's partitions count afresh (the count belongs to one step execution).
 */
public final class PartitionAttempts implements StepExecutionListener {

    /** Starts of a partition's step execution allowed; the next one fails the partition. */
    public static final int MAX_ATTEMPTS = 5;
    static final String ATTEMPTS = "partition.attempts";
    /** The step execution the count belongs to (a restart copies the context, so the id is kept too). */
    static final String ATTEMPTS_OF = "partition.attemptsOfStepExecution";

    private final JobRepository jobRepository;

    PartitionAttempts(JobRepository jobRepository) {
        this.jobRepository = jobRepository;
    }

    /** The number the next start of {@code partition} will have: 1 for its first. */
    public static int next(StepExecution partition) {
        ExecutionContext context = partition.getExecutionContext();
        return context.getLong(ATTEMPTS_OF, -1L) == partition.getId() ? context.getInt(ATTEMPTS, 0) + 1 : 1;
    }

    /** @throws PartitionAbandonedException if this is a start past the last allowed one */
    @Override
    public void beforeStep(StepExecution partition) {
        int attempt = next(partition);
        if (attempt > MAX_ATTEMPTS) {
            throw new PartitionAbandonedException("abandoned after " + MAX_ATTEMPTS
                    + " attempts whose workers died");
        }
        partition.getExecutionContext().putInt(ATTEMPTS, attempt);
        partition.getExecutionContext().putLong(ATTEMPTS_OF, partition.getId());
        jobRepository.updateExecutionContext(partition);
    }

    /** A partition whose workers died {@value #MAX_ATTEMPTS} times: it fails instead of being scanned again. */
    static final class PartitionAbandonedException extends RuntimeException {
        PartitionAbandonedException(String message) {
            super(message);
        }
    }
}

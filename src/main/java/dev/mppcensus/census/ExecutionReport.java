package dev.mppcensus.census;

import dev.mppcensus.census.remote.BrokerUnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What one execution of a census run did: the results its partitions wrote, the milliseconds they spent
 * writing them and the milliseconds they ran (summed over partitions, which run at once), and why it
 * failed, in one line, with whether the database went away.
 *
 * @param failure {@code null} if nothing failed
 */
record ExecutionReport(long scanned, long writeMillis, long partitionMillis, String failure, boolean databaseLost) {

    /**
     * The report of {@code ran}, the execution as this process ran it (its failures are only here), with the
     * counts of {@code recorded}, the same execution as the job repository has it now (a remote run's
     * partitions were updated by the workers, not in this process's copy).
     */
    static ExecutionReport of(JobExecution ran, JobExecution recorded) {
        long scanned = 0;
        long writeMillis = 0;
        long partitionMillis = 0;
        for (StepExecution partition : partitions(recorded)) {
            scanned += partition.getWriteCount();
            writeMillis += partition.getExecutionContext().getLong(ScanResultWriter.WRITE_MILLIS_KEY, 0L);
            if (partition.getStartTime() != null && partition.getEndTime() != null) {
                partitionMillis += Duration.between(partition.getStartTime(), partition.getEndTime()).toMillis();
            }
        }
        List<Throwable> failures = failures(ran);
        return new ExecutionReport(scanned, writeMillis, partitionMillis, failure(failures),
                failures.stream().anyMatch(DatabaseOutage::lost));
    }

    /** One line saying why {@code execution} failed, or {@code null} (see {@link #failure(List)}). */
    static String failureOf(JobExecution execution) {
        return failure(failures(execution));
    }

    private static List<StepExecution> partitions(JobExecution execution) {
        return execution.getStepExecutions().stream().filter(LineRangePartitioner::isPartition).toList();
    }

    /** The execution's failures, its partitions' first (the scan step's own says only that a partition failed). */
    private static List<Throwable> failures(JobExecution execution) {
        List<Throwable> failures = new ArrayList<>();
        partitions(execution).forEach(partition -> failures.addAll(partition.getFailureExceptions()));
        failures.addAll(execution.getAllFailureExceptions());
        return failures;
    }

    /**
     * One line saying why: the lost run lock or the unreachable broker if either is among the causes (a
     * database restart shows as a lost lock and a lost connection, in no fixed order), else the lost
     * database connection, else the root cause of the first failure.
     */
    private static String failure(List<Throwable> failures) {
        for (Throwable failure : failures) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
                if (cause instanceof RunLockLostException || cause instanceof BrokerUnreachableException) {
                    return cause.getMessage();
                }
            }
        }
        for (Throwable failure : failures) {
            Throwable lost = DatabaseOutage.evidence(failure);
            if (lost != null) {
                String message = lost.getMessage() == null ? lost.getClass().getSimpleName() : lost.getMessage();
                return "lost the connection to the database (PostgreSQL restarted or unreachable): "
                        + message.lines().findFirst().orElse("").strip();
            }
        }
        return failures.stream().map(ExecutionReport::rootMessage).findFirst().orElse(null);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}

package dev.mppcensus.census;

import dev.mppcensus.store.CensusRun;
import dev.mppcensus.store.CensusRunRepository;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;

/**
 * Starts a census run, or resumes the unfinished run of the same list and run date. An execution
 * left STARTED by a process that died is recognised by its free {@link RunLock} and marked failed
 * (through {@link JobOperator#recover}) before the run resumes from its committed work.
 */
@Service
public class CensusLauncher {

    private static final Logger log = LoggerFactory.getLogger(CensusLauncher.class);

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job censusJob;
    private final DataSource dataSource;
    private final CensusRunRepository runs;

    CensusLauncher(JobOperator jobOperator, JobRepository jobRepository, Job censusJob, DataSource dataSource,
            CensusRunRepository runs) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.censusJob = censusJob;
        this.dataSource = dataSource;
        this.runs = runs;
    }

    /** How a launch ended. {@code alreadyCompleted} means nothing was run because the run had finished before. */
    public record Outcome(long runId, BatchStatus status, boolean resumed, boolean alreadyCompleted,
            String failure, long scannedNow, long databaseWriteMillis, java.time.Duration jobDuration) {
        public boolean succeeded() {
            return status == BatchStatus.COMPLETED;
        }
    }

    /**
     * Runs {@code request} to the end in this thread.
     *
     * @throws RunConflictException if another live process is executing the same run
     * @throws IllegalArgumentException if the list's content differs from the unfinished run's
     */
    public Outcome run(ScanRequest request) throws Exception {
        try (RunLock lock = RunLock.tryAcquire(dataSource, request.listName(), request.runDate())) {
            if (lock == null) {
                throw new RunConflictException("the run of list '" + request.listName() + "' for "
                        + request.runDate() + " is being executed by another process");
            }
            boolean resumed = false;
            JobInstance instance = jobRepository.getJobInstance(CensusJobConfiguration.JOB_NAME,
                    request.identifyingParameters());
            if (instance != null) {
                long runId = instance.getInstanceId();
                CensusRun existing = runs.findById(runId).orElse(null);
                if (existing != null && !existing.getListSha256().equals(request.listSha256())) {
                    throw new IllegalArgumentException("list '" + request.listName() + "' changed since run " + runId
                            + " of " + request.runDate() + " started; use another --run-date or --list-name");
                }
                JobExecution last = jobRepository.getLastJobExecution(instance);
                if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
                    return new Outcome(runId, BatchStatus.COMPLETED, false, true, null, 0, 0, java.time.Duration.ZERO);
                }
                if (last != null && last.isRunning()) {
                    log.warn("Run {}: execution {} was left {} by a process that has ended (its run lock was free); "
                            + "marking it failed so the run can resume", runId, last.getId(), last.getStatus());
                    jobOperator.recover(last);
                }
                resumed = last != null;
            }
            JobExecution execution = jobOperator.start(censusJob, request.toJobParameters());
            String failure = execution.getAllFailureExceptions().stream()
                    .map(CensusLauncher::rootMessage)
                    .findFirst()
                    .orElse(null);
            StepExecutionTotals totals = StepExecutionTotals.of(execution);
            return new Outcome(execution.getJobInstance().getInstanceId(), execution.getStatus(), resumed, false,
                    failure, totals.scanned(), totals.writeMillis(),
                    java.time.Duration.between(execution.getStartTime(), execution.getEndTime()));
        }
    }

    /** What this execution's scan step did: domains submitted and milliseconds spent writing. */
    private record StepExecutionTotals(long scanned, long writeMillis) {
        static StepExecutionTotals of(JobExecution execution) {
            long scanned = 0;
            long writeMillis = 0;
            for (var step : execution.getStepExecutions()) {
                if (step.getStepName().equals(CensusJobConfiguration.SCAN_STEP)) {
                    scanned += step.getWriteCount();
                    writeMillis += step.getExecutionContext().getLong(CensusJobConfiguration.WRITE_MILLIS_KEY, 0L);
                }
            }
            return new StepExecutionTotals(scanned, writeMillis);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}

package dev.mppcensus.census;

import dev.mppcensus.domainlist.DomainListFile;
import dev.mppcensus.store.CensusRun;
import dev.mppcensus.store.CensusRunRepository;
import dev.mppcensus.store.ConnectionPool;
import dev.mppcensus.store.RescanRegistry;
import dev.mppcensus.store.RunLock;
import java.time.Duration;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Starts a census run, resumes an unfinished one, and rescans a finished run's transient failures,
 * through the {@link JobOperator}. Everything runs under the run's {@link RunLock}: an execution left
 * STARTED by a process that died is recognised by that free lock and marked failed
 * ({@link JobOperator#recover}) before the work resumes from what was committed; a live process
 * holding the lock makes the launch refuse. A run that loses its database waits for it and is launched
 * again ({@link DatabaseOutage}).
 */
@Service
public class CensusLauncher {

    private static final Logger log = LoggerFactory.getLogger(CensusLauncher.class);

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job censusJob;
    private final Job rescanJob;
    private final DataSource dataSource;
    private final CensusRunRepository runs;
    private final HeldRunLocks heldLocks;
    private final RescanRegistry rescans;
    private final ConnectionPool pool;

    CensusLauncher(JobOperator jobOperator, JobRepository jobRepository, @Qualifier("censusJob") Job censusJob,
            @Qualifier("rescanJob") Job rescanJob, DataSource dataSource, CensusRunRepository runs,
            HeldRunLocks heldLocks, RescanRegistry rescans, ConnectionPool pool) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.censusJob = censusJob;
        this.rescanJob = rescanJob;
        this.dataSource = dataSource;
        this.runs = runs;
        this.heldLocks = heldLocks;
        this.rescans = rescans;
        this.pool = pool;
    }

    /**
     * How a launch ended. {@code alreadyCompleted} means nothing was run because the run had finished
     * before; {@code recoveredExecutionId} names an execution left STARTED by a dead process that this
     * launch marked failed before resuming, or is {@code null}.
     */
    public record Outcome(long runId, BatchStatus status, boolean resumed, boolean alreadyCompleted,
            Long recoveredExecutionId, String failure, long scannedNow, long databaseWriteMillis,
            Duration jobDuration, long partitionMillis) {
        public boolean succeeded() {
            return status == BatchStatus.COMPLETED;
        }

        /** This launch's outcome after the {@code earlier} ones it resumed, with their work counted in. */
        Outcome after(Outcome earlier) {
            return new Outcome(runId, status, true, alreadyCompleted && earlier.alreadyCompleted,
                    earlier.recoveredExecutionId != null ? earlier.recoveredExecutionId : recoveredExecutionId,
                    failure, earlier.scannedNow + scannedNow, earlier.databaseWriteMillis + databaseWriteMillis,
                    earlier.jobDuration.plus(jobDuration), earlier.partitionMillis + partitionMillis);
        }
    }

    /** How long a run waits for the database to come back after an outage before it fails (see {@link DatabaseOutage}). */
    public static final Duration DEFAULT_DATABASE_OUTAGE_WAIT = Duration.ofMinutes(5);

    /**
     * How a rescan ended, with its counts so far (a resumed rescan counts what its earlier executions did too).
     *
     * @param rescanId        the rescan's id (its job instance id)
     * @param round           1 for the run's first rescan, 2 for the next, ...
     * @param selected        the run's transient failures when the rescan first started
     * @param rescanned       domains scanned again
     * @param changed         of those, how many changed reachability, error kind or domain verdict
     * @param becameReachable of those, how many were unreachable and now answered
     * @param verdictChanged  of those, how many got another domain verdict
     * @param stillFailing    of those, how many are still a transient failure
     */
    public record RescanOutcome(long runId, long rescanId, int round, BatchStatus status, boolean resumed,
            Long recoveredExecutionId, String failure, long selected, long rescanned, long changed,
            long becameReachable, long verdictChanged, long stillFailing) {
        public boolean succeeded() {
            return status == BatchStatus.COMPLETED;
        }
    }

    /**
     * Runs {@code request} to the end in this thread: starts its run, or resumes the unfinished run
     * of the same list and run date.
     *
     * @throws RunConflictException if another live process is executing the same run
     * @throws IllegalArgumentException if the list's content differs from the unfinished run's
     * @throws Exception kept in the signature for callers written against the earlier launcher
     */
    public Outcome run(ScanRequest request) throws Exception {
        return run(request, DEFAULT_DATABASE_OUTAGE_WAIT);
    }

    /**
     * As {@link #run(ScanRequest)}; after a database outage the run waits up to {@code outageWait}
     * for the database and resumes itself ({@link DatabaseOutage}); past that it ends failed.
     */
    public Outcome run(ScanRequest request, Duration outageWait) {
        return launch(request, outageWait);
    }

    private Outcome launch(ScanRequest request, Duration outageWait) {
        return DatabaseOutage.rideThrough("run of list '" + request.listName() + "' for " + request.runDate(),
                outageWait, () -> launchOnce(request), (earlier, later) -> later.after(earlier));
    }

    private DatabaseOutage.Attempt<Outcome> launchOnce(ScanRequest request) {
        return underRunLock(request.listName(), request.runDate(), () -> {
            JobInstance instance = jobRepository.getJobInstance(CensusJobConfiguration.JOB_NAME,
                    request.identifyingParameters());
            if (instance != null) {
                long runId = instance.getInstanceId();
                CensusRun existing = runs.findById(runId).orElse(null);
                if (existing != null && !existing.getListSha256().equals(request.listSha256())) {
                    throw new IllegalArgumentException("list '" + request.listName() + "' changed since run " + runId
                            + " of " + request.runDate() + " started; use another --run-date or --list-name");
                }
            }
            if (!request.settings().distribution().remote()) {
                pool.serve(request.settings().distribution().parallelPartitions());
            }
            Launch launch = startOrResume(censusJob, request.toJobParameters());
            if (launch.execution() == null) {
                return new DatabaseOutage.Attempt<>(new Outcome(launch.instanceId(), BatchStatus.COMPLETED, false,
                        true, null, null, 0, 0, Duration.ZERO, 0), false);
            }
            JobExecution execution = launch.execution();
            JobExecution recorded = jobRepository.getJobExecution(execution.getId());
            ExecutionReport report = ExecutionReport.of(execution, recorded == null ? execution : recorded);
            Outcome outcome = new Outcome(execution.getJobInstance().getInstanceId(), execution.getStatus(),
                    launch.resumed(), false, launch.recoveredExecutionId(), report.failure(), report.scanned(),
                    report.writeMillis(), duration(execution), report.partitionMillis());
            return new DatabaseOutage.Attempt<>(outcome, !outcome.succeeded() && report.databaseLost());
        });
    }

    /**
     * Resumes run {@code runId} with the parameters it was started with; a completed run is left alone.
     *
     * @throws IllegalArgumentException if there is no such run, or its list is no longer readable or
     *                                  its content changed since the run started
     * @throws RunConflictException if another live process is executing the run
     */
    public Outcome restart(long runId) {
        return restart(runId, DEFAULT_DATABASE_OUTAGE_WAIT);
    }

    /** As {@link #restart(long)}, waiting up to {@code outageWait} for the database after an outage. */
    public Outcome restart(long runId, Duration outageWait) {
        ScanRequest request = storedRequest(runId);
        DomainListFile list;
        try {
            list = DomainListFile.open(request.listPath());
        } catch (DomainListFile.UnreadableListException e) {
            throw new IllegalArgumentException("cannot restart run " + runId + ": " + e.getMessage(), e);
        }
        if (!list.sha256().equals(request.listSha256())) {
            throw new IllegalArgumentException("cannot restart run " + runId + ": list " + request.listPath()
                    + " changed since the run started (its SHA-256 differs); restore it, or start a new run "
                    + "with another --run-date or --list-name");
        }
        return launch(request, outageWait);
    }

    /**
     * Scans again the domains of completed run {@code runId} whose result is a transient failure
     * ({@link TransientFailure}), with the run's settings, replacing each result with the new attempt.
     * An unfinished rescan of the run is resumed rather than a new one started.
     *
     * @throws IllegalArgumentException if there is no such run or it has not completed
     * @throws RunConflictException if another live process is executing the run or a rescan of it
     */
    public RescanOutcome rescanFailed(long runId) {
        ScanRequest request = storedRequest(runId);
        return underRunLock(request.listName(), request.runDate(), () -> {
            JobExecution last = jobRepository.getLastJobExecution(jobRepository.getJobInstance(runId));
            if (last.getStatus() != BatchStatus.COMPLETED) {
                throw new IllegalArgumentException("run " + runId + " has not completed (its last execution is "
                        + last.getStatus().name().toLowerCase() + "); finish it first with: mpp-census restart --run "
                        + runId);
            }
            int round = rescans.nextRound(runId);
            Launch launch = startOrResume(rescanJob, request.toRescanJobParameters(runId, round));
            JobExecution execution = launch.execution();
            RescanRegistry.Counts counts = rescans.counts(launch.instanceId());
            return new RescanOutcome(runId, launch.instanceId(), round,
                    execution == null ? BatchStatus.COMPLETED : execution.getStatus(), launch.resumed(),
                    launch.recoveredExecutionId(), execution == null ? null : ExecutionReport.failureOf(execution),
                    counts.selected(),
                    counts.rescanned(), counts.changed(), counts.becameReachable(), counts.verdictChanged(),
                    counts.stillFailing());
        });
    }

    /** The request run {@code runId} was last executed with. */
    private ScanRequest storedRequest(long runId) {
        JobInstance instance = jobRepository.getJobInstance(runId);
        if (instance == null || !instance.getJobName().equals(CensusJobConfiguration.JOB_NAME)) {
            throw new IllegalArgumentException("no run with id " + runId + " (see: mpp-census runs)");
        }
        JobExecution last = jobRepository.getLastJobExecution(instance);
        if (last == null) {
            throw new IllegalArgumentException("run " + runId + " was never executed");
        }
        return ScanRequest.fromJobParameters(last.getJobParameters());
    }

    @FunctionalInterface
    private interface LockedWork<T> {
        T run();
    }

    /** Runs {@code work} holding the run lock of (list, run date), which the job's writers check as they go. */
    private <T> T underRunLock(String listName, LocalDate runDate, LockedWork<T> work) {
        try (RunLock lock = RunLock.tryAcquire(dataSource, listName, runDate)) {
            if (lock == null) {
                throw new RunConflictException("the run of list '" + listName + "' for " + runDate
                        + " is being executed by another process");
            }
            heldLocks.add(lock);
            try {
                return work.run();
            } finally {
                heldLocks.remove(lock);
            }
        }
    }

    /**
     * A job launch: the execution it ran ({@code null} if the instance had already completed), whether
     * it resumed an earlier execution, and the dead execution it recovered first, if any.
     */
    private record Launch(long instanceId, JobExecution execution, boolean resumed, Long recoveredExecutionId) {
    }

    /**
     * Starts the job instance of {@code parameters}, or resumes it. Must be called holding its run
     * lock: an execution still marked running is then known to be dead, and is marked failed first.
     */
    private Launch startOrResume(Job job, JobParameters parameters) {
        JobInstance instance = jobRepository.getJobInstance(job.getName(), parameters);
        boolean resumed = false;
        Long recovered = null;
        if (instance != null) {
            JobExecution last = jobRepository.getLastJobExecution(instance);
            if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
                return new Launch(instance.getInstanceId(), null, false, null);
            }
            if (last != null && last.isRunning()) {
                log.warn("{} {}: execution {} was left {} by a process that has ended (the run lock was free); "
                        + "marking it failed so that it can resume", job.getName(), instance.getInstanceId(),
                        last.getId(), last.getStatus());
                jobOperator.recover(last);
                recovered = last.getId();
            }
            resumed = last != null;
        }
        try {
            JobExecution execution = jobOperator.start(job, parameters);
            return new Launch(execution.getJobInstance().getInstanceId(), execution, resumed, recovered);
        } catch (org.springframework.batch.core.launch.JobExecutionAlreadyRunningException
                | org.springframework.batch.core.launch.JobRestartException
                | org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException
                | org.springframework.batch.core.job.parameters.InvalidJobParametersException e) {
            throw new IllegalStateException("cannot start " + job.getName() + ": " + e.getMessage(), e);
        }
    }

    private static Duration duration(JobExecution execution) {
        return execution.getStartTime() == null || execution.getEndTime() == null ? Duration.ZERO
                : Duration.between(execution.getStartTime(), execution.getEndTime());
    }
}

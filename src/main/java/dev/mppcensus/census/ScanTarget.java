package dev.mppcensus.census;

import org.springframework.batch.core.job.JobExecution;

/**
 * Where a scan step's results go: the run they belong to and, for a rescan, the rescan they are
 * attempts of ({@code null} for the run's own scan). A census run's job instance is the run; a
 * rescan's job instance is the rescan, and its {@value ScanRequest#RUN_ID} parameter names the run.
 */
record ScanTarget(long runId, Long rescanId) {

    /** The target of the scan steps of {@code execution}, a census run's or a rescan's. */
    static ScanTarget of(JobExecution execution) {
        long instanceId = execution.getJobInstance().getInstanceId();
        Long runId = execution.getJobParameters().getLong(ScanRequest.RUN_ID);
        return runId == null ? new ScanTarget(instanceId, null) : new ScanTarget(runId, instanceId);
    }
}

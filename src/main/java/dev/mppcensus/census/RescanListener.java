package dev.mppcensus.census;

import dev.mppcensus.store.RescanRegistry;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/** Records a rescan in {@code census_rescan} when an execution starts, and its status and counts when it ends. */
@Component
class RescanListener implements JobExecutionListener {

    private final RescanRegistry registry;

    RescanListener(RescanRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        var parameters = jobExecution.getJobParameters();
        registry.open(jobExecution.getJobInstance().getInstanceId(), parameters.getLong(ScanRequest.RUN_ID),
                parameters.getLong(ScanRequest.ROUND).intValue());
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        registry.close(jobExecution.getJobInstance().getInstanceId(),
                jobExecution.getJobParameters().getLong(ScanRequest.RUN_ID), jobExecution.getStatus());
    }
}

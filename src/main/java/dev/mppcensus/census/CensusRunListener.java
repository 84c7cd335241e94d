package dev.mppcensus.census;

import dev.mppcensus.store.RunRegistry;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/** Records the run in {@code census_run} when an execution starts, and its status and counts when it ends. */
@Component
class CensusRunListener implements JobExecutionListener {

    private static final String LINES_READ_KEY = "domainListReader.read.count";

    private final RunRegistry registry;
    private final JobRepository jobRepository;

    CensusRunListener(RunRegistry registry, JobRepository jobRepository) {
        this.registry = registry;
        this.jobRepository = jobRepository;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        ScanRequest request = ScanRequest.fromJobParameters(jobExecution.getJobParameters());
        registry.open(jobExecution.getJobInstance().getInstanceId(), request.listName(),
                request.listPath().toString(), request.listSha256(), request.runDate(), request.settings().toJson());
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        StepExecution staging = jobRepository.getLastStepExecution(jobExecution.getJobInstance(),
                CensusJobConfiguration.STAGE_STEP);
        long linesRead = staging != null && staging.getExecutionContext().get(LINES_READ_KEY) instanceof Number n
                ? n.longValue() : 0L;
        if (staging != null && staging.getStatus() == BatchStatus.COMPLETED && linesRead > 0) {
            linesRead--; // the reader also counts the read that found the end of the file
        }
        registry.close(jobExecution.getJobInstance().getInstanceId(), jobExecution.getStatus(), linesRead);
    }
}

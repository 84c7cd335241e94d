package dev.mppcensus.census;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * Records a step or job execution whose end Spring Batch could not save as FAILED, not UNKNOWN, before
 * Spring Batch saves it again. Spring Batch marks an execution UNKNOWN when saving its state fails (as
 * when PostgreSQL restarts or a connection breaks mid-run) and then refuses to restart the job, because
 * in general such a failure may have left work half-done. Here it cannot have: every chunk's results and
 * the step's progress commit in one PostgreSQL transaction, and the scan steps keep no position at all
 * (they read the domains without a result), so the execution is a plain failure that a restart resumes.
 */
@Component
class UnsavedEndListener implements StepExecutionListener, JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(UnsavedEndListener.class);

    @Override
    public ExitStatus afterStep(StepExecution step) {
        if (step.getStatus() == BatchStatus.UNKNOWN) {
            log.warn("step execution {} ({}): its end could not be saved; recording it failed, which a restart resumes",
                    step.getId(), step.getStepName());
            step.setStatus(BatchStatus.FAILED);
        }
        return null;
    }

    @Override
    public void afterJob(JobExecution job) {
        if (job.getStatus() == BatchStatus.UNKNOWN) {
            log.warn("job execution {}: a step's end could not be saved; recording it failed, which a restart resumes",
                    job.getId());
            job.setStatus(BatchStatus.FAILED);
        }
    }
}

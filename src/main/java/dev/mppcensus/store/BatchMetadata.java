package dev.mppcensus.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A read of Spring Batch's own tables that its {@code JobRepository} does not offer in one query: how
 * many partitions of a run's scan step are running, for the progress display of a run whose partitions
 * run in other processes.
 */
@Component
public class BatchMetadata {

    private final JdbcTemplate jdbc;

    public BatchMetadata(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Running step executions of job execution {@code jobExecutionId} other than {@code managerStepExecutionId}:
     * while a partitioned step runs, its partitions.
     */
    public long runningStepExecutionsBesides(long jobExecutionId, long managerStepExecutionId) {
        Long running = jdbc.queryForObject("""
                SELECT count(*) FROM batch_step_execution
                 WHERE job_execution_id = ? AND step_execution_id <> ? AND status = 'STARTED'""",
                Long.class, jobExecutionId, managerStepExecutionId);
        return running == null ? 0 : running;
    }
}

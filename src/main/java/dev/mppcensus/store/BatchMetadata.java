package dev.mppcensus.store;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads of Spring Batch's own tables that its {@code JobRepository} does not offer: a fresh look at
 * an execution's status (the repository may hand out a cached copy) and a count of running partitions.
 */
@Component
public class BatchMetadata {

    private final JdbcTemplate jdbc;

    public BatchMetadata(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The status of job execution {@code jobExecutionId} as stored now, or {@code null} if there is none. */
    public String jobExecutionStatus(long jobExecutionId) {
        return jdbc.query("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, jobExecutionId);
    }

    /** Step executions of job execution {@code jobExecutionId} named {@code stepName:...} that are running. */
    public long runningPartitions(long jobExecutionId, String stepName) {
        Long running = jdbc.queryForObject("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ? "
                + "AND step_name LIKE ? AND status = 'STARTED'", Long.class, jobExecutionId, stepName + ":%");
        return running == null ? 0 : running;
    }

    /**
     * The partitions job instance {@code jobInstanceId} has had in any execution: the names after
     * {@code stepName:} of its step executions named so, sorted.
     */
    public List<String> partitionNames(long jobInstanceId, String stepName) {
        return jdbc.queryForList("""
                SELECT DISTINCT substr(s.step_name, ?) FROM batch_step_execution s
                  JOIN batch_job_execution j USING (job_execution_id)
                 WHERE j.job_instance_id = ? AND s.step_name LIKE ? ORDER BY 1""", String.class,
                stepName.length() + 2, jobInstanceId, stepName + ":%");
    }
}

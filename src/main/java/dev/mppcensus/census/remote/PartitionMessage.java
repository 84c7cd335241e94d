package dev.mppcensus.census.remote;

import dev.mppcensus.census.ScanRequest;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of a partition request on the queue, as JSON: which step execution to run, and the run it
 * belongs to, so that a worker connected to another database never runs a partition of its own that
 * happens to have the same id.
 */
record PartitionMessage(String stepName, long stepExecutionId, long runId, String list, String runDate) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static PartitionMessage of(StepExecutionRequest request, long runId, ScanRequest run) {
        return new PartitionMessage(request.getStepName(), request.getStepExecutionId(), runId, run.listName(),
                run.runDate().toString());
    }

    String toJson() {
        return JSON.writeValueAsString(this);
    }

    /** @throws RuntimeException if {@code json} is not a partition message */
    static PartitionMessage fromJson(String json) {
        return JSON.readValue(json, PartitionMessage.class);
    }

    /** Whether {@code partition}, as this worker's database has it, is the one this request names. */
    boolean names(StepExecution partition) {
        if (partition == null) {
            return false;
        }
        ScanRequest run = ScanRequest.fromJobParameters(partition.getJobExecution().getJobParameters());
        return partition.getJobExecution().getJobInstance().getInstanceId() == runId
                && list.equals(run.listName()) && runDate.equals(run.runDate().toString());
    }
}

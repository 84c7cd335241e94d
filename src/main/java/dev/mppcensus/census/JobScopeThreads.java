package dev.mppcensus.census;

import java.util.function.Supplier;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.JobSynchronizationManager;
import org.springframework.core.task.TaskDecorator;

/**
 * Opens a run's job scope on a thread that Spring Batch did not start: the local partition handler's
 * threads and a remote worker's listener thread. Spring Batch registers the job scope only on the
 * thread that runs the job, and the partitions' step is job-scoped (its chunk size is the run's), so
 * every thread that executes a partition first joins the job scope of the run the partition belongs to.
 * Joining never ends the scope: the job's own thread does, when the job ends (a worker, which has none,
 * leaves the scope to be dropped with its last partition of the run).
 */
public final class JobScopeThreads {

    private JobScopeThreads() {
    }

    /** Runs {@code work} in the job scope of {@code execution} and returns what it returns. */
    public static <T> T callIn(JobExecution execution, Supplier<T> work) {
        JobSynchronizationManager.register(execution);
        try {
            return work.get();
        } finally {
            JobSynchronizationManager.close();
        }
    }

    /** A decorator that has an executor's tasks run in the job scope of {@code execution}. */
    static TaskDecorator decorator(JobExecution execution) {
        return task -> () -> callIn(execution, () -> {
            task.run();
            return null;
        });
    }
}

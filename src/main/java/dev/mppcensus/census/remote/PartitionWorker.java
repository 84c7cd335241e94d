package dev.mppcensus.census.remote;

import dev.mppcensus.census.JobScopeThreads;
import dev.mppcensus.census.LineRangePartitioner;
import dev.mppcensus.census.PartitionAttempts;
import dev.mppcensus.census.RunSettings;
import dev.mppcensus.census.ScanRequest;
import dev.mppcensus.store.ConnectionPool;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.dsl.context.IntegrationFlowContext.IntegrationFlowRegistration;
import org.springframework.stereotype.Component;

/**
 * The worker side of remote runs ({@code worker}): takes partition requests from the queue, up to
 * {@code parallelPartitions} at a time, and runs each with the partitions' step bean of local runs
 * ({@code scanPartitionStep}, in the run's job scope) against the same database. A request is
 * acknowledged only after the partition's final status is recorded, so a worker killed mid-partition
 * leaves it unacknowledged: the broker hands it to another worker, which resumes the partition (its
 * reader selects the range's domains without a result). A partition whose workers died
 * {@value PartitionAttempts#MAX_ATTEMPTS} times fails ({@link PartitionAttempts}), and the run ends
 * failed; {@code restart} then runs only the partitions that did not complete.
 * <p>
 * Spring Batch's {@code RemotePartitioningWorkerStepBuilder} would declare a second step and feed it
 * every request as it comes; this worker runs the local runs' step bean and first drops requests that
 * are not its database's, stale or not partitions, and acknowledges only recorded ends.
 */
@Component
@Profile(PartitionManager.PROFILE)
public class PartitionWorker {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

    private static final Duration DATABASE_BACKOFF = Duration.ofSeconds(5);

    private final JobRepository jobRepository;
    private final Step partitionStep;
    private final RunSettings runSettings;
    private final ConnectionFactory connectionFactory;
    private final AmqpAdmin admin;
    private final IntegrationFlowContext flows;
    private final ConnectionPool pool;

    PartitionWorker(JobRepository jobRepository, Step scanPartitionStep, RunSettings runSettings,
            ConnectionFactory connectionFactory, AmqpAdmin admin, IntegrationFlowContext flows, ConnectionPool pool) {
        this.pool = pool;
        this.jobRepository = jobRepository;
        this.partitionStep = scanPartitionStep;
        this.runSettings = runSettings;
        this.connectionFactory = connectionFactory;
        this.admin = admin;
        this.flows = flows;
    }

    /**
     * Starts taking partitions from {@code queue}, up to {@code parallelPartitions} at once, until
     * {@link Running#close()}. {@code localSettings} adapts each run's settings to this worker (its own
     * --connect-to, --concurrency, ... where given, see {@link RunSettings}); the partitions of one run
     * running here share its {@code --concurrency} bound. Call once per process: it sizes the connection
     * pool for {@code parallelPartitions} partitions.
     *
     * @throws BrokerUnreachableException if RabbitMQ does not answer
     */
    public Running start(String queue, int parallelPartitions, UnaryOperator<ScanRequest> localSettings) {
        PartitionQueue.declare(admin, queue);
        runSettings.adaptWith(localSettings);
        pool.serve(parallelPartitions);
        Set<String> current = ConcurrentHashMap.newKeySet();
        StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
        handler.setJobRepository(jobRepository);
        // a worker runs one step, the census partitions' (take() drops requests for anything else)
        handler.setStepLocator(name -> partitionStep);
        IntegrationFlowRegistration inbound = flows.registration(IntegrationFlow
                .from(Amqp.inboundAdapter(connectionFactory, queue).configureContainer(container -> container
                        .prefetchCount(1)
                        .concurrentConsumers(parallelPartitions)
                        .acknowledgeMode(AcknowledgeMode.AUTO)
                        .defaultRequeueRejected(true)))
                .handle(String.class, (payload, headers) -> {
                    take(payload, handler, current);
                    return null;
                })
                .get()).register();
        log.info("worker: taking partitions from RabbitMQ queue '{}', up to {} at once", queue, parallelPartitions);
        return new Running(inbound, current);
    }

    /** A running worker; {@link #close()} stops taking partitions (those in progress go back to the queue). */
    public static final class Running implements AutoCloseable {
        private final IntegrationFlowRegistration inbound;
        private final Set<String> current;

        Running(IntegrationFlowRegistration inbound, Set<String> current) {
            this.inbound = inbound;
            this.current = current;
        }

        /** The partitions being scanned, or {@code null}. */
        public String currentPartitions() {
            return current.isEmpty() ? null : String.join(", ", current);
        }

        @Override
        public void close() {
            inbound.destroy();
        }
    }

    /**
     * Runs one partition request. Requests that are not partitions, or whose run execution has ended
     * (left over from a manager that died and was restarted), or whose partition has already ended,
     * are dropped. Throws (so that the message goes back to the queue) when the database cannot be
     * reached, the request's run is not in this worker's database, or the partition's end could not
     * be recorded.
     */
    private void take(String payload, StepExecutionRequestHandler handler, Set<String> current) {
        PartitionMessage message;
        try {
            message = PartitionMessage.fromJson(payload);
        } catch (RuntimeException e) {
            log.warn("worker: dropping a message that is not a partition request: {}", e.getMessage());
            return;
        }
        try {
            StepExecution partition = stepExecution(message.stepExecutionId());
            if (!message.names(partition)) {
                throw new ForeignPartitionException("the request for run " + message.runId() + " of list '"
                        + message.list() + "' (" + message.runDate() + "), step execution " + message.stepExecutionId()
                        + ", is not in this worker's database: is SPRING_DATASOURCE_URL the manager's? (a request "
                        + "left by a database that no longer exists cycles until the queue is purged)");
            }
            String stale = staleReason(partition);
            if (stale != null) {
                log.info("worker: dropping request for step execution {}: {}", message.stepExecutionId(), stale);
                return;
            }
            ExecutionContext context = partition.getExecutionContext();
            long runId = partition.getJobExecution().getJobInstance().getInstanceId();
            String name = "run %d %s (lines %d-%d, attempt %d)".formatted(runId, partition.getStepName(),
                    context.getLong(LineRangePartitioner.FROM_LINE), context.getLong(LineRangePartitioner.TO_LINE),
                    PartitionAttempts.next(partition));
            log.info("worker: taking {}", name);
            current.add(name);
            StepExecution finished;
            try {
                finished = JobScopeThreads.callIn(partition.getJobExecution(),
                        () -> handler.handle(new StepExecutionRequest(message.stepName(), partition.getId())));
            } finally {
                current.remove(name);
            }
            StepExecution recorded = jobRepository.getStepExecution(partition.getId());
            if (recorded == null || recorded.getStatus().isRunning()) {
                throw new EndNotRecordedException("the end of " + name + " could not be recorded");
            }
            String why = recorded.getExitStatus().getExitDescription();
            log.info("worker: {} ended {}: {} domains written{}", name, recorded.getStatus(), finished.getWriteCount(),
                    recorded.getStatus() == BatchStatus.COMPLETED || why == null || why.isBlank() ? ""
                            : " (" + why.lines().findFirst().orElse("").strip() + ")");
        } catch (ForeignPartitionException e) {
            log.error("worker: {}; it goes back to the queue", e.getMessage());
            pause(DATABASE_BACKOFF);
            throw e;
        } catch (DataAccessException | EndNotRecordedException e) {
            log.warn("worker: request for step execution {} goes back to the queue: {}", message.stepExecutionId(),
                    e.getMessage());
            pause(DATABASE_BACKOFF);
            throw e;
        }
    }

    /** The step execution with this id in this worker's database, or {@code null}. */
    private StepExecution stepExecution(long id) {
        try {
            return jobRepository.getStepExecution(id);
        } catch (EmptyResultDataAccessException e) {
            return null;
        }
    }

    private static String staleReason(StepExecution partition) {
        if (!LineRangePartitioner.isPartition(partition)) {
            return "not a partition of a census run";
        }
        JobExecution execution = partition.getJobExecution();
        if (!execution.isRunning()) {
            return "its run execution " + execution.getId() + " has ended (" + execution.getStatus() + ")";
        }
        if (!partition.getStatus().isRunning()) {
            return "the partition has already ended (" + partition.getStatus() + ")";
        }
        return null;
    }

    /** A partition ran but its final status is not in the job repository: its request goes back to the queue. */
    private static final class EndNotRecordedException extends RuntimeException {
        EndNotRecordedException(String message) {
            super(message);
        }
    }

    /** A request for a run that is not in this worker's database: it goes back to the queue for another worker. */
    private static final class ForeignPartitionException extends RuntimeException {
        ForeignPartitionException(String message) {
            super(message);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.mppcensus.census;

import dev.mppcensus.census.CensusJobConfiguration.LineRange;
import dev.mppcensus.store.ScanResultStore;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.dao.DataAccessException;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.dsl.context.IntegrationFlowContext.IntegrationFlowRegistration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's scan spread over worker processes with Spring Batch's remote partitioning over RabbitMQ.
 * <p>
 * The manager ({@code scan --workers remote}) stages the list as usual, cuts the staged domains into
 * line ranges ({@link LineRangePartitioner}), publishes one request per partition to a durable queue
 * (persistent messages, publisher confirms) and polls the job repository until every partition has
 * ended. A worker ({@code worker}) consumes one request at a time (and takes the next one itself
 * while the current partition drains its last scans: {@link PartitionOverlap}) and runs the same
 * pipelined scan step as a local run over its range, writing to the same database; it acknowledges the
 * message only after the partition's final status is recorded. So a worker killed mid-partition leaves the message
 * unacknowledged: the broker hands it to another worker, which resumes the partition from its last
 * committed chunk (the reader selects the range's domains without a result). A partition that kills
 * {@value #MAX_ATTEMPTS} workers is marked failed, and the run ends failed; {@code restart} then runs
 * only the partitions that did not complete.
 */
@Component
@ConditionalOnBooleanProperty("mpp-census.broker")
public class RemotePartitioning {

    private static final Logger log = LoggerFactory.getLogger(RemotePartitioning.class);

    /** The workers' step; partitions are step executions named {@code scanPartition:partition00001}. */
    static final String WORKER_STEP = "scanPartition";
    /** Attempts at a partition in one run execution (a restart copies the context, so the execution is kept too). */
    static final String ATTEMPTS = "partition.attempts";
    static final String ATTEMPTS_OF = "partition.attemptsOfStepExecution";
    static final int MAX_ATTEMPTS = 5;
    private static final long POLL_MILLIS = 1_000;
    private static final long CONFIRM_TIMEOUT_MILLIS = 30_000;
    private static final Duration DATABASE_BACKOFF = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final DataSource dataSource;
    private final ScanResultStore resultStore;
    private final ScanMetrics metrics;
    private final ConnectionFactory connectionFactory;
    private final RabbitTemplate rabbit;
    private final AmqpAdmin admin;
    private final IntegrationFlowContext flows;

    RemotePartitioning(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            DataSource dataSource, ScanResultStore resultStore, ScanMetrics metrics,
            ConnectionFactory connectionFactory, RabbitTemplate rabbit, AmqpAdmin admin,
            IntegrationFlowContext flows) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.dataSource = dataSource;
        this.resultStore = resultStore;
        this.metrics = metrics;
        this.connectionFactory = connectionFactory;
        this.rabbit = rabbit;
        this.admin = admin;
        this.flows = flows;
    }

    /**
     * The body of a partition request on the queue: which step execution to run, and the run it
     * belongs to, so that a worker connected to another database never runs a partition of its own
     * that happens to have the same id.
     */
    record PartitionMessage(String stepName, long stepExecutionId, long runId, String list, String runDate) {
        static PartitionMessage of(StepExecutionRequest request, long runId, ScanRequest run) {
            return new PartitionMessage(request.getStepName(), request.getStepExecutionId(), runId, run.listName(),
                    run.runDate().toString());
        }

        String toJson() {
            return JSON.writeValueAsString(this);
        }

        static PartitionMessage fromJson(String json) {
            return JSON.readValue(json, PartitionMessage.class);
        }

        /** Whether {@code partition}, as this worker's database has it, is the one this request names. */
        boolean names(StepExecution partition) {
            if (partition == null) {
                return false;
            }
            var parameters = partition.getJobExecution().getJobParameters();
            return partition.getJobExecution().getJobInstance().getInstanceId() == runId
                    && list.equals(parameters.getString(ScanRequest.LIST))
                    && runDate.equals(String.valueOf(parameters.getLocalDate(ScanRequest.RUN_DATE)));
        }
    }

    /**
     * The manager's step of run {@code runId}: partitions the staged domains, sends the requests to
     * the run's queue and waits for the workers, showing progress from the database.
     */
    Step managerStep(String stepName, ScanRequest request, long runId) {
        String queue = request.distribution().queue();
        declareQueue(queue);
        DirectChannel requests = new DirectChannel();
        IntegrationFlowRegistration outbound = flows.registration(IntegrationFlow.from(requests)
                .transform(StepExecutionRequest.class, partition -> PartitionMessage.of(partition, runId, request).toJson())
                .handle(Amqp.outboundAdapter(rabbit).routingKey(queue).waitForConfirm(true)
                        .confirmTimeout(CONFIRM_TIMEOUT_MILLIS))
                .get()).register();
        return new RemotePartitioningManagerStepBuilder(stepName, jobRepository)
                .partitioner(WORKER_STEP, new LineRangePartitioner(dataSource, runId, request.distribution().partitions()))
                .outputChannel(requests)
                .pollInterval(POLL_MILLIS)
                .listener(new ManagerProgress(runId, queue, outbound))
                .build();
    }

    /** Shows the run's progress while the workers scan, counted from the database. */
    private final class ManagerProgress implements StepExecutionListener {
        private final long runId;
        private final String queue;
        private final IntegrationFlowRegistration outbound;
        private ScanProgress progress;

        ManagerProgress(long runId, String queue, IntegrationFlowRegistration outbound) {
            this.runId = runId;
            this.queue = queue;
            this.outbound = outbound;
        }

        @Override
        public void beforeStep(StepExecution stepExecution) {
            CensusJobConfiguration.refreshStatistics(dataSource);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            long alreadyScanned = count(jdbc, "SELECT count(*) FROM scan_result WHERE run_id = ?");
            long remaining = CensusJobConfiguration.unscannedCount(dataSource, runId, LineRange.ALL);
            log.info("run {}: {} domains to scan, sent as partitions to RabbitMQ queue '{}'; waiting for workers "
                    + "(start them with: mpp-census worker --queue {})", runId, remaining, queue, queue);
            long jobExecutionId = stepExecution.getJobExecutionId();
            progress = new ScanProgress(remaining,
                    () -> count(jdbc, "SELECT count(*) FROM scan_result WHERE run_id = ?") - alreadyScanned,
                    () -> count(jdbc, "SELECT count(*) FROM scan_result WHERE run_id = ? AND cardinality(declared_via) > 0"),
                    () -> runningPartitions(jdbc, jobExecutionId), "partitions running");
        }

        private long count(JdbcTemplate jdbc, String sql) {
            Long count = jdbc.queryForObject(sql, Long.class, runId);
            return count == null ? 0 : count;
        }

        @Override
        public ExitStatus afterStep(StepExecution stepExecution) {
            if (progress != null) {
                progress.close();
            }
            outbound.destroy();
            return stepExecution.getExitStatus();
        }
    }

    private static long runningPartitions(JdbcTemplate jdbc, long jobExecutionId) {
        Long running = jdbc.queryForObject("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ? "
                + "AND step_name LIKE ? AND status = 'STARTED'", Long.class, jobExecutionId, WORKER_STEP + ":%");
        return running == null ? 0 : running;
    }

    /**
     * Starts taking partitions from {@code queue} until {@link Worker#close()}: one at a time, plus the
     * next one while the current one waits for its last scans.
     * {@code localSettings} adapts each run's settings to this worker (its own --connect-to,
     * --concurrency, ... where given).
     */
    public Worker startWorker(String queue, UnaryOperator<ScanRequest> localSettings) {
        declareQueue(queue);
        Map<Long, PartitionOverlap.Turn> turns = new ConcurrentHashMap<>();
        Set<String> current = ConcurrentHashMap.newKeySet();
        StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
        handler.setJobRepository(jobRepository);
        PartitionOverlap overlap = new PartitionOverlap(connectionFactory, queue,
                (payload, turn) -> take(payload, handler, current, turn, turns));
        handler.setStepLocator(name -> WORKER_STEP.equals(name) ? partitionStep(localSettings, overlap, turns) : null);
        IntegrationFlowRegistration inbound = flows.registration(IntegrationFlow
                .from(Amqp.inboundAdapter(connectionFactory, queue).configureContainer(container -> container
                        .prefetchCount(1)
                        .acknowledgeMode(AcknowledgeMode.AUTO)
                        .defaultRequeueRejected(true)))
                .handle(String.class, (payload, headers) -> {
                    try {
                        overlap.consume(payload);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("worker interrupted", e);
                    }
                    return null;
                })
                .get()).register();
        log.info("worker: taking partitions from RabbitMQ queue '{}'", queue);
        return new Worker(inbound, overlap, current);
    }

    /** A running worker; {@link #close()} stops taking partitions (one in progress goes back to the queue). */
    public static final class Worker implements AutoCloseable {
        private final IntegrationFlowRegistration inbound;
        private final PartitionOverlap overlap;
        private final Set<String> current;

        Worker(IntegrationFlowRegistration inbound, PartitionOverlap overlap, Set<String> current) {
            this.inbound = inbound;
            this.overlap = overlap;
            this.current = current;
        }

        /** The partitions being scanned (one, or two while one of them drains), or {@code null}. */
        public String currentPartition() {
            return current.isEmpty() ? null : String.join(", ", current);
        }

        @Override
        public void close() {
            overlap.close();
            inbound.destroy();
        }
    }

    /**
     * Runs one partition request. Requests that are not partitions, or whose run execution has ended
     * (left over from a manager that died and was restarted), or whose partition has already ended,
     * are dropped. Throws (so that the message goes back to the queue) when the database cannot be
     * reached or the partition's end could not be recorded.
     */
    private void take(String payload, StepExecutionRequestHandler handler, Set<String> current,
            PartitionOverlap.Turn turn, Map<Long, PartitionOverlap.Turn> turns) {
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
            int attempt = context.getLong(ATTEMPTS_OF, -1L) == partition.getId() ? context.getInt(ATTEMPTS, 0) + 1 : 1;
            long runId = partition.getJobExecution().getJobInstance().getInstanceId();
            String name = "run %d %s (lines %d-%d, attempt %d)".formatted(runId, partition.getStepName(),
                    context.getLong(LineRangePartitioner.FROM_LINE), context.getLong(LineRangePartitioner.TO_LINE), attempt);
            if (attempt > MAX_ATTEMPTS) {
                abandon(partition, name);
                return;
            }
            context.putInt(ATTEMPTS, attempt);
            context.putLong(ATTEMPTS_OF, partition.getId());
            jobRepository.updateExecutionContext(partition);
            log.info("worker: taking {}", name);
            current.add(name);
            turns.put(partition.getId(), turn);
            StepExecution finished;
            try {
                finished = handler.handle(new StepExecutionRequest(message.stepName(), partition.getId()));
            } finally {
                turns.remove(partition.getId());
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
        } catch (org.springframework.dao.EmptyResultDataAccessException e) {
            return null;
        }
    }

    private static String staleReason(StepExecution partition) {
        if (!partition.getStepName().startsWith(WORKER_STEP + ":")) {
            return "not a partition of the census scan";
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

    private void abandon(StepExecution partition, String name) {
        log.error("worker: {}: {} earlier attempts ended with their worker; marking the partition failed",
                name, MAX_ATTEMPTS);
        partition.setStatus(BatchStatus.FAILED);
        partition.setExitStatus(ExitStatus.FAILED.addExitDescription(
                "abandoned after " + MAX_ATTEMPTS + " attempts whose workers died"));
        partition.setEndTime(java.time.LocalDateTime.now());
        jobRepository.update(partition);
    }

    /** The worker's step: the local run's pipelined scan step over the partition's line range. */
    private Step partitionStep(UnaryOperator<ScanRequest> localSettings, PartitionOverlap overlap,
            Map<Long, PartitionOverlap.Turn> turns) {
        return new Step() {
            @Override
            public String getName() {
                return WORKER_STEP;
            }

            @Override
            public void execute(StepExecution partition) throws org.springframework.batch.core.job.JobInterruptedException {
                ScanRequest request = localSettings.apply(ScanRequest.fromJobParameters(partition.getJobParameters()));
                long runId = partition.getJobExecution().getJobInstance().getInstanceId();
                ExecutionContext context = partition.getExecutionContext();
                LineRange lines = new LineRange(context.getLong(LineRangePartitioner.FROM_LINE),
                        context.getLong(LineRangePartitioner.TO_LINE));
                long jobExecutionId = partition.getJobExecutionId();
                PartitionOverlap.Turn turn = turns.get(partition.getId());
                Step scan;
                try {
                    scan = CensusJobConfiguration.pipelinedScanStep(WORKER_STEP, jobRepository, transactionManager,
                            request, () -> verifyRunStillExecuting(runId, jobExecutionId), metrics,
                            CensusJobConfiguration.unscannedDomainReader(dataSource, runId, lines, request.chunkSize()),
                            () -> CensusJobConfiguration.unscannedCount(dataSource, runId, lines),
                            scans -> {
                                // as in a local run: a commit lost in a PostgreSQL crash is scanned again
                                resultStore.commitWithoutWaitingForDisk();
                                resultStore.save(runId, scans);
                            },
                            overlap.slots(runId, request.concurrency()), turn == null ? () -> { } : turn::inputExhausted);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot build the scan step of " + partition.getStepName(), e);
                }
                scan.execute(partition);
            }
        };
    }

    /**
     * A worker's fence before each chunk write: the run execution that sent the partition must still
     * be executing. After its manager died and the run was restarted, that execution is marked failed,
     * and a worker still scanning one of its partitions stops instead of racing the new execution's.
     */
    private void verifyRunStillExecuting(long runId, long jobExecutionId) {
        String status = new JdbcTemplate(dataSource).queryForObject(
                "SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class, jobExecutionId);
        if (!"STARTED".equals(status) && !"STARTING".equals(status)) {
            throw new PartitionSupersededException("execution " + jobExecutionId + " of run " + runId + " has ended ("
                    + status + "); its partitions are run by the restarted execution");
        }
    }

    /** A worker's partition belongs to a run execution that has ended: it must stop writing. */
    static final class PartitionSupersededException extends RuntimeException {
        PartitionSupersededException(String message) {
            super(message);
        }
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

    private void declareQueue(String queue) {
        try {
            admin.declareQueue(new Queue(queue, true, false, false, Map.of()));
        } catch (AmqpException e) {
            throw new BrokerUnreachableException("cannot reach RabbitMQ to declare queue '" + queue + "' (set "
                    + "SPRING_RABBITMQ_HOST, SPRING_RABBITMQ_PORT, SPRING_RABBITMQ_USERNAME, SPRING_RABBITMQ_PASSWORD): "
                    + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.mppcensus.census.remote;

import dev.mppcensus.census.ScanRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.stereotype.Component;

/**
 * The manager side of a remote run ({@code scan --workers remote}): its scan step's partition
 * handler publishes one request per partition to the run's durable queue (persistent messages,
 * publisher confirms) and polls the job repository until every partition has ended. It replaces only
 * the partition handler: the scan step, its partitioner and the partitions' step bean are the local run's.
 */
@Component
@Profile(PartitionManager.PROFILE)
public class PartitionManager {

    /** The Spring profile that switches Spring Integration and RabbitMQ on (remote runs and workers). */
    public static final String PROFILE = "distributed";

    private static final Logger log = LoggerFactory.getLogger(PartitionManager.class);
    private static final long POLL_MILLIS = 1_000;
    private static final long CONFIRM_TIMEOUT_MILLIS = 30_000;

    private final JobRepository jobRepository;
    private final RabbitTemplate rabbit;
    private final AmqpAdmin admin;
    private final IntegrationFlowContext flows;

    PartitionManager(JobRepository jobRepository, RabbitTemplate rabbit, AmqpAdmin admin, IntegrationFlowContext flows) {
        this.jobRepository = jobRepository;
        this.rabbit = rabbit;
        this.admin = admin;
        this.flows = flows;
    }

    /**
     * The partition handler of run {@code runId}: declares the run's queue, sends it requests to run step
     * {@code partitionStep} on the partitions, and waits for the workers. Its {@code handle} throws
     * {@link BrokerUnreachableException} if RabbitMQ does not answer.
     */
    public PartitionHandler partitionHandler(long runId, ScanRequest request, String partitionStep) {
        String queue = request.settings().distribution().queue();
        return (splitter, managerExecution) -> {
            PartitionQueue.declare(admin, queue);
            DirectChannel requests = new DirectChannel();
            var outbound = flows.registration(IntegrationFlow.from(requests)
                    .transform(StepExecutionRequest.class,
                            partition -> PartitionMessage.of(partition, runId, request).toJson())
                    .handle(Amqp.outboundAdapter(rabbit).routingKey(queue).waitForConfirm(true)
                            .confirmTimeout(CONFIRM_TIMEOUT_MILLIS))
                    .get()).register();
            try {
                MessagingTemplate template = new MessagingTemplate();
                template.setDefaultChannel(requests);
                MessageChannelPartitionHandler handler = new MessageChannelPartitionHandler();
                handler.setStepName(partitionStep);
                handler.setMessagingOperations(template);
                handler.setJobRepository(jobRepository);
                handler.setPollInterval(POLL_MILLIS);
                handler.afterPropertiesSet();
                log.info("run {}: partitions sent to RabbitMQ queue '{}'; waiting for workers (start them with: "
                        + "mpp-census worker --queue {})", runId, queue, queue);
                return handler.handle(splitter, managerExecution);
            } finally {
                outbound.destroy();
            }
        };
    }
}

package dev.mppcensus.census.remote;

import java.util.Map;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;

/** The durable RabbitMQ queue of a remote run's partition requests, declared by its manager and its workers alike. */
final class PartitionQueue {

    private PartitionQueue() {
    }

    /** Declares durable queue {@code name} (idempotent). @throws BrokerUnreachableException if RabbitMQ does not answer */
    static void declare(AmqpAdmin admin, String name) {
        try {
            admin.declareQueue(new Queue(name, true, false, false, Map.of()));
        } catch (AmqpException e) {
            throw new BrokerUnreachableException("cannot reach RabbitMQ to declare queue '" + name + "' (set "
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
}

package dev.mppcensus.census;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.testdb.TestBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * A worker's partitions over a real RabbitMQ queue: the next request is taken only while the current
 * partition drains, a worker never has two partitions handing out domains, and a request taken that
 * way is acknowledged after its partition, or put back when it fails.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PartitionOverlapTest {

    private final String queue = "mpp-census.test.overlap." + UUID.randomUUID();
    private TestBroker broker;
    private CachingConnectionFactory connectionFactory;
    private PartitionOverlap overlap;

    @BeforeEach
    void declareQueue() throws Exception {
        broker = TestBroker.find();
        if (System.getenv("MPP_TEST_REQUIRE_RABBITMQ") != null) {
            assertThat(broker).as("RabbitMQ (MPP_TEST_REQUIRE_RABBITMQ is set)").isNotNull();
        }
        Assumptions.assumeTrue(broker != null, "no RabbitMQ");
        try (var connection = broker.connectionFactory().newConnection(); var channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
        }
        connectionFactory = new CachingConnectionFactory(broker.connectionFactory());
    }

    @AfterEach
    void deleteQueue() throws Exception {
        if (broker == null) {
            return;
        }
        if (overlap != null) {
            overlap.close();
        }
        connectionFactory.destroy();
        try (var connection = broker.connectionFactory().newConnection(); var channel = connection.createChannel()) {
            channel.queueDelete(queue);
        }
    }

    @Test
    void takesTheNextRequestWhileAPartitionDrainsAndNeverScansTwoAtOnce() throws Exception {
        publish("second", "third");
        List<String> taken = new CopyOnWriteArrayList<>();
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        CountDownLatch secondStarted = new CountDownLatch(1);
        CountDownLatch secondMayDrain = new CountDownLatch(1);
        CountDownLatch secondEnded = new CountDownLatch(1);
        overlap = new PartitionOverlap(connectionFactory, queue, (payload, turn) -> {
            taken.add(payload);
            try {
                switch (payload) {
                    case "first" -> {
                        assertThat(readyMessages()).as("nothing is taken before the partition drains").isEqualTo(2);
                        turn.inputExhausted();
                        firstMayEnd.await();
                    }
                    case "second" -> {
                        secondStarted.countDown();
                        secondMayDrain.await();
                        turn.inputExhausted();
                        secondEnded.countDown();
                    }
                    default -> throw new AssertionError("took " + payload + " while another partition was scanning");
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CountDownLatch consumerReturned = new CountDownLatch(1);
        Thread consumer = Thread.ofVirtual().start(() -> {
            try {
                overlap.consume("first");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumerReturned.countDown();
        });

        assertThat(secondStarted.await(10, TimeUnit.SECONDS)).as("the next request was taken while the first drained")
                .isTrue();
        assertThat(readyMessages()).as("the third stays in the queue for other workers").isEqualTo(1);
        firstMayEnd.countDown();
        assertThat(consumerReturned.await(500, TimeUnit.MILLISECONDS))
                .as("the consumer waits while the second partition still hands out domains").isFalse();
        secondMayDrain.countDown();
        assertThat(consumerReturned.await(10, TimeUnit.SECONDS)).isTrue();
        consumer.join();
        assertThat(secondEnded.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300); // the acknowledgement follows the partition's end
        overlap.close();
        Thread.sleep(300);
        assertThat(taken).containsExactly("first", "second");
        assertThat(readyMessages()).as("the second was acknowledged, the third is still there").isEqualTo(1);
    }

    @Test
    void aRequestTakenWhileAnotherDrainsGoesBackToTheQueueWhenItFails() throws Exception {
        publish("failing");
        CountDownLatch failed = new CountDownLatch(1);
        overlap = new PartitionOverlap(connectionFactory, queue, (payload, turn) -> {
            if (payload.equals("failing")) {
                failed.countDown();
                throw new IllegalStateException("database down");
            }
            turn.inputExhausted();
            try {
                assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        overlap.consume("first");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (readyMessages() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(readyMessages()).isEqualTo(1);
    }

    private void publish(String... payloads) throws Exception {
        try (var connection = broker.connectionFactory().newConnection(); var channel = connection.createChannel()) {
            for (String payload : payloads) {
                channel.basicPublish("", queue, null, payload.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private long readyMessages() throws Exception {
        try (var connection = broker.connectionFactory().newConnection(); var channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }
}

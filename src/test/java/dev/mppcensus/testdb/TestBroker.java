package dev.mppcensus.testdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The RabbitMQ the remote-partitioning tests use: the service on 127.0.0.1:5672 (guest/guest) when it
 * runs, else a Testcontainers RabbitMQ where Docker runs (started once per test JVM, stopped at its
 * exit), else none.
 */
public final class TestBroker {

    private static final String LOCAL_HOST = "127.0.0.1";
    private static final int LOCAL_PORT = 5672;
    private static final String IMAGE = "rabbitmq:4-management";

    private static TestBroker shared;

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final RabbitMQContainer container;

    private TestBroker(String host, int port, String username, String password, RabbitMQContainer container) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.container = container;
    }

    /** The broker for this test JVM, or {@code null} when neither the local service nor Docker is there. */
    public static synchronized TestBroker find() {
        if (shared == null) {
            if (reachable(LOCAL_HOST, LOCAL_PORT)) {
                shared = new TestBroker(LOCAL_HOST, LOCAL_PORT, "guest", "guest", null);
            } else if (dockerAvailable()) {
                RabbitMQContainer container = new RabbitMQContainer(IMAGE);
                container.start();
                shared = new TestBroker(container.getHost(), container.getAmqpPort(), container.getAdminUsername(),
                        container.getAdminPassword(), container);
            }
        }
        return shared;
    }

    public String describe() {
        return container == null ? "the RabbitMQ service at " + host + ":" + port : "a Testcontainers " + IMAGE;
    }

    /** The Spring Boot settings that point the application (this JVM's or another's) at this broker. */
    public List<String> springProperties() {
        return List.of("spring.rabbitmq.host=" + host, "spring.rabbitmq.port=" + port,
                "spring.rabbitmq.username=" + username, "spring.rabbitmq.password=" + password);
    }

    /** Points the application run in this JVM (the in-process manager) at this broker. */
    public void applyToThisJvm() {
        for (String property : springProperties()) {
            int equals = property.indexOf('=');
            System.setProperty(property.substring(0, equals), property.substring(equals + 1));
        }
    }

    public ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        return factory;
    }

    /** Stops and starts the RabbitMQ application (the node keeps its durable queues and persistent messages). */
    public void restart() throws Exception {
        rabbitmqctl("stop_app");
        rabbitmqctl("start_app");
    }

    private void rabbitmqctl(String command) throws Exception {
        if (container != null) {
            ExecResult result = container.execInContainer("rabbitmqctl", command);
            assertThat(result.getExitCode()).as("rabbitmqctl " + command + ": " + result.getStderr()).isZero();
            return;
        }
        Process process = new ProcessBuilder("rabbitmqctl", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("rabbitmqctl " + command + ": " + output).isZero();
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}

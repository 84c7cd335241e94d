package dev.mppcensus.testdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.ConnectionFactory;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The RabbitMQ the remote-partitioning tests use: the service on 127.0.0.1:5672 (guest/guest) when it
 * runs, else a Testcontainers {@value #IMAGE} where it can start without pulling ({@link LocalDocker};
 * started once per test JVM, stopped at its exit), else none. {@code MPP_TEST_RABBITMQ=local} or
 * {@code =testcontainers} asks for one of the two only. The first use says on stderr which one the run
 * uses, and why.
 */
public final class TestBroker {

    private static final String LOCAL_HOST = "127.0.0.1";
    private static final int LOCAL_PORT = 5672;
    private static final String IMAGE = "rabbitmq:4-management";

    private static boolean looked;
    private static TestBroker shared;

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final RabbitMQContainer container;
    /** The local service's rabbitmqctl, once looked for (empty when it cannot control the node). */
    private Optional<Path> localControl;

    private TestBroker(String host, int port, String username, String password, RabbitMQContainer container) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.container = container;
    }

    /** The broker for this test JVM, or {@code null} when neither the local service nor Testcontainers can serve. */
    public static synchronized TestBroker find() {
        if (!looked) {
            looked = true;
            String wanted = System.getenv().getOrDefault("MPP_TEST_RABBITMQ", "");
            boolean local = !wanted.equals("testcontainers") && reachable(LOCAL_HOST, LOCAL_PORT);
            LocalDocker.Verdict docker = local || wanted.equals("local") ? null : LocalDocker.canStart(IMAGE);
            if (local) {
                shared = new TestBroker(LOCAL_HOST, LOCAL_PORT, "guest", "guest", null);
            } else if (docker != null && docker.canStart()) {
                RabbitMQContainer container = new RabbitMQContainer(IMAGE);
                container.start();
                shared = new TestBroker(container.getHost(), container.getAmqpPort(), container.getAdminUsername(),
                        container.getAdminPassword(), container);
            }
            System.err.printf("[test broker] %s%s%n", shared == null ? "none" : shared.describe(),
                    docker == null ? "" : " (Docker: " + docker.reason() + ")");
        }
        return shared;
    }

    public String describe() {
        return container == null ? "the RabbitMQ service at " + host + ":" + port
                : "a Testcontainers " + IMAGE + " at " + host + ":" + port;
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

    /**
     * Whether {@link #restart()} can work: always for a Testcontainers broker; for the local service,
     * when {@code rabbitmqctl} is found (on {@code PATH} or in the sbin directories, where Debian puts
     * it) and may control the node ({@code rabbitmqctl status} succeeds: it needs the node's Erlang
     * cookie, which only root and the rabbitmq user can usually read).
     */
    public synchronized boolean canRestart() {
        if (container != null) {
            return true;
        }
        if (localControl == null) {
            localControl = findRabbitmqctl().filter(command -> {
                try {
                    return run(command, "status").exitCode() == 0;
                } catch (IOException | InterruptedException e) {
                    return false;
                }
            });
        }
        return localControl.isPresent();
    }

    private static Optional<Path> findRabbitmqctl() {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        directories.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        return directories.stream().filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, "rabbitmqctl")).filter(Files::isExecutable).findFirst();
    }

    /** Stops and starts the RabbitMQ application (the node keeps its durable queues and persistent messages). */
    public void restart() throws Exception {
        assertThat(canRestart()).as("rabbitmqctl can control the broker").isTrue();
        rabbitmqctl("stop_app");
        rabbitmqctl("start_app");
    }

    private void rabbitmqctl(String command) throws Exception {
        if (container != null) {
            ExecResult result = container.execInContainer("rabbitmqctl", command);
            assertThat(result.getExitCode()).as("rabbitmqctl " + command + ": " + result.getStderr()).isZero();
            return;
        }
        Outcome outcome = run(localControl.orElseThrow(), command);
        assertThat(outcome.exitCode()).as("rabbitmqctl " + command + ": " + outcome.output()).isZero();
    }

    private record Outcome(int exitCode, String output) {
    }

    private static Outcome run(Path rabbitmqctl, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(rabbitmqctl.toString(), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Outcome(-1, output + " (no answer within 60 s)");
        }
        return new Outcome(process.exitValue(), output);
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

package dev.mppcensus.bench;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Worker processes ({@code mpp-census worker}) for a benchmark run of {@code scan --workers remote}:
 * started before the manager and waiting on the run's queue, measured (CPU, peak RSS) from
 * {@code /proc}, stopped after the run.
 */
final class RemoteWorkers implements AutoCloseable {

    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    private final List<Process> processes;
    private final String queue;

    private RemoteWorkers(List<Process> processes, String queue) {
        this.processes = processes;
        this.queue = queue;
    }

    /** Starts {@code count} workers on {@code queue} and waits until each listens on it. */
    static RemoteWorkers start(int count, List<String> jvmArgs, Path jar, String databaseUrl, String queue,
            Path logPrefix) throws Exception {
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            command.addAll(jvmArgs);
            command.addAll(List.of("-jar", jar.toString(), "worker", "--queue", queue));
            Path log = Path.of(logPrefix + "-worker" + i + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("SPRING_DATASOURCE_URL", databaseUrl);
            processes.add(builder.start());
            logs.add(log);
        }
        RemoteWorkers workers = new RemoteWorkers(processes, queue);
        try {
            await("every worker listening on " + queue).atMost(120, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                    .until(() -> {
                        if (processes.stream().anyMatch(p -> !p.isAlive())) {
                            throw new IllegalStateException("a worker ended while starting; see " + logs);
                        }
                        for (Path log : logs) {
                            if (!Files.readString(log).contains("taking partitions from RabbitMQ queue")) {
                                return false;
                            }
                        }
                        return true;
                    });
        } catch (RuntimeException notStarted) {
            workers.close();
            throw new IllegalStateException("the workers did not start; see " + logs, notStarted);
        }
        return workers;
    }

    /** CPU seconds (user + system) the workers have used so far. */
    double cpuSeconds() {
        double total = 0;
        for (Process process : processes) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
            } catch (IOException | RuntimeException e) {
                // gone
            }
        }
        return total;
    }

    /** The largest peak RSS (VmHWM) among the workers, in KiB. */
    long maxPeakRssKiB() {
        long peak = 0;
        for (Process process : processes) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                    if (line.startsWith("VmHWM:")) {
                        peak = Math.max(peak, Long.parseLong(line.replaceAll("\\D", "")));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // gone
            }
        }
        return peak;
    }

    int count() {
        return processes.size();
    }

    /** Stops the workers, then deletes the run's queue (each benchmark run has its own). */
    @Override
    public void close() throws Exception {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        ConnectionFactory broker = new ConnectionFactory();
        broker.setHost(System.getenv().getOrDefault("SPRING_RABBITMQ_HOST", "127.0.0.1"));
        broker.setPort(Integer.parseInt(System.getenv().getOrDefault("SPRING_RABBITMQ_PORT", "5672")));
        broker.setUsername(System.getenv().getOrDefault("SPRING_RABBITMQ_USERNAME", "guest"));
        broker.setPassword(System.getenv().getOrDefault("SPRING_RABBITMQ_PASSWORD", "guest"));
        try (Connection connection = broker.newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDelete(queue);
        }
    }
}

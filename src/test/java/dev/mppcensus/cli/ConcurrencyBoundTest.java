package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWeb;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.testdb.TestBroker;
import dev.mppcensus.testdb.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --concurrency} bound, as the web server sees it: a run never has more domains in flight
 * than asked, whether its partitions run in this process (several at once, sharing the run's bound)
 * or in a worker (several at once, sharing the worker's own {@code --concurrency}), although each
 * partition's chunk offers more domains than that. Every homepage answers after {@value #ANSWER_MILLIS}
 * ms, and the homepage is all a domain's scan asks for ({@code --checks link}), so the hosts with an
 * open homepage request at any moment are domains in flight.
 */
class ConcurrencyBoundTest {

    private static final int DOMAINS = 96;
    private static final long ANSWER_MILLIS = 200;

    @TempDir
    static Path dir;

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(hosts()).routingEveryHost();

    /** When each homepage request arrived (a scan asks twice: HEAD, then GET): (host, nanoTime). */
    private static final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private static Path list;
    private static TestBroker broker;

    private record Arrival(String host, long nanos) {
    }

    @BeforeAll
    static void startFleet() throws Exception {
        FixtureWebServer server = web.server();
        for (String host : hosts()) {
            server.route(host, "/", request -> {
                arrivals.add(new Arrival(request.host(), System.nanoTime()));
                return FixtureResponse.ok("<html></html>").delay(Duration.ofMillis(ANSWER_MILLIS));
            });
        }
        list = Files.write(dir.resolve("bound.txt"), hosts());
    }

    @BeforeEach
    void forgetEarlierRequests() {
        arrivals.clear();
    }

    private static List<String> hosts() {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < DOMAINS; i++) {
            hosts.add("b%03d.bound.test".formatted(i));
        }
        return hosts;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aLocalRunScanningFourPartitionsAtOnceHasNoMoreDomainsInFlightThanItsConcurrency() {
        // given 4 partitions scanned at once, each offering a chunk of 12 domains, and --concurrency 4
        CliRunner.Result run = CliRunner.run(scan("bound-local", "--concurrency", "4", "--partitions", "4",
                "--parallel-partitions", "4", "--chunk-size", "12"));

        // then every domain was scanned, never more than 4 at once, and 4 at once at some moment
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("domains scanned    " + DOMAINS);
        assertThat(arrivals.stream().map(Arrival::host).distinct()).hasSize(DOMAINS);
        assertThat(mostHostsAnsweredAtOnce()).isEqualTo(4);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aWorkerScanningFourPartitionsAtOnceHasNoMoreDomainsInFlightThanItsOwnConcurrency() throws Exception {
        broker = TestBroker.find();
        if (System.getenv("MPP_TEST_REQUIRE_RABBITMQ") != null) {
            assertThat(broker).as("RabbitMQ at 127.0.0.1:5672 or Docker (MPP_TEST_REQUIRE_RABBITMQ is set)").isNotNull();
        }
        Assumptions.assumeTrue(broker != null, "neither RabbitMQ at 127.0.0.1:5672 nor Docker for a Testcontainers one");
        broker.applyToThisJvm();
        String queue = "mpp-census.test.bound." + UUID.randomUUID();
        Path logs = Files.createDirectories(Path.of("target", "concurrency-bound"));
        // given a worker that scans 4 partitions at once with --concurrency 3 of its own, and a run that asks for 50
        ApplicationProcess worker = ApplicationProcess.start(TestDatabase.jdbcUrl(), logs.resolve("worker.log"),
                broker.springProperties(), List.of("worker", "--queue", queue, "--concurrency", "3",
                        "--parallel-partitions", "4", "--chunk-size", "12"));
        try {
            CliRunner.Result run = CliRunner.run(scan("bound-remote", "--workers", "remote", "--queue", queue,
                    "--concurrency", "50", "--partitions", "4"));

            // then every domain was scanned, never more than 3 at once, and 3 at once at some moment
            assertThat(run.exitCode()).as(run.out() + run.err() + worker.output()).isZero();
            assertThat(run.out()).contains("domains scanned    " + DOMAINS);
            assertThat(arrivals.stream().map(Arrival::host).distinct()).hasSize(DOMAINS);
            assertThat(mostHostsAnsweredAtOnce()).isEqualTo(3);
        } finally {
            worker.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            try (var connection = broker.connectionFactory().newConnection(); var channel = connection.createChannel()) {
                channel.queueDelete(queue);
            }
        }
    }

    @AfterAll
    static void forgetTheBroker() {
        if (broker != null) {
            broker.springProperties().forEach(property -> System.clearProperty(property.substring(0, property.indexOf('='))));
        }
    }

    private static String[] scan(String listName, String... more) {
        List<String> args = new ArrayList<>(List.of("scan", list.toString(), "--list-name", listName,
                "--run-date", "2026-11-21", "--checks", "link", "--timeout", "5s"));
        args.addAll(web.cliOptions());
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * The most hosts whose homepage request was open at one moment: each request is open at least from
     * its arrival until the server answers it, {@value #ANSWER_MILLIS} ms later.
     */
    private static int mostHostsAnsweredAtOnce() {
        long answer = TimeUnit.MILLISECONDS.toNanos(ANSWER_MILLIS);
        List<long[]> events = new ArrayList<>(); // {nanos, +1 or -1, host index}
        List<String> hosts = new ArrayList<>();
        for (Arrival arrival : arrivals) {
            int host = hosts.indexOf(arrival.host());
            if (host < 0) {
                hosts.add(arrival.host());
                host = hosts.size() - 1;
            }
            events.add(new long[] {arrival.nanos(), +1, host});
            events.add(new long[] {arrival.nanos() + answer, -1, host});
        }
        // at equal times, answers come before arrivals: a request answered as another arrives is not overlap
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        Map<Long, Integer> openPerHost = new HashMap<>();
        int open = 0;
        int most = 0;
        for (long[] event : events) {
            int before = openPerHost.getOrDefault(event[2], 0);
            int after = before + (int) event[1];
            openPerHost.put(event[2], after);
            if (before == 0 && after > 0) {
                open++;
            } else if (before > 0 && after == 0) {
                open--;
            }
            most = Math.max(most, open);
        }
        return most;
    }
}

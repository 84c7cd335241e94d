package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.TestCertificateAuthority;
import dev.mppcensus.testdb.TestBroker;
import dev.mppcensus.testdb.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Remote partitioning over the RabbitMQ service of this machine (127.0.0.1:5672, guest/guest), or a
 * Testcontainers RabbitMQ where Docker runs and the service does not ({@link TestBroker}); each test
 * uses its own queue: workers are real application processes in their own JVMs; the manager
 * runs in-process or as a process of its own when the test kills it. Checks that a manager and two
 * workers store exactly what a local run stores, that a worker killed with SIGKILL mid-partition
 * loses nothing and writes nothing twice (its partition is resumed by another worker, one that
 * joined mid-run), and that a killed manager's run, restarted, runs only its unfinished partitions.
 */
class RemotePartitioningTest {

    private static final int DOMAINS = 150;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private static TestBroker broker;
    private static FixtureWebServer server;
    private static final List<String> network = new ArrayList<>();
    private static Path list;
    private static volatile int latencyMillis = 20;

    private final List<ApplicationProcess> processes = new ArrayList<>();
    private final String queue = "mpp-census.test." + UUID.randomUUID();

    @BeforeAll
    static void startFleet() throws Exception {
        broker = TestBroker.find();
        if (System.getenv("MPP_TEST_REQUIRE_RABBITMQ") != null) {
            assertThat(broker).as("RabbitMQ at 127.0.0.1:5672 or Docker (MPP_TEST_REQUIRE_RABBITMQ is set)").isNotNull();
        }
        Assumptions.assumeTrue(broker != null, "neither RabbitMQ at 127.0.0.1:5672 nor Docker for a Testcontainers one");
        broker.applyToThisJvm();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < DOMAINS; i++) {
            hosts.add(domain(i));
        }
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        server = FixtureWebServer.start(ca, hosts);
        for (int i = 0; i < DOMAINS; i++) {
            String host = domain(i);
            switch (i % 5) {
                case 0 -> {
                    server.route(host, "/", request -> FixtureResponse.ok("<html></html>").delay(latency()));
                    server.route(host, "/.well-known/ai-agent.json", request -> FixtureResponse
                            .json("{\"payments\":{\"mpp\":\"https://" + host + "/mpp\"}}").delay(latency()));
                    server.route(host, "/mpp", request -> FixtureResponse.ok("free").delay(latency()));
                }
                case 1 -> {
                    server.route(host, "/", request -> FixtureResponse.ok("<html></html>")
                            .header("Link", "<https://" + host + "/pay>; rel=\"mpp-endpoint\"").delay(latency()));
                    server.route(host, "/pay", request -> FixtureResponse.status(404).body("gone").delay(latency()));
                }
                case 2 -> server.route(host, "/.well-known/ai-agent.json",
                        request -> FixtureResponse.json("{\"payments\":{\"x402\":\"https://" + host + "/x\"}}")
                                .delay(latency()));
                case 3 -> server.route(host, "/", request -> FixtureResponse.status(500).body("oops").delay(latency()));
                default -> server.route(host, "/", request -> FixtureResponse.ok("<html></html>").delay(latency()));
            }
        }
        network.addAll(List.of("--ca-file", ca.writeCaPem(dir).toString(), "--timeout", "5s", "--checks",
                "well-known,link,endpoint"));
        server.catchAllConnectToRules().forEach(rule -> network.addAll(List.of("--connect-to", rule.toString())));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < DOMAINS; i++) {
            lines.add((i + 1) + "," + domain(i));
        }
        lines.add(3, "not a domain!");
        list = Files.write(dir.resolve("remote-fleet.csv"), lines);
    }

    @AfterAll
    static void stopFleet() {
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.springProperties().forEach(property -> System.clearProperty(property.substring(0, property.indexOf('='))));
        }
    }

    @AfterEach
    void stopProcesses() throws Exception {
        for (ApplicationProcess process : processes) {
            process.process().destroyForcibly();
            process.process().waitFor(10, TimeUnit.SECONDS);
        }
        latencyMillis = 20;
        try (var connection = broker.connectionFactory().newConnection(); var channel = connection.createChannel()) {
            channel.queueDelete(queue);
        }
    }

    private static String domain(int i) {
        return "r%03d.remote.test".formatted(i);
    }

    private static Duration latency() {
        return Duration.ofMillis(latencyMillis + ThreadLocalRandom.current().nextInt(0, latencyMillis + 1));
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aManagerAndTwoWorkersStoreExactlyWhatALocalRunStores() throws Exception {
        ApplicationProcess a = worker("a", "--concurrency", "8");
        worker("b", "--concurrency", "8");

        CliRunner.Result remote = CliRunner.run(scan("remote-equal", "--workers", "remote", "--partitions", "6"));
        assertThat(remote.exitCode()).as(remote.out() + remote.err()).isZero();
        CliRunner.Result local = CliRunner.run(scan("local-equal"));
        assertThat(local.exitCode()).as(local.out() + local.err()).isZero();

        long remoteRun = runId("remote-equal");
        long localRun = runId("local-equal");
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + remoteRun)).isEqualTo(DOMAINS);
        assertThat(count("SELECT count(*) FROM rejected_line WHERE run_id = " + remoteRun)).isOne();
        assertThat(count("SELECT count(*) FROM census_run WHERE id = " + remoteRun + " AND status = 'completed' AND "
                + "domains_scanned = " + DOMAINS)).isOne();
        assertThat(exported(remoteRun)).isEqualTo(exported(localRun));
        assertThat(exported(localRun)).hasSize(DOMAINS);

        assertThat(count("SELECT count(*) FROM batch_step_execution s JOIN batch_job_execution j USING "
                + "(job_execution_id) WHERE j.job_instance_id = " + remoteRun + " AND s.step_name LIKE 'scanPartition:%' "
                + "AND s.status = 'COMPLETED'")).isEqualTo(6);
        // which worker took which partitions is the broker's choice: only that all six completed is asserted
        assertThat(remote.out()).contains("domains scanned").containsPattern("database writes .* of the [0-9.]+ s the partitions ran");

        // a worker stopped with SIGTERM between runs says so and prints no stack trace
        a.process().destroy();
        a.awaitExit(Duration.ofSeconds(30));
        assertThat(a.output()).contains("worker: stopping").doesNotContain("Exception");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aWorkerKilledMidPartitionLosesNothingAndWritesNothingTwice() throws Exception {
        latencyMillis = 100;
        // one partition at a time each, so that the doomed worker surely holds one when it is killed
        ApplicationProcess doomed = worker("doomed", "--concurrency", "3", "--chunk-size", "3", "--parallel-partitions", "1");
        ApplicationProcess survivor = worker("survivor", "--concurrency", "3", "--chunk-size", "3", "--parallel-partitions", "1");
        ApplicationProcess manager = start("manager", scan("remote-kill", "--workers", "remote", "--partitions", "4"));

        // kill one worker once it has committed part of a partition
        doomed.awaitState(() -> doomed.output().contains("taking run") ? count("SELECT count(*) FROM scan_result r "
                + "JOIN census_run c ON c.id = r.run_id WHERE c.list_name = 'remote-kill'") : 0, n -> n >= DOMAINS / 5);
        String taken = lastMatch(doomed.output(), "taking run \\d+ (scanPartition:partition\\d+)");
        assertThat(doomed.output()).doesNotContain(taken + " ended");
        doomed.process().destroyForcibly();
        assertThat(doomed.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        long runId = runId("remote-kill");
        long atKill = count("SELECT count(*) FROM scan_result WHERE run_id = " + runId);
        ApplicationProcess latecomer = worker("latecomer", "--concurrency", "3", "--chunk-size", "3",
                "--parallel-partitions", "1");

        assertThat(manager.awaitExit(Duration.ofSeconds(120))).as(manager.output()).isZero();
        System.out.printf("killed a worker in %s at %d of %d results%n", taken, atKill, DOMAINS);
        assertThat(atKill).isLessThan(DOMAINS);
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId)).isEqualTo(DOMAINS);
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId + " AND attempt <> 1"))
                .as("no domain written twice").isZero();
        assertThat(count("SELECT count(*) FROM census_run WHERE id = " + runId + " AND status = 'completed'")).isOne();
        // the killed worker's partition was taken again (a second attempt) and resumed, not restarted
        assertThat(survivor.output() + latecomer.output()).containsPattern(taken + " \\(lines \\d+-\\d+, attempt 2\\)");
        assertThat(count("SELECT count(*) FROM batch_step_execution s JOIN batch_job_execution j USING "
                + "(job_execution_id) WHERE j.job_instance_id = " + runId + " AND s.step_name LIKE 'scanPartition:%' "
                + "AND s.status = 'COMPLETED'")).isEqualTo(4);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aRunWhoseManagerAndWorkerWereKilledRestartsOnlyItsUnfinishedPartitions() throws Exception {
        latencyMillis = 60;
        ApplicationProcess worker = worker("first", "--concurrency", "4", "--chunk-size", "4");
        ApplicationProcess manager = start("manager", scan("remote-restart", "--workers", "remote", "--partitions", "5"));
        String completedPartitions = "SELECT count(*) FROM batch_step_execution WHERE step_name LIKE 'scanPartition:%' "
                + "AND status = 'COMPLETED' AND job_execution_id IN (SELECT job_execution_id FROM batch_job_execution j "
                + "JOIN census_run c ON c.id = j.job_instance_id WHERE c.list_name = 'remote-restart')";
        // a whole crash: the manager and the worker die with SIGKILL two partitions into the run
        manager.awaitState(() -> count(completedPartitions), n -> n >= 2);
        worker.process().destroyForcibly();
        manager.process().destroyForcibly();
        assertThat(worker.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(manager.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        long runId = runId("remote-restart");
        long completedBefore = count(completedPartitions);
        long resultsBefore = count("SELECT count(*) FROM scan_result WHERE run_id = " + runId);
        assertThat(completedBefore).isLessThan(5);

        worker("second", "--concurrency", "4", "--chunk-size", "4");
        CliRunner.Result restarted = CliRunner.run("restart", "--run", Long.toString(runId));
        assertThat(restarted.exitCode()).as(restarted.out() + restarted.err()).isZero();
        System.out.printf("restarted after %d of 5 partitions and %d of %d results%n", completedBefore, resultsBefore,
                DOMAINS);

        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId)).isEqualTo(DOMAINS);
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId + " AND attempt <> 1"))
                .as("no domain written twice").isZero();
        assertThat(count("SELECT count(*) FROM census_run WHERE id = " + runId + " AND status = 'completed'")).isOne();
        String partitions = "SELECT count(*) FROM batch_step_execution s JOIN batch_job_execution j USING "
                + "(job_execution_id) WHERE j.job_instance_id = " + runId + " AND s.step_name LIKE 'scanPartition:%'";
        // each of the 5 partitions completed once; the restart ran only those that had not completed
        assertThat(count(partitions + " AND s.status = 'COMPLETED'")).isEqualTo(5);
        assertThat(count("SELECT count(DISTINCT s.step_name) FROM batch_step_execution s JOIN batch_job_execution j "
                + "USING (job_execution_id) WHERE j.job_instance_id = " + runId + " AND s.step_name LIKE 'scanPartition:%' "
                + "AND s.status = 'COMPLETED'")).isEqualTo(5);
        assertThat(count(partitions + " AND j.job_execution_id = (SELECT max(job_execution_id) FROM batch_job_execution "
                + "WHERE job_instance_id = " + runId + ")")).isEqualTo(5 - completedBefore);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void partitionRequestsSurviveABrokerRestart() throws Exception {
        String noControl = "rabbitmqctl cannot control " + broker.describe() + " (not found, or not allowed for this user)";
        if (System.getenv("MPP_TEST_REQUIRE_RABBITMQ") != null) {
            assertThat(broker.canRestart()).as(noControl + " and MPP_TEST_REQUIRE_RABBITMQ is set").isTrue();
        }
        Assumptions.assumeTrue(broker.canRestart(), noControl);
        ApplicationProcess manager = start("manager", scan("remote-broker", "--workers", "remote", "--partitions", "4"));
        manager.awaitState(this::queuedMessages, n -> n == 4);
        // the broker stops and starts again with no consumer attached: the durable queue keeps the persistent requests
        broker.restart();
        assertThat(queuedMessages()).isEqualTo(4);
        worker("after-restart-a", "--concurrency", "8");
        worker("after-restart-b", "--concurrency", "8");
        assertThat(manager.awaitExit(Duration.ofSeconds(120))).as(manager.output()).isZero();
        long runId = runId("remote-broker");
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId)).isEqualTo(DOMAINS);
        assertThat(count("SELECT count(*) FROM census_run WHERE id = " + runId + " AND status = 'completed'")).isOne();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aBrokerThatCannotBeReachedFailsTheRunWithOneLineAndRestartResumesIt() throws Exception {
        System.setProperty("spring.rabbitmq.port", "1");
        CliRunner.Result failed;
        try {
            failed = CliRunner.run(scan("remote-nobroker", "--workers", "remote"));
        } finally {
            broker.applyToThisJvm();
        }
        assertThat(failed.exitCode()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(failed.out()).contains("cannot reach RabbitMQ to declare queue").contains("restart --run");
        System.setProperty("spring.rabbitmq.port", "1");
        try {
            CliRunner.Result worker = CliRunner.run("worker", "--queue", queue);
            assertThat(worker.exitCode()).isEqualTo(ExitCodes.SOFTWARE);
            assertThat(worker.err().strip()).startsWith("mpp-census: cannot reach RabbitMQ to declare queue").doesNotContain("\n");
        } finally {
            broker.applyToThisJvm();
        }
        long runId = runId("remote-nobroker");
        assertThat(count("SELECT count(*) FROM run_domain WHERE run_id = " + runId)).isEqualTo(DOMAINS);

        worker("after-outage", "--concurrency", "8");
        CliRunner.Result restarted = CliRunner.run("restart", "--run", Long.toString(runId));
        assertThat(restarted.exitCode()).as(restarted.out() + restarted.err()).isZero();
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId)).isEqualTo(DOMAINS);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aWorkerOnAnotherDatabaseLeavesTheRunsPartitionsToTheWorkersOnItsOwn() throws Exception {
        String other = "mpp_test_other_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + other);
        }
        String otherUrl = TestDatabase.jdbcUrl().replaceFirst("/[^/?]+\\?", "/" + other + "?");
        try {
            Path logs = Files.createDirectories(Path.of("target", "remote-partitioning"));
            ApplicationProcess misconfigured = ApplicationProcess.start(otherUrl, logs.resolve("worker-other-db.log"),
                    broker.springProperties(), List.of("worker", "--queue", queue));
            processes.add(misconfigured);
            misconfigured.awaitState(() -> misconfigured.output().contains("taking partitions from") ? 1 : 0, n -> n == 1);
            worker("right-db", "--concurrency", "8");

            CliRunner.Result remote = CliRunner.run(scan("remote-otherdb", "--workers", "remote", "--partitions", "8"));

            assertThat(remote.exitCode()).as(remote.out() + remote.err()).isZero();
            long runId = runId("remote-otherdb");
            assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId)).isEqualTo(DOMAINS);
            assertThat(misconfigured.output()).contains("is not in this worker's database").doesNotContain("taking run");
        } finally {
            for (ApplicationProcess process : processes) {
                process.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + other + " WITH (FORCE)");
            }
        }
    }

    /** Messages ready in this test's queue (0 while the queue does not exist or the broker is down). */
    private long queuedMessages() {
        try (var connection = broker.connectionFactory().newConnection(); var channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (java.io.IOException | java.util.concurrent.TimeoutException e) {
            return 0;
        }
    }

    private String[] scan(String listName, String... more) {
        List<String> args = new ArrayList<>(List.of("scan", list.toString(), "--list-name", listName, "--run-date",
                "2026-11-20", "--concurrency", "6", "--chunk-size", "5", "--queue", queue));
        args.addAll(network);
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private ApplicationProcess worker(String name, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("worker", "--queue", queue));
        args.addAll(List.of(options));
        return start("worker-" + name, args.toArray(String[]::new));
    }

    private ApplicationProcess start(String name, String... args) throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "remote-partitioning"));
        ApplicationProcess process = ApplicationProcess.start(TestDatabase.jdbcUrl(),
                logs.resolve(name + "-" + queue.substring(queue.length() - 8) + ".log"), broker.springProperties(),
                List.of(args));
        processes.add(process);
        return process;
    }

    /** The run's export, one record per domain without what differs between runs (ids, times, durations). */
    private static Map<String, JsonNode> exported(long runId) {
        CliRunner.Result export = CliRunner.run("export", "--run", Long.toString(runId), "--format", "jsonl");
        assertThat(export.exitCode()).as(export.err()).isZero();
        Map<String, JsonNode> records = new TreeMap<>();
        export.out().lines().forEach(line -> {
            ObjectNode record = (ObjectNode) JSON.readTree(line);
            record.remove(List.of("run_id", "scanned_at", "duration_ms", "evidence"));
            records.put(record.get("domain").asString(), record);
        });
        return records;
    }

    private static String lastMatch(String text, String regex) {
        var matcher = java.util.regex.Pattern.compile(regex).matcher(text);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        assertThat(last).as("no match of %s in:%n%s", regex, text).isNotNull();
        return last;
    }

    private static long runId(String listName) throws SQLException {
        return count("SELECT id FROM census_run WHERE list_name = '" + listName + "'");
    }

    private static long count(String sql) throws SQLException {
        return TestDatabase.queryNumber(sql);
    }
}

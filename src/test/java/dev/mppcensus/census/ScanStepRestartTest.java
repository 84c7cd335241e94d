package dev.mppcensus.census;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mppcensus.MppCensusApplication;
import dev.mppcensus.domainlist.DomainListFile;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.testdb.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The census job in process, on a database of its own: a run whose writer fails after four chunks
 * (PostgreSQL refuses the 21st result) fails with those four chunks' results stored, and its restart
 * completes the run with every domain's result exactly once; a run whose partition's end could not be
 * saved because the database connection broke ends failed, not UNKNOWN, so that it can be restarted;
 * and a partition whose execution was recovered elsewhere (its process presumed dead) commits nothing
 * more. One partition runs at a time and each chunk holds five results, so where the run fails is fixed.
 * The domains' addresses refuse connections (every request goes to a closed port on loopback), so
 * every domain scans fast.
 */
@SpringBatchTest
@SpringBootTest(classes = MppCensusApplication.class)
class ScanStepRestartTest {

    private static final int DOMAINS = 40;
    private static final String DATABASE = "mpp_test_restart_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    @TempDir
    static Path dir;

    @Autowired
    JobOperatorTestUtils jobs;

    @Autowired
    @Qualifier("censusJob")
    Job censusJob;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JobOperator jobOperator;

    @Autowired
    JobRepository jobRepository;

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) throws Exception {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        registry.add("spring.datasource.url", ScanStepRestartTest::databaseUrl);
    }

    private static String databaseUrl() {
        return TestDatabase.jdbcUrl().replaceFirst("/[^/?]+\\?", "/" + DATABASE + "?");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    @Test
    void aRunWhoseWriterFailsAfterFourChunksIsCompletedByItsRestartWithEveryResultOnce() throws Exception {
        // given 40 domains in 2 partitions scanned one at a time, 5 results per chunk, and a database
        // that refuses any result once the run has 20
        ScanRequest request = request("restart", closedPort(), 2);
        jdbc.execute("""
                CREATE FUNCTION refuse_the_21st() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF (SELECT count(*) FROM scan_result WHERE run_id = NEW.run_id) >= 20 THEN
                    RAISE EXCEPTION 'refusing result %', NEW.domain;
                  END IF;
                  RETURN NEW;
                END $$""");
        jdbc.execute("CREATE TRIGGER refuse_the_21st BEFORE INSERT ON scan_result FOR EACH ROW "
                + "EXECUTE FUNCTION refuse_the_21st()");
        jobs.setJob(censusJob);

        // when the run fails in its fifth chunk
        JobExecution failed = jobs.startJob(request.toJobParameters());

        // then the four chunks before it are stored
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        long runId = failed.getJobInstance().getInstanceId();
        assertThat(results(runId)).isEqualTo(20);

        // when the cause is gone and the run is restarted
        jdbc.execute("DROP TRIGGER refuse_the_21st ON scan_result");
        JobExecution restarted = jobs.startJob(request.toJobParameters());

        // then it completes, having written only the other 20, and every domain has one result, written once
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(runId);
        assertThat(restarted.getStepExecutions().stream()
                .filter(step -> step.getStepName().equals(CensusJobConfiguration.SCAN_STEP))
                .mapToLong(step -> step.getWriteCount()).sum()).isEqualTo(20);
        assertThat(results(runId)).isEqualTo(DOMAINS);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT domain) FROM scan_result WHERE run_id = ? AND attempt = 1",
                Long.class, runId)).isEqualTo(DOMAINS);
        assertThat(jdbc.queryForObject("SELECT status FROM census_run WHERE id = ?", String.class, runId))
                .isEqualTo("completed");
    }

    @Test
    void aRunWhosePartitionsEndCouldNotBeSavedAsTheConnectionBrokeEndsFailedAndItsRestartCompletesIt() throws Exception {
        // given a database whose connection breaks (SQLSTATE 08006) the first time a partition's end is saved
        ScanRequest request = request("lost-end", closedPort(), 2);
        jdbc.execute("CREATE SEQUENCE partition_ends");
        jdbc.execute("""
                CREATE FUNCTION break_the_first_partition_end() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.step_name LIKE 'scanPartition:%' AND NEW.status = 'COMPLETED'
                     AND nextval('partition_ends') = 1 THEN
                    RAISE EXCEPTION 'connection broke while saving %', NEW.step_name USING ERRCODE = '08006';
                  END IF;
                  RETURN NEW;
                END $$""");
        jdbc.execute("CREATE TRIGGER break_the_first_partition_end BEFORE UPDATE ON batch_step_execution "
                + "FOR EACH ROW EXECUTE FUNCTION break_the_first_partition_end()");
        jobs.setJob(censusJob);

        // when the run goes on after its first partition's end was lost (its second save works)
        JobExecution failed = jobs.startJob(request.toJobParameters());
        jdbc.execute("DROP TRIGGER break_the_first_partition_end ON batch_step_execution");

        // then it ended failed, not UNKNOWN, with every domain scanned, and its restart completes it
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        long runId = failed.getJobInstance().getInstanceId();
        assertThat(jdbc.queryForList("SELECT DISTINCT status FROM batch_step_execution WHERE job_execution_id = ?",
                String.class, failed.getId())).doesNotContain("UNKNOWN");
        assertThat(results(runId)).isEqualTo(DOMAINS);
        JobExecution restarted = jobs.startJob(request.toJobParameters());
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(runId);
        assertThat(jdbc.queryForObject("SELECT max(attempt) FROM scan_result WHERE run_id = ?", Integer.class, runId))
                .isOne();
    }

    @Test
    void aPartitionWhoseExecutionWasRecoveredElsewhereCommitsNothingMore() throws Exception {
        try (Listeners.Listener blackhole = Listeners.blackhole()) {
            // given a run whose domains never answer, so that each chunk scans until its 3 s deadline
            ScanRequest request = request("superseded", blackhole.port(), 1);
            jobs.setJob(censusJob);
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    jobs.startJob(request.toJobParameters());
                } catch (Exception e) {
                    // the run's own end cannot be saved after the recovery: what it committed is checked below
                }
            });

            // when, while a chunk scans, another process takes the execution for dead and recovers it
            await().atMost(60, TimeUnit.SECONDS).until(() -> blackhole.acceptedConnections() > 0);
            JobExecution execution = jobRepository.getLastJobExecution(
                    jobRepository.getJobInstance(CensusJobConfiguration.JOB_NAME, request.identifyingParameters()));
            assertThat(execution.isRunning()).isTrue();
            long runId = execution.getJobInstance().getInstanceId();
            jobOperator.recover(execution);
            long atRecovery = results(runId);
            running.get(60, TimeUnit.SECONDS);

            // then the partition wrote nothing after the recovery: its chunk's progress update, in the
            // chunk's transaction, found its step execution changed (recovered) and rolled the chunk back
            assertThat(atRecovery).isLessThan(DOMAINS);
            assertThat(results(runId)).isEqualTo(atRecovery);
        }
    }

    /**
     * A run of list {@code name}: 40 domains in {@code partitions} partitions scanned one at a time, 5
     * results per chunk, a 3 s deadline, every domain's address {@code 127.0.0.1:port}.
     */
    private ScanRequest request(String name, int port, int partitions) throws Exception {
        Path list = Files.write(dir.resolve(name + ".txt"),
                IntStream.range(0, DOMAINS).mapToObj(("d%02d." + name + ".test")::formatted).toList());
        DomainListFile file = DomainListFile.open(list);
        return new ScanRequest(file.path(), name, file.sha256(), LocalDate.of(2026, 11, 30),
                ScanSettings.of(Map.of("chunk-size", 5, "concurrency", 4, "timeout", "3s", "connect-timeout", "1s",
                        "user-agent", "mpp-census-test", "connect-to", List.of("::127.0.0.1:" + port),
                        "per-ip-limit", 0, "retries", 0, "partitions", partitions, "parallel-partitions", 1)));
    }

    /** A port on loopback that refuses connections. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private long results(long runId) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM scan_result WHERE run_id = ?", Long.class, runId);
        return count == null ? 0 : count;
    }
}

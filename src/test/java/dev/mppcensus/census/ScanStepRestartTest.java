package dev.mppcensus.census;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.MppCensusApplication;
import dev.mppcensus.domainlist.DomainListFile;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
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
 * completes the run with every domain's result exactly once. One partition runs at a time and each
 * chunk holds five results, so where the run fails is fixed. The domains' addresses refuse
 * connections (every request goes to a closed port on loopback), so every domain scans fast.
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
        Path list = Files.write(dir.resolve("restart.txt"),
                IntStream.range(0, DOMAINS).mapToObj("d%02d.restart.test"::formatted).toList());
        DomainListFile file = DomainListFile.open(list);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ScanRequest request = new ScanRequest(file.path(), "restart", file.sha256(), LocalDate.of(2026, 11, 30),
                ScanSettings.of(Map.of("chunk-size", 5, "concurrency", 4, "timeout", "2s", "connect-timeout", "1s",
                        "user-agent", "mpp-census-test", "connect-to", List.of("::127.0.0.1:" + closedPort),
                        "per-ip-limit", 0, "retries", 0, "partitions", 2, "parallel-partitions", 1)));
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

    private long results(long runId) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM scan_result WHERE run_id = ?", Long.class, runId);
        return count == null ? 0 : count;
    }
}

package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWeb;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.testdb.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real application in separate JVMs over a slow fixture fleet and kills it with SIGKILL
 * during staging and twice during scanning, resuming once by rerunning the same {@code scan} and
 * once with {@code restart --run ID}; then checks the database: every valid domain exactly once,
 * every rejected line exactly once, the run completed, and the dead executions recovered and logged.
 */
class KillAndRestartTest {

    private static final int DOMAINS = 240;
    /** Invalid lines around the domains, so that staging spans several 2,000-line chunks and can be killed mid-way. */
    private static final int REJECTED = 9_600;
    private static final String LIST_NAME = "kill-fleet";

    @TempDir
    static Path dir;

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(hosts()).routingEveryHost();

    private static FixtureWebServer server;
    private static final List<String> network = new ArrayList<>();

    @BeforeAll
    static void startFleet() {
        server = web.server();
        for (String host : hosts()) {
            server.route(host, "/", request -> FixtureResponse.ok("<html></html>").delay(latency()));
            server.route(host, "/.well-known/ai-agent.json",
                    request -> FixtureResponse.status(404).body("not found").delay(latency()));
        }
        network.addAll(List.of("--timeout", "5s"));
        network.addAll(web.cliOptions());
    }

    private static List<String> hosts() {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < DOMAINS; i++) {
            hosts.add(domain(i));
        }
        return hosts;
    }

    private static String domain(int i) {
        return "d%03d.kill.test".formatted(i);
    }

    private static Duration latency() {
        return Duration.ofMillis(ThreadLocalRandom.current().nextInt(20, 41));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sigkillAtSeveralMomentsThenResumeLeavesEveryDomainExactlyOnce() throws Exception {
        Path list = dir.resolve("kill-fleet.txt");
        List<String> lines = new ArrayList<>();
        int valid = 0;
        for (int i = 0; i < DOMAINS + REJECTED; i++) {
            // the valid domains spread through the file, the rest rejected (underscores are not host names)
            lines.add(i % ((DOMAINS + REJECTED) / DOMAINS) == 0 && valid < DOMAINS ? domain(valid++) : "bad_" + i + ".test");
        }
        assertThat(valid).isEqualTo(DOMAINS);
        Files.write(list, lines);
        List<String> scan = new ArrayList<>(List.of("scan", list.toString(), "--list-name", LIST_NAME,
                "--run-date", "2026-11-02", "--concurrency", "10", "--chunk-size", "10"));
        scan.addAll(network);

        Path logs = Files.createDirectories(Path.of("target", "kill-and-restart"));
        long t0 = System.nanoTime();
        // 1. killed while staging: some rejected lines committed, not all
        ApplicationProcess first = ApplicationProcess.start(TestDatabase.jdbcUrl(), logs.resolve("1.log"), scan);
        first.killWhen(() -> count("SELECT count(*) FROM rejected_line j JOIN census_run r ON r.id = j.run_id "
                + "WHERE r.list_name = '" + LIST_NAME + "'"), n -> n > 0);
        long runId = runId();
        long rejectedAtKill = count("SELECT count(*) FROM rejected_line WHERE run_id = " + runId);
        long staged = count("SELECT count(*) FROM run_domain WHERE run_id = " + runId);
        System.out.printf("kill 1 (staging): %d of %d rejected lines, %d of %d domains staged%n", rejectedAtKill,
                REJECTED, staged, DOMAINS);

        // 2. the same scan command resumes; killed a quarter through scanning
        ApplicationProcess second = ApplicationProcess.start(TestDatabase.jdbcUrl(), logs.resolve("2.log"), scan);
        second.killWhen(() -> count("SELECT count(*) FROM scan_result WHERE run_id = " + runId), n -> n >= DOMAINS / 4);
        System.out.printf("kill 2 (scanning): %d results%n", count("SELECT count(*) FROM scan_result WHERE run_id = " + runId));
        assertThat(second.output()).contains("execution").contains("marking it failed so that it can resume");

        // 3. again, killed two thirds through
        ApplicationProcess third = ApplicationProcess.start(TestDatabase.jdbcUrl(), logs.resolve("3.log"), scan);
        third.killWhen(() -> count("SELECT count(*) FROM scan_result WHERE run_id = " + runId),
                n -> n >= DOMAINS * 2 / 3);
        System.out.printf("kill 3 (scanning): %d results%n", count("SELECT count(*) FROM scan_result WHERE run_id = " + runId));

        // a dead run is listed as such
        CliRunner.Result listed = CliRunner.run("runs", "--list", LIST_NAME, "--format", "json");
        assertThat(listed.out()).contains("\"status\":\"dead\"");

        // 4. restart --run ID finishes it
        ApplicationProcess last = ApplicationProcess.start(TestDatabase.jdbcUrl(), logs.resolve("4.log"), List.of("restart", "--run", Long.toString(runId)));
        int exit = last.awaitExit(Duration.ofSeconds(40));
        System.out.printf("4 launches, 3 kills, %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(exit).as(last.output()).isZero();
        assertThat(last.output()).contains("was left running by a process that ended").contains("completed")
                .contains("marking it failed so that it can resume");

        assertThat(count("SELECT count(*) FROM run_domain WHERE run_id = " + runId)).isEqualTo(DOMAINS);
        assertThat(count("SELECT count(*) FROM rejected_line WHERE run_id = " + runId)).isEqualTo(REJECTED);
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId)).isEqualTo(DOMAINS);
        assertThat(count("SELECT count(*) FROM run_domain d WHERE run_id = " + runId
                + " AND NOT EXISTS (SELECT 1 FROM scan_result s WHERE s.run_id = d.run_id AND s.domain = d.domain)"))
                .isZero();
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId + " AND attempt <> 1"))
                .as("no domain written twice").isZero();
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId + " AND NOT reachable")).isZero();
        assertThat(count("SELECT count(*) FROM census_run WHERE id = " + runId + " AND status = 'completed' "
                + "AND domains_scanned = " + DOMAINS + " AND domains_listed = " + DOMAINS)).isOne();
        assertThat(count("SELECT count(*) FROM batch_job_execution WHERE job_instance_id = " + runId)).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM batch_job_execution WHERE job_instance_id = " + runId
                + " AND status = 'FAILED'")).isEqualTo(3);
    }

    private static long runId() throws SQLException {
        return count("SELECT id FROM census_run WHERE list_name = '" + LIST_NAME + "'");
    }

    private static long count(String sql) throws SQLException {
        return TestDatabase.queryNumber(sql);
    }
}

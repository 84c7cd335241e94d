package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWeb;
import dev.mppcensus.fixture.FixtureWebServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL restarted under a running scan (an embedded server of its own, stopped and started again
 * on the same data directory and port): by default the run waits for it and completes by itself; with
 * no wait ({@code --db-outage-wait 0s}) it fails with one clear message and {@code restart --run ID}
 * completes it. Either way every domain is stored exactly once.
 */
class DatabaseOutageTest {

    private static final int DOMAINS = 150;

    @TempDir
    static Path dir;

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(hosts()).routingEveryHost();

    private static FixtureWebServer server;
    private static final List<String> network = new ArrayList<>();
    private static EmbeddedPostgres postgres;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = web.server();
        for (String host : hosts()) {
            server.route(host, "/", FixtureResponse.ok("<html></html>").delay(Duration.ofMillis(40)));
        }
        network.addAll(List.of("--timeout", "5s"));
        network.addAll(web.cliOptions());
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        postgres = startPostgres();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static List<String> hosts() {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < DOMAINS; i++) {
            hosts.add(domain(i));
        }
        return hosts;
    }

    private static EmbeddedPostgres startPostgres() throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false)
                .setPort(port).start();
    }

    private static String domain(int i) {
        return "d%03d.outage.test".formatted(i);
    }

    private static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void postgresRestartedMidRunFailsTheRunWhichRestartCompletes() throws Exception {
        List<String> scan = scan("outage", "2026-11-04", "--db-outage-wait", "0s");
        Path logs = Files.createDirectories(Path.of("target", "database-outage"));

        ApplicationProcess run = ApplicationProcess.start(jdbcUrl(), logs.resolve("scan.log"), scan);
        restartPostgresOnceAQuarterIsStored(run, "outage");
        int exit = run.awaitExit(Duration.ofSeconds(60));
        String output = run.output();
        System.out.println("---- scan during the outage (exit " + exit + ")\n" + output);
        assertThat(exit).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(output).containsPattern("failure +lost the (database session holding the lock|connection to the database)")
                .contains("Resume with: mpp-census restart --run");
        long runId = count("SELECT id FROM census_run WHERE list_name = 'outage'");
        long before = count("SELECT count(*) FROM scan_result WHERE run_id = " + runId);
        assertThat(before).isLessThan(DOMAINS);

        ApplicationProcess restart = ApplicationProcess.start(jdbcUrl(), logs.resolve("restart.log"),
                List.of("restart", "--run", Long.toString(runId)));
        assertThat(restart.awaitExit(Duration.ofSeconds(60))).as(restart.output()).isZero();
        assertThat(restart.output()).contains("Run " + runId + " (resumed): completed");
        assertCompletedWithEveryDomainOnce(runId);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void postgresRestartedMidRunIsWaitedForAndTheRunCompletesByItself() throws Exception {
        List<String> scan = scan("ridden", "2026-11-05");
        Path logs = Files.createDirectories(Path.of("target", "database-outage"));

        ApplicationProcess run = ApplicationProcess.start(jdbcUrl(), logs.resolve("ridden.log"), scan);
        restartPostgresOnceAQuarterIsStored(run, "ridden");
        int exit = run.awaitExit(Duration.ofSeconds(90));
        String output = run.output();
        System.out.println("---- scan riding through the outage (exit " + exit + ")\n" + output);
        assertThat(exit).as(output).isZero();
        long runId = count("SELECT id FROM census_run WHERE list_name = 'ridden'");
        assertThat(output).contains("Run " + runId + " (resumed): completed").contains("the database went away");
        assertCompletedWithEveryDomainOnce(runId);
    }

    /** Run {@code runId} completed, with one result per domain, each written once. */
    private static void assertCompletedWithEveryDomainOnce(long runId) throws SQLException {
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId)).isEqualTo(DOMAINS);
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId + " AND attempt <> 1")).isZero();
        assertThat(count("SELECT count(*) FROM census_run WHERE id = " + runId + " AND status = 'completed'")).isOne();
    }

    /** A {@code scan} of the fleet as list {@code name} for {@code runDate}, with {@code more} options. */
    private static List<String> scan(String name, String runDate, String... more) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < DOMAINS; i++) {
            lines.add(domain(i));
        }
        Path list = Files.write(dir.resolve(name + ".txt"), lines);
        List<String> scan = new ArrayList<>(List.of("scan", list.toString(), "--list-name", name, "--run-date", runDate,
                "--concurrency", "10", "--chunk-size", "10"));
        scan.addAll(List.of(more));
        scan.addAll(network);
        return scan;
    }

    /** Stops PostgreSQL once a quarter of the run's domains are stored, and starts it again after 2 s down. */
    private static void restartPostgresOnceAQuarterIsStored(ApplicationProcess run, String listName) throws Exception {
        run.awaitState(() -> count("SELECT count(*) FROM scan_result r JOIN census_run c ON c.id = r.run_id "
                + "WHERE c.list_name = '" + listName + "'"), n -> n >= DOMAINS / 4);
        postgres.close();
        long stopped = System.nanoTime();
        await("PostgreSQL refusing connections for 2 s").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> !accepting(port));
        postgres = startPostgres();
        System.out.printf("PostgreSQL down for %.1f s%n", (System.nanoTime() - stopped) / 1e9);
    }

    private static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the schema does not exist yet
            }
            throw e;
        }
    }
}

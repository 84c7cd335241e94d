package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.CapturedResponse;
import dev.mppcensus.fixture.FixtureHandler;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWeb;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.testdb.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run life cycle through the real commands: a run that fails on a database error mid-way is
 * listed as failed and completed by {@code restart --run ID} with every domain once; {@code runs}
 * lists it; {@code rescan-failed} scans the transient failures again and counts what changed, and leaves
 * a site behind a bot wall alone: scanning it again would meet the same wall.
 */
class RunLifecycleCommandsTest {

    private static final List<String> HEALTHY = List.of("a.life.test", "b.life.test", "c.life.test", "d.life.test",
            "e.life.test", "f.life.test", "g.life.test", "h.life.test");
    private static final String POISON = "poison.life.test";
    private static final String FLAKY = "flaky.life.test";
    private static final String DOWN = "down.life.test";
    private static final String NXDOMAIN = "nxdomain.invalid";
    /** Every path answers Cloudflare's JavaScript challenge: a 503 without cf-mitigated, once taken for a 5xx. */
    private static final String WALLED = "walled.life.test";

    @TempDir
    static Path dir;

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(hosts());

    private static FixtureWebServer server;
    private static final AtomicBoolean flakyFailing = new AtomicBoolean(true);
    private static final List<String> network = new ArrayList<>();

    @BeforeAll
    static void startFleet() {
        server = web.server();
        for (String host : hosts()) {
            if (!host.equals(WALLED)) {
                server.route(host, "/", FixtureResponse.ok("<html></html>"));
            }
        }
        FixtureResponse serverError = FixtureResponse.status(500).body("down for maintenance");
        server.route(FLAKY, "/", request -> flakyFailing.get() ? serverError : FixtureResponse.ok("<html></html>"));
        server.routeEveryPath(WALLED, FixtureHandler.always(CapturedResponse
                .load("/dev/mppcensus/detection/walls/cloudflare-js-challenge-503.http").toFixtureResponse()));
        server.route(FLAKY, "/.well-known/ai-agent.json", request -> flakyFailing.get() ? serverError
                : FixtureResponse.json("{\"payments\":{\"mpp\":\"https://flaky.life.test/mpp\"}}"));
        int refused = Listeners.refusedPort();
        network.addAll(List.of("--timeout", "3s",
                "--connect-to", DOWN + "::127.0.0.1:" + refused, "--connect-to", "www." + DOWN + "::127.0.0.1:" + refused));
        network.addAll(web.cliOptions());
    }

    private static List<String> hosts() {
        List<String> hosts = new ArrayList<>(HEALTHY);
        hosts.addAll(List.of(POISON, FLAKY, WALLED));
        return hosts;
    }

    @Test
    void failedRunIsRestartedListedAndItsTransientFailuresRescanned() throws Exception {
        Path list = dir.resolve("life.txt");
        List<String> domains = new ArrayList<>(HEALTHY.subList(0, 4));
        domains.addAll(List.of(POISON, FLAKY, DOWN, NXDOMAIN, WALLED));
        domains.addAll(HEALTHY.subList(4, HEALTHY.size()));
        Files.write(list, domains);
        List<String> scan = new ArrayList<>(List.of("scan", list.toString(), "--list-name", "life", "--run-date", "2026-11-03",
                "--chunk-size", "2", "--concurrency", "2"));
        scan.addAll(network);

        // given a database that refuses one domain's result, the run fails part-way
        assertThat(CliRunner.run("runs").exitCode()).isZero(); // creates the schema
        sql("CREATE TABLE life_poison (domain text)",
                "INSERT INTO life_poison VALUES ('" + POISON + "')",
                """
                CREATE FUNCTION life_poison_check() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF EXISTS (SELECT 1 FROM life_poison p WHERE p.domain = NEW.domain) THEN
                    RAISE EXCEPTION 'poisoned result for %', NEW.domain;
                  END IF;
                  RETURN NEW;
                END $$""",
                "CREATE TRIGGER life_poison BEFORE INSERT ON scan_result FOR EACH ROW EXECUTE FUNCTION life_poison_check()");
        CliRunner.Result failed = CliRunner.run(scan.toArray(String[]::new));
        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
        assertThat(failed.out()).contains("failed").contains("poisoned result for " + POISON)
                .contains("Resume with: mpp-census restart --run");
        long runId = Long.parseLong(failed.out().replaceAll("(?s).*run id\\s+(\\d+).*", "$1"));
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId)).isLessThan(domains.size());

        CliRunner.Result listed = CliRunner.run("runs", "--list", "life");
        assertThat(listed.out()).containsPattern(runId + "\\s+life\\s+2026-11-03\\s+failed\\s+" + domains.size());

        // when the cause is gone, restart --run ID completes the run
        sql("DELETE FROM life_poison");
        CliRunner.Result restarted = CliRunner.run("restart", "--run", Long.toString(runId));
        assertThat(restarted.exitCode()).as(restarted.out() + restarted.err()).isZero();
        assertThat(restarted.out()).contains("Run " + runId + " (resumed): completed");
        // the summary counts the walled site apart: reachable, unseen, not among the sites seen
        int reachable = HEALTHY.size() + 3;
        assertThat(restarted.out()).contains("  reachable          " + reachable + "\n")
                .contains("  seen               " + (reachable - 1) + " (")
                .containsPattern("  unseen             1 \\(\\d+\\.\\d% of reachable\\), every check met a bot wall: "
                        + "cloudflare 1\n")
                .containsPattern("  declaring MPP      0 \\(0\\.0% of seen; well-known 0, ")
                .containsPattern("verdicts .*unseen 1");
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId)).isEqualTo(domains.size());
        assertThat(count("SELECT max(attempt) FROM scan_result WHERE run_id = " + runId)).isOne();
        assertThat(CliRunner.run("restart", "--run", Long.toString(runId)).out()).contains("already completed");

        JsonNode runs = new JsonMapper().readTree(CliRunner.run("runs", "--format", "json", "--list", "life").out());
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("status").asString()).isEqualTo("completed");
        assertThat(runs.get(0).get("domains_scanned").asLong()).isEqualTo(domains.size());
        assertThat(runs.get(0).get("restartable").asBoolean()).isFalse();

        // the transient failures: flaky (5xx) and down (connect); nxdomain is not transient, nor is a bot wall
        assertThat(errorKind(runId, FLAKY)).isEqualTo("http");
        assertThat(errorKind(runId, DOWN)).isEqualTo("connect");
        assertThat(errorKind(runId, NXDOMAIN)).isEqualTo("dns");
        assertThat(errorKind(runId, WALLED)).isEqualTo("bot_challenge");
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId + " AND domain = '" + WALLED
                + "' AND domain_verdict = 'unseen' AND bot_vendor = 'cloudflare' AND reachable")).isOne();
        flakyFailing.set(false);
        CliRunner.Result rescan = CliRunner.run("rescan-failed", "--run", Long.toString(runId));
        assertThat(rescan.exitCode()).as(rescan.out() + rescan.err()).isZero();
        assertThat(rescan.out()).contains("(round 1) of run " + runId).contains("completed")
                .contains("transient failures 2").contains("rescanned          2")
                .contains("changed outcome    1 (became reachable 0, verdict changed 1)")
                .contains("still failing      1");
        assertThat(errorKind(runId, FLAKY)).isNull();
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId + " AND domain = '" + FLAKY
                + "' AND attempt = 2 AND previous_error_kind = 'http' AND scanned_at > first_scanned_at "
                + "AND 'well_known' = ANY(declared_via)")).isOne();
        assertThat(count("SELECT attempt FROM scan_result WHERE run_id = " + runId + " AND domain = '" + NXDOMAIN + "'"))
                .isOne();
        assertThat(count("SELECT count(*) FROM scan_result WHERE run_id = " + runId)).isEqualTo(domains.size());

        // a second rescan is a new round, over what still fails
        CliRunner.Result again = CliRunner.run("rescan-failed", "--run", Long.toString(runId));
        assertThat(again.out()).contains("(round 2)").contains("rescanned          1");
        assertThat(count("SELECT attempt FROM scan_result WHERE run_id = " + runId + " AND domain = '" + DOWN + "'"))
                .isEqualTo(3);
        assertThat(count("SELECT attempt FROM scan_result WHERE run_id = " + runId + " AND domain = '" + WALLED + "'"))
                .isOne();
        assertThat(errorKind(runId, WALLED)).isEqualTo("bot_challenge");
        // an unseen site is never a transient failure, whatever its error
        sql("UPDATE scan_result SET error_kind = 'timeout' WHERE run_id = " + runId + " AND domain = '" + WALLED + "'");
        assertThat(CliRunner.run("rescan-failed", "--run", Long.toString(runId)).out()).contains("rescanned          1");
        assertThat(count("SELECT attempt FROM scan_result WHERE run_id = " + runId + " AND domain = '" + WALLED + "'"))
                .isOne();

        // a changed list cannot be restarted
        Files.writeString(list, "other.test\n");
        CliRunner.Result changed = CliRunner.run("restart", "--run", Long.toString(runId));
        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err().strip()).contains("changed since the run started").doesNotContain("\n");
        sql("DROP TRIGGER life_poison ON scan_result");
    }

    @Test
    void unknownRunIsAUsageError() {
        CliRunner.Result restart = CliRunner.run("restart", "--run", "987654");
        assertThat(restart.exitCode()).isEqualTo(2);
        assertThat(restart.err()).contains("no run with id 987654");
        CliRunner.Result rescan = CliRunner.run("rescan-failed", "--run", "987654");
        assertThat(rescan.exitCode()).isEqualTo(2);
    }

    private static String errorKind(long runId, String domain) throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT error_kind FROM scan_result WHERE run_id = " + runId
                        + " AND domain = '" + domain + "'")) {
            assertThat(rs.next()).as(domain).isTrue();
            return rs.getString(1);
        }
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}

package dev.mppcensus.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.testdb.TestDatabase;
import dev.mppcensus.testdb.TestRun;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code V10__unseen_sites.sql} over results stored before it, as the census wrote them once walls were
 * recognised: a site whose every check met a wall (its evidence says so) and that declared nothing becomes
 * {@code unseen}, every walled result gets its vendor from {@code error_detail}, and the run's summary
 * counts the unseen sites apart.
 */
class UnseenSitesMigrationTest {

    private static final String DATABASE = "mpp_test_v10_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private static final long RUN = 4_242;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void resultsStoredBeforeTheMigration() throws Exception {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        String url = TestDatabase.jdbcUrl().replaceFirst("/[^/?]+\\?", "/" + DATABASE + "?");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("8").load().migrate();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url));
        TestRun.of(RUN, "before-v10").completedOn(LocalDate.of(2026, 12, 1)).insertInto(jdbc);
        // domain | reachable | error kind | error detail | declared via | verdict | every check walled
        result("cloudflare.test", true, "bot_challenge",
                "Cloudflare challenge (503) at https://cloudflare.test/.well-known/ai-agent.json; server: cloudflare",
                "{}", "not_declared", true);
        result("aws.test", true, "bot_challenge",
                "AWS WAF challenge (202) at https://aws.test/.well-known/ai-agent.json; x-amzn-waf-action: challenge",
                "{}", "not_declared", true);
        result("partly.test", true, "bot_challenge",
                "Imperva (Incapsula) block (403) at https://partly.test/openapi.json; x-iinfo: 1",
                "{}", "not_declared", false);
        result("declared.test", true, "bot_challenge",
                "HUMAN (PerimeterX) challenge (403) at https://declared.test/openapi.json; body \"px-captcha\"",
                "{link}", "endpoint_unreachable", true);
        result("plain.test", true, null, null, "{}", "not_declared", false);
        result("down.test", false, "dns", "NXDOMAIN: down.test does not exist", "{}", "site_unreachable", false);
        jdbc.queryForList("SELECT refresh_run_summary(?)", RUN);

        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate();
    }

    private static void result(String domain, boolean reachable, String errorKind, String errorDetail, String via,
                               String verdict, boolean everyCheckWalled) {
        jdbc.update("INSERT INTO run_domain (run_id, domain, line_no) VALUES (?, ?, (SELECT count(*) + 1 FROM run_domain))",
                RUN, domain);
        jdbc.update("""
                INSERT INTO scan_result (run_id, domain, scanned_at, reachable, error_kind, error_detail, declared_via,
                    domain_verdict, duration_ms, evidence)
                VALUES (?, ?, now(), ?, ?, ?, ?::text[], ?, 10, ?::jsonb)""", RUN, domain, reachable, errorKind,
                errorDetail, via, verdict, errorKind == null || !errorKind.equals("bot_challenge") ? "{}"
                        : "{\"bot_walls\": {\"vendors\": [\"x\"], \"every_check_walled\": " + everyCheckWalled + "}}");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    @Test
    void aSiteWhoseEveryCheckMetAWallAndThatDeclaredNothingIsUnseenWithItsVendor() {
        List<String> rows = jdbc.queryForList("""
                SELECT domain || ' ' || domain_verdict || ' ' || coalesce(bot_vendor, '-')
                  FROM scan_result WHERE run_id = ? ORDER BY domain""", String.class, RUN);

        assertThat(rows).containsExactly("aws.test unseen aws_waf", "cloudflare.test unseen cloudflare",
                "declared.test endpoint_unreachable perimeterx", "down.test site_unreachable -",
                "partly.test not_declared imperva", "plain.test not_declared -");
    }

    @Test
    void theRunsSummaryCountsThemApartAndItsSharesAreOfSeenSites() {
        assertThat(jdbc.queryForObject("""
                SELECT reachable || ' ' || seen || ' ' || unseen || ' ' || declared || ' ' || declared_share
                  FROM adoption WHERE run_id = ? AND rank_bucket = 'all'""", String.class, RUN))
                .isEqualTo("5 3 2 1 0.333333");
        assertThat(jdbc.queryForList("""
                SELECT bot_vendor || ' ' || unseen || ' ' || walled FROM run_walls WHERE run_id = ? ORDER BY bot_vendor""",
                String.class, RUN)).containsExactly("aws_waf 1 1", "cloudflare 1 1", "imperva 0 1", "perimeterx 0 1");
    }
}

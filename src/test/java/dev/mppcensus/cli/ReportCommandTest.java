package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.testdb.TestDatabase;
import dev.mppcensus.testdb.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code report} commands over three nights of a small fleet whose sites adopt, break, get fixed and
 * drop MPP, stored as rows the way the census writes them. Figures are checked against the fleet's script.
 */
class ReportCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LIST = "report-fleet";
    private static final long R1 = 900_001;
    private static final long R2 = 900_002;
    private static final long R3 = 900_003;
    /** Three nights of a list with sites behind bot walls. */
    private static final String WALLED_LIST = "report-walls";
    private static final long W1 = 900_011;
    private static final long W2 = 900_012;
    private static final long W3 = 900_013;

    /**
     * One domain in one run: verdict, declaration sources, methods and intents, error, and the bot wall's vendor
     * when the error is {@code bot_challenge} (reachable: no error, or a wall's).
     */
    record Row(String domain, int rank, String verdict, List<String> via, List<String> methods, List<String> intents,
            String errorKind, String wellKnownDocument, String botVendor) {

        Row(String domain, int rank, String verdict, List<String> via, List<String> methods, List<String> intents,
                String errorKind, String wellKnownDocument) {
            this(domain, rank, verdict, via, methods, intents, errorKind, wellKnownDocument, null);
        }
    }

    @TempDir
    static Path dir;

    @BeforeAll
    static void storeThreeNights() throws SQLException {
        // a: verified, verified, stub (broke)       b: none, verified (newly), verified
        // c: stub, verified (fixed), none (dropped) d: unreachable, none, x402_confused (newly)
        // e: never declares, has an invalid ai-agent.json
        store(R1, LocalDate.of(2026, 1, 1), List.of(
                verified("a.test", 1, List.of("well_known"), List.of("tempo"), List.of("charge")),
                none("b.test", 2),
                new Row("c.test", 3, "stub", List.of("well_known"), List.of(), List.of(), null, "valid"),
                new Row("d.test", 4, "site_unreachable", List.of(), List.of(), List.of(), "dns", null),
                new Row("e.test", 5, "not_declared", List.of(), List.of(), List.of(), null, "invalid_json")));
        // on the second night a.test and c.test also name methods no specification defines (as documents do)
        store(R2, LocalDate.of(2026, 1, 2), List.of(
                verified("a.test", 1, List.of("well_known"), List.of("tempo", "dynamic", "crypto"), List.of("charge")),
                verified("b.test", 2, List.of("link"), List.of("stripe", "tempo"), List.of("charge", "session")),
                verified("c.test", 3, List.of("well_known", "link"), List.of("crypto", "stripe"), List.of("charge")),
                none("d.test", 4),
                new Row("e.test", 5, "not_declared", List.of(), List.of(), List.of(), null, "invalid_json")));
        store(R3, LocalDate.of(2026, 1, 3), List.of(
                new Row("a.test", 1, "stub", List.of("well_known"), List.of(), List.of(), null, "valid"),
                verified("b.test", 2, List.of("link"), List.of("stripe", "tempo"), List.of("charge", "session")),
                none("c.test", 3),
                new Row("d.test", 4, "x402_confused", List.of("openapi"), List.of(), List.of(), null, "absent"),
                new Row("e.test", 5, "not_declared", List.of(), List.of(), List.of(), null, "invalid_json")));
        storeWalledNights();
    }

    /**
     * v: verified, verified, unseen (cloudflare)          n: not_declared, unseen (akamai), not_declared
     * u: unseen (cloudflare), verified, verified          s: stub, unseen (datadome), stub
     * p: partly walled (cloudflare) but seen: not_declared x: site_unreachable      o: not_declared
     */
    private static void storeWalledNights() throws SQLException {
        Row p = new Row("p.test", 5, "not_declared", List.of(), List.of(), List.of(), "bot_challenge", "absent",
                "cloudflare");
        Row x = new Row("x.test", 6, "site_unreachable", List.of(), List.of(), List.of(), "dns", null);
        Row o = none("o.test", 7);
        Row stub = new Row("s.test", 4, "stub", List.of("well_known"), List.of(), List.of(), null, "valid");
        store(W1, LIST_DATE.apply(1), WALLED_LIST, List.of(
                verified("v.test", 1, List.of("well_known"), List.of("tempo"), List.of("charge")),
                none("n.test", 2), unseen("u.test", 3, "cloudflare"), stub, p, x, o));
        store(W2, LIST_DATE.apply(2), WALLED_LIST, List.of(
                verified("v.test", 1, List.of("well_known"), List.of("tempo"), List.of("charge")),
                unseen("n.test", 2, "akamai"),
                verified("u.test", 3, List.of("openapi"), List.of("tempo"), List.of("charge")),
                unseen("s.test", 4, "datadome"), p, x, o));
        store(W3, LIST_DATE.apply(3), WALLED_LIST, List.of(
                unseen("v.test", 1, "cloudflare"), none("n.test", 2),
                verified("u.test", 3, List.of("openapi"), List.of("tempo"), List.of("charge")), stub, p, x, o));
    }

    private static final java.util.function.IntFunction<LocalDate> LIST_DATE = day -> LocalDate.of(2026, 3, day);

    /** Every check met a wall of {@code vendor}: reachable, error bot_challenge, nothing declared. */
    private static Row unseen(String domain, int rank, String vendor) {
        return new Row(domain, rank, "unseen", List.of(), List.of(), List.of(), "bot_challenge", "absent", vendor);
    }

    private static Row verified(String domain, int rank, List<String> via, List<String> methods, List<String> intents) {
        return new Row(domain, rank, "verified", via, methods, intents, null, via.contains("well_known") ? "valid" : "absent");
    }

    private static Row none(String domain, int rank) {
        return new Row(domain, rank, "not_declared", List.of(), List.of(), List.of(), null, "absent");
    }

    private static void store(long runId, LocalDate date, List<Row> rows) throws SQLException {
        store(runId, date, LIST, rows);
    }

    private static void store(long runId, LocalDate date, String list, List<Row> rows) throws SQLException {
        TestRun.of(runId, list).completedOn(date).insertInto(TestDatabase.migrated());
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl())) {
            for (Row row : rows) {
                try (PreparedStatement domain = c.prepareStatement(
                        "INSERT INTO run_domain (run_id, domain, line_no, rank) VALUES (?, ?, ?, ?)")) {
                    domain.setLong(1, runId);
                    domain.setString(2, row.domain());
                    domain.setLong(3, row.rank());
                    domain.setInt(4, row.rank());
                    domain.executeUpdate();
                }
                try (PreparedStatement result = c.prepareStatement("""
                        INSERT INTO scan_result (run_id, domain, rank, scanned_at, reachable, error_kind, declared_via,
                            well_known_document, domain_verdict, methods, intents, session_supported, duration_ms,
                            bot_vendor)
                        VALUES (?, ?, ?, now(), ?, ?, ?, ?, ?, ?, ?, ?, 10, ?)""")) {
                    result.setLong(1, runId);
                    result.setString(2, row.domain());
                    result.setInt(3, row.rank());
                    result.setBoolean(4, row.errorKind() == null || row.errorKind().equals("bot_challenge"));
                    result.setString(5, row.errorKind());
                    result.setArray(6, c.createArrayOf("text", row.via().toArray()));
                    result.setString(7, row.wellKnownDocument());
                    result.setString(8, row.verdict());
                    result.setArray(9, c.createArrayOf("text", row.methods().toArray()));
                    result.setArray(10, c.createArrayOf("text", row.intents().toArray()));
                    result.setBoolean(11, row.intents().contains("session"));
                    result.setString(12, row.botVendor());
                    result.executeUpdate();
                }
            }
        }
    }

    @Test
    void adoptionJsonHoldsTheContractFieldsPerRun() throws Exception {
        CliRunner.Result result = CliRunner.run("report", "adoption", "--list", LIST, "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode runs = JSON.readTree(result.out());
        assertThat(runs).hasSize(3);
        JsonNode second = runs.get(1);
        for (String field : List.of("run_id", "run_date", "list", "domains", "reachable", "declared",
                "declared_well_known", "declared_link", "declared_openapi", "verified", "stub", "x402_confused",
                "invalid", "session_capable")) {
            assertThat(second.has(field)).as(field).isTrue();
        }
        assertThat(second.get("run_id").asLong()).isEqualTo(R2);
        assertThat(second.get("run_date").asString()).isEqualTo("2026-01-02");
        assertThat(second.get("list").asString()).isEqualTo(LIST);
        assertThat(second.get("domains").asLong()).isEqualTo(5);
        assertThat(second.get("reachable").asLong()).isEqualTo(5);
        assertThat(second.get("ai_agent_json").asLong()).isEqualTo(3);
        assertThat(second.get("declared").asLong()).isEqualTo(3);
        assertThat(second.get("declared_well_known").asLong()).isEqualTo(2);
        assertThat(second.get("declared_link").asLong()).isEqualTo(2);
        assertThat(second.get("declared_openapi").asLong()).isZero();
        assertThat(second.get("verified").asLong()).isEqualTo(3);
        assertThat(second.get("session_capable").asLong()).isEqualTo(1);
        JsonNode first = runs.get(0);
        assertThat(first.get("reachable").asLong()).isEqualTo(4);
        assertThat(first.get("stub").asLong()).isEqualTo(1);
        JsonNode third = runs.get(2);
        assertThat(third.get("x402_confused").asLong()).isEqualTo(1);
        assertThat(third.get("declared_openapi").asLong()).isEqualTo(1);
        assertThat(third.get("declared_share").decimalValue()).isEqualByComparingTo("0.6");
    }

    @Test
    void adoptionFiltersByDateAndRankBucketAndPrintsAlignedTables() {
        CliRunner.Result since = CliRunner.run("report", "adoption", "--list", LIST, "--since", "2026-01-02",
                "--until", "2026-01-02");
        assertThat(since.exitCode()).as(since.err()).isZero();
        List<String> lines = since.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("run_id").contains("declared_share");
        assertThat(lines.get(1)).contains(String.valueOf(R2)).contains("60.00%");
        assertThat(lines.get(0).indexOf("declared_share") + "declared_share".length())
                .isEqualTo(lines.get(1).length());

        CliRunner.Result csv = CliRunner.run("report", "adoption", "--list", LIST, "--format", "csv");
        assertThat(csv.out().lines().count()).isEqualTo(4);
        assertThat(csv.out()).startsWith("run_id,run_date,list,");

        CliRunner.Result bad = CliRunner.run("report", "adoption", "--rank", "top7");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        CliRunner.Result badFormat = CliRunner.run("report", "adoption", "--format", "xml");
        assertThat(badFormat.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badFormat.err()).contains("--format").contains("TABLE, CSV, JSON").contains("xml");
        assertThat(CliRunner.run("report", "adoption", "--list", LIST, "--format", "JSON").out()).startsWith("[");
    }

    @Test
    void changesJsonListsNewlyDeclaringDroppedBrokeAndFixed() throws Exception {
        JsonNode second = JSON.readTree(CliRunner.run("report", "changes", "--run", String.valueOf(R2),
                "--format", "json").out());
        assertThat(second.get("run_id").asLong()).isEqualTo(R2);
        assertThat(second.get("previous_run_id").asLong()).isEqualTo(R1);
        assertThat(strings(second.get("newly_declaring"))).containsExactly("b.test");
        assertThat(strings(second.get("dropped"))).isEmpty();
        assertThat(strings(second.get("broke"))).isEmpty();
        assertThat(strings(second.get("fixed"))).containsExactly("c.test");

        JsonNode third = JSON.readTree(CliRunner.run("report", "changes", "--list", LIST, "--format", "json").out());
        assertThat(third.get("run_id").asLong()).isEqualTo(R3);
        assertThat(strings(third.get("newly_declaring"))).containsExactly("d.test");
        assertThat(strings(third.get("dropped"))).containsExactly("c.test");
        assertThat(strings(third.get("broke"))).containsExactly("a.test");
        assertThat(strings(third.get("fixed"))).isEmpty();

        JsonNode first = JSON.readTree(CliRunner.run("report", "changes", "--run", String.valueOf(R1),
                "--format", "json").out());
        assertThat(first.get("previous_run_id").isNull()).isTrue();
        assertThat(first.get("newly_declaring")).isEmpty();

        assertThat(CliRunner.run("report", "changes", "--run", "123456789").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    /** Shares are of seen domains: a site behind a bot wall on every check is neither adopting nor not. */
    @Test
    void adoptionSharesAreOfSeenDomainsWithUnseenSitesApart() throws Exception {
        JsonNode runs = JSON.readTree(CliRunner.run("report", "adoption", "--list", WALLED_LIST, "--format", "json")
                .out());
        assertThat(runs).hasSize(3);
        JsonNode second = runs.get(1);
        assertThat(second.get("run_id").asLong()).isEqualTo(W2);
        assertThat(second.get("domains").asLong()).isEqualTo(7);
        assertThat(second.get("reachable").asLong()).isEqualTo(6);
        assertThat(second.get("seen").asLong()).isEqualTo(4);
        assertThat(second.get("unseen").asLong()).isEqualTo(2);
        assertThat(second.get("unseen_share").decimalValue()).isEqualByComparingTo("0.333333");
        assertThat(second.get("declared").asLong()).isEqualTo(2);
        assertThat(second.get("verified").asLong()).isEqualTo(2);
        // 2 of the 4 seen, not 2 of the 6 reachable
        assertThat(second.get("declared_share").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(second.get("verified_share").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(second.get("ai_agent_json").asLong()).isEqualTo(1);
        JsonNode third = runs.get(2);
        assertThat(third.get("unseen").asLong()).isOne();
        assertThat(third.get("seen").asLong()).isEqualTo(5);
        assertThat(third.get("declared_share").decimalValue()).isEqualByComparingTo("0.4");
        // a list without walls: seen is reachable, shares as before
        JsonNode plain = JSON.readTree(CliRunner.run("report", "adoption", "--list", LIST, "--format", "json").out())
                .get(1);
        assertThat(plain.get("seen").asLong()).isEqualTo(plain.get("reachable").asLong());
        assertThat(plain.get("unseen").asLong()).isZero();
        assertThat(plain.get("unseen_share").decimalValue()).isZero();

        List<String> table = CliRunner.run("report", "adoption", "--list", WALLED_LIST, "--since", "2026-03-02",
                "--until", "2026-03-02").out().lines().toList();
        assertThat(table.get(0)).containsPattern("reachable\\s+seen\\s+unseen\\s+unseen_share");
        assertThat(table.get(1)).containsPattern("\\s6\\s+4\\s+2\\s+33\\.33%").endsWith("50.00%");
    }

    @Test
    void wallsListUnseenAndWalledDomainsPerVendor() throws Exception {
        JsonNode rows = JSON.readTree(CliRunner.run("report", "walls", "--run", String.valueOf(W2), "--format", "json")
                .out());
        List<String> seen = new ArrayList<>();
        rows.forEach(r -> seen.add(r.get("bot_vendor").asString() + " unseen " + r.get("unseen").asLong() + " ("
                + r.get("unseen_share").decimalValue().stripTrailingZeros().toPlainString() + "), walled "
                + r.get("walled").asLong()));
        assertThat(seen).containsExactly("akamai unseen 1 (0.166667), walled 1", "datadome unseen 1 (0.166667), walled 1",
                "cloudflare unseen 0 (0), walled 1");

        CliRunner.Result latest = CliRunner.run("report", "walls", "--list", WALLED_LIST);
        assertThat(latest.exitCode()).as(latest.err()).isZero();
        assertThat(latest.out().lines().toList()).hasSize(2).last().asString().startsWith("cloudflare")
                .containsPattern("cloudflare\\s+1\\s+16\\.67%\\s+2\\s+33\\.33%");

        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl()); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT rank_bucket, unseen FROM run_summary WHERE run_id = " + W2
                    + " ORDER BY rank_bucket");
            List<String> buckets = new ArrayList<>();
            while (rs.next()) {
                buckets.add(rs.getString(1) + "=" + rs.getLong(2));
            }
            assertThat(buckets).containsExactly("all=2", "top100k=2", "top10k=2", "top1k=2", "top1m=2");
        }
    }

    /**
     * Unseen is no observation: unseen <-> not_declared is no change of adoption, a verified or declaring site
     * unseen now has not broke nor dropped (it is listed apart), and a site seen declaring after being unseen was
     * not fixed.
     */
    @Test
    void changesNeverCountUnseenAsAdoptionDroppedBrokeOrFixed() throws Exception {
        JsonNode second = JSON.readTree(CliRunner.run("report", "changes", "--run", String.valueOf(W2),
                "--format", "json").out());
        assertThat(second.get("previous_run_id").asLong()).isEqualTo(W1);
        assertThat(strings(second.get("newly_declaring"))).containsExactly("u.test");
        assertThat(strings(second.get("dropped"))).isEmpty();
        assertThat(strings(second.get("broke"))).isEmpty();
        assertThat(strings(second.get("fixed"))).isEmpty();
        assertThat(strings(second.get("unseen"))).containsExactly("s.test");

        JsonNode third = JSON.readTree(CliRunner.run("report", "changes", "--run", String.valueOf(W3),
                "--format", "json").out());
        assertThat(strings(third.get("newly_declaring"))).containsExactly("s.test");
        assertThat(strings(third.get("dropped"))).isEmpty();
        assertThat(strings(third.get("broke"))).isEmpty();
        assertThat(strings(third.get("fixed"))).isEmpty();
        assertThat(strings(third.get("unseen"))).containsExactly("v.test");

        CliRunner.Result table = CliRunner.run("report", "changes", "--run", String.valueOf(W3));
        assertThat(table.out()).startsWith("run " + W3 + " against run " + W2
                + ": 1 newly declaring, 0 undeclared to declared, 0 dropped, 0 broke, 0 fixed, 1 unseen now");
        assertThat(table.out()).doesNotContain("n.test");
    }

    @Test
    void domainHistoryShowsFirstAndLastSeenAndEachChange() throws Exception {
        JsonNode c = JSON.readTree(CliRunner.run("report", "domain", "C.test", "--format", "json").out());
        assertThat(c.get("domain").asString()).isEqualTo("c.test");
        JsonNode span = c.get("lists").get(0);
        assertThat(span.get("first_seen_declaring").asString()).isEqualTo("2026-01-01");
        assertThat(span.get("last_seen_declaring").asString()).isEqualTo("2026-01-02");
        assertThat(span.get("first_seen_verified").asString()).isEqualTo("2026-01-02");
        List<String> verdicts = new ArrayList<>();
        c.get("runs").forEach(run -> verdicts.add(run.get("verdict").asString() + "/" + run.get("changed").asBoolean()));
        assertThat(verdicts).containsExactly("stub/true", "verified/true", "not_declared/true");

        CliRunner.Result e = CliRunner.run("report", "domain", "e.test", "--changes-only");
        assertThat(e.exitCode()).isZero();
        assertThat(e.out()).contains("2026-01-01").doesNotContain("2026-01-02");

        assertThat(CliRunner.run("report", "domain", "never.test").exitCode()).isEqualTo(ExitCodes.RUN_FAILED);
    }

    @Test
    void methodsCountVerifiedDomainsWithTheirClass() throws Exception {
        JsonNode rows = JSON.readTree(CliRunner.run("report", "methods", "--list", LIST, "--run", String.valueOf(R1),
                "--format", "json").out());
        List<String> seen = new ArrayList<>();
        rows.forEach(r -> seen.add(r.get("kind").asString() + ":" + r.get("name").asString() + "="
                + r.get("domains").asLong() + (r.get("method_class").isNull() ? "" : "/" + r.get("method_class").asString())));
        assertThat(seen).containsExactly("intent:charge=1", "method:tempo=1/stablecoin");
        assertThat(rows.get(1).get("other_names").isNull()).isTrue();
    }

    @Test
    void methodsWithoutASpecificationAreCountedOnceTogetherAsOther() throws Exception {
        JsonNode rows = JSON.readTree(CliRunner.run("report", "methods", "--list", LIST, "--run", String.valueOf(R2),
                "--format", "json").out());
        List<String> seen = new ArrayList<>();
        rows.forEach(r -> seen.add(r.get("kind").asString() + ":" + r.get("name").asString() + "="
                + r.get("domains").asLong() + (r.get("method_class").isNull() ? "" : "/" + r.get("method_class").asString())));
        // crypto (a, c) and dynamic (a) are named by 2 verified domains: 2, not 3
        assertThat(seen).containsExactly("intent:charge=3", "intent:session=1", "method:stripe=2/card",
                "method:tempo=2/stablecoin", "method:other=2/other");
        assertThat(strings(rows.get(4).get("other_names"))).containsExactly("crypto", "dynamic");
        assertThat(rows.get(4).get("verified_share").decimalValue()).isEqualByComparingTo("0.666667");

        CliRunner.Result table = CliRunner.run("report", "methods", "--list", LIST, "--run", String.valueOf(R2));
        assertThat(table.out().lines().filter(line -> line.contains("crypto")).toList()).singleElement()
                .satisfies(line -> assertThat(line).contains("other"));

        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl()); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT verified_other_method FROM run_summary WHERE run_id = " + R2
                    + " ORDER BY rank_bucket");
            List<Long> counts = new ArrayList<>();
            while (rs.next()) {
                counts.add(rs.getLong(1));
            }
            assertThat(counts).containsOnly(2L).hasSize(5);
            rs = s.executeQuery("SELECT name, domains FROM run_method_summary WHERE run_id = " + R2
                    + " AND kind = 'method' ORDER BY name");
            List<String> asFound = new ArrayList<>();
            while (rs.next()) {
                asFound.add(rs.getString(1) + "=" + rs.getLong(2));
            }
            assertThat(asFound).as("names stay as found").containsExactly("crypto=2", "dynamic=1", "stripe=2", "tempo=2");
        }
    }

    /** The one list of specified methods: tempoxyz/mpp-specs method drafts and the official SDKs. */
    @Test
    void paymentMethodsHaveAPublishedSpecificationOrAreOther() throws Exception {
        TestDatabase.migrated();
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl()); Statement s = c.createStatement()) {
            var rs = s.executeQuery("""
                    SELECT m, payment_method_specified(m), payment_method_class(m)
                      FROM unnest(ARRAY['tempo', 'stripe', 'evm', 'card', 'solana', 'stellar', 'hedera', 'usdc',
                                        'nearintents', 'lightning', 'crypto', 'dynamic', 'Tempo', 'other', '']) m""");
            List<String> seen = new ArrayList<>();
            while (rs.next()) {
                seen.add(rs.getString(1) + "=" + rs.getBoolean(2) + "/" + rs.getString(3));
            }
            assertThat(seen).containsExactly("tempo=true/stablecoin", "stripe=true/card", "evm=true/stablecoin",
                    "card=true/card", "solana=true/stablecoin", "stellar=true/stablecoin", "hedera=true/stablecoin",
                    "usdc=true/stablecoin", "nearintents=true/stablecoin", "lightning=true/lightning",
                    "crypto=false/other", "dynamic=false/other", "Tempo=false/other", "other=false/other",
                    "=false/other");
            rs = s.executeQuery("SELECT name FROM payment_method WHERE cardinality(specifications) = 0");
            assertThat(rs.next()).as("every listed method has a method draft").isFalse();
            rs = s.executeQuery("SELECT name FROM payment_method WHERE cardinality(sdks) > 0 ORDER BY name");
            List<String> implemented = new ArrayList<>();
            while (rs.next()) {
                implemented.add(rs.getString(1));
            }
            assertThat(implemented).containsExactly("evm", "stripe", "tempo");
        }
    }

    @Test
    void errorsBreakDownARun() throws Exception {
        JsonNode rows = JSON.readTree(CliRunner.run("report", "errors", "--run", String.valueOf(R1), "--format", "json")
                .out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("error_kind").asString()).isEqualTo("dns");
        assertThat(rows.get(0).get("unreachable").asLong()).isEqualTo(1);
        assertThat(rows.get(1).get("error_kind").asString()).isEqualTo("none");
        assertThat(rows.get(1).get("domains").asLong()).isEqualTo(4);
    }

    @Test
    void summaryIsRefreshedWhenARunClosesAgain() throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("SELECT refresh_run_summary(" + R3 + ")");
            s.executeUpdate("UPDATE scan_result SET domain_verdict = 'verified', methods = '{tempo}' "
                    + "WHERE run_id = " + R3 + " AND domain = 'e.test'");
            s.executeUpdate("UPDATE census_run SET finished_at = now() + interval '1 second' WHERE id = " + R3);
            var rs = s.executeQuery("SELECT verified FROM run_summary WHERE run_id = " + R3 + " AND rank_bucket = 'all'");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2);
            s.executeUpdate("UPDATE scan_result SET domain_verdict = 'not_declared', methods = '{}' "
                    + "WHERE run_id = " + R3 + " AND domain = 'e.test'");
            s.executeUpdate("UPDATE census_run SET finished_at = now() + interval '2 second' WHERE id = " + R3);
        }
    }

    @Test
    void htmlReportIsSelfContained() throws Exception {
        Path out = dir.resolve("report.html");
        CliRunner.Result result = CliRunner.run("report", "html", "--list", LIST, "--out", out.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        String html = Files.readString(out);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("a.test")
                .doesNotContain("<script").doesNotContain("http://fonts").doesNotContain("src=\"http");
        assertThat(html.split("<svg ", -1)).hasSize(5);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}

package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.store.RunSummary;
import dev.mppcensus.store.RunSummaryQuery;
import dev.mppcensus.testdb.TestDatabase;
import dev.mppcensus.testdb.TestRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The summary, the reports, the HTML report and the trend over two nights of a list whose sites speak MPP
 * without declaring it, declare it afterwards, or sell streams with and without a session, stored as rows the
 * way the census writes them.
 */
class UndeclaredAndStreamReportsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LIST = "wrongs-fleet";
    private static final String UNDECLARED_HOME = """
            [{"url":"https://%s/","seen_at":["homepage_head","homepage_get"],"http_methods":["HEAD","GET"],
              "methods":["tempo"],"intents":["charge"]}]""";
    private static final String STREAMS = """
            {"stream_operations":[
              {"method":"POST","path":"/v1/chat","reasons":["response:text/event-stream"],"outcome":"session_missing",
               "offers_from":"challenge","intents":["charge"]},
              {"method":"POST","path":"/v1/stream","reasons":["metered:token"],"outcome":"session_offered",
               "offers_from":"x_payment_info","intents":["session"]}]}""";

    private static long first;
    private static long second;

    @TempDir
    static Path dir;

    /** One domain in one run. */
    record Row(String domain, int rank, String verdict, List<String> via, String undeclared, Integer streams,
               Integer missing, Integer offered, String evidence) {
    }

    @BeforeAll
    static void storeTwoNights() throws SQLException {
        JdbcTemplate jdbc = TestDatabase.migrated();
        first = TestRun.numbered(LIST).completedOn(LocalDate.of(2026, 3, 1)).insertInto(jdbc);
        second = TestRun.numbered(LIST).completedOn(LocalDate.of(2026, 3, 2)).insertInto(jdbc);
        // u: speaks MPP undeclared, then declares it   n: nothing, then declares (newly)
        // s: verified, sells two streams, one without a session
        // d: verified with an undeclared endpoint beside, then stops declaring but still speaks MPP (dropped)
        // x: not listed the first night, declares the second (newly)
        store(first, List.of(
                new Row("u.test", 1, "undeclared_mpp", List.of(), UNDECLARED_HOME.formatted("u.test"), null, null, null, "{}"),
                new Row("n.test", 2, "not_declared", List.of(), "[]", null, null, null, "{}"),
                new Row("s.test", 3, "verified", List.of("openapi"), "[]", 2, 1, 1, STREAMS),
                new Row("d.test", 4, "verified", List.of("well_known"), UNDECLARED_HOME.formatted("d.test"), null, null,
                        null, "{}")));
        store(second, List.of(
                new Row("u.test", 1, "verified", List.of("link"), "[]", null, null, null, "{}"),
                new Row("n.test", 2, "verified", List.of("well_known"), "[]", null, null, null, "{}"),
                new Row("s.test", 3, "verified", List.of("openapi"), "[]", 2, 1, 1, STREAMS),
                new Row("d.test", 4, "undeclared_mpp", List.of(), UNDECLARED_HOME.formatted("d.test"), 0, 0, 0, "{}"),
                new Row("x.test", 5, "verified", List.of("well_known"), "[]", null, null, null, "{}")));
    }

    private static void store(long runId, List<Row> rows) throws SQLException {
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
                        INSERT INTO scan_result (run_id, domain, rank, scanned_at, reachable, declared_via, domain_verdict,
                            methods, intents, duration_ms, evidence, undeclared_endpoints, stream_operations,
                            session_missing, session_offered)
                        VALUES (?, ?, ?, now(), true, ?, ?, '{tempo}', '{charge}', 10, ?::jsonb, ?::jsonb, ?, ?, ?)""")) {
                    result.setLong(1, runId);
                    result.setString(2, row.domain());
                    result.setInt(3, row.rank());
                    result.setArray(4, c.createArrayOf("text", row.via().toArray()));
                    result.setString(5, row.verdict());
                    result.setString(6, row.evidence());
                    result.setString(7, row.undeclared());
                    result.setObject(8, row.streams());
                    result.setObject(9, row.missing());
                    result.setObject(10, row.offered());
                    result.executeUpdate();
                }
            }
        }
    }

    @Test
    void adoptionCountsSitesSpeakingMppUndeclaredAndStreamsWithoutASession() throws Exception {
        CliRunner.Result result = CliRunner.run("report", "adoption", "--list", LIST, "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode runs = JSON.readTree(result.out());
        JsonNode night1 = runs.get(0);
        assertThat(night1.get("run_id").asLong()).isEqualTo(first);
        assertThat(night1.get("undeclared_mpp").asLong()).isEqualTo(1);
        assertThat(night1.get("undeclared_found").asLong()).isEqualTo(2);
        assertThat(night1.get("undeclared_share").decimalValue()).isEqualByComparingTo("0.25");
        assertThat(night1.get("declared").asLong()).as("speaking MPP is not declaring it").isEqualTo(2);
        assertThat(night1.get("streaming_domains").asLong()).isEqualTo(1);
        assertThat(night1.get("session_missing_domains").asLong()).isEqualTo(1);
        assertThat(night1.get("stream_operations").asLong()).isEqualTo(2);
        assertThat(night1.get("session_missing_operations").asLong()).isEqualTo(1);
        JsonNode night2 = runs.get(1);
        assertThat(night2.get("undeclared_mpp").asLong()).isEqualTo(1);
        assertThat(night2.get("undeclared_share").decimalValue()).isEqualByComparingTo("0.2");

        CliRunner.Result table = CliRunner.run("report", "adoption", "--list", LIST);
        assertThat(table.out().lines().findFirst().orElseThrow()).contains("undeclared_mpp")
                .contains("session_missing_domains");
    }

    @Test
    void changesTellUndeclaredToDeclaredApartFromNewlyDeclaring() throws Exception {
        JsonNode changes = JSON.readTree(CliRunner.run("report", "changes", "--run", String.valueOf(second),
                "--format", "json").out());

        assertThat(changes.get("previous_run_id").asLong()).isEqualTo(first);
        assertThat(strings(changes.get("newly_declaring"))).containsExactly("n.test", "x.test");
        assertThat(strings(changes.get("undeclared_to_declared"))).containsExactly("u.test");
        assertThat(strings(changes.get("dropped"))).as("stopped declaring, still speaks MPP").containsExactly("d.test");
        assertThat(strings(changes.get("broke"))).isEmpty();
        assertThat(strings(changes.get("fixed"))).isEmpty();

        CliRunner.Result table = CliRunner.run("report", "changes", "--run", String.valueOf(second));
        assertThat(table.out()).contains("2 newly declaring, 1 undeclared to declared, 1 dropped, 0 broke, 0 fixed")
                .contains("undeclared_to_declared");
    }

    @Test
    void streamsReportListsTheOperationsWithoutASession() throws Exception {
        JsonNode rows = JSON.readTree(CliRunner.run("report", "streams", "--run", String.valueOf(first),
                "--format", "json").out());

        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("domain").asString()).isEqualTo("s.test");
        assertThat(row.get("http_method").asString()).isEqualTo("POST");
        assertThat(row.get("path").asString()).isEqualTo("/v1/chat");
        assertThat(strings(row.get("reasons"))).containsExactly("response:text/event-stream");
        assertThat(row.get("offers_from").asString()).isEqualTo("challenge");
        assertThat(row.get("session_missing").asInt()).isEqualTo(1);

        assertThat(CliRunner.run("report", "streams", "--run", "123456789").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void viewsListEachUndeclaredEndpointAndStreamOperation() {
        JdbcTemplate jdbc = TestDatabase.migrated();
        assertThat(jdbc.queryForList("SELECT domain || ' ' || url || ' ' || array_to_string(seen_at, ',') FROM "
                + "undeclared_endpoint WHERE run_id = ? ORDER BY rank", String.class, first))
                .containsExactly("u.test https://u.test/ homepage_head,homepage_get",
                        "d.test https://d.test/ homepage_head,homepage_get");
        assertThat(jdbc.queryForList("SELECT path || ' ' || outcome FROM stream_operation WHERE run_id = ? ORDER BY path",
                String.class, first)).containsExactly("/v1/chat session_missing", "/v1/stream session_offered");
    }

    @Test
    void theRunSummaryPrintsBothWrongs() {
        RunSummary summary = new RunSummaryQuery(TestDatabase.migrated()).summarize(first).orElseThrow();
        assertThat(summary.undeclaredMpp()).isEqualTo(1);
        assertThat(summary.undeclaredFound()).isEqualTo(2);
        assertThat(summary.streamOperations()).isEqualTo(2);
        assertThat(summary.sessionMissingOperations()).isEqualTo(1);
        assertThat(summary.streamingDomains()).isEqualTo(1);
        assertThat(summary.sessionMissingDomains()).isEqualTo(1);

        StringWriter out = new StringWriter();
        SummaryPrinter.print(summary, new PrintWriter(out, true));
        assertThat(out.toString())
                .contains("undeclared MPP     1 (speak MPP, declare nothing; 2 with undeclared endpoints in all)")
                .contains("streams sold       2 operations on 1 sites; without a session: 1 operations on 1 sites")
                .contains("undeclared_mpp 1");
    }

    @Test
    void htmlReportShowsBothWrongsAndTheirTrend() throws Exception {
        Path out = dir.resolve("wrongs.html");
        CliRunner.Result result = CliRunner.run("report", "html", "--list", LIST, "--out", out.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        String html = Files.readString(out);
        assertThat(html).contains("speak MPP, declare nothing &middot; 20%")
                .contains("speaks MPP, undeclared")
                .contains("<h2>Streaming operations without a session (last run)</h2>")
                .contains("2 operations on 1 sites sell a stream")
                .contains("<td>s.test</td><td>verified</td><td>POST /v1/chat</td><td>response:text/event-stream</td>"
                        + "<td>charge (challenge)</td>")
                .doesNotContain("/v1/stream</td>");
        String changes = html.substring(html.indexOf("<h2>Top changes of the last run</h2>"));
        assertThat(changes).contains("<b>Undeclared &rarr; declared</b> <span class=\"muted\">(1)</span><ul><li>u.test</li>")
                .contains("<b>Newly declaring</b> <span class=\"muted\">(2)</span><ul><li>n.test</li><li>x.test</li>");
        String runs = html.substring(html.indexOf("<h2>Runs</h2>"));
        assertThat(runs).contains("<th>undeclared_mpp</th>").contains("<th>session_missing_domains</th>");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}

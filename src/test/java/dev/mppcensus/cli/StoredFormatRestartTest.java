package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWeb;
import dev.mppcensus.testdb.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run that an earlier version started and left failed is completed by {@code restart --run ID}
 * with the settings it was started with, whichever format that version stored them in: its domains
 * are reached only through the run's {@code --connect-to} rules and {@code --ca-file}, so a result
 * that reached its site proves the stored settings were read. The failed run is made by this
 * version, then its execution's parameters are rewritten as the earlier version wrote them.
 */
class StoredFormatRestartTest {

    private static final List<String> HOSTS = IntStream.range(0, 6).mapToObj("s%d.stored.test"::formatted).toList();
    private static final String POISON = HOSTS.get(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(HOSTS);

    @BeforeAll
    static void routes() {
        HOSTS.forEach(host -> web.server().route(host, "/", FixtureResponse.ok("<html></html>")));
    }

    /** How versions of mpp-census stored a run's settings with its job execution. */
    enum StoredFormat {
        /** One job parameter per setting, before the settings were one JSON parameter. */
        PARAMETER_PER_SETTING,
        /** The first JSON: no --probe-methods, --dns-server, --connections-per-host; {@code "remote": false}. */
        FIRST_JSON
    }

    @ParameterizedTest
    @EnumSource(StoredFormat.class)
    void aFailedRunStoredByAnEarlierVersionIsCompletedByRestart(StoredFormat format) throws Exception {
        String listName = "stored-" + format.name().toLowerCase().replace('_', '-');
        Path list = Files.write(dir.resolve(listName + ".txt"), HOSTS);
        List<String> scan = new ArrayList<>(List.of("scan", list.toString(), "--list-name", listName,
                "--run-date", "2026-11-29", "--chunk-size", "1", "--concurrency", "1", "--partitions", "1",
                "--timeout", "3s"));
        scan.addAll(web.cliOptions());
        assertThat(CliRunner.run("runs").exitCode()).isZero(); // creates the schema
        String poison = "stored_poison_" + format.ordinal();
        sql("CREATE FUNCTION " + poison + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        + "IF NEW.domain = '" + POISON + "' THEN RAISE EXCEPTION 'poisoned'; END IF; RETURN NEW; END $$",
                "CREATE TRIGGER " + poison + " BEFORE INSERT ON scan_result FOR EACH ROW EXECUTE FUNCTION " + poison + "()");

        // given a run that failed part-way, its settings stored as the earlier version stored them
        CliRunner.Result failed = CliRunner.run(scan.toArray(String[]::new));
        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
        sql("DROP TRIGGER " + poison + " ON scan_result", "DROP FUNCTION " + poison + "()");
        long runId = Long.parseLong(failed.out().replaceAll("(?s).*run id\\s+(\\d+).*", "$1"));
        long execution = number("SELECT max(job_execution_id) FROM batch_job_execution WHERE job_instance_id = " + runId);
        ObjectNode settings = (ObjectNode) JSON.readTree(text(
                "SELECT parameter_value FROM batch_job_execution_params WHERE parameter_name = 'settings' "
                        + "AND job_execution_id = " + execution));
        sql("DELETE FROM batch_job_execution_params WHERE parameter_name = 'settings' AND job_execution_id = " + execution);
        switch (format) {
            case PARAMETER_PER_SETTING -> storeParameterPerSetting(execution, settings);
            case FIRST_JSON -> storeFirstJson(execution, settings);
        }

        // when it is restarted
        CliRunner.Result restarted = CliRunner.run("restart", "--run", Long.toString(runId));

        // then it completes with every domain reached through the stored rules and CA, each once
        assertThat(restarted.exitCode()).as(restarted.out() + restarted.err()).isZero();
        assertThat(restarted.out()).contains("Run " + runId + " (resumed): completed");
        assertThat(number("SELECT count(*) FROM scan_result WHERE run_id = " + runId + " AND reachable"))
                .isEqualTo(HOSTS.size());
        assertThat(number("SELECT max(attempt) FROM scan_result WHERE run_id = " + runId)).isOne();
        JsonNode now = JSON.readTree(text("SELECT parameters::text FROM census_run WHERE id = " + runId));
        assertThat(now.get("chunkSize").asInt()).as("stored").isOne();
        assertThat(now.get("timeout").asString()).as("stored").isEqualTo("PT3S");
        assertThat(now.get("connectionsPerHost").asInt()).as("not stored: the default").isEqualTo(3);
        assertThat(now.get("distribution").get("workers").asString()).isEqualTo("LOCAL");
    }

    /** As versions before November 30, 2026 stored a run's settings. */
    private static void storeParameterPerSetting(long execution, JsonNode settings) throws SQLException {
        JsonNode distribution = settings.get("distribution");
        List<String> checks = new ArrayList<>();
        settings.get("checks").forEach(check -> checks.add(check.asString().toLowerCase().replace('_', '-')));
        List<String> connectTo = new ArrayList<>();
        settings.get("connectTo").forEach(rule -> connectTo.add(rule.asString()));
        parameter(execution, "chunkSize", settings.get("chunkSize").asLong());
        parameter(execution, "concurrency", settings.get("concurrency").asLong());
        parameter(execution, "timeoutMs", java.time.Duration.parse(settings.get("timeout").asString()).toMillis());
        parameter(execution, "connectTimeoutMs",
                java.time.Duration.parse(settings.get("connectTimeout").asString()).toMillis());
        parameter(execution, "userAgent", settings.get("userAgent").asString());
        parameter(execution, "connectTo", String.join("\n", connectTo));
        parameter(execution, "caFile", Path.of(java.net.URI.create(settings.get("caFile").asString())).toString());
        parameter(execution, "checks", String.join(",", checks));
        parameter(execution, "allowPrivate", "");
        parameter(execution, "perIpLimit", settings.get("perIpLimit").asLong());
        parameter(execution, "robots", "false");
        parameter(execution, "retries", settings.get("retries").asLong());
        parameter(execution, "workers", "local");
        parameter(execution, "partitions", distribution.get("partitions").asLong());
        parameter(execution, "parallelPartitions", distribution.get("parallelPartitions").asLong());
        parameter(execution, "queue", distribution.get("queue").asString());
    }

    /** As the first version storing one JSON parameter did. */
    private static void storeFirstJson(long execution, ObjectNode settings) throws SQLException {
        settings.remove(List.of("probeMethods", "dnsServers", "connectionsPerHost"));
        ObjectNode distribution = (ObjectNode) settings.get("distribution");
        distribution.remove("workers");
        distribution.put("remote", false);
        parameter(execution, "settings", JSON.writeValueAsString(settings));
    }

    private static void parameter(long execution, String name, Object value) throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_job_execution_params "
                        + "(job_execution_id, parameter_name, parameter_type, parameter_value, identifying) "
                        + "VALUES (?, ?, ?, ?, 'N')")) {
            insert.setLong(1, execution);
            insert.setString(2, name);
            insert.setString(3, value.getClass().getName());
            insert.setString(4, value.toString());
            insert.executeUpdate();
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

    private static long number(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    private static String text(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}

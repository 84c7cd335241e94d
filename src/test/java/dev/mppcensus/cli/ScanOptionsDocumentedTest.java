package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.census.ScanSettings;
import dev.mppcensus.census.ScanSettings.Setting;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.testdb.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A setting declared in {@link ScanSettings} is an option everywhere a user meets it: {@code scan
 * --help} lists it, a run stores it (the job parameter and {@code census_run.parameters}), and
 * docs/operations.md's option table describes it; every option of the commands that scan sets a
 * setting of its name, or is none of ScanSettings' business and listed as such here.
 */
class ScanOptionsDocumentedTest {

    /** Options of {@code scan} that are not settings of the run: they identify it, or concern this process. */
    private static final Set<String> NOT_SETTINGS = Set.of("--list-name", "--run-date", "--db-outage-wait",
            "--data-dir", "--help", "--version");

    @TempDir
    static Path dir;

    private static List<String> settingOptions() {
        return ScanSettings.settings().stream().map(setting -> "--" + setting.option()).toList();
    }

    @Test
    void everySettingIsAnOptionOfScanAndEveryOptionOfScanASettingOrNamedHere() {
        StringWriter out = new StringWriter();
        int exitCode = CensusCli.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "scan", "--help");

        assertThat(exitCode).isZero();
        Set<String> helped = new TreeSet<>();
        Matcher option = Pattern.compile("(?m)^\\s+(?:-\\w, )?(--[a-z-]+)").matcher(out.toString());
        while (option.find()) {
            helped.add(option.group(1));
        }
        assertThat(helped).containsAll(settingOptions());
        assertThat(helped).allMatch(name -> settingOptions().contains(name) || NOT_SETTINGS.contains(name),
                "a setting of ScanSettings or one of " + NOT_SETTINGS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scan", "check", "worker", "schedule"})
    void everyOptionOfASettingsGroupNamesASetting(String command) {
        CommandLine commandLine = new CommandLine(new CensusCli());
        List.of(ScanCommand.class, CheckCommand.class, WorkerCommand.class, ScheduleCommand.class)
                .forEach(commandLine::addSubcommand);

        List<String> groupOptions = commandLine.getSubcommands().get(command).getCommandSpec().mixins().values().stream()
                .filter(mixin -> mixin.userObject() instanceof SettingOptions)
                .flatMap(mixin -> mixin.options().stream()).map(OptionSpec::longestName).toList();

        assertThat(groupOptions).isNotEmpty().allMatch(settingOptions()::contains, "named like a setting of ScanSettings");
    }

    @Test
    void everySettingIsInTheOptionTableOfTheOperationsManualAndEveryOptionThereIsOneOfScan() throws IOException {
        String manual = Files.readString(Path.of("docs/operations.md"));
        String table = manual.substring(manual.indexOf("| option | meaning | default |"),
                manual.indexOf("\n\n", manual.indexOf("| option | meaning | default |")));
        Set<String> documented = Pattern.compile("(?m)^\\| `(--[a-z-]+)").matcher(table).results()
                .map(match -> match.group(1)).collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented).containsAll(settingOptions());
        assertThat(documented).allMatch(name -> settingOptions().contains(name) || NOT_SETTINGS.contains(name),
                "an option of scan");
    }

    @Test
    void aRunStoresEverySettingWithTheValuesGivenAndTheDefaultsOfTheOthers() throws Exception {
        Path list = Files.writeString(dir.resolve("documented.txt"), "a.documented.test\n");
        List<String> scan = new ArrayList<>(List.of("scan", list.toString(), "--list-name", "documented",
                "--run-date", "2026-12-01", "--chunk-size", "3", "--retries", "0", "--timeout", "2s",
                "--connect-to", "::127.0.0.1:" + Listeners.refusedPort(), "--checks", "well-known,link",
                "--workers", "local", "--parallel-partitions", "2"));

        CliRunner.Result result = CliRunner.run(scan.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        JsonMapper json = JsonMapper.builder().build();
        JsonNode run = json.readTree(stored("SELECT parameters::text FROM census_run WHERE list_name = ?"));
        JsonNode jobParameter = json.readTree(stored("""
                SELECT p.parameter_value FROM batch_job_execution_params p
                JOIN batch_job_execution e ON e.job_execution_id = p.job_execution_id
                JOIN census_run r ON r.id = e.job_instance_id
                WHERE r.list_name = ? AND p.parameter_name = 'settings'"""));
        for (Setting setting : ScanSettings.settings()) {
            assertThat(at(run, setting.jsonPath())).as("census_run.parameters: --" + setting.option()).isNotNull();
            assertThat(at(jobParameter, setting.jsonPath())).as("job parameter: --" + setting.option()).isNotNull();
        }
        assertThat(run).isEqualTo(jobParameter);
        assertThat(run.get("chunkSize").asInt()).isEqualTo(3);
        assertThat(run.get("timeout").asString()).isEqualTo("PT2S");
        assertThat(run.get("checks")).hasSize(2);
        assertThat(run.get("distribution").get("parallelPartitions").asInt()).isEqualTo(2);
        assertThat(run.get("connectionsPerHost").asInt()).as("not given: the default").isEqualTo(3);
        assertThat(run.get("probeMethods").asString()).as("not given: the default").isEqualTo("DEFAULT");
    }

    private static JsonNode at(JsonNode node, List<String> path) {
        JsonNode value = node;
        for (String name : path) {
            value = value == null ? null : value.get(name);
        }
        return value;
    }

    private static String stored(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "documented");
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                return rs.getString(1);
            }
        }
    }
}

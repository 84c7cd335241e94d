package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.CapturedResponse;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWeb;
import dev.mppcensus.fixture.FixtureWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code check DOMAIN} explains two ways a deployment goes wrong besides a stub in these words: "support exists
 * but isn't declared" and "a one-shot flow where a session is needed".
 */
class CheckExplainsTheOtherWrongsTest {

    private static final String CAPTURED = "/dev/mppcensus/detection/captured/";
    private static final List<String> HOSTS = List.of("home.wrongs.test", "stream.wrongs.test");

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(HOSTS);

    private static final List<String> network = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void startFleet() {
        FixtureWebServer server = web.server();
        server.route("home.wrongs.test", "/", CapturedResponse.load(CAPTURED + "mppx-homepage-head.http").toFixtureResponse());
        server.route("stream.wrongs.test", "/", FixtureResponse.ok("home"));
        server.route("stream.wrongs.test", "/openapi.json", FixtureResponse.json("""
                {"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/v1/chat":{"post":{
                  "x-payment-info":{"intent":"charge","method":"tempo","amount":"1000"},
                  "responses":{"200":{"content":{"text/event-stream":{}}},"402":{"description":"Payment Required"}}}}}}"""));
        server.route("stream.wrongs.test", "/v1/chat",
                CapturedResponse.load(CAPTURED + "mppx-post-charge.http").toFixtureResponse());
        network.addAll(List.of("--timeout", "3s"));
        network.addAll(web.cliOptions());
    }

    /** A batch run stores what {@code check} shows, and its summary counts both wrongs. */
    @Test
    void aStoredRunRecordsAndCountsBoth() throws Exception {
        Path list = dir.resolve("wrongs-check.txt");
        Files.write(list, HOSTS);
        List<String> scanArgs = new ArrayList<>(List.of("scan", list.toString(), "--list-name", "wrongs-check"));
        scanArgs.addAll(network);
        CliRunner.Result scan = CliRunner.run(scanArgs.toArray(String[]::new));
        assertThat(scan.exitCode()).as(scan.err()).isZero();
        assertThat(scan.out()).contains("undeclared MPP     1 (speak MPP, declare nothing; 1 with undeclared endpoints in all)")
                .contains("streams sold       1 operations on 1 sites; without a session: 1 operations on 1 sites");

        JsonMapper mapper = JsonMapper.builder().build();
        Map<String, JsonNode> stored = new HashMap<>();
        Matcher runId = Pattern.compile("run id\\s+(\\d+)").matcher(scan.out());
        assertThat(runId.find()).as(scan.out()).isTrue();
        CliRunner.run("export", "--run", runId.group(1)).out().lines().map(mapper::readTree)
                .forEach(node -> stored.put(node.get("domain").asString(), node));
        for (String host : HOSTS) {
            JsonNode checked = mapper.readTree(check(host, "--json").out());
            for (String field : List.of("domain_verdict", "stream_operations", "session_missing", "session_offered")) {
                assertThat(stored.get(host).get(field)).as(host + " " + field).isEqualTo(checked.get(field));
            }
            assertThat(urls(stored.get(host))).as(host).isEqualTo(urls(checked));
        }

        JsonNode adoption = mapper.readTree(CliRunner.run("report", "adoption", "--list", "wrongs-check", "--format",
                "json").out()).get(0);
        assertThat(adoption.get("undeclared_mpp").asLong()).isEqualTo(1);
        assertThat(adoption.get("session_missing_domains").asLong()).isEqualTo(1);
        assertThat(adoption.get("session_missing_operations").asLong()).isEqualTo(1);
    }

    private static List<String> urls(JsonNode record) {
        List<String> urls = new ArrayList<>();
        record.get("undeclared_endpoints").forEach(endpoint -> urls.add(endpoint.get("url").asString()));
        return urls;
    }

    private static CliRunner.Result check(String... args) {
        List<String> command = new ArrayList<>(List.of("check"));
        command.addAll(List.of(args));
        command.addAll(network);
        return CliRunner.run(command.toArray(String[]::new));
    }

    @Test
    void supportThatIsNotDeclared() throws Exception {
        CliRunner.Result report = check("home.wrongs.test");

        assertThat(report.exitCode()).as(report.err()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(report.out()).startsWith("home.wrongs.test: undeclared_mpp")
                .contains("undeclared      HEAD https://home.wrongs.test/  [seen at homepage_head]")
                .contains("why             support exists but isn't declared: the site speaks MPP")
                .contains("streams         unknown (no OpenAPI document says what is sold)");

        JsonNode json = JsonMapper.builder().build().readTree(check("home.wrongs.test", "--json").out());
        assertThat(json.get("domain_verdict").asString()).isEqualTo("undeclared_mpp");
        assertThat(json.get("undeclared_endpoints").get(0).get("url").asString()).isEqualTo("https://home.wrongs.test/");
        assertThat(json.get("stream_operations").isNull()).isTrue();
    }

    @Test
    void aOneShotFlowWhereASessionIsNeeded() throws Exception {
        CliRunner.Result report = check("stream.wrongs.test");

        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).startsWith("stream.wrongs.test: verified")
                .contains("streams         1 operation(s) sell a stream: 1 without a session, 0 with one")
                .contains("stream          POST /v1/chat  session_missing (response:text/event-stream; "
                        + "offers from challenge: charge)")
                .contains("also            a one-shot flow where a session is needed: 1 operation(s) sell a stream "
                        + "but offer no session (intent=\"session\")");

        JsonNode json = JsonMapper.builder().build().readTree(check("stream.wrongs.test", "--json").out());
        assertThat(json.get("stream_operations").asInt()).isEqualTo(1);
        assertThat(json.get("session_missing").asInt()).isEqualTo(1);
        assertThat(json.get("session_offered").asInt()).isZero();
        assertThat(json.get("undeclared_endpoints")).isEmpty();
    }
}

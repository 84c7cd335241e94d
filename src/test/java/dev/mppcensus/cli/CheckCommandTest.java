package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.CapturedResponse;
import dev.mppcensus.fixture.FixtureHandler;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.FixtureWeb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code check DOMAIN} prints the same verdicts as a batch {@code scan} of the same hosts. */
class CheckCommandTest {

    private static final List<String> HOSTS = List.of("verified.check.test", "confused.check.test",
            "stub.check.test", "plain.check.test", "walled.check.test");

    @TempDir
    static Path dir;

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(HOSTS);

    private static FixtureWebServer server;
    private static final List<String> network = new ArrayList<>();

    @BeforeAll
    static void startFleet() {
        server = web.server();
        Map<String, FixtureResponse> endpoints = Map.of(
                "verified.check.test", CapturedResponse.load("/dev/mppcensus/detection/captured/mppx-compose-charge-session.http").toFixtureResponse(),
                "confused.check.test", CapturedResponse.load("/dev/mppcensus/detection/captured/x402-express-v2.http").toFixtureResponse(),
                "stub.check.test", FixtureResponse.ok("soon"));
        endpoints.forEach((host, endpoint) -> {
            server.route(host, "/", FixtureResponse.ok("home").header("Link", "</mpp>; rel=\"mpp-endpoint\""));
            server.route(host, "/mpp", endpoint);
        });
        server.route("plain.check.test", "/", FixtureResponse.ok("home"));
        server.routeEveryPath("walled.check.test", FixtureHandler.always(
                CapturedResponse.load("/dev/mppcensus/detection/walls/sucuri-block.http").toFixtureResponse()));
        network.addAll(List.of("--timeout", "3s"));
        network.addAll(web.cliOptions());
    }

    @Test
    void checkAgreesWithTheBatchRun() throws Exception {
        Path list = dir.resolve("check-fleet.txt");
        Files.write(list, HOSTS);
        List<String> scanArgs = new ArrayList<>(List.of("scan", list.toString(), "--list-name", "check-fleet"));
        scanArgs.addAll(network);
        CliRunner.Result scan = CliRunner.run(scanArgs.toArray(String[]::new));
        assertThat(scan.exitCode()).as(scan.err()).isZero();
        CliRunner.Result export = CliRunner.run("export", "--run", "latest");
        JsonMapper json = JsonMapper.builder().build();
        Map<String, JsonNode> batch = new HashMap<>();
        export.out().lines().map(json::readTree).forEach(node -> batch.put(node.get("domain").asString(), node));
        assertThat(batch.keySet()).containsExactlyInAnyOrderElementsOf(HOSTS);
        assertThat(batch.get("verified.check.test").get("domain_verdict").asString()).isEqualTo("verified");
        assertThat(batch.get("confused.check.test").get("domain_verdict").asString()).isEqualTo("x402_confused");
        assertThat(batch.get("stub.check.test").get("domain_verdict").asString()).isEqualTo("stub");
        assertThat(batch.get("plain.check.test").get("domain_verdict").asString()).isEqualTo("not_declared");
        assertThat(batch.get("plain.check.test").get("bot_vendor").isNull()).isTrue();
        assertThat(batch.get("walled.check.test").get("domain_verdict").asString()).isEqualTo("unseen");
        assertThat(batch.get("walled.check.test").get("bot_vendor").asString()).isEqualTo("sucuri");

        for (String host : HOSTS) {
            List<String> checkArgs = new ArrayList<>(List.of("check", host, "--json"));
            checkArgs.addAll(network);
            CliRunner.Result check = CliRunner.run(checkArgs.toArray(String[]::new));
            assertThat(check.exitCode()).as(check.err()).isEqualTo(host.startsWith("verified") ? 0 : 1);
            JsonNode single = json.readTree(check.out());
            for (String field : List.of("domain_verdict", "endpoint_verdict", "intents", "methods",
                    "session_supported", "x402_offered", "declared_via", "mpp_endpoints", "challenge_over_tls",
                    "error_kind", "bot_vendor")) {
                assertThat(single.get(field)).as(host + " " + field).isEqualTo(batch.get(host).get(field));
            }
        }

        List<String> readable = new ArrayList<>(List.of("check", "verified.check.test"));
        readable.addAll(network);
        CliRunner.Result report = CliRunner.run(readable.toArray(String[]::new));
        assertThat(report.out()).startsWith("verified.check.test: verified")
                .contains("intents         charge, session (session primitive supported)")
                .contains("challenge     method=tempo intent=session")
                .contains("sent          GET https://verified.check.test/mpp -> 402");

        List<String> walled = new ArrayList<>(List.of("check", "walled.check.test"));
        walled.addAll(network);
        CliRunner.Result unseen = CliRunner.run(walled.toArray(String[]::new));
        assertThat(unseen.exitCode()).isEqualTo(1);
        assertThat(unseen.out()).startsWith("walled.check.test: unseen")
                .contains("problem         bot_challenge: Sucuri block (403)")
                .contains("why             every check met a bot wall (Sucuri): the site's own answers were never seen");
    }

    @Test
    void rejectsWhatIsNotADomain() {
        CliRunner.Result result = CliRunner.run("check", "not a domain");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("mpp-census: 'not a domain' is not a domain");
    }
}

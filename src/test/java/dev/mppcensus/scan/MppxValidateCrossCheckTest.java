package dev.mppcensus.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.ConnectToRule;
import dev.mppcensus.fetch.FetchSettings;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.fixture.CapturedResponse;
import dev.mppcensus.fixture.FetchSettingsBuilder;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.fixture.TestCertificateAuthority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official validator as a differential oracle: {@code mppx validate URL --output-json} of npm
 * {@code mppx} 0.11.0 (run through {@code npx})
 * (unpaid: no wallet, so its payment step is skipped) and the census look at the same fixture service,
 * and must agree, endpoint by endpoint, on whether it answers an unpaid request with a well-formed
 * Payment challenge. Skipped (never failed) where Node, npx or the npm registry is not available.
 */
class MppxValidateCrossCheckTest {

    private static final String CAPTURED = "/dev/mppcensus/detection/captured/";
    private static final String PAY = "\"x-payment-info\":{\"intent\":\"charge\",\"method\":\"tempo\",\"amount\":\"1000\","
            + "\"currency\":\"0x20c0000000000000000000000000000000000000\"},"
            + "\"responses\":{\"200\":{\"description\":\"ok\"},\"402\":{\"description\":\"Payment Required\"}}";

    @TempDir
    Path dir;

    @Test
    void censusVerdictsAgreeWithMppxValidate() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npx"), "Node and npx are not installed");
        Map<String, FixtureResponse> endpoints = new java.util.LinkedHashMap<>();
        endpoints.put("POST /v1/search", captured("mppx-post-charge.http"));
        endpoints.put("POST /v1/stream", captured("mppx-post-session.http"));
        endpoints.put("GET /dual", captured("mppx-dual-tempo-evm-x402.http"));
        endpoints.put("GET /x402", captured("x402-express-v2.http"));
        endpoints.put("POST /stub", FixtureResponse.json("{\"ok\":true}"));
        endpoints.put("POST /broken", FixtureResponse.status(402).header("WWW-Authenticate",
                "Payment realm=\"validate.test\", method=\"tempo\", intent=\"charge\", request=\"e30\""));
        StringBuilder paths = new StringBuilder();
        endpoints.keySet().forEach(key -> {
            String[] parts = key.split(" ");
            paths.append(paths.isEmpty() ? "" : ",").append('"').append(parts[1]).append("\":{\"")
                    .append(parts[0].toLowerCase()).append("\":{").append(PAY).append("}}");
        });
        String document = "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"cross-check\",\"version\":\"1\"},\"paths\":{"
                + paths + "}}";

        TestCertificateAuthority ca = TestCertificateAuthority.create();
        try (FixtureWebServer server = FixtureWebServer.start(ca, List.of("validate.test"))) {
            for (String host : List.of("validate.test", "127.0.0.1")) {
                server.route(host, "/", FixtureResponse.ok("home"));
                server.route(host, "/openapi.json", FixtureResponse.json(document));
                endpoints.forEach((key, answer) -> {
                    String method = key.substring(0, key.indexOf(' '));
                    server.route(host, key.substring(key.indexOf(' ') + 1), request -> request.method().equals(method)
                            ? answer : FixtureResponse.status(405));
                });
            }
            JsonNode report = validate("http://127.0.0.1:" + server.httpPort());
            Map<String, Boolean> validator = new HashMap<>();
            for (JsonNode endpoint : report.get("endpoints").values()) {
                boolean returns402 = passed(endpoint, "Returns 402 without credentials");
                boolean parseable = passed(endpoint, "Challenge parseable") && passed(endpoint, "Challenge has id");
                validator.put(endpoint.get("method").asString() + " " + endpoint.get("path").asString(),
                        returns402 && parseable);
            }
            assertThat(validator.keySet()).as("endpoints the validator found").containsAll(endpoints.keySet());

            List<ConnectToRule> rules = new ArrayList<>();
            rules.add(new ConnectToRule("validate.test", 443, "127.0.0.1", Listeners.refusedPort()));
            rules.add(new ConnectToRule("validate.test", 80, "127.0.0.1", server.httpPort()));
            try (HttpFetcher fetcher = new HttpFetcher(FetchSettingsBuilder.census().connectTo(rules)
                    .requestTimeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(1)).build())) {
                DomainScan scan = new DomainScanner(fetcher, java.util.EnumSet.allOf(ScanCheck.class), false, 0,
                        ProbeMethods.DEFAULT).scan(new ListedDomain("validate.test", null, 1));
                Map<String, Boolean> census = new HashMap<>();
                for (EndpointProbe probe : scan.endpoints()) {
                    String path = java.net.URI.create(probe.url()).getPath();
                    // over plain http the challenge is a recorded defect, not a different verdict
                    census.put(probe.httpMethod() + " " + path,
                            probe.verdict() == dev.mppcensus.detection.EndpointVerdict.VERIFIED_MPP);
                }
                assertThat(census).as("census verdicts (verified_mpp) against mppx validate's unpaid checks, "
                        + "validator report: " + report.get("endpoints")).containsAllEntriesOf(
                        Map.copyOf(filtered(validator, census.keySet())));
                assertThat(census.keySet()).containsExactlyInAnyOrderElementsOf(
                        endpoints.keySet().stream().limit(EndpointProber.MAX_OPERATIONS).toList());
            }
        }
    }

    private static Map<String, Boolean> filtered(Map<String, Boolean> all, java.util.Set<String> keys) {
        Map<String, Boolean> out = new HashMap<>();
        all.forEach((k, v) -> {
            if (keys.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static boolean passed(JsonNode endpoint, String label) {
        JsonNode checks = endpoint.get("challenge");
        if (checks == null) {
            return false;
        }
        for (JsonNode check : checks.values()) {
            if (check.path("label").asString("").equals(label)) {
                return check.path("severity").asString("").equals("pass");
            }
        }
        return false;
    }

    private JsonNode validate(String url) throws IOException, InterruptedException {
        Path out = dir.resolve("validate.json");
        // viem is a peer of mppx whose latest release asks for a newer mppx: install both, peers unchecked
        ProcessBuilder builder = new ProcessBuilder("npx", "--yes", "-p", "mppx@0.11.0", "-p", "viem@2", "mppx",
                "validate", url, "--output-json")
                .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("npm_config_legacy_peer_deps", "true");
        Process process = builder.start();
        if (!process.waitFor(240, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            Assumptions.abort("mppx validate did not finish in 240 s (npm registry unreachable?)");
        }
        String json = Files.readString(out, StandardCharsets.UTF_8);
        int start = json.indexOf('{');
        Assumptions.assumeTrue(start >= 0, "mppx validate printed no JSON (npm registry unreachable?): "
                + Files.readString(dir.resolve("err.txt")));
        return JsonMapper.builder().build().readTree(json.substring(start));
    }

    private static FixtureResponse captured(String name) {
        return CapturedResponse.load(CAPTURED + name).toFixtureResponse();
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(entry, command))) {
                return true;
            }
        }
        return false;
    }
}

package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.fixture.TestCertificateAuthority;
import dev.mppcensus.testdb.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the real {@code scan} and {@code export} commands over a list of fixture sites served on
 * loopback (HTTPS with a test CA, and HTTP) through {@code --connect-to}, then checks every stored
 * row and every exported record against what each site was built to show.
 */
class CensusEndToEndTest {

    private static final String MPP_JSON = "{\"payments\":{\"mpp\":\"%s\"}}";

    /** What the census must record for one fixture site. */
    record Expected(String domain, boolean reachable, String errorKind, List<String> declaredVia,
            List<String> endpoints, String scheme, String siteHost) {
    }

    private static final List<Expected> EXPECTED = new ArrayList<>();
    private static final Map<String, FixtureSite> SITES = new LinkedHashMap<>();

    @TempDir
    static Path dir;

    private static FixtureWebServer server;
    private static FixtureWebServer untrustedServer;
    private static Listeners.Listener blackhole;
    private static int refusedPort;
    private static final List<String> connectTo = new ArrayList<>();
    private static Path caFile;

    /** A site's routes: homepage HEAD and GET answers and the ai-agent.json answer. */
    record FixtureSite(FixtureResponse head, FixtureResponse get, FixtureResponse wellKnown) {
    }

    private static void site(String domain, FixtureResponse head, FixtureResponse get, FixtureResponse wellKnown,
            boolean reachable, String errorKind, List<String> via, List<String> endpoints) {
        SITES.put(domain, new FixtureSite(head, get, wellKnown));
        EXPECTED.add(new Expected(domain, reachable, errorKind, via, endpoints, reachable ? "https" : null,
                reachable ? domain : null));
    }

    private static void declared(String domain, FixtureResponse head, FixtureResponse get, FixtureResponse wellKnown,
            List<String> via, String... endpoints) {
        site(domain, head, get, wellKnown, true, null, via, List.of(endpoints));
    }

    private static FixtureResponse page() {
        return FixtureResponse.status(200).header("Content-Type", "text/html").body("<html></html>");
    }

    private static FixtureResponse link(String value) {
        return page().header("Link", value);
    }

    private static FixtureResponse mppJson(String endpoint) {
        return FixtureResponse.json(MPP_JSON.formatted(endpoint));
    }

    private static final FixtureResponse NOT_FOUND = FixtureResponse.status(404).body("not found");
    private static final List<String> NONE = List.of();
    private static final List<String> WELL_KNOWN = List.of("well_known");
    private static final List<String> LINK = List.of("link");
    private static final List<String> BOTH = List.of("well_known", "link");

    @BeforeAll
    static void startFleet() throws Exception {
        site("none.test", page(), page(), NOT_FOUND, true, null, NONE, NONE);
        site("nopayments.test", page(), page(), FixtureResponse.json("{\"name\":\"agent\"}"), true, null, NONE, NONE);
        site("x402only.test", page(), page(), FixtureResponse.json("{\"payments\":{\"x402\":\"https://x402only.test/pay\"}}"),
                true, null, NONE, NONE);
        declared("wellknown.test", page(), page(), mppJson("https://api.wellknown.test/mpp"), WELL_KNOWN,
                "https://api.wellknown.test/mpp");
        declared("linkhead.test", link("<https://linkhead.test/mpp>; rel=\"mpp-endpoint\""), page(), NOT_FOUND, LINK,
                "https://linkhead.test/mpp");
        // a Link on GET only, against RFC 9110 section 9.3.2: the HEAD answer is the homepage's (--homepage-get no-link
        // would read it, see RequestsPerDomainTest)
        site("linkget.test", page(), link("<https://linkget.test/mpp>; rel=\"mpp-endpoint\""), NOT_FOUND, true, null,
                NONE, NONE);
        declared("headrefused.test", FixtureResponse.status(405),
                link("<https://headrefused.test/mpp>; rel=\"mpp-endpoint\""), NOT_FOUND, LINK,
                "https://headrefused.test/mpp");
        declared("both-same.test", link("<https://both-same.test/mpp>; rel=\"mpp-endpoint\""), page(),
                mppJson("https://both-same.test/mpp"), BOTH, "https://both-same.test/mpp");
        declared("both-diff.test", link("<https://pay.both-diff.test/mpp>; rel=\"mpp-endpoint\""), page(),
                mppJson("https://both-diff.test/mpp"), BOTH, "https://both-diff.test/mpp",
                "https://pay.both-diff.test/mpp");
        declared("multilink.test", link("<https://cdn.test/a,b.css>; rel=preload; as=style, "
                + "<https://multilink.test/mpp>; title=\"pay, here\"; rel=\"mpp-endpoint\""), page(), NOT_FOUND, LINK,
                "https://multilink.test/mpp");
        declared("multiheader.test", page().header("Link", "<https://cdn.test/x.js>; rel=preload")
                .header("Link", "<https://multiheader.test/mpp>; rel=\"mpp-endpoint\""), page(), NOT_FOUND, LINK,
                "https://multiheader.test/mpp");
        declared("rellist.test", link("<https://rellist.test/mpp>; rel=\"preload mpp-endpoint\""), page(), NOT_FOUND,
                LINK, "https://rellist.test/mpp");
        declared("unquoted.test", link("<https://unquoted.test/mpp>;rel=mpp-endpoint"), page(), NOT_FOUND, LINK,
                "https://unquoted.test/mpp");
        declared("uppercase.test", link("<https://uppercase.test/mpp>; REL=\"MPP-ENDPOINT\""), page(), NOT_FOUND,
                LINK, "https://uppercase.test/mpp");
        declared("relative-link.test", link("</pay/mpp>; rel=\"mpp-endpoint\""), page(), NOT_FOUND, LINK,
                "https://relative-link.test/pay/mpp");
        declared("relative-wk.test", page(), page(), mppJson("/mpp"), WELL_KNOWN, "https://relative-wk.test/mpp");
        site("relmpp.test", link("<https://relmpp.test/mpp>; rel=\"mpp\""), link("<https://relmpp.test/mpp>; rel=\"payment\""),
                NOT_FOUND, true, null, NONE, NONE);
        declared("bom.test", page(), page(), FixtureResponse.status(200).header("Content-Type", "application/json")
                .body(("\uFEFF" + MPP_JSON.formatted("https://bom.test/mpp")).getBytes(StandardCharsets.UTF_8)),
                WELL_KNOWN, "https://bom.test/mpp");
        declared("wrongtype.test", page(), page(), FixtureResponse.status(200).header("Content-Type", "text/html")
                .body(MPP_JSON.formatted("https://wrongtype.test/mpp")), WELL_KNOWN, "https://wrongtype.test/mpp");
        site("nonstring.test", page(), page(), FixtureResponse.json("{\"payments\":{\"mpp\":42}}"), true, null, NONE, NONE);
        site("invalidjson.test", page(), page(), FixtureResponse.json("{\"payments\":"), true, null, NONE, NONE);
        site("jsonarray.test", page(), page(), FixtureResponse.json("[1,2]"), true, null, NONE, NONE);
        site("mpp-javascript.test", page(), page(), mppJson("javascript:alert(1)"), true, null, NONE, NONE);
        site("notfound.test", NOT_FOUND, NOT_FOUND, NOT_FOUND, true, null, NONE, NONE);
        site("servererror.test", FixtureResponse.status(500), FixtureResponse.status(500), FixtureResponse.status(500),
                true, "http", NONE, NONE);
        site("botchallenge.test", FixtureResponse.status(403).header("cf-mitigated", "challenge"),
                FixtureResponse.status(403).header("cf-mitigated", "challenge"),
                FixtureResponse.status(403).header("cf-mitigated", "challenge"), true, "bot_challenge", NONE, NONE);
        site("ratelimited.test", FixtureResponse.status(429).header("Retry-After", "120"),
                FixtureResponse.status(429).header("Retry-After", "120"),
                FixtureResponse.status(429).header("Retry-After", "120"), true, "rate_limited", NONE, NONE);
        // redirects: loop, too many, and cross-host to www with a relative Link resolved against the final URL
        site("redirect-loop.test", FixtureResponse.redirect(302, "/a"), FixtureResponse.redirect(302, "/a"),
                NOT_FOUND, true, "redirect", NONE, NONE);
        SITES.put("redirect-loop.test/a", new FixtureSite(FixtureResponse.redirect(302, "/"),
                FixtureResponse.redirect(302, "/"), null));
        site("redirect-many.test", FixtureResponse.redirect(301, "/r1"), FixtureResponse.redirect(301, "/r1"), NOT_FOUND,
                true, "redirect", NONE, NONE);
        for (int i = 1; i <= 7; i++) {
            FixtureResponse next = FixtureResponse.redirect(301, "/r" + (i + 1));
            SITES.put("redirect-many.test/r" + i, new FixtureSite(next, next, null));
        }
        declared("redirect-cross.test", FixtureResponse.redirect(301, "https://www.redirect-cross.test/"),
                FixtureResponse.redirect(301, "https://www.redirect-cross.test/"),
                FixtureResponse.redirect(301, "https://www.redirect-cross.test/.well-known/ai-agent.json"),
                BOTH, "https://www.redirect-cross.test/mpp", "https://www.redirect-cross.test/pay");
        SITES.put("www.redirect-cross.test", new FixtureSite(link("</pay>; rel=\"mpp-endpoint\""), page(),
                FixtureResponse.json(MPP_JSON.formatted("/mpp"))));

        TestCertificateAuthority ca = TestCertificateAuthority.create();
        List<String> tlsNames = new ArrayList<>(SITES.keySet().stream().filter(k -> !k.contains("/")).toList());
        tlsNames.addAll(List.of("httponly.test", "www.wwwonly.test"));
        server = FixtureWebServer.start(ca, tlsNames);
        SITES.forEach((key, site) -> {
            String host = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
            String path = key.contains("/") ? key.substring(key.indexOf('/')) : "/";
            server.route(host, path, request -> request.isHead() ? site.head() : site.get());
            if (site.wellKnown() != null) {
                server.route(host, "/.well-known/ai-agent.json", site.wellKnown());
            }
        });
        for (String host : tlsNames) {
            connectTo.add(host + ":443:127.0.0.1:" + server.httpsPort());
            connectTo.add(host + ":80:127.0.0.1:" + server.httpPort());
        }

        // HTTPS refused, plain HTTP serves a Link: the census falls back to http and records it
        refusedPort = Listeners.refusedPort();
        connectTo.addFirst("httponly.test:443:127.0.0.1:" + refusedPort);
        server.route("httponly.test", "/", link("</mpp>; rel=\"mpp-endpoint\""));
        EXPECTED.add(new Expected("httponly.test", true, null, LINK, List.of("http://httponly.test/mpp"), "http",
                "httponly.test"));

        // the bare name refuses connections; the site lives at www.
        connectTo.addFirst("wwwonly.test::127.0.0.1:" + refusedPort);
        server.route("www.wwwonly.test", "/.well-known/ai-agent.json", mppJson("https://www.wwwonly.test/mpp"));
        server.route("www.wwwonly.test", "/", page());
        EXPECTED.add(new Expected("wwwonly.test", true, null, WELL_KNOWN, List.of("https://www.wwwonly.test/mpp"),
                "https", "www.wwwonly.test"));

        // a certificate from a CA we do not trust: a tls error, never a fallback to the HTTP site that declares MPP
        untrustedServer = FixtureWebServer.start(TestCertificateAuthority.create("Untrusted CA").issue(List.of("untrusted.test")));
        untrustedServer.route("untrusted.test", "/", link("</mpp>; rel=\"mpp-endpoint\""));
        connectTo.addFirst("untrusted.test:443:127.0.0.1:" + untrustedServer.httpsPort());
        connectTo.addFirst("untrusted.test:80:127.0.0.1:" + untrustedServer.httpPort());
        EXPECTED.add(new Expected("untrusted.test", false, "tls", NONE, NONE, null, null));

        // accepts connections and never answers
        blackhole = Listeners.blackhole();
        connectTo.addFirst("blackhole.test::127.0.0.1:" + blackhole.port());
        EXPECTED.add(new Expected("blackhole.test", false, "timeout", NONE, NONE, null, null));

        // no --connect-to rule and no DNS in the test sandbox: the name does not resolve
        EXPECTED.add(new Expected("nxdomain.invalid", false, "dns", NONE, NONE, null, null));

        caFile = ca.writeCaPem(dir);
    }

    @AfterAll
    static void stopFleet() {
        server.close();
        untrustedServer.close();
        blackhole.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void scanStoresOneCorrectRowPerDomainAndExportsThem() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("# fixture fleet for the end-to-end test");
        lines.add("rank,domain");
        int rank = 1;
        for (Expected expected : EXPECTED) {
            lines.add(rank++ + "," + expected.domain());
        }
        lines.add("");
        lines.add(rank++ + ",none.test");            // duplicate
        lines.add(rank++ + ",not a domain");         // whitespace
        lines.add(rank + ",10.0.0.1");               // IP address
        lines.add("1,2,3");                          // extra column
        Path list = dir.resolve("fleet.csv");
        Files.write(list, lines);

        List<String> args = new ArrayList<>(List.of("scan", list.toString(), "--ca-file", caFile.toString(),
                "--timeout", "2s", "--connect-timeout", "1s", "--concurrency", "8", "--chunk-size", "5",
                "--run-date", "2026-11-01"));
        connectTo.forEach(rule -> args.addAll(List.of("--connect-to", rule)));
        CliRunner.Result scan = CliRunner.run(args.toArray(String[]::new));

        assertThat(scan.exitCode()).as(scan.err()).isZero();
        assertThat(scan.out()).contains("completed").contains("domains listed     " + EXPECTED.size())
                .contains("rejected lines     4");
        long runId = Long.parseLong(scan.out().replaceAll("(?s).*run id\\s+(\\d+).*", "$1"));
        assertThat(count("SELECT count(*) FROM census_run WHERE id = " + runId + " AND status = 'completed' "
                + "AND jsonb_typeof(parameters) = 'object' AND parameters ->> 'concurrency' IS NOT NULL AND finished_at IS NOT NULL"))
                .as("the run is closed with its settings stored as a JSON object").isEqualTo(1);
        // refused connections (httponly.test on 443, wwwonly.test's bare name) are not retried: another origin answered
        assertThat(Long.parseLong(scan.out().replaceAll("(?s).*retried requests\\s+(\\d+).*", "$1"))).isZero();

        Map<String, Map<String, Object>> rows = rows(runId);
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED.stream().map(Expected::domain).toList());
        for (Expected expected : EXPECTED) {
            Map<String, Object> row = rows.get(expected.domain());
            assertThat(row).as(expected.domain()).containsEntry("reachable", expected.reachable())
                    .containsEntry("error_kind", expected.errorKind())
                    .containsEntry("declared_via", expected.declaredVia())
                    .containsEntry("scheme", expected.scheme())
                    .containsEntry("site_host", expected.siteHost());
            assertThat((List<Object>) row.get("mpp_endpoints")).as(expected.domain() + " endpoints")
                    .containsExactlyInAnyOrderElementsOf(expected.endpoints());
        }
        assertThat(rows.get("x402only.test")).containsEntry("x402_declared", true);
        assertThat(rows.get("nonstring.test")).containsEntry("declaration_invalid", true);
        assertThat(rows.get("mpp-javascript.test")).containsEntry("declaration_invalid", true);
        assertThat(rows.get("invalidjson.test")).containsEntry("well_known_document", "invalid_json");
        assertThat(rows.get("jsonarray.test")).containsEntry("well_known_document", "not_object");
        assertThat(rows.get("none.test")).containsEntry("well_known_document", "absent")
                .containsEntry("well_known_status", 404).containsEntry("homepage_status", 200);
        assertThat(rows.get("headrefused.test")).containsEntry("homepage_status", 200);
        assertThat(rows.get("blackhole.test").get("duration_ms")).satisfies(ms -> assertThat((Integer) ms).isBetween(1_500, 8_000));
        assertThat(rejectedReasons(runId)).hasSize(4).anySatisfy(r -> assertThat(r).contains("duplicate"))
                .anySatisfy(r -> assertThat(r).contains("whitespace"))
                .anySatisfy(r -> assertThat(r).contains("IP address"))
                .anySatisfy(r -> assertThat(r).contains("3 columns"));

        // the crawler identifies itself, sends no credentials and no cookies
        assertThat(server.requests()).isNotEmpty().allSatisfy(request -> {
            assertThat(request.headers().firstValue("user-agent")).hasValueSatisfying(ua -> assertThat(ua).startsWith("mpp-census/"));
            assertThat(request.headers().firstValue("authorization")).isEmpty();
            assertThat(request.headers().firstValue("cookie")).isEmpty();
        });

        CliRunner.Result export = CliRunner.run("export", "--run", String.valueOf(runId));
        assertThat(export.exitCode()).as(export.err()).isZero();
        List<String> records = export.out().lines().toList();
        assertThat(records).hasSize(EXPECTED.size());
        JsonMapper json = JsonMapper.builder().build();
        for (String record : records) {
            JsonNode node = json.readTree(record);
            Map<String, Object> row = rows.get(node.get("domain").asString());
            assertThat(node.get("run_id").asLong()).isEqualTo(runId);
            assertThat(node.get("reachable").asBoolean()).isEqualTo(row.get("reachable"));
            assertThat(node.get("error_kind").isNull() ? null : node.get("error_kind").asString()).isEqualTo(row.get("error_kind"));
            assertThat(strings(node.get("declared_via"))).isEqualTo(row.get("declared_via"));
            assertThat(strings(node.get("mpp_endpoints"))).isEqualTo(row.get("mpp_endpoints"));
            assertThat(node.get("duration_ms").asInt()).isEqualTo(row.get("duration_ms"));
            assertThat(node.get("evidence").isObject()).isTrue();
            for (String field : List.of("rank", "scanned_at", "scheme", "well_known_status", "homepage_status",
                    "x402_declared", "endpoint_verdict", "domain_verdict", "methods", "intents", "session_supported",
                    "x402_offered", "openapi_payable_operations", "challenge_over_tls")) {
                assertThat(node.has(field)).as(field).isTrue();
            }
        }
        assertThat(json.readTree(records.getFirst()).get("rank").asInt()).isEqualTo(1);

        CliRunner.Result csv = CliRunner.run("export", "--run", "latest", "--format", "csv");
        assertThat(csv.out().lines()).hasSize(EXPECTED.size() + 1).first().asString().startsWith("run_id,domain,rank");

        // running the same command again does not scan again
        CliRunner.Result again = CliRunner.run(args.toArray(String[]::new));
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already completed");
    }

    @Test
    void missingListIsOneLineErrorAndRecordsNoRun() throws Exception {
        long before = count("SELECT count(*) FROM census_run");
        CliRunner.Result result = CliRunner.run("scan", dir.resolve("missing.txt").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).startsWith("mpp-census: domain list not found").doesNotContain("\n");
        assertThat(count("SELECT count(*) FROM census_run")).isEqualTo(before);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asString()));
        return values;
    }

    private static Map<String, Map<String, Object>> rows(long runId) throws Exception {
        Map<String, Map<String, Object>> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM scan_result WHERE run_id = " + runId)) {
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (String column : List.of("reachable", "error_kind", "scheme", "site_host", "x402_declared",
                        "declaration_invalid", "well_known_document", "well_known_status", "homepage_status",
                        "duration_ms")) {
                    row.put(column, rs.getObject(column));
                }
                row.put("declared_via", Arrays.asList((String[]) rs.getArray("declared_via").getArray()));
                row.put("mpp_endpoints", Arrays.asList((String[]) rs.getArray("mpp_endpoints").getArray()));
                rows.put(rs.getString("domain"), row);
            }
        }
        return rows;
    }

    private static List<String> rejectedReasons(long runId) throws Exception {
        List<String> reasons = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT reason FROM rejected_line WHERE run_id = " + runId)) {
            while (rs.next()) {
                reasons.add(rs.getString(1));
            }
        }
        return reasons;
    }

    private static long count(String sql) throws Exception {
        System.setProperty("spring.datasource.url", TestDatabase.jdbcUrl());
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0; // the schema does not exist before the first command ran
        }
    }
}

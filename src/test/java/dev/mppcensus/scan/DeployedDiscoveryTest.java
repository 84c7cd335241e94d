package dev.mppcensus.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.ConnectToRule;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.fixture.CapturedResponse;
import dev.mppcensus.fixture.FixtureHandler;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWeb;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.fixture.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MPP published the ways deployed services publish it, over real sockets and TLS: OpenAPI documents in
 * each {@code x-payment-info} dialect and at either path, payable operations probed with their own
 * method, bodies validated before the paywall, {@code /.well-known/x402}, credentials asked for first,
 * an RFC 8288 anchor, and checks that must not hide one another. 402 answers are responses captured from
 * the real mppx and @x402/express servers ({@code captured/servers}).
 */
class DeployedDiscoveryTest {

    private static final String CAPTURED = "/dev/mppcensus/detection/captured/";
    private static final String TEMPO = "\"x-payment-info\":{\"intent\":\"charge\",\"method\":\"tempo\",\"amount\":\"1000\",\"currency\":\"usd\"}";
    private static final String RESPONSES = "\"responses\":{\"200\":{\"description\":\"ok\"},\"402\":{\"description\":\"Payment Required\"}}";

    private static final List<String> NAMES = List.of("post-only.test", "session-post.test", "api-path.test",
            "agentcash.test", "agentcash-v2.test", "soft-404.test", "validated.test", "needs-input.test", "x402-op.test",
            "dual.test", "path-params.test", "x402-wk.test", "auth.test", "anchor.test", "big-home.test",
            "www.reset-bare.test", "only402.test", "testnet.test", "delete-only.test", "mppx-deployed.test",
            "x402-declared.test", "auth-bare.test");

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(NAMES);

    private static FixtureWebServer server;
    private static Listeners.Listener resetting;
    private static HttpFetcher fetcher;

    private static FixtureResponse captured(String name) {
        return CapturedResponse.load(CAPTURED + name).toFixtureResponse();
    }

    /** Answers {@code method} with {@code answer}, anything else with 405 (GET with 404, as many APIs do). */
    private static FixtureHandler only(String method, FixtureResponse answer) {
        return request -> request.method().equals(method) ? answer
                : FixtureResponse.status(request.method().equals("GET") ? 404 : 405);
    }

    private static void site(String host, String path, String openApi) {
        server.route(host, "/", FixtureResponse.ok("home"));
        server.route(host, path, FixtureResponse.json(openApi));
    }

    private static String paths(String... entries) {
        return "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{" + String.join(",", entries) + "}}";
    }

    @BeforeAll
    static void startFleet() {
        server = web.server();
        FixtureResponse charge = captured("mppx-charge.http");

        site("post-only.test", "/openapi.json", paths(
                "\"/v1/search\":{\"post\":{" + TEMPO + "," + RESPONSES + "}}",
                "\"/v1/chat\":{\"post\":{" + TEMPO + "," + RESPONSES + "}}"));
        server.route("post-only.test", "/v1/search", only("POST", charge));
        server.route("post-only.test", "/v1/chat", only("POST", charge));

        site("session-post.test", "/openapi.json", paths("\"/stream\":{\"post\":{\"x-payment-info\":{\"offers\":"
                + "[{\"intent\":\"session\",\"method\":\"tempo\",\"amount\":\"100\"}]}," + RESPONSES + "}}"));
        server.route("session-post.test", "/stream", only("POST", captured("mppx-session.http")));

        site("api-path.test", "/api/openapi.json", paths("\"/api/data\":{\"get\":{" + TEMPO + "," + RESPONSES + "}}"));
        server.route("api-path.test", "/api/data", only("GET", charge));

        // every unknown path answers 200 with a JSON error object: /openapi.json is no document
        site("soft-404.test", "/api/openapi.json", paths("\"/v1/run\":{\"post\":{" + TEMPO + "," + RESPONSES + "}}"));
        server.route("soft-404.test", "/openapi.json", FixtureResponse.json("{\"error\":\"not found\"}"));
        server.route("soft-404.test", "/v1/run", only("POST", charge));

        site("agentcash.test", "/openapi.json", paths("\"/api/lookup\":{\"post\":{\"x-payment-info\":{\"pricingMode\":"
                + "\"fixed\",\"price\":\"0.01\",\"protocols\":[\"x402\",\"mpp\"]}," + RESPONSES + "}}"));
        server.route("agentcash.test", "/api/lookup", only("POST", captured("mppx-dual-tempo-evm-x402.http")));

        site("agentcash-v2.test", "/openapi.json", paths("\"/api/quote\":{\"get\":{\"x-payment-info\":{\"price\":{"
                + "\"mode\":\"fixed\",\"currency\":\"USD\",\"amount\":\"0.02\"},\"protocols\":[{\"mpp\":{\"method\":\"tempo\","
                + "\"intent\":\"charge\",\"currency\":\"0x20c0\"}},{\"x402\":{}}]}," + RESPONSES + "}}"));
        server.route("agentcash-v2.test", "/api/quote", only("GET", charge));

        site("validated.test", "/openapi.json", paths("\"/v1/forecast\":{\"post\":{" + TEMPO + "," + RESPONSES
                + ",\"requestBody\":{\"content\":{\"application/json\":{\"schema\":{\"type\":\"object\","
                + "\"required\":[\"city\"],\"properties\":{\"city\":{\"type\":\"string\"},"
                + "\"days\":{\"type\":\"integer\",\"example\":3}}}}}}}}"));
        server.route("validated.test", "/v1/forecast", request -> request.body().contains("\"days\":3") ? charge
                : FixtureResponse.status(400).header("Content-Type", "application/json").body("{\"error\":\"days required\"}"));

        site("needs-input.test", "/openapi.json", paths("\"/v1/run\":{\"post\":{" + TEMPO + "," + RESPONSES
                + ",\"requestBody\":{\"content\":{\"application/json\":{\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"code\":{\"type\":\"string\"}}}}}}}}"));
        server.route("needs-input.test", "/v1/run", FixtureResponse.status(422).body("{\"error\":\"invalid\"}"));

        site("x402-op.test", "/openapi.json", paths("\"/protected\":{\"get\":{" + TEMPO + "," + RESPONSES + "}}"));
        server.route("x402-op.test", "/protected", captured("x402-express-v2.http"));

        site("dual.test", "/openapi.json", paths("\"/dual\":{\"post\":{" + TEMPO + "," + RESPONSES + "}}"));
        server.route("dual.test", "/dual", only("POST", captured("mppx-dual-tempo-evm-x402.http")));

        site("path-params.test", "/openapi.json", paths("\"/items/{id}/price\":{\"get\":{" + TEMPO + "," + RESPONSES
                + ",\"parameters\":[{\"name\":\"id\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\","
                + "\"example\":\"sku-7\"}}]}}"));
        server.route("path-params.test", "/items/sku-7/price", charge);

        server.route("x402-wk.test", "/", FixtureResponse.ok("home"));
        server.route("x402-wk.test", "/.well-known/x402", FixtureResponse.json("""
                {"version":1,"resources":["https://x402-wk.test/x402/only"],
                 "mppResources":["https://x402-wk.test/mpp/bare","POST https://x402-wk.test/mpp/chat"]}"""));
        server.route("x402-wk.test", "/mpp/bare", only("POST", charge));
        server.route("x402-wk.test", "/mpp/chat", only("POST", captured("mppx-session.http")));

        server.route("auth.test", "/", FixtureResponse.ok("home"));
        server.route("auth.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("{\"payments\":{\"mpp\":\"https://auth.test/mpp\"}}"));
        server.route("auth.test", "/mpp", FixtureResponse.status(401).header("WWW-Authenticate", "Bearer realm=\"api\""));

        // a login wall: 401 without any challenge, with a page larger than an HTTP client's challenge buffer
        server.route("auth-bare.test", "/", FixtureResponse.ok("home"));
        server.route("auth-bare.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("{\"payments\":{\"mpp\":\"https://auth-bare.test/mpp\"}}"));
        server.route("auth-bare.test", "/mpp", FixtureResponse.status(401).header("Content-Type", "text/html")
                .body("<html>" + "<p>please log in</p>".repeat(2_000) + "</html>"));

        server.route("anchor.test", "/", FixtureResponse.ok("home")
                .header("Link", "<https://anchor.test/mpp>; rel=\"mpp-endpoint\"; anchor=\"https://partner.test/\""));
        server.route("anchor.test", "/mpp", charge);

        server.route("big-home.test", "/", FixtureResponse.ok("home").header("X-Pad", "p".repeat(1_000_000)));
        server.route("big-home.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("{\"payments\":{\"mpp\":\"https://big-home.test/mpp\"}}"));
        server.route("big-home.test", "/mpp", charge);

        server.route("www.reset-bare.test", "/", FixtureResponse.ok("home"));
        server.route("www.reset-bare.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("{\"payments\":{\"mpp\":\"https://www.reset-bare.test/mpp\"}}"));
        server.route("www.reset-bare.test", "/mpp", charge);

        site("only402.test", "/openapi.json", paths("\"/a\":{\"get\":{" + RESPONSES + "}}", "\"/b\":{\"post\":{" + RESPONSES + "}}"));

        server.route("testnet.test", "/", FixtureResponse.ok("home"));
        server.route("testnet.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("{\"payments\":{\"mpp\":\"https://testnet.test/mpp\"}}"));
        // {"amount":"1","currency":"0x20c0","methodDetails":{"chainId":42431}}
        server.route("testnet.test", "/mpp", FixtureResponse.status(402).header("WWW-Authenticate",
                "Payment id=\"t1\", realm=\"testnet.test\", method=\"tempo\", intent=\"charge\", request=\""
                        + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                                "{\"amount\":\"1\",\"currency\":\"0x20c0\",\"methodDetails\":{\"chainId\":42431}}".getBytes())
                        + "\""));

        site("delete-only.test", "/openapi.json", paths("\"/v1/item\":{\"delete\":{" + TEMPO + "," + RESPONSES + "}}"));
        server.route("delete-only.test", "/v1/item", only("DELETE", charge));

        site("x402-declared.test", "/openapi.json", paths("\"/api/x\":{\"post\":{\"x-payment-info\":{\"pricingMode\":"
                + "\"fixed\",\"price\":\"0.01\",\"protocols\":[\"x402\"]}," + RESPONSES + "}}"));
        server.route("x402-declared.test", "/api/x", captured("x402-express-v2.http"));

        // captured from mppx-deployed.mjs: Discovery.generate document at /api/openapi.json only, POST operations
        server.route("mppx-deployed.test", "/", FixtureResponse.ok("home"));
        server.route("mppx-deployed.test", "/api/openapi.json", captured("mppx-discovery-generate.http"));
        server.route("mppx-deployed.test", "/v1/search", only("POST", captured("mppx-post-charge.http")));
        server.route("mppx-deployed.test", "/v1/stream", only("POST", captured("mppx-post-session.http")));

        resetting = Listeners.resetting();
        List<ConnectToRule> rules = new ArrayList<>();
        rules.add(new ConnectToRule("reset-bare.test", null, "127.0.0.1", resetting.port()));
        fetcher = new HttpFetcher(web.fetchSettings(rules)
                .requestTimeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(1))
                .maxRequestsPerAddress(0).build());
    }

    @AfterAll
    static void stopFleet() {
        fetcher.close();
        resetting.close();
    }

    private static DomainScan scan(String domain) {
        return scan(domain, ProbeMethods.DEFAULT);
    }

    private static DomainScan scan(String domain, ProbeMethods methods) {
        return new DomainScanner(fetcher, EnumSet.allOf(ScanCheck.class), false, 0, methods)
                .scan(new ListedDomain(domain, null, 1));
    }

    /** domain | declared via | payable operations | endpoint verdict | domain verdict | intents | session | x402 offered. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            post-only.test    | openapi         | 2    | verified_mpp | verified      | charge         | false | false
            session-post.test | openapi         | 1    | verified_mpp | verified      | session        | true  | false
            api-path.test     | openapi         | 1    | verified_mpp | verified      | charge         | false | false
            agentcash.test    | openapi         | 1    | verified_mpp | verified      | charge         | false | true
            agentcash-v2.test | openapi         | 1    | verified_mpp | verified      | charge         | false | false
            validated.test    | openapi         | 1    | verified_mpp | verified      | charge         | false | false
            needs-input.test  | openapi         | 1    | needs_input  | needs_input   | charge         | false | false
            x402-op.test      | openapi         | 1    | x402_only    | x402_confused | charge         | false | true
            dual.test         | openapi         | 1    | verified_mpp | verified      | charge         | false | true
            path-params.test  | openapi         | 1    | verified_mpp | verified      | charge         | false | false
            x402-wk.test      | x402_well_known | 0    | verified_mpp | verified      | charge session | true  | false
            auth.test         | well_known      | 0    | auth_required | auth_required | null          | false | false
            auth-bare.test    | well_known      | 0    | auth_required | auth_required | null          | false | false
            anchor.test       | null            | 0    | null         | not_declared  | null           | false | false
            big-home.test     | well_known      | 0    | verified_mpp | verified      | charge         | false | false
            reset-bare.test   | well_known      | 0    | verified_mpp | verified      | charge         | false | false
            only402.test      | null            | 0    | null         | not_declared  | null           | false | false
            testnet.test      | well_known      | 0    | verified_mpp | verified      | charge         | false | false
            delete-only.test  | openapi         | 1    | null         | declared_unchecked | charge    | false | false
            mppx-deployed.test | openapi        | 2    | verified_mpp | verified      | charge session | true  | false
            x402-declared.test | null           | 1    | null         | not_declared  | null           | false | false
            """)
    void classifiesEachPublicationForm(String domain, String declaredVia, int payable, String endpointVerdict,
                                       String domainVerdict, String intents, boolean session, boolean x402Offered) {
        DomainScan scan = scan(domain);
        String as = domain + " " + scan.errorKind() + " " + scan.errorDetail() + " " + scan.evidence();
        assertThat(scan.declaredVia()).as(as).isEqualTo(declaredVia == null ? List.of() : List.of(declaredVia));
        assertThat(scan.openapiPayableOperations() == null ? 0 : scan.openapiPayableOperations()).as(as).isEqualTo(payable);
        assertThat(scan.endpointVerdict() == null ? null : scan.endpointVerdict().code()).as(as).isEqualTo(endpointVerdict);
        assertThat(scan.domainVerdict().code()).as(as).isEqualTo(domainVerdict);
        assertThat(scan.intents()).as(as)
                .containsExactlyInAnyOrderElementsOf(intents == null ? List.of() : List.of(intents.split(" ")));
        assertThat(scan.sessionSupported()).as(as).isEqualTo(session);
        assertThat(scan.x402Offered()).as(as).isEqualTo(x402Offered);
    }

    @Test
    void aLoginWallIsAnAnswerNotAFailure() {
        DomainScan scan = scan("auth-bare.test");
        EndpointProbe probe = scan.endpoints().getFirst();

        assertThat(probe.status()).isEqualTo(401);
        assertThat(probe.errorKind()).as(probe.errorDetail()).isNull();
        assertThat(scan.errorKind()).as(scan.errorDetail()).isNull();
    }

    @Test
    void probesPayableOperationsWithTheirOwnMethodAndRecordsWhereTheDocumentWas() {
        DomainScan postOnly = scan("post-only.test");
        assertThat(postOnly.endpoints()).extracting(EndpointProbe::httpMethod).containsExactly("POST", "POST");
        assertThat(postOnly.openapiUrl()).isEqualTo("https://post-only.test/openapi.json");
        assertThat(postOnly.networks()).containsExactly("mainnet");
        assertThat(postOnly.endpoints().getFirst().assessment().realmMatchesHost()).isFalse();

        DomainScan apiPath = scan("api-path.test");
        assertThat(apiPath.openapiUrl()).isEqualTo("https://api-path.test/api/openapi.json");
        assertThat(apiPath.openapiStatus()).isEqualTo(200);
        assertThat(apiPath.evidence().get("openapi").get(0).get("status").asInt()).isEqualTo(404);

        DomainScan soft404 = scan("soft-404.test");
        assertThat(soft404.openapiUrl()).isEqualTo("https://soft-404.test/api/openapi.json");
        assertThat(soft404.declaredVia()).containsExactly("openapi");
        assertThat(soft404.endpointVerdict()).isEqualTo(dev.mppcensus.detection.EndpointVerdict.VERIFIED_MPP);

        DomainScan only402 = scan("only402.test");
        assertThat(only402.openapi402Operations()).isEqualTo(2);
        assertThat(only402.openapiPayableOperations()).isZero();

        assertThat(scan("testnet.test").networks()).containsExactly("testnet");
        DomainScan x402Declared = scan("x402-declared.test");
        assertThat(x402Declared.x402Declared()).isTrue();
        assertThat(x402Declared.endpoints()).isEmpty();
        assertThat(scan("dual.test").x402Offered()).isTrue();
    }

    @Test
    void readsWhatMppxDiscoveryGeneratePublishesAndProbesItsPostOperations() {
        server.clearRequests();
        DomainScan scan = scan("mppx-deployed.test");
        assertThat(scan.openapiUrl()).isEqualTo("https://mppx-deployed.test/api/openapi.json");
        assertThat(scan.evidence().get("openapi_discovery").get("service_info").get("categories").get(0).asString())
                .isEqualTo("search");
        assertThat(scan.endpoints()).extracting(EndpointProbe::httpMethod, EndpointProbe::verdict)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("POST", dev.mppcensus.detection.EndpointVerdict.VERIFIED_MPP));
        assertThat(server.requestsTo("mppx-deployed.test", "/v1/search")).singleElement()
                .satisfies(post -> assertThat(post.body()).isEqualTo("{\"query\":\"weather in Berlin\"}"));
        assertThat(scan.methods()).containsExactly("tempo");
    }

    @Test
    void aBodyValidatedBeforeThePaywallIsRetriedOnceWithEveryPropertyFilled() {
        server.clearRequests();
        DomainScan validated = scan("validated.test");
        List<RecordedRequest> posts = server.requestsTo("validated.test", "/v1/forecast");
        assertThat(posts).extracting(RecordedRequest::body)
                .containsExactly("{\"city\":\"x\"}", "{\"city\":\"x\",\"days\":3}");
        assertThat(validated.endpoints().getFirst().attempts()).isEqualTo(2);

        server.clearRequests();
        DomainScan needsInput = scan("needs-input.test");
        assertThat(server.requestsTo("needs-input.test", "/v1/run")).extracting(RecordedRequest::body)
                .containsExactly("{}", "{\"code\":\"x\"}");
        assertThat(needsInput.endpoints().getFirst().status()).isEqualTo(422);
    }

    @Test
    void x402WellKnownEntriesAreProbedUnderTheMethodRules() {
        server.clearRequests();
        DomainScan scan = scan("x402-wk.test");
        assertThat(scan.x402Declared()).isTrue();
        assertThat(scan.x402WellKnownStatus()).isEqualTo(200);
        assertThat(server.requestsTo("x402-wk.test", "/mpp/bare")).extracting(RecordedRequest::method)
                .containsExactly("GET", "POST");
        assertThat(server.requestsTo("x402-wk.test", "/mpp/chat")).extracting(RecordedRequest::method)
                .containsExactly("POST");
        assertThat(scan.endpoints()).extracting(EndpointProbe::sources).allSatisfy(s -> assertThat(s).contains("x402_well_known"));

        server.clearRequests();
        DomainScan getOnly = scan("x402-wk.test", ProbeMethods.GET);
        assertThat(server.requests()).extracting(RecordedRequest::method).containsOnly("GET", "HEAD");
        assertThat(getOnly.endpoints()).hasSize(1);
        assertThat(getOnly.evidence().get("endpoints_not_probed_method").asInt()).isEqualTo(1);
    }

    @Test
    void destructiveMethodsAreProbedOnlyWhenAskedFor() {
        server.clearRequests();
        assertThat(scan("delete-only.test").endpoints()).isEmpty();
        assertThat(server.requests()).extracting(RecordedRequest::method).doesNotContain("DELETE", "PUT", "PATCH");
        DomainScan all = scan("delete-only.test", ProbeMethods.ALL);
        assertThat(all.domainVerdict().code()).isEqualTo("verified");
        assertThat(all.endpoints()).extracting(EndpointProbe::httpMethod).containsExactly("DELETE");
    }

    @Test
    void noCheckHidesAnother() {
        DomainScan bigHome = scan("big-home.test");
        assertThat(bigHome.reachable()).isTrue();
        assertThat(bigHome.errorKind()).isEqualTo(ErrorKind.TOO_LARGE);
        assertThat(bigHome.homepageStatus()).isNull();

        DomainScan wwwServes = scan("reset-bare.test");
        assertThat(wwwServes.siteHost()).isEqualTo("www.reset-bare.test");
        assertThat(wwwServes.evidence().get("attempts")).isNotEmpty();

        DomainScan anchor = scan("anchor.test");
        assertThat(anchor.evidence().get("link_ignored").get(0).asString()).contains("anchor");
    }
}

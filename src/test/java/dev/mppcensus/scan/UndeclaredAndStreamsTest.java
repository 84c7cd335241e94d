package dev.mppcensus.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.detection.EndpointVerdict;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.fixture.CapturedResponse;
import dev.mppcensus.fixture.FixtureHandler;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWeb;
import dev.mppcensus.fixture.FixtureWebServer;
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
import tools.jackson.databind.JsonNode;

/**
 * Two ways a deployment goes wrong besides a stub, over real sockets and TLS: sites that speak MPP without declaring it (at their
 * homepage, behind a redirect, at OpenAPI operations that declare a 402 response without
 * {@code x-payment-info}), sites that answer 402 with x402 or a stub (not MPP), declared sites whose undeclared
 * finds are recorded beside their verdict, and operations that sell a stream by charge only, by session, by both,
 * at a metered price, or say nothing about it. 402 answers are responses captured from real mppx and
 * {@code @x402/express} servers ({@code captured/servers}).
 */
class UndeclaredAndStreamsTest {

    private static final String CAPTURED = "/dev/mppcensus/detection/captured/";
    private static final String RESPONSES_402 = "\"402\":{\"description\":\"Payment Required\"}";
    private static final String SSE = "\"200\":{\"description\":\"tokens\",\"content\":{\"text/event-stream\":{}}}";
    private static final String JSON_OK = "\"200\":{\"description\":\"ok\",\"content\":{\"application/json\":{}}}";

    private static final List<String> NAMES = List.of("home-mpp.test", "home-only.test", "home-redirect.test",
            "op402.test", "x402-home.test", "stub402-home.test", "invalid-home.test", "x402-op402.test",
            "declared-home.test", "declared-elsewhere.test", "redirected.test", "declared-op402.test", "budget.test",
            "stream-charge.test", "stream-session.test", "stream-both.test", "metered.test", "metered-charge.test",
            "bare-declared.test", "stream-op402.test", "session-op402.test", "dynamic.test", "stream-unknown.test");

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(NAMES);

    private static FixtureWebServer server;
    private static HttpFetcher fetcher;

    private static FixtureResponse captured(String name) {
        return CapturedResponse.load(CAPTURED + name).toFixtureResponse();
    }

    /** Answers {@code method} with {@code answer}, anything else with 405 (GET with 404, as many APIs do). */
    private static FixtureHandler only(String method, FixtureResponse answer) {
        return request -> request.method().equals(method) ? answer
                : FixtureResponse.status(request.method().equals("GET") ? 404 : 405);
    }

    private static String document(String... paths) {
        return "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{" + String.join(",", paths)
                + "}}";
    }

    private static String operation(String path, String method, String paymentInfo, String... responses) {
        return "\"" + path + "\":{\"" + method + "\":{" + (paymentInfo == null ? "" : "\"x-payment-info\":" + paymentInfo
                + ",") + "\"responses\":{" + String.join(",", responses) + "}}}";
    }

    private static void site(String host, String openApi) {
        server.route(host, "/", FixtureResponse.ok("home"));
        server.route(host, "/openapi.json", FixtureResponse.json(openApi));
    }

    private static void declared(String host, String endpoint) {
        server.route(host, "/", FixtureResponse.ok("home"));
        server.route(host, "/.well-known/ai-agent.json",
                FixtureResponse.json("{\"payments\":{\"mpp\":\"https://" + host + endpoint + "\"}}"));
    }

    @BeforeAll
    static void startFleet() {
        server = web.server();
        FixtureResponse homepage = captured("mppx-homepage-head.http");
        FixtureResponse charge = captured("mppx-post-charge.http");
        FixtureResponse session = captured("mppx-post-session.http");
        FixtureResponse both = captured("mppx-compose-charge-session.http");
        FixtureResponse x402 = captured("x402-express-v2.http");

        // speaks MPP undeclared: every path (as mppx-homepage.mjs), the homepage only, behind a redirect
        server.routeEveryPath("home-mpp.test", request -> homepage);
        server.route("home-only.test", "/", homepage);
        server.route("home-redirect.test", "/", FixtureResponse.redirect(302, "/welcome"));
        server.route("home-redirect.test", "/welcome", homepage);
        // an operation that declares a 402 without x-payment-info, and answers with a challenge
        site("op402.test", document(operation("/free", "get", null, JSON_OK),
                operation("/v1/run", "post", null, JSON_OK, RESPONSES_402)));
        server.route("op402.test", "/v1/run", only("POST", charge));

        // 402s that are not MPP: x402 only, no terms, a broken challenge
        server.route("x402-home.test", "/", x402);
        server.route("stub402-home.test", "/", FixtureResponse.status(402).header("Content-Type", "text/plain")
                .body("Payment Required"));
        server.route("invalid-home.test", "/", FixtureResponse.status(402).header("WWW-Authenticate",
                "Payment realm=\"invalid-home.test\", method=\"tempo\", intent=\"charge\", request=\"e30\""));
        site("x402-op402.test", document(operation("/v1/run", "post", null, JSON_OK, RESPONSES_402)));
        server.route("x402-op402.test", "/v1/run", only("POST", x402));

        // declared sites: the homepage declared, the homepage beside a declared endpoint, a declared endpoint
        // behind a redirect, a payable operation beside one that only declares a 402
        declared("declared-home.test", "/");
        server.route("declared-home.test", "/", homepage);
        declared("declared-elsewhere.test", "/mpp");
        server.route("declared-elsewhere.test", "/", homepage);
        server.route("declared-elsewhere.test", "/mpp", homepage);
        declared("redirected.test", "/mpp");
        server.route("redirected.test", "/mpp", FixtureResponse.redirect(302, "/pay/mpp"));
        server.route("redirected.test", "/pay/mpp", homepage);
        site("declared-op402.test", document(
                operation("/paid", "get", "{\"intent\":\"charge\",\"method\":\"tempo\"}", JSON_OK, RESPONSES_402),
                operation("/v1/extra", "post", null, JSON_OK, RESPONSES_402)));
        server.route("declared-op402.test", "/paid", homepage);
        server.route("declared-op402.test", "/v1/extra", only("POST", both));

        // five payable operations fill the places: the 402-only ones are not probed
        List<String> ops = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ops.add(operation("/paid/" + i, "post", "{\"intent\":\"charge\",\"method\":\"tempo\"}", JSON_OK, RESPONSES_402));
            server.route("budget.test", "/paid/" + i, only("POST", charge));
        }
        ops.add(operation("/extra/a", "get", null, JSON_OK, RESPONSES_402));
        ops.add(operation("/extra/b", "post", null, JSON_OK, RESPONSES_402));
        site("budget.test", document(ops.toArray(String[]::new)));
        server.route("budget.test", "/extra/a", charge);
        server.route("budget.test", "/extra/b", charge);

        // streams: by charge only, by session, by both
        site("stream-charge.test", document(operation("/v1/chat", "post",
                "{\"intent\":\"charge\",\"method\":\"tempo\",\"amount\":\"1000\"}", SSE, RESPONSES_402)));
        server.route("stream-charge.test", "/v1/chat", only("POST", charge));
        site("stream-session.test", document(operation("/v1/chat", "post",
                "{\"offers\":[{\"intent\":\"session\",\"method\":\"tempo\",\"amount\":\"100\",\"unitType\":\"token\"}]}",
                SSE, RESPONSES_402)));
        server.route("stream-session.test", "/v1/chat", only("POST", session));
        site("stream-both.test", document(operation("/v1/chat", "get",
                "{\"offers\":[{\"intent\":\"charge\",\"method\":\"tempo\"},{\"intent\":\"session\",\"method\":\"tempo\"}]}",
                "\"200\":{\"content\":{\"application/x-ndjson\":{}}}", RESPONSES_402)));
        server.route("stream-both.test", "/v1/chat", both);
        // metered prices: what mppx's Discovery.generate publishes for a session, and a charge per token
        server.route("metered.test", "/", FixtureResponse.ok("home"));
        server.route("metered.test", "/api/openapi.json", captured("mppx-discovery-generate.http"));
        server.route("metered.test", "/v1/search", only("POST", charge));
        server.route("metered.test", "/v1/stream", only("POST", session));
        site("metered-charge.test", document(operation("/v1/complete", "post",
                "{\"intent\":\"charge\",\"method\":\"tempo\",\"amount\":\"1\",\"unitType\":\"token\"}", JSON_OK,
                RESPONSES_402)));
        server.route("metered-charge.test", "/v1/complete", only("POST", charge));
        // nothing says whether a stream is sold: an endpoint declared by its URL
        declared("bare-declared.test", "/mpp");
        server.route("bare-declared.test", "/mpp", session);
        // a stream at an operation that only declares a 402, sold by charge
        site("stream-op402.test", document(operation("/v1/events", "get", null,
                "\"200\":{\"content\":{\"text/event-stream\":{}}}", RESPONSES_402)));
        server.route("stream-op402.test", "/v1/events", charge);
        // a metered session at an operation that only declares a 402: its challenge prices per token
        site("session-op402.test", document(operation("/v1/stream", "post", null, JSON_OK, RESPONSES_402)));
        server.route("session-op402.test", "/v1/stream", only("POST", session));
        // a dynamic price tied to nothing: one price per request, no stream
        site("dynamic.test", document(operation("/api/quote", "post", "{\"price\":{\"mode\":\"dynamic\",\"currency\":"
                + "\"USD\",\"min\":\"0.01\",\"max\":\"1\"},\"protocols\":[{\"mpp\":{\"method\":\"tempo\","
                + "\"intent\":\"charge\"}}]}", JSON_OK, RESPONSES_402)));
        server.route("dynamic.test", "/api/quote", only("POST", charge));
        // a stream whose offers name no intent and that is not probed (DELETE is not sent by default)
        site("stream-unknown.test", document(operation("/v1/feed", "delete",
                "{\"pricingMode\":\"fixed\",\"price\":\"0.01\",\"protocols\":[\"mpp\"]}",
                "\"200\":{\"content\":{\"application/jsonl\":{}}}", RESPONSES_402)));

        fetcher = new HttpFetcher(web.fetchSettings(List.of())
                .requestTimeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(1))
                .maxRequestsPerAddress(0).build());
    }

    @AfterAll
    static void stopFleet() {
        fetcher.close();
    }

    private static DomainScan scan(String domain) {
        return scan(domain, ProbeMethods.DEFAULT);
    }

    private static DomainScan scan(String domain, ProbeMethods methods) {
        return new DomainScanner(fetcher, EnumSet.allOf(ScanCheck.class), false, 0, methods)
                .scan(new ListedDomain(domain, null, 1));
    }

    private static List<String> urls(DomainScan scan) {
        List<String> urls = new ArrayList<>();
        scan.undeclaredEndpoints().forEach(endpoint -> urls.add(endpoint.get("url").asString()));
        return urls;
    }

    /**
     * domain | domain verdict | endpoint verdict | undeclared endpoint paths (space-separated) | stream operations
     * | session missing | session offered.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            home-mpp.test           | undeclared_mpp | null         | / /.well-known/ai-agent.json /openapi.json /api/openapi.json /.well-known/x402 | null | null | null
            home-only.test          | undeclared_mpp | null         | /               | null | null | null
            home-redirect.test      | undeclared_mpp | null         | /welcome        | null | null | null
            op402.test              | undeclared_mpp | null         | /v1/run         | 0    | 0    | 0
            x402-home.test          | not_declared   | null         | null            | null | null | null
            stub402-home.test       | not_declared   | null         | null            | null | null | null
            invalid-home.test       | not_declared   | null         | null            | null | null | null
            x402-op402.test         | not_declared   | null         | null            | 0    | 0    | 0
            declared-home.test      | verified       | verified_mpp | null            | null | null | null
            declared-elsewhere.test | verified       | verified_mpp | /               | null | null | null
            redirected.test         | verified       | verified_mpp | null            | null | null | null
            declared-op402.test     | verified       | verified_mpp | /v1/extra       | 1    | 0    | 1
            budget.test             | verified       | verified_mpp | null            | 0    | 0    | 0
            stream-charge.test      | verified       | verified_mpp | null            | 1    | 1    | 0
            stream-session.test     | verified       | verified_mpp | null            | 1    | 0    | 1
            stream-both.test        | verified       | verified_mpp | null            | 1    | 0    | 1
            metered.test            | verified       | verified_mpp | null            | 1    | 0    | 1
            metered-charge.test     | verified       | verified_mpp | null            | 1    | 1    | 0
            bare-declared.test      | verified       | verified_mpp | null            | null | null | null
            stream-op402.test       | undeclared_mpp | null         | /v1/events      | 1    | 1    | 0
            session-op402.test      | undeclared_mpp | null         | /v1/stream      | 1    | 0    | 1
            dynamic.test            | verified       | verified_mpp | null            | 0    | 0    | 0
            stream-unknown.test     | declared_unchecked | null     | null            | 1    | 0    | 0
            """)
    void eachSegmentGetsItsVerdictAndCounts(String domain, String verdict, String endpointVerdict, String undeclared,
                                            Integer streams, Integer missing, Integer offered) {
        DomainScan scan = scan(domain);
        String as = domain + " " + scan.errorKind() + " " + scan.errorDetail() + " " + scan.undeclaredEndpoints() + " "
                + scan.evidence();

        assertThat(scan.domainVerdict().code()).as(as).isEqualTo(verdict);
        assertThat(scan.endpointVerdict() == null ? null : scan.endpointVerdict().code()).as(as).isEqualTo(endpointVerdict);
        assertThat(urls(scan)).as(as).containsExactlyElementsOf(undeclared == null ? List.of()
                : java.util.Arrays.stream(undeclared.split(" ")).map(path -> "https://" + domain + path).toList());
        assertThat(scan.streamOperations()).as(as).isEqualTo(streams);
        assertThat(scan.sessionMissing()).as(as).isEqualTo(missing);
        assertThat(scan.sessionOffered()).as(as).isEqualTo(offered);
    }

    @Test
    void anUndeclaredEndpointSaysWhereItWasSeenAndWhatItOffers() {
        JsonNode home = scan("home-only.test").undeclaredEndpoints().get(0);
        assertThat(strings(home.get("seen_at"))).as("HEAD answered: no GET of the homepage").containsExactly("homepage_head");
        assertThat(strings(home.get("http_methods"))).containsExactly("HEAD");
        assertThat(strings(home.get("methods"))).containsExactly("tempo");
        assertThat(strings(home.get("intents"))).containsExactly("charge");
        assertThat(home.has("operation")).isFalse();

        DomainScan op402 = scan("op402.test");
        JsonNode run = op402.undeclaredEndpoints().get(0);
        assertThat(strings(run.get("seen_at"))).containsExactly("openapi_402_operation");
        assertThat(run.get("operation").asString()).isEqualTo("POST /v1/run");
        assertThat(op402.declaredVia()).isEmpty();
        assertThat(op402.openapi402Operations()).isEqualTo(1);
        assertThat(op402.endpoints()).singleElement().satisfies(probe -> {
            assertThat(probe.sources()).containsExactly(EndpointProbe.UNDECLARED_OPERATION);
            assertThat(probe.verdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
            assertThat(probe.declared()).isFalse();
        });
        assertThat(op402.methods()).as("methods are those of declared endpoints and documented offers").isEmpty();
        assertThat(op402.sessionSupported()).isFalse();

        JsonNode redirected = scan("home-redirect.test").undeclaredEndpoints().get(0);
        assertThat(strings(redirected.get("seen_at"))).containsExactly("homepage_head");
    }

    @Test
    void aDeclaredDomainKeepsItsVerdictAndFiguresWithUndeclaredFindsBeside() {
        DomainScan scan = scan("declared-op402.test");
        assertThat(scan.declaredVia()).containsExactly("openapi");
        assertThat(scan.intents()).as("the undeclared operation offers a session too, but declares nothing")
                .containsExactly("charge");
        assertThat(scan.sessionSupported()).isFalse();
        assertThat(scan.endpoints()).extracting(EndpointProbe::sources)
                .containsExactly(List.of("openapi"), List.of(EndpointProbe.UNDECLARED_OPERATION));
        assertThat(strings(scan.undeclaredEndpoints().get(0).get("intents"))).containsExactly("charge", "session");
    }

    @Test
    void operationsThatOnlyDeclareA402AreProbedAfterThePayableOnesWithinTheSameBudgetAndMethods() {
        server.clearRequests();
        DomainScan full = scan("budget.test");
        assertThat(full.endpoints()).hasSize(EndpointProber.MAX_OPERATIONS)
                .allSatisfy(probe -> assertThat(probe.declared()).isTrue());
        assertThat(full.evidence().get("operations_402_not_probed").asInt()).isEqualTo(2);
        assertThat(server.requestsTo("budget.test", "/extra/a")).isEmpty();

        server.clearRequests();
        DomainScan getOnly = scan("op402.test", ProbeMethods.GET);
        assertThat(getOnly.endpoints()).isEmpty();
        assertThat(getOnly.domainVerdict().code()).isEqualTo("not_declared");
        assertThat(server.requestsTo("op402.test", "/v1/run")).isEmpty();
        assertThat(server.requests()).extracting(RecordedRequest::method).containsOnly("GET", "HEAD");

        server.clearRequests();
        scan("op402.test");
        assertThat(server.requestsTo("op402.test", "/v1/run")).extracting(RecordedRequest::method)
                .containsExactly("POST");
        assertThat(server.requestsTo("op402.test", "/free")).as("never a guessed or undocumented-as-paid path").isEmpty();
    }

    @Test
    void aDeclaredEndpointAtTheHomepageOrBehindARedirectIsNotUndeclared() {
        DomainScan home = scan("declared-home.test");
        assertThat(home.mppEndpoints()).containsExactly("https://declared-home.test/");
        assertThat(home.undeclaredEndpoints()).isEmpty();

        DomainScan redirected = scan("redirected.test");
        assertThat(redirected.endpoints().getFirst().finalUrl()).isEqualTo("https://redirected.test/pay/mpp");
        assertThat(redirected.undeclaredEndpoints()).isEmpty();
    }

    @Test
    void eachStreamOperationIsListedWithWhyItIsAStreamAndItsOutcome() {
        JsonNode charge = scan("stream-charge.test").evidence().get("stream_operations").get(0);
        assertThat(charge.get("method").asString()).isEqualTo("POST");
        assertThat(charge.get("path").asString()).isEqualTo("/v1/chat");
        assertThat(strings(charge.get("reasons"))).containsExactly("response:text/event-stream");
        assertThat(charge.get("outcome").asString()).isEqualTo("session_missing");
        assertThat(charge.get("offers_from").asString()).isEqualTo("challenge");

        JsonNode metered = scan("metered.test").evidence().get("stream_operations").get(0);
        assertThat(metered.get("path").asString()).isEqualTo("/v1/stream");
        assertThat(strings(metered.get("reasons"))).containsExactly("metered:token");
        assertThat(metered.get("outcome").asString()).isEqualTo("session_offered");

        JsonNode perToken = scan("metered-charge.test").evidence().get("stream_operations").get(0);
        assertThat(strings(perToken.get("reasons"))).containsExactly("metered:token");
        assertThat(perToken.get("outcome").asString()).isEqualTo("session_missing");

        JsonNode unknown = scan("stream-unknown.test").evidence().get("stream_operations").get(0);
        assertThat(unknown.get("outcome").asString()).isEqualTo("offers_unknown");
        assertThat(unknown.has("offers_from")).isFalse();

        assertThat(scan("bare-declared.test").evidence().has("stream_operations")).isFalse();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(value -> values.add(value.asString()));
        }
        return values;
    }
}

package dev.mppcensus.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.detection.EndpointVerdict;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.fixture.CapturedResponse;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWeb;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.Listeners;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * OpenAPI documents as services publish them, with {@code servers} (the Server Object of OpenAPI 3.0 and 3.1) or
 * Swagger 2.0's {@code host} and {@code basePath}, over real sockets and TLS: each payable operation is
 * probed on its server, and its bare path on the document's origin once after a 404 there. 402 answers
 * are a challenge captured from the real mppx server.
 */
class OpenApiServersTest {

    private static final String CHARGE = "/dev/mppcensus/detection/captured/mppx-charge.http";
    private static final String ORDERS = "\"/orders\":{\"get\":{\"x-payment-info\":{\"intent\":\"charge\",\"method\":"
            + "\"tempo\",\"amount\":\"1000\",\"currency\":\"usd\"},\"responses\":{\"402\":{\"description\":\"pay\"}}}}";

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(List.of("prefix.test", "stub.test", "both-404.test", "bare.test",
            "relative.test", "variables.test", "api.variables.test", "hostile.test", "private.test", "swagger.test",
            "api.swagger.test", "budget.test"));

    private static FixtureWebServer server;
    private static Listeners.Listener trap;
    private static HttpFetcher fetcher;

    /** An OpenAPI 3.1 document with {@code servers} and the payable {@code GET /orders}. */
    private static String document(String servers) {
        return "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"servers\":" + servers
                + ",\"paths\":{" + ORDERS + "}}";
    }

    private static void site(String host, String openApi) {
        server.route(host, "/", FixtureResponse.ok("home"));
        server.route(host, "/openapi.json", FixtureResponse.json(openApi));
    }

    @BeforeAll
    static void startFleet() {
        server = web.server();
        FixtureResponse charge = CapturedResponse.load(CHARGE).toFixtureResponse();
        trap = Listeners.trapOn("127.0.0.2");

        site("prefix.test", document("[{\"url\":\"https://prefix.test/api\"}]"));
        server.route("prefix.test", "/api/orders", charge);

        // a real stub under the prefix: answers 200, so the bare path is not tried
        site("stub.test", document("[{\"url\":\"/api/\"}]"));
        server.route("stub.test", "/api/orders", FixtureResponse.json("{\"orders\":[]}"));
        server.route("stub.test", "/orders", charge);

        site("both-404.test", document("[{\"url\":\"/api\"}]"));

        // the document's server is wrong: the service answers at the bare path
        site("bare.test", document("[{\"url\":\"https://bare.test/api\"}]"));
        server.route("bare.test", "/orders", charge);

        // the document moved: a relative server resolves against where it was found
        server.route("relative.test", "/", FixtureResponse.ok("home"));
        server.route("relative.test", "/openapi.json", FixtureResponse.redirect(302, "/docs/openapi.json"));
        server.route("relative.test", "/docs/openapi.json", FixtureResponse.json(document("[{\"url\":\"v2\"}]")));
        server.route("relative.test", "/docs/v2/orders", charge);

        site("variables.test", document("""
                [{"url":"https://{env}.variables.test/{version}",
                  "variables":{"env":{"default":"api","enum":["api","sandbox"]},"version":{"default":"v1"}}}]"""));
        server.route("api.variables.test", "/v1/orders", charge);

        site("hostile.test", document("""
                [{"url":"javascript:alert(1)"},{"url":"https://{tenant}.hostile.test"},{"url":""},
                 {"url":"https://user:secret@hostile.test/api"}]"""));
        server.route("hostile.test", "/orders", charge);

        site("private.test", document("[{\"url\":\"http://127.0.0.2:" + trap.port() + "/api\"}]"));
        server.route("private.test", "/orders", charge);

        site("swagger.test", "{\"swagger\":\"2.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"host\":\"api.swagger.test\","
                + "\"basePath\":\"/v1/\",\"schemes\":[\"http\",\"https\"],\"paths\":{" + ORDERS + "}}");
        server.route("api.swagger.test", "/v1/orders", charge);

        // a POST validated before the paywall, at the bare path only: three requests, the budget's most
        site("budget.test", "{\"openapi\":\"3.1.0\",\"servers\":[{\"url\":\"/api\"}],\"paths\":{\"/orders\":{\"post\":{"
                + "\"x-payment-info\":{\"intent\":\"charge\",\"method\":\"tempo\"},\"requestBody\":{\"content\":{"
                + "\"application/json\":{\"schema\":{\"type\":\"object\",\"properties\":{\"sku\":{\"type\":\"string\","
                + "\"example\":\"a-1\"}}}}}}}}}}");
        server.route("budget.test", "/orders", request -> request.body().contains("a-1") ? charge
                : FixtureResponse.status(400).header("Content-Type", "application/json").body("{\"error\":\"sku\"}"));

        fetcher = new HttpFetcher(web.fetchSettings(new ArrayList<>())
                .requestTimeout(Duration.ofSeconds(4)).connectTimeout(Duration.ofSeconds(2))
                .maxRequestsPerAddress(0).build());
    }

    @AfterAll
    static void stopFleet() {
        fetcher.close();
        trap.close();
    }

    @BeforeEach
    void forgetRequests() {
        server.clearRequests();
    }

    private static DomainScan scan(String domain) {
        return new DomainScanner(fetcher, EnumSet.allOf(ScanCheck.class), false, 0, ProbeMethods.DEFAULT)
                .scan(new ListedDomain(domain, null, 1));
    }

    private static EndpointProbe onlyEndpoint(DomainScan scan) {
        assertThat(scan.endpoints()).as(scan.evidence().toString()).hasSize(1);
        return scan.endpoints().getFirst();
    }

    private static List<String> sentUrls(EndpointProbe probe) {
        return probe.sent().stream().map(SentRequest::url).toList();
    }

    private static JsonNode operationEvidence(DomainScan scan) {
        return scan.evidence().get("openapi_discovery").get("operations").get(0);
    }

    @Test
    void aServerPathPrefixIsWhereTheOperationIsVerified() {
        DomainScan scan = scan("prefix.test");

        EndpointProbe probe = onlyEndpoint(scan);
        assertThat(probe.verdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
        assertThat(probe.url()).isEqualTo("https://prefix.test/api/orders");
        assertThat(probe.attempts()).isEqualTo(1);
        assertThat(sentUrls(probe)).containsExactly("https://prefix.test/api/orders");
        assertThat(scan.domainVerdict().code()).isEqualTo("verified");
        assertThat(server.requestsTo("prefix.test", "/api/orders")).hasSize(1);
        assertThat(server.requestsTo("prefix.test", "/orders")).isEmpty();
        assertThat(operationEvidence(scan).get("server").asString()).isEqualTo("https://prefix.test/api");
        assertThat(operationEvidence(scan).get("server_from").asString()).isEqualTo("document");
        assertThat(scan.evidence().get("endpoints").get(0).get("server").asString()).isEqualTo("https://prefix.test/api");
        JsonNode sent = scan.evidence().get("endpoints").get(0).get("sent");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).get("url").asString()).isEqualTo("https://prefix.test/api/orders");
        assertThat(sent.get(0).get("status").asInt()).isEqualTo(402);
    }

    @Test
    void aStubUnderThePrefixStaysAStub() {
        DomainScan scan = scan("stub.test");

        EndpointProbe probe = onlyEndpoint(scan);
        assertThat(probe.verdict()).isEqualTo(EndpointVerdict.STUB);
        assertThat(probe.status()).isEqualTo(200);
        assertThat(sentUrls(probe)).containsExactly("https://stub.test/api/orders");
        assertThat(server.requestsTo("stub.test", "/orders")).as("only a 404 sends the bare path").isEmpty();
        assertThat(scan.domainVerdict().code()).isEqualTo("stub");
    }

    @Test
    void a404UnderThePrefixTriesTheBarePathOnceAndKeepsBothRequests() {
        DomainScan scan = scan("bare.test");

        EndpointProbe probe = onlyEndpoint(scan);
        assertThat(probe.verdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
        assertThat(probe.url()).isEqualTo("https://bare.test/api/orders");
        assertThat(probe.finalUrl()).isEqualTo("https://bare.test/orders");
        assertThat(probe.attempts()).isEqualTo(2);
        assertThat(probe.sent()).extracting(SentRequest::url, SentRequest::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("https://bare.test/api/orders", 404),
                org.assertj.core.groups.Tuple.tuple("https://bare.test/orders", 402));
        JsonNode sent = scan.evidence().get("endpoints").get(0).get("sent");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).get("url").asString()).isEqualTo("https://bare.test/orders");

        DomainScan both404 = scan("both-404.test");
        EndpointProbe stub = onlyEndpoint(both404);
        assertThat(stub.verdict()).isEqualTo(EndpointVerdict.STUB);
        assertThat(stub.attempts()).isEqualTo(2);
        assertThat(sentUrls(stub)).containsExactly("https://both-404.test/api/orders", "https://both-404.test/orders");
        assertThat(server.requestsTo("both-404.test", "/api/orders")).hasSize(1);
        assertThat(server.requestsTo("both-404.test", "/orders")).hasSize(1);
    }

    @Test
    void anOperationGetsAtMostThreeRequests() {
        DomainScan scan = scan("budget.test");

        EndpointProbe probe = onlyEndpoint(scan);
        assertThat(probe.verdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
        assertThat(probe.attempts()).isEqualTo(3);
        assertThat(probe.requests()).isEqualTo(3);
        assertThat(probe.sent()).extracting(SentRequest::method, SentRequest::url, SentRequest::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "https://budget.test/api/orders", 404),
                org.assertj.core.groups.Tuple.tuple("POST", "https://budget.test/orders", 400),
                org.assertj.core.groups.Tuple.tuple("POST", "https://budget.test/orders", 402));
        assertThat(server.requestsTo("budget.test", "/orders")).extracting(r -> r.body())
                .containsExactly("{}", "{\"sku\":\"a-1\"}");
    }

    @Test
    void aRelativeServerResolvesAgainstWhereTheDocumentWasFound() {
        DomainScan scan = scan("relative.test");

        assertThat(scan.openapiUrl()).isEqualTo("https://relative.test/docs/openapi.json");
        EndpointProbe probe = onlyEndpoint(scan);
        assertThat(probe.url()).isEqualTo("https://relative.test/docs/v2/orders");
        assertThat(probe.verdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
    }

    @Test
    void aServerOnAnotherHostIsProbedAndRecordedWithThatHost() {
        DomainScan scan = scan("variables.test");

        EndpointProbe probe = onlyEndpoint(scan);
        assertThat(probe.url()).isEqualTo("https://api.variables.test/v1/orders");
        assertThat(probe.verdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
        assertThat(URI.create(probe.finalUrl()).getHost()).isEqualTo("api.variables.test");
        assertThat(server.requestsTo("api.variables.test", "/v1/orders")).hasSize(1);

        DomainScan swagger = scan("swagger.test");
        EndpointProbe swaggerProbe = onlyEndpoint(swagger);
        assertThat(swaggerProbe.url()).isEqualTo("https://api.swagger.test/v1/orders");
        assertThat(swaggerProbe.verdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
        assertThat(operationEvidence(swagger).get("server_from").asString()).isEqualTo("swagger");
    }

    @Test
    void aServerOnAPrivateAddressIsBlockedByTheAddressPolicy() {
        DomainScan scan = scan("private.test");

        EndpointProbe probe = onlyEndpoint(scan);
        assertThat(probe.verdict()).isEqualTo(EndpointVerdict.BLOCKED);
        assertThat(probe.url()).startsWith("http://127.0.0.2:");
        assertThat(trap.acceptedConnections()).isZero();
        assertThat(server.requestsTo("private.test", "/orders")).as("no answer: no bare path").isEmpty();
    }

    @Test
    void unusableServersArePassedOverWithTheirReasons() {
        DomainScan scan = scan("hostile.test");

        EndpointProbe probe = onlyEndpoint(scan);
        assertThat(probe.url()).isEqualTo("https://hostile.test/orders");
        assertThat(probe.verdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
        assertThat(operationEvidence(scan).get("server_from").asString()).isEqualTo("default");
        List<String> problems = new ArrayList<>();
        operationEvidence(scan).get("server_problems").forEach(p -> problems.add(p.asString()));
        assertThat(problems).containsExactly("document servers[0]: not http(s): javascript:alert(1)",
                "document servers[1]: variable {tenant} is not defined", "document servers[2]: empty url",
                "document servers[3]: user information in the url");
        JsonNode endpoint = scan.evidence().get("endpoints").get(0);
        assertThat(endpoint.get("server_from").asString()).isEqualTo("default");
        assertThat(endpoint.get("server_problems")).hasSize(4);
        assertThat(server.requests()).noneMatch(r -> r.headers().firstValue("authorization").isPresent());
    }
}

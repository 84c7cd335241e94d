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
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a domain costs in requests and connections, counted by the server: the homepage once, no probe
 * request sent twice, and the site's requests over its kept-alive connections.
 */
class RequestsPerDomainTest {

    private static final String TEMPO = "\"x-payment-info\":{\"intent\":\"charge\",\"method\":\"tempo\",\"amount\":\"1000\",\"currency\":\"usd\"}";
    private static final String RESPONSES = "\"responses\":{\"200\":{\"description\":\"ok\"},\"402\":{\"description\":\"Payment Required\"}}";

    private static final List<String> HOSTS = List.of("plain.test", "no-head.test", "head-fails.test", "get-link.test",
            "dup.test", "one-connection.test");

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(HOSTS);

    private static FixtureWebServer server;
    private static HttpFetcher fetcher;
    private static HttpFetcher oneConnection;

    private static FixtureHandler only(String method, FixtureResponse answer) {
        return request -> request.method().equals(method) ? answer
                : FixtureResponse.status(request.method().equals("GET") ? 404 : 405);
    }

    @BeforeAll
    static void start() {
        server = web.server();
        FixtureResponse charge = CapturedResponse.load("/dev/mppcensus/detection/captured/mppx-charge.http")
                .toFixtureResponse();
        server.route("plain.test", "/", FixtureResponse.ok("home"));
        server.route("no-head.test", "/", only("GET", FixtureResponse.ok("home")
                .header("Link", "<https://no-head.test/mpp>; rel=\"mpp-endpoint\"")));
        server.route("no-head.test", "/mpp", charge);
        server.route("head-fails.test", "/", request -> request.method().equals("HEAD") ? FixtureResponse.status(501)
                : FixtureResponse.ok("home"));
        // against RFC 9110 section 9.3.2: Link on GET only
        server.route("get-link.test", "/", request -> request.method().equals("GET")
                ? FixtureResponse.ok("home").header("Link", "</mpp>; rel=\"mpp-endpoint\"") : FixtureResponse.ok(""));
        server.route("get-link.test", "/mpp", charge);

        // one endpoint declared five ways, one bare x402 URL that is also a POST operation
        server.route("dup.test", "/", FixtureResponse.ok("home").header("Link", "<https://DUP.test:443/mpp>; rel=\"mpp-endpoint\""));
        server.route("dup.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("{\"payments\":{\"mpp\":\"https://dup.test/mpp\"}}"));
        server.route("dup.test", "/.well-known/x402", FixtureResponse.json("""
                {"version":1,"mppResources":["GET https://dup.test/mpp","https://dup.test/mpp","https://dup.test/pay"]}"""));
        server.route("dup.test", "/openapi.json", FixtureResponse.json("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\","
                + "\"version\":\"1\"},\"paths\":{\"/mpp\":{\"get\":{" + TEMPO + "," + RESPONSES + "}},"
                + "\"/pay\":{\"post\":{" + TEMPO + "," + RESPONSES + "}}}}"));
        server.route("dup.test", "/mpp", only("GET", charge));
        server.route("dup.test", "/pay", only("POST", charge));
        server.route("one-connection.test", "/", FixtureResponse.ok("home"));
        server.route("one-connection.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("{\"payments\":{\"mpp\":\"https://one-connection.test/mpp\"}}"));
        server.route("one-connection.test", "/mpp", charge);

        fetcher = new HttpFetcher(web.fetchSettings(List.of()).requestTimeout(Duration.ofSeconds(3))
                .connectTimeout(Duration.ofSeconds(1)).maxRequestsPerAddress(0).build());
        oneConnection = new HttpFetcher(web.fetchSettings(List.of()).requestTimeout(Duration.ofSeconds(3))
                .connectTimeout(Duration.ofSeconds(1)).maxRequestsPerAddress(0).maxConnectionsPerHost(1).build());
    }

    @AfterAll
    static void stop() {
        fetcher.close();
        oneConnection.close();
    }

    private static DomainScan scan(HttpFetcher with, String domain, HomepageGet homepageGet) {
        return new DomainScanner(with, EnumSet.allOf(ScanCheck.class), false, 0, ProbeMethods.DEFAULT, homepageGet)
                .scan(new ListedDomain(domain, null, 1));
    }

    private static List<RecordedRequest> all(String host) {
        return server.requests().stream().filter(request -> request.host().equals(host)).toList();
    }

    private static List<String> methods(String host, String path) {
        return server.requestsTo(host, path).stream().map(RecordedRequest::method).toList();
    }

    @Test
    void aHomepageWhoseHeadAnswersIsNotRequestedAgain() {
        DomainScan scan = scan(fetcher, "plain.test", HomepageGet.FALLBACK);

        assertThat(methods("plain.test", "/")).containsExactly("HEAD");
        assertThat(scan.evidence().has("homepage_get")).isFalse();
        assertThat(scan.homepageStatus()).isEqualTo(200);
        assertThat(scan.requests()).as("HEAD /, ai-agent.json, two OpenAPI paths, x402")
                .isEqualTo(all("plain.test").size()).isEqualTo(5);
    }

    @Test
    void aRefusedHeadIsFollowedByAGet() {
        DomainScan refused = scan(fetcher, "no-head.test", HomepageGet.FALLBACK);
        DomainScan failed = scan(fetcher, "head-fails.test", HomepageGet.FALLBACK);

        assertThat(methods("no-head.test", "/")).containsExactly("HEAD", "GET");
        assertThat(refused.declaredVia()).containsExactly("link");
        assertThat(refused.endpointVerdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
        assertThat(methods("head-fails.test", "/")).containsExactly("HEAD", "GET");
        assertThat(failed.homepageStatus()).isEqualTo(200);
    }

    @Test
    void aLinkSentOnGetOnlyIsFoundWithHomepageGetNoLink() {
        DomainScan byDefault = scan(fetcher, "get-link.test", HomepageGet.FALLBACK);
        assertThat(methods("get-link.test", "/")).containsExactly("HEAD");
        assertThat(byDefault.declaredVia()).isEmpty();
        server.clearRequests();

        DomainScan noLink = scan(fetcher, "get-link.test", HomepageGet.NO_LINK);
        assertThat(methods("get-link.test", "/")).containsExactly("HEAD", "GET");
        assertThat(noLink.declaredVia()).containsExactly("link");
        assertThat(noLink.endpointVerdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
    }

    @Test
    void noProbeRequestIsSentTwiceWhateverDeclaresIt() {
        server.clearRequests();
        DomainScan scan = scan(fetcher, "dup.test", HomepageGet.FALLBACK);

        assertThat(methods("dup.test", "/mpp")).as("declared by ai-agent.json, Link, x402 twice and OpenAPI")
                .containsExactly("GET");
        assertThat(methods("dup.test", "/pay")).as("a bare x402 URL (GET, then POST {}) and a POST operation")
                .containsExactlyInAnyOrder("GET", "POST");
        assertThat(scan.endpointVerdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
        assertThat(scan.declaredVia()).contains("well_known", "link", "x402_well_known", "openapi");
        assertThat(scan.requests()).as("counted as sent").isEqualTo(all("dup.test").size());
    }

    @Test
    void aSitesRequestsShareItsConnections() {
        server.clearRequests();
        DomainScan several = scan(fetcher, "dup.test", HomepageGet.FALLBACK);
        assertThat(fetcher.settings().maxConnectionsPerHost()).as("the census default").isEqualTo(3);
        assertThat(all("dup.test").stream().map(RecordedRequest::remotePort).distinct())
                .as("at most three connections to the host").hasSizeLessThanOrEqualTo(3);
        assertThat(several.endpointVerdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);

        server.clearRequests();
        DomainScan one = scan(oneConnection, "one-connection.test", HomepageGet.FALLBACK);
        List<RecordedRequest> requests = all("one-connection.test");
        assertThat(requests).extracting(RecordedRequest::path).contains("/", "/mpp");
        assertThat(requests.stream().map(RecordedRequest::remotePort).distinct())
                .as("the homepage, the checks and the probe on one connection").hasSize(1);
        assertThat(one.endpointVerdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
    }
}

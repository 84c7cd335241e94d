package dev.mppcensus.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.census.ScanSettings;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.ConnectToRule;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWeb;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.fixture.RecordedRequest;
import java.nio.charset.StandardCharsets;
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

/** Manners: robots.txt with {@code --robots}, retries of transient errors, the User-Agent. */
class ScannerMannersTest {

    private static FixtureWebServer server;
    private static HttpFetcher fetcher;
    private static Listeners.Listener flaky;
    private static Listeners.Listener blackhole;

    private static final List<String> HOSTS = List.of("robots-all.test", "robots-ours.test", "robots-other.test",
            "robots-home.test", "robots-404.test", "robots-500.test", "robots-redirect.test");

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(HOSTS);

    @BeforeAll
    static void start() {
        server = web.server();
        for (String host : HOSTS) {
            server.route(host, "/", FixtureResponse.ok("home").header("Link", "</mpp>; rel=\"mpp-endpoint\""));
            server.route(host, "/.well-known/ai-agent.json", FixtureResponse.json("{}"));
        }
        robots("robots-all.test", "User-agent: *\nDisallow: /\n");
        robots("robots-ours.test", "User-agent: googlebot\nAllow: /\n\nUser-agent: mpp-census\nDisallow: /\n\nUser-agent: *\nAllow: /\n");
        robots("robots-other.test", "User-agent: googlebot\nDisallow: /\n");
        robots("robots-home.test", "User-agent: *\nDisallow: /$\nDisallow: /openapi.json\n");
        server.route("robots-500.test", "/robots.txt", FixtureResponse.status(503));
        server.route("robots-redirect.test", "/robots.txt", FixtureResponse.redirect(301, "/elsewhere/robots.txt"));
        server.route("robots-redirect.test", "/elsewhere/robots.txt", FixtureResponse.ok("User-agent: *\nDisallow: /\n"));
        flaky = Listeners.resettingFirst(1, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
        blackhole = Listeners.blackhole();
        List<ConnectToRule> rules = new ArrayList<>();
        // https is refused (a deterministic CONNECT failure, retried), then plain http is reset once at the
        // TCP level (retried) and answers: a reset seen over TLS could surface as a handshake failure instead
        rules.add(new ConnectToRule("flaky.test", 443, "127.0.0.1", Listeners.refusedPort()));
        rules.add(new ConnectToRule("flaky.test", null, "127.0.0.1", flaky.port()));
        rules.add(new ConnectToRule("refused.test", null, "127.0.0.1", Listeners.refusedPort()));
        rules.add(new ConnectToRule("http-only.test", 443, "127.0.0.1", Listeners.refusedPort()));
        rules.add(new ConnectToRule("http-only.test", 80, "127.0.0.1", server.httpPort()));
        server.route("http-only.test", "/", FixtureResponse.ok("home"));
        rules.add(new ConnectToRule("blackhole.test", null, "127.0.0.1", blackhole.port()));
        fetcher = new HttpFetcher(web.fetchSettings(rules)
                .requestTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(1)).build());
    }

    private static void robots(String host, String text) {
        server.route(host, "/robots.txt", FixtureResponse.ok(text).header("Content-Type", "text/plain"));
    }

    @AfterAll
    static void stop() {
        fetcher.close();
        flaky.close();
        blackhole.close();
    }

    private static DomainScan scan(String domain, boolean robots, int retries) {
        return new DomainScanner(fetcher, EnumSet.allOf(ScanCheck.class), robots, retries, Duration.ofMillis(10),
                ProbeMethods.DEFAULT)
                .scan(new ListedDomain(domain, null, 1));
    }

    private static List<String> paths(String host) {
        return server.requests().stream().filter(r -> r.host().equals(host)).map(RecordedRequest::path).distinct().toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            robots-all.test      | robots | /robots.txt                                      | /, /.well-known/ai-agent.json, /openapi.json, /api/openapi.json, /.well-known/x402
            robots-ours.test     | robots | /robots.txt                                      | /, /.well-known/ai-agent.json, /openapi.json, /api/openapi.json, /.well-known/x402
            robots-other.test    | -      | /robots.txt /                                    | -
            robots-home.test     | robots | /robots.txt /.well-known/ai-agent.json           | /, /openapi.json
            robots-404.test      | -      | /robots.txt /                                    | -
            robots-500.test      | robots | /robots.txt                                      | /, /.well-known/ai-agent.json, /openapi.json, /api/openapi.json, /.well-known/x402
            robots-redirect.test | robots | /robots.txt /elsewhere/robots.txt                | /, /.well-known/ai-agent.json, /openapi.json, /api/openapi.json, /.well-known/x402
            """)
    void robotsTxtIsHonouredWhenAsked(String host, String errorKind, String requested, String disallowed) {
        server.clearRequests();
        DomainScan scan = scan(host, true, 0);
        assertThat(scan.reachable()).isTrue();
        assertThat(scan.errorKind() == null ? null : scan.errorKind().code()).as(scan.errorDetail()).isEqualTo(errorKind);
        assertThat(paths(host)).as("requested").containsAll(List.of(requested.split(" ")));
        if (disallowed != null) {
            List<String> skipped = List.of(disallowed.split(", "));
            assertThat(paths(host)).as("requested").doesNotContainAnyElementsOf(skipped);
            assertThat(scan.evidence().get("robots_disallowed").valueStream().map(n -> n.asString()).toList())
                    .containsExactlyInAnyOrderElementsOf(skipped);
            assertThat(scan.homepageStatus()).isNull();
        }
    }

    @Test
    void withoutTheOptionRobotsTxtIsNotRequested() {
        server.clearRequests();
        DomainScan scan = scan("robots-all.test", false, 0);
        assertThat(paths("robots-all.test")).doesNotContain("/robots.txt").contains("/");
        assertThat(scan.declaredVia()).containsExactly("link");
    }

    @Test
    void transientResetIsRetriedAndCounted() {
        DomainScan scan = scan("flaky.test", false, 1);
        assertThat(scan.reachable()).isTrue();
        assertThat(scan.scheme()).isEqualTo("http");
        // the refused https request is not retried, http answering; whether the reset http connection is
        // seen as a reset (retried) or as a closed exchange (answered by the GET fallback) is a socket race
        assertThat(scan.evidence().path("retries").asInt()).isIn(0, 1);
        assertThat(scan("flaky.test", false, 0).evidence().has("retries")).isFalse();
    }

    @Test
    void aRefusedHttpsPortIsNotRetriedWhenHttpAnswers() {
        DomainScan scan = scan("http-only.test", false, 3);
        assertThat(scan.scheme()).isEqualTo("http");
        assertThat(scan.homepageStatus()).isEqualTo(200);
        assertThat(scan.evidence().has("retries")).as("no backoff spent on the refused https port").isFalse();
        assertThat(scan.evidence().get("attempts").toString()).contains("https://http-only.test/", "connect");
    }

    @Test
    void retriesAreBoundedPerRequest() {
        DomainScan scan = scan("refused.test", false, 2);
        assertThat(scan.reachable()).isFalse();
        // HEAD https://refused.test/ and HEAD http://refused.test/ are refused, then both again after each
        // backoff (two retries each); www.refused.test does not resolve, which is never retried
        assertThat(scan.evidence().get("retries").asInt()).isEqualTo(4);
    }

    @Test
    void timeoutsAreNotRetried() {
        DomainScan scan = scan("blackhole.test", false, 3);
        assertThat(scan.errorKind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(scan.evidence().has("retries")).isFalse();
    }

    @Test
    void userAgentNamesTheProjectAndAContactUrl() {
        server.clearRequests();
        scan("robots-other.test", true, 0);
        assertThat(server.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.headers().firstValue("user-agent"))
                .hasValue(ScanSettings.DEFAULT_USER_AGENT));
        assertThat(ScanSettings.DEFAULT_USER_AGENT).startsWith(RobotsTxt.AGENT + "/").contains("+https://");
    }
}

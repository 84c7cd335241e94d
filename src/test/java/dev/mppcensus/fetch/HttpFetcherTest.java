package dev.mppcensus.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mppcensus.census.ScanSettings;
import dev.mppcensus.fixture.FetchSettingsBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.RecordedRequest;
import dev.mppcensus.fixture.TestCertificateAuthority;

/** HTTP behaviour of the fetcher against the fixture server over real sockets (HTTPS via connect-to and SNI). */
class HttpFetcherTest {

    private static final String SHOP = "shop.example";
    private static final String API = "api.example";
    /** Served by the connector that negotiates HTTP/2 by ALPN. */
    private static final String H2 = "h2.example";

    private static TestCertificateAuthority ca;
    private static FixtureWebServer server;
    private static HttpFetcher fetcher;

    @BeforeAll
    static void startServer(@TempDir Path dir) {
        ca = TestCertificateAuthority.create();
        server = FixtureWebServer.start(ca, List.of(SHOP, API, H2));
        List<ConnectToRule> rules = new java.util.ArrayList<>(server.connectToRulesFor(SHOP, API));
        rules.addAll(server.h2ConnectToRulesFor(H2));
        fetcher = new HttpFetcher(FetchSettingsBuilder.census()
                .caFile(ca.writeCaPem(dir))
                .connectTo(rules).build());
    }

    @AfterAll
    static void stopServer() {
        fetcher.close();
        server.close();
    }

    @BeforeEach
    void forgetRequests() {
        server.clearRequests();
    }

    @Test
    void getsOverHttpsWithConnectToKeepingTheNameForSniAndHost() {
        server.route(SHOP, "/.well-known/ai-agent.json", FixtureResponse.json("{\"mpp\":true}"));

        FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("https://shop.example/.well-known/ai-agent.json")));

        assertThat(response.error()).isNull();
        assertThat(response.ok()).isTrue();
        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"mpp\":true}");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.remoteAddress()).isEqualTo("127.0.0.1:" + server.httpsPort());
        RecordedRequest received = server.requestsTo(SHOP, "/.well-known/ai-agent.json").getFirst();
        assertThat(received.scheme()).isEqualTo("https");
        assertThat(received.headers().firstValue("Host")).hasValue(SHOP);
    }

    @Test
    void getsOverPlainHttp() {
        server.route(SHOP, "/plain", FixtureResponse.ok("hello"));

        FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("http://shop.example/plain")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
        assertThat(response.remoteAddress()).isEqualTo("127.0.0.1:" + server.httpPort());
        assertThat(server.requestsTo(SHOP, "/plain").getFirst().scheme()).isEqualTo("http");
    }

    @Test
    void headReturnsHeadersWithoutBody() {
        server.route(SHOP, "/page", FixtureResponse.ok("a page body").header("Link", "</x>; rel=\"payment\""));

        FetchResponse response = fetcher.fetch(FetchRequest.head(URI.create("https://shop.example/page")));

        assertThat(response.ok()).isTrue();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("Content-Length")).hasValue("11");
        assertThat(response.headers().firstValue("link")).hasValue("</x>; rel=\"payment\"");
        assertThat(server.requestsTo(SHOP, "/page").getFirst().method()).isEqualTo("HEAD");
    }

    @Test
    void routeMayAnswerHeadDifferently() {
        server.route(SHOP, "/no-head", request -> request.isHead() ? FixtureResponse.status(405) : FixtureResponse.ok("get"));

        assertThat(fetcher.fetch(FetchRequest.head(URI.create("https://shop.example/no-head"))).status()).isEqualTo(405);
        assertThat(fetcher.fetch(FetchRequest.get(URI.create("https://shop.example/no-head"))).status()).isEqualTo(200);
    }

    @Test
    void keepsRepeatedHeaderLinesAsSeparateValues() {
        server.route(SHOP, "/402", FixtureResponse.status(402)
                .header("WWW-Authenticate", "Payment id=\"a\"")
                .header("WWW-Authenticate", "Payment id=\"b\"")
                .body("pay"));

        FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("https://shop.example/402")));

        assertThat(response.ok()).isTrue();
        assertThat(response.status()).isEqualTo(402);
        assertThat(response.headers().allValues("www-authenticate")).containsExactly("Payment id=\"a\"", "Payment id=\"b\"");
    }

    @Test
    void returns401WithoutAttemptingAuthentication() {
        server.route(SHOP, "/401", FixtureResponse.status(401).header("WWW-Authenticate", "Basic realm=\"x\"").body("no"));

        FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("https://user:secret@shop.example/401")));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).asString(StandardCharsets.UTF_8).isEqualTo("no");
        assertThat(server.requestsTo(SHOP, "/401")).hasSize(1)
                .allSatisfy(r -> assertThat(r.headers().firstValue("Authorization")).isEmpty());
    }

    /** 401 and 407 are answers like any other: no challenge handling that would fail or buffer them. */
    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {"401, Basic realm=\"x\"", "401, none", "407, Basic realm=\"x\"", "407, none"})
    void challengeStatusesKeepTheirWholeBodyWithOrWithoutAChallenge(int status, String challenge) {
        String body = "b".repeat(100_000); // over the 16 KiB a challenge handler would buffer, under the cap
        String header = status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
        FixtureResponse answer = FixtureResponse.status(status).body(body);
        String path = "/challenge-" + status + (challenge == null ? "-none" : "");
        server.route(SHOP, path, challenge == null ? answer : answer.header(header, challenge));

        FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("https://shop.example" + path)));

        assertThat(response.error()).isNull();
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.body().length).isEqualTo(body.length());
    }

    @Test
    void unknownRouteIs404() {
        FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("https://shop.example/nothing-here")));

        assertThat(response.ok()).isTrue();
        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void doesNotFollowRedirects() {
        server.route(SHOP, "/moved", FixtureResponse.redirect(301, "https://api.example/elsewhere"));
        server.route(API, "/elsewhere", FixtureResponse.ok("followed"));

        FetchResponse first = fetcher.fetch(FetchRequest.get(URI.create("https://shop.example/moved")));
        FetchResponse second = fetcher.fetch(FetchRequest.get(URI.create("https://shop.example/moved")));

        for (FetchResponse response : List.of(first, second)) {
            assertThat(response.ok()).isTrue();
            assertThat(response.status()).isEqualTo(301);
            assertThat(response.headers().firstValue("Location")).hasValue("https://api.example/elsewhere");
        }
        assertThat(server.requestsTo(SHOP, "/moved")).hasSize(2); // a permanent redirect is not cached either
        assertThat(server.requestsTo(API, "/elsewhere")).isEmpty();
    }

    @Test
    void neverSendsCookiesBack() {
        server.route(SHOP, "/cookie", FixtureResponse.ok("c").header("Set-Cookie", "session=abc; Path=/"));

        fetcher.fetch(FetchRequest.get(URI.create("https://shop.example/cookie")));
        fetcher.fetch(FetchRequest.get(URI.create("https://shop.example/cookie")));

        assertThat(server.requestsTo(SHOP, "/cookie")).hasSize(2)
                .allSatisfy(r -> assertThat(r.headers().firstValue("Cookie")).isEmpty());
    }

    @Test
    void sendsUserAgentAcceptAndIdentityEncoding() {
        server.route(SHOP, "/ua", FixtureResponse.ok("ua"));

        fetcher.fetch(FetchRequest.get(URI.create("https://shop.example/ua")).withHeader("Accept", "application/json"));

        RecordedRequest received = server.requestsTo(SHOP, "/ua").getFirst();
        assertThat(received.headers().firstValue("User-Agent")).hasValue(ScanSettings.DEFAULT_USER_AGENT);
        assertThat(received.headers().allValues("Accept")).containsExactly("application/json");
        assertThat(received.headers().firstValue("Accept-Encoding")).hasValue("identity");
    }

    @Test
    void reusesOneConnectionForTwoRequestsToOneHost() {
        server.route(API, "/.well-known/ai-agent.json", FixtureResponse.json("{}"));
        server.route(API, "/", FixtureResponse.ok("home"));

        fetcher.fetch(FetchRequest.get(URI.create("https://api.example/.well-known/ai-agent.json")));
        fetcher.fetch(FetchRequest.head(URI.create("https://api.example/")));

        List<RecordedRequest> received = server.requests();
        assertThat(received).hasSize(2);
        assertThat(received.get(1).remotePort()).isEqualTo(received.get(0).remotePort());
    }

    @Test
    void headersOnlyGetKeepsStatusAndHeadersAndSkipsTheBody() {
        server.route(SHOP, "/endless-page", FixtureResponse.status(200).header("X-Mpp", "1")
                .endlessBody(new byte[1024], Duration.ofMillis(10)));

        FetchResponse response = fetcher.fetch(FetchRequest.getHeadersOnly(URI.create("https://shop.example/endless-page")));

        assertThat(response.error()).isNull();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-mpp")).hasValue("1");
        assertThat(response.body()).isEmpty();
        assertThat(response.elapsedMillis()).isLessThan(2_000);
    }

    @Test
    void bodyOverTheCapIsTooLargeWithTheFirstBytesKept() {
        HttpFetcher small = new HttpFetcher(
                FetchSettingsBuilder.from(fetcher.settings()).maxBodyBytes(10_000).build());
        byte[] chunk = "0123456789".repeat(800).getBytes(StandardCharsets.US_ASCII); // 8,000 bytes
        server.route(SHOP, "/huge", FixtureResponse.status(200).chunkedBody(chunk, 1_000_000, Duration.ZERO)); // 8 GB

        try (small) {
            FetchResponse response = small.fetch(FetchRequest.get(URI.create("https://shop.example/huge")));

            assertThat(response.error()).isNotNull();
            assertThat(response.error().kind()).as(response.error().message()).isEqualTo(FetchErrorKind.TOO_LARGE);
            assertThat(response.answered()).isTrue();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).hasSize(10_000);
            assertThat(new String(response.body(), 0, 20, StandardCharsets.US_ASCII)).isEqualTo("01234567890123456789");
            assertThat(response.elapsedMillis()).isLessThan(2_000);
        }
    }

    @Test
    void bodyExactlyAtTheCapIsComplete() {
        HttpFetcher small = new HttpFetcher(
                FetchSettingsBuilder.from(fetcher.settings()).maxBodyBytes(100).build());
        server.route(SHOP, "/hundred", FixtureResponse.ok("x".repeat(100)));

        try (small) {
            FetchResponse response = small.fetch(FetchRequest.get(URI.create("https://shop.example/hundred")));

            assertThat(response.error()).isNull();
            assertThat(response.body()).hasSize(100);
        }
    }

    @Test
    void gzipBodiesAreNotDecodedSoTheCapCountsWireBytes() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(new byte[5 * 1024 * 1024]); // 5 MiB of zeros, ~5 KB compressed
        }
        server.route(SHOP, "/bomb", FixtureResponse.status(200).header("Content-Encoding", "gzip").body(compressed.toByteArray()));

        FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("https://shop.example/bomb")));

        assertThat(response.error()).isNull();
        assertThat(response.body()).hasSize(compressed.size());
        assertThat(response.body()[0]).isEqualTo((byte) 0x1f);
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    }

    @Test
    void headersOverTheCapAreTooLarge() {
        HttpFetcher small = new HttpFetcher(
                FetchSettingsBuilder.from(fetcher.settings()).maxHeaderBytes(4096).build());
        server.route(SHOP, "/fat-headers", FixtureResponse.ok("x").header("X-Padding", "p".repeat(10_000)));

        try (small) {
            FetchResponse response = small.fetch(FetchRequest.get(URI.create("https://shop.example/fat-headers")));

            assertThat(response.error()).isNotNull();
            assertThat(response.error().kind()).as(response.error().message()).isEqualTo(FetchErrorKind.TOO_LARGE);
            assertThat(response.answered()).isFalse();
        }
    }

    @Test
    void manyVirtualThreadsShareBoundedConnectionsPerHost() throws InterruptedException {
        server.route(SHOP, "/busy", FixtureResponse.ok("busy").delay(Duration.ofMillis(20)));
        server.route(API, "/busy", FixtureResponse.ok("busy").delay(Duration.ofMillis(20)));
        int requests = 400;
        List<FetchResponse> responses = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                String host = i % 2 == 0 ? SHOP : API;
                threads.submit(() -> responses.add(fetcher.fetch(FetchRequest.get(URI.create("http://" + host + "/busy")))));
            }
        }

        assertThat(responses).hasSize(requests).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        for (String host : List.of(SHOP, API)) {
            assertThat(server.requestsTo(host, "/busy").stream().map(RecordedRequest::remotePort).distinct().count())
                    .as("connections to %s", host).isLessThanOrEqualTo(fetcher.settings().maxConnectionsPerHost());
        }
    }

    @Test
    void idleHostsAreForgottenLongBeforeTheDeadline() {
        // the deadline is 10 s; an idle HTTP/1.1 connection closes after 1.5 s, its host 3 s later
        server.route(SHOP, "/once", FixtureResponse.ok("once"));
        fetcher.fetch(FetchRequest.get(URI.create("https://shop.example/once")));
        assertThat(fetcher.destinationCount()).isEqualTo(1);

        await("the idle host forgotten").atMost(Duration.ofSeconds(7)).pollInterval(Duration.ofMillis(100))
                .until(() -> fetcher.destinationCount() == 0);
    }

    @Test
    void hostsThatNeverAnsweredAreForgottenAtOnce() {
        int refused = Listeners.refusedPort();
        try (HttpFetcher crawl = new HttpFetcher(FetchSettingsBuilder.from(fetcher.settings())
                .connectTo(List.of(ConnectToRule.parse("::127.0.0.1:" + refused))).build())) {
            for (int i = 0; i < 200; i++) {
                FetchResponse response = crawl.fetch(FetchRequest.head(URI.create("https://h" + i + ".refused.example/")));
                assertThat(response.error().kind()).isEqualTo(FetchErrorKind.CONNECT);
            }
            assertThat(crawl.destinationCount()).isZero();
        }
    }

    @Test
    void h2IsNegotiatedWhereOfferedAndConcurrentRequestsShareOneConnection() throws InterruptedException {
        server.route(H2, "/slow", FixtureResponse.ok("slow").delay(Duration.ofMillis(300)));
        int requests = 8;
        List<FetchResponse> responses = new java.util.concurrent.CopyOnWriteArrayList<>();
        fetcher.fetch(FetchRequest.head(URI.create("https://h2.example/slow"))); // the connection exists
        server.clearRequests();

        long start = System.nanoTime();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                threads.submit(() -> responses.add(fetcher.fetch(FetchRequest.get(URI.create("https://h2.example/slow")))));
            }
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(responses).hasSize(requests).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        List<RecordedRequest> received = server.requestsTo(H2, "/slow");
        assertThat(received).hasSize(requests).allSatisfy(r -> assertThat(r.protocol()).isEqualTo("HTTP/2.0"));
        assertThat(received.stream().map(RecordedRequest::remotePort).distinct()).hasSize(1);
        // streams in parallel: far less than one request after the other (8 x 300 ms) or two at a time
        assertThat(elapsedMillis).isLessThan(4 * 300);
    }

    @Test
    void slowAnswersWithinTheDeadlineOutliveThePooledIdleTimeout() {
        // 2.5 s of silence is longer than a pooled connection may idle (1.5 s), not than the deadline (10 s)
        server.route(H2, "/pondering", FixtureResponse.ok("done").delay(Duration.ofMillis(2_500)));
        server.route(SHOP, "/pondering", FixtureResponse.ok("done").delay(Duration.ofMillis(2_500)));

        for (String url : List.of("https://h2.example/pondering", "https://shop.example/pondering")) {
            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create(url)));

            assertThat(response.error()).as(url).isNull();
            assertThat(response.status()).isEqualTo(200);
        }
    }

    @Test
    void http11OnlyServerGetsAtMostConnectionsPerHost() {
        server.route(SHOP, "/slow", FixtureResponse.ok("slow").delay(Duration.ofMillis(100)));
        try (HttpFetcher three = new HttpFetcher(
                FetchSettingsBuilder.from(fetcher.settings()).maxConnectionsPerHost(3).build());
             var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                threads.submit(() -> three.fetch(FetchRequest.get(URI.create("https://shop.example/slow"))));
            }
            threads.close();
        }

        List<RecordedRequest> received = server.requestsTo(SHOP, "/slow");
        assertThat(received).hasSize(12).allSatisfy(r -> assertThat(r.protocol()).isEqualTo("HTTP/1.1"));
        assertThat(received.stream().map(RecordedRequest::remotePort).distinct().count()).isBetween(2L, 3L);
    }

    @Test
    void plainHttpStaysHttp11EvenWhereTlsOffersH2() {
        server.route(H2, "/plain", FixtureResponse.ok("plain"));

        FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("http://h2.example/plain")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(server.requestsTo(H2, "/plain").getFirst().protocol()).isEqualTo("HTTP/1.1");
    }

    @Test
    void h2ResponsesKeepTheCapsAndAreNotRedirected() {
        byte[] chunk = "0123456789".repeat(800).getBytes(StandardCharsets.US_ASCII);
        server.route(H2, "/huge", FixtureResponse.status(200).chunkedBody(chunk, 1_000_000, Duration.ZERO));
        server.route(H2, "/fat-headers", FixtureResponse.ok("x").header("X-Padding", "p".repeat(10_000)));
        server.route(H2, "/moved", FixtureResponse.redirect(302, "https://h2.example/elsewhere"));
        server.route(H2, "/endless-page", FixtureResponse.status(200).header("X-Mpp", "1")
                .endlessBody(new byte[1024], Duration.ofMillis(10)));

        try (HttpFetcher small = new HttpFetcher(
                FetchSettingsBuilder.from(fetcher.settings()).maxBodyBytes(10_000).maxHeaderBytes(4096).build())) {
            FetchResponse huge = small.fetch(FetchRequest.get(URI.create("https://h2.example/huge")));
            assertThat(huge.error().kind()).as(huge.error().message()).isEqualTo(FetchErrorKind.TOO_LARGE);
            assertThat(huge.body()).hasSize(10_000);
            assertThat(huge.elapsedMillis()).isLessThan(2_000);

            FetchResponse moved = small.fetch(FetchRequest.get(URI.create("https://h2.example/moved")));
            assertThat(moved.status()).isEqualTo(302);
            assertThat(server.requestsTo(H2, "/elsewhere")).isEmpty();

            FetchResponse headersOnly = small.fetch(FetchRequest.getHeadersOnly(URI.create("https://h2.example/endless-page")));
            assertThat(headersOnly.error()).isNull();
            assertThat(headersOnly.headers().firstValue("x-mpp")).hasValue("1");
            assertThat(headersOnly.elapsedMillis()).isLessThan(2_000);

            // Last, as this server fails the whole connection: the client announces the cap as
            // SETTINGS_MAX_HEADER_LIST_SIZE (RFC 9113 section 6.5.2), its HPACK decoder enforces it, and
            // this server gives up on the stream or the connection instead of sending.
            FetchResponse fat = small.fetch(FetchRequest.get(URI.create("https://h2.example/fat-headers")));
            assertThat(fat.error()).as("%s", fat).isNotNull();
            assertThat(fat.error().kind()).as(fat.error().message())
                    .isIn(FetchErrorKind.TOO_LARGE, FetchErrorKind.RESET, FetchErrorKind.PROTOCOL);
            assertThat(fat.answered()).isFalse();
        }
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.protocol()).isEqualTo("HTTP/2.0"));
    }
}

package dev.mppcensus.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mppcensus.fixture.FetchSettingsBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.fixture.TestCertificateAuthority;

/** Network failures: refused, reset, black holes, deadlines, DNS and the address policy. */
class HttpFetcherFailureTest {

    private static final String HOST = "slow.example";
    private static final Duration CONNECT = Duration.ofMillis(500);
    private static final Duration DEADLINE = Duration.ofMillis(1_500);
    private static final long SLACK_MILLIS = 1_000;

    private static Path caFile;
    private static TestCertificateAuthority ca;
    private static FixtureWebServer server;

    @BeforeAll
    static void start(@TempDir Path dir) {
        ca = TestCertificateAuthority.create();
        caFile = ca.writeCaPem(dir);
        server = FixtureWebServer.start(ca, List.of(HOST));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpFetcher fetcherTo(List<ConnectToRule> rules) {
        return new HttpFetcher(FetchSettingsBuilder.census().caFile(caFile).connectTimeout(CONNECT)
                .requestTimeout(DEADLINE).connectTo(rules).build());
    }

    private static void assertKind(FetchResponse response, FetchErrorKind kind) {
        assertThat(response.error()).as("error of %s", response).isNotNull();
        assertThat(response.error().kind()).as(response.error().message()).isEqualTo(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https", "http"})
    void refusedPortIsConnect(String scheme) {
        int port = Listeners.refusedPort();
        try (HttpFetcher fetcher = fetcherTo(List.of(new ConnectToRule(HOST, null, "127.0.0.1", port)))) {
            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create(scheme + "://slow.example/")));

            assertKind(response, FetchErrorKind.CONNECT);
            assertThat(response.answered()).isFalse();
            assertThat(response.status()).isEqualTo(-1);
            assertThat(response.headers().map()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https", "http"})
    void resetIsReset(String scheme) {
        try (Listeners.Listener resetting = Listeners.resetting();
             HttpFetcher fetcher = fetcherTo(List.of(new ConnectToRule(HOST, null, "127.0.0.1", resetting.port())))) {
            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create(scheme + "://slow.example/")));

            if (scheme.equals("http")) {
                assertKind(response, FetchErrorKind.RESET);
            } else {
                // Racy at the socket level: the JDK's TLS engine may see the reset as an abrupt close.
                // Both kinds let the caller fall back to http://.
                assertThat(response.error()).isNotNull();
                assertThat(response.error().kind()).as(response.error().message())
                        .isIn(FetchErrorKind.RESET, FetchErrorKind.TLS_HANDSHAKE);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https", "http"})
    void blackholeTimesOutWithinTheDeadline(String scheme) {
        try (Listeners.Listener blackhole = Listeners.blackhole();
             HttpFetcher fetcher = fetcherTo(List.of(new ConnectToRule(HOST, null, "127.0.0.1", blackhole.port())))) {
            long start = System.nanoTime();
            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create(scheme + "://slow.example/")));
            long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();

            assertKind(response, FetchErrorKind.TIMEOUT);
            assertThat(elapsed).isBetween(DEADLINE.toMillis() - 50, DEADLINE.toMillis() + SLACK_MILLIS);
        }
    }

    @Test
    void serverThatNeverAnswersTimesOut() {
        server.route(HOST, "/hang", FixtureResponse.hang());
        try (HttpFetcher fetcher = fetcherTo(server.connectToRulesFor(HOST))) {
            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("https://slow.example/hang")));

            assertKind(response, FetchErrorKind.TIMEOUT);
            assertThat(response.elapsedMillis()).isLessThan(DEADLINE.toMillis() + SLACK_MILLIS);
        }
    }

    @Test
    void slowEndlessBodyTimesOutAtTheTotalDeadlineKeepingWhatArrived() {
        server.route(HOST, "/trickle", FixtureResponse.status(200).header("Content-Type", "text/plain")
                .endlessBody("x".getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(100)));
        try (HttpFetcher fetcher = fetcherTo(server.connectToRulesFor(HOST))) {
            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("https://slow.example/trickle")));

            assertKind(response, FetchErrorKind.TIMEOUT);
            assertThat(response.answered()).isTrue();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().length).isBetween(5, 20);
            assertThat(response.elapsedMillis()).isBetween(DEADLINE.toMillis() - 50, DEADLINE.toMillis() + SLACK_MILLIS);
        }
    }

    /**
     * An interim response is not the answer (RFC 9110, section 15.2), even when the deadline strikes in
     * the middle of one: here a 102 Processing whose header block never ends.
     */
    @Test
    void anInterimResponseCutShortByTheDeadlineIsNoAnswer() {
        try (Listeners.Listener processing = Listeners.repeating(
                "HTTP/1.1 102 Processing\r\nX-Progress: ".getBytes(StandardCharsets.US_ASCII),
                "p".getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(10));
             HttpFetcher fetcher = fetcherTo(List.of(new ConnectToRule(HOST, 80, "127.0.0.1", processing.port())))) {
            for (FetchRequest request : List.of(FetchRequest.get(URI.create("http://slow.example/")),
                    FetchRequest.head(URI.create("http://slow.example/")))) {
                FetchResponse response = fetcher.fetch(request);

                assertKind(response, FetchErrorKind.TIMEOUT);
                assertThat(response.answered()).as(request.method()).isFalse();
                assertThat(response.status()).as(request.method()).isEqualTo(-1);
            }
        }
    }

    @Test
    void slowHeadersTimeOutAtTheTotalDeadline() {
        server.route(HOST, "/late", FixtureResponse.ok("late").delay(Duration.ofSeconds(5)));
        try (HttpFetcher fetcher = fetcherTo(server.connectToRulesFor(HOST))) {
            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("https://slow.example/late")));

            assertKind(response, FetchErrorKind.TIMEOUT);
            assertThat(response.elapsedMillis()).isLessThan(DEADLINE.toMillis() + SLACK_MILLIS);
        }
    }

    @Test
    void h2DeadlinesHold() {
        server.route(HOST, "/h2-hang", FixtureResponse.hang());
        server.route(HOST, "/h2-trickle", FixtureResponse.status(200)
                .endlessBody("x".getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(100)));
        server.route(HOST, "/h2-late", FixtureResponse.ok("late").delay(Duration.ofSeconds(5)));
        try (HttpFetcher fetcher = fetcherTo(server.h2ConnectToRulesFor(HOST))) {
            for (String path : List.of("/h2-hang", "/h2-trickle", "/h2-late")) {
                FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("https://slow.example" + path)));

                assertKind(response, FetchErrorKind.TIMEOUT);
                assertThat(response.elapsedMillis()).as(path).isBetween(DEADLINE.toMillis() - 50,
                        DEADLINE.toMillis() + SLACK_MILLIS);
            }
        }
        assertThat(server.requestsTo(HOST, "/h2-hang").getFirst().protocol()).isEqualTo("HTTP/2.0");
    }

    @Test
    void delayWithinTheDeadlineIsFine() {
        server.route(HOST, "/a-bit-late", FixtureResponse.ok("ok").delay(Duration.ofMillis(300)));
        try (HttpFetcher fetcher = fetcherTo(server.connectToRulesFor(HOST))) {
            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("https://slow.example/a-bit-late")));

            assertThat(response.error()).isNull();
            assertThat(response.elapsedMillis()).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void nameWithoutRuleFailsDnsInThisSandbox() {
        try (HttpFetcher fetcher = fetcherTo(List.of())) {
            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("https://no-such-host.mpp-census.invalid/")));

            assertKind(response, FetchErrorKind.DNS);
            assertThat(response.remoteAddress()).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://10.0.0.1/",
            "http://127.0.0.1/",
            "http://[::1]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://[64:ff9b::7f00:1]/",
            "https://192.168.1.1:8443/",
            "http://[fd00::1]/",
            "http://0.0.0.0/",
            "http://2130706433/"})
    void literalNonPublicAddressIsBlockedWithoutConnecting(String url) {
        try (HttpFetcher fetcher = fetcherTo(List.of())) {
            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create(url)));

            assertKind(response, FetchErrorKind.BLOCKED);
            assertThat(response.remoteAddress()).isNull();
            assertThat(response.elapsedMillis()).isLessThan(500);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:%d/", "https://127.0.0.1:%d/", "http://[::ffff:127.0.0.1]:%d/"})
    void blockedAddressIsNeverConnectedTo(String template) {
        try (Listeners.Listener witness = Listeners.blackhole();
             HttpFetcher fetcher = fetcherTo(List.of())) {
            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create(template.formatted(witness.port()))));

            assertKind(response, FetchErrorKind.BLOCKED);
            await("no connection to the witness, for 100 ms after the fetch").during(Duration.ofMillis(100))
                    .atMost(Duration.ofSeconds(1)).until(() -> witness.acceptedConnections() == 0);
        }
    }

    @Test
    void loopbackWorksWhenThePolicyAllowsIt() {
        server.route("127.0.0.1", "/", FixtureResponse.ok("lab"));
        try (HttpFetcher fetcher = new HttpFetcher(FetchSettingsBuilder.census()
                .addressPolicy(AddressPolicy.allowing(List.of("127.0.0.0/8"))).build())) {
            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("http://127.0.0.1:" + server.httpPort() + "/")));

            assertThat(response.error()).isNull();
            assertThat(response.body()).asString(StandardCharsets.UTF_8).isEqualTo("lab");
        }
    }

    @Test
    void connectToRuleTargetIsExemptFromThePolicy() {
        server.route(HOST, "/", FixtureResponse.ok("via rule"));
        try (HttpFetcher fetcher = fetcherTo(server.connectToRulesFor(HOST))) {
            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("http://slow.example/")));

            assertThat(response.error()).isNull();
            assertThat(response.remoteAddress()).isEqualTo("127.0.0.1:" + server.httpPort());
        }
    }

    @Test
    void closingTheFetcherStopsItsThreadsAndRefusesFurtherFetches() {
        HttpFetcher fetcher = fetcherTo(List.of());
        fetcher.close();
        fetcher.close(); // idempotent

        assertThatThrownBy(() -> fetcher.fetch(FetchRequest.get(URI.create("https://slow.example/"))))
                .isInstanceOf(IllegalStateException.class);
        await("the closed fetcher's threads ended").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> liveThreads(fetcher.name() + "-") == 0);
    }

    private static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
                .count();
    }
}

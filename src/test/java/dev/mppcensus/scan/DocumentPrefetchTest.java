package dev.mppcensus.scan;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The discovery documents go out as soon as the homepage request has a connection, at the origin where the
 * site is then located, and nowhere else.
 */
class DocumentPrefetchTest {

    private static final String DECLARING = "{\"payments\":{\"mpp\":\"https://www.split.test/mpp\"}}";

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(List.of("early.test", "www.split.test"));

    private static FixtureWebServer server;
    private static HttpFetcher fetcher;
    private static Listeners.Listener garbage;
    private static final CountDownLatch documentRequested = new CountDownLatch(1);
    private static final AtomicBoolean documentBeforeHomepageAnswer = new AtomicBoolean();

    @BeforeAll
    static void start() {
        server = web.server();
        // the homepage answers only once a document was requested, or after 4 s: a scanner that waits for
        // the homepage before asking for documents sees the homepage late and the answer says so
        server.route("early.test", "/", request -> {
            try {
                documentBeforeHomepageAnswer.set(documentRequested.await(4, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FixtureResponse.ok("home");
        });
        server.route("early.test", "/.well-known/ai-agent.json", request -> {
            documentRequested.countDown();
            return FixtureResponse.status(404);
        });
        server.route("www.split.test", "/", FixtureResponse.ok("home"));
        server.route("www.split.test", "/.well-known/ai-agent.json", FixtureResponse.json(DECLARING));
        // split.test accepts TLS connections, then answers every request with bytes that are not HTTP
        garbage = Listeners.tls(web.ca().issue(List.of("split.test")), List.of("http/1.1"),
                "not http at all\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        List<ConnectToRule> rules = List.of(new ConnectToRule("split.test", 443, "127.0.0.1", garbage.port()),
                new ConnectToRule("split.test", 80, "127.0.0.1", Listeners.refusedPort()));
        fetcher = new HttpFetcher(web.fetchSettings(rules).requestTimeout(Duration.ofSeconds(8))
                .connectTimeout(Duration.ofSeconds(2)).maxRequestsPerAddress(0).build());
    }

    @AfterAll
    static void stop() {
        fetcher.close();
        garbage.close();
    }

    private static DomainScan scan(String domain) {
        return new DomainScanner(fetcher, EnumSet.allOf(ScanCheck.class), false, 0, ProbeMethods.DEFAULT)
                .scan(new ListedDomain(domain, null, 1));
    }

    @Test
    void theDocumentsAreRequestedBeforeTheHomepageAnswers() {
        DomainScan scan = scan("early.test");

        assertThat(documentBeforeHomepageAnswer).as("ai-agent.json requested while HEAD / waited").isTrue();
        assertThat(scan.homepageStatus()).isEqualTo(200);
        assertThat(server.requests().stream().filter(request -> request.host().equals("early.test"))
                .map(RecordedRequest::path)).containsExactlyInAnyOrder("/", "/.well-known/ai-agent.json",
                "/openapi.json", "/api/openapi.json", "/.well-known/x402");
        assertThat(scan.requests()).as("no request sent twice").isEqualTo(5);
    }

    @Test
    void documentsStartedAtAnOriginThatFailsAreNotUsed() {
        DomainScan scan = scan("split.test");

        assertThat(scan.scheme()).isEqualTo("https");
        assertThat(scan.siteHost()).isEqualTo("www.split.test");
        assertThat(scan.wellKnownStatus()).as("www's document, not split.test's answer").isEqualTo(200);
        assertThat(scan.declaredVia()).containsExactly("well_known");
        assertThat(scan.mppEndpoints()).containsExactly("https://www.split.test/mpp");
        assertThat(server.requestsTo("www.split.test", "/.well-known/ai-agent.json")).hasSize(1);
    }
}

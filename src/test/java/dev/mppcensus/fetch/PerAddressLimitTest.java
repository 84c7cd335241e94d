package dev.mppcensus.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.FetchSettingsBuilder;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.TestCertificateAuthority;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Twenty host names served from one IP address (127.0.0.1, by connect-to rules) receive 80
 * concurrent requests; the server never sees more in flight than the per-address limit, however many
 * hosts and connections per host there are.
 */
class PerAddressLimitTest {

    private static final List<String> HOSTS = IntStream.range(0, 20).mapToObj(i -> "shared" + i + ".test").toList();
    private static FixtureWebServer server;
    private static final AtomicInteger inFlight = new AtomicInteger();
    private static final AtomicInteger maxInFlight = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = FixtureWebServer.start(TestCertificateAuthority.create(), HOSTS);
        for (String host : HOSTS) {
            server.route(host, "/slow", request -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inFlight.decrementAndGet();
                }
                return FixtureResponse.ok("ok");
            });
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "limit {0}")
    @CsvSource({"1, 1", "3, 3", "8, 8", "0, 40"})
    void requestsInFlightToOneAddressStayWithinTheLimit(int limit, int expectedMax) {
        maxInFlight.set(0);
        FetchSettings settings = FetchSettingsBuilder.census().connectTo(server.connectToRulesFor(HOSTS))
                .maxRequestsPerAddress(limit).build();
        List<FetchResponse> responses = new CopyOnWriteArrayList<>();
        try (HttpFetcher fetcher = new HttpFetcher(settings);
             var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 80; i++) {
                String host = HOSTS.get(i % HOSTS.size());
                threads.submit(() -> responses.add(fetcher.fetch(FetchRequest.get(URI.create("http://" + host + "/slow")))));
            }
            threads.close();
            assertThat(fetcher.addressGateSize()).as("gate entries after the burst").isZero();
        }
        assertThat(responses).hasSize(80).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        if (limit == 0) {
            assertThat(maxInFlight.get()).as("unlimited: 20 hosts x 2 connections").isGreaterThan(8);
        } else {
            assertThat(maxInFlight.get()).isLessThanOrEqualTo(expectedMax).isGreaterThanOrEqualTo(1);
        }
    }
}

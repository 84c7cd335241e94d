package dev.mppcensus.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.detection.EndpointAssessment;
import dev.mppcensus.detection.EndpointClassifier;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.fixture.ConformanceVector;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWeb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance rows marked {@code end_to_end}, each served over TLS as the MPP endpoint its site
 * declares in {@code /.well-known/ai-agent.json}, scanned by the real scanner: the census must reach the
 * same verdict and per-challenge result as the classifier does on the row alone (and as the row says).
 * Such rows do not depend on their answer time, since the endpoint is judged now.
 */
class ConformanceEndToEndTest {

    private static final List<ConformanceVector> ROWS = ConformanceVector.load().stream()
            .filter(ConformanceVector::endToEnd).toList();

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(ROWS.stream().map(ConformanceEndToEndTest::host).toList());

    private static HttpFetcher fetcher;

    static List<ConformanceVector> rows() {
        return ROWS;
    }

    private static String host(ConformanceVector row) {
        return row.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".conformance.test";
    }

    @BeforeAll
    static void serveRows() {
        for (ConformanceVector row : ROWS) {
            String host = host(row);
            web.server().route(host, "/", FixtureResponse.ok("home"));
            web.server().route(host, "/.well-known/ai-agent.json",
                    FixtureResponse.json("{\"payments\":{\"mpp\":\"https://" + host + "/mpp\"}}"));
            web.server().route(host, "/mpp", row.toFixtureResponse());
        }
        fetcher = new HttpFetcher(web.fetchSettings(List.of())
                .requestTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(2)).build());
    }

    @AfterAll
    static void close() {
        fetcher.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void scanningTheServedRowAgreesWithTheTable(ConformanceVector row) {
        EndpointAssessment now = EndpointClassifier.classify(row.status(), row.httpHeaders(), row.bodyBytes(), true,
                null, Instant.now());
        assertThat(now.verdict().code()).as("an end-to-end row must not depend on its answer time")
                .isEqualTo(row.verdict());
        assertThat(now.challenges()).extracting(c -> c.valid() ? "valid" : String.join("; ", c.violations()))
                .as("an end-to-end row must not depend on its answer time").containsExactlyElementsOf(row.challenges());

        DomainScan scan = new DomainScanner(fetcher).scan(new ListedDomain(host(row), null, 1));

        assertThat(scan.endpoints()).as("the declared endpoint").singleElement().satisfies(probe -> {
            assertThat(probe.status()).isEqualTo(row.status());
            assertThat(probe.verdict().code()).isEqualTo(row.verdict());
            assertThat(probe.assessment().challenges())
                    .extracting(c -> c.valid() ? "valid" : String.join("; ", c.violations()))
                    .containsExactlyElementsOf(row.challenges());
            assertThat(probe.assessment().x402Offered()).as("x402 offered").isEqualTo(now.x402Offered());
        });
    }
}

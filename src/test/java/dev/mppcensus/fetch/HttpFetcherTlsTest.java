package dev.mppcensus.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mppcensus.fixture.FetchSettingsBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.IssuedCertificate;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.fixture.TestCertificateAuthority;

/**
 * TLS trust and its failure classes: certificate problems are {@code TLS_CERTIFICATE} (no http fallback),
 * other handshake failures {@code TLS_HANDSHAKE}.
 */
class HttpFetcherTlsTest {

    private static final String HOST = "pay.example";
    private static final URI HOME = URI.create("https://pay.example/");

    private static TestCertificateAuthority ca;
    private static Path caFile;

    @BeforeAll
    static void createAuthority(@TempDir Path dir) {
        ca = TestCertificateAuthority.create();
        caFile = ca.writeCaPem(dir);
    }

    private static FetchResponse fetchHomeFrom(IssuedCertificate certificate, Path trusted) {
        try (FixtureWebServer server = FixtureWebServer.start(certificate);
             HttpFetcher fetcher = new HttpFetcher(FetchSettingsBuilder.census().caFile(trusted)
                     .connectTo(server.connectToRulesFor(HOST)).build())) {
            server.route(HOST, "/", FixtureResponse.ok("home"));
            return fetcher.fetch(FetchRequest.get(HOME));
        }
    }

    private static void assertKind(FetchResponse response, FetchErrorKind kind) {
        assertThat(response.error()).as("error of %s", response).isNotNull();
        assertThat(response.error().kind()).as(response.error().message()).isEqualTo(kind);
        assertThat(response.answered()).isFalse();
    }

    @Test
    void trustsTheCaFile() {
        FetchResponse response = fetchHomeFrom(ca.issue(List.of(HOST)), caFile);

        assertThat(response.error()).isNull();
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void wildcardCertificateCoversASubdomain() {
        try (FixtureWebServer server = FixtureWebServer.start(ca, List.of("*.shops.example"));
             HttpFetcher fetcher = new HttpFetcher(FetchSettingsBuilder.census().caFile(caFile)
                     .connectTo(server.wildcardConnectToRulesFor("shops.example")).build())) {
            server.route("a.shops.example", "/", FixtureResponse.ok("a"));

            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("https://a.shops.example/")));

            assertThat(response.error()).isNull();
            assertThat(response.status()).isEqualTo(200);
        }
    }

    /**
     * A TLS engine's resources go with its connection: BoringSSL's hold two file descriptors each, and
     * a crawl opens a connection to every host it meets, so anything left for the garbage collector
     * runs a long crawl out of descriptors.
     */
    @Test
    void closedConnectionsKeepNoFileDescriptors() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(fds), "needs /proc/self/fd");
        try (FixtureWebServer server = FixtureWebServer.start(ca, List.of("*.shops.example"));
             HttpFetcher fetcher = new HttpFetcher(FetchSettingsBuilder.census().caFile(caFile)
                     .requestTimeout(java.time.Duration.ofSeconds(1))
                     .connectTo(server.wildcardConnectToRulesFor("shops.example")).build())) {
            server.route("h0.shops.example", "/", FixtureResponse.ok("warm-up"));
            fetcher.fetch(FetchRequest.get(URI.create("https://h0.shops.example/")));
            long before = openFileDescriptors(fds);
            int hosts = 150;
            for (int i = 1; i <= hosts; i++) {
                server.route("h" + i + ".shops.example", "/", FixtureResponse.ok("shop " + i));
                assertThat(fetcher.fetch(FetchRequest.get(URI.create("https://h" + i + ".shops.example/"))).status())
                        .isEqualTo(200);
            }
            // the idle connections close after a moment
            await("the idle connections' file descriptors closed").atMost(java.time.Duration.ofSeconds(10))
                    .pollInterval(java.time.Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(openFileDescriptors(fds) - before)
                            .as("file descriptors still open after %d closed connections", hosts).isLessThan(hosts / 3));
        }
    }

    private static long openFileDescriptors(Path fds) throws java.io.IOException {
        try (var list = java.nio.file.Files.list(fds)) {
            return list.count();
        }
    }

    @Test
    void h2ServersAreVerifiedLikeAnyOther() {
        try (FixtureWebServer server = FixtureWebServer.start(ca, List.of(HOST));
             HttpFetcher trusting = new HttpFetcher(FetchSettingsBuilder.census().caFile(caFile)
                     .connectTo(server.h2ConnectToRulesFor(HOST)).build());
             HttpFetcher untrusting = new HttpFetcher(FetchSettingsBuilder.census()
                     .connectTo(server.h2ConnectToRulesFor(HOST)).build())) {
            server.route(HOST, "/", FixtureResponse.ok("home"));

            assertThat(trusting.fetch(FetchRequest.get(HOME)).status()).isEqualTo(200);
            assertThat(server.requests().getFirst().protocol()).isEqualTo("HTTP/2.0");
            assertKind(untrusting.fetch(FetchRequest.get(HOME)), FetchErrorKind.TLS_CERTIFICATE);
        }
    }

    @Test
    void withoutTheCaFileTheCertificateIsUntrusted() {
        assertKind(fetchHomeFrom(ca.issue(List.of(HOST)), null), FetchErrorKind.TLS_CERTIFICATE);
    }

    @Test
    void certificateFromAnotherCaIsUntrusted() {
        IssuedCertificate foreign = TestCertificateAuthority.create("another CA").issue(List.of(HOST));

        assertKind(fetchHomeFrom(foreign, caFile), FetchErrorKind.TLS_CERTIFICATE);
    }

    @Test
    void selfSignedCertificateIsUntrusted() {
        assertKind(fetchHomeFrom(TestCertificateAuthority.issueSelfSigned(List.of(HOST)), caFile),
                FetchErrorKind.TLS_CERTIFICATE);
    }

    @Test
    void certificateForAnotherHostFailsHostnameVerification() {
        assertKind(fetchHomeFrom(ca.issueForWrongHost(), caFile), FetchErrorKind.TLS_CERTIFICATE);
    }

    @Test
    void expiredCertificateIsRejected() {
        assertKind(fetchHomeFrom(ca.issueExpired(List.of(HOST)), caFile), FetchErrorKind.TLS_CERTIFICATE);
    }

    @Test
    void notYetValidCertificateIsRejected() {
        assertKind(fetchHomeFrom(ca.issueNotYetValid(List.of(HOST)), caFile), FetchErrorKind.TLS_CERTIFICATE);
    }

    @Test
    void plainHttpServerOnTheTlsPortIsAHandshakeFailure() {
        try (FixtureWebServer server = FixtureWebServer.start(ca, List.of(HOST));
             HttpFetcher fetcher = new HttpFetcher(FetchSettingsBuilder.census().caFile(caFile)
                     .connectTo(List.of(new ConnectToRule(HOST, 443, "127.0.0.1", server.httpPort()))).build())) {
            assertKind(fetcher.fetch(FetchRequest.get(HOME)), FetchErrorKind.TLS_HANDSHAKE);
        }
    }

    @Test
    void serverClosingDuringTheHandshakeIsAHandshakeFailure() {
        try (Listeners.Listener closer = Listeners.answering(new byte[0]);
             HttpFetcher fetcher = new HttpFetcher(FetchSettingsBuilder.census().caFile(caFile)
                     .connectTo(List.of(new ConnectToRule(HOST, 443, "127.0.0.1", closer.port()))).build())) {
            FetchResponse response = fetcher.fetch(FetchRequest.get(HOME));

            // Usually TLS_HANDSHAKE ("Abruptly closed by peer"); when Jetty sees the EOF before the TLS
            // engine does, RESET. Both let the caller fall back to http://, neither is TLS_CERTIFICATE.
            assertThat(response.error()).isNotNull();
            assertThat(response.error().kind()).as(response.error().message())
                    .isIn(FetchErrorKind.TLS_HANDSHAKE, FetchErrorKind.RESET);
        }
    }
}

package dev.mppcensus.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.ConnectToRule;
import dev.mppcensus.fetch.FetchSettings;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.fixture.FetchSettingsBuilder;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.TestCertificateAuthority;
import dev.mppcensus.fixture.TestDnsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locating a site through a real DNS server: after NXDOMAIN for the bare name {@code www.} is not
 * asked (RFC 8020), after NODATA and SERVFAIL it is (the site is found there after NODATA), and a
 * domain whose nameservers never answer is given up after one connect deadline, without asking for
 * {@code www.}. The fixture is reached by port-only connect-to rules, so every name is still looked up.
 */
class DomainScannerDnsTest {

    private static final Duration CONNECT = Duration.ofMillis(800);

    @TempDir
    static Path dir;

    private static TestDnsServer dns;
    private static FixtureWebServer server;
    private static Path caFile;

    @BeforeAll
    static void start() {
        dns = TestDnsServer.start()
                .noData("wwwonly.test").addresses("www.wwwonly.test", "127.0.0.1")
                .addresses("bare.test", "127.0.0.1")
                .serverFailure("servfail.test").serverFailure("www.servfail.test")
                .silent("silent.test").silent("www.silent.test");
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        caFile = ca.writeCaPem(dir);
        server = FixtureWebServer.start(ca, List.of("www.wwwonly.test", "bare.test"));
        server.route("www.wwwonly.test", "/", FixtureResponse.ok("home"));
        server.route("bare.test", "/", FixtureResponse.ok("home"));
    }

    @AfterAll
    static void stop() {
        dns.close();
        server.close();
    }

    private static DomainScan scan(String domain) {
        List<ConnectToRule> portsOnly = List.of(new ConnectToRule(null, 443, null, server.httpsPort()),
                new ConnectToRule(null, 80, null, server.httpPort()));
        FetchSettings settings = FetchSettingsBuilder.census().caFile(caFile).connectTimeout(CONNECT)
                .requestTimeout(Duration.ofSeconds(3)).connectTo(portsOnly)
                .dnsServers(List.of(dns.socketAddress())).build();
        try (HttpFetcher fetcher = new HttpFetcher(settings)) {
            return new DomainScanner(fetcher).scan(new ListedDomain(domain, 1, 1));
        }
    }

    @Test
    void nxdomainForTheBareNameSkipsWww() {
        DomainScan scan = scan("missing.test");

        assertThat(scan.reachable()).isFalse();
        assertThat(scan.errorKind()).isEqualTo(ErrorKind.DNS);
        assertThat(scan.errorDetail()).startsWith("NXDOMAIN: missing.test");
        assertThat(dns.queriesFor("www.missing.test")).isEmpty();
    }

    @Test
    void nodataForTheBareNameTriesWww() {
        DomainScan scan = scan("wwwonly.test");

        assertThat(scan.reachable()).isTrue();
        assertThat(scan.siteHost()).isEqualTo("www.wwwonly.test");
    }

    @Test
    void bareNameWithAddressesIsScannedThere() {
        assertThat(scan("bare.test").siteHost()).isEqualTo("bare.test");
    }

    @Test
    void servfailForTheBareNameTriesWwwWithinTwoConnectDeadlines() {
        long start = System.nanoTime();
        DomainScan scan = scan("servfail.test");
        long elapsedMillis = millisSince(start);

        assertThat(scan.reachable()).isFalse();
        assertThat(scan.errorKind()).isEqualTo(ErrorKind.DNS);
        assertThat(scan.errorDetail()).startsWith("SERVFAIL: ").contains("temporary");
        assertThat(dns.queriesFor("www.servfail.test")).isNotEmpty();
        assertThat(elapsedMillis).isLessThan(2 * CONNECT.toMillis() + 700);
    }

    @Test
    void nameserversThatNeverAnswerHoldADomainOneConnectDeadline() {
        long start = System.nanoTime();
        DomainScan scan = scan("silent.test");
        long elapsedMillis = millisSince(start);

        assertThat(scan.errorKind()).isEqualTo(ErrorKind.DNS);
        assertThat(scan.errorDetail()).startsWith("TIMEOUT: ").contains("temporary", "silent.test").doesNotContain("www.");
        assertThat(dns.queriesFor("www.silent.test")).isEmpty();
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(CONNECT.toMillis()).isLessThan(2 * CONNECT.toMillis());
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}

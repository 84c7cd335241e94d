package dev.mppcensus.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.detection.EndpointVerdict;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.AddressPolicy;
import dev.mppcensus.fetch.FetchSettings;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.fixture.FetchSettingsBuilder;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.fixture.TestCertificateAuthority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SSRF end to end: sites reached through explicit {@code --connect-to} rules (the operator's choice,
 * allowed) declare endpoints, Link targets and redirect hops that point at loopback, private,
 * link-local (cloud metadata), unspecified and IPv4-mapped addresses, in literal, legacy-numeric
 * and resolved ({@code localhost}) forms. Each is recorded as {@code blocked}, and traps listening on
 * 127.0.0.1 and 127.0.0.2 receive no connection; {@code --allow-private} then opens exactly the
 * range it names.
 */
class SsrfTest {

    @TempDir
    static Path dir;

    private static FixtureWebServer server;
    private static Listeners.Listener trap1;
    private static Listeners.Listener trap2;
    /** The positive control's own trap, so that the order of the tests does not matter. */
    private static Listeners.Listener controlTrap;
    private static Path caFile;
    private static List<dev.mppcensus.fetch.ConnectToRule> rules;

    private static final List<String> HOSTS = List.of("ssrf-endpoint.test", "ssrf-link.test", "ssrf-redirect.test",
            "ssrf-wellknown-redirect.test", "ssrf-metadata.test", "ssrf-private.test", "ssrf-mapped.test",
            "ssrf-localhost.test", "ssrf-unspecified.test", "ssrf-decimal.test", "ssrf-short.test",
            "ssrf-endpoint-redirect.test", "ssrf-control.test");

    @BeforeAll
    static void start() {
        trap1 = Listeners.trapOn("127.0.0.1");
        trap2 = Listeners.trapOn("127.0.0.2");
        controlTrap = Listeners.trapOn("127.0.0.2");
        int p1 = trap1.port();
        int p2 = trap2.port();
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        caFile = ca.writeCaPem(dir);
        server = FixtureWebServer.start(ca, HOSTS);
        for (String host : HOSTS) {
            server.route(host, "/", FixtureResponse.ok("home"));
        }
        endpoint("ssrf-endpoint.test", "https://127.0.0.2:" + p2 + "/mpp");
        link("ssrf-link.test", "http://[::1]:" + p1 + "/mpp");
        server.route("ssrf-redirect.test", "/", FixtureResponse.redirect(302, "https://127.0.0.2:" + p2 + "/"));
        server.route("ssrf-wellknown-redirect.test", "/.well-known/ai-agent.json",
                FixtureResponse.redirect(301, "http://169.254.169.254/latest/meta-data/"));
        endpoint("ssrf-metadata.test", "http://169.254.169.254/latest/meta-data/iam/");
        endpoint("ssrf-private.test", "https://10.0.0.1/mpp");
        link("ssrf-mapped.test", "https://[::ffff:10.0.0.1]/mpp");
        endpoint("ssrf-localhost.test", "http://localhost:" + p1 + "/mpp");
        link("ssrf-unspecified.test", "http://0.0.0.0:" + p1 + "/mpp");
        endpoint("ssrf-decimal.test", "http://2130706434:" + p2 + "/mpp"); // 127.0.0.2 as one number
        endpoint("ssrf-short.test", "http://127.1:" + p1 + "/mpp"); // inet_aton shorthand for 127.0.0.1
        endpoint("ssrf-endpoint-redirect.test", "https://ssrf-endpoint-redirect.test/mpp");
        server.route("ssrf-endpoint-redirect.test", "/mpp", FixtureResponse.redirect(307, "http://127.0.0.2:" + p2 + "/x"));
        endpoint("ssrf-control.test", "http://127.0.0.2:" + controlTrap.port() + "/mpp");
        rules = server.connectToRulesFor(HOSTS);
    }

    private static void endpoint(String host, String url) {
        server.route(host, "/.well-known/ai-agent.json", FixtureResponse.json("{\"payments\":{\"mpp\":\"" + url + "\"}}"));
    }

    private static void link(String host, String url) {
        server.route(host, "/", FixtureResponse.ok("home").header("Link", "<" + url + ">; rel=\"mpp-endpoint\""));
    }

    @AfterAll
    static void stop() {
        server.close();
        trap1.close();
        trap2.close();
        controlTrap.close();
    }

    private static DomainScan scan(String domain, AddressPolicy policy) {
        try (HttpFetcher fetcher = new HttpFetcher(FetchSettingsBuilder.census().connectTo(rules).caFile(caFile)
                .addressPolicy(policy).requestTimeout(Duration.ofSeconds(2))
                .connectTimeout(Duration.ofSeconds(1)).build())) {
            return new DomainScanner(fetcher).scan(new ListedDomain(domain, null, 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ssrf-endpoint.test           | endpoint
            ssrf-link.test               | endpoint
            ssrf-metadata.test           | endpoint
            ssrf-private.test            | endpoint
            ssrf-mapped.test             | endpoint
            ssrf-localhost.test          | endpoint
            ssrf-unspecified.test        | endpoint
            ssrf-decimal.test            | endpoint
            ssrf-short.test              | unusable
            ssrf-endpoint-redirect.test  | endpoint
            ssrf-redirect.test           | site
            ssrf-wellknown-redirect.test | site
            """)
    void privateTargetsAreBlockedWithoutAConnection(String domain, String where) {
        DomainScan scan = scan(domain, AddressPolicy.publicOnly());
        if (where.equals("endpoint")) {
            assertThat(scan.endpoints()).as(domain).singleElement().satisfies(probe -> {
                assertThat(probe.verdict()).isEqualTo(EndpointVerdict.BLOCKED);
                assertThat(probe.errorKind()).isEqualTo(ErrorKind.BLOCKED);
            });
            assertThat(scan.endpointVerdict()).isEqualTo(EndpointVerdict.BLOCKED);
        } else if (where.equals("unusable")) {
            // java.net.URI finds no host in 127.1: the declaration is invalid and nothing is fetched
            assertThat(scan.declarationInvalid()).isTrue();
            assertThat(scan.endpoints()).isEmpty();
        } else {
            assertThat(scan.reachable()).isTrue();
            assertThat(scan.errorKind()).as(domain + ": " + scan.errorDetail()).isEqualTo(ErrorKind.BLOCKED);
        }
        assertThat(trap1.acceptedConnections()).as("connections to the trap on 127.0.0.1").isZero();
        assertThat(trap2.acceptedConnections()).as("connections to the trap on 127.0.0.2").isZero();
    }

    @Test
    void allowPrivateOpensExactlyTheNamedRange() {
        DomainScan stillBlocked = scan("ssrf-control.test", AddressPolicy.allowing(List.of("127.0.0.1/32")));
        assertThat(stillBlocked.endpointVerdict()).isEqualTo(EndpointVerdict.BLOCKED);
        assertThat(controlTrap.acceptedConnections()).isZero();

        // the positive control: the trap does catch a crawler that is allowed to go there
        DomainScan allowed = scan("ssrf-control.test", AddressPolicy.allowing(List.of("127.0.0.2/32")));
        assertThat(allowed.endpoints().getFirst().errorKind()).isNotEqualTo(ErrorKind.BLOCKED);
        assertThat(controlTrap.acceptedConnections()).isEqualTo(1);
    }
}

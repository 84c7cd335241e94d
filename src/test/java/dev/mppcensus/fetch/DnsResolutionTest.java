package dev.mppcensus.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.FetchSettingsBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mppcensus.fixture.TestDnsServer;

/**
 * Name resolution through a real DNS server on loopback: every answer a census meets (A, CNAME chains,
 * AAAA only, NODATA, NXDOMAIN, SERVFAIL, silence, truncation, private addresses) gives the classified
 * outcome, every lookup ends within the connect deadline, and nothing connects to a refused address.
 */
class DnsResolutionTest {

    private static final Duration CONNECT = Duration.ofMillis(1_000);
    private static final long SLACK_MILLIS = 700;

    private static TestDnsServer dns;
    private static CountingListener v4;
    private static CountingListener v6;

    @BeforeAll
    static void start() throws IOException {
        v4 = new CountingListener("127.0.0.1");
        v6 = new CountingListener("::1");
        dns = TestDnsServer.start()
                .addresses("a.test", "127.0.0.1")
                .cname("alias.test", "chain.test").cname("chain.test", "a.test")
                .addresses("six.test", "::1")
                .noData("wwwonly.test").addresses("www.wwwonly.test", "127.0.0.1")
                .serverFailure("servfail.test")
                .silent("silent.test")
                .truncatedOverUdp("big.test").addresses("big.test", "127.0.0.1")
                .addresses("rfc1918.test", "10.0.0.1")
                .addresses("metadata.test", "169.254.169.254")
                .addresses("loop6.test", "::1")
                .cname("sneaky.test", "rfc1918.test")
                .cname("dangling.test", "gone.test")
                .addresses("target.test", "127.0.0.1");
    }

    @AfterAll
    static void stop() {
        dns.close();
        v4.close();
        v6.close();
    }

    /** Public addresses plus loopback, as a lab setup allows. */
    private static HttpFetcher labFetcher() {
        return fetcher(AddressPolicy.allowing(List.of("127.0.0.0/8", "::1/128")));
    }

    private static HttpFetcher fetcher(AddressPolicy policy) {
        return new HttpFetcher(FetchSettingsBuilder.census().connectTimeout(CONNECT)
                .requestTimeout(Duration.ofSeconds(3)).addressPolicy(policy)
                .dnsServers(List.of(dns.socketAddress())).build());
    }

    private static FetchResponse get(HttpFetcher fetcher, String host, int port) {
        return fetcher.fetch(FetchRequest.get(URI.create("http://" + host + ":" + port + "/")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"a.test", "alias.test", "www.wwwonly.test", "big.test"})
    void namesWithIpv4AddressesAreFetched(String host) {
        int before = v4.accepted();
        try (HttpFetcher fetcher = labFetcher()) {
            FetchResponse response = get(fetcher, host, v4.port());
            assertThat(response.status()).as("%s", response).isEqualTo(200);
        }
        assertThat(v4.accepted()).isEqualTo(before + 1);
    }

    @Test
    void aaaaOnlyNameIsFetchedOverIpv6() {
        int before = v6.accepted();
        try (HttpFetcher fetcher = labFetcher()) {
            FetchResponse response = get(fetcher, "six.test", v6.port());
            assertThat(response.status()).as("%s", response).isEqualTo(200);
            assertThat(response.remoteAddress()).contains("0:0:0:0:0:0:0:1");
        }
        assertThat(v6.accepted()).isEqualTo(before + 1);
    }

    @Test
    void truncatedUdpAnswerIsAskedAgainOverTcp() {
        try (HttpFetcher fetcher = labFetcher()) {
            assertThat(get(fetcher, "big.test", v4.port()).status()).isEqualTo(200);
        }
        assertThat(dns.queriesFor("big.test")).anyMatch(TestDnsServer.Query::tcp).anyMatch(q -> !q.tcp());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "missing.test,  NXDOMAIN",
            "wwwonly.test,  NODATA",
            "dangling.test, NODATA",
            "servfail.test, SERVFAIL",
            "silent.test,   TIMEOUT"})
    void failedLookupsSayWhatHappened(String host, DnsOutcome outcome) {
        try (HttpFetcher fetcher = labFetcher()) {
            long start = System.nanoTime();
            FetchResponse response = get(fetcher, host, v4.port());
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(response.answered()).isFalse();
            assertThat(response.error().kind()).isEqualTo(FetchErrorKind.DNS);
            assertThat(response.error().dns()).isEqualTo(outcome);
            assertThat(response.error().message()).startsWith(outcome.name() + ": ").contains(host);
            // one deadline, although the per-address gate and Jetty both ask for the addresses
            assertThat(elapsedMillis).isLessThan(CONNECT.toMillis() + SLACK_MILLIS);
        }
    }

    @Test
    void transientOutcomesReadAsTemporary() {
        try (HttpFetcher fetcher = labFetcher()) {
            assertThat(get(fetcher, "servfail.test", v4.port()).error().message()).contains("temporary");
            assertThat(get(fetcher, "silent.test", v4.port()).error().message()).contains("temporary");
            assertThat(get(fetcher, "missing.test", v4.port()).error().message()).doesNotContain("temporary");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rfc1918.test", "metadata.test", "sneaky.test", "a.test", "alias.test", "loop6.test"})
    void privateAnswersAreBlockedBeforeAnyConnection(String host) {
        int before4 = v4.accepted();
        int before6 = v6.accepted();
        try (HttpFetcher fetcher = fetcher(AddressPolicy.publicOnly())) {
            int port = host.equals("loop6.test") ? v6.port() : v4.port();
            FetchResponse response = get(fetcher, host, port);
            assertThat(response.error()).as("%s", response).isNotNull();
            assertThat(response.error().kind()).isEqualTo(FetchErrorKind.BLOCKED);
        }
        assertThat(v4.accepted()).isEqualTo(before4);
        assertThat(v6.accepted()).isEqualTo(before6);
    }

    @Test
    void answersAreCachedForTheirTtlPositiveAndNegative() {
        // no sharing of outcomes between lookups: only dnsjava's cache can spare the queries
        DnsResolver resolver = new DnsResolver(List.of(dns.socketAddress()), CONNECT, Duration.ZERO);
        assertThat(resolver.allByName("alias.test").join()).extracting(InetAddress::getHostAddress)
                .containsExactly("127.0.0.1");
        assertThat(resolver.allByName("nowhere.test").handle((ok, failure) -> failure).join())
                .hasRootCauseInstanceOf(DnsLookupException.class);
        int asked = dns.queries().size();

        assertThat(resolver.allByName("alias.test").join()).hasSize(1);
        assertThat(resolver.allByName("chain.test").join()).hasSize(1); // cached from the chain's answer
        assertThat(resolver.allByName("nowhere.test").handle((ok, failure) -> failure).join())
                .hasRootCauseInstanceOf(DnsLookupException.class);
        assertThat(dns.queries()).hasSize(asked);
    }

    @Test
    void connectToTargetsAreResolvedAndTrusted() {
        int before = v4.accepted();
        List<ConnectToRule> rules = List.of(new ConnectToRule("example.com", 80, "target.test", v4.port()));
        try (HttpFetcher fetcher = new HttpFetcher(FetchSettingsBuilder.census().connectTimeout(CONNECT)
                .dnsServers(List.of(dns.socketAddress())).connectTo(rules).build())) {
            FetchResponse response = fetcher.fetch(FetchRequest.get(URI.create("http://example.com/")));
            assertThat(response.status()).as("%s", response).isEqualTo(200);
        }
        assertThat(v4.accepted()).isEqualTo(before + 1);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1:53, 127.0.0.1, 53", "10.1.2.3, 10.1.2.3, 53", "'[::1]:5353', 0:0:0:0:0:0:0:1, 5353",
            "::1, 0:0:0:0:0:0:0:1, 53"})
    void nameserversAreIpAndPort(String spec, String ip, int port) {
        assertThat(FetchSettings.dnsServer(spec).getAddress().getHostAddress()).isEqualTo(ip);
        assertThat(FetchSettings.dnsServer(spec).getPort()).isEqualTo(port);
    }

    /** Accepts TCP connections, counts them, and answers each with one small HTTP response. */
    private static final class CountingListener implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger accepted = new AtomicInteger();

        CountingListener(String address) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.ofLiteral(address));
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        accepted.incrementAndGet();
                        Thread.ofVirtual().start(() -> answer(connection));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private static void answer(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                StringBuilder head = new StringBuilder();
                int b;
                while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
                    head.append((char) b);
                }
                OutputStream out = connection.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the client went away
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}

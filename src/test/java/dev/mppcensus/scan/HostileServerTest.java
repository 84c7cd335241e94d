package dev.mppcensus.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.ConnectToRule;
import dev.mppcensus.fetch.FetchSettings;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.fixture.FetchSettingsBuilder;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.fixture.TestCertificateAuthority;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of hostile servers on real sockets, one domain per misbehaviour a crawler must survive (slow, huge, looping, resetting, lying). Every
 * domain is scanned concurrently through the real {@link DomainScanner} and must come back with a
 * classified result within a bounded time, while the scanning thread allocates a bounded amount of
 * memory and the fetcher leaves no threads behind.
 */
class HostileServerTest {

    /**
     * Long enough for the well-behaved requests of 32 domains scanned at once in a cold JVM on a loaded
     * two-core machine (2 s was not), short enough that the behaviours that must time out keep the test quick.
     */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(4);
    /** A domain may take a few requests of at most the deadline each, plus scheduling slack. */
    private static final Duration MAX_SCAN_TIME = Duration.ofSeconds(25);
    /** Bytes the scanning thread itself may allocate for one domain (parsing included). */
    private static final long MAX_ALLOCATED_PER_SCAN = 96L * 1024 * 1024;

    /** The raw listeners answer once and close, so they say so: a client may otherwise reuse the closing connection. */
    private static final String HTTP_200 =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
    /** An HTTP/2 SETTINGS frame followed by GOAWAY(PROTOCOL_ERROR): what an h2-only server sends to HTTP/1.1. */
    private static final byte[] H2_FRAMES = HexFormat.of().parseHex(
            "000000040000000000" + "0000080700000000000000000000000001");

    @TempDir
    static Path dir;

    private static final List<AutoCloseable> servers = new ArrayList<>();
    private static final List<ConnectToRule> rules = new ArrayList<>();
    private static FixtureWebServer fleet;
    private static HttpFetcher fetcher;
    private static Set<String> fetchThreadsBefore;
    private static final Map<String, DomainScan> results = new ConcurrentHashMap<>();
    private static final Map<String, Long> allocated = new ConcurrentHashMap<>();

    /** domain → what the fleet does there (documentation for failure messages). */
    private static final Map<String, String> BEHAVIOUR = new LinkedHashMap<>();

    @BeforeAll
    static void startFleetAndScan() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        List<String> fleetHosts = List.of("slow-body.test", "endless-body.test", "gzip-bomb.test", "deflate-bomb.test",
                "brotli-bomb.test", "big-json.test", "deep-json.test", "bad-utf8.test", "big-link.test",
                "big-www-authenticate.test", "many-links.test", "many-endpoints.test", "redirect-loop.test",
                "redirect-self.test", "redirect-ftp.test", "redirect-file.test", "redirect-data.test",
                "redirect-javascript.test", "redirect-endpoint-file.test");
        fleet = FixtureWebServer.start(ca, fleetHosts);
        servers.add(fleet);
        rules.addAll(fleet.connectToRulesFor(fleetHosts));

        behaviour("slow-body.test", "ai-agent.json body one byte every 200 ms");
        home(FixtureResponse.ok("home"), "slow-body.test");
        fleet.route("slow-body.test", "/.well-known/ai-agent.json", FixtureResponse.status(200)
                .header("Content-Type", "application/json").chunkedBody(new byte[] {' '}, 100_000, Duration.ofMillis(200)));

        behaviour("endless-body.test", "ai-agent.json body that never ends (8 KiB chunks, no pause)");
        home(FixtureResponse.ok("home"), "endless-body.test");
        fleet.route("endless-body.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("").endlessBody(new byte[8192], Duration.ZERO));

        behaviour("gzip-bomb.test", "ai-agent.json as a gzip bomb (100 MiB of zeros) despite Accept-Encoding: identity");
        home(FixtureResponse.ok("home"), "gzip-bomb.test");
        fleet.route("gzip-bomb.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("").header("Content-Encoding", "gzip").body(gzipBomb()));

        behaviour("deflate-bomb.test", "openapi.json and ai-agent.json as a deflate bomb");
        home(FixtureResponse.ok("home"), "deflate-bomb.test");
        byte[] deflate = deflateBomb();
        fleet.route("deflate-bomb.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("").header("Content-Encoding", "deflate").body(deflate));
        fleet.route("deflate-bomb.test", "/openapi.json",
                FixtureResponse.json("").header("Content-Encoding", "deflate").body(deflate));

        behaviour("brotli-bomb.test", "ai-agent.json labelled Content-Encoding: br (never decoded, so opaque bytes)");
        home(FixtureResponse.ok("home"), "brotli-bomb.test");
        fleet.route("brotli-bomb.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("").header("Content-Encoding", "br").body(HexFormat.of().parseHex("6bffff7f00".repeat(4000))));

        behaviour("big-json.test", "3 MB ai-agent.json and openapi.json");
        home(FixtureResponse.ok("home"), "big-json.test");
        String big = "{\"payments\":{\"mpp\":\"https://big-json.test/mpp\"},\"pad\":\"" + "x".repeat(3_000_000) + "\"}";
        fleet.route("big-json.test", "/.well-known/ai-agent.json", FixtureResponse.json(big));
        fleet.route("big-json.test", "/openapi.json", FixtureResponse.json(big));

        behaviour("deep-json.test", "ai-agent.json and openapi.json nested 10,000 deep");
        home(FixtureResponse.ok("home"), "deep-json.test");
        String deepObjects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        String deepArrays = "{\"payments\":{\"mpp\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}}";
        fleet.route("deep-json.test", "/.well-known/ai-agent.json", FixtureResponse.json(deepArrays));
        fleet.route("deep-json.test", "/openapi.json", FixtureResponse.json(deepObjects));

        behaviour("bad-utf8.test", "ai-agent.json and openapi.json with invalid UTF-8");
        home(FixtureResponse.ok("home"), "bad-utf8.test");
        byte[] badUtf8 = concat("{\"payments\":{\"mpp\":\"https://bad-utf8.test/\u0000".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28}, "\"}}".getBytes(StandardCharsets.UTF_8));
        fleet.route("bad-utf8.test", "/.well-known/ai-agent.json", FixtureResponse.status(200)
                .header("Content-Type", "application/json").body(badUtf8));
        fleet.route("bad-utf8.test", "/openapi.json", FixtureResponse.status(200)
                .header("Content-Type", "application/json").body(badUtf8));

        behaviour("big-link.test", "homepage, ai-agent.json and openapi.json with a 1 MB Link header; the other checks still run");
        home(FixtureResponse.ok("home").header("Link",
                "<https://big-link.test/mpp>; rel=\"mpp-endpoint\"; x=\"" + "y".repeat(1_000_000) + "\""), "big-link.test");

        behaviour("big-www-authenticate.test", "declared endpoint answering 402 with a 1 MB WWW-Authenticate");
        home(FixtureResponse.ok("home"), "big-www-authenticate.test");
        fleet.route("big-www-authenticate.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("{\"payments\":{\"mpp\":\"https://big-www-authenticate.test/mpp\"}}"));
        fleet.route("big-www-authenticate.test", "/mpp", FixtureResponse.status(402).header("WWW-Authenticate",
                "Payment id=\"a\", realm=\"r\", method=\"tempo\", intent=\"charge\", request=\"" + "A".repeat(1_000_000) + "\""));

        behaviour("many-links.test", "homepage with 10,000 links in its Link header (under the header cap)");
        home(FixtureResponse.ok("home").header("Link", "<a>,".repeat(10_000)
                + "</mpp>; rel=\"mpp-endpoint\""), "many-links.test");
        fleet.route("many-links.test", "/mpp", FixtureResponse.status(404));

        behaviour("many-endpoints.test", "homepage declaring 2,000 mpp endpoints (5 are probed)");
        home(FixtureResponse.ok("home").header("Link", java.util.stream.IntStream.range(0, 2_000)
                .mapToObj(i -> "</" + i + ">;rel=mpp-endpoint").collect(Collectors.joining(","))), "many-endpoints.test");

        behaviour("redirect-loop.test", "every path redirects to /a, /a to /b, /b to /a");
        home(FixtureResponse.redirect(302, "/a"), "redirect-loop.test");
        fleet.route("redirect-loop.test", "/a", FixtureResponse.redirect(301, "/b"));
        fleet.route("redirect-loop.test", "/b", FixtureResponse.redirect(307, "https://redirect-loop.test/a"));

        behaviour("redirect-self.test", "every path redirects to itself");
        home(FixtureResponse.redirect(308, "/"), "redirect-self.test");

        for (String scheme : List.of("ftp", "file", "data", "javascript")) {
            String host = "redirect-" + scheme + ".test";
            String target = switch (scheme) {
                case "ftp" -> "ftp://redirect-ftp.test/pub/";
                case "file" -> "file:///etc/passwd";
                case "data" -> "data:text/html,<script>alert(1)</script>";
                default -> "javascript:alert(1)";
            };
            behaviour(host, "every path redirects to " + target);
            home(FixtureResponse.redirect(302, target), host);
        }

        behaviour("redirect-endpoint-file.test", "declared endpoint redirects to file:///etc/passwd");
        home(FixtureResponse.ok("home"), "redirect-endpoint-file.test");
        fleet.route("redirect-endpoint-file.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("{\"payments\":{\"mpp\":\"https://redirect-endpoint-file.test/mpp\"}}"));
        fleet.route("redirect-endpoint-file.test", "/mpp", FixtureResponse.redirect(302, "file:///etc/passwd"));

        // TLS with broken certificates (the server serves a fine homepage over plain HTTP too)
        tlsServer("expired-cert.test", "certificate expired yesterday", ca.issueExpired(List.of("expired-cert.test")));
        tlsServer("wrong-host.test", "certificate for another host name", ca.issueForWrongHost());
        tlsServer("self-signed.test", "self-signed certificate", TestCertificateAuthority.issueSelfSigned(List.of("self-signed.test")));

        // raw sockets
        rawBoth("slow-headers.test", "status line and headers one byte every 100 ms",
                Listeners.trickling((HTTP_200.replace("\r\n\r\n", "\r\nX-Pad: " + "p".repeat(200) + "\r\n\r\n"))
                        .getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(100)));
        rawBoth("reset.test", "every connection reset at once", Listeners.resetting());
        rawBoth("h2c.test", "HTTP/2 frames (prior knowledge h2c) on both ports", Listeners.answering(H2_FRAMES));
        var h2 = Listeners.tls(ca.issue(List.of("h2-only.test")), List.of("h2"), H2_FRAMES);
        raw("h2-only.test", 443, h2);
        rawOn("h2-only.test", 80, Listeners.answering(H2_FRAMES));
        behaviour("h2-only.test", "TLS with ALPN h2 only, speaking HTTP/2 frames; h2c on port 80");
        rawBoth("endless-1xx.test", "an endless stream of 102 Processing interim responses",
                Listeners.repeating(new byte[0], "HTTP/1.1 102 Processing\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                        Duration.ofMillis(1)));
        rawBoth("early-hints.test", "103 Early Hints, then a normal 200",
                Listeners.answering(("HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n" + HTTP_200)
                        .getBytes(StandardCharsets.US_ASCII)));
        rawBoth("bad-status.test", "status line 'HTTP/1.1 2OO OK'",
                Listeners.answering("HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        rawBoth("garbage.test", "no status line at all, binary garbage",
                Listeners.answering(HexFormat.of().parseHex("00ff00ff0d0a0d0a".repeat(64))));
        rawBoth("http09.test", "an HTTP/0.9 style answer without status line",
                Listeners.answering("<html>hello</html>".getBytes(StandardCharsets.US_ASCII)));
        rawBoth("huge-status.test", "a 1 MB status line",
                Listeners.answering(("HTTP/1.1 200 " + "O".repeat(1_000_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));

        fetchThreadsBefore = fetchThreads();
        fetcher = new HttpFetcher(FetchSettingsBuilder.census().connectTo(rules).caFile(ca.writeCaPem(dir))
                .requestTimeout(REQUEST_TIMEOUT).connectTimeout(Duration.ofSeconds(1))
                .maxRequestsPerAddress(0).build()); // the whole fleet is 127.0.0.1; time each domain, not the queue
        scanEverything();
    }

    private static void scanEverything() throws InterruptedException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        DomainScanner scanner = new DomainScanner(fetcher);
        List<Thread> workers = new ArrayList<>();
        for (String domain : BEHAVIOUR.keySet()) {
            // platform threads so that the allocation counter of the scanning thread is available
            workers.add(Thread.ofPlatform().name("hostile-scan-" + domain).start(() -> {
                long before = threads.getCurrentThreadAllocatedBytes();
                results.put(domain, scanner.scan(new ListedDomain(domain, null, 1)));
                allocated.put(domain, threads.getCurrentThreadAllocatedBytes() - before);
            }));
        }
        for (Thread worker : workers) {
            worker.join(MAX_SCAN_TIME.toMillis() + 5_000);
        }
    }

    @AfterAll
    static void stopFleet() {
        if (fetcher != null) {
            fetcher.close();
        }
        servers.reversed().forEach(server -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // best effort
            }
        });
    }

    @Test
    void everyDomainGetsAClassifiedResultInBoundedTimeAndMemory() {
        assertThat(results.keySet()).as("domains scanned").containsExactlyInAnyOrderElementsOf(BEHAVIOUR.keySet());
        results.forEach((domain, scan) -> {
            String as = domain + " (" + BEHAVIOUR.get(domain) + "): " + scan.errorKind() + " " + scan.errorDetail();
            assertThat((long) scan.durationMs()).as(as).isLessThan(MAX_SCAN_TIME.toMillis());
            assertThat(scan.domainVerdict()).as(as).isNotNull();
            assertThat(scan.evidence().toString().getBytes(StandardCharsets.UTF_8).length).as(as)
                    .isLessThanOrEqualTo(Evidence.MAX_BYTES);
            assertThat(allocated.get(domain)).as("bytes allocated by the scanning thread for " + as)
                    .isLessThan(MAX_ALLOCATED_PER_SCAN);
            assertThat(scan.errorKind()).as(as).isNotEqualTo(ErrorKind.OTHER);
        });
    }

    /** domain, reachable, error kind, domain verdict. */
    static final String EXPECTED = """
            slow-body.test              | true  | timeout   | not_declared
            endless-body.test           | true  | too_large | not_declared
            gzip-bomb.test              | true  | invalid   | not_declared
            deflate-bomb.test           | true  | invalid   | not_declared
            brotli-bomb.test            | true  | invalid   | not_declared
            big-json.test               | true  | too_large | not_declared
            deep-json.test              | true  | null      | not_declared
            bad-utf8.test               | true  | null      | not_declared
            big-link.test               | true  | too_large | not_declared
            big-www-authenticate.test   | true  | null      | endpoint_unreachable
            many-links.test             | true  | null      | stub
            many-endpoints.test         | true  | null      | stub
            redirect-loop.test          | true  | redirect  | not_declared
            redirect-self.test          | true  | redirect  | not_declared
            redirect-ftp.test           | true  | redirect  | not_declared
            redirect-file.test          | true  | redirect  | not_declared
            redirect-data.test          | true  | redirect  | not_declared
            redirect-javascript.test    | true  | redirect  | not_declared
            redirect-endpoint-file.test | true  | null      | endpoint_unreachable
            expired-cert.test           | false | tls       | site_unreachable
            wrong-host.test             | false | tls       | site_unreachable
            self-signed.test            | false | tls       | site_unreachable
            slow-headers.test           | false | timeout   | site_unreachable
            reset.test                  | false | connect   | site_unreachable
            h2c.test                    | false | invalid   | site_unreachable
            h2-only.test                | false | invalid   | site_unreachable
            endless-1xx.test            | false | timeout   | site_unreachable
            early-hints.test            | true  | null      | not_declared
            bad-status.test             | false | invalid   | site_unreachable
            garbage.test                | false | invalid   | site_unreachable
            http09.test                 | false | invalid   | site_unreachable
            huge-status.test            | false | too_large | site_unreachable
            """;

    @Test
    void eachBehaviourIsClassifiedAsExpected() {
        List<String> mismatches = new ArrayList<>();
        for (String line : EXPECTED.strip().split("\n")) {
            String[] cells = line.split("\\|");
            String domain = cells[0].strip();
            DomainScan scan = results.get(domain);
            String actual = scan.reachable() + " | " + (scan.errorKind() == null ? "null" : scan.errorKind().code())
                    + " | " + scan.domainVerdict().code();
            String expected = cells[1].strip() + " | " + cells[2].strip() + " | " + cells[3].strip();
            if (!actual.equals(expected)) {
                mismatches.add(domain + ": expected " + expected + " but was " + actual + " (" + scan.errorDetail() + ")");
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(EXPECTED.strip().split("\n")).hasSize(BEHAVIOUR.size());
    }

    @Test
    void compressedBodiesAreNeverInflatedNorParsed() {
        for (String domain : List.of("gzip-bomb.test", "deflate-bomb.test", "brotli-bomb.test")) {
            DomainScan scan = results.get(domain);
            assertThat(scan.wellKnownDocument()).as(domain).isEqualTo("encoded");
            assertThat(scan.errorDetail()).as(domain).contains("Content-Encoding");
        }
    }

    @Test
    void declaredEndpointsAreCappedAndBigHeadersAreTooLarge() {
        DomainScan many = results.get("many-endpoints.test");
        assertThat(many.endpoints()).hasSize(EndpointProber.MAX_ENDPOINTS);
        assertThat(many.evidence().get("endpoints_not_probed").asInt()).isEqualTo(2_000 - EndpointProber.MAX_ENDPOINTS);
        EndpointProbe probe = results.get("big-www-authenticate.test").endpoints().getFirst();
        assertThat(probe.errorKind()).isEqualTo(ErrorKind.TOO_LARGE);
        EndpointProbe file = results.get("redirect-endpoint-file.test").endpoints().getFirst();
        assertThat(file.errorKind()).isEqualTo(ErrorKind.REDIRECT);
    }

    @Test
    void theFetcherLeavesNoThreadsBehind() {
        assertThat(fetchThreads().size() - fetchThreadsBefore.size()).as("fetcher threads while open")
                .isLessThanOrEqualTo(32 + 1); // the pool's maximum plus Jetty's scheduler
        fetcher.close();
        await("the closed fetcher's threads ended").atMost(5, TimeUnit.SECONDS).pollInterval(50, TimeUnit.MILLISECONDS)
                .untilAsserted(() -> assertThat(fetchThreads()).as("fetcher threads after close")
                        .isSubsetOf(fetchThreadsBefore));
    }

    private static Set<String> fetchThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("mpp-fetch")).collect(Collectors.toSet());
    }

    private static void behaviour(String domain, String description) {
        BEHAVIOUR.put(domain, description);
    }

    /** Serves {@code response} on the homepage, ai-agent.json and openapi.json of {@code host}. */
    private static void home(FixtureResponse response, String host) {
        for (String path : List.of("/", "/.well-known/ai-agent.json", "/openapi.json")) {
            fleet.route(host, path, response);
        }
    }

    private static void tlsServer(String host, String description, dev.mppcensus.fixture.IssuedCertificate certificate) {
        FixtureWebServer server = FixtureWebServer.start(certificate);
        servers.add(server);
        home(FixtureResponse.ok("home"), host);
        server.route(host, "/", FixtureResponse.ok("home"));
        rules.addAll(server.connectToRulesFor(host));
        behaviour(host, description);
    }

    private static void rawBoth(String host, String description, Listeners.Listener listener) {
        raw(host, 443, listener);
        rules.add(new ConnectToRule(host, 80, "127.0.0.1", listener.port()));
        behaviour(host, description);
    }

    private static void raw(String host, int port, Listeners.Listener listener) {
        servers.add(listener);
        rules.add(new ConnectToRule(host, port, "127.0.0.1", listener.port()));
    }

    private static void rawOn(String host, int port, Listeners.Listener listener) {
        raw(host, port, listener);
    }

    private static byte[] gzipBomb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 100; i++) {
                gzip.write(zeros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] deflateBomb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 100; i++) {
                deflate.write(zeros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

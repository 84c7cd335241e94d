package dev.mppcensus.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.detection.DomainVerdict;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.ConnectToRule;
import dev.mppcensus.fetch.FetchSettings;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.fixture.CapturedResponse;
import dev.mppcensus.fixture.FetchSettingsBuilder;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.fixture.TestCertificateAuthority;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every endpoint verdict and domain verdict, over real sockets: declared endpoints answer with
 * responses captured from the real mppx and @x402/express servers, or with hand-made challenges
 * that break one rule each.
 */
class DomainScannerVerificationTest {

    private static final String REQUEST = "eyJhbW91bnQiOiIxMDAwIiwiY3VycmVuY3kiOiJ1c2QifQ"; // {"amount":"1000","currency":"usd"}
    private static final String CAPTURED = "/dev/mppcensus/detection/captured/";

    @TempDir
    static Path dir;

    private static FixtureWebServer server;
    private static HttpFetcher fetcher;
    private static final Map<String, FixtureResponse> ENDPOINTS = new LinkedHashMap<>();

    private static FixtureResponse captured(String name) {
        return CapturedResponse.load(CAPTURED + name).toFixtureResponse();
    }

    private static FixtureResponse challenge(String... values) {
        FixtureResponse response = FixtureResponse.status(402).header("Cache-Control", "no-store");
        for (String value : values) {
            response = response.header("WWW-Authenticate", value);
        }
        return response;
    }

    private static String expiring(Instant expires) {
        return payment("tempo", "charge") + ", expires=\"" + expires + "\"";
    }

    private static String payment(String method, String intent) {
        return "Payment id=\"abc123\", realm=\"api.example\", method=\"" + method + "\", intent=\"" + intent
                + "\", request=\"" + REQUEST + "\"";
    }

    @BeforeAll
    static void startFleet() {
        ENDPOINTS.put("charge.test", captured("mppx-charge.http"));
        ENDPOINTS.put("compose.test", captured("mppx-compose-charge-session.http"));
        ENDPOINTS.put("session.test", captured("mppx-session.http"));
        ENDPOINTS.put("dual.test", captured("mppx-dual-tempo-evm-x402.http"));
        ENDPOINTS.put("x402v2.test", captured("x402-express-v2.http"));
        ENDPOINTS.put("x402v1.test", FixtureResponse.status(402).header("Content-Type", "application/json")
                .body("{\"x402Version\":1,\"error\":\"X-PAYMENT header is required\",\"accepts\":[{\"scheme\":\"exact\"}]}"));
        ENDPOINTS.put("subscription.test", challenge(payment("stripe", "subscription")));
        ENDPOINTS.put("multimethod.test", challenge(payment("tempo", "charge"), payment("card", "charge")));
        ENDPOINTS.put("bearer-mixed.test", challenge("Bearer realm=\"api\", " + payment("tempo", "charge")));
        ENDPOINTS.put("norealm.test", challenge("Payment id=\"a\", method=\"tempo\", intent=\"charge\", request=\"" + REQUEST + "\""));
        ENDPOINTS.put("emptyid.test", challenge(payment("tempo", "charge").replace("id=\"abc123\"", "id=\"\"")));
        ENDPOINTS.put("padded.test", challenge(payment("tempo", "charge").replace(REQUEST, REQUEST + "==")));
        ENDPOINTS.put("notjson.test", challenge(payment("tempo", "charge").replace(REQUEST, "bm90IGpzb24")));
        ENDPOINTS.put("uppermethod.test", challenge(payment("Tempo", "charge")));
        ENDPOINTS.put("expired.test", challenge(expiring(Instant.now().minusSeconds(120))));
        ENDPOINTS.put("fresh.test", challenge(expiring(Instant.now().plusSeconds(300))));
        ENDPOINTS.put("unterminated.test", challenge(payment("tempo", "charge") + ", description=\"no closing quote"));
        ENDPOINTS.put("static.test", challenge(payment("tempo", "charge")));
        ENDPOINTS.put("nochallenge.test", FixtureResponse.status(402).body("pay me"));
        ENDPOINTS.put("stub200.test", FixtureResponse.ok("<html>coming soon</html>"));
        ENDPOINTS.put("stub404.test", FixtureResponse.status(404));

        List<String> names = new ArrayList<>(ENDPOINTS.keySet());
        names.addAll(List.of("plainhttp.test", "private.test", "gone.test", "openapi-offers.test",
                "openapi-shorthand.test", "none.test", "dead-endpoint.test"));
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        server = FixtureWebServer.start(ca, names);
        ENDPOINTS.forEach((host, endpoint) -> {
            server.route(host, "/", FixtureResponse.ok("home"));
            server.route(host, "/.well-known/ai-agent.json",
                    FixtureResponse.json("{\"payments\":{\"mpp\":\"https://" + host + "/mpp\"}}"));
            server.route(host, "/mpp", endpoint);
        });
        // a second declared endpoint answering the very same (pasted) challenge
        server.route("static.test", "/", FixtureResponse.ok("home").header("Link", "<https://static.test/paid>; rel=\"mpp-endpoint\""));
        server.route("static.test", "/paid", challenge(payment("tempo", "charge")));
        server.route("plainhttp.test", "/", FixtureResponse.ok("home"));
        server.route("plainhttp.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("{\"payments\":{\"mpp\":\"http://plainhttp.test/mpp\"}}"));
        server.route("plainhttp.test", "/mpp", challenge(payment("tempo", "charge")));
        server.route("private.test", "/", FixtureResponse.ok("home").header("Link", "<https://10.1.2.3/mpp>; rel=\"mpp-endpoint\""));
        server.route("dead-endpoint.test", "/", FixtureResponse.ok("home").header("Link", "<https://gone.test/mpp>; rel=\"mpp-endpoint\""));
        server.route("none.test", "/", FixtureResponse.ok("home"));
        server.route("openapi-offers.test", "/", FixtureResponse.ok("home"));
        server.route("openapi-offers.test", "/openapi.json", captured("mppx-openapi.http"));
        server.route("openapi-offers.test", "/charge", captured("mppx-charge.http"));
        server.route("openapi-shorthand.test", "/", FixtureResponse.ok("home"));
        server.route("openapi-shorthand.test", "/openapi.json", FixtureResponse.json("""
                {"openapi":"3.1.0","paths":{
                  "/items/{id}":{"get":{"x-payment-info":{"intent":"charge","method":"tempo","amount":"5","currency":"usd"},
                                         "responses":{"402":{"description":"Payment Required"}}}},
                  "/buy":{"post":{"x-payment-info":{"intent":"charge","method":"card","amount":null,"currency":"usd"},
                                  "responses":{"402":{"description":"Payment Required"}}}},
                  "/paid":{"get":{"x-payment-info":{"intent":"charge","method":"tempo","amount":"10","currency":"usd"},
                                  "responses":{"200":{"description":"ok"},"402":{"description":"Payment Required"}}}}}}"""));
        server.route("openapi-shorthand.test", "/paid", challenge(payment("tempo", "charge")));

        List<ConnectToRule> rules = new ArrayList<>();
        rules.add(new ConnectToRule("gone.test", null, "127.0.0.1", Listeners.refusedPort()));
        rules.addAll(server.connectToRulesFor(names));
        fetcher = new HttpFetcher(FetchSettingsBuilder.census().connectTo(rules).caFile(ca.writeCaPem(dir))
                .requestTimeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(1)).build());
    }

    @AfterAll
    static void stopFleet() {
        fetcher.close();
        server.close();
    }

    private static DomainScan scan(String domain) {
        return new DomainScanner(fetcher).scan(new ListedDomain(domain, null, 1));
    }

    @ParameterizedTest(name = "{0}: {1} / {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            charge.test            | verified_mpp      | verified             | charge          | false | false | true
            compose.test           | verified_mpp      | verified             | charge session  | true  | false | true
            session.test           | verified_mpp      | verified             | session         | true  | false | true
            dual.test              | verified_mpp      | verified             | charge          | false | true  | true
            x402v2.test            | x402_only         | x402_confused        | null            | false | true  | null
            x402v1.test            | x402_only         | x402_confused        | null            | false | true  | null
            subscription.test      | verified_mpp      | verified             | subscription    | false | false | true
            multimethod.test       | verified_mpp      | verified             | charge          | false | false | true
            bearer-mixed.test      | verified_mpp      | verified             | charge          | false | false | true
            norealm.test           | invalid_challenge | invalid              | null            | false | false | true
            emptyid.test           | invalid_challenge | invalid              | null            | false | false | true
            padded.test            | invalid_challenge | invalid              | null            | false | false | true
            notjson.test           | invalid_challenge | invalid              | null            | false | false | true
            uppermethod.test       | invalid_challenge | invalid              | null            | false | false | true
            expired.test           | invalid_challenge | invalid              | null            | false | false | true
            fresh.test             | verified_mpp      | verified             | charge          | false | false | true
            unterminated.test      | invalid_challenge | invalid              | null            | false | false | true
            nochallenge.test       | stub              | stub                 | null            | false | false | null
            stub200.test           | stub              | stub                 | null            | false | false | null
            stub404.test           | stub              | stub                 | null            | false | false | null
            plainhttp.test         | verified_mpp      | verified             | charge          | false | false | false
            private.test           | blocked           | endpoint_unreachable | null            | false | false | null
            dead-endpoint.test     | unreachable       | endpoint_unreachable | null            | false | false | null
            openapi-offers.test    | verified_mpp      | verified             | charge session  | true  | false | true
            openapi-shorthand.test | verified_mpp      | verified             | charge          | false | false | true
            none.test              | null              | not_declared         | null            | false | false | null
            """)
    void classifiesEveryVerdict(String domain, String endpointVerdict, String domainVerdict, String intents,
            boolean session, boolean x402Offered, Boolean overTls) {
        DomainScan scan = scan(domain);
        assertThat(scan.endpointVerdict() == null ? null : scan.endpointVerdict().code()).as("endpoint verdict")
                .isEqualTo(endpointVerdict);
        assertThat(scan.domainVerdict().code()).as("domain verdict").isEqualTo(domainVerdict);
        assertThat(scan.intents()).as("intents")
                .containsExactlyInAnyOrderElementsOf(intents == null ? List.of() : List.of(intents.split(" ")));
        assertThat(scan.sessionSupported()).as("session").isEqualTo(session);
        assertThat(scan.x402Offered()).as("x402 offered").isEqualTo(x402Offered);
        assertThat(scan.challengeOverTls()).as("challenge over TLS").isEqualTo(overTls);
    }

    @Test
    void recordsChallengeDetailsMethodsAndDefects() {
        assertThat(scan("multimethod.test").methods()).containsExactly("tempo", "card");
        DomainScan dual = scan("dual.test");
        assertThat(dual.methods()).hasSizeGreaterThanOrEqualTo(2);
        EndpointProbe probe = scan("charge.test").endpoints().getFirst();
        assertThat(probe.sources()).containsExactly("well_known");
        assertThat(probe.assessment().cacheNoStore()).isTrue();
        assertThat(probe.assessment().problemType()).isEqualTo("https://paymentauth.org/problems/payment-required");
        assertThat(probe.assessment().challenges().getFirst().request().get("amount")).isNotNull();
        assertThat(scan("padded.test").endpoints().getFirst().assessment().violations())
                .anySatisfy(v -> assertThat(v).contains("base64url"));
        assertThat(scan("plainhttp.test").endpoints().getFirst().assessment().violations())
                .contains("Payment challenge over plain HTTP");
        DomainScan openApi = scan("openapi-shorthand.test");
        assertThat(openApi.declaredVia()).containsExactly("openapi");
        assertThat(openApi.openapiPayableOperations()).isEqualTo(3);
        // every payable operation is probed with its own method, GET first; path parameters are filled
        assertThat(openApi.endpoints()).extracting(EndpointProbe::httpMethod, EndpointProbe::url, EndpointProbe::finalUrl)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("GET", "https://openapi-shorthand.test/items/{id}",
                                "https://openapi-shorthand.test/items/x"),
                        org.assertj.core.groups.Tuple.tuple("GET", "https://openapi-shorthand.test/paid",
                                "https://openapi-shorthand.test/paid"),
                        org.assertj.core.groups.Tuple.tuple("POST", "https://openapi-shorthand.test/buy",
                                "https://openapi-shorthand.test/buy"));
        assertThat(scan("openapi-offers.test").openapiPayableOperations()).isEqualTo(2);
    }

    @Test
    void expiredAndBrokenChallengesSayWhyAndPastedChallengesAreRecorded() {
        assertThat(scan("expired.test").endpoints().getFirst().assessment().violations())
                .containsExactly("challenge 1: expired");
        assertThat(scan("unterminated.test").endpoints().getFirst().assessment().violations())
                .containsExactly("challenge 1: unterminated quoted-string");
        assertThat(scan("fresh.test").evidence().get("endpoints").get(0).get("challenges").get(0).get("expires")
                .asString()).endsWith("Z");

        DomainScan pasted = scan("static.test");
        assertThat(pasted.endpoints()).hasSize(2).allMatch(p -> p.verdict().code().equals("verified_mpp"));
        assertThat(pasted.evidence().get("static_challenge_ids")).singleElement()
                .satisfies(id -> assertThat(id.asString()).isEqualTo("abc123"));
        assertThat(scan("charge.test").evidence().has("static_challenge_ids")).isFalse();
    }

    @Test
    void neverPaysNorSendsCredentialsAndPostsOnlyToDocumentedPayableOperations() {
        server.clearRequests();
        scan("openapi-shorthand.test");
        scan("charge.test");
        assertThat(server.requests()).allSatisfy(request -> {
            assertThat(request.headers().firstValue("authorization")).isEmpty();
            assertThat(request.headers().firstValue("cookie")).isEmpty();
            assertThat(request.headers().firstValue("accept-payment")).isEmpty();
            if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                assertThat(request.method() + " " + request.host() + request.path()).isEqualTo("POST openapi-shorthand.test/buy");
            }
        });
        assertThat(server.requestsTo("openapi-shorthand.test", "/buy")).singleElement().satisfies(post -> {
            assertThat(post.body()).isEqualTo("{}");
            assertThat(post.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(post.headers().firstValue("accept")).hasValue("application/json");
        });
        assertThat(server.requestsTo("openapi-shorthand.test", "/items/{id}")).isEmpty();
    }

    @Test
    void probeMethodsGetKeepsEveryProbeAGet() {
        server.clearRequests();
        DomainScan scan = new DomainScanner(fetcher, EnumSet.allOf(ScanCheck.class), false, 0, ProbeMethods.GET)
                .scan(new ListedDomain("openapi-shorthand.test", null, 1));
        assertThat(scan.endpoints()).extracting(EndpointProbe::httpMethod).containsOnly("GET");
        assertThat(server.requestsTo("openapi-shorthand.test", "/buy")).isEmpty();
        assertThat(scan.evidence().get("operations_not_probed").asInt()).isEqualTo(1);
    }

    @Test
    void checksCanBeSwitchedOff() {
        DomainScan declarationsOnly = new DomainScanner(fetcher, EnumSet.of(ScanCheck.WELL_KNOWN, ScanCheck.LINK))
                .scan(new ListedDomain("charge.test", null, 1));
        assertThat(declarationsOnly.domainVerdict()).isEqualTo(DomainVerdict.DECLARED_UNCHECKED);
        assertThat(declarationsOnly.endpoints()).isEmpty();
        assertThat(declarationsOnly.openapiStatus()).isNull();
        DomainScan linkOnly = new DomainScanner(fetcher, EnumSet.of(ScanCheck.LINK, ScanCheck.ENDPOINT))
                .scan(new ListedDomain("charge.test", null, 1));
        assertThat(linkOnly.domainVerdict()).isEqualTo(DomainVerdict.NOT_DECLARED);
        assertThat(ScanCheck.parse("well-known, openapi")).containsExactly(ScanCheck.WELL_KNOWN, ScanCheck.OPENAPI);
    }
}

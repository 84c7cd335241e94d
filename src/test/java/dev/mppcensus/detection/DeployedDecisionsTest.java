package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.CapturedResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tables for the pure decisions a domain's scan takes besides the endpoint classifier: response problems,
 * the ai-agent.json state, networks, /.well-known/x402 entries, RFC 8288 anchors, realms and the
 * per-domain assessment of endpoints.
 */
class DeployedDecisionsTest {

    /** status | header pairs (name=value;...) | problem kind ('' none) | detail contains. */
    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "-", textBlock = """
            200 | -                                    | -              | -
            404 | -                                    | -              | -
            200 | content-encoding=gzip                | ENCODED        | Content-Encoding: gzip
            200 | content-encoding=identity            | -              | -
            404 | content-encoding=gzip                | -              | -
            403 | cf-mitigated=challenge               | BOT_CHALLENGE  | Cloudflare challenge (403) at https://a.test/x; cf-mitigated: challenge
            503 | cf-mitigated=Challenge;retry-after=5 | BOT_CHALLENGE  | Cloudflare challenge (503)
            429 | x-vercel-mitigated=challenge         | BOT_CHALLENGE  | Vercel challenge (429)
            200 | x-sucuri-block=TMP021;content-encoding=gzip | BOT_CHALLENGE | Sucuri block (200)
            403 | server=cloudflare                    | -              | -
            429 | -                                    | RATE_LIMITED   | rate limited (429)
            503 | retry-after=120                      | RATE_LIMITED   | rate limited (503)
            503 | -                                    | SERVER_ERROR   | HTTP 503
            500 | -                                    | SERVER_ERROR   | HTTP 500 at https://a.test/x
            """)
    void responseProblems(int status, String headers, ResponseProblem.Kind kind, String detail) {
        var problem = ResponseProblem.of("https://a.test/x", status, headers(headers), null);
        assertThat(problem.map(ResponseProblem::kind).orElse(null)).isEqualTo(kind);
        if (detail != null) {
            assertThat(problem.orElseThrow().detail()).contains(detail);
        }
    }

    /** answered | too large | completed | status | encoded | body ('' not parsed) | state ('' null). */
    @ParameterizedTest(name = "[{index}] -> {6}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "-", textBlock = """
            false | false | false | -1  | false | -                        | -
            true  | false | true  | 404 | false | -                        | ABSENT
            true  | true  | true  | 200 | false | -                        | TOO_LARGE
            false | true  | false | -1  | false | -                        | TOO_LARGE
            true  | false | true  | 200 | true  | -                        | ENCODED
            true  | false | true  | 200 | false | ~{"payments":{}}~        | VALID
            true  | false | true  | 200 | false | ~[1]~                    | NOT_OBJECT
            true  | false | true  | 200 | false | ~<html>~                 | INVALID_JSON
            true  | false | true  | 200 | false | ~ ~                      | EMPTY
            true  | false | false | 302 | false | -                        | ABSENT
            """)
    void wellKnownDocumentStates(boolean answered, boolean tooLarge, boolean completed, int status, boolean encoded,
                                 String body, WellKnownDocumentState expected) {
        AiAgentDocument document = body == null ? null
                : AiAgentDocumentReader.read(body.getBytes(StandardCharsets.UTF_8), null);
        assertThat(WellKnownDocumentState.of(answered, tooLarge, completed, status, encoded, document)).isEqualTo(expected);
    }

    @Test
    void wellKnownStateCodesAreStable() {
        assertThat(Arrays.stream(WellKnownDocumentState.values()).map(WellKnownDocumentState::code)).containsExactly(
                "valid", "absent", "invalid_json", "not_object", "encoded", "empty", "too_large");
    }

    /** decoded request JSON | network. */
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            ~{"methodDetails":{"chainId":4217}}~               | mainnet
            ~{"methodDetails":{"chainId":42431}}~              | testnet
            ~{"methodDetails":{"chainId":8453}}~               | mainnet
            ~{"methodDetails":{"chainId":84532}}~              | testnet
            ~{"methodDetails":{"chainId":"eip155:1"}}~         | mainnet
            ~{"methodDetails":{"chainId":"11155111"}}~         | testnet
            ~{"methodDetails":{"chainId":999999}}~             | unknown
            ~{"methodDetails":{"network":"solana-devnet"}}~    | testnet
            ~{"methodDetails":{"network":"mainnet-beta"}}~     | mainnet
            ~{"methodDetails":{"network":"eip155:84532"}}~     | testnet
            ~{"amount":"1"}~                                   | unknown
            ~{"methodDetails":[4217]}~                         | unknown
            """)
    void networks(String request, String expected) {
        assertThat(Networks.of(Json.parse(request, 1000).node())).isEqualTo(expected);
        assertThat(Networks.of(null)).isEqualTo(Networks.UNKNOWN);
    }

    @Test
    void x402WellKnownEntries() {
        String json = """
                {"version":1,"resources":["https://a.test/x402/search"],
                 "mppResources":["https://a.test/mpp/search","POST https://a.test/mpp/chat","get /relative",
                                 "ftp://a.test/no", 5, "https://a.test/mpp/search"]}""";
        X402WellKnown doc = X402WellKnown.read(json.getBytes(StandardCharsets.UTF_8), URI.create("https://a.test/.well-known/x402"));

        assertThat(doc.parsed()).isTrue();
        assertThat(doc.x402Declared()).isTrue();
        assertThat(doc.declaresMpp()).isTrue();
        assertThat(doc.mppResources()).containsExactly(
                new X402WellKnown.Entry(null, URI.create("https://a.test/mpp/search")),
                new X402WellKnown.Entry("POST", URI.create("https://a.test/mpp/chat")),
                new X402WellKnown.Entry("GET", URI.create("https://a.test/relative")));
        assertThat(doc.invalid()).isEqualTo(2);
        assertThat(X402WellKnown.read("{\"resources\":[]}".getBytes(StandardCharsets.UTF_8), null).x402Declared()).isFalse();
        assertThat(X402WellKnown.read("<html>".getBytes(StandardCharsets.UTF_8), null).parsed()).isFalse();
    }

    /** Link value | declared endpoints | ignored. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "-", textBlock = """
            ~</mpp>; rel="mpp-endpoint"~                                        | https://s.test/mpp | 0
            ~</mpp>; rel="mpp-endpoint"; anchor="https://other.test/"~          | -                  | 1
            ~</mpp>; rel="mpp-endpoint"; anchor="/"~                            | https://s.test/mpp | 0
            ~</mpp>; anchor="#section"; rel="mpp-endpoint"~                     | https://s.test/mpp | 0
            ~</mpp>; rel="mpp-endpoint"; anchor="/docs"~                        | -                  | 1
            """)
    void linkAnchorsNamingAnotherResourceDeclareNothing(String link, String endpoint, int ignored) {
        LinkDeclarations d = MppLinkDeclarations.find(List.of(link), URI.create("https://s.test/"));

        assertThat(d.mppEndpoints()).map(URI::toString).isEqualTo(endpoint == null ? List.of() : List.of(endpoint));
        assertThat(d.ignored()).hasSize(ignored);
        d.ignored().forEach(reason -> assertThat(reason).contains("anchor").contains("another resource"));
    }

    /** realm | host | matches. */
    @ParameterizedTest(name = "[{index}] {0} on {1}")
    @CsvSource(delimiter = '|', textBlock = """
            api.example.com      | api.example.com | true
            example.com          | api.example.com | true
            API.Example.com.     | api.example.com | true
            api.example.com:443  | api.example.com | true
            badexample.com       | example.com     | false
            other.test           | api.example.com | false
            x                    | api.example.com | false
            """)
    void realmAgainstHost(String realm, String host, boolean matches) {
        assertThat(EndpointClassifier.realmMatches(realm, host)).isEqualTo(matches);
    }

    /** status | WWW-Authenticate ('' none) | extra header | verdict. */
    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            401 | ~Bearer realm="api"~ | ~~                     | AUTH_REQUIRED
            401 | ~~                   | ~~                     | AUTH_REQUIRED
            403 | ~Bearer realm="api"~ | ~~                     | AUTH_REQUIRED
            403 | ~Bearer realm="api"~ | cf-mitigated=challenge | UNREACHABLE
            401 | ~~                   | x-dd-b=1               | UNREACHABLE
            405 | ~~                   | x-amzn-waf-action=captcha | UNREACHABLE
            429 | ~~                   | x-vercel-mitigated=challenge | UNREACHABLE
            403 | ~~                   | ~~                     | STUB
            403 | ~~                   | server=cloudflare      | STUB
            401 | ~Payment id="a", realm="r", method="tempo", intent="charge", request="e30"~ | ~~ | STUB
            """)
    void authRequiredBeforeAnyPaywall(int status, String challenge, String extra, EndpointVerdict expected) {
        StringBuilder headers = new StringBuilder(extra == null ? "" : extra);
        if (challenge != null) {
            headers.append(headers.isEmpty() ? "" : ";").append("WWW-Authenticate=").append(challenge);
        }
        assertThat(EndpointClassifier.classify(status, headers(headers.toString()), null, true, null, Instant.EPOCH).verdict())
                .isEqualTo(expected);
    }

    @Test
    void dualStackChallengeIsVerifiedMppWithX402OfferedAndItsNetworks() {
        CapturedResponse dual = CapturedResponse.load("/dev/mppcensus/detection/captured/mppx-dual-tempo-evm-x402.http");
        EndpointAssessment a = EndpointClassifier.classify(dual.status(), dual.headers(), dual.body(), true,
                "api.example.com", dual.answeredAt());

        assertThat(a.verdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
        assertThat(a.x402Offered()).isTrue();
        assertThat(a.networks()).containsExactly("mainnet");
        assertThat(a.realmMatchesHost()).isTrue();
        assertThat(EndpointClassifier.classify(dual.status(), dual.headers(), dual.body(), true, "other.test",
                dual.answeredAt())
                .realmMatchesHost()).isFalse();
    }

    @Test
    void domainAssessmentAddsUpEndpointsAndOffers() {
        EndpointAssessment verified = new EndpointAssessment(EndpointVerdict.VERIFIED_MPP, List.of(
                PaymentChallenge.of(WwwAuthenticateParser.parse(List.of(
                        "Payment id=\"a\", realm=\"r\", method=\"tempo\", intent=\"charge\", request=\"e30\"")).getFirst())),
                true, false, List.of("tempo"), List.of("charge"), null, true, false, List.of(), List.of("testnet"), true, null);
        EndpointAssessment stub = EndpointAssessment.withoutAnswer(EndpointVerdict.UNREACHABLE, true);

        DomainAssessment a = DomainAssessment.of(List.of(EndpointVerdict.UNREACHABLE, EndpointVerdict.VERIFIED_MPP),
                Arrays.asList(stub, verified, null), List.of("stripe"), List.of("session"));

        assertThat(a.best()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
        assertThat(a.methods()).containsExactly("tempo", "stripe");
        assertThat(a.intents()).containsExactly("charge", "session");
        assertThat(a.sessionSupported()).isTrue();
        assertThat(a.x402Offered()).isTrue();
        assertThat(a.challengeOverTls()).isFalse();
        assertThat(a.networks()).containsExactly("testnet");
        assertThat(a.verdict(true, false, false, true, false, true)).isEqualTo(DomainVerdict.VERIFIED);
        assertThat(a.verdict(true, false, false, true, false, false)).isEqualTo(DomainVerdict.DECLARED_UNCHECKED);

        DomainAssessment none = DomainAssessment.of(List.of(), List.of(), List.of(), List.of());
        assertThat(none.best()).isNull();
        assertThat(none.challengeOverTls()).isNull();
        assertThat(none.verdict(true, false, false, false, false, true)).isEqualTo(DomainVerdict.NOT_DECLARED);
        assertThat(none.verdict(true, true, false, false, false, true)).isEqualTo(DomainVerdict.UNSEEN);
    }

    private static java.net.http.HttpHeaders headers(String pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return CapturedResponse.headersOf();
        }
        List<String> flat = new java.util.ArrayList<>();
        for (String pair : pairs.split(";(?=[A-Za-z-]+=)")) {
            int eq = pair.indexOf('=');
            flat.add(pair.substring(0, eq));
            flat.add(pair.substring(eq + 1));
        }
        return CapturedResponse.headersOf(flat.toArray(String[]::new));
    }
}

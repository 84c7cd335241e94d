package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.CapturedResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which answers the census received anyway show MPP spoken where no declaration names it. */
class UndeclaredEndpointTest {

    private static final Instant ANSWERED = Instant.parse("2026-01-15T12:00:00Z");
    private static final String VALID = PaymentChallengeTest.EXAMPLE;
    private static final String SESSION = VALID.replace("intent=\"charge\"", "intent=\"session\"");
    private static final String EXPIRED = VALID.replace("2026-01-15T12:05:00Z", "2026-01-15T11:00:00Z");
    private static final String BROKEN = "Payment id=\"\", realm=\"r\", method=\"Tempo\", intent=\"charge\", request=\"e30=\"";
    private static final String X402 = Base64.getEncoder().encodeToString(
            "{\"x402Version\":2,\"accepts\":[{\"scheme\":\"exact\"}]}".getBytes(StandardCharsets.UTF_8));

    private static UndeclaredEndpoint.Sighting sighting(String seenAt, String method, String url, int status,
                                                       String challenge, boolean x402) {
        List<String> headers = new ArrayList<>();
        if (challenge != null) {
            headers.add("WWW-Authenticate");
            headers.add(challenge.replace("VALID", VALID).replace("SESSION", SESSION).replace("EXPIRED", EXPIRED)
                    .replace("BROKEN", BROKEN));
        }
        if (x402) {
            headers.add("PAYMENT-REQUIRED");
            headers.add(X402);
        }
        URI uri = URI.create(url);
        return new UndeclaredEndpoint.Sighting(seenAt, method, uri, EndpointClassifier.classify(status,
                CapturedResponse.headersOf(headers.toArray(String[]::new)), new byte[0],
                uri.getScheme().equals("https"), uri.getHost(), ANSWERED), null);
    }

    /**
     * status | WWW-Authenticate (VALID, SESSION, EXPIRED, BROKEN expanded) | x402 header | declared URL (none: -)
     * | undeclared endpoint found.
     */
    @ParameterizedTest(name = "[{index}] {0} {1} x402={2} declared={3}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            402 | VALID            | no  | -                        | true
            402 | VALID, SESSION   | no  | -                        | true
            402 | VALID            | yes | -                        | true
            402 | ~~               | yes | -                        | false
            402 | ~~               | no  | -                        | false
            402 | BROKEN           | no  | -                        | false
            402 | EXPIRED          | no  | -                        | false
            402 | Bearer realm="a" | no  | -                        | false
            401 | VALID            | no  | -                        | false
            200 | VALID            | no  | -                        | false
            402 | VALID            | no  | https://site.test/       | false
            402 | VALID            | no  | https://SITE.test:443    | false
            402 | VALID            | no  | https://site.test/#top   | false
            402 | VALID            | no  | https://site.test/./     | false
            402 | VALID            | no  | http://site.test/        | true
            402 | VALID            | no  | https://site.test/mpp    | true
            402 | VALID            | no  | https://site.test/?a=1   | true
            """)
    void aValidChallengeWhereNoDeclarationNamesItIsSupportThatIsNotDeclared(int status, String challenge, String x402,
                                                                          String declared, boolean found) {
        List<UndeclaredEndpoint> undeclared = UndeclaredEndpoint.find(
                List.of(sighting("homepage_get", "GET", "https://site.test/", status, challenge, x402.equals("yes"))),
                declared.equals("-") ? List.of() : List.of(URI.create(declared)));

        assertThat(undeclared).hasSize(found ? 1 : 0);
    }

    @Test
    void oneEntryPerUrlWithEveryPlaceAndMethodItWasSeenAt() {
        List<UndeclaredEndpoint> undeclared = UndeclaredEndpoint.find(List.of(
                sighting("homepage_head", "HEAD", "https://site.test/", 402, "VALID", false),
                sighting("homepage_get", "GET", "https://site.test", 402, "VALID, SESSION", false),
                sighting("well_known", "GET", "https://site.test/.well-known/ai-agent.json", 402, null, true),
                sighting("openapi", "GET", "https://site.test/pay", 402, "SESSION", false),
                new UndeclaredEndpoint.Sighting("openapi_402_operation", "POST", URI.create("https://site.test/v1/run"),
                        sighting("x", "POST", "https://site.test/v1/run", 402, "VALID", false).assessment(),
                        "POST /v1/run")), List.of());

        assertThat(undeclared).extracting(UndeclaredEndpoint::url).containsExactly("https://site.test/",
                "https://site.test/pay", "https://site.test/v1/run");
        UndeclaredEndpoint home = undeclared.getFirst();
        assertThat(home.seenAt()).containsExactly("homepage_head", "homepage_get");
        assertThat(home.httpMethods()).containsExactly("HEAD", "GET");
        assertThat(home.methods()).containsExactly("tempo");
        assertThat(home.intents()).containsExactly("charge", "session");
        assertThat(home.operation()).isNull();
        assertThat(undeclared.get(2).operation()).isEqualTo("POST /v1/run");
        assertThat(undeclared.get(2).seenAt()).containsExactly("openapi_402_operation");
    }

    @Test
    void atMostTwentyAreKept() {
        List<UndeclaredEndpoint.Sighting> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(sighting("openapi_402_operation", "GET", "https://site.test/op/" + i, 402, "VALID", false));
        }

        assertThat(UndeclaredEndpoint.find(many, List.of())).hasSize(UndeclaredEndpoint.MAX_ENDPOINTS);
    }

    @Test
    void urlsAreComparedAsRfc3986NormalisesThem() {
        assertThat(UndeclaredEndpoint.sameUrl(URI.create("HTTPS://Site.Test:443"), URI.create("https://site.test/")))
                .isTrue();
        assertThat(UndeclaredEndpoint.sameUrl(URI.create("http://site.test:80/a/../b"), URI.create("http://site.test/b")))
                .isTrue();
        assertThat(UndeclaredEndpoint.sameUrl(URI.create("https://site.test/b"), URI.create("https://site.test/B")))
                .isFalse();
        assertThat(UndeclaredEndpoint.sameUrl(URI.create("https://site.test:8443/"), URI.create("https://site.test/")))
                .isFalse();
    }
}

package dev.mppcensus.detection;

import dev.mppcensus.fixture.CapturedResponse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointClassifierTest {

    /** Before the {@code expires} of the draft's example challenge. */
    private static final Instant ANSWERED = Instant.parse("2026-01-15T12:00:00Z");
    private static final String VALID = PaymentChallengeTest.EXAMPLE;
    private static final String SESSION = VALID.replace("intent=\"charge\"", "intent=\"session\"")
            .replace("method=\"tempo\"", "method=\"stripe\"");
    private static final String BROKEN = "Payment id=\"\", realm=\"r\", method=\"Tempo\", intent=\"charge\", request=\"e30=\"";
    private static final String X402 = Base64.getEncoder().encodeToString(
            "{\"x402Version\":2,\"accepts\":[{\"scheme\":\"exact\"}]}".getBytes(StandardCharsets.UTF_8));

    /**
     * status | WWW-Authenticate values (';;'-separated; VALID, SESSION, BROKEN expanded) | x402 header |
     * verdict | x402 offered | session | methods | intents.
     */
    @ParameterizedTest(name = "[{index}] {0} {1} x402={2}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            402 | VALID             | no  | VERIFIED_MPP      | false | false | tempo        | charge
            402 | VALID, SESSION    | no  | VERIFIED_MPP      | false | true  | tempo stripe | charge session
            402 | VALID ;; SESSION  | no  | VERIFIED_MPP      | false | true  | tempo stripe | charge session
            402 | BROKEN, VALID     | no  | VERIFIED_MPP      | false | false | tempo        | charge
            402 | Bearer realm="x", VALID | no | VERIFIED_MPP | false | false | tempo        | charge
            402 | VALID             | yes | VERIFIED_MPP      | true  | false | tempo        | charge
            402 | BROKEN            | no  | INVALID_CHALLENGE | false | false | ~~           | ~~
            402 | BROKEN            | yes | INVALID_CHALLENGE | true  | false | ~~           | ~~
            402 | ~~                | yes | X402_ONLY         | true  | false | ~~           | ~~
            402 | Bearer realm="x"  | yes | X402_ONLY         | true  | false | ~~           | ~~
            402 | ~~                | no  | STUB              | false | false | ~~           | ~~
            402 | Bearer realm="x"  | no  | STUB              | false | false | ~~           | ~~
            200 | ~~                | no  | STUB              | false | false | ~~           | ~~
            404 | ~~                | no  | STUB              | false | false | ~~           | ~~
            200 | VALID             | no  | STUB              | false | false | tempo        | charge
            401 | VALID             | yes | STUB              | true  | false | tempo        | charge
            200 | ~~                | yes | STUB              | true  | false | ~~           | ~~
            """)
    void classifiesTable(int status, String challenges, String x402, EndpointVerdict verdict, boolean x402Offered,
                         boolean session, String methods, String intents) {
        List<String> pairs = new ArrayList<>();
        if (challenges != null) {
            for (String value : challenges.split(" ;; ")) {
                pairs.add("WWW-Authenticate");
                pairs.add(value.replace("VALID", VALID).replace("SESSION", SESSION).replace("BROKEN", BROKEN));
            }
        }
        if (x402.equals("yes")) {
            pairs.add("PAYMENT-REQUIRED");
            pairs.add(X402);
        }

        EndpointAssessment a = EndpointClassifier.classify(status, CapturedResponse.headersOf(pairs.toArray(String[]::new)),
                new byte[0], true, null, ANSWERED);

        assertThat(a.verdict()).isEqualTo(verdict);
        assertThat(a.x402Offered()).isEqualTo(x402Offered);
        assertThat(a.sessionSupported()).isEqualTo(session);
        assertThat(String.join(" ", a.methods())).isEqualTo(methods == null ? "" : methods);
        assertThat(String.join(" ", a.intents())).isEqualTo(intents == null ? "" : intents);
    }

    @Test
    void invalidChallengeListsViolationsPerChallenge() {
        EndpointAssessment a = EndpointClassifier.classify(402,
                CapturedResponse.headersOf("WWW-Authenticate", VALID + ", " + BROKEN), null, true, null, ANSWERED);

        assertThat(a.verdict()).isEqualTo(EndpointVerdict.VERIFIED_MPP);
        assertThat(a.challenges()).hasSize(2);
        assertThat(a.violations()).containsExactly(
                "challenge 2: empty id",
                "challenge 2: method not lowercase letters",
                "challenge 2: request not unpadded base64url");
    }

    @Test
    void challengeOnNonPaymentStatusIsKeptAndReported() {
        EndpointAssessment a = EndpointClassifier.classify(200, CapturedResponse.headersOf("WWW-Authenticate", VALID), null,
                false, null, ANSWERED);

        assertThat(a.verdict()).isEqualTo(EndpointVerdict.STUB);
        assertThat(a.challenges()).singleElement().matches(PaymentChallenge::valid);
        assertThat(a.overTls()).isFalse();
        assertThat(a.violations()).containsExactly("Payment challenge over plain HTTP", "Payment challenge on status 200");
    }

    /** content type | body | problem type. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            application/problem+json | {"type":"https://paymentauth.org/problems/payment-required","status":402} | https://paymentauth.org/problems/payment-required
            Application/Problem+JSON; charset=utf-8 | {"type":"https://paymentauth.org/problems/payment-required"} | https://paymentauth.org/problems/payment-required
            application/json | {"type":"https://paymentauth.org/problems/payment-required"} | ~~
            application/problem+json | {"title":"no type"} | ~~
            application/problem+json | {"type":42} | ~~
            application/problem+json | not json | ~~
            """)
    void readsProblemType(String contentType, String body, String expected) {
        EndpointAssessment a = EndpointClassifier.classify(402, CapturedResponse.headersOf("Content-Type", contentType),
                body.getBytes(StandardCharsets.UTF_8), true, null, ANSWERED);

        assertThat(a.problemType()).isEqualTo(expected == null || expected.isEmpty() ? null : expected);
    }

    /** Cache-Control values (';;'-separated) | no-store. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            no-store | true
            private, No-Store, max-age=0 | true
            max-age=0 ;; no-store | true
            no-cache | false
            ~no-store-please~ | false
            """)
    void readsCacheNoStore(String values, boolean expected) {
        List<String> pairs = new ArrayList<>();
        for (String v : values.split(" ;; ")) {
            pairs.add("Cache-Control");
            pairs.add(v);
        }

        HttpHeaders headers = CapturedResponse.headersOf(pairs.toArray(String[]::new));

        assertThat(EndpointClassifier.classify(402, headers, null, true, null, ANSWERED).cacheNoStore()).isEqualTo(expected);
    }

    @Test
    void toleratesNullHeadersAndBody() {
        EndpointAssessment a = EndpointClassifier.classify(402, null, null, true, null, ANSWERED);

        assertThat(a.verdict()).isEqualTo(EndpointVerdict.STUB);
        assertThat(a.challenges()).isEmpty();
    }
}

package dev.mppcensus.detection;

import dev.mppcensus.fixture.CapturedResponse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Responses captured from the real server libraries (see the comment lines of each fixture). */
class CapturedFixturesTest {

    private static CapturedResponse fixture(String name) {
        return CapturedResponse.load("/dev/mppcensus/detection/captured/" + name);
    }

    /** fixture | verdict | x402 offered | session | methods | intents | challenges. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mppx-charge.http                 | VERIFIED_MPP | false | false | tempo     | charge         | 1
            mppx-session.http                | VERIFIED_MPP | false | true  | tempo     | session        | 1
            mppx-compose-charge-session.http | VERIFIED_MPP | false | true  | tempo     | charge session | 2
            mppx-dual-tempo-evm-x402.http    | VERIFIED_MPP | true  | false | tempo evm | charge         | 2
            x402-express-v2.http             | X402_ONLY    | true  | false | ''        | ''             | 0
            x402-express-v2-browser.http     | X402_ONLY    | true  | false | ''        | ''             | 0
            """)
    void classifiesRealServers(String name, EndpointVerdict verdict, boolean x402, boolean session,
                               String methods, String intents, int challenges) {
        CapturedResponse response = fixture(name);

        EndpointAssessment assessment = EndpointClassifier.classify(
                response.status(), response.headers(), response.body(), true, null, response.answeredAt());

        assertThat(assessment.verdict()).isEqualTo(verdict);
        assertThat(assessment.x402Offered()).isEqualTo(x402);
        assertThat(assessment.sessionSupported()).isEqualTo(session);
        assertThat(String.join(" ", assessment.methods())).isEqualTo(methods);
        assertThat(String.join(" ", assessment.intents())).isEqualTo(intents);
        assertThat(assessment.challenges()).hasSize(challenges).allMatch(PaymentChallenge::valid);
        assertThat(assessment.violations()).isEmpty();
        assertThat(assessment.cacheNoStore()).isTrue();
    }

    @Test
    void mppxAnswersWithProblemDetailsAndARequestObject() {
        CapturedResponse response = fixture("mppx-charge.http");

        EndpointAssessment assessment = EndpointClassifier.classify(
                response.status(), response.headers(), response.body(), true, null, response.answeredAt());

        assertThat(assessment.problemType()).isEqualTo("https://paymentauth.org/problems/payment-required");
        PaymentChallenge challenge = assessment.challenges().getFirst();
        assertThat(challenge.realm()).isEqualTo("api.example.com");
        assertThat(challenge.description()).isEqualTo("One search");
        assertThat(challenge.expires()).isNotNull();
        assertThat(challenge.request().get("amount").stringValue()).isEqualTo("1000000");
        assertThat(challenge.request().get("recipient").stringValue()).startsWith("0x742d");
    }

    @Test
    void mppxComposesSeveralChallengesIntoOneHeaderLine() {
        CapturedResponse response = fixture("mppx-compose-charge-session.http");

        assertThat(response.headers().allValues("www-authenticate")).hasSize(1);
        assertThat(WwwAuthenticateParser.parse(response.headers().allValues("www-authenticate")))
                .extracting(AuthChallenge::scheme)
                .containsExactly("Payment", "Payment");
    }

    @Test
    void x402ExpressV2TermsComeFromThePaymentRequiredHeader() {
        CapturedResponse response = fixture("x402-express-v2.http");

        X402Terms terms = X402Detector.detect(response.headers(), response.body()).orElseThrow();

        assertThat(terms.version()).isEqualTo(2);
        assertThat(terms.acceptsCount()).isEqualTo(1);
        assertThat(terms.raw().get("accepts").get(0).get("network").stringValue()).isEqualTo("eip155:84532");
        assertThat(new String(response.body())).isEqualTo("{}");
    }

    @Test
    void mppxDiscoveryDocumentListsPayableOperations() {
        CapturedResponse response = fixture("mppx-openapi.http");

        OpenApiDiscovery discovery = OpenApiDiscovery.read(response.body());

        assertThat(discovery.parsed()).isTrue();
        assertThat(discovery.payableOperations()).isEqualTo(2);
        assertThat(discovery.methods()).containsExactly("tempo");
        assertThat(discovery.intents()).containsExactly("charge", "session");
        assertThat(discovery.operations())
                .extracting(PayableOperation::path, PayableOperation::httpMethod, PayableOperation::declares402,
                        PayableOperation::methods, PayableOperation::intents)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("/charge", "GET", true, java.util.List.of("tempo"), java.util.List.of("charge")),
                        org.assertj.core.groups.Tuple.tuple("/session", "GET", true, java.util.List.of("tempo"), java.util.List.of("session")));
        assertThat(discovery.operations()).allSatisfy(op -> {
            assertThat(op.info().dialect()).isEqualTo(PaymentInfo.Dialect.OFFERS);
            assertThat(op.info().amount()).isNotNull();
        });
    }
}

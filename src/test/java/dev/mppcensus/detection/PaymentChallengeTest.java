package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaymentChallengeTest {

    /** The example challenge of draft-httpauth-payment-00 (folded lines joined). */
    static final String EXAMPLE = "Payment id=\"x7Tg2pLqR9mKvNwY3hBcZa\", realm=\"api.example.com\", "
            + "method=\"tempo\", intent=\"charge\", expires=\"2026-01-15T12:05:00Z\", "
            + "request=\"eyJhbW91bnQiOiIxMDAwIiwiY3VycmVuY3kiOiJ1c2QifQ\"";

    private static final String ID = "id=\"x7Tg2pLqR9mKvNwY3hBcZa\"";
    private static final String REALM = "realm=\"api.example.com\"";
    private static final String METHOD = "method=\"tempo\"";
    private static final String INTENT = "intent=\"charge\"";
    private static final String REQUEST = "request=\"eyJhbW91bnQiOiIxMDAwIiwiY3VycmVuY3kiOiJ1c2QifQ\"";

    static PaymentChallenge challenge(String header) {
        return PaymentChallenge.of(WwwAuthenticateParser.parse(header).getFirst());
    }

    @Test
    void theSpecificationExampleIsValid() {
        PaymentChallenge c = challenge(EXAMPLE);

        assertThat(c.violations()).isEmpty();
        assertThat(c.valid()).isTrue();
        assertThat(c.id()).isEqualTo("x7Tg2pLqR9mKvNwY3hBcZa");
        assertThat(c.realm()).isEqualTo("api.example.com");
        assertThat(c.method()).isEqualTo("tempo");
        assertThat(c.intent()).isEqualTo("charge");
        assertThat(c.expires()).isEqualTo("2026-01-15T12:05:00Z");
        assertThat(c.request().get("amount").stringValue()).isEqualTo("1000");
        assertThat(c.request().get("currency").stringValue()).isEqualTo("usd");
        assertThat(c.description()).isNull();
        assertThat(c.digest()).isNull();
    }

    /**
     * Parameters after {@code Payment } with {@code $ID $REALM $METHOD $INTENT $REQUEST} standing for the
     * valid example values | the expected violations joined by {@code ; } (~~ = valid).
     */
    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            $ID, $REALM, $METHOD, $INTENT, $REQUEST | ~~
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, unknown="ignored", description="d", digest="sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:" | ~~
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, digest="sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=" | ~~
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, digest="sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE" | ~~
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, digest="sha-256=:abc123:" | ~~
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, digest="sha-256=abc" | ~~
            $ID, $REALM, $METHOD, intent="session", $REQUEST | ~~
            $ID, $REALM, $METHOD, intent="Pay-Per-Use-2", $REQUEST | ~~
            $ID, realm="", $METHOD, $INTENT, $REQUEST | ~~
            $ID, $REALM, $METHOD, $INTENT, request=e30 | ~~
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, opaque="eyJrIjoidiJ9" | ~~
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, expires="2026-01-15t12:05:00.123+02:00" | ~~
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, expires="2026-12-31T23:59:60Z" | ~~
            $REALM, $METHOD, $INTENT, $REQUEST | missing id
            id="", $REALM, $METHOD, $INTENT, $REQUEST | empty id
            $ID, $METHOD, $INTENT, $REQUEST | missing realm
            $ID, $REALM, $INTENT, $REQUEST | missing method
            $ID, $REALM, method="Tempo", $INTENT, $REQUEST | method not lowercase letters
            $ID, $REALM, method="tempo2", $INTENT, $REQUEST | method not lowercase letters
            $ID, $REALM, method="", $INTENT, $REQUEST | method not lowercase letters
            $ID, $REALM, $METHOD, $REQUEST | missing intent
            $ID, $REALM, $METHOD, intent="pay per use", $REQUEST | intent has invalid characters
            $ID, $REALM, $METHOD, intent="charge_once", $REQUEST | intent has invalid characters
            $ID, $REALM, $METHOD, intent="", $REQUEST | intent has invalid characters
            $ID, $REALM, $METHOD, $INTENT | missing request
            $ID, $REALM, $METHOD, $INTENT, request="eyJhIjoxfQ==" | request not unpadded base64url
            $ID, $REALM, $METHOD, $INTENT, request="eyJhI+oxfQ" | request not unpadded base64url
            $ID, $REALM, $METHOD, $INTENT, request="eyJhI/oxfQ" | request not unpadded base64url
            $ID, $REALM, $METHOD, $INTENT, request="eyJhI" | request not unpadded base64url
            $ID, $REALM, $METHOD, $INTENT, request="" | request not unpadded base64url
            $ID, $REALM, $METHOD, $INTENT, request="{\\"amount\\":\\"1\\"}" | request not unpadded base64url
            $ID, $REALM, $METHOD, $INTENT, request="W10" | request not a JSON object
            $ID, $REALM, $METHOD, $INTENT, request="InN0ciI" | request not a JSON object
            $ID, $REALM, $METHOD, $INTENT, request="bm90IGpzb24" | request not a JSON object
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, expires="2026-01-15 12:05:00Z" | expires not RFC 3339
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, expires="2026-01-15T12:05Z" | expires not RFC 3339
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, expires="2026-01-15T12:05:00" | expires not RFC 3339
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, expires="2026-02-30T12:05:00Z" | expires not RFC 3339
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, expires="1768478700" | expires not RFC 3339
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, expires="Thu, 15 Jan 2026 12:05:00 GMT" | expires not RFC 3339
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, digest="invalid-digest-format" | digest not sha-256=<base64>
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, digest="sha-512=abc" | digest not sha-256=<base64>
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, digest="SHA-256=abc" | digest not sha-256=<base64>
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, digest="sha-256=" | digest not sha-256=<base64>
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, digest="sha-256=::" | digest not sha-256=<base64>
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, digest="sha-256=:x:" | digest not sha-256=<base64>
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, digest="sha-256=a_b-" | digest not sha-256=<base64>
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, digest="sha-256=abc==" | digest not sha-256=<base64>
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, digest="sha-256=:abc:, sha-512=:def:" | digest not sha-256=<base64>
            $ID, $REALM, $METHOD, $INTENT, request="_w" | request not a JSON object
            $ID, $REALM, $METHOD, $INTENT, request="eyJhIjoi_yJ9" | request not a JSON object
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, opaque="eyJrIjoxfQ" | opaque not base64url JSON object of strings
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, opaque="eyJrIjoidiJ9==" | opaque not base64url JSON object of strings
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, opaque="W10" | opaque not base64url JSON object of strings
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, id="other" | duplicate parameter id
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, METHOD="stripe", realm="x" | duplicate parameter realm; duplicate parameter method
            ~~ | missing id; missing realm; missing method; missing intent; missing request
            $ID, $REALM, $METHOD, $INTENT, $REQUEST, description="unterminated | unterminated quoted-string
            $ID, =="x", $REALM, $METHOD, $INTENT, $REQUEST | auth-param without a name
            $ID $REALM, $METHOD, $INTENT, $REQUEST | auth-params not separated by a comma
            $ID, $REALM, $METHOD, intent=charge, request=eyJhIjoxfQ== | auth-param value is not a token or quoted-string
            """)
    void validatesTable(String params, String expected) {
        String header = "Payment " + (params == null ? "" : params
                .replace("$ID", ID).replace("$REALM", REALM).replace("$METHOD", METHOD)
                .replace("$INTENT", INTENT).replace("$REQUEST", REQUEST));

        PaymentChallenge c = challenge(header);

        assertThat(String.join("; ", c.violations())).isEqualTo(expected);
        assertThat(c.valid()).isEqualTo(expected.isEmpty());
    }

    @Test
    void firstOccurrenceOfADuplicateIsReported() {
        PaymentChallenge c = challenge(EXAMPLE + ", id=\"second\"");

        assertThat(c.id()).isEqualTo("x7Tg2pLqR9mKvNwY3hBcZa");
        assertThat(c.valid()).isFalse();
    }

    @Test
    void otherSchemesAndToken68AreNotPaymentChallenges() {
        assertThat(challenge("Bearer realm=\"x\"").violations()).startsWith("not a Payment challenge");
        assertThat(challenge("Payment abcdef==").violations()).startsWith("token68 instead of parameters");
        assertThat(PaymentChallenge.of(null).violations()).containsExactly("not a Payment challenge");
    }

    @Test
    void aBrokenAuthParamListIsJudgedByItsGrammarAloneButKeepsWhatWasRead() {
        PaymentChallenge c = challenge(EXAMPLE + ", description=\"no closing quote");

        assertThat(c.violations()).containsExactly("unterminated quoted-string");
        assertThat(c.id()).isEqualTo("x7Tg2pLqR9mKvNwY3hBcZa");
        assertThat(c.request().get("amount").stringValue()).isEqualTo("1000");
    }

    /**
     * The answer's time against {@code expires="2026-01-15T12:05:00Z"} of the draft's example: expired
     * only more than {@link PaymentChallenge#EXPIRY_CLOCK_SKEW} (30 s) after it.
     */
    @ParameterizedTest(name = "answered {0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            2026-01-15T12:00:00Z     | ~~
            2026-01-15T12:05:00Z     | ~~
            2026-01-15T12:05:30Z     | ~~
            2026-01-15T12:05:30.001Z | expired
            2026-01-15T12:06:00Z     | expired
            2026-11-30T00:00:00Z     | expired
            """)
    void expiresIsJudgedAtTheAnswersTime(String answeredAt, String expected) {
        PaymentChallenge c = PaymentChallenge.of(WwwAuthenticateParser.parse(EXAMPLE).getFirst(),
                java.time.Instant.parse(answeredAt));

        assertThat(String.join("; ", c.violations())).isEqualTo(expected == null ? "" : expected);
    }

    @Test
    void offsetsAndLeapSecondsAreJudgedAsInstants() {
        PaymentChallenge plusTwo = PaymentChallenge.of(WwwAuthenticateParser.parse(
                EXAMPLE.replace("2026-01-15T12:05:00Z", "2026-01-15T14:05:00+02:00")).getFirst(),
                java.time.Instant.parse("2026-01-15T12:04:00Z"));
        PaymentChallenge leap = PaymentChallenge.of(WwwAuthenticateParser.parse(
                EXAMPLE.replace("2026-01-15T12:05:00Z", "2026-12-31T23:59:60Z")).getFirst(),
                java.time.Instant.parse("2027-01-01T00:00:10Z"));

        assertThat(plusTwo.valid()).isTrue();
        assertThat(leap.valid()).isTrue();
        assertThat(PaymentChallenge.of(WwwAuthenticateParser.parse(EXAMPLE).getFirst()).valid())
                .as("without an answer time expiry is not judged").isTrue();
    }

    @Test
    void oversizedRequestIsRejectedWithoutDecoding() {
        String big = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("{\"a\":\"" + "x".repeat(70_000) + "\"}").getBytes());

        PaymentChallenge c = PaymentChallenge.of(new AuthChallenge("Payment", null, List.of(
                new AuthParam("id", "a"), new AuthParam("realm", "r"), new AuthParam("method", "tempo"),
                new AuthParam("intent", "charge"), new AuthParam("request", big))));

        assertThat(c.violations()).containsExactly("request too large");
        assertThat(c.request()).isNull();
    }
}

package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.CapturedResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which OpenAPI operations sell a stream, and whether they offer a session for it. */
class StreamOperationTest {

    private static final Instant ANSWERED = Instant.parse("2026-01-15T12:00:00Z");
    private static final String CHARGE = PaymentChallengeTest.EXAMPLE;
    private static final String SESSION = CHARGE.replace("intent=\"charge\"", "intent=\"session\"");

    /** The one operation ({@code POST /v1/chat}) of a document whose operation object is {@code operation}. */
    private static PayableOperation operation(String operation) {
        OpenApiDiscovery read = document("""
                {"openapi":"3.1.0","components":{"responses":{"Streamed":{"description":"tokens",
                   "content":{"text/event-stream":{}}}}},
                 "paths":{"/v1/chat":{"post":%s}}}""".formatted(operation));
        return read.operations().isEmpty() ? read.paymentRequiredOperations().getFirst() : read.operations().getFirst();
    }

    private static OpenApiDiscovery document(String json) {
        OpenApiDiscovery read = OpenApiDiscovery.read(json.getBytes(StandardCharsets.UTF_8));
        assertThat(read.parsed()).as(read.error()).isTrue();
        return read;
    }

    private static String responses(String success) {
        return "\"responses\":{\"200\":" + success + ",\"402\":{\"description\":\"Payment Required\"}}";
    }

    /**
     * responses (2xx part) | x-payment-info (none: -) | reasons (none: -).
     */
    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            {"content":{"text/event-stream":{}}}                       | -  | response:text/event-stream
            {"content":{"Text/Event-Stream; charset=utf-8":{}}}        | -  | response:text/event-stream
            {"content":{"application/x-ndjson":{}}}                    | -  | response:application/x-ndjson
            {"content":{"application/jsonl":{},"application/json":{}}} | -  | response:application/jsonl
            {"$ref":"#/components/responses/Streamed"}                 | -  | response:text/event-stream
            {"content":{"application/json":{}}}                        | -  | -
            {"description":"Successful response"}                      | -  | -
            {"description":"ok"} | {"offers":[{"intent":"session","method":"tempo","amount":"100","unitType":"token"}]} | metered:token
            {"description":"ok"} | {"intent":"charge","method":"tempo","amount":"1","unitType":"request"}              | metered:request
            {"description":"ok"} | {"price":{"mode":"fixed","currency":"USD","amount":"0.01","unitType":"page"},"protocols":[{"mpp":{}}]} | metered:page
            {"description":"ok"} | {"price":{"mode":"fixed","amount":"0.01"},"protocols":[{"mpp":{"intent":"charge","unitType":"token"}}]} | metered:token
            {"description":"ok"} | {"pricingMode":"fixed","price":"0.01","unitType":"second","protocols":["mpp"]} | metered:second
            {"description":"ok"} | {"pricingMode":"quote","maxPrice":"1","unit":"token","protocols":["mpp"]}     | usage_price:token
            {"description":"ok"} | {"price":{"mode":"dynamic","min":"0","max":"1","unit":"kb"},"protocols":[{"mpp":{}}]} | usage_price:kb
            {"description":"ok"} | {"pricingMode":"quote","maxPrice":"1","protocols":["mpp"]}                   | -
            {"description":"ok"} | {"price":{"mode":"dynamic","min":"0","max":"1"},"protocols":[{"mpp":{}}]}    | -
            {"description":"ok"} | {"intent":"charge","method":"tempo","amount":"1","unitType":""}               | -
            {"content":{"text/event-stream":{}}} | {"offers":[{"intent":"session","method":"tempo","unitType":"token"}]} | response:text/event-stream metered:token
            """)
    void whatSaysAnOperationSellsAStream(String success, String info, String reasons) {
        String op = "{" + (info.equals("-") ? "" : "\"x-payment-info\":" + info + ",") + responses(success) + "}";

        assertThat(StreamSignals.of(operation(op), document("{\"openapi\":\"3.1.0\",\"paths\":{\"/v1/chat\":{\"post\":"
                + op + "}},\"components\":{\"responses\":{\"Streamed\":{\"content\":{\"text/event-stream\":{}}}}}}").root()))
                .containsExactlyElementsOf(reasons.equals("-") ? List.of() : List.of(reasons.split(" ")));
    }

    @Test
    void onlySuccessResponsesCountAndSwaggerTwoSaysItWithProduces() {
        PayableOperation errorsStream = operation("{" + "\"responses\":{\"200\":{\"content\":{\"application/json\":{}}},"
                + "\"402\":{},\"500\":{\"content\":{\"text/event-stream\":{}}},\"default\":{\"content\":{\"text/event-stream\":{}}}}}");
        assertThat(StreamSignals.of(errorsStream, null)).isEmpty();

        OpenApiDiscovery swagger = document("""
                {"swagger":"2.0","produces":["application/x-ndjson"],"paths":{
                  "/a":{"get":{"responses":{"200":{"description":"ok"},"402":{}}}},
                  "/b":{"get":{"produces":["application/json"],"responses":{"200":{"description":"ok"},"402":{}}}}}}""");
        assertThat(swagger.paymentRequiredOperations()).extracting(op -> StreamSignals.of(op, swagger.root()))
                .containsExactly(List.of("response:application/x-ndjson"), List.of());
    }

    /** offered intents (x-payment-info) | challenges of the probe (none: -) | outcome | offers from | intents. */
    @ParameterizedTest(name = "[{index}] {0} / {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            charge         | -               | SESSION_MISSING | X_PAYMENT_INFO | charge
            session        | -               | SESSION_OFFERED | X_PAYMENT_INFO | session
            charge session | -               | SESSION_OFFERED | X_PAYMENT_INFO | charge session
            charge         | CHARGE          | SESSION_MISSING | CHALLENGE      | charge
            charge         | CHARGE, SESSION | SESSION_OFFERED | CHALLENGE      | charge session
            session        | CHARGE          | SESSION_MISSING | CHALLENGE      | charge
            charge         | STUB            | SESSION_MISSING | X_PAYMENT_INFO | charge
            -              | -               | OFFERS_UNKNOWN  | -              | -
            -              | SESSION         | SESSION_OFFERED | CHALLENGE      | session
            -              | STUB            | OFFERS_UNKNOWN  | -              | -
            """)
    void offersDecideWhetherTheStreamHasASession(String documented, String challenges, SessionOutcome outcome,
                                                  String offersFrom, String intents) {
        String info = documented.equals("-") ? "" : "\"x-payment-info\":{\"offers\":["
                + String.join(",", java.util.Arrays.stream(documented.split(" "))
                        .map(i -> "{\"intent\":\"" + i + "\",\"method\":\"tempo\"}").toList()) + "]},";
        PayableOperation op = operation("{" + info + responses("{\"content\":{\"text/event-stream\":{}}}") + "}");
        EndpointAssessment probed = challenges.equals("-") ? null : challenges.equals("STUB")
                ? EndpointClassifier.classify(404, CapturedResponse.headersOf(), new byte[0], true, null, ANSWERED)
                : EndpointClassifier.classify(402, CapturedResponse.headersOf("WWW-Authenticate",
                        challenges.replace("CHARGE", CHARGE).replace("SESSION", SESSION)), new byte[0], true, null,
                        ANSWERED);

        StreamOperation stream = StreamOperation.of(op, null, probed).orElseThrow();

        assertThat(stream.httpMethod()).isEqualTo("POST");
        assertThat(stream.path()).isEqualTo("/v1/chat");
        assertThat(stream.reasons()).containsExactly("response:text/event-stream");
        assertThat(stream.outcome()).isEqualTo(outcome);
        assertThat(stream.offersFrom() == null ? "-" : stream.offersFrom().name()).isEqualTo(offersFrom);
        assertThat(stream.intents()).containsExactlyElementsOf(intents.equals("-") ? List.of() : List.of(intents.split(" ")));
    }

    /** A valid challenge whose request is priced per unit says the operation is metered, an invalid one says nothing. */
    @Test
    void aChallengePricedPerUnitSaysTheOperationIsMetered() {
        PayableOperation op = operation("{" + responses("{\"content\":{\"application/json\":{}}}") + "}");
        String perToken = CHARGE.replace("intent=\"charge\"", "intent=\"session\"").replace(
                "eyJhbW91bnQiOiIxMDAwIiwiY3VycmVuY3kiOiJ1c2QifQ", base64Url("{\"amount\":\"100\",\"currency\":\"usd\","
                        + "\"unitType\":\"token\"}"));
        String perPage = CHARGE.replace("eyJhbW91bnQiOiIxMDAwIiwiY3VycmVuY3kiOiJ1c2QifQ", base64Url(
                "{\"amount\":\"1\",\"currency\":\"usd\",\"methodDetails\":{\"unitType\":\"page\"}}"));

        StreamOperation session = StreamOperation.of(op, null, answer(perToken)).orElseThrow();
        assertThat(session.reasons()).containsExactly("metered:token");
        assertThat(session.outcome()).isEqualTo(SessionOutcome.SESSION_OFFERED);
        StreamOperation charge = StreamOperation.of(op, null, answer(perPage)).orElseThrow();
        assertThat(charge.reasons()).containsExactly("metered:page");
        assertThat(charge.outcome()).isEqualTo(SessionOutcome.SESSION_MISSING);

        assertThat(StreamOperation.of(op, null, answer(CHARGE))).as("a price per request").isEmpty();
        assertThat(StreamOperation.of(op, null, answer(perToken.replace("id=\"x7Tg2pLqR9mKvNwY3hBcZa\", ", ""))))
                .as("an invalid challenge says nothing").isEmpty();
    }

    private static EndpointAssessment answer(String challenge) {
        return EndpointClassifier.classify(402, CapturedResponse.headersOf("WWW-Authenticate", challenge), new byte[0],
                true, null, ANSWERED);
    }

    private static String base64Url(String json) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anOperationThatSellsNoStreamHasNoOutcome() {
        PayableOperation op = operation("{\"x-payment-info\":{\"intent\":\"charge\",\"method\":\"tempo\"},"
                + responses("{\"content\":{\"application/json\":{}}}") + "}");

        assertThat(StreamOperation.of(op, null, null)).isEmpty();
        assertThat(SessionOutcome.SESSION_MISSING.code()).isEqualTo("session_missing");
        assertThat(OfferSource.X_PAYMENT_INFO.code()).isEqualTo("x_payment_info");
    }
}

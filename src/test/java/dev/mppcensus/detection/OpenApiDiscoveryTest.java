package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenApiDiscoveryTest {

    private static OpenApiDiscovery read(String json) {
        return OpenApiDiscovery.read(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsSingleOffersAndOfferLists() {
        OpenApiDiscovery d = read("""
                {"openapi":"3.1.0","paths":{
                  "/search":{"get":{"x-payment-info":{"intent":"charge","method":"tempo","amount":"1000","currency":"usd"},
                                    "responses":{"200":{},"402":{}}},
                             "parameters":[]},
                  "/stream":{"POST":{"x-payment-info":{"offers":[
                                {"intent":"session","method":"tempo","amount":null,"currency":"usd"},
                                {"intent":"charge","method":"stripe","amount":"50","currency":"usd"}]},
                              "responses":{"200":{}}}},
                  "/free":{"get":{"responses":{"200":{}}}},
                  "/odd":{"x-payment-info":{"intent":"charge","method":"card"},
                          "delete":{"x-payment-info":"not an object"},
                          "patch":{"x-payment-info":{"offers":[1, {"method":5}, {"intent":"charge"}]}}}
                }}
                """);

        assertThat(d.parsed()).isTrue();
        assertThat(d.error()).isNull();
        assertThat(d.payableOperations()).isEqualTo(3);
        assertThat(d.hasPayableOperations()).isTrue();
        assertThat(d.methods()).containsExactly("tempo", "stripe");
        assertThat(d.intents()).containsExactly("charge", "session");
        assertThat(d.operations())
                .extracting(PayableOperation::path, PayableOperation::httpMethod, PayableOperation::declares402,
                        PayableOperation::methods, PayableOperation::intents)
                .containsExactly(
                        tuple("/search", "GET", true, List.of("tempo"), List.of("charge")),
                        tuple("/stream", "POST", false, List.of("tempo", "stripe"), List.of("session", "charge")),
                        tuple("/odd", "PATCH", false, List.of(), List.of("charge")));
    }

    /** document | parsed | payable operations | error contains. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            {"openapi":"3.0.0","paths":{}} | true | 0 | ~~
            {"openapi":"3.0.0"} | true | 0 | ~~
            {"paths":[]} | true | 0 | ~~
            {"paths":{"/a":[]}} | true | 0 | ~~
            [] | false | 0 | not a JSON object
            {"error":"not found","path":"/openapi.json"} | false | 0 | not an OpenAPI document
            {} | false | 0 | not an OpenAPI document
            {"swagger":"2.0"} | true | 0 | ~~
            ~openapi: 3.1.0~ | false | 0 | ~~
            ~~ | false | 0 | empty
            {"paths": | false | 0 | ~~
            """)
    void toleratesOddDocuments(String json, boolean parsed, int payable, String error) {
        OpenApiDiscovery d = read(json);

        assertThat(d.parsed()).isEqualTo(parsed);
        assertThat(d.payableOperations()).isEqualTo(payable);
        assertThat(d.error() == null).isEqualTo(parsed);
        if (error != null && !error.isEmpty()) {
            assertThat(d.error()).contains(error);
        }
    }

    @Test
    void countsAllOperationsButKeepsABoundedList() {
        StringBuilder json = new StringBuilder("{\"paths\":{");
        for (int i = 0; i < 1500; i++) {
            json.append(i == 0 ? "" : ",").append("\"/p").append(i)
                    .append("\":{\"get\":{\"x-payment-info\":{\"intent\":\"charge\",\"method\":\"tempo\"}}}");
        }
        json.append("}}");

        OpenApiDiscovery d = read(json.toString());

        assertThat(d.payableOperations()).isEqualTo(1500);
        assertThat(d.operations()).hasSize(OpenApiDiscovery.MAX_OPERATIONS);
    }
}

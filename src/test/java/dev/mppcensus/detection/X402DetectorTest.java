package dev.mppcensus.detection;

import dev.mppcensus.fixture.CapturedResponse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class X402DetectorTest {

    private static final String V2 = "{\"x402Version\":2,\"accepts\":[{\"scheme\":\"exact\",\"network\":\"eip155:8453\"},{\"scheme\":\"exact\"}]}";
    private static final String V1 = "{\"x402Version\":1,\"error\":\"X-PAYMENT header is required\",\"accepts\":[{\"scheme\":\"exact\",\"network\":\"base-sepolia\"}]}";

    /**
     * header encoding (std, stdpad, url, urlpad, raw, none) | header JSON | body | expected "version/count" or
     * none. Version 2 terms travel only in the header: a version 2 document in the body is not x402.
     */
    @ParameterizedTest(name = "[{index}] {0} {1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            stdpad | $V2 | ~~ | 2/2
            std    | $V2 | ~~ | 2/2
            url    | $V2 | ~~ | 2/2
            urlpad | $V2 | ~~ | 2/2
            none   | ~~  | $V1 | 1/1
            stdpad | $V2 | $V1 | 2/2
            raw    | $V2 | ~~ | none
            raw    | not base64 at all! | $V1 | 1/1
            stdpad | {"x402Version":2} | ~~ | none
            stdpad | {"accepts":[]} | ~~ | none
            stdpad | {"x402Version":"2","accepts":[]} | ~~ | none
            stdpad | {"x402Version":2.5,"accepts":[]} | ~~ | none
            stdpad | {"x402Version":2,"accepts":{}} | ~~ | none
            stdpad | {"x402Version":2,"accepts":[]} | ~~ | 2/0
            stdpad | [1,2] | ~~ | none
            none   | ~~ | $V2 | none
            none   | ~~ | {"x402Version":3,"accepts":[]} | none
            stdpad | $V1 | ~~ | 1/1
            none   | ~~ | {"error":"payment required"} | none
            none   | ~~ | <html>402</html> | none
            none   | ~~ | ~~ | none
            """)
    void detectsTable(String encoding, String headerJson, String body, String expected) {
        String json = headerJson == null ? null : headerJson.replace("$V2", V2).replace("$V1", V1);
        String bodyText = body == null ? null : body.replace("$V1", V1).replace("$V2", V2);
        java.net.http.HttpHeaders headers = switch (encoding) {
            case "none" -> CapturedResponse.headersOf();
            case "raw" -> CapturedResponse.headersOf("PAYMENT-REQUIRED", json);
            default -> CapturedResponse.headersOf("payment-required", encode(encoding, json));
        };

        Optional<X402Terms> terms = X402Detector.detect(headers,
                bodyText == null ? null : bodyText.getBytes(StandardCharsets.UTF_8));

        assertThat(terms.map(t -> t.version() + "/" + t.acceptsCount()).orElse("none")).isEqualTo(expected);
        terms.ifPresent(t -> assertThat(t.raw().isObject()).isTrue());
    }

    private static String encode(String encoding, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return switch (encoding) {
            case "std" -> Base64.getEncoder().withoutPadding().encodeToString(bytes);
            case "stdpad" -> Base64.getEncoder().encodeToString(bytes);
            case "url" -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            case "urlpad" -> Base64.getUrlEncoder().encodeToString(bytes);
            default -> throw new IllegalArgumentException(encoding);
        };
    }

    @org.junit.jupiter.api.Test
    void nullHeadersAndBodyGiveNothing() {
        assertThat(X402Detector.detect(null, null)).isEmpty();
    }
}

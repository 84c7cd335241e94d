package dev.mppcensus.detection;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Recognises x402 payment terms by the x402 transport rules (github.com/coinbase/x402,
 * {@code specs/transports-v2/http.md} and {@code specs/transports-v1/http.md}): version 2 terms travel only
 * in the {@code PAYMENT-REQUIRED} header as base64 JSON; version 1 terms in a JSON body with
 * {@code "x402Version": 1}. Both need an integral {@code x402Version} and an {@code accepts} array. The
 * header wins when both are present; a header document of another version is still read (the x402 Python
 * codec decodes version 1 from it too). A body holding a version 2 (or any other than 1) document is not
 * x402: no x402 client reads version 2 terms from a body.
 */
public final class X402Detector {

    /** The x402 version 2 response header. */
    public static final String HEADER = "PAYMENT-REQUIRED";

    /** Largest decoded header document considered, in bytes. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Largest body considered, in bytes. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private X402Detector() {
    }

    /**
     * Looks for x402 terms.
     *
     * @param headers the response headers; {@code null} is treated as none
     * @param body    the response body; {@code null} is treated as empty
     * @return the terms, or empty when neither carrier holds them; never throws
     */
    public static Optional<X402Terms> detect(HttpHeaders headers, byte[] body) {
        try {
            if (headers != null) {
                for (String value : headers.allValues(HEADER)) {
                    byte[] decoded = Base64Text.decodeLenient(value, MAX_HEADER_BYTES);
                    if (decoded != null) {
                        Optional<X402Terms> terms = terms(
                                Json.parse(new String(decoded, StandardCharsets.UTF_8), MAX_HEADER_BYTES));
                        if (terms.isPresent()) {
                            return terms;
                        }
                    }
                }
            }
            return terms(Json.parse(body, MAX_BODY_BYTES)).filter(found -> found.version() == 1);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<X402Terms> terms(Json.Result parsed) {
        JsonNode root = parsed.node();
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        JsonNode version = root.get("x402Version");
        JsonNode accepts = root.get("accepts");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()
                || accepts == null || !accepts.isArray()) {
            return Optional.empty();
        }
        return Optional.of(new X402Terms(version.intValue(), accepts.size(), root));
    }
}

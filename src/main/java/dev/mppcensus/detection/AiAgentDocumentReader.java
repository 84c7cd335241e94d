package dev.mppcensus.detection;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads a fetched {@code /.well-known/ai-agent.json} body into an {@link AiAgentDocument}.
 *
 * <p>Accepts a leading UTF-8 byte order mark. Bodies above {@value #MAX_BYTES} bytes or nested deeper
 * than {@value Json#MAX_DEPTH} levels are reported as {@link ParseStatus#INVALID_JSON} without being
 * fully parsed.
 */
public final class AiAgentDocumentReader {

    /** Largest body parsed; larger bodies are reported as invalid. */
    public static final int MAX_BYTES = 1024 * 1024;

    /** Maximum characters of raw JSON kept for an invalid {@code payments.mpp}. */
    public static final int RAW_JSON_CAP = 2048;

    private AiAgentDocumentReader() {
    }

    /**
     * Reads the document.
     *
     * @param body        the response body; {@code null} is treated as empty
     * @param documentUri the URL the document came from, for a relative {@code payments.mpp}; may be
     *                    {@code null}, then a relative value is invalid
     * @return the reading; never {@code null}, never throws
     */
    public static AiAgentDocument read(byte[] body, URI documentUri) {
        Json.Result parsed = Json.parse(body, MAX_BYTES);
        if (parsed.empty()) {
            return new AiAgentDocument(ParseStatus.EMPTY, null, null, List.of(), new MppField.Absent(), false);
        }
        if (parsed.error() != null) {
            return new AiAgentDocument(ParseStatus.INVALID_JSON, parsed.error(), null, List.of(),
                    new MppField.Absent(), false);
        }
        JsonNode root = parsed.node();
        if (!root.isObject()) {
            return new AiAgentDocument(ParseStatus.NOT_AN_OBJECT, null, null, List.of(), new MppField.Absent(), false);
        }
        JsonNode payments = root.get("payments");
        List<String> keys = new ArrayList<>();
        MppField mpp = new MppField.Absent();
        boolean x402 = false;
        if (payments != null && payments.isObject()) {
            keys.addAll(payments.propertyNames());
            mpp = mppField(payments.get("mpp"), documentUri);
            JsonNode x402Node = payments.get("x402");
            x402 = x402Node != null && !x402Node.isNull();
        }
        return new AiAgentDocument(ParseStatus.VALID_OBJECT, null, payments, keys, mpp, x402);
    }

    static MppField mppField(JsonNode node, URI documentUri) {
        if (node == null || node.isNull()) {
            return new MppField.Absent();
        }
        String raw = Json.text(node, RAW_JSON_CAP);
        if (!node.isString()) {
            return new MppField.Invalid(raw, "not a string");
        }
        String value = node.stringValue().strip();
        if (value.isEmpty()) {
            return new MppField.Invalid(raw, "empty string");
        }
        Uris.Resolved resolved = Uris.resolveHttp(value, documentUri);
        return resolved.uri() != null
                ? new MppField.Declared(resolved.uri())
                : new MppField.Invalid(raw, resolved.reason());
    }
}

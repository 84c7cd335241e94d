package dev.mppcensus.detection;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a {@code /.well-known/ai-agent.json} document declares about payments.
 *
 * @param status       how far the document could be read
 * @param parseError   a short parser message when {@code status} is {@link ParseStatus#INVALID_JSON},
 *                     otherwise {@code null}
 * @param payments     the raw value of the top-level {@code payments} member, {@code null} when absent
 *                     (a JSON {@code null} value is kept as a null node)
 * @param paymentKeys  the member names of {@code payments} in document order when it is an object,
 *                     otherwise empty
 * @param mpp          the reading of {@code payments.mpp}; never {@code null}
 * @param x402Declared whether {@code payments} is an object with a non-null {@code x402} member
 */
public record AiAgentDocument(
        ParseStatus status,
        String parseError,
        JsonNode payments,
        List<String> paymentKeys,
        MppField mpp,
        boolean x402Declared) {

    public AiAgentDocument {
        paymentKeys = paymentKeys == null ? List.of() : List.copyOf(paymentKeys);
        mpp = mpp == null ? new MppField.Absent() : mpp;
    }

    /** Whether {@code payments.mpp} names a usable endpoint. */
    public boolean mppDeclared() {
        return mpp instanceof MppField.Declared;
    }
}

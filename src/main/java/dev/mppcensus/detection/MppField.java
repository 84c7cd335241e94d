package dev.mppcensus.detection;

import java.net.URI;

/** What the {@code payments.mpp} field of an ai-agent.json document says. */
public sealed interface MppField {

    /** There is no {@code payments.mpp} field, or it is JSON {@code null}. */
    record Absent() implements MppField {
    }

    /** The field names an MPP endpoint: an absolute http or https URI (relative values resolved). */
    record Declared(URI endpoint) implements MppField {
    }

    /**
     * The field is present but unusable.
     *
     * @param rawJson the field's JSON text, capped at {@value AiAgentDocumentReader#RAW_JSON_CAP} characters
     * @param reason  a short stable reason: {@code not a string}, {@code empty string}, {@code not a URI},
     *                {@code not http(s)}, {@code no host}, {@code relative reference without base}
     */
    record Invalid(String rawJson, String reason) implements MppField {
    }
}

package dev.mppcensus.detection;

import java.util.Locale;

/**
 * How far {@code /.well-known/ai-agent.json} could be read; stored as {@link #code()} in
 * {@code well_known_document}. A request that got no HTTP answer has no state ({@code null}).
 */
public enum WellKnownDocumentState {
    /** A JSON object (whether or not it declares payments). */
    VALID,
    /** Any answer other than a readable 2xx body: 404, 403, a redirect chain that broke, a 5xx. */
    ABSENT,
    /** A 2xx body that is not JSON (HTML, YAML, truncated JSON, too deep). */
    INVALID_JSON,
    /** A 2xx JSON body that is not an object (an array, a string). */
    NOT_OBJECT,
    /**
     * A 2xx body sent with a {@code Content-Encoding} such as {@code gzip} although the census asks
     * for {@code identity}: never decoded (no compression bomb can inflate) and so never parsed.
     */
    ENCODED,
    /** A 2xx body that is empty or only whitespace. */
    EMPTY,
    /** The body went over the size cap. */
    TOO_LARGE;

    /** Lowercase snake-case name for storage and reports, e.g. {@code invalid_json}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The state of one fetch of the document.
     *
     * @param answered  whether an HTTP answer came (status and headers)
     * @param tooLarge  whether the body went over its cap
     * @param completed whether the redirect chain ended normally on that answer
     * @param status    the final status ({@code -1} without an answer)
     * @param encoded   whether the body came with a {@code Content-Encoding} other than {@code identity}
     * @param document  the parsed document, or {@code null} when the body was not parsed
     * @return the state, or {@code null} when no answer came (nothing known)
     */
    public static WellKnownDocumentState of(boolean answered, boolean tooLarge, boolean completed, int status,
                                            boolean encoded, AiAgentDocument document) {
        if (tooLarge) {
            return TOO_LARGE;
        }
        boolean success = completed && status >= 200 && status <= 299;
        if (document == null && success && encoded) {
            return ENCODED;
        }
        if (document == null) {
            return answered ? ABSENT : null;
        }
        return switch (document.status()) {
            case VALID_OBJECT -> VALID;
            case NOT_AN_OBJECT -> NOT_OBJECT;
            case INVALID_JSON -> INVALID_JSON;
            case EMPTY -> EMPTY;
        };
    }
}

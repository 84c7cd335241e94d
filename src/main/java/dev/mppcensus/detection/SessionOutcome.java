package dev.mppcensus.detection;

import java.util.Locale;

/**
 * Whether an operation that sells a stream ({@link StreamSignals}) offers the session primitive
 * ({@code intent="session"}, draft-httpauth-payment's streaming and metered payment channel) or only one-shot
 * payments.
 */
public enum SessionOutcome implements Coded {
    /** Some offer has intent {@code session}. */
    SESSION_OFFERED,
    /** Offers are known and none has intent {@code session}: a one-shot flow where a session is needed. */
    SESSION_MISSING,
    /** Nothing names an intent (no valid challenge was seen, and the documented offers name none). */
    OFFERS_UNKNOWN;

    /** Lowercase snake-case name for storage and reports, e.g. {@code session_missing}. */
    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}

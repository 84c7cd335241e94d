package dev.mppcensus.fetch;

import java.util.Objects;

/**
 * A classified fetch failure with a one-line, human-readable message (for the evidence record).
 *
 * @param kind    the failure class, never {@code null}
 * @param message a short description, never {@code null}; for {@link FetchErrorKind#DNS} it starts
 *                with the {@link DnsOutcome}'s name ({@code "NXDOMAIN: ..."}), so stored details say
 *                what the lookup found
 * @param dns     for {@link FetchErrorKind#DNS}, what the lookup found out; {@code null} otherwise, and
 *                for a name the resolver could not even ask about
 */
public record FetchError(FetchErrorKind kind, String message, DnsOutcome dns) {

    public FetchError {
        Objects.requireNonNull(kind, "kind");
        message = message == null ? "" : message;
        if (dns != null && kind != FetchErrorKind.DNS) {
            throw new IllegalArgumentException("a DNS outcome belongs to a DNS failure, not " + kind);
        }
    }

    /** A failure without DNS outcome. */
    public FetchError(FetchErrorKind kind, String message) {
        this(kind, message, null);
    }

    /** Whether a deadline expired: the request's, the connect's or the name lookup's. */
    public boolean deadlineExpired() {
        return kind == FetchErrorKind.TIMEOUT || dns == DnsOutcome.TIMEOUT;
    }
}

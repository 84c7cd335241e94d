package dev.mppcensus.fetch;

import java.util.Objects;

/**
 * A classified fetch failure with a one-line, human-readable message (for the evidence record).
 *
 * @param kind    the failure class, never {@code null}
 * @param message a short description, never {@code null}
 */
public record FetchError(FetchErrorKind kind, String message) {

    public FetchError {
        Objects.requireNonNull(kind, "kind");
        message = message == null ? "" : message;
    }
}

package dev.mppcensus.fetch;

/** Aborts a response whose body exceeds the cap. */
final class BodyTooLargeException extends RuntimeException {

    BodyTooLargeException(int maxBodyBytes) {
        super("response body exceeds " + maxBodyBytes + " bytes", null, false, false);
    }
}

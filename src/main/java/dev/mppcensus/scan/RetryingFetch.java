package dev.mppcensus.scan;

import dev.mppcensus.fetch.FetchErrorKind;
import dev.mppcensus.fetch.FetchRequest;
import dev.mppcensus.fetch.FetchResponse;
import java.time.Duration;
import java.util.Set;

/**
 * Retries a request that failed before any answer with a transient network error (connection
 * refused or unreachable, connection reset or closed early) up to {@code retries} times, waiting
 * {@code backoff}, then twice that, and so on. Timeouts are not retried: a blackholed host already
 * cost the full deadline, and retrying would multiply that cost; nor are TLS, DNS, blocked, protocol
 * or size failures, which do not heal within seconds. One instance per domain scan, safe for its
 * concurrent checks; {@link #retries()} counts the retries made.
 */
final class RetryingFetch implements Fetch {

    static final Set<FetchErrorKind> TRANSIENT = Set.of(FetchErrorKind.CONNECT, FetchErrorKind.RESET);
    static final Duration DEFAULT_BACKOFF = Duration.ofMillis(250);

    private final Fetch delegate;
    private final int maxRetries;
    private final Duration backoff;
    private final java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();

    RetryingFetch(Fetch delegate, int maxRetries, Duration backoff) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + maxRetries);
        }
        this.delegate = delegate;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
    }

    @Override
    public FetchResponse fetch(FetchRequest request) {
        FetchResponse response = delegate.fetch(request);
        for (int attempt = 1; attempt <= maxRetries && transientFailure(response); attempt++) {
            try {
                Thread.sleep(backoff.multipliedBy(1L << (attempt - 1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return response;
            }
            retries.incrementAndGet();
            response = delegate.fetch(request);
        }
        return response;
    }

    static boolean transientFailure(FetchResponse response) {
        return !response.answered() && response.error() != null && TRANSIENT.contains(response.error().kind());
    }

    /** Retries made so far. */
    int retries() {
        return retries.get();
    }
}

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
 * concurrent checks; {@link #retries()} counts the retries made. A caller may retry refused connections
 * itself ({@link #fetchLeavingRefusals}, {@link #backOff}, {@link #retried}).
 */
final class RetryingFetch implements Fetch {

    static final Set<FetchErrorKind> TRANSIENT = Set.of(FetchErrorKind.CONNECT, FetchErrorKind.RESET);
    /** What {@link #fetchLeavingRefusals} retries itself: {@link #TRANSIENT} without refusals. */
    private static final Set<FetchErrorKind> RESET_ONLY = Set.of(FetchErrorKind.RESET);
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
        return fetch(request, null);
    }

    @Override
    public FetchResponse fetch(FetchRequest request, Runnable onConnected) {
        return fetch(request, onConnected, TRANSIENT);
    }

    /**
     * As {@link #fetch(FetchRequest, Runnable)}, except that a refused connection ({@link FetchErrorKind#CONNECT})
     * comes back at once: the caller retries it itself, after trying elsewhere ({@link SiteLocator}).
     */
    FetchResponse fetchLeavingRefusals(FetchRequest request, Runnable onConnected) {
        return fetch(request, onConnected, RESET_ONLY);
    }

    private FetchResponse fetch(FetchRequest request, Runnable onConnected, Set<FetchErrorKind> retried) {
        FetchResponse response = delegate.fetch(request, onConnected);
        for (int attempt = 1; attempt <= maxRetries && failedWith(response, retried); attempt++) {
            if (!backOff(attempt)) {
                return response;
            }
            retries.incrementAndGet();
            response = delegate.fetch(request, onConnected);
        }
        return response;
    }

    /**
     * Waits before retry number {@code attempt} (from 1): the backoff, doubled for each attempt after the first.
     *
     * @return {@code false} when interrupted (the interrupt is kept)
     */
    boolean backOff(int attempt) {
        try {
            Thread.sleep(backoff.multipliedBy(1L << (attempt - 1)));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean transientFailure(FetchResponse response) {
        return failedWith(response, TRANSIENT);
    }

    private static boolean failedWith(FetchResponse response, Set<FetchErrorKind> kinds) {
        return !response.answered() && response.error() != null && kinds.contains(response.error().kind());
    }

    /** Retries this fetch may make of one request. */
    int maxRetries() {
        return maxRetries;
    }

    /** Counts {@code requests} sent again by a caller that retries itself. */
    void retried(int requests) {
        retries.addAndGet(requests);
    }

    /** Retries made so far. */
    int retries() {
        return retries.get();
    }
}

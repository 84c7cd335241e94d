package dev.mppcensus.fetch;

/**
 * Told about every request an {@link HttpFetcher} finished (metrics). Called on the fetching thread; must
 * be fast and must not throw.
 */
@FunctionalInterface
public interface RequestObserver {

    /** Observes nothing. */
    RequestObserver NONE = (response, nanos) -> { };

    /**
     * @param response what the request produced (its {@link FetchResponse#error()} is {@code null} on success)
     * @param nanos    wall time of the request, waiting for the per-address limit included
     */
    void requestFinished(FetchResponse response, long nanos);
}

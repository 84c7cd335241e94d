package dev.mppcensus.scan;

import dev.mppcensus.fetch.FetchRequest;
import dev.mppcensus.fetch.FetchResponse;
import dev.mppcensus.fetch.HttpFetcher;

/** One HTTP exchange as the scanner sees it: an {@code HttpFetcher}, possibly wrapped with retries. */
@FunctionalInterface
interface Fetch {

    /** Never throws for network problems; see {@code HttpFetcher#fetch}. */
    FetchResponse fetch(FetchRequest request);

    /**
     * As {@link #fetch(FetchRequest)}, running {@code onConnected} once the request goes out on a
     * connection (see {@link HttpFetcher#fetch(FetchRequest, Runnable)}); a fetch that cannot tell never
     * runs it.
     */
    default FetchResponse fetch(FetchRequest request, Runnable onConnected) {
        return fetch(request);
    }

    /** {@code fetcher} as a {@code Fetch} that tells when a connection is up. */
    static Fetch of(HttpFetcher fetcher) {
        return new Fetch() {
            @Override
            public FetchResponse fetch(FetchRequest request) {
                return fetcher.fetch(request);
            }

            @Override
            public FetchResponse fetch(FetchRequest request, Runnable onConnected) {
                return fetcher.fetch(request, onConnected);
            }
        };
    }
}

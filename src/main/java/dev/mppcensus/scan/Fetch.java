package dev.mppcensus.scan;

import dev.mppcensus.fetch.FetchRequest;
import dev.mppcensus.fetch.FetchResponse;

/** One HTTP exchange as the scanner sees it: an {@code HttpFetcher}, possibly wrapped with retries. */
@FunctionalInterface
interface Fetch {

    /** Never throws for network problems; see {@code HttpFetcher#fetch}. */
    FetchResponse fetch(FetchRequest request);
}

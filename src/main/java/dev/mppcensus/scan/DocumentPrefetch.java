package dev.mppcensus.scan;

import dev.mppcensus.fetch.FetchRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A site's discovery documents requested as soon as a homepage request has a connection to its origin,
 * rather than after the homepage answered. The documents are fetched at the origin where the site is
 * located ({@link SiteLocator}), which is the first origin that accepts a connection unless its homepage
 * then fails (a reset, a protocol error) where another origin answers; so the scan saves the homepage's
 * round trip and sends the same requests. When the site is located elsewhere, or nowhere, the early
 * requests are cancelled and their answers never used, and the documents are requested at the located
 * origin as they would have been anyway. Only the first connected origin starts anything.
 */
final class DocumentPrefetch {

    private final ExecutorService pool;
    private final Fetch fetch;
    private final List<String> paths;
    // guarded by this
    private URI origin;
    private Map<String, Future<RedirectChain>> started = Map.of();
    private boolean taken;

    /** Prefetches {@code paths} (none: nothing is ever started) with {@code fetch} in {@code pool}. */
    DocumentPrefetch(ExecutorService pool, Fetch fetch, List<String> paths) {
        this.pool = pool;
        this.fetch = fetch;
        this.paths = List.copyOf(paths);
    }

    /** A homepage request of {@code origin} got a connection: the documents are requested there, once. */
    synchronized void connected(URI origin) {
        if (taken || this.origin != null || paths.isEmpty()) {
            return;
        }
        this.origin = origin;
        Map<String, Future<RedirectChain>> requests = new LinkedHashMap<>();
        for (String path : paths) {
            requests.put(path, pool.submit(() -> RedirectChain.follow(fetch, FetchRequest.get(origin.resolve(path)))));
        }
        started = requests;
    }

    /**
     * The documents started for {@code siteOrigin}, by path: empty when none were, or when they were started
     * at another origin (those are cancelled). Later connections start nothing.
     *
     * @param siteOrigin the origin the site was located at, or {@code null} for none
     */
    synchronized Map<String, Future<RedirectChain>> takeFor(URI siteOrigin) {
        taken = true;
        if (origin != null && origin.equals(siteOrigin)) {
            return started;
        }
        started.values().forEach(request -> request.cancel(true));
        return Map.of();
    }
}

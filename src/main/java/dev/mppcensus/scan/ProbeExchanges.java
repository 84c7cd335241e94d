package dev.mppcensus.scan;

import dev.mppcensus.fetch.FetchRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The probe requests of one domain, each sent once: a request equal to one already sent (the same method,
 * URL and body) gets that one's answer instead of going out again, whichever declarations name its
 * endpoint (ai-agent.json, a {@code Link}, {@code /.well-known/x402}, an OpenAPI operation, an operation's
 * bare path or a bare URL's POST). URLs are compared as sent: scheme and host ignoring case, a default
 * port the same as none, an empty path as {@code /}. Safe for a domain's concurrent probes: a second
 * request waits for the first one's answer.
 */
final class ProbeExchanges {

    /**
     * A request's redirect chain.
     *
     * @param sent {@code false} when an earlier equal request's chain answered it and nothing was sent
     */
    record Exchange(RedirectChain chain, boolean sent) {
    }

    private record Key(String method, String uri, String body) {
    }

    private final Fetch fetch;
    private final ConcurrentMap<Key, CompletableFuture<RedirectChain>> exchanges = new ConcurrentHashMap<>();

    ProbeExchanges(Fetch fetch) {
        this.fetch = fetch;
    }

    /** Sends {@code request} and follows its redirects, unless an equal request was sent before. */
    Exchange follow(FetchRequest request) {
        CompletableFuture<RedirectChain> mine = new CompletableFuture<>();
        CompletableFuture<RedirectChain> earlier = exchanges.putIfAbsent(key(request), mine);
        if (earlier != null) {
            return new Exchange(earlier.join(), false);
        }
        try {
            RedirectChain chain = RedirectChain.follow(fetch, request);
            mine.complete(chain);
            return new Exchange(chain, true);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static Key key(FetchRequest request) {
        byte[] body = request.body();
        return new Key(request.method(), sameAs(request.uri()),
                body == null ? "" : new String(body, StandardCharsets.ISO_8859_1));
    }

    /** {@code uri} as the request line and Host header send it. */
    static String sameAs(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port == 443 && scheme.equals("https") || port == 80 && scheme.equals("http")) {
            port = -1;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        try {
            return new URI(scheme, null, uri.getHost().toLowerCase(Locale.ROOT), port, null, null, null)
                    + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (URISyntaxException e) {
            return uri.toString();
        }
    }
}

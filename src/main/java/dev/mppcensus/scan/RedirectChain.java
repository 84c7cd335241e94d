package dev.mppcensus.scan;

import dev.mppcensus.fetch.FetchRequest;
import dev.mppcensus.fetch.FetchResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The hops of one request followed through redirects by the crawler itself, so that every hop is
 * recorded and goes through the fetcher's address policy.
 *
 * @param hops          every response, in order (the last one is {@link #last()})
 * @param redirectError why following stopped early (loop, too many, bad target), or {@code null}
 */
record RedirectChain(List<FetchResponse> hops, String redirectError) {

    static final int MAX_REDIRECTS = 5;

    /** Sends {@code request} and follows up to {@link #MAX_REDIRECTS} redirects. */
    static RedirectChain follow(Fetch fetcher, FetchRequest request) {
        List<FetchResponse> hops = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        FetchRequest next = request;
        while (true) {
            seen.add(next.uri());
            FetchResponse response = fetcher.fetch(next);
            hops.add(response);
            if (!response.answered() || !isRedirect(response.status())) {
                return new RedirectChain(hops, null);
            }
            var location = response.headers().firstValue("location");
            if (location.isEmpty() || location.get().isBlank()) {
                return new RedirectChain(hops, null);
            }
            URI target;
            try {
                target = response.uri().resolve(location.get().strip());
            } catch (IllegalArgumentException e) {
                return new RedirectChain(hops, "redirect to an unparsable URL");
            }
            String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return new RedirectChain(hops, "redirect to a " + (scheme.isEmpty() ? "scheme-less" : scheme + ":") + " URL");
            }
            if (target.getHost() == null) {
                return new RedirectChain(hops, "redirect to a URL without a host");
            }
            if (seen.contains(target)) {
                return new RedirectChain(hops, "redirect loop");
            }
            if (hops.size() > MAX_REDIRECTS) {
                return new RedirectChain(hops, "more than " + MAX_REDIRECTS + " redirects");
            }
            try {
                next = redirected(next, target, response.status());
            } catch (IllegalArgumentException e) {
                return new RedirectChain(hops, "redirect to an unusable URL");
            }
        }
    }

    /**
     * The request to send to {@code target}: the same method, headers and body after 307 and 308 (and for
     * GET and HEAD after any redirect); a GET without body after 301, 302 and 303 of another method
     * (RFC 9110 section 15.4).
     */
    static FetchRequest redirected(FetchRequest request, URI target, int status) {
        String method = request.method();
        if (status == 307 || status == 308 || method.equals("GET") || method.equals("HEAD")) {
            return new FetchRequest(method, target, request.readBody(), request.extraHeaders(), request.body());
        }
        return new FetchRequest("GET", target, request.readBody(), request.extraHeaders(), null);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    FetchResponse first() {
        return hops.getFirst();
    }

    FetchResponse last() {
        return hops.getLast();
    }

    /** The response that ends the chain normally: answered and not cut short by a redirect error. */
    boolean completed() {
        return redirectError == null && last().answered();
    }
}

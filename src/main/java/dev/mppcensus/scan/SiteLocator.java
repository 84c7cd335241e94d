package dev.mppcensus.scan;

import dev.mppcensus.fetch.DnsOutcome;
import dev.mppcensus.fetch.FetchError;
import dev.mppcensus.fetch.FetchErrorKind;
import dev.mppcensus.fetch.FetchRequest;
import dev.mppcensus.fetch.FetchResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds where a domain's site answers: the homepage of {@code DOMAIN} over https, then http (after a
 * refused, reset or failed TLS handshake), then the same for {@code www.DOMAIN} whenever the bare name
 * gave no HTTP answer at all, except after NXDOMAIN or a deadline (see {@link #worthTryingWww}). The
 * first origin whose homepage answers wins; failing that, the first origin that accepted a connection
 * (TCP, and TLS for https) although its homepage gave no usable answer (headers over the cap, a timeout,
 * a reset), so that the site's other checks still run there.
 */
final class SiteLocator {

    private static final Set<FetchErrorKind> TRY_PLAIN_HTTP =
            Set.of(FetchErrorKind.CONNECT, FetchErrorKind.RESET, FetchErrorKind.TLS_HANDSHAKE);
    /** HEAD failures after which a GET may still work (servers that mishandle HEAD). */
    private static final Set<FetchErrorKind> TRY_GET_AFTER_HEAD =
            Set.of(FetchErrorKind.RESET, FetchErrorKind.PROTOCOL, FetchErrorKind.OTHER);

    /**
     * The outcome of locating a site.
     *
     * @param site     the origin to check, or {@code null} when none accepted a connection
     * @param failures the homepage tries that gave no answer, in order, {@code site} excluded
     * @param failure  the most telling failure when nothing answered: the bare name's, or {@code www.}'s
     *                 when the bare name did not resolve; {@code null} when {@code site} answered
     */
    record Located(Homepage site, List<Homepage> failures, FetchResponse failure) {
    }

    private SiteLocator() {
    }

    /**
     * Locates {@code domain}'s site. A refused connection to a homepage is not retried at once: the next
     * origin is tried first (an https port that refuses is most often a site served over http only). When
     * no origin accepted a connection and some refused one, the whole sequence runs again after the
     * fetch's backoff, up to its number of retries; each homepage request sent again counts as a retry.
     *
     * @param onConnected told the origin ({@code scheme://host}) of each homepage request that got a
     *                    connection, when it got it (from one of the fetcher's threads; it must not block)
     */
    static Located locate(String domain, RetryingFetch fetch, boolean honourRobots, HomepageGet homepageGet,
                          Consumer<URI> onConnected) {
        Located located = locateOnce(domain, fetch, honourRobots, homepageGet, onConnected);
        for (int attempt = 1; attempt <= fetch.maxRetries() && located.site() == null && refused(located)
                && fetch.backOff(attempt); attempt++) {
            located = locateOnce(domain, fetch, honourRobots, homepageGet, onConnected);
            fetch.retried((int) located.failures().stream().filter(SiteLocator::sent).count());
        }
        return located;
    }

    /** Some homepage was refused a connection. */
    private static boolean refused(Located located) {
        return located.failures().stream()
                .anyMatch(homepage -> homepage.lastResponse().error() != null
                        && homepage.lastResponse().error().kind() == FetchErrorKind.CONNECT);
    }

    /** A homepage request went out to an address (it was not stopped by DNS or the address policy). */
    private static boolean sent(Homepage homepage) {
        FetchError error = homepage.head().first().error();
        return error == null || (error.kind() != FetchErrorKind.DNS && error.kind() != FetchErrorKind.BLOCKED);
    }

    private static Located locateOnce(String domain, RetryingFetch fetch, boolean honourRobots,
                                      HomepageGet homepageGet, Consumer<URI> onConnected) {
        List<String> hosts = domain.startsWith("www.") ? List.of(domain) : List.of(domain, "www." + domain);
        List<Homepage> failures = new ArrayList<>();
        Homepage connected = null;
        Homepage lastTried = null;
        FetchResponse bareFailure = null;
        for (String host : hosts) {
            for (String scheme : List.of("https", "http")) {
                Homepage homepage = homepage(fetch, scheme, host, honourRobots, homepageGet, onConnected);
                lastTried = homepage;
                if (homepage.answered()) {
                    if (connected != null) {
                        failures.add(connected);
                    }
                    return new Located(homepage, failures, null);
                }
                if (connected == null && homepage.connected()) {
                    connected = homepage;
                } else {
                    failures.add(homepage);
                }
                FetchErrorKind failure = homepage.lastResponse().error().kind();
                if (!scheme.equals("https") || !TRY_PLAIN_HTTP.contains(failure)) {
                    break;
                }
            }
            if (bareFailure == null) {
                bareFailure = lastTried.lastResponse();
            }
            if (!worthTryingWww(bareFailure)) {
                break;
            }
        }
        FetchResponse last = lastTried.lastResponse();
        FetchResponse failure = bareFailure.error().kind() == FetchErrorKind.DNS ? last : bareFailure;
        return new Located(connected, failures, failure);
    }

    /**
     * Whether {@code www.} may answer where the bare name gave no HTTP answer: not after NXDOMAIN (RFC 8020:
     * nothing exists below a name that does not exist), and not after a deadline expired. A blackholed
     * address or a server that never answers would hold the domain for a second deadline, and a site
     * that accepted the connection is checked where it is. A lookup that timed out would time out again:
     * {@code www.DOMAIN} is found through the same nameservers (those of DOMAIN's zone, or the resolver
     * itself) that did not answer for DOMAIN.
     */
    private static boolean worthTryingWww(FetchResponse bareFailure) {
        FetchError error = bareFailure.error();
        return error == null || (error.dns() != DnsOutcome.NXDOMAIN && !error.deadlineExpired());
    }

    /**
     * HEAD the homepage; GET it (headers only) when HEAD is refused (405, 501) or fails in a way a GET may
     * avoid, and with {@link HomepageGet#NO_LINK} also when HEAD answers without a {@code Link} field.
     */
    private static Homepage homepage(RetryingFetch retrying, String scheme, String host, boolean honourRobots,
                                     HomepageGet homepageGet, Consumer<URI> onConnected) {
        URI origin = Homepage.origin(scheme, host);
        URI uri = origin.resolve("/");
        Runnable connected = () -> onConnected.accept(origin);
        // the homepage's own refusals are retried by locate(), after the other origins; redirects' as any request's
        Fetch fetch = request -> request.uri().equals(uri) ? retrying.fetchLeavingRefusals(request, connected)
                : retrying.fetch(request, connected);
        RobotsTxt robots = null;
        if (honourRobots) {
            robots = RobotsTxt.fetch(fetch, uri);
            if (!robots.allows(uri, "/")) {
                // the robots.txt answer shows the origin is reachable; the homepage itself is not requested
                return new Homepage(scheme, host, robots.chain(), null, robots, true);
            }
        }
        RedirectChain head = RedirectChain.follow(fetch, FetchRequest.head(uri));
        FetchResponse last = head.last();
        boolean headUseful = head.completed() && last.status() != 405 && last.status() != 501
                && (homepageGet == HomepageGet.FALLBACK || !last.headers().allValues("link").isEmpty());
        if (headUseful || (!head.first().answered() && !TRY_GET_AFTER_HEAD.contains(head.first().error().kind()))) {
            return new Homepage(scheme, host, head, null, robots, false);
        }
        return new Homepage(scheme, host, head, RedirectChain.follow(fetch, FetchRequest.getHeadersOnly(uri)), robots,
                false);
    }
}

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

    static Located locate(String domain, Fetch fetch, boolean honourRobots, HomepageGet homepageGet) {
        List<String> hosts = domain.startsWith("www.") ? List.of(domain) : List.of(domain, "www." + domain);
        List<Homepage> failures = new ArrayList<>();
        Homepage connected = null;
        Homepage lastTried = null;
        FetchResponse bareFailure = null;
        for (String host : hosts) {
            for (String scheme : List.of("https", "http")) {
                Homepage homepage = homepage(fetch, scheme, host, honourRobots, homepageGet);
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
    private static Homepage homepage(Fetch fetch, String scheme, String host, boolean honourRobots,
                                     HomepageGet homepageGet) {
        URI uri = URI.create(scheme + "://" + host + "/");
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

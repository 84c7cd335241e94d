package dev.mppcensus.scan;

import dev.mppcensus.detection.LinkDeclarations;
import dev.mppcensus.detection.MppLinkDeclarations;
import dev.mppcensus.fetch.FetchResponse;
import java.net.URI;

/**
 * The homepage check on one origin.
 *
 * @param head             the HEAD chain (the robots.txt chain when the homepage was disallowed)
 * @param get              the GET chain when HEAD was not enough, or {@code null}
 * @param robots           the origin's robots.txt with {@code --robots}, else {@code null}
 * @param robotsDisallowed robots.txt disallows {@code /}: no homepage request was made
 */
record Homepage(String scheme, String host, RedirectChain head, RedirectChain get, RobotsTxt robots,
                boolean robotsDisallowed) {

    URI origin() {
        return origin(scheme, host);
    }

    /** The origin {@code scheme://host}. */
    static URI origin(String scheme, String host) {
        return URI.create(scheme + "://" + host);
    }

    boolean allows(String path) {
        return robots == null || robots.allows(origin(), path);
    }

    /** Some HTTP answer came (status and headers). */
    boolean answered() {
        return head.first().answered() || (get != null && get.first().answered());
    }

    /** A connection was made (TCP, and TLS for https), whether or not an HTTP answer followed. */
    boolean connected() {
        return head.hops().stream().anyMatch(r -> r.remoteAddress() != null)
                || (get != null && get.hops().stream().anyMatch(r -> r.remoteAddress() != null));
    }

    FetchResponse lastResponse() {
        return get != null ? get.last() : head.last();
    }

    /** The chain whose final response supplies the Link headers. */
    RedirectChain headerSource() {
        if (get == null) {
            return head;
        }
        boolean headHasLinks = head.completed() && !head.last().headers().allValues("link").isEmpty();
        return headHasLinks || !get.last().answered() ? head : get;
    }

    LinkDeclarations links() {
        if (robotsDisallowed) {
            return LinkDeclarations.none();
        }
        FetchResponse source = headerSource().last();
        return MppLinkDeclarations.find(source.headers().allValues("link"), source.uri());
    }
}

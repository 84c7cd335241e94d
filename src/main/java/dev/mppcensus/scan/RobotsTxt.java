package dev.mppcensus.scan;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import dev.mppcensus.fetch.FetchRequest;
import dev.mppcensus.fetch.FetchResponse;
import java.net.URI;
import java.util.List;

/**
 * One origin's {@code /robots.txt} as RFC 9309 reads it, for the product token {@value #AGENT}
 * (groups for {@code *} apply when none names us). Fetched with the crawler's usual caps and
 * redirect rules; parsed by crawler-commons. A 2xx body is parsed (a body cut at the size cap is parsed
 * as far as it came); 4xx and a broken redirect chain mean "allow everything"; 5xx means "allow nothing"
 * (RFC 9309 section 2.3.1.4). {@code rules} is {@code null} when no answer came at all: then nothing is
 * known and the caller proceeds (its own request will fail the same way).
 *
 * @param chain the request and its redirects
 * @param rules the rules, or {@code null} without an answer
 */
record RobotsTxt(RedirectChain chain, BaseRobotRules rules) {

    /** Our product token in {@code User-agent:} lines. */
    static final String AGENT = "mpp-census";

    static RobotsTxt fetch(Fetch fetch, URI origin) {
        RedirectChain chain = RedirectChain.follow(fetch, FetchRequest.get(origin.resolve("/robots.txt")));
        return new RobotsTxt(chain, rulesOf(chain));
    }

    private static BaseRobotRules rulesOf(RedirectChain chain) {
        SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
        FetchResponse last = chain.last();
        if (!chain.first().answered()) {
            return null;
        }
        if (chain.redirectError() != null || !last.answered()) {
            return parser.failedFetch(404); // unavailable: allow
        }
        int status = last.status();
        if (status >= 200 && status <= 299) {
            return parser.parseContent(last.uri().toString(), last.body(),
                    last.header("content-type") == null ? "text/plain" : last.header("content-type"), List.of(AGENT));
        }
        return parser.failedFetch(status);
    }

    /** Whether {@code path} on this origin may be fetched; {@code true} when nothing is known. */
    boolean allows(URI origin, String path) {
        return rules == null || rules.isAllowed(origin.resolve(path).toString());
    }
}

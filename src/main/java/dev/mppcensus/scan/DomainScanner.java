package dev.mppcensus.scan;

import dev.mppcensus.detection.AiAgentDocument;
import dev.mppcensus.detection.AiAgentDocumentReader;
import dev.mppcensus.detection.LinkDeclarations;
import dev.mppcensus.detection.MppField;
import dev.mppcensus.detection.MppLinkDeclarations;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.FetchErrorKind;
import dev.mppcensus.fetch.FetchRequest;
import dev.mppcensus.fetch.FetchResponse;
import dev.mppcensus.fetch.HttpFetcher;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the seed's two declaration checks for one domain: {@code GET /.well-known/ai-agent.json}
 * and the homepage's {@code Link} headers ({@code HEAD /}, then {@code GET /} headers only when HEAD
 * is refused, fails or carries no Link). Safe to call from many virtual threads at once.
 */
public final class DomainScanner {

    private static final Logger log = LoggerFactory.getLogger(DomainScanner.class);
    private static final Set<FetchErrorKind> TRY_PLAIN_HTTP =
            Set.of(FetchErrorKind.CONNECT, FetchErrorKind.RESET, FetchErrorKind.TLS_HANDSHAKE);
    private static final Set<FetchErrorKind> TRY_WWW = Set.of(FetchErrorKind.DNS, FetchErrorKind.CONNECT);

    private final HttpFetcher fetcher;

    public DomainScanner(HttpFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** Scans {@code domain}; never throws: a crawler bug becomes a result with error kind {@code other}. */
    public DomainScan scan(ListedDomain domain) {
        ScanRecorder recorder = new ScanRecorder(domain);
        try {
            return scan(domain.name(), recorder);
        } catch (RuntimeException | StackOverflowError e) {
            log.warn("Scanning {} failed unexpectedly", domain.name(), e);
            return recorder.failed(ErrorKind.OTHER, "crawler error: " + e);
        }
    }

    private DomainScan scan(String domain, ScanRecorder recorder) {
        Homepage homepage = locateSite(domain, recorder);
        if (homepage == null) {
            return recorder.unreachable();
        }
        URI origin = URI.create(homepage.scheme() + "://" + homepage.host());
        recorder.siteFound(homepage.host(), homepage.scheme());
        recorder.homepage(homepage);
        RedirectChain wellKnown = RedirectChain.follow(fetcher, FetchRequest.get(origin.resolve("/.well-known/ai-agent.json")));
        recorder.wellKnown(wellKnown, readDocument(wellKnown));
        return recorder.finish();
    }

    /** The first origin of {@code domain} or {@code www.domain}, https before http, whose homepage answers. */
    private Homepage locateSite(String domain, ScanRecorder recorder) {
        List<String> hosts = domain.startsWith("www.") ? List.of(domain) : List.of(domain, "www." + domain);
        for (String host : hosts) {
            FetchErrorKind failure = null;
            for (String scheme : List.of("https", "http")) {
                Homepage homepage = homepage(scheme, host);
                if (homepage.answered()) {
                    return homepage;
                }
                recorder.attemptFailed(homepage);
                failure = homepage.lastResponse().error().kind();
                if (!scheme.equals("https") || !TRY_PLAIN_HTTP.contains(failure)) {
                    break;
                }
            }
            if (!TRY_WWW.contains(failure)) {
                return null;
            }
        }
        return null;
    }

    /** HEAD the homepage; fall back to GET (headers only) when HEAD is refused, fails or has no Link. */
    private Homepage homepage(String scheme, String host) {
        URI uri = URI.create(scheme + "://" + host + "/");
        RedirectChain head = RedirectChain.follow(fetcher, FetchRequest.head(uri));
        FetchResponse last = head.last();
        boolean headUseful = head.completed() && last.status() != 405 && last.status() != 501
                && !last.headers().allValues("link").isEmpty();
        if (headUseful) {
            return new Homepage(scheme, host, head, null);
        }
        if (!head.first().answered() && !TRY_GET_AFTER_HEAD.contains(head.first().error().kind())) {
            return new Homepage(scheme, host, head, null);
        }
        RedirectChain get = RedirectChain.follow(fetcher, FetchRequest.getHeadersOnly(uri));
        return new Homepage(scheme, host, head, get);
    }

    /** HEAD failures after which a GET may still work (servers that mishandle HEAD). */
    private static final Set<FetchErrorKind> TRY_GET_AFTER_HEAD =
            Set.of(FetchErrorKind.RESET, FetchErrorKind.PROTOCOL, FetchErrorKind.OTHER);

    private static AiAgentDocument readDocument(RedirectChain wellKnown) {
        FetchResponse last = wellKnown.last();
        if (!wellKnown.completed() || last.status() < 200 || last.status() > 299 || !last.ok()) {
            return null;
        }
        return AiAgentDocumentReader.read(last.body(), last.uri());
    }

    /**
     * The homepage check on one origin.
     *
     * @param head the HEAD chain
     * @param get  the GET chain when HEAD was not enough, or {@code null}
     */
    record Homepage(String scheme, String host, RedirectChain head, RedirectChain get) {

        boolean answered() {
            return head.first().answered() || (get != null && get.first().answered());
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
            FetchResponse source = headerSource().last();
            return MppLinkDeclarations.find(source.headers().allValues("link"), source.uri());
        }
    }

    /** Evidence and outcome fields gathered while scanning one domain. */
    private static final class ScanRecorder {
        private final ListedDomain domain;
        private final Instant startedAt = Instant.now();
        private final long startNanos = System.nanoTime();
        private final Evidence evidence = new Evidence();
        private final List<FetchResponse> failedAttempts = new ArrayList<>();
        private String siteHost;
        private String scheme;
        private Homepage homepage;
        private RedirectChain wellKnown;
        private AiAgentDocument document;

        ScanRecorder(ListedDomain domain) {
            this.domain = domain;
        }

        void attemptFailed(Homepage homepage) {
            failedAttempts.add(homepage.lastResponse());
            evidence.attempt(homepage.head());
            if (homepage.get() != null) {
                evidence.attempt(homepage.get());
            }
        }

        void siteFound(String host, String scheme) {
            this.siteHost = host;
            this.scheme = scheme;
        }

        void homepage(Homepage homepage) {
            this.homepage = homepage;
            evidence.chain("homepage_head", homepage.head());
            if (homepage.get() != null) {
                evidence.chain("homepage_get", homepage.get());
            }
        }

        void wellKnown(RedirectChain chain, AiAgentDocument document) {
            this.wellKnown = chain;
            this.document = document;
            evidence.chain("well_known", chain);
            if (document != null) {
                evidence.document(document);
            }
        }

        DomainScan unreachable() {
            FetchResponse last = failedAttempts.getLast();
            return build(false, ErrorKind.of(last.error().kind()), last.error().message(),
                    List.of(), List.of(), false, null, null, null, false);
        }

        DomainScan failed(ErrorKind kind, String detail) {
            return build(siteHost != null, kind, detail, List.of(), List.of(), false, null, null, null, false);
        }

        DomainScan finish() {
            List<String> via = new ArrayList<>();
            Set<String> endpoints = new LinkedHashSet<>();
            boolean invalid = false;
            if (document != null && document.mpp() instanceof MppField.Declared declared) {
                via.add(DomainScan.VIA_WELL_KNOWN);
                endpoints.add(declared.endpoint().toString());
            } else if (document != null && document.mpp() instanceof MppField.Invalid) {
                invalid = true;
            }
            LinkDeclarations links = homepage.links();
            evidence.links(links);
            if (!links.mppEndpoints().isEmpty()) {
                via.add(DomainScan.VIA_LINK);
                links.mppEndpoints().forEach(uri -> endpoints.add(uri.toString()));
            }
            invalid |= !links.invalidTargets().isEmpty();
            FetchResponse homepageLast = homepage.headerSource().last();
            FetchResponse wellKnownLast = wellKnown.last();
            Problem problem = problem(homepage.headerSource(), wellKnown);
            return build(true, problem == null ? null : problem.kind(), problem == null ? null : problem.detail(),
                    via, List.copyOf(endpoints), invalid,
                    wellKnownLast.answered() ? wellKnownLast.status() : null,
                    documentState(),
                    homepageLast.answered() ? homepageLast.status() : null,
                    document != null && document.x402Declared());
        }

        private String documentState() {
            FetchResponse last = wellKnown.last();
            if (last.error() != null && last.error().kind() == FetchErrorKind.TOO_LARGE) {
                return "too_large";
            }
            if (document == null) {
                return last.answered() ? "absent" : null;
            }
            return switch (document.status()) {
                case VALID_OBJECT -> "valid";
                case NOT_AN_OBJECT -> "not_object";
                case INVALID_JSON -> "invalid_json";
                case EMPTY -> "empty";
            };
        }

        private record Problem(ErrorKind kind, String detail) {
        }

        /**
         * The most telling reason why a check of a reachable site could not see everything: a bot
         * challenge or rate limit first (the site hid its answer), then the well-known check's
         * problem, then the homepage's.
         */
        private static Problem problem(RedirectChain homepage, RedirectChain wellKnown) {
            List<Problem> problems = new ArrayList<>();
            for (RedirectChain chain : List.of(wellKnown, homepage)) {
                Problem p = problemOf(chain);
                if (p != null) {
                    problems.add(p);
                }
            }
            return problems.stream()
                    .filter(p -> p.kind() == ErrorKind.BOT_CHALLENGE || p.kind() == ErrorKind.RATE_LIMITED)
                    .findFirst()
                    .orElse(problems.isEmpty() ? null : problems.getFirst());
        }

        private static Problem problemOf(RedirectChain chain) {
            FetchResponse last = chain.last();
            if (chain.redirectError() != null) {
                return new Problem(ErrorKind.REDIRECT, chain.redirectError() + " from " + chain.first().uri());
            }
            if (last.error() != null) {
                return new Problem(ErrorKind.of(last.error().kind()), last.error().message() + " (" + last.uri() + ")");
            }
            int status = last.status();
            if (last.headers().firstValue("cf-mitigated").filter("challenge"::equalsIgnoreCase).isPresent()) {
                return new Problem(ErrorKind.BOT_CHALLENGE, "bot challenge (" + status + ") at " + last.uri());
            }
            if (status == 429 || (status == 503 && last.headers().firstValue("retry-after").isPresent())) {
                return new Problem(ErrorKind.RATE_LIMITED, "rate limited (" + status + ") at " + last.uri());
            }
            if (status >= 500) {
                return new Problem(ErrorKind.HTTP, "HTTP " + status + " at " + last.uri());
            }
            return null;
        }

        private DomainScan build(boolean reachable, ErrorKind errorKind, String errorDetail, List<String> via,
                List<String> endpoints, boolean declarationInvalid, Integer wellKnownStatus, String wellKnownDocument,
                Integer homepageStatus, boolean x402Declared) {
            long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
            return new DomainScan(domain.name(), domain.rank(), startedAt, durationMs, reachable, errorKind,
                    errorDetail, siteHost, scheme, List.copyOf(via), endpoints, declarationInvalid, wellKnownStatus,
                    wellKnownDocument, homepageStatus, x402Declared, evidence.requests(), evidence.toJson());
        }
    }
}

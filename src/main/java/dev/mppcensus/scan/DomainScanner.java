package dev.mppcensus.scan;

import dev.mppcensus.detection.AiAgentDocument;
import dev.mppcensus.detection.AiAgentDocumentReader;
import dev.mppcensus.detection.DomainVerdict;
import dev.mppcensus.detection.EndpointVerdict;
import dev.mppcensus.detection.LinkDeclarations;
import dev.mppcensus.detection.MppField;
import dev.mppcensus.detection.MppLinkDeclarations;
import dev.mppcensus.detection.OpenApiDiscovery;
import dev.mppcensus.detection.PayableOperation;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.DnsOutcome;
import dev.mppcensus.fetch.FetchErrorKind;
import dev.mppcensus.fetch.FetchRequest;
import dev.mppcensus.fetch.FetchResponse;
import dev.mppcensus.fetch.HttpFetcher;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans one domain: locates the site, runs the declaration checks (the seed's two, ai-agent.json
 * and the homepage's Link headers, plus MPP's own {@code /openapi.json}), probes every declared
 * endpoint with one unpaid GET, and combines it all into a {@link DomainScan}. Safe to call from
 * many virtual threads at once.
 */
public final class DomainScanner {

    private static final Logger log = LoggerFactory.getLogger(DomainScanner.class);
    private static final Set<FetchErrorKind> TRY_PLAIN_HTTP =
            Set.of(FetchErrorKind.CONNECT, FetchErrorKind.RESET, FetchErrorKind.TLS_HANDSHAKE);
    private static final Set<FetchErrorKind> TRY_WWW = Set.of(FetchErrorKind.DNS, FetchErrorKind.CONNECT);
    /** HEAD failures after which a GET may still work (servers that mishandle HEAD). */
    private static final Set<FetchErrorKind> TRY_GET_AFTER_HEAD =
            Set.of(FetchErrorKind.RESET, FetchErrorKind.PROTOCOL, FetchErrorKind.OTHER);

    private static final String WELL_KNOWN_PATH = "/.well-known/ai-agent.json";
    private static final String OPENAPI_PATH = "/openapi.json";

    /** The order of {@code declared_via} values in results. */
    private static final List<String> DECLARATION_ORDER =
            List.of(DomainScan.VIA_WELL_KNOWN, DomainScan.VIA_LINK, DomainScan.VIA_OPENAPI);

    /** Retries after a transient network error unless configured otherwise. */
    public static final int DEFAULT_RETRIES = 1;

    private final HttpFetcher fetcher;
    private final Set<ScanCheck> checks;
    private final boolean honourRobots;
    private final int retries;
    private final Duration retryBackoff;

    /** A scanner running every check, ignoring robots.txt, with {@value #DEFAULT_RETRIES} retry. */
    public DomainScanner(HttpFetcher fetcher) {
        this(fetcher, EnumSet.allOf(ScanCheck.class));
    }

    public DomainScanner(HttpFetcher fetcher, Set<ScanCheck> checks) {
        this(fetcher, checks, false, DEFAULT_RETRIES);
    }

    /**
     * @param honourRobots fetch each origin's robots.txt first and skip the homepage, ai-agent.json
     *                     and openapi.json requests it disallows for {@code mpp-census}
     * @param retries      retries of a request after a transient network error (refused, reset), with
     *                     exponential backoff from 250 ms; 0 disables
     * @throws IllegalArgumentException when {@code retries} is negative
     */
    public DomainScanner(HttpFetcher fetcher, Set<ScanCheck> checks, boolean honourRobots, int retries) {
        this(fetcher, checks, honourRobots, retries, RetryingFetch.DEFAULT_BACKOFF);
    }

    DomainScanner(HttpFetcher fetcher, Set<ScanCheck> checks, boolean honourRobots, int retries, Duration retryBackoff) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
        this.fetcher = fetcher;
        this.checks = checks.isEmpty() ? EnumSet.noneOf(ScanCheck.class) : EnumSet.copyOf(checks);
        this.honourRobots = honourRobots;
        this.retries = retries;
        this.retryBackoff = retryBackoff;
    }

    /** Scans {@code domain}; never throws: a crawler bug becomes a result with error kind {@code other}. */
    public DomainScan scan(ListedDomain domain) {
        RetryingFetch fetch = new RetryingFetch(fetcher::fetch, retries, retryBackoff);
        ScanResultBuilder result = new ScanResultBuilder(domain, fetch);
        try {
            return scan(domain.name(), fetch, result);
        } catch (RuntimeException | StackOverflowError e) {
            log.warn("Scanning {} failed unexpectedly", domain.name(), e);
            return result.failed(ErrorKind.OTHER, "crawler error: " + e);
        }
    }

    private DomainScan scan(String domain, Fetch fetch, ScanResultBuilder result) {
        Homepage homepage = locateSite(domain, fetch, result);
        if (homepage == null) {
            return result.unreachable();
        }
        URI origin = URI.create(homepage.scheme() + "://" + homepage.host());
        result.homepage(homepage, checks.contains(ScanCheck.LINK));
        if (checks.contains(ScanCheck.WELL_KNOWN)) {
            if (homepage.allows(origin, WELL_KNOWN_PATH)) {
                RedirectChain wellKnown = RedirectChain.follow(fetch, FetchRequest.get(origin.resolve(WELL_KNOWN_PATH)));
                result.wellKnown(wellKnown, successBody(wellKnown) ? AiAgentDocumentReader.read(
                        wellKnown.last().body(), wellKnown.last().uri()) : null);
            } else {
                result.robotsDisallowed(WELL_KNOWN_PATH);
            }
        }
        if (checks.contains(ScanCheck.OPENAPI)) {
            if (homepage.allows(origin, OPENAPI_PATH)) {
                RedirectChain openApi = RedirectChain.follow(fetch, FetchRequest.get(origin.resolve(OPENAPI_PATH)));
                result.openApi(openApi, successBody(openApi) ? OpenApiDiscovery.read(openApi.last().body()) : null,
                        origin);
            } else {
                result.robotsDisallowed(OPENAPI_PATH);
            }
        }
        if (checks.contains(ScanCheck.ENDPOINT)) {
            result.endpoints(EndpointProber.probe(fetch, result.endpointTargets(), result.evidence()));
        }
        return result.finish(checks.contains(ScanCheck.ENDPOINT));
    }

    /** The first origin of {@code domain} or {@code www.domain}, https before http, whose homepage answers. */
    private Homepage locateSite(String domain, Fetch fetch, ScanResultBuilder result) {
        List<String> hosts = domain.startsWith("www.") ? List.of(domain) : List.of(domain, "www." + domain);
        for (String host : hosts) {
            FetchErrorKind failure = null;
            for (String scheme : List.of("https", "http")) {
                Homepage homepage = homepage(fetch, scheme, host);
                if (homepage.answered()) {
                    return homepage;
                }
                result.attemptFailed(homepage);
                failure = homepage.lastResponse().error().kind();
                if (homepage.lastResponse().error().dns() == DnsOutcome.NXDOMAIN) {
                    return null; // RFC 8020: no name exists below a name that does not exist, www. included
                }
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
    private Homepage homepage(Fetch fetch, String scheme, String host) {
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
                && !last.headers().allValues("link").isEmpty();
        if (headUseful || (!head.first().answered() && !TRY_GET_AFTER_HEAD.contains(head.first().error().kind()))) {
            return new Homepage(scheme, host, head, null, robots, false);
        }
        return new Homepage(scheme, host, head, RedirectChain.follow(fetch, FetchRequest.getHeadersOnly(uri)), robots,
                false);
    }

    private static boolean successBody(RedirectChain chain) {
        FetchResponse last = chain.last();
        return chain.completed() && last.ok() && last.status() >= 200 && last.status() <= 299
                && contentEncoding(last) == null;
    }

    /**
     * The {@code Content-Encoding} a response declares although we asked for {@code identity}, or
     * {@code null}. Such bodies are never decoded (no compression bomb can inflate) nor parsed.
     */
    static String contentEncoding(FetchResponse response) {
        String encoding = response.header("content-encoding");
        if (encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity")) {
            return null;
        }
        return encoding.strip();
    }

    /**
     * The homepage check on one origin.
     *
     * @param head              the HEAD chain (the robots.txt chain when the homepage was disallowed)
     * @param get               the GET chain when HEAD was not enough, or {@code null}
     * @param robots            the origin's robots.txt with {@code --robots}, else {@code null}
     * @param robotsDisallowed  robots.txt disallows {@code /}: no homepage request was made
     */
    record Homepage(String scheme, String host, RedirectChain head, RedirectChain get, RobotsTxt robots,
                    boolean robotsDisallowed) {

        boolean allows(URI origin, String path) {
            return robots == null || robots.allows(origin, path);
        }

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
            if (robotsDisallowed) {
                return new LinkDeclarations(List.of(), List.of(), List.of());
            }
            FetchResponse source = headerSource().last();
            return MppLinkDeclarations.find(source.headers().allValues("link"), source.uri());
        }
    }

    /** Gathers what the checks found for one domain and turns it into a {@link DomainScan}. */
    private static final class ScanResultBuilder {
        private final ListedDomain domain;
        private final Instant startedAt = Instant.now();
        private final long startNanos = System.nanoTime();
        private final Evidence evidence = new Evidence();
        private final List<FetchResponse> failedAttempts = new ArrayList<>();
        private final Set<String> declaredVia = new LinkedHashSet<>();
        private String wellKnownEndpoint;
        private List<String> linkEndpoints = List.of();
        private String openApiOperation;
        private final List<RedirectChain> checkedChains = new ArrayList<>();
        private final Set<String> offerMethods = new LinkedHashSet<>();
        private final Set<String> offerIntents = new LinkedHashSet<>();
        private boolean declarationInvalid;
        private Homepage homepage;
        private RedirectChain wellKnown;
        private AiAgentDocument document;
        private RedirectChain openApi;
        private OpenApiDiscovery discovery;
        private List<EndpointProbe> probes = List.of();

        private final RetryingFetch fetch;
        private final Set<String> robotsDisallowed = new LinkedHashSet<>();

        ScanResultBuilder(ListedDomain domain, RetryingFetch fetch) {
            this.domain = domain;
            this.fetch = fetch;
        }

        void robotsDisallowed(String path) {
            robotsDisallowed.add(path);
        }

        Evidence evidence() {
            return evidence;
        }

        void attemptFailed(Homepage homepage) {
            failedAttempts.add(homepage.lastResponse());
            evidence.attempt(homepage.head());
            if (homepage.get() != null) {
                evidence.attempt(homepage.get());
            }
        }

        void homepage(Homepage homepage, boolean readLinks) {
            this.homepage = homepage;
            if (homepage.robots() != null) {
                evidence.chain("robots_txt", homepage.robots().chain());
            }
            if (homepage.robotsDisallowed()) {
                robotsDisallowed.add("/");
                return;
            }
            evidence.chain("homepage_head", homepage.head());
            if (homepage.get() != null) {
                evidence.chain("homepage_get", homepage.get());
            }
            checkedChains.add(homepage.headerSource());
            if (readLinks) {
                LinkDeclarations links = homepage.links();
                evidence.links(links);
                linkEndpoints = links.mppEndpoints().stream().map(URI::toString).toList();
                if (!linkEndpoints.isEmpty()) {
                    declaredVia.add(DomainScan.VIA_LINK);
                }
                declarationInvalid |= !links.invalidTargets().isEmpty();
            }
        }

        void wellKnown(RedirectChain chain, AiAgentDocument document) {
            this.wellKnown = chain;
            this.document = document;
            evidence.chain("well_known", chain);
            checkedChains.addFirst(chain);
            if (document == null) {
                return;
            }
            evidence.document(document);
            if (document.mpp() instanceof MppField.Declared declared) {
                declaredVia.add(DomainScan.VIA_WELL_KNOWN);
                wellKnownEndpoint = declared.endpoint().toString();
            } else if (document.mpp() instanceof MppField.Invalid) {
                declarationInvalid = true;
            }
        }

        void openApi(RedirectChain chain, OpenApiDiscovery discovery, URI origin) {
            this.openApi = chain;
            this.discovery = discovery;
            evidence.chain("openapi", chain);
            if (discovery == null) {
                return;
            }
            evidence.openApi(discovery);
            if (discovery.payableOperations() == 0) {
                return;
            }
            declaredVia.add(DomainScan.VIA_OPENAPI);
            offerMethods.addAll(discovery.methods());
            offerIntents.addAll(discovery.intents());
            // probe one documented payable GET operation (never POST, PUT or DELETE) for a live challenge
            discovery.operations().stream()
                    .filter(op -> op.httpMethod().equalsIgnoreCase("get") && !op.path().contains("{"))
                    .map(PayableOperation::path)
                    .findFirst()
                    .ifPresent(path -> openApiOperation = resolve(origin, path));
        }

        private static String resolve(URI origin, String path) {
            try {
                return origin.resolve(path.startsWith("/") ? path : "/" + path).toString();
            } catch (IllegalArgumentException e) {
                return origin.resolve("/").toString();
            }
        }

        /** Endpoints declared in ai-agent.json and Link headers, ai-agent.json first, without repeats. */
        private List<String> declaredEndpoints() {
            Set<String> endpoints = new LinkedHashSet<>();
            if (wellKnownEndpoint != null) {
                endpoints.add(wellKnownEndpoint);
            }
            endpoints.addAll(linkEndpoints);
            return List.copyOf(endpoints);
        }

        /** What to probe: endpoint URL → the sources declaring it (a documented payable GET operation last). */
        Map<String, List<String>> endpointTargets() {
            Map<String, List<String>> targets = new LinkedHashMap<>();
            if (wellKnownEndpoint != null) {
                targets.computeIfAbsent(wellKnownEndpoint, k -> new ArrayList<>()).add(DomainScan.VIA_WELL_KNOWN);
            }
            linkEndpoints.forEach(url -> targets.computeIfAbsent(url, k -> new ArrayList<>()).add(DomainScan.VIA_LINK));
            if (openApiOperation != null) {
                targets.computeIfAbsent(openApiOperation, k -> new ArrayList<>()).add(DomainScan.VIA_OPENAPI);
            }
            return targets;
        }

        void endpoints(List<EndpointProbe> probes) {
            this.probes = probes;
            evidence.endpoints(probes);
        }

        DomainScan unreachable() {
            FetchResponse last = failedAttempts.getLast();
            return build(false, ErrorKind.of(last.error().kind()), last.error().message(), false);
        }

        DomainScan failed(ErrorKind kind, String detail) {
            return build(homepage != null, kind, detail, false);
        }

        DomainScan finish(boolean endpointsChecked) {
            Problem problem = problem();
            return build(true, problem == null ? null : problem.kind(), problem == null ? null : problem.detail(),
                    endpointsChecked);
        }

        private record Problem(ErrorKind kind, String detail) {
        }

        /**
         * The most telling reason why a check of a reachable site could not see everything: a bot
         * challenge or rate limit first (the site hid its answer), then the checks' own problems in
         * order (well-known, homepage).
         */
        private Problem problem() {
            List<Problem> problems = new ArrayList<>();
            if (!robotsDisallowed.isEmpty()) {
                problems.add(new Problem(ErrorKind.ROBOTS, "robots.txt disallows " + String.join(", ", robotsDisallowed)
                        + " for " + RobotsTxt.AGENT));
            }
            for (RedirectChain chain : checkedChains) {
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
            if (status >= 200 && status <= 299 && contentEncoding(last) != null) {
                return new Problem(ErrorKind.INVALID, "body sent with Content-Encoding: " + contentEncoding(last)
                        + " despite Accept-Encoding: identity; not decoded (" + last.uri() + ")");
            }
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

        private String documentState() {
            if (wellKnown == null) {
                return null;
            }
            FetchResponse last = wellKnown.last();
            if (last.error() != null && last.error().kind() == FetchErrorKind.TOO_LARGE) {
                return "too_large";
            }
            if (document == null && wellKnown.completed() && last.status() >= 200 && last.status() <= 299
                    && contentEncoding(last) != null) {
                return "encoded";
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

        private DomainScan build(boolean reachable, ErrorKind errorKind, String errorDetail, boolean endpointsChecked) {
            if (fetch.retries() > 0) {
                evidence.note("retries", fetch.retries());
            }
            if (!robotsDisallowed.isEmpty()) {
                robotsDisallowed.forEach(evidence.robotsDisallowed()::add);
            }
            long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
            Set<String> methods = new LinkedHashSet<>();
            Set<String> intents = new LinkedHashSet<>();
            boolean x402Offered = false;
            Boolean challengeOverTls = null;
            for (EndpointProbe probe : probes) {
                if (probe.assessment() == null) {
                    continue;
                }
                methods.addAll(probe.assessment().methods());
                intents.addAll(probe.assessment().intents());
                x402Offered |= probe.assessment().x402Offered();
                if (!probe.assessment().challenges().isEmpty()) {
                    challengeOverTls = (challengeOverTls == null || challengeOverTls) && probe.overTls();
                }
            }
            methods.addAll(offerMethods);
            intents.addAll(offerIntents);
            EndpointVerdict best = EndpointVerdict.best(probes.stream().map(EndpointProbe::verdict).toList());
            boolean declared = !declaredVia.isEmpty();
            DomainVerdict verdict = DomainVerdict.from(reachable, declared, declarationInvalid,
                    endpointsChecked ? best : null);
            FetchResponse homepageLast = homepage == null || homepage.robotsDisallowed() ? null
                    : homepage.headerSource().last();
            FetchResponse wellKnownLast = wellKnown == null ? null : wellKnown.last();
            FetchResponse openApiLast = openApi == null ? null : openApi.last();
            return new DomainScan(domain.name(), domain.rank(), startedAt, durationMs, reachable, errorKind,
                    errorDetail, homepage == null ? null : homepage.host(), homepage == null ? null : homepage.scheme(),
                    DECLARATION_ORDER.stream().filter(declaredVia::contains).toList(), declaredEndpoints(),
                    declarationInvalid,
                    status(wellKnownLast), documentState(), status(homepageLast),
                    document != null && document.x402Declared(), status(openApiLast),
                    payableOperations(),
                    verdict, best, List.copyOf(methods), List.copyOf(intents), intents.contains("session"),
                    x402Offered, challengeOverTls, List.copyOf(probes), evidence.requests(), evidence.toJson());
        }

        /** Payable operations in openapi.json: {@code null} when not fetched, 0 when absent or unreadable. */
        private Integer payableOperations() {
            if (openApi == null) {
                return null;
            }
            return discovery == null ? Integer.valueOf(0) : Integer.valueOf(discovery.payableOperations());
        }

        private static Integer status(FetchResponse response) {
            return response == null || !response.answered() ? null : response.status();
        }
    }
}

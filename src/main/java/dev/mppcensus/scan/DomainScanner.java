package dev.mppcensus.scan;

import dev.mppcensus.detection.AiAgentDocumentReader;
import dev.mppcensus.detection.BotWalls;
import dev.mppcensus.detection.OpenApiDiscovery;
import dev.mppcensus.detection.ResponseProblem;
import dev.mppcensus.detection.X402WellKnown;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.FetchRequest;
import dev.mppcensus.fetch.FetchResponse;
import dev.mppcensus.fetch.HttpFetcher;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans one domain: locates the site ({@link SiteLocator}), runs its checks, each standing alone so
 * that no failing check hides another (the homepage's Link headers, {@code /.well-known/ai-agent.json},
 * the OpenAPI document at {@code /openapi.json} or {@code /api/openapi.json}, {@code /.well-known/x402}),
 * probes every declared endpoint and chosen payable operation with unpaid requests, then operations that
 * declare a 402 response without {@code x-payment-info} in the places left ({@link EndpointProber}), and
 * combines it all into a {@link DomainScan} ({@link DomainScanBuilder}), which also looks at every answer for
 * MPP spoken where nothing declares it.
 * Its independent checks are issued at once, the documents as soon as the homepage request has a connection
 * ({@link DocumentPrefetch}), and the endpoint probes run
 * concurrently too (at most {@value #PROBES_PER_DOMAIN} of one domain at a time), each on a virtual
 * thread with the fetcher's deadlines and caps; the evidence keeps each request's own timing. The
 * results are applied in a fixed order, so a scan's result does not depend on which answer came first.
 * Safe to call from many virtual threads at once.
 */
public final class DomainScanner {

    private static final Logger log = LoggerFactory.getLogger(DomainScanner.class);

    private static final String WELL_KNOWN_PATH = "/.well-known/ai-agent.json";
    /** Where MPP's discovery document is looked for, in order (the paths {@code mppx validate} tries). */
    private static final List<String> OPENAPI_PATHS = List.of("/openapi.json", "/api/openapi.json");
    private static final String X402_WELL_KNOWN_PATH = "/.well-known/x402";

    /** Most endpoint probes of one domain in flight at once. */
    static final int PROBES_PER_DOMAIN = 4;

    /** Retries after a transient network error unless configured otherwise. */
    public static final int DEFAULT_RETRIES = 1;

    private final HttpFetcher fetcher;
    private final Set<ScanCheck> checks;
    private final boolean honourRobots;
    private final int retries;
    private final Duration retryBackoff;
    private final ProbeMethods probeMethods;
    private final HomepageGet homepageGet;

    /** A scanner running every check, ignoring robots.txt, with {@value #DEFAULT_RETRIES} retry. */
    public DomainScanner(HttpFetcher fetcher) {
        this(fetcher, EnumSet.allOf(ScanCheck.class));
    }

    public DomainScanner(HttpFetcher fetcher, Set<ScanCheck> checks) {
        this(fetcher, checks, false, DEFAULT_RETRIES);
    }

    /** As {@link #DomainScanner(HttpFetcher, Set, boolean, int, ProbeMethods)} with {@link ProbeMethods#DEFAULT}. */
    public DomainScanner(HttpFetcher fetcher, Set<ScanCheck> checks, boolean honourRobots, int retries) {
        this(fetcher, checks, honourRobots, retries, ProbeMethods.DEFAULT);
    }

    /**
     * @param honourRobots fetch each origin's robots.txt first and skip the homepage and document
     *                     requests it disallows for {@code mpp-census}
     * @param retries      retries of a request after a transient network error (refused, reset), with
     *                     exponential backoff from 250 ms; 0 disables
     * @param probeMethods the HTTP methods payable operations may be probed with
     * @throws IllegalArgumentException when {@code retries} is negative
     */
    public DomainScanner(HttpFetcher fetcher, Set<ScanCheck> checks, boolean honourRobots, int retries,
                         ProbeMethods probeMethods) {
        this(fetcher, checks, honourRobots, retries, probeMethods, HomepageGet.FALLBACK);
    }

    /**
     * As {@link #DomainScanner(HttpFetcher, Set, boolean, int, ProbeMethods)}, with {@code homepageGet} saying
     * when the homepage is requested with GET after its HEAD.
     */
    public DomainScanner(HttpFetcher fetcher, Set<ScanCheck> checks, boolean honourRobots, int retries,
                         ProbeMethods probeMethods, HomepageGet homepageGet) {
        this(fetcher, checks, honourRobots, retries, RetryingFetch.DEFAULT_BACKOFF, probeMethods, homepageGet);
    }

    DomainScanner(HttpFetcher fetcher, Set<ScanCheck> checks, boolean honourRobots, int retries, Duration retryBackoff,
                  ProbeMethods probeMethods) {
        this(fetcher, checks, honourRobots, retries, retryBackoff, probeMethods, HomepageGet.FALLBACK);
    }

    DomainScanner(HttpFetcher fetcher, Set<ScanCheck> checks, boolean honourRobots, int retries, Duration retryBackoff,
                  ProbeMethods probeMethods, HomepageGet homepageGet) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
        this.fetcher = fetcher;
        this.checks = checks.isEmpty() ? EnumSet.noneOf(ScanCheck.class) : EnumSet.copyOf(checks);
        this.honourRobots = honourRobots;
        this.retries = retries;
        this.retryBackoff = retryBackoff;
        this.probeMethods = probeMethods;
        this.homepageGet = Objects.requireNonNull(homepageGet, "homepageGet");
    }

    /** Scans {@code domain}; never throws: a crawler bug becomes a result with error kind {@code other}. */
    public DomainScan scan(ListedDomain domain) {
        RetryingFetch fetch = new RetryingFetch(Fetch.of(fetcher), retries, retryBackoff);
        DomainScanBuilder result = new DomainScanBuilder(domain);
        try {
            return scan(domain.name(), fetch, result);
        } catch (RuntimeException | StackOverflowError e) {
            log.warn("Scanning {} failed unexpectedly", domain.name(), e);
            result.retries(fetch.retries());
            return result.failed(ErrorKind.OTHER, "crawler error: " + e);
        }
    }

    private DomainScan scan(String domain, RetryingFetch fetch, DomainScanBuilder result) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            DocumentPrefetch prefetch = new DocumentPrefetch(pool, fetch, honourRobots ? List.of() : documentPaths());
            SiteLocator.Located located = SiteLocator.locate(domain, fetch, honourRobots, homepageGet,
                    prefetch::connected);
            located.failures().forEach(result::attemptFailed);
            Homepage site = located.site();
            Map<String, Future<RedirectChain>> early = prefetch.takeFor(site == null ? null : site.origin());
            if (site == null) {
                result.retries(fetch.retries());
                return result.unreachable(located.failure());
            }
            result.homepage(site, checks.contains(ScanCheck.LINK));
            // the site's checks stand alone: issued at once (most already with the homepage), applied in a fixed order
            Future<RedirectChain> wellKnown = submit(pool, fetch, site, ScanCheck.WELL_KNOWN, WELL_KNOWN_PATH, result,
                    early);
            // both OpenAPI locations at once: most sites have neither, so the second is needed anyway
            List<Future<RedirectChain>> openApi = OPENAPI_PATHS.stream()
                    .map(path -> submit(pool, fetch, site, ScanCheck.OPENAPI, path, result, early))
                    .filter(Objects::nonNull).toList();
            Future<RedirectChain> x402 = submit(pool, fetch, site, ScanCheck.X402, X402_WELL_KNOWN_PATH, result, early);
            RedirectChain chain = join(wellKnown);
            if (chain != null) {
                result.wellKnown(chain, readable(chain)
                        ? AiAgentDocumentReader.read(chain.last().body(), chain.last().uri()) : null);
            }
            if (!openApi.isEmpty()) {
                OpenApiFetch document = openApi(openApi);
                result.openApi(document.tried(), document.document(), document.discovery());
            }
            chain = join(x402);
            if (chain != null) {
                result.x402WellKnown(chain, readable(chain)
                        ? X402WellKnown.read(chain.last().body(), chain.last().uri()) : null);
            }
            if (!result.answered()) {
                result.retries(fetch.retries());
                return result.unreachable(located.failure() != null ? located.failure() : site.lastResponse());
            }
            if (checks.contains(ScanCheck.ENDPOINT)) {
                List<ProbeTarget> targets = result.probeTargets(probeMethods);
                result.endpoints(targets, probe(pool, fetch, targets, result));
            }
        }
        result.retries(fetch.retries());
        return result.finish(checks.contains(ScanCheck.ENDPOINT));
    }

    /** Probes every target, at most {@value #PROBES_PER_DOMAIN} at once; results in target order. */
    private List<EndpointProbe> probe(ExecutorService pool, Fetch fetch, List<ProbeTarget> targets,
                                      DomainScanBuilder result) {
        Semaphore permits = new Semaphore(PROBES_PER_DOMAIN);
        ProbeExchanges exchanges = new ProbeExchanges(fetch);
        List<Future<EndpointProbe>> probes = new ArrayList<>();
        for (ProbeTarget target : targets) {
            probes.add(pool.submit(() -> {
                permits.acquire();
                try {
                    return EndpointProber.probe(exchanges, target, result.discoveryRoot(), probeMethods.methods());
                } finally {
                    permits.release();
                }
            }));
        }
        List<EndpointProbe> done = new ArrayList<>();
        probes.forEach(probe -> done.add(join(probe)));
        return done;
    }

    /**
     * What the OpenAPI check fetched: every URL tried, the one holding a document ({@code null} when
     * none did) and the reading of that one, else of the last tried (or {@code null}).
     */
    private record OpenApiFetch(List<RedirectChain> tried, RedirectChain document, OpenApiDiscovery discovery) {
    }

    /** The document is the first readable one in {@link #OPENAPI_PATHS} order; every fetch is kept as tried. */
    private static OpenApiFetch openApi(List<Future<RedirectChain>> fetches) {
        List<RedirectChain> tried = new ArrayList<>();
        RedirectChain document = null;
        OpenApiDiscovery discovery = null;
        for (Future<RedirectChain> fetch : fetches) {
            RedirectChain chain = join(fetch);
            tried.add(chain);
            if (document == null) {
                discovery = readable(chain) ? OpenApiDiscovery.read(chain.last().body()) : null;
                if (discovery != null && discovery.parsed()) {
                    document = chain;
                }
            }
        }
        return new OpenApiFetch(tried, document, discovery);
    }

    /** The documents of the checks that are on, as prefetched ({@link DocumentPrefetch}). */
    private List<String> documentPaths() {
        List<String> paths = new ArrayList<>();
        if (checks.contains(ScanCheck.WELL_KNOWN)) {
            paths.add(WELL_KNOWN_PATH);
        }
        if (checks.contains(ScanCheck.OPENAPI)) {
            paths.addAll(OPENAPI_PATHS);
        }
        if (checks.contains(ScanCheck.X402)) {
            paths.add(X402_WELL_KNOWN_PATH);
        }
        return paths;
    }

    /**
     * GET {@code path} on the site's origin in {@code pool}, unless {@code early} already holds that request;
     * {@code null} when the check is off or robots.txt disallows it.
     */
    private Future<RedirectChain> submit(ExecutorService pool, Fetch fetch, Homepage site, ScanCheck check, String path,
                                         DomainScanBuilder result, Map<String, Future<RedirectChain>> early) {
        if (!checks.contains(check)) {
            return null;
        }
        if (early.containsKey(path)) {
            return early.get(path);
        }
        if (!site.allows(path)) {
            synchronized (result) {
                result.robotsDisallowed(path);
            }
            return null;
        }
        return pool.submit(() -> RedirectChain.follow(fetch, FetchRequest.get(site.origin().resolve(path))));
    }

    /** The task's result; {@code null} for no task. A task's failure is rethrown (a crawler bug). */
    private static <T> T join(Future<T> task) {
        if (task == null) {
            return null;
        }
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scanning", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getCause());
        }
    }

    /**
     * A complete 2xx answer with an unencoded body that is the site's own: worth parsing. A bot wall's
     * page (some are sent with 200 or 202) is never read as the site's document.
     */
    private static boolean readable(RedirectChain chain) {
        FetchResponse last = chain.last();
        return chain.completed() && last.ok() && last.status() >= 200 && last.status() <= 299
                && ResponseProblem.contentEncoding(last.headers()) == null
                && BotWalls.find(last.status(), last.headers(), last.body()).isEmpty();
    }
}

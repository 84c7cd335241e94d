package dev.mppcensus.scan;

import dev.mppcensus.detection.AiAgentDocument;
import dev.mppcensus.detection.BotVendor;
import dev.mppcensus.detection.DomainAssessment;
import dev.mppcensus.detection.DomainVerdict;
import dev.mppcensus.detection.LinkDeclarations;
import dev.mppcensus.detection.MppField;
import dev.mppcensus.detection.OpenApiDiscovery;
import dev.mppcensus.detection.OperationSelection;
import dev.mppcensus.detection.OperationServer;
import dev.mppcensus.detection.PayableOperation;
import dev.mppcensus.detection.ResponseProblem;
import dev.mppcensus.detection.SiteWalls;
import dev.mppcensus.detection.WellKnownDocumentState;
import dev.mppcensus.detection.X402WellKnown;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.FetchErrorKind;
import dev.mppcensus.fetch.FetchResponse;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Gathers what the checks of one domain found and turns it into a {@link DomainScan}. Not thread-safe. */
final class DomainScanBuilder {

    /** The order of {@code declared_via} values in results. */
    private static final List<String> DECLARATION_ORDER = List.of(DomainScan.VIA_WELL_KNOWN, DomainScan.VIA_LINK,
            DomainScan.VIA_OPENAPI, DomainScan.VIA_X402_WELL_KNOWN);

    private final ListedDomain domain;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final Evidence evidence = new Evidence();
    private final Set<String> declaredVia = new LinkedHashSet<>();
    private final List<RedirectChain> checkedChains = new ArrayList<>();
    /** Every check's chain by its evidence name (homepage, well-known, OpenAPI paths, x402), for the walls. */
    private final Map<String, RedirectChain> checks = new LinkedHashMap<>();
    private final Set<String> robotsDisallowed = new LinkedHashSet<>();
    private String wellKnownEndpoint;
    private List<String> linkEndpoints = List.of();
    private List<X402WellKnown.Entry> x402Entries = List.of();
    private boolean declarationInvalid;
    private boolean x402Declared;
    private boolean answered;
    private Homepage homepage;
    private RedirectChain wellKnown;
    private AiAgentDocument document;
    private RedirectChain openApi;
    private OpenApiDiscovery discovery;
    private RedirectChain x402WellKnown;
    private List<EndpointProbe> probes = List.of();

    DomainScanBuilder(ListedDomain domain) {
        this.domain = domain;
    }

    void robotsDisallowed(String path) {
        robotsDisallowed.add(path);
    }

    void attemptFailed(Homepage failed) {
        evidence.attempt(failed.head());
        if (failed.get() != null) {
            evidence.attempt(failed.get());
        }
    }

    void homepage(Homepage located, boolean readLinks) {
        this.homepage = located;
        answered |= located.answered();
        if (located.robots() != null) {
            evidence.chain("robots_txt", located.robots().chain());
        }
        if (located.robotsDisallowed()) {
            robotsDisallowed.add("/");
            return;
        }
        evidence.chain("homepage_head", located.head());
        if (located.get() != null) {
            evidence.chain("homepage_get", located.get());
        }
        checkedChains.add(located.headerSource());
        checks.put(located.headerSource() == located.head() ? "homepage_head" : "homepage_get", located.headerSource());
        if (readLinks) {
            LinkDeclarations links = located.links();
            evidence.links(links);
            linkEndpoints = links.mppEndpoints().stream().map(URI::toString).toList();
            if (!linkEndpoints.isEmpty()) {
                declaredVia.add(DomainScan.VIA_LINK);
            }
            declarationInvalid |= !links.invalidTargets().isEmpty();
        }
    }

    void wellKnown(RedirectChain chain, AiAgentDocument read) {
        this.wellKnown = chain;
        this.document = read;
        answered |= chain.first().answered();
        evidence.chain("well_known", chain);
        checkedChains.addFirst(chain);
        checks.put("well_known", chain);
        if (read == null) {
            return;
        }
        evidence.document(read);
        x402Declared |= read.x402Declared();
        if (read.mpp() instanceof MppField.Declared declared) {
            declaredVia.add(DomainScan.VIA_WELL_KNOWN);
            wellKnownEndpoint = declared.endpoint().toString();
        } else if (read.mpp() instanceof MppField.Invalid) {
            declarationInvalid = true;
        }
    }

    /**
     * The OpenAPI check: every document URL tried, in order; {@code document} is the one that held a
     * document ({@code null} when none did), and {@code read} its reading, or when none held one the
     * reading of the last tried ({@code null} when it gave no readable body).
     */
    void openApi(List<RedirectChain> tried, RedirectChain document, OpenApiDiscovery read) {
        for (int i = 0; i < tried.size(); i++) {
            evidence.chain(i == 0 ? "openapi" : "openapi_" + (i + 1), tried.get(i));
            checks.put(i == 0 ? "openapi" : "openapi_" + (i + 1), tried.get(i));
            answered |= tried.get(i).first().answered();
        }
        boolean found = document != null && read != null && read.parsed();
        this.openApi = found ? document : tried.getFirst();
        this.discovery = read;
        if (read == null) {
            return;
        }
        evidence.openApi(read, found ? openApi.last().uri() : null);
        if (read.operations().stream().anyMatch(op -> op.info().protocols().contains("x402"))) {
            x402Declared = true;
        }
        if (read.declaresMpp()) {
            declaredVia.add(DomainScan.VIA_OPENAPI);
        }
    }

    void x402WellKnown(RedirectChain chain, X402WellKnown read) {
        this.x402WellKnown = chain;
        answered |= chain.first().answered();
        evidence.chain("x402_well_known", chain);
        checks.put("x402_well_known", chain);
        if (read == null) {
            return;
        }
        evidence.x402WellKnown(read);
        x402Declared |= read.x402Declared();
        declarationInvalid |= read.invalid() > 0 && !read.declaresMpp();
        x402Entries = read.mppResources();
        if (read.declaresMpp()) {
            declaredVia.add(DomainScan.VIA_X402_WELL_KNOWN);
        }
    }

    /** Whether some check got an HTTP answer from the site. */
    boolean answered() {
        return answered;
    }

    /**
     * What to probe, in order: endpoints declared in ai-agent.json, Link headers and
     * {@code /.well-known/x402} (at most {@value EndpointProber#MAX_ENDPOINTS}), then the payable
     * OpenAPI operations chosen by {@link OperationSelection} (at most {@value EndpointProber#MAX_OPERATIONS}),
     * each on its server ({@link OperationServer}) resolved against the URL the document was found at.
     */
    List<ProbeTarget> probeTargets(ProbeMethods probeMethods) {
        Map<String, ProbeTarget> targets = new LinkedHashMap<>();
        List<ProbeTarget> declared = new ArrayList<>();
        if (wellKnownEndpoint != null) {
            declared.add(ProbeTarget.declared(wellKnownEndpoint, "GET", DomainScan.VIA_WELL_KNOWN, false));
        }
        linkEndpoints.forEach(url -> declared.add(ProbeTarget.declared(url, "GET", DomainScan.VIA_LINK, false)));
        int notAllowed = 0;
        for (X402WellKnown.Entry entry : x402Entries) {
            if (entry.method() != null && !probeMethods.methods().contains(entry.method())) {
                notAllowed++;
                continue;
            }
            declared.add(ProbeTarget.declared(entry.url().toString(), entry.method() == null ? "GET" : entry.method(),
                    DomainScan.VIA_X402_WELL_KNOWN, entry.method() == null));
        }
        for (ProbeTarget target : declared) {
            String key = target.httpMethod() + " " + target.url();
            if (targets.containsKey(key)) {
                targets.put(key, targets.get(key).withSource(target.sources().getFirst()));
            } else if (targets.size() < EndpointProber.MAX_ENDPOINTS) {
                targets.put(key, target);
            } else {
                evidence.count("endpoints_not_probed");
            }
        }
        if (discovery != null && discovery.parsed() && discovery.hasPayableOperations()) {
            List<PayableOperation> chosen = OperationSelection.choose(discovery.operations(), probeMethods.methods(),
                    EndpointProber.MAX_OPERATIONS);
            URI documentUrl = openApi.last().uri();
            URI documentOrigin = OperationServer.origin(documentUrl);
            for (PayableOperation op : chosen) {
                OperationServer server = OperationServer.of(discovery.root(), op, documentUrl);
                URI barePath = server.url().equals(documentOrigin) ? null : documentOrigin;
                String url = server.url() + (op.path().startsWith("/") ? "" : "/") + op.path();
                String key = op.httpMethod() + " " + url;
                targets.merge(key, new ProbeTarget(url, op.httpMethod(), List.of(DomainScan.VIA_OPENAPI), op, false,
                                server, barePath),
                        (existing, added) -> existing.withOperation(op, server, barePath));
            }
            if (discovery.payableOperations() > chosen.size()) {
                evidence.note("operations_not_probed", discovery.payableOperations() - chosen.size());
            }
        }
        if (notAllowed > 0) {
            evidence.note("endpoints_not_probed_method", notAllowed);
        }
        return List.copyOf(targets.values());
    }

    void retries(int retries) {
        if (retries > 0) {
            evidence.note("retries", retries);
        }
    }

    /** The probes of {@code targets}, one per target, in the same order. */
    void endpoints(List<ProbeTarget> targets, List<EndpointProbe> probed) {
        this.probes = probed;
        evidence.endpoints(targets, probed);
    }

    /** The OpenAPI document read, for resolving {@code $ref}s in probe requests, or {@code null}. */
    tools.jackson.databind.JsonNode discoveryRoot() {
        return discovery == null ? null : discovery.root();
    }

    DomainScan unreachable(FetchResponse failure) {
        return build(false, new Problem(ErrorKind.of(failure.error().kind()), failure.error().message(), null), false);
    }

    DomainScan failed(ErrorKind kind, String detail) {
        return build(homepage != null && answered, new Problem(kind, detail, null), false);
    }

    DomainScan finish(boolean endpointsChecked) {
        return build(true, problem(), endpointsChecked);
    }

    /** A problem of the domain; {@code vendor} is the wall's vendor for {@link ErrorKind#BOT_CHALLENGE}, else null. */
    private record Problem(ErrorKind kind, String detail, BotVendor vendor) {
    }

    /**
     * The most telling reason why a check of a reachable site could not see everything: a bot wall on
     * any check first (well-known, homepage, OpenAPI, x402), then a rate limit (the site hid its answer),
     * then the checks' own problems in order (well-known, homepage).
     */
    private Problem problem() {
        for (RedirectChain chain : wallOrder()) {
            Problem p = problemOf(chain);
            if (p != null && p.kind() == ErrorKind.BOT_CHALLENGE) {
                return p;
            }
        }
        List<Problem> problems = new ArrayList<>();
        if (!robotsDisallowed.isEmpty()) {
            problems.add(new Problem(ErrorKind.ROBOTS, "robots.txt disallows " + String.join(", ", robotsDisallowed)
                    + " for " + RobotsTxt.AGENT, null));
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

    /** The checks' chains, well-known first, then the homepage, then the others in the order they were recorded. */
    private List<RedirectChain> wallOrder() {
        List<RedirectChain> order = new ArrayList<>(checkedChains);
        checks.values().stream().filter(chain -> !order.contains(chain)).forEach(order::add);
        return order;
    }

    /**
     * What the walls did to the domain's checks ({@link SiteWalls}); the evidence marks the checks whose
     * wall was inferred and sums the walls up.
     */
    private SiteWalls walls() {
        List<SiteWalls.Sight> sights = new ArrayList<>();
        for (RedirectChain chain : checks.values()) {
            FetchResponse last = chain.last();
            sights.add(last.answered() ? SiteWalls.Sight.of(last.status(), last.headers(), last.body())
                    : SiteWalls.Sight.NO_ANSWER);
        }
        SiteWalls walls = SiteWalls.of(sights);
        List<String> names = List.copyOf(checks.keySet());
        for (int i = 0; i < names.size(); i++) {
            SiteWalls.Outcome outcome = walls.checks().get(i);
            if (outcome.kind() == SiteWalls.Kind.WALLED_INFERRED) {
                evidence.inferredWall(names.get(i), outcome.wall());
            }
        }
        evidence.botWalls(walls);
        return walls;
    }

    private static Problem problemOf(RedirectChain chain) {
        FetchResponse last = chain.last();
        if (chain.redirectError() != null) {
            return new Problem(ErrorKind.REDIRECT, chain.redirectError() + " from " + chain.first().uri(), null);
        }
        if (last.error() != null) {
            return new Problem(ErrorKind.of(last.error().kind()), last.error().message() + " (" + last.uri() + ")",
                    null);
        }
        return ResponseProblem.of(last.uri().toString(), last.status(), last.headers(), last.body())
                .map(p -> new Problem(switch (p.kind()) {
                    case ENCODED -> ErrorKind.INVALID;
                    case BOT_CHALLENGE -> ErrorKind.BOT_CHALLENGE;
                    case RATE_LIMITED -> ErrorKind.RATE_LIMITED;
                    case SERVER_ERROR -> ErrorKind.HTTP;
                }, p.detail(), p.wall() == null ? null : p.wall().vendor()))
                .orElse(null);
    }

    private String documentState() {
        if (wellKnown == null) {
            return null;
        }
        FetchResponse last = wellKnown.last();
        WellKnownDocumentState state = WellKnownDocumentState.of(last.answered(),
                last.error() != null && last.error().kind() == FetchErrorKind.TOO_LARGE, wellKnown.completed(),
                last.status(), ResponseProblem.contentEncoding(last.headers()) != null, document);
        return state == null ? null : state.code();
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

    /**
     * The scan: {@code problem} ({@code null}: none) gives the error and, for a wall, {@code bot_vendor}; a
     * reachable site whose every check met a wall declares nothing that was seen ({@link DomainVerdict#UNSEEN}).
     */
    private DomainScan build(boolean reachable, Problem problem, boolean endpointsChecked) {
        robotsDisallowed.forEach(evidence.robotsDisallowed()::add);
        SiteWalls walls = walls();
        ErrorKind errorKind = problem == null ? null : problem.kind();
        String errorDetail = problem == null ? null : problem.detail();
        int durationMs = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startNanos) / 1_000_000);
        List<String> offerMethods = discovery == null ? List.of() : discovery.methods();
        List<String> offerIntents = discovery == null ? List.of() : discovery.intents();
        DomainAssessment assessment = DomainAssessment.of(probes.stream().map(EndpointProbe::verdict).toList(),
                probes.stream().map(EndpointProbe::assessment).toList(), offerMethods, offerIntents);
        DomainVerdict verdict = assessment.verdict(reachable, walls.everyCheckWalled(), !declaredVia.isEmpty(),
                declarationInvalid, endpointsChecked);
        boolean found = discovery != null && discovery.parsed();
        Long notStoredYet = null;
        Integer notCountedYet = null;
        return new DomainScan(notStoredYet, domain.name(), domain.rank(), startedAt, reachable, errorKind, errorDetail,
                reachable ? homepage.scheme() : null, reachable ? homepage.host() : null,
                DECLARATION_ORDER.stream().filter(declaredVia::contains).toList(), declaredEndpoints(),
                declarationInvalid, status(wellKnown), documentState(),
                homepage == null || homepage.robotsDisallowed() ? null : status(homepage.headerSource()),
                x402Declared, status(openApi), openApi == null ? null : found ? discovery.payableOperations() : 0,
                assessment.best(), verdict, assessment.methods(), assessment.intents(), assessment.sessionSupported(),
                assessment.x402Offered(), assessment.challengeOverTls(), evidence.requests(), notCountedYet, durationMs,
                evidence.toJson(), found ? openApi.last().uri().toString() : null,
                found ? discovery.operations402() : null, status(x402WellKnown), assessment.networks(),
                List.copyOf(probes), botVendor(problem, verdict, walls));
    }

    /**
     * The wall's vendor of a {@code bot_challenge} error; for an unseen site whose error is another (a crawler
     * error after the walls), the first vendor met, so that every unseen site names one.
     */
    private static BotVendor botVendor(Problem problem, DomainVerdict verdict, SiteWalls walls) {
        if (problem != null && problem.kind() == ErrorKind.BOT_CHALLENGE) {
            return problem.vendor();
        }
        return verdict == DomainVerdict.UNSEEN ? walls.vendors().getFirst() : null;
    }

    private static Integer status(RedirectChain chain) {
        return chain == null || !chain.last().answered() ? null : chain.last().status();
    }
}

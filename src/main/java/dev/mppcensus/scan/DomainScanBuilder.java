package dev.mppcensus.scan;

import dev.mppcensus.detection.AiAgentDocument;
import dev.mppcensus.detection.BotVendor;
import dev.mppcensus.detection.DomainAssessment;
import dev.mppcensus.detection.DomainVerdict;
import dev.mppcensus.detection.EndpointClassifier;
import dev.mppcensus.detection.EndpointVerdict;
import dev.mppcensus.detection.LinkDeclarations;
import dev.mppcensus.detection.MppField;
import dev.mppcensus.detection.OfferReader;
import dev.mppcensus.detection.OpenApiDiscovery;
import dev.mppcensus.detection.OperationSelection;
import dev.mppcensus.detection.OperationServer;
import dev.mppcensus.detection.PayableOperation;
import dev.mppcensus.detection.PaymentChallenge;
import dev.mppcensus.detection.PaymentOffer;
import dev.mppcensus.detection.ResponseProblem;
import dev.mppcensus.detection.SessionOutcome;
import dev.mppcensus.detection.SiteWalls;
import dev.mppcensus.detection.StreamOperation;
import dev.mppcensus.detection.UndeclaredEndpoint;
import dev.mppcensus.detection.WellKnownDocumentState;
import dev.mppcensus.detection.X402WellKnown;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.FetchErrorKind;
import dev.mppcensus.fetch.FetchResponse;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

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
    private List<ProbeTarget> probeTargets = List.of();
    /** Every answer of the site's checks that could carry a Payment challenge, for {@link UndeclaredEndpoint}. */
    private final List<UndeclaredEndpoint.Sighting> sightings = new ArrayList<>();

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
            sight("robots_txt", "GET", located.robots().chain());
        }
        if (located.robotsDisallowed()) {
            robotsDisallowed.add("/");
            return;
        }
        evidence.chain("homepage_head", located.head());
        sight("homepage_head", "HEAD", located.head());
        if (located.get() != null) {
            evidence.chain("homepage_get", located.get());
            sight("homepage_get", "GET", located.get());
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
        sight("well_known", "GET", chain);
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
            sight(i == 0 ? "openapi" : "openapi_" + (i + 1), "GET", tried.get(i));
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
        sight("x402_well_known", "GET", chain);
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

    /**
     * Keeps every 402 among the hops of a check's {@code chain} (a redirect target included), classified as it
     * arrives (a challenge's {@code expires} is judged at its answer's time), to look for MPP spoken where
     * nothing declares it. Only a 402 can carry a valid challenge ({@link EndpointClassifier}).
     */
    private void sight(String check, String httpMethod, RedirectChain chain) {
        for (FetchResponse hop : chain.hops()) {
            if (hop.answered() && hop.status() == 402) {
                sightings.add(new UndeclaredEndpoint.Sighting(check, httpMethod, hop.uri(),
                        EndpointClassifier.classify(hop.status(), hop.headers(), hop.body(),
                                "https".equalsIgnoreCase(hop.uri().getScheme()), hop.uri().getHost(), Instant.now()),
                        null));
            }
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
     * each on its server ({@link OperationServer}) resolved against the URL the document was found at, then in
     * the places of those {@value EndpointProber#MAX_OPERATIONS} the payable ones left, chosen the same way,
     * the operations that declare a 402 response without {@code x-payment-info}
     * ({@link EndpointProbe#UNDECLARED_OPERATION}): they declare nothing, but may speak MPP undeclared.
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
        int operationsChosen = 0;
        if (discovery != null && discovery.parsed() && discovery.hasPayableOperations()) {
            List<PayableOperation> chosen = OperationSelection.choose(discovery.operations(), probeMethods.methods(),
                    EndpointProber.MAX_OPERATIONS);
            operationsChosen = chosen.size();
            for (PayableOperation op : chosen) {
                ProbeTarget target = operationTarget(op, DomainScan.VIA_OPENAPI);
                targets.merge(target.httpMethod() + " " + target.url(), target,
                        (existing, added) -> existing.withOperation(op, added.server(), added.barePath()));
            }
            if (discovery.payableOperations() > chosen.size()) {
                evidence.note("operations_not_probed", discovery.payableOperations() - chosen.size());
            }
        }
        if (discovery != null && discovery.parsed() && !discovery.paymentRequiredOperations().isEmpty()) {
            // after the payable ones, in the places they left: an operation at a URL already probed is that
            // endpoint, probed once as what declares it
            List<PayableOperation> notYetProbed = discovery.paymentRequiredOperations().stream()
                    .filter(op -> !targets.containsKey(op.httpMethod() + " " + operationUrl(op)))
                    .toList();
            List<PayableOperation> chosen = OperationSelection.choose(notYetProbed, probeMethods.methods(),
                    Math.max(0, EndpointProber.MAX_OPERATIONS - operationsChosen));
            for (PayableOperation op : chosen) {
                ProbeTarget target = operationTarget(op, EndpointProbe.UNDECLARED_OPERATION);
                targets.put(target.httpMethod() + " " + target.url(), target);
            }
            if (notYetProbed.size() > chosen.size()) {
                evidence.note("operations_402_not_probed", notYetProbed.size() - chosen.size());
            }
        }
        if (notAllowed > 0) {
            evidence.note("endpoints_not_probed_method", notAllowed);
        }
        return List.copyOf(targets.values());
    }

    /**
     * The probe of {@code op} on its server ({@link OperationServer}) resolved against the URL the document was
     * found at, with its bare path on the document's origin when that differs.
     */
    private ProbeTarget operationTarget(PayableOperation op, String source) {
        URI documentUrl = openApi.last().uri();
        URI documentOrigin = OperationServer.origin(documentUrl);
        OperationServer server = OperationServer.of(discovery.root(), op, documentUrl);
        URI barePath = server.url().equals(documentOrigin) ? null : documentOrigin;
        return new ProbeTarget(operationUrl(server, op), op.httpMethod(), List.of(source), op, false, server, barePath);
    }

    /** The URL of {@code op}: its server's followed by its path template. */
    private String operationUrl(PayableOperation op) {
        return operationUrl(OperationServer.of(discovery.root(), op, openApi.last().uri()), op);
    }

    private static String operationUrl(OperationServer server, PayableOperation op) {
        return server.url() + (op.path().startsWith("/") ? "" : "/") + op.path();
    }

    void retries(int retries) {
        if (retries > 0) {
            evidence.note("retries", retries);
        }
    }

    /** The probes of {@code targets}, one per target, in the same order. */
    void endpoints(List<ProbeTarget> targets, List<EndpointProbe> probed) {
        this.probes = probed;
        this.probeTargets = List.copyOf(targets);
        evidence.endpoints(targets, probed);
    }

    /** The OpenAPI document read, for resolving {@code $ref}s in probe requests, or {@code null}. */
    JsonNode discoveryRoot() {
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
        // by identity: a chain's equals compares every hop's headers, which showed in profiles
        Set<RedirectChain> listed = Collections.newSetFromMap(new IdentityHashMap<>());
        listed.addAll(checkedChains);
        checks.values().stream().filter(listed::add).forEach(order::add);
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
        // only what a declaration names decides the verdict; undeclared finds are recorded beside it
        List<EndpointProbe> declaredProbes = probes.stream().filter(EndpointProbe::declared).toList();
        DomainAssessment assessment = DomainAssessment.of(declaredProbes.stream().map(EndpointProbe::verdict).toList(),
                declaredProbes.stream().map(EndpointProbe::assessment).toList(), offerMethods, offerIntents);
        List<UndeclaredEndpoint> undeclared = reachable ? undeclared() : List.of();
        DomainVerdict verdict = assessment.verdict(reachable, walls.everyCheckWalled(), !undeclared.isEmpty(),
                !declaredVia.isEmpty(), declarationInvalid, endpointsChecked);
        boolean found = discovery != null && discovery.parsed();
        List<StreamOperation> streams = found ? streams() : null;
        if (streams != null) {
            evidence.streams(streams);
        }
        List<PaymentOffer> offers = offers();
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
                List.copyOf(probes), undeclaredJson(undeclared), streams == null ? null : streams.size(),
                streams == null ? null : count(streams, SessionOutcome.SESSION_MISSING),
                streams == null ? null : count(streams, SessionOutcome.SESSION_OFFERED), botVendor(problem, verdict, walls),
                offers, OfferReader.disagreements(offers));
    }

    /**
     * The offers the domain makes, at most {@value OfferReader#MAX_OFFERS}: the valid challenges of its verified
     * endpoints in probe order, then the {@code x-payment-info} offers of the document's payable operations in
     * document order; the evidence counts those left out ({@code offers_not_recorded}).
     */
    private List<PaymentOffer> offers() {
        List<PaymentOffer> offers = new ArrayList<>();
        int notRecorded = 0;
        for (int i = 0; i < probes.size(); i++) {
            EndpointProbe probe = probes.get(i);
            if (probe.verdict() != EndpointVerdict.VERIFIED_MPP || probe.assessment() == null) {
                continue;
            }
            PayableOperation op = i < probeTargets.size() ? probeTargets.get(i).operation() : null;
            OfferReader.Place place = new OfferReader.Place(probe.url(), probe.httpMethod(),
                    op == null ? null : op.httpMethod() + " " + op.path());
            for (PaymentChallenge challenge : probe.assessment().challenges()) {
                if (offers.size() < OfferReader.MAX_OFFERS) {
                    OfferReader.fromChallenge(challenge, place).ifPresent(offers::add);
                } else if (challenge.valid()) {
                    notRecorded++;
                }
            }
        }
        if (discovery != null && discovery.parsed()) {
            for (PayableOperation op : discovery.operations()) {
                JsonNode info = op.operation() == null ? null : op.operation().get("x-payment-info");
                List<PaymentOffer> read = OfferReader.fromPaymentInfo(info, new OfferReader.Place(operationUrl(op),
                        op.httpMethod(), op.httpMethod() + " " + op.path()), OfferReader.MAX_OFFERS - offers.size());
                offers.addAll(read);
                notRecorded += OfferReader.count(info) - read.size();
            }
        }
        if (notRecorded > 0) {
            evidence.note("offers_not_recorded", notRecorded);
        }
        return List.copyOf(offers);
    }

    /**
     * The URLs that answered with a valid Payment challenge although no declaration names them: among the
     * site's checks (every hop) and the probes of operations that declare a 402 response without
     * {@code x-payment-info}. A declared endpoint's probe is that declared endpoint, wherever it was answered.
     */
    private List<UndeclaredEndpoint> undeclared() {
        List<UndeclaredEndpoint.Sighting> all = new ArrayList<>(sightings);
        Set<URI> declaredUrls = new LinkedHashSet<>();
        declaredEndpoints().forEach(url -> uri(url).ifPresent(declaredUrls::add));
        x402Entries.forEach(entry -> declaredUrls.add(entry.url()));
        for (int i = 0; i < probes.size(); i++) {
            EndpointProbe probe = probes.get(i);
            if (probe.declared()) {
                uri(probe.url()).ifPresent(declaredUrls::add);
                uri(probe.finalUrl()).ifPresent(declaredUrls::add);
                probe.sent().forEach(sent -> {
                    uri(sent.url()).ifPresent(declaredUrls::add);
                    uri(sent.finalUrl()).ifPresent(declaredUrls::add);
                });
            } else if (probe.assessment() != null && probe.finalUrl() != null && i < probeTargets.size()) {
                PayableOperation op = probeTargets.get(i).operation();
                uri(probe.finalUrl()).ifPresent(url -> all.add(new UndeclaredEndpoint.Sighting("openapi_402_operation",
                        probe.httpMethod(), url, probe.assessment(),
                        op == null ? null : op.httpMethod() + " " + op.path())));
            }
        }
        if (discovery != null && discovery.parsed()) {
            discovery.operations().forEach(op -> uri(operationUrl(op)).ifPresent(declaredUrls::add));
        }
        return UndeclaredEndpoint.find(all, declaredUrls);
    }

    /**
     * The operations of the document read that sell a stream ({@link StreamOperation}): its payable operations
     * that may speak MPP and those that declare a 402 response without {@code x-payment-info}, judged on their
     * probe's challenges when they were probed. {@code null} when the document sells nothing (it says nothing
     * about streams).
     */
    private List<StreamOperation> streams() {
        List<PayableOperation> sold = new ArrayList<>(discovery.operations().stream()
                .filter(PayableOperation::mppOffered).toList());
        sold.addAll(discovery.paymentRequiredOperations());
        if (sold.isEmpty()) {
            return null;
        }
        Map<PayableOperation, EndpointProbe> probed = new IdentityHashMap<>();
        for (int i = 0; i < probes.size() && i < probeTargets.size(); i++) {
            if (probeTargets.get(i).operation() != null) {
                probed.put(probeTargets.get(i).operation(), probes.get(i));
            }
        }
        List<StreamOperation> streams = new ArrayList<>();
        for (PayableOperation op : sold) {
            EndpointProbe probe = probed.get(op);
            StreamOperation.of(op, discovery.root(), probe == null ? null : probe.assessment()).ifPresent(streams::add);
        }
        return streams;
    }

    private static int count(List<StreamOperation> streams, SessionOutcome outcome) {
        return (int) streams.stream().filter(stream -> stream.outcome() == outcome).count();
    }

    /** {@code undeclared_endpoints}: one object per endpoint. */
    private static ArrayNode undeclaredJson(List<UndeclaredEndpoint> undeclared) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (UndeclaredEndpoint endpoint : undeclared) {
            ObjectNode item = array.addObject();
            item.put("url", endpoint.url());
            endpoint.seenAt().forEach(item.putArray("seen_at")::add);
            endpoint.httpMethods().forEach(item.putArray("http_methods")::add);
            if (endpoint.operation() != null) {
                item.put("operation", endpoint.operation());
            }
            endpoint.methods().forEach(item.putArray("methods")::add);
            endpoint.intents().forEach(item.putArray("intents")::add);
        }
        return array;
    }

    private static Optional<URI> uri(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(url));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
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

package dev.mppcensus.scan;

import dev.mppcensus.detection.EndpointAssessment;
import dev.mppcensus.detection.EndpointClassifier;
import dev.mppcensus.detection.EndpointVerdict;
import dev.mppcensus.detection.ProbeRequests;
import dev.mppcensus.fetch.FetchErrorKind;
import dev.mppcensus.fetch.FetchRequest;
import dev.mppcensus.fetch.FetchResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Probes one endpoint with unpaid requests (no credentials, no cookies, no {@code Accept-Payment},
 * {@code Accept: application/json}, the crawler's User-Agent, the fetcher's deadlines, caps and address
 * policy; redirects followed and recorded) and classifies the answer. An OpenAPI operation is requested
 * on its server ({@link dev.mppcensus.detection.OperationServer}). At most three requests per endpoint
 * (redirect hops aside):
 * <ol>
 *   <li>the first request;</li>
 *   <li>for an operation whose server URL is not the document's origin, its bare path on the document's
 *       origin once, if the server answered 404 (the URL the census and {@code mppx validate} probed before
 *       servers were read); the better answer of the two gives the verdict;</li>
 *   <li>for a documented operation answering 400 or 422 (it validated its input before the paywall), once
 *       more on the URL that answered, with every documented parameter and property filled; it is
 *       {@code needs_input} if that is rejected too.</li>
 * </ol>
 * A bare {@code /.well-known/x402} URL answering GET with 404 or 405 is tried once with POST (two
 * requests at most). A bot wall's answer ({@code bot_challenge}, the endpoint {@code unreachable}) is never
 * retried. Every request is kept in {@link EndpointProbe#sent()}. Independent of other endpoints, so a
 * domain's probes may run concurrently.
 */
final class EndpointProber {

    /** Most declared endpoints (ai-agent.json, Link, {@code /.well-known/x402}) probed per domain. */
    static final int MAX_ENDPOINTS = 5;
    /**
     * Most OpenAPI operations probed per domain: payable ones first, then in the places they leave those that
     * declare a 402 response without {@code x-payment-info}.
     */
    static final int MAX_OPERATIONS = 5;

    private static final Map<String, String> ACCEPT_JSON = Map.of("Accept", "application/json");
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private EndpointProber() {
    }

    /** Probes {@code target}; never throws for network problems. */
    static EndpointProbe probe(ProbeExchanges fetch, ProbeTarget target, JsonNode document, Set<String> allowedMethods) {
        URI server = target.server() == null ? null : target.server().url();
        FetchRequest first;
        try {
            first = request(target, server, document, false);
        } catch (IllegalArgumentException e) {
            return new EndpointProbe(target.url(), target.httpMethod(), target.sources(), EndpointVerdict.UNREACHABLE,
                    null, ErrorKind.INVALID, "unusable URL: " + e.getMessage(), null, null, 0, 0, 0, List.of());
        }
        long start = System.nanoTime();
        EndpointProbe probe = send(fetch, target, first, start);
        if (probe.status() != null && probe.status() == 404 && target.barePath() != null) {
            FetchRequest bareRequest = request(target, target.barePath(), document, false);
            EndpointProbe bare = send(fetch, target, bareRequest, start);
            if (bare.verdict().ordinal() > probe.verdict().ordinal()) {
                // the bare path gave no answer (unreachable, blocked): the server's 404 stays the verdict
                return probe.outcomeOf(probe, bare);
            }
            probe = bare.outcomeOf(probe, bare);
            first = bareRequest;
            server = target.barePath();
        }
        Integer status = probe.status();
        if (status == null || probe.errorKind() == ErrorKind.REDIRECT || probe.errorKind() == ErrorKind.BOT_CHALLENGE) {
            return probe; // a wall is not the endpoint's answer: no retry, no second method
        }
        if ((status == 400 || status == 422) && target.documentedOperation()) {
            FetchRequest retry = target.operation() == null ? null : request(target, server, document, true);
            if (retry == null || sameRequest(first, retry)) {
                return needsInput(probe);
            }
            EndpointProbe second = send(fetch, target, retry, start);
            second = second.outcomeOf(probe, second);
            return second.status() != null && (second.status() == 400 || second.status() == 422)
                    ? needsInput(second) : second;
        }
        if (target.bareUrl() && (status == 404 || status == 405) && allowedMethods.contains("POST")) {
            FetchRequest post = new FetchRequest("POST", first.uri(), true, ACCEPT_JSON, "{}".getBytes(StandardCharsets.UTF_8));
            EndpointProbe second = send(fetch, target, post, start);
            second = second.outcomeOf(probe, second);
            return second.status() != null && (second.status() == 400 || second.status() == 422)
                    ? needsInput(second) : second;
        }
        return probe;
    }

    /**
     * The request for {@code target}: an operation's path filled in and appended to {@code server}, with
     * its body; a declared endpoint's own URL.
     */
    private static FetchRequest request(ProbeTarget target, URI server, JsonNode document, boolean full) {
        String method = target.httpMethod();
        byte[] body = null;
        URI uri;
        if (target.operation() != null) {
            String path = ProbeRequests.target(target.operation(), document, full);
            uri = URI.create(server + path);
            if (BODY_METHODS.contains(method) || ProbeRequests.hasBody(target.operation(), document)) {
                body = bytes(ProbeRequests.body(target.operation(), document, full));
            }
        } else {
            uri = URI.create(target.url());
            body = BODY_METHODS.contains(method) ? "{}".getBytes(StandardCharsets.UTF_8) : null;
        }
        return new FetchRequest(method, uri, !method.equals("HEAD"), ACCEPT_JSON, body);
    }

    /**
     * Sends {@code request} (unless the domain's probes sent it before: then its answer is taken, and no
     * request is counted), follows its redirects and classifies the answer as one attempt.
     */
    private static EndpointProbe send(ProbeExchanges fetch, ProbeTarget target, FetchRequest request, long startNanos) {
        ProbeExchanges.Exchange exchange = fetch.follow(request);
        return classify(target, request, exchange.chain(), exchange.sent(), startNanos);
    }

    private static byte[] bytes(JsonNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean sameRequest(FetchRequest a, FetchRequest b) {
        return a.uri().equals(b.uri()) && Arrays.equals(a.body(), b.body());
    }

    private static EndpointProbe needsInput(EndpointProbe probe) {
        EndpointAssessment assessment = probe.assessment() == null ? null
                : probe.assessment().withVerdict(EndpointVerdict.NEEDS_INPUT);
        return probe.withVerdict(EndpointVerdict.NEEDS_INPUT, assessment);
    }

    private static EndpointProbe classify(ProbeTarget target, FetchRequest request, RedirectChain chain, boolean sent,
                                          long startNanos) {
        FetchResponse last = chain.last();
        String method = request.method();
        int attempts = 1;
        List<SentRequest> sentRequests = List.of(sent(request, chain));
        String url = target.url();
        List<String> sources = target.sources();
        int requests = sent ? chain.hops().size() : 0;
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        boolean overTls = "https".equalsIgnoreCase(last.uri().getScheme());
        if (!last.answered()) {
            EndpointVerdict verdict = last.error().kind() == FetchErrorKind.BLOCKED
                    ? EndpointVerdict.BLOCKED : EndpointVerdict.UNREACHABLE;
            return new EndpointProbe(url, method, sources, verdict, null, ErrorKind.of(last.error().kind()),
                    last.error().message(), null, EndpointAssessment.withoutAnswer(verdict, overTls), attempts,
                    requests, ms, sentRequests);
        }
        if (chain.redirectError() != null) {
            // a loop or a redirect to ftp:, file:, data: ... : the endpoint's own answer was never seen
            return new EndpointProbe(url, method, sources, EndpointVerdict.UNREACHABLE, last.status(),
                    ErrorKind.REDIRECT, chain.redirectError(), last.uri().toString(),
                    EndpointAssessment.withoutAnswer(EndpointVerdict.UNREACHABLE, overTls), attempts, requests, ms,
                    sentRequests);
        }
        // the answer has just been read in full: its arrival is now, within the time it took to read
        EndpointAssessment assessment = EndpointClassifier.classify(last.status(), last.headers(), last.body(), overTls,
                last.uri().getHost(), Instant.now());
        ErrorKind errorKind = last.error() != null ? ErrorKind.of(last.error().kind()) : null;
        String detail = last.error() != null ? last.error().message() : null;
        if (assessment.wall() != null) {
            // a vendor's challenge or block answer: the endpoint itself was never seen
            errorKind = ErrorKind.BOT_CHALLENGE;
            detail = assessment.wall().describe(last.status(), last.uri().toString());
        }
        return new EndpointProbe(url, method, sources, assessment.verdict(), last.status(), errorKind, detail,
                last.uri().toString(), assessment, attempts, requests, ms, sentRequests);
    }

    private static SentRequest sent(FetchRequest request, RedirectChain chain) {
        FetchResponse last = chain.last();
        String url = request.uri().toString();
        String finalUrl = last.answered() && !last.uri().toString().equals(url) ? last.uri().toString() : null;
        String error = chain.redirectError() != null ? ErrorKind.REDIRECT.code() + ": " + chain.redirectError()
                : last.error() != null ? ErrorKind.of(last.error().kind()).code() + ": " + last.error().message() : null;
        return new SentRequest(request.method(), url, last.answered() ? last.status() : null, finalUrl, error);
    }
}

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
 * policy; redirects followed and recorded) and classifies the answer. At most two requests per
 * endpoint: a documented operation answering 400 or 422 (it validated its input before the paywall) is
 * retried once with every documented parameter and property filled, and is {@code needs_input} if that
 * is rejected too; a bare {@code /.well-known/x402} URL answering GET with 404 or 405 is tried once
 * with POST. Independent of other endpoints, so a domain's probes may run concurrently.
 */
final class EndpointProber {

    /** Most declared endpoints (ai-agent.json, Link, {@code /.well-known/x402}) probed per domain. */
    static final int MAX_ENDPOINTS = 5;
    /** Most payable OpenAPI operations probed per domain. */
    static final int MAX_OPERATIONS = 5;

    private static final Map<String, String> ACCEPT_JSON = Map.of("Accept", "application/json");
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private EndpointProber() {
    }

    /** Probes {@code target}; never throws for network problems. */
    static EndpointProbe probe(Fetch fetch, ProbeTarget target, JsonNode document, Set<String> allowedMethods) {
        FetchRequest first;
        try {
            first = request(target, document, false);
        } catch (IllegalArgumentException e) {
            return new EndpointProbe(target.url(), target.httpMethod(), target.sources(), EndpointVerdict.UNREACHABLE,
                    null, ErrorKind.INVALID, "unusable URL: " + e.getMessage(), null, null, 0, 0, 0);
        }
        long start = System.nanoTime();
        RedirectChain chain = RedirectChain.follow(fetch, first);
        EndpointProbe probe = classify(target, first.method(), chain, 1, start);
        Integer status = probe.status();
        if (status == null || probe.errorKind() == ErrorKind.REDIRECT) {
            return probe;
        }
        if ((status == 400 || status == 422) && target.documentedOperation()) {
            FetchRequest retry = target.operation() == null ? null : request(target, document, true);
            if (retry == null || sameRequest(first, retry)) {
                return needsInput(probe);
            }
            EndpointProbe second = classify(target, retry.method(), RedirectChain.follow(fetch, retry), 2, start)
                    .withRequests(probe.requests());
            return second.status() != null && (second.status() == 400 || second.status() == 422)
                    ? needsInput(second) : second;
        }
        if (target.bareUrl() && (status == 404 || status == 405) && allowedMethods.contains("POST")) {
            FetchRequest post = new FetchRequest("POST", first.uri(), true, ACCEPT_JSON, "{}".getBytes(StandardCharsets.UTF_8));
            EndpointProbe second = classify(target, "POST", RedirectChain.follow(fetch, post), 2, start)
                    .withRequests(probe.requests());
            return second.status() != null && (second.status() == 400 || second.status() == 422)
                    ? needsInput(second) : second;
        }
        return probe;
    }

    private static FetchRequest request(ProbeTarget target, JsonNode document, boolean full) {
        String method = target.httpMethod();
        byte[] body = null;
        URI uri;
        if (target.operation() != null) {
            uri = target.origin().resolve(ProbeRequests.target(target.operation(), document, full));
            if (BODY_METHODS.contains(method) || ProbeRequests.hasBody(target.operation(), document)) {
                body = bytes(ProbeRequests.body(target.operation(), document, full));
            }
        } else {
            uri = URI.create(target.url());
            body = BODY_METHODS.contains(method) ? "{}".getBytes(StandardCharsets.UTF_8) : null;
        }
        return new FetchRequest(method, uri, !method.equals("HEAD"), ACCEPT_JSON, body);
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

    private static EndpointProbe classify(ProbeTarget target, String method, RedirectChain chain, int attempts,
                                          long startNanos) {
        FetchResponse last = chain.last();
        String url = target.url();
        List<String> sources = target.sources();
        int requests = chain.hops().size();
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        boolean overTls = "https".equalsIgnoreCase(last.uri().getScheme());
        if (!last.answered()) {
            EndpointVerdict verdict = last.error().kind() == FetchErrorKind.BLOCKED
                    ? EndpointVerdict.BLOCKED : EndpointVerdict.UNREACHABLE;
            return new EndpointProbe(url, method, sources, verdict, null, ErrorKind.of(last.error().kind()),
                    last.error().message(), null, EndpointAssessment.withoutAnswer(verdict, overTls), attempts,
                    requests, ms);
        }
        if (chain.redirectError() != null) {
            // a loop or a redirect to ftp:, file:, data: ... : the endpoint's own answer was never seen
            return new EndpointProbe(url, method, sources, EndpointVerdict.UNREACHABLE, last.status(),
                    ErrorKind.REDIRECT, chain.redirectError(), last.uri().toString(),
                    EndpointAssessment.withoutAnswer(EndpointVerdict.UNREACHABLE, overTls), attempts, requests, ms);
        }
        // the answer has just been read in full: its arrival is now, within the time it took to read
        EndpointAssessment assessment = EndpointClassifier.classify(last.status(), last.headers(), last.body(), overTls,
                last.uri().getHost(), Instant.now());
        ErrorKind errorKind = last.error() != null ? ErrorKind.of(last.error().kind()) : null;
        String detail = last.error() != null ? last.error().message() : null;
        return new EndpointProbe(url, method, sources, assessment.verdict(), last.status(), errorKind, detail,
                last.uri().toString(), assessment, attempts, requests, ms);
    }
}

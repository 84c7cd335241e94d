package dev.mppcensus.scan;

import dev.mppcensus.detection.EndpointAssessment;
import dev.mppcensus.detection.EndpointClassifier;
import dev.mppcensus.detection.EndpointVerdict;
import dev.mppcensus.fetch.FetchErrorKind;
import dev.mppcensus.fetch.FetchRequest;
import dev.mppcensus.fetch.FetchResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Probes declared endpoints with one unpaid {@code GET} each (no credentials, no cookies, the
 * fetcher's deadlines, caps and address policy; redirects followed and recorded) and classifies
 * the answer. At most {@link #MAX_ENDPOINTS} endpoints per domain are probed.
 */
final class EndpointProber {

    static final int MAX_ENDPOINTS = 5;

    private EndpointProber() {
    }

    /** Probes each target (URL → the sources that declared it), in order. */
    static List<EndpointProbe> probe(Fetch fetcher, Map<String, List<String>> targets, Evidence evidence) {
        List<EndpointProbe> probes = new ArrayList<>();
        for (var target : targets.entrySet()) {
            if (probes.size() == MAX_ENDPOINTS) {
                evidence.note("endpoints_not_probed", targets.size() - MAX_ENDPOINTS);
                break;
            }
            FetchRequest request;
            try {
                request = FetchRequest.get(URI.create(target.getKey()));
            } catch (IllegalArgumentException e) {
                probes.add(new EndpointProbe(target.getKey(), target.getValue(), EndpointVerdict.UNREACHABLE, null,
                        ErrorKind.INVALID, "unusable URL: " + e.getMessage(), null, null));
                continue;
            }
            RedirectChain chain = RedirectChain.follow(fetcher, request);
            evidence.countRequests(chain);
            probes.add(classify(target.getKey(), target.getValue(), chain));
        }
        return probes;
    }

    private static EndpointProbe classify(String url, List<String> sources, RedirectChain chain) {
        FetchResponse last = chain.last();
        if (!last.answered()) {
            EndpointVerdict verdict = last.error().kind() == FetchErrorKind.BLOCKED
                    ? EndpointVerdict.BLOCKED : EndpointVerdict.UNREACHABLE;
            boolean overTls = "https".equalsIgnoreCase(last.uri().getScheme());
            return new EndpointProbe(url, sources, verdict, null, ErrorKind.of(last.error().kind()),
                    last.error().message(), null, EndpointAssessment.withoutAnswer(verdict, overTls));
        }
        boolean overTls = "https".equalsIgnoreCase(last.uri().getScheme());
        if (chain.redirectError() != null) {
            // a loop or a redirect to ftp:, file:, data: ... : the endpoint's own answer was never seen
            return new EndpointProbe(url, sources, EndpointVerdict.UNREACHABLE, last.status(), ErrorKind.REDIRECT,
                    chain.redirectError(), last.uri().toString(),
                    EndpointAssessment.withoutAnswer(EndpointVerdict.UNREACHABLE, overTls));
        }
        EndpointAssessment assessment = EndpointClassifier.classify(last.status(), last.headers(), last.body(), overTls);
        ErrorKind errorKind = chain.redirectError() != null ? ErrorKind.REDIRECT
                : last.error() != null ? ErrorKind.of(last.error().kind()) : null;
        String detail = chain.redirectError() != null ? chain.redirectError()
                : last.error() != null ? last.error().message() : null;
        return new EndpointProbe(url, sources, assessment.verdict(), last.status(), errorKind, detail,
                last.uri().toString(), assessment);
    }
}

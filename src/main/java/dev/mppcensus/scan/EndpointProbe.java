package dev.mppcensus.scan;

import dev.mppcensus.detection.EndpointAssessment;
import dev.mppcensus.detection.EndpointVerdict;
import java.util.List;

/**
 * What the unpaid requests to one declared endpoint or payable operation showed.
 *
 * @param url         the declared URL (for an operation: its server URL and its path template)
 * @param httpMethod  the method of the request that gave the verdict, upper case ({@code GET}, {@code POST}, ...)
 * @param sources     where it was declared: {@code well_known}, {@code link}, {@code x402_well_known}, {@code openapi};
 *                    or {@value #UNDECLARED_OPERATION} alone for an OpenAPI operation that declares a 402 response
 *                    without {@code x-payment-info}, which is probed but declares nothing
 * @param verdict     the endpoint's verdict
 * @param status      final HTTP status, or {@code null} without an answer
 * @param errorKind   why there was no answer, or {@code null}
 * @param errorDetail detail of {@code errorKind}
 * @param finalUrl    the URL that answered (after filling parameters and following redirects), or {@code null}
 * @param assessment  the classified answer, with its challenges ({@code null} without a request)
 * @param attempts    requests made for this endpoint, redirects not counted: 1; 2 after a bare URL's POST
 *                    after 404/405, an operation's bare path after a 404 on its server, or a 400/422
 *                    retry; 3 after both of the last two
 * @param requests    HTTP requests sent, redirect hops included
 * @param elapsedMs   wall time of this endpoint's requests
 * @param sent        every request made, in order ({@code attempts} of them; empty when the URL was unusable)
 */
public record EndpointProbe(String url, String httpMethod, List<String> sources, EndpointVerdict verdict,
                            Integer status, ErrorKind errorKind, String errorDetail, String finalUrl,
                            EndpointAssessment assessment, int attempts, int requests, long elapsedMs,
                            List<SentRequest> sent) {

    /** The source of an operation that declares a 402 response without {@code x-payment-info}. */
    public static final String UNDECLARED_OPERATION = "openapi_402";

    public EndpointProbe {
        sources = sources == null ? List.of() : List.copyOf(sources);
        sent = sent == null ? List.of() : List.copyOf(sent);
    }

    /**
     * Whether a declaration names this endpoint: its answer counts toward the domain's verdict. An operation
     * that only declares a 402 response is probed to find MPP spoken where nothing declares it, and never does.
     */
    public boolean declared() {
        return !sources.contains(UNDECLARED_OPERATION);
    }

    public boolean overTls() {
        String target = finalUrl != null ? finalUrl : url;
        return target.regionMatches(true, 0, "https:", 0, 6);
    }

    EndpointProbe withVerdict(EndpointVerdict other, EndpointAssessment otherAssessment) {
        return new EndpointProbe(url, httpMethod, sources, other, status, errorKind, errorDetail, finalUrl,
                otherAssessment, attempts, requests, elapsedMs, sent);
    }

    /**
     * This probe's answer, as the outcome of {@code earlier} and {@code later} requests of the same endpoint:
     * their attempts, requests and sent requests added up, in order. The wall time is {@code later}'s,
     * which is measured from the first request.
     */
    EndpointProbe outcomeOf(EndpointProbe earlier, EndpointProbe later) {
        List<SentRequest> all = new java.util.ArrayList<>(earlier.sent);
        all.addAll(later.sent);
        return new EndpointProbe(url, httpMethod, sources, verdict, status, errorKind, errorDetail, finalUrl,
                assessment, earlier.attempts + later.attempts, earlier.requests + later.requests, later.elapsedMs, all);
    }
}

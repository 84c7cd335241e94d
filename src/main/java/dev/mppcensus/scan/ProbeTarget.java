package dev.mppcensus.scan;

import dev.mppcensus.detection.PayableOperation;
import java.util.List;

/**
 * One endpoint to probe.
 *
 * @param url        the absolute URL (for an operation: its path filled for the first request)
 * @param httpMethod the method of the first request, upper case
 * @param sources    where it was declared: {@code well_known}, {@code link}, {@code x402_well_known}, {@code openapi}
 * @param operation  the OpenAPI operation it probes, or {@code null}
 * @param bareUrl    a {@code /.well-known/x402} entry without method: GET, then POST when GET answers 404 or 405
 * @param origin     the origin an operation's filled path resolves against, or {@code null}
 */
record ProbeTarget(String url, String httpMethod, List<String> sources, PayableOperation operation, boolean bareUrl,
                   java.net.URI origin) {

    ProbeTarget {
        sources = List.copyOf(sources);
    }

    /** Whether the site documents this endpoint as an operation with a request (OpenAPI, {@code /.well-known/x402}). */
    boolean documentedOperation() {
        return operation != null || sources.contains(DomainScan.VIA_X402_WELL_KNOWN);
    }

    ProbeTarget withSource(String source) {
        if (sources.contains(source)) {
            return this;
        }
        List<String> more = new java.util.ArrayList<>(sources);
        more.add(source);
        return new ProbeTarget(url, httpMethod, more, operation, bareUrl, origin);
    }
}

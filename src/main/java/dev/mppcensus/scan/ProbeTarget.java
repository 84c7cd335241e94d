package dev.mppcensus.scan;

import dev.mppcensus.detection.OperationServer;
import dev.mppcensus.detection.PayableOperation;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One endpoint to probe.
 *
 * @param url        the absolute URL (for an operation: its server URL and its path template)
 * @param httpMethod the method of the first request, upper case
 * @param sources    where it was declared: {@code well_known}, {@code link}, {@code x402_well_known}, {@code openapi};
 *                   {@link EndpointProbe#UNDECLARED_OPERATION} alone for an operation that declares a 402
 *                   response without {@code x-payment-info}
 * @param operation  the OpenAPI operation it probes, or {@code null}
 * @param bareUrl    a {@code /.well-known/x402} entry without method: GET, then POST when GET answers 404 or 405
 * @param server     the operation's server, its filled path is appended to, or {@code null}
 * @param barePath   where the operation's filled path is tried once more when its server answers 404: the
 *                   origin of the document's URL (what OpenAPI's default server {@code /} gives); {@code null}
 *                   when that is the server's URL, or for an endpoint that is no operation
 */
record ProbeTarget(String url, String httpMethod, List<String> sources, PayableOperation operation, boolean bareUrl,
                   OperationServer server, URI barePath) {

    ProbeTarget {
        sources = List.copyOf(sources);
    }

    /** An endpoint declared by its URL (ai-agent.json, Link, {@code /.well-known/x402}). */
    static ProbeTarget declared(String url, String httpMethod, String source, boolean bareUrl) {
        return new ProbeTarget(url, httpMethod, List.of(source), null, bareUrl, null, null);
    }

    /** Whether the site documents this endpoint as an operation with a request (OpenAPI, {@code /.well-known/x402}). */
    boolean documentedOperation() {
        return operation != null || sources.contains(DomainScan.VIA_X402_WELL_KNOWN);
    }

    ProbeTarget withSource(String source) {
        if (sources.contains(source)) {
            return this;
        }
        List<String> more = new ArrayList<>(sources);
        more.add(source);
        return new ProbeTarget(url, httpMethod, more, operation, bareUrl, server, barePath);
    }

    /** This endpoint, also documented as {@code operation} on {@code server}. */
    ProbeTarget withOperation(PayableOperation operation, OperationServer server, URI barePath) {
        return new ProbeTarget(url, httpMethod, withSource(DomainScan.VIA_OPENAPI).sources(), operation, bareUrl, server,
                barePath);
    }
}

package dev.mppcensus.scan;

import dev.mppcensus.detection.DomainVerdict;
import dev.mppcensus.detection.EndpointVerdict;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything the census records about one domain in one run.
 *
 * @param domain             the listed name
 * @param rank               the list's rank, or {@code null}
 * @param scannedAt          when the first request was sent
 * @param durationMs         wall time from the first request to the last answer
 * @param reachable          some HTTP answer came from the site (at the name or at {@code www.})
 * @param errorKind          why the site or a check could not be seen fully, or {@code null}
 * @param errorDetail        a short human-readable detail for {@code errorKind}, or {@code null}
 * @param siteHost           the host that answered ({@code domain} or {@code www.domain}), or {@code null}
 * @param scheme             {@code https} or {@code http} (after falling back), or {@code null}
 * @param declaredVia        where MPP is declared: {@code well_known}, {@code link}, {@code openapi},
 *                           {@code x402_well_known}, in that order
 * @param mppEndpoints       declared endpoint URLs, absolute, deduplicated, well-known first
 * @param declarationInvalid a declaration was present but unusable (non-string, bad URL, bad scheme)
 * @param wellKnownStatus    final HTTP status of {@code /.well-known/ai-agent.json}, or {@code null}
 * @param wellKnownDocument  {@code valid}, {@code absent}, {@code invalid_json}, {@code not_object},
 *                           {@code encoded} (compressed although identity was asked; not parsed),
 *                           {@code empty}, {@code too_large}, or {@code null} when not fetched
 * @param homepageStatus     final HTTP status of the homepage request that supplied the headers
 * @param x402Declared       x402 is declared: {@code payments.x402} in ai-agent.json, {@code resources} in
 *                           {@code /.well-known/x402}, or an OpenAPI operation naming protocol {@code x402}
 * @param openapiStatus      final HTTP status of the OpenAPI document used (else of {@code /openapi.json}),
 *                           or {@code null} when not fetched
 * @param openapiPayableOperations operations with {@code x-payment-info} in it, or {@code null}
 * @param openapiUrl         the URL that served the OpenAPI document read ({@code /openapi.json}, else
 *                           {@code /api/openapi.json}, after redirects), or {@code null} when none was read
 * @param openapi402Operations operations declaring a 402 response without {@code x-payment-info}, or
 *                           {@code null} when no document was read
 * @param x402WellKnownStatus final HTTP status of {@code /.well-known/x402}, or {@code null} when not fetched
 * @param domainVerdict      the verdict over everything found
 * @param endpointVerdict    the best verdict over the probed endpoints, or {@code null} if none was probed
 * @param methods            payment methods of the valid challenges and OpenAPI offers
 * @param intents            payment intents of the valid challenges and OpenAPI offers
 * @param sessionSupported   some valid challenge or offer has intent {@code session}
 * @param x402Offered        some endpoint also (or only) offered x402 terms
 * @param challengeOverTls   {@code true} if every Payment challenge came over https, {@code false} if
 *                           one came over plain http, {@code null} if none was seen
 * @param networks           networks of the verified endpoints' offers: {@code mainnet}, {@code testnet},
 *                           {@code unknown} (from {@code methodDetails.chainId})
 * @param endpoints          one entry per probed endpoint
 * @param requests           HTTP requests sent for this domain (retries not counted; they are in
 *                           {@code evidence.retries})
 * @param evidence           raw material behind the verdict (payments object, Link values,
 *                           redirect chains, attempts), size-capped
 */
public record DomainScan(
        String domain,
        Integer rank,
        Instant scannedAt,
        long durationMs,
        boolean reachable,
        ErrorKind errorKind,
        String errorDetail,
        String siteHost,
        String scheme,
        List<String> declaredVia,
        List<String> mppEndpoints,
        boolean declarationInvalid,
        Integer wellKnownStatus,
        String wellKnownDocument,
        Integer homepageStatus,
        boolean x402Declared,
        Integer openapiStatus,
        Integer openapiPayableOperations,
        String openapiUrl,
        Integer openapi402Operations,
        Integer x402WellKnownStatus,
        DomainVerdict domainVerdict,
        EndpointVerdict endpointVerdict,
        List<String> methods,
        List<String> intents,
        boolean sessionSupported,
        boolean x402Offered,
        Boolean challengeOverTls,
        List<String> networks,
        List<EndpointProbe> endpoints,
        int requests,
        ObjectNode evidence) {

    public static final String VIA_WELL_KNOWN = "well_known";
    public static final String VIA_LINK = "link";
    public static final String VIA_OPENAPI = "openapi";
    public static final String VIA_X402_WELL_KNOWN = "x402_well_known";

    public boolean declaresMpp() {
        return !declaredVia.isEmpty();
    }
}

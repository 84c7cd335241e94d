package dev.mppcensus.scan;

import dev.mppcensus.detection.BotVendor;
import dev.mppcensus.detection.DomainVerdict;
import dev.mppcensus.detection.EndpointVerdict;
import dev.mppcensus.detection.OfferReader;
import dev.mppcensus.detection.PaymentOffer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything the census records about one domain in one run, and the one place that says so: each
 * component is a column of {@code scan_result} and, in this order, a field of {@code export} and
 * {@code check --json}, both named as the component in snake case ({@code siteHost} is {@code site_host}).
 * An annotation marks each exception: {@link ColumnName} (a column named otherwise), {@link AssignedByStore}
 * (the store, not the scan, gives the value), {@link NotExported} and {@link NotAColumn}. How a value is
 * stored follows from its type ({@code dev.mppcensus.store.ResultColumn}): text, an enum's {@code code()}
 * in text, integer, bigint, boolean, timestamptz, {@code text[]} for a list of strings, jsonb for JSON.
 *
 * <p>Adding a field takes three steps, and {@code ResultColumnsTest} fails until all three are done:
 * <ol>
 *   <li>a component here, at the end (the export keeps the components' order; a field is never moved or
 *       renamed), with its {@code @param}, and its value in {@code DomainScanBuilder.build};</li>
 *   <li>its column in a new migration {@code db/migration/V<n>__<what>.sql}
 *       ({@code ALTER TABLE scan_result ADD COLUMN ...}), named and typed as above;</li>
 *   <li>unless it is {@link NotExported}, its row at the end of the field table of {@code docs/export.md}.</li>
 * </ol>
 * From then on the store writes it and {@code export} and {@code check --json} show it; nothing else lists
 * the fields.
 *
 * @param runId              the run that stored it; {@code null} in a scan not stored (as in {@code check})
 * @param domain             the listed name
 * @param rank               the list's rank, or {@code null}
 * @param scannedAt          when the first request was sent
 * @param reachable          some HTTP answer came from the site (at the name or at {@code www.}), a bot
 *                           wall's included (then the domain verdict may be {@code unseen})
 * @param errorKind          why the site or a check could not be seen fully, or {@code null}
 * @param errorDetail        a short human-readable detail for {@code errorKind}, or {@code null}
 * @param scheme             {@code https} or {@code http} (after falling back), or {@code null}
 * @param siteHost           the host that answered ({@code domain} or {@code www.domain}), or {@code null}
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
 * @param endpointVerdict    the best verdict over the probed endpoints, or {@code null} if none was probed
 * @param domainVerdict      the verdict over everything found
 * @param methods            payment methods of the valid challenges and OpenAPI offers
 * @param intents            payment intents of the valid challenges and OpenAPI offers
 * @param sessionSupported   some valid challenge or offer has intent {@code session}
 * @param x402Offered        some endpoint also (or only) offered x402 terms
 * @param challengeOverTls   {@code true} if every Payment challenge came over https, {@code false} if
 *                           one came over plain http, {@code null} if none was seen
 * @param requests           HTTP requests sent for this domain (retries not counted; they are in
 *                           {@code evidence.retries})
 * @param attempt            how many times the domain has been scanned in its run, counted by the store
 *                           (1, then one more for each rescan); {@code null} in a scan not stored
 * @param durationMs         wall time from the first request to the last answer
 * @param evidence           raw material behind the verdict (payments object, Link values,
 *                           redirect chains, attempts), size-capped
 * @param openapiUrl         the URL that served the OpenAPI document read ({@code /openapi.json}, else
 *                           {@code /api/openapi.json}, after redirects), or {@code null} when none was read
 * @param openapi402Operations operations declaring a 402 response without {@code x-payment-info}, or
 *                           {@code null} when no document was read
 * @param x402WellKnownStatus final HTTP status of {@code /.well-known/x402}, or {@code null} when not fetched
 * @param networks           networks of the verified endpoints' offers: {@code mainnet}, {@code testnet},
 *                           {@code unknown} (from {@code methodDetails.chainId})
 * @param endpoints          one entry per probed endpoint, stored as rows of {@code endpoint_probe}
 * @param undeclaredEndpoints URLs that answered with a valid Payment challenge although no declaration names
 *                           them (support exists but isn't declared), one object each: {@code url},
 *                           {@code seen_at} (the checks whose answers carried it: {@code homepage_head},
 *                           {@code homepage_get}, {@code well_known}, {@code openapi}, {@code openapi_2},
 *                           {@code x402_well_known}, {@code robots_txt}, or {@code openapi_402_operation}, the
 *                           probe of an operation declaring a 402 response without {@code x-payment-info}),
 *                           {@code http_methods}, {@code operation} (for such a probe), {@code methods},
 *                           {@code intents}; at most 20; empty when none was seen
 * @param streamOperations   operations of the OpenAPI document read that sell a stream (a streamed success
 *                           response, or a price per unit of usage), among those that may speak MPP or declare a
 *                           402; {@code null} when no document was read or it sells nothing (unknown, never 0 by guess)
 * @param sessionMissing     of those, the operations whose offers have no {@code session} intent: a one-shot flow
 *                           where a session is needed; {@code null} as {@code streamOperations}
 * @param sessionOffered     of those, the operations offering a {@code session}; {@code null} as
 *                           {@code streamOperations} (the rest name no intent: unknown)
 * @param botVendor          when {@code errorKind} is {@code bot_challenge}: the vendor of the wall that
 *                           {@code errorDetail} names (of several vendors on one site, the wall of the first
 *                           check in the order well-known, homepage, OpenAPI, x402; all of them are in
 *                           {@code evidence.bot_walls.vendors}); set for every {@code unseen} domain; else
 *                           {@code null}
 * @param offers             the offers the domain makes, stored as rows of {@code payment_offer} and exported as
 *                           the array {@code offers}: one per valid Payment challenge of a verified endpoint, then
 *                           one per offer of each payable operation's {@code x-payment-info}, at most
 *                           {@value dev.mppcensus.detection.OfferReader#MAX_OFFERS} ({@code evidence.offers_not_recorded}
 *                           counts the rest)
 * @param priceDisagreements operations (the same URL and HTTP method) whose challenge's price disagrees with the
 *                           document's ({@link OfferReader#disagreements}); {@code null} when none had offers of both
 *                           to compare
 */
public record DomainScan(
        @AssignedByStore Long runId,
        String domain,
        Integer rank,
        Instant scannedAt,
        boolean reachable,
        ErrorKind errorKind,
        String errorDetail,
        String scheme,
        String siteHost,
        List<String> declaredVia,
        List<String> mppEndpoints,
        boolean declarationInvalid,
        Integer wellKnownStatus,
        String wellKnownDocument,
        Integer homepageStatus,
        boolean x402Declared,
        Integer openapiStatus,
        Integer openapiPayableOperations,
        EndpointVerdict endpointVerdict,
        DomainVerdict domainVerdict,
        List<String> methods,
        List<String> intents,
        boolean sessionSupported,
        boolean x402Offered,
        Boolean challengeOverTls,
        int requests,
        @AssignedByStore Integer attempt,
        int durationMs,
        ObjectNode evidence,
        String openapiUrl,
        @ColumnName("openapi_402_operations") Integer openapi402Operations,
        Integer x402WellKnownStatus,
        List<String> networks,
        @NotAColumn List<EndpointProbe> endpoints,
        ArrayNode undeclaredEndpoints,
        Integer streamOperations,
        Integer sessionMissing,
        Integer sessionOffered,
        BotVendor botVendor,
        @NotAColumn List<PaymentOffer> offers,
        @NotExported Integer priceDisagreements) {

    public static final String VIA_WELL_KNOWN = "well_known";
    public static final String VIA_LINK = "link";
    public static final String VIA_OPENAPI = "openapi";
    public static final String VIA_X402_WELL_KNOWN = "x402_well_known";

    public boolean declaresMpp() {
        return !declaredVia.isEmpty();
    }

    /** The component's column has another name than the component's in snake case. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface ColumnName {
        String value();
    }

    /**
     * The store gives the column its value when it writes the row (the run's id, the attempt count): the
     * scan leaves it {@code null}, the export reads it from the row.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface AssignedByStore {
    }

    /** A column that {@code export} and {@code check --json} leave out. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface NotExported {
    }

    /**
     * Not a column of {@code scan_result}: stored apart (the endpoints in {@code endpoint_probe}, not exported; the
     * offers in {@code payment_offer}, exported as {@code offers} by {@code ExportRecord}).
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface NotAColumn {
    }
}

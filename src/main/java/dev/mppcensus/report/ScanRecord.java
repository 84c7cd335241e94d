package dev.mppcensus.report;

import dev.mppcensus.scan.DomainScan;
import java.time.format.DateTimeFormatter;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The per-domain record of {@code export} and {@code check --json}. Its field names are a contract
 * other tools rely on: fields may be added, none renamed.
 */
public final class ScanRecord {

    /** Every field, in output order (the CSV header). */
    public static final List<String> FIELDS = List.of("run_id", "domain", "rank", "scanned_at", "reachable",
            "error_kind", "error_detail", "scheme", "site_host", "declared_via", "mpp_endpoints",
            "declaration_invalid", "well_known_status", "well_known_document", "homepage_status", "x402_declared",
            "openapi_status", "openapi_payable_operations", "endpoint_verdict", "domain_verdict", "methods",
            "intents", "session_supported", "x402_offered", "challenge_over_tls", "requests", "attempt",
            "duration_ms", "evidence", "openapi_url", "openapi_402_operations", "x402_well_known_status", "networks");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ScanRecord() {
    }

    /**
     * The record of {@code scan}; {@code runId} and {@code attempt} are {@code null} for a scan that
     * was not stored (as in {@code check}).
     */
    public static ObjectNode of(Long runId, Integer attempt, DomainScan scan) {
        ObjectNode node = NODES.objectNode();
        node.put("run_id", runId);
        node.put("domain", scan.domain());
        node.put("rank", scan.rank());
        node.put("scanned_at", DateTimeFormatter.ISO_INSTANT.format(scan.scannedAt()));
        node.put("reachable", scan.reachable());
        node.put("error_kind", scan.errorKind() == null ? null : scan.errorKind().code());
        node.put("error_detail", scan.errorDetail());
        node.put("scheme", scan.scheme());
        node.put("site_host", scan.siteHost());
        scan.declaredVia().forEach(node.putArray("declared_via")::add);
        scan.mppEndpoints().forEach(node.putArray("mpp_endpoints")::add);
        node.put("declaration_invalid", scan.declarationInvalid());
        node.put("well_known_status", scan.wellKnownStatus());
        node.put("well_known_document", scan.wellKnownDocument());
        node.put("homepage_status", scan.homepageStatus());
        node.put("x402_declared", scan.x402Declared());
        node.put("openapi_status", scan.openapiStatus());
        node.put("openapi_payable_operations", scan.openapiPayableOperations());
        node.put("endpoint_verdict", scan.endpointVerdict() == null ? null : scan.endpointVerdict().code());
        node.put("domain_verdict", scan.domainVerdict() == null ? null : scan.domainVerdict().code());
        scan.methods().forEach(node.putArray("methods")::add);
        scan.intents().forEach(node.putArray("intents")::add);
        node.put("session_supported", scan.sessionSupported());
        node.put("x402_offered", scan.x402Offered());
        node.put("challenge_over_tls", scan.challengeOverTls());
        node.put("requests", scan.requests());
        node.put("attempt", attempt);
        node.put("duration_ms", scan.durationMs());
        node.set("evidence", scan.evidence());
        node.put("openapi_url", scan.openapiUrl());
        node.put("openapi_402_operations", scan.openapi402Operations());
        node.put("x402_well_known_status", scan.x402WellKnownStatus());
        scan.networks().forEach(node.putArray("networks")::add);
        return node;
    }
}

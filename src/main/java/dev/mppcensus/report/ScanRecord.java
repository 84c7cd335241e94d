package dev.mppcensus.report;

import dev.mppcensus.scan.DomainScan;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The per-domain record of {@code export} and {@code check --json}, one field per component in output
 * order. Its field names are a contract other tools rely on: fields may be added, none renamed. Codes
 * ({@code error_kind}, the verdicts, {@code well_known_document}) are the stored lowercase codes;
 * {@code runId} and {@code attempt} are {@code null} for a scan that was not stored (as in {@code check}).
 */
public record ScanRecord(
        Long runId,
        String domain,
        Integer rank,
        Instant scannedAt,
        boolean reachable,
        String errorKind,
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
        String endpointVerdict,
        String domainVerdict,
        List<String> methods,
        List<String> intents,
        boolean sessionSupported,
        boolean x402Offered,
        Boolean challengeOverTls,
        int requests,
        Integer attempt,
        long durationMs,
        JsonNode evidence,
        String openapiUrl,
        Integer openapi402Operations,
        Integer x402WellKnownStatus,
        List<String> networks) {

    /** Every field, in output order (the CSV header). */
    public static final List<String> FIELDS = List.of("run_id", "domain", "rank", "scanned_at", "reachable",
            "error_kind", "error_detail", "scheme", "site_host", "declared_via", "mpp_endpoints",
            "declaration_invalid", "well_known_status", "well_known_document", "homepage_status", "x402_declared",
            "openapi_status", "openapi_payable_operations", "endpoint_verdict", "domain_verdict", "methods",
            "intents", "session_supported", "x402_offered", "challenge_over_tls", "requests", "attempt",
            "duration_ms", "evidence", "openapi_url", "openapi_402_operations", "x402_well_known_status", "networks");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The record of a scan that was not stored (as in {@code check}): no run id, no attempt. */
    public static ScanRecord of(DomainScan scan) {
        return new ScanRecord(null, scan.domain(), scan.rank(), scan.scannedAt(), scan.reachable(),
                scan.errorKind() == null ? null : scan.errorKind().code(), scan.errorDetail(), scan.scheme(),
                scan.siteHost(), scan.declaredVia(), scan.mppEndpoints(), scan.declarationInvalid(),
                scan.wellKnownStatus(), scan.wellKnownDocument(), scan.homepageStatus(), scan.x402Declared(),
                scan.openapiStatus(), scan.openapiPayableOperations(),
                scan.endpointVerdict() == null ? null : scan.endpointVerdict().code(),
                scan.domainVerdict() == null ? null : scan.domainVerdict().code(), scan.methods(), scan.intents(),
                scan.sessionSupported(), scan.x402Offered(), scan.challengeOverTls(), scan.requests(), null,
                scan.durationMs(), scan.evidence(), scan.openapiUrl(), scan.openapi402Operations(),
                scan.x402WellKnownStatus(), scan.networks());
    }

    /** The record of the current row of {@code rs}, a row of {@code scan_result}; {@code json} reads its evidence. */
    static ScanRecord ofRow(ResultSet rs, JsonMapper json) throws SQLException {
        return new ScanRecord(rs.getLong("run_id"), rs.getString("domain"), (Integer) rs.getObject("rank"),
                rs.getTimestamp("scanned_at").toInstant(), rs.getBoolean("reachable"), rs.getString("error_kind"),
                rs.getString("error_detail"), rs.getString("scheme"), rs.getString("site_host"),
                strings(rs.getArray("declared_via")), strings(rs.getArray("mpp_endpoints")),
                rs.getBoolean("declaration_invalid"), (Integer) rs.getObject("well_known_status"),
                rs.getString("well_known_document"), (Integer) rs.getObject("homepage_status"),
                rs.getBoolean("x402_declared"), (Integer) rs.getObject("openapi_status"),
                (Integer) rs.getObject("openapi_payable_operations"), rs.getString("endpoint_verdict"),
                rs.getString("domain_verdict"), strings(rs.getArray("methods")), strings(rs.getArray("intents")),
                rs.getBoolean("session_supported"), rs.getBoolean("x402_offered"),
                (Boolean) rs.getObject("challenge_over_tls"), rs.getInt("requests"), rs.getInt("attempt"),
                rs.getInt("duration_ms"), json.readTree(rs.getString("evidence")), rs.getString("openapi_url"),
                (Integer) rs.getObject("openapi_402_operations"), (Integer) rs.getObject("x402_well_known_status"),
                strings(rs.getArray("networks")));
    }

    /** This record as a JSON object with the fields in {@link #FIELDS} order. */
    public ObjectNode toJson() {
        ObjectNode node = NODES.objectNode();
        node.put("run_id", runId);
        node.put("domain", domain);
        node.put("rank", rank);
        node.put("scanned_at", DateTimeFormatter.ISO_INSTANT.format(scannedAt));
        node.put("reachable", reachable);
        node.put("error_kind", errorKind);
        node.put("error_detail", errorDetail);
        node.put("scheme", scheme);
        node.put("site_host", siteHost);
        declaredVia.forEach(node.putArray("declared_via")::add);
        mppEndpoints.forEach(node.putArray("mpp_endpoints")::add);
        node.put("declaration_invalid", declarationInvalid);
        node.put("well_known_status", wellKnownStatus);
        node.put("well_known_document", wellKnownDocument);
        node.put("homepage_status", homepageStatus);
        node.put("x402_declared", x402Declared);
        node.put("openapi_status", openapiStatus);
        node.put("openapi_payable_operations", openapiPayableOperations);
        node.put("endpoint_verdict", endpointVerdict);
        node.put("domain_verdict", domainVerdict);
        methods.forEach(node.putArray("methods")::add);
        intents.forEach(node.putArray("intents")::add);
        node.put("session_supported", sessionSupported);
        node.put("x402_offered", x402Offered);
        node.put("challenge_over_tls", challengeOverTls);
        node.put("requests", requests);
        node.put("attempt", attempt);
        node.put("duration_ms", durationMs);
        node.set("evidence", evidence);
        node.put("openapi_url", openapiUrl);
        node.put("openapi_402_operations", openapi402Operations);
        node.put("x402_well_known_status", x402WellKnownStatus);
        networks.forEach(node.putArray("networks")::add);
        return node;
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}

package dev.mppcensus.report;

import dev.mppcensus.scan.DomainScan;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
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
        List<Object> values = Arrays.asList(runId, domain, rank, DateTimeFormatter.ISO_INSTANT.format(scannedAt),
                reachable, errorKind, errorDetail, scheme, siteHost, declaredVia, mppEndpoints, declarationInvalid,
                wellKnownStatus, wellKnownDocument, homepageStatus, x402Declared, openapiStatus,
                openapiPayableOperations, endpointVerdict, domainVerdict, methods, intents, sessionSupported,
                x402Offered, challengeOverTls, requests, attempt, durationMs, evidence, openapiUrl,
                openapi402Operations, x402WellKnownStatus, networks);
        ObjectNode node = NODES.objectNode();
        for (int i = 0; i < FIELDS.size(); i++) {
            node.set(FIELDS.get(i), jsonValue(values.get(i)));
        }
        return node;
    }

    private static JsonNode jsonValue(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case JsonNode json -> json;
            case String text -> NODES.textNode(text);
            case Boolean flag -> NODES.booleanNode(flag);
            case Integer number -> NODES.numberNode(number);
            case Long number -> NODES.numberNode(number);
            case List<?> items -> {
                var array = NODES.arrayNode();
                items.forEach(item -> array.add(jsonValue(item)));
                yield array;
            }
            default -> throw new IllegalArgumentException("no JSON form for " + value.getClass());
        };
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}

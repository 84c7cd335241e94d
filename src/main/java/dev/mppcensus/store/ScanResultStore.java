package dev.mppcensus.store;

import dev.mppcensus.detection.EndpointAssessment;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.scan.EndpointProbe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Writes scan results in JDBC batches. Upserts on {@code (run_id, domain)}: writing the same result
 * twice leaves one row, and a later attempt replaces an earlier one with its attempt count raised,
 * keeping when the domain was first scanned and what the replaced attempt found
 * ({@code previous_reachable}, {@code previous_error_kind}, {@code previous_domain_verdict}).
 */
@Repository
public class ScanResultStore {

    private static final String UPSERT = """
            INSERT INTO scan_result (run_id, domain, rank, scanned_at, reachable, error_kind, error_detail,
                site_host, scheme, declared_via, mpp_endpoints, declaration_invalid, well_known_status,
                well_known_document, homepage_status, x402_declared, requests, duration_ms, evidence,
                openapi_status, openapi_payable_operations, domain_verdict, endpoint_verdict, methods, intents,
                session_supported, x402_offered, challenge_over_tls, rescan_id, first_scanned_at, openapi_url,
                openapi_402_operations, x402_well_known_status, networks)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                ?, ?, ?, ?)
            ON CONFLICT (run_id, domain) DO UPDATE SET
                scanned_at = excluded.scanned_at, attempt = scan_result.attempt + 1,
                previous_reachable = scan_result.reachable, previous_error_kind = scan_result.error_kind,
                previous_domain_verdict = scan_result.domain_verdict, rescan_id = excluded.rescan_id,
                first_scanned_at = coalesce(scan_result.first_scanned_at, scan_result.scanned_at),
                reachable = excluded.reachable, error_kind = excluded.error_kind,
                error_detail = excluded.error_detail, site_host = excluded.site_host, scheme = excluded.scheme,
                declared_via = excluded.declared_via, mpp_endpoints = excluded.mpp_endpoints,
                declaration_invalid = excluded.declaration_invalid, well_known_status = excluded.well_known_status,
                well_known_document = excluded.well_known_document, homepage_status = excluded.homepage_status,
                x402_declared = excluded.x402_declared, requests = excluded.requests,
                duration_ms = excluded.duration_ms, evidence = excluded.evidence,
                openapi_status = excluded.openapi_status,
                openapi_payable_operations = excluded.openapi_payable_operations,
                domain_verdict = excluded.domain_verdict, endpoint_verdict = excluded.endpoint_verdict,
                methods = excluded.methods, intents = excluded.intents,
                session_supported = excluded.session_supported, x402_offered = excluded.x402_offered,
                challenge_over_tls = excluded.challenge_over_tls, openapi_url = excluded.openapi_url,
                openapi_402_operations = excluded.openapi_402_operations,
                x402_well_known_status = excluded.x402_well_known_status, networks = excluded.networks""";
    private static final String DELETE_PROBES = "DELETE FROM endpoint_probe WHERE run_id = ? AND domain = ANY(?)";
    private static final String INSERT_PROBE = """
            INSERT INTO endpoint_probe (run_id, domain, url, sources, verdict, status, error_kind, final_url,
                endpoint_host, methods, intents, realms, session_supported, x402_offered, over_tls, cache_no_store,
                problem_type, violations, http_method, attempts, networks, realm_matches_host, registrable_domain)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    private final JdbcTemplate jdbc;

    public ScanResultStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Lets the current transaction commit without waiting for its WAL to reach disk
     * ({@code SET LOCAL synchronous_commit = off}). Only for callers that can redo the transaction: a
     * PostgreSQL crash may lose the last few such commits (never part of one, never out of order).
     * Outside a transaction it has no effect.
     */
    public void commitWithoutWaitingForDisk() {
        jdbc.execute("SET LOCAL synchronous_commit = off");
    }

    /** Upserts {@code scans} of run {@code runId} in one batch. */
    public void save(long runId, List<DomainScan> scans) {
        save(runId, scans, null);
    }

    /**
     * Upserts {@code scans} of run {@code runId} in one batch, marking them as attempts of rescan
     * {@code rescanId} ({@code null} for the run's own scan).
     */
    public void save(long runId, List<DomainScan> scans, Long rescanId) {
        if (scans.isEmpty()) {
            return;
        }
        jdbc.execute((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
                for (DomainScan scan : scans) {
                    bind(statement, connection, runId, scan, rescanId);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            saveProbes(connection, runId, scans);
            return null;
        });
    }

    private static void saveProbes(Connection connection, long runId, List<DomainScan> scans) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE_PROBES)) {
            delete.setLong(1, runId);
            delete.setArray(2, connection.createArrayOf("text", scans.stream().map(DomainScan::domain).toArray()));
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_PROBE)) {
            int rows = 0;
            for (DomainScan scan : scans) {
                for (EndpointProbe probe : scan.endpoints()) {
                    bindProbe(insert, connection, runId, scan.domain(), probe);
                    insert.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                insert.executeBatch();
            }
        }
    }

    private static void bindProbe(PreparedStatement s, Connection c, long runId, String domain, EndpointProbe probe)
            throws SQLException {
        EndpointAssessment assessment = probe.assessment();
        int i = 1;
        s.setLong(i++, runId);
        s.setString(i++, domain);
        s.setString(i++, clean(probe.url()));
        s.setArray(i++, c.createArrayOf("text", probe.sources().toArray()));
        s.setString(i++, probe.verdict().code());
        setInteger(s, i++, probe.status());
        s.setString(i++, probe.errorKind() == null ? null : probe.errorKind().code());
        s.setString(i++, clean(probe.finalUrl()));
        String host = host(probe.finalUrl() != null ? probe.finalUrl() : probe.url());
        s.setString(i++, host);
        s.setArray(i++, c.createArrayOf("text", assessment == null ? new Object[0] : clean(assessment.methods())));
        s.setArray(i++, c.createArrayOf("text", assessment == null ? new Object[0] : clean(assessment.intents())));
        s.setArray(i++, c.createArrayOf("text", assessment == null ? new Object[0]
                : clean(assessment.challenges().stream().map(ch -> ch.realm()).filter(r -> r != null).distinct().toList())));
        s.setBoolean(i++, assessment != null && assessment.sessionSupported());
        s.setBoolean(i++, assessment != null && assessment.x402Offered());
        s.setBoolean(i++, probe.overTls());
        s.setBoolean(i++, assessment != null && assessment.cacheNoStore());
        s.setString(i++, assessment == null ? null : clean(assessment.problemType()));
        s.setArray(i++, c.createArrayOf("text", assessment == null ? new Object[0]
                : clean(assessment.violations().stream().limit(50).toList())));
        s.setString(i++, probe.httpMethod());
        s.setInt(i++, probe.attempts());
        s.setArray(i++, c.createArrayOf("text", assessment == null ? new Object[0] : clean(assessment.networks())));
        if (assessment == null || assessment.realmMatchesHost() == null) {
            s.setNull(i++, Types.BOOLEAN);
        } else {
            s.setBoolean(i++, assessment.realmMatchesHost());
        }
        s.setString(i, RegistrableDomains.of(host));
    }

    private static Object[] clean(List<String> values) {
        return values.stream().map(ScanResultStore::clean).toArray();
    }

    private static String host(String url) {
        try {
            return java.net.URI.create(url.replace("{", "%7B").replace("}", "%7D")).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void bind(PreparedStatement s, Connection c, long runId, DomainScan scan, Long rescanId)
            throws SQLException {
        int i = 1;
        s.setLong(i++, runId);
        s.setString(i++, scan.domain());
        setInteger(s, i++, scan.rank());
        s.setTimestamp(i++, Timestamp.from(scan.scannedAt()));
        s.setBoolean(i++, scan.reachable());
        s.setString(i++, scan.errorKind() == null ? null : scan.errorKind().code());
        s.setString(i++, clean(scan.errorDetail()));
        s.setString(i++, scan.siteHost());
        s.setString(i++, scan.scheme());
        s.setArray(i++, c.createArrayOf("text", scan.declaredVia().toArray()));
        s.setArray(i++, c.createArrayOf("text", scan.mppEndpoints().stream().map(ScanResultStore::clean).toArray()));
        s.setBoolean(i++, scan.declarationInvalid());
        setInteger(s, i++, scan.wellKnownStatus());
        s.setString(i++, scan.wellKnownDocument());
        setInteger(s, i++, scan.homepageStatus());
        s.setBoolean(i++, scan.x402Declared());
        s.setInt(i++, scan.requests());
        s.setInt(i++, (int) Math.min(Integer.MAX_VALUE, scan.durationMs()));
        s.setString(i++, clean(scan.evidence().toString()).replace("\\u0000", "\\ufffd"));
        setInteger(s, i++, scan.openapiStatus());
        setInteger(s, i++, scan.openapiPayableOperations());
        s.setString(i++, scan.domainVerdict().code());
        s.setString(i++, scan.endpointVerdict() == null ? null : scan.endpointVerdict().code());
        s.setArray(i++, c.createArrayOf("text", clean(scan.methods())));
        s.setArray(i++, c.createArrayOf("text", clean(scan.intents())));
        s.setBoolean(i++, scan.sessionSupported());
        s.setBoolean(i++, scan.x402Offered());
        if (scan.challengeOverTls() == null) {
            s.setNull(i++, Types.BOOLEAN);
        } else {
            s.setBoolean(i++, scan.challengeOverTls());
        }
        if (rescanId == null) {
            s.setNull(i++, Types.BIGINT);
        } else {
            s.setLong(i++, rescanId);
        }
        s.setTimestamp(i++, Timestamp.from(scan.scannedAt()));
        s.setString(i++, clean(scan.openapiUrl()));
        setInteger(s, i++, scan.openapi402Operations());
        setInteger(s, i++, scan.x402WellKnownStatus());
        s.setArray(i, c.createArrayOf("text", clean(scan.networks())));
    }

    private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }

    /** PostgreSQL text cannot hold NUL; a hostile server's NUL bytes become U+FFFD. */
    private static String clean(String text) {
        return text == null ? null : text.replace('\0', '\uFFFD');
    }
}

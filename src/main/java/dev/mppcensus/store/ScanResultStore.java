package dev.mppcensus.store;

import dev.mppcensus.scan.DomainScan;
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
 * twice leaves one row, and a later attempt replaces an earlier one with its attempt count raised.
 */
@Repository
public class ScanResultStore {

    private static final String UPSERT = """
            INSERT INTO scan_result (run_id, domain, rank, scanned_at, reachable, error_kind, error_detail,
                site_host, scheme, declared_via, mpp_endpoints, declaration_invalid, well_known_status,
                well_known_document, homepage_status, x402_declared, requests, duration_ms, evidence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (run_id, domain) DO UPDATE SET
                scanned_at = excluded.scanned_at, attempt = scan_result.attempt + 1,
                reachable = excluded.reachable, error_kind = excluded.error_kind,
                error_detail = excluded.error_detail, site_host = excluded.site_host, scheme = excluded.scheme,
                declared_via = excluded.declared_via, mpp_endpoints = excluded.mpp_endpoints,
                declaration_invalid = excluded.declaration_invalid, well_known_status = excluded.well_known_status,
                well_known_document = excluded.well_known_document, homepage_status = excluded.homepage_status,
                x402_declared = excluded.x402_declared, requests = excluded.requests,
                duration_ms = excluded.duration_ms, evidence = excluded.evidence""";

    private final JdbcTemplate jdbc;

    public ScanResultStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Upserts {@code scans} of run {@code runId} in one batch. */
    public void save(long runId, List<DomainScan> scans) {
        if (scans.isEmpty()) {
            return;
        }
        jdbc.execute((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
                for (DomainScan scan : scans) {
                    bind(statement, connection, runId, scan);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }

    private static void bind(PreparedStatement s, Connection c, long runId, DomainScan scan) throws SQLException {
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
        s.setString(i, clean(scan.evidence().toString()).replace("\\u0000", "\\ufffd"));
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

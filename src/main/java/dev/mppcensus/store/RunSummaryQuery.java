package dev.mppcensus.store;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Computes {@link RunSummary} figures for a run from {@code census_run} and {@code scan_result}. */
@Repository
public class RunSummaryQuery {

    private static final String SUMMARY = """
            SELECT r.id, r.list_name, r.run_date, r.status, r.started_at, r.finished_at, r.lines_read,
                   (SELECT count(*) FROM run_domain d WHERE d.run_id = r.id) AS domains_listed,
                   (SELECT count(*) FROM rejected_line j WHERE j.run_id = r.id) AS lines_rejected,
                   s.scanned, s.reachable, s.declaring, s.via_well_known, s.via_link, s.via_both, s.via_openapi, s.via_x402_well_known, s.session, s.invalid, s.x402, s.requests, s.retries,
                   s.undeclared_mpp, s.undeclared_found, s.streaming_domains, s.session_missing_domains,
                   s.stream_operations, s.session_missing_operations, s.unseen
              FROM census_run r
              CROSS JOIN LATERAL (
                SELECT count(*) AS scanned,
                       count(*) FILTER (WHERE reachable) AS reachable,
                       count(*) FILTER (WHERE cardinality(declared_via) > 0) AS declaring,
                       count(*) FILTER (WHERE 'well_known' = ANY(declared_via)) AS via_well_known,
                       count(*) FILTER (WHERE 'link' = ANY(declared_via)) AS via_link,
                       count(*) FILTER (WHERE declared_via @> ARRAY['well_known', 'link']) AS via_both,
                       count(*) FILTER (WHERE 'openapi' = ANY(declared_via)) AS via_openapi,
                       count(*) FILTER (WHERE 'x402_well_known' = ANY(declared_via)) AS via_x402_well_known,
                       count(*) FILTER (WHERE session_supported) AS session,
                       count(*) FILTER (WHERE declaration_invalid) AS invalid,
                       count(*) FILTER (WHERE x402_declared) AS x402,
                       coalesce(sum(requests), 0) AS requests,
                       coalesce(sum((evidence ->> 'retries')::int), 0) AS retries,
                       count(*) FILTER (WHERE domain_verdict = 'undeclared_mpp') AS undeclared_mpp,
                       count(*) FILTER (WHERE jsonb_typeof(undeclared_endpoints) = 'array'
                                          AND jsonb_array_length(undeclared_endpoints) > 0) AS undeclared_found,
                       count(*) FILTER (WHERE stream_operations > 0) AS streaming_domains,
                       count(*) FILTER (WHERE session_missing > 0) AS session_missing_domains,
                       coalesce(sum(stream_operations), 0) AS stream_operations,
                       coalesce(sum(session_missing), 0) AS session_missing_operations,
                       count(*) FILTER (WHERE domain_verdict = 'unseen') AS unseen
                  FROM scan_result WHERE run_id = r.id) s
             WHERE r.id = ?""";
    private static final String ERRORS = """
            SELECT error_kind, count(*) FROM scan_result
             WHERE run_id = ? AND error_kind IS NOT NULL
             GROUP BY error_kind ORDER BY count(*) DESC, error_kind""";

    private static final String VERDICTS = """
            SELECT coalesce(domain_verdict, 'unknown'), count(*) FROM scan_result
             WHERE run_id = ? GROUP BY 1 ORDER BY count(*) DESC, 1""";

    private static final String UNSEEN_BY_VENDOR = """
            SELECT coalesce(bot_vendor, 'unknown'), count(*) FROM scan_result
             WHERE run_id = ? AND domain_verdict = 'unseen'
             GROUP BY 1 ORDER BY count(*) DESC, 1""";

    private final JdbcTemplate jdbc;

    public RunSummaryQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<RunSummary> summarize(long runId) {
        Map<String, Long> errors = new LinkedHashMap<>();
        jdbc.query(ERRORS, rs -> {
            errors.put(rs.getString(1), rs.getLong(2));
        }, runId);
        Map<String, Long> verdicts = new LinkedHashMap<>();
        jdbc.query(VERDICTS, rs -> {
            verdicts.put(rs.getString(1), rs.getLong(2));
        }, runId);
        Map<String, Long> unseenByVendor = new LinkedHashMap<>();
        jdbc.query(UNSEEN_BY_VENDOR, rs -> {
            unseenByVendor.put(rs.getString(1), rs.getLong(2));
        }, runId);
        return jdbc.query(SUMMARY, (rs, rowNum) -> new RunSummary(
                rs.getLong("id"), rs.getString("list_name"), rs.getObject("run_date", java.time.LocalDate.class),
                rs.getString("status"), instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                rs.getLong("lines_read"), rs.getLong("domains_listed"), rs.getLong("lines_rejected"),
                rs.getLong("scanned"), rs.getLong("reachable"), rs.getLong("declaring"), rs.getLong("via_well_known"),
                rs.getLong("via_link"), rs.getLong("via_both"), rs.getLong("via_openapi"), rs.getLong("via_x402_well_known"), rs.getLong("session"), rs.getLong("invalid"), rs.getLong("x402"), rs.getLong("requests"), rs.getLong("retries"),
                java.util.Collections.unmodifiableMap(errors), java.util.Collections.unmodifiableMap(verdicts),
                rs.getLong("undeclared_mpp"), rs.getLong("undeclared_found"), rs.getLong("streaming_domains"),
                rs.getLong("session_missing_domains"), rs.getLong("stream_operations"),
                rs.getLong("session_missing_operations"), rs.getLong("unseen"),
                java.util.Collections.unmodifiableMap(unseenByVendor)), runId).stream().findFirst();
    }

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

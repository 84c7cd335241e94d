package dev.mppcensus.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rows of {@code census_rescan}: opened and closed as a rescan's executions start and end, with its
 * counts computed from the result rows it wrote (so they hold across a killed and resumed rescan).
 */
@Component
public class RescanRegistry {

    private static final String OPEN = """
            INSERT INTO census_rescan (id, run_id, round, status, selected)
            VALUES (?, ?, ?, 'running',
                    (SELECT count(*) FROM scan_result r WHERE r.run_id = ? AND %s))
            ON CONFLICT (id) DO UPDATE SET status = 'running', finished_at = NULL""".formatted(TransientFailure.PREDICATE);
    private static final String CLOSE = """
            UPDATE census_rescan c SET status = ?, finished_at = now(),
                rescanned = s.rescanned, changed = s.changed
              FROM (SELECT count(*) AS rescanned,
                           count(*) FILTER (WHERE reachable IS DISTINCT FROM previous_reachable
                                   OR error_kind IS DISTINCT FROM previous_error_kind
                                   OR domain_verdict IS DISTINCT FROM previous_domain_verdict) AS changed
                      FROM scan_result WHERE run_id = ? AND rescan_id = ?) s
             WHERE c.id = ?""";
    private static final String LATEST = """
            SELECT round, status FROM census_rescan WHERE run_id = ? ORDER BY round DESC LIMIT 1""";
    private static final String OUTCOME = """
            SELECT c.selected,
                   count(r.domain) AS rescanned,
                   count(r.domain) FILTER (WHERE r.reachable IS DISTINCT FROM r.previous_reachable
                           OR r.error_kind IS DISTINCT FROM r.previous_error_kind
                           OR r.domain_verdict IS DISTINCT FROM r.previous_domain_verdict) AS changed,
                   count(r.domain) FILTER (WHERE r.reachable AND NOT r.previous_reachable) AS became_reachable,
                   count(r.domain) FILTER (WHERE r.domain_verdict IS DISTINCT FROM r.previous_domain_verdict)
                       AS verdict_changed,
                   count(r.domain) FILTER (WHERE %s) AS still_failing
              FROM census_rescan c
              LEFT JOIN scan_result r ON r.run_id = c.run_id AND r.rescan_id = c.id
             WHERE c.id = ?
             GROUP BY c.selected""".formatted(TransientFailure.PREDICATE);

    private final JdbcTemplate jdbc;

    RescanRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void open(long rescanId, long runId, int round) {
        jdbc.update(OPEN, rescanId, runId, round, runId);
    }

    public void close(long rescanId, long runId, String status) {
        jdbc.update(CLOSE, status, runId, rescanId, rescanId);
    }

    /** The round a rescan of {@code runId} should run: the latest one if it did not complete, else the next. */
    public int nextRound(long runId) {
        return jdbc.query(LATEST, rs -> {
            if (!rs.next()) {
                return 1;
            }
            int round = rs.getInt("round");
            return "completed".equals(rs.getString("status")) ? round + 1 : round;
        }, runId);
    }

    /** What rescan {@code rescanId} has done so far. */
    public Counts counts(long rescanId) {
        return jdbc.query(OUTCOME, rs -> rs.next()
                ? new Counts(rs.getLong("selected"), rs.getLong("rescanned"), rs.getLong("changed"),
                        rs.getLong("became_reachable"), rs.getLong("verdict_changed"), rs.getLong("still_failing"))
                : new Counts(0, 0, 0, 0, 0, 0), rescanId);
    }

    /**
     * @param selected        transient failures of the run when the rescan first started
     * @param rescanned       domains this rescan scanned again
     * @param changed         of those, how many changed reachability, error kind or verdict
     * @param becameReachable of those, how many were unreachable and now answered
     * @param verdictChanged  of those, how many got another domain verdict
     * @param stillFailing    of those, how many are still a transient failure
     */
    public record Counts(long selected, long rescanned, long changed, long becameReachable, long verdictChanged,
            long stillFailing) {
    }
}

package dev.mppcensus.store;

import org.springframework.batch.core.BatchStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rows of {@code census_rescan}: opened and closed as a rescan's executions start and end, with its
 * counts computed from the result rows it wrote (so they hold across a killed and resumed rescan).
 */
@Component
public class RescanRegistry {

    private static final String SELECTED = """
            SELECT count(*) FROM scan_result r WHERE r.run_id = ? AND %s""".formatted(TransientFailure.PREDICATE);
    private static final String WRITTEN = """
            SELECT count(*) AS rescanned,
                   count(*) FILTER (WHERE reachable IS DISTINCT FROM previous_reachable
                           OR error_kind IS DISTINCT FROM previous_error_kind
                           OR domain_verdict IS DISTINCT FROM previous_domain_verdict) AS changed
              FROM scan_result WHERE run_id = ? AND rescan_id = ?""";
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

    private final CensusRescanRepository rescans;
    private final JdbcTemplate jdbc;

    RescanRegistry(CensusRescanRepository rescans, JdbcTemplate jdbc) {
        this.rescans = rescans;
        this.jdbc = jdbc;
    }

    /**
     * Records rescan {@code rescanId}, round {@code round} of run {@code runId}, as running. A new round
     * selects the run's transient failures now; a restarted one keeps what it selected when it first started.
     */
    @Transactional
    public void open(long rescanId, long runId, int round) {
        rescans.findById(rescanId).ifPresentOrElse(CensusRescan::resume, () -> rescans.save(
                CensusRescan.start(rescanId, runId, round, jdbc.queryForObject(SELECTED, Long.class, runId))));
    }

    /**
     * Records how rescan {@code rescanId} of run {@code runId} ended: completed, stopped (also while
     * stopping) or else failed, with the counts of the result rows it wrote. Does nothing for a rescan that
     * was never opened.
     */
    @Transactional
    public void close(long rescanId, long runId, BatchStatus status) {
        rescans.findById(rescanId).ifPresent(rescan -> jdbc.query(WRITTEN, rs -> {
            String endStatus = switch (status) {
                case COMPLETED -> CensusRescan.COMPLETED;
                case STOPPED, STOPPING -> "stopped";
                default -> "failed";
            };
            rescan.end(endStatus, rs.getLong("rescanned"), rs.getLong("changed"));
        }, runId, rescanId));
    }

    /** The round a rescan of {@code runId} should run: the latest one if it did not complete, else the next. */
    @Transactional(readOnly = true)
    public int nextRound(long runId) {
        return rescans.findFirstByRunIdOrderByRoundDesc(runId)
                .map(latest -> latest.isCompleted() ? latest.round() + 1 : latest.round())
                .orElse(1);
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

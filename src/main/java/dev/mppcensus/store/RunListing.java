package dev.mppcensus.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Lists runs, newest first, with live counts and a status that tells a live run from a dead one: a
 * run recorded as {@code running} whose run lock no session holds was left by a process that ended
 * (killed, crashed, or cut off by a database restart) and shows as {@link #DEAD}.
 */
@Repository
public class RunListing {

    /** Status of a run left running by a process that has ended: resume it with {@code restart}. */
    public static final String DEAD = "dead";

    private static final String LIST = """
            SELECT r.id, r.list_name, r.run_date, r.status, r.started_at, r.finished_at,
                   (SELECT count(*) FROM run_domain d WHERE d.run_id = r.id) AS listed,
                   (SELECT count(*) FROM rejected_line j WHERE j.run_id = r.id) AS rejected,
                   (SELECT count(*) FROM scan_result s WHERE s.run_id = r.id) AS scanned,
                   (SELECT count(*) FROM scan_result s WHERE s.run_id = r.id AND cardinality(s.declared_via) > 0)
                       AS declaring,
                   (SELECT count(*) FROM census_rescan c WHERE c.run_id = r.id) AS rescans,
                   %s AS lock_held
              FROM census_run r
             WHERE (CAST(? AS text) IS NULL OR r.list_name = ?)
             ORDER BY r.id DESC
             LIMIT ?""".formatted(RunLock.HELD_BY_SOME_SESSION);

    private final JdbcTemplate jdbc;

    RunListing(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One run as listed.
     *
     * @param status    {@code running}, {@code completed}, {@code failed}, {@code stopped}, or {@link #DEAD}
     * @param listed    valid domains staged from the list so far
     * @param rejected  list lines rejected so far
     * @param scanned   domains with a result so far
     * @param declaring domains declaring MPP
     * @param rescans   rescans of the run's failures started so far
     */
    public record Entry(long id, String listName, LocalDate runDate, String status, long listed, long rejected,
            long scanned, long declaring, long rescans, Instant startedAt, Instant finishedAt) {
    }

    /** The newest {@code limit} runs, of list {@code listName} only unless it is {@code null}. */
    public List<Entry> newest(String listName, int limit) {
        return jdbc.query(LIST, (rs, rowNum) -> {
            String status = rs.getString("status");
            if (status.equals("running") && !rs.getBoolean("lock_held")) {
                status = DEAD;
            }
            return new Entry(rs.getLong("id"), rs.getString("list_name"),
                    rs.getObject("run_date", LocalDate.class), status, rs.getLong("listed"), rs.getLong("rejected"),
                    rs.getLong("scanned"), rs.getLong("declaring"), rs.getLong("rescans"),
                    instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")));
        }, listName, listName, limit);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

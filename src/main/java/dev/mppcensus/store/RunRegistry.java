package dev.mppcensus.store;

import java.time.LocalDate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Opens and closes rows of {@code census_run} as the job starts and ends. */
@Component
public class RunRegistry {

    private static final String OPEN = """
            INSERT INTO census_run (id, list_name, list_path, list_sha256, run_date, parameters, status)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, 'running')
            ON CONFLICT (id) DO UPDATE SET status = 'running', finished_at = NULL,
                list_path = excluded.list_path, parameters = excluded.parameters""";
    private static final String CLOSE = """
            UPDATE census_run SET status = ?, finished_at = now(),
                lines_read = GREATEST(lines_read, ?),
                domains_listed = (SELECT count(*) FROM run_domain WHERE run_id = ?),
                lines_rejected = (SELECT count(*) FROM rejected_line WHERE run_id = ?),
                domains_scanned = (SELECT count(*) FROM scan_result WHERE run_id = ?)
            WHERE id = ?""";

    private final JdbcTemplate jdbc;

    public RunRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records run {@code runId} of a list as running, with every scan setting ({@code settingsJson}, a JSON object). */
    public void open(long runId, String listName, String listPath, String listSha256, LocalDate runDate,
            String settingsJson) {
        jdbc.update(OPEN, runId, listName, listPath, listSha256, runDate, settingsJson);
    }

    /** Records how run {@code runId} ended, with its counts. */
    public void close(long runId, String status, long linesRead) {
        jdbc.update(CLOSE, status, linesRead, runId, runId, runId, runId);
    }
}

package dev.mppcensus.census;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Opens and closes rows of {@code census_run} as the job starts and ends. */
@Component
class RunRegistry {

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
    private final JsonMapper json;

    RunRegistry(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Records run {@code runId} as running, with every scan setting of {@code request} in {@code parameters}. */
    void open(long runId, ScanRequest request) {
        jdbc.update(OPEN, runId, request.listName(), request.listPath().toString(), request.listSha256(),
                request.runDate(), json.writeValueAsString(request.recordedSettings()));
    }

    void close(long runId, String status, long linesRead) {
        jdbc.update(CLOSE, status, linesRead, runId, runId, runId, runId);
    }
}

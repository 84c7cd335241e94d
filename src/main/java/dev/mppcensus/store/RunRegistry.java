package dev.mppcensus.store;

import java.time.LocalDate;
import org.springframework.batch.core.BatchStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Opens and closes rows of {@code census_run} as the job starts and ends. */
@Component
public class RunRegistry {

    private static final String COUNTS = """
            SELECT (SELECT count(*) FROM run_domain WHERE run_id = ?) AS domains_listed,
                   (SELECT count(*) FROM rejected_line WHERE run_id = ?) AS lines_rejected,
                   (SELECT count(*) FROM scan_result WHERE run_id = ?) AS domains_scanned""";

    private final CensusRunRepository runs;
    private final JdbcTemplate jdbc;

    RunRegistry(CensusRunRepository runs, JdbcTemplate jdbc) {
        this.runs = runs;
        this.jdbc = jdbc;
    }

    /**
     * Records run {@code runId} of a list as running, with every scan setting ({@code settingsJson}, a JSON
     * object); a restarted run keeps its start time and counts and takes the new path and settings.
     */
    @Transactional
    public void open(long runId, String listName, String listPath, String listSha256, LocalDate runDate,
            String settingsJson) {
        runs.findById(runId).ifPresentOrElse(run -> run.resume(listPath, settingsJson),
                () -> runs.save(CensusRun.start(runId, listName, listPath, listSha256, runDate, settingsJson)));
    }

    /**
     * Records how run {@code runId} ended: completed, stopped (also while stopping) or else failed, with its
     * counts. Does nothing for a run that was never opened.
     */
    @Transactional
    public void close(long runId, BatchStatus status, long linesRead) {
        runs.findById(runId).ifPresent(run -> {
            CensusRun.Counts counts = jdbc.queryForObject(COUNTS, (rs, row) -> new CensusRun.Counts(linesRead,
                    rs.getLong("domains_listed"), rs.getLong("lines_rejected"), rs.getLong("domains_scanned")),
                    runId, runId, runId);
            switch (status) {
                case COMPLETED -> run.complete(counts);
                case STOPPED, STOPPING -> run.stop(counts);
                default -> run.fail(counts);
            }
        });
    }
}

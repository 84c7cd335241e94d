package dev.mppcensus.testdb;

import java.time.LocalDate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@code census_run} row for tests that store results without running a census: run {@code id} (or,
 * when {@code null}, the next value of the sequence the census takes run ids from) of list
 * {@code listName} for {@code runDate}, running or completed. Path and checksum are placeholders.
 *
 * <pre>{@code
 * TestRun.of(-7001, "store-test").insertInto(jdbc);                              // running, 2026-01-01
 * long id = TestRun.numbered("html").completedOn(LocalDate.of(2026, 2, 1)).insertInto(jdbc);
 * }</pre>
 */
public record TestRun(Long id, String listName, LocalDate runDate, boolean completed) {

    private static final LocalDate DEFAULT_RUN_DATE = LocalDate.of(2026, 1, 1);

    /** A running run {@code id} of {@code listName} for 2026-01-01. */
    public static TestRun of(long id, String listName) {
        return new TestRun(id, listName, DEFAULT_RUN_DATE, false);
    }

    /**
     * A running run of {@code listName} for 2026-01-01 whose id comes from the job instance sequence, as
     * the census numbers its runs, so that runs the census makes later in the same database are newer.
     */
    public static TestRun numbered(String listName) {
        return new TestRun(null, listName, DEFAULT_RUN_DATE, false);
    }

    /** This run, completed (finished now) for {@code date}. */
    public TestRun completedOn(LocalDate date) {
        return new TestRun(id, listName, date, true);
    }

    /** Inserts the row with {@code jdbc} and returns the run's id. */
    public long insertInto(JdbcTemplate jdbc) {
        Long inserted = jdbc.queryForObject("""
                INSERT INTO census_run (id, list_name, list_path, list_sha256, run_date, status, finished_at)
                VALUES (coalesce(?, nextval('batch_job_instance_seq')), ?, ?, 'sha256-of-the-list', ?, ?,
                        CASE WHEN ? THEN now() END)
                RETURNING id""", Long.class, id, listName, "/lists/" + listName + ".txt", runDate,
                completed ? "completed" : "running", completed);
        return inserted == null ? -1 : inserted;
    }
}

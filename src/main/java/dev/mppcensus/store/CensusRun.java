package dev.mppcensus.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One census run: one list on one run date, identified by its Spring Batch job instance id. */
@Entity
@Table(name = "census_run")
public class CensusRun {

    static final String RUNNING = "running";
    static final String COMPLETED = "completed";

    @Id
    private Long id;

    @Column(name = "list_name", nullable = false)
    private String listName;

    @Column(name = "list_path", nullable = false)
    private String listPath;

    @Column(name = "list_sha256", nullable = false)
    private String listSha256;

    @Column(name = "run_date", nullable = false)
    private LocalDate runDate;

    @Column(nullable = false)
    private String status;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String parameters;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "lines_read", nullable = false)
    private long linesRead;

    @Column(name = "domains_listed", nullable = false)
    private long domainsListed;

    @Column(name = "lines_rejected", nullable = false)
    private long linesRejected;

    @Column(name = "domains_scanned", nullable = false)
    private long domainsScanned;

    protected CensusRun() {
    }

    /** A new run of list {@code listName} on {@code runDate}, running from now, with its scan settings as a JSON object. */
    static CensusRun start(long id, String listName, String listPath, String listSha256, LocalDate runDate,
            String settingsJson) {
        CensusRun run = new CensusRun();
        run.id = id;
        run.listName = listName;
        run.listSha256 = listSha256;
        run.runDate = runDate;
        run.startedAt = Instant.now();
        run.resume(listPath, settingsJson);
        return run;
    }

    /** Marks the run running again (a restart), reading the list at {@code listPath} with these settings. */
    void resume(String listPath, String settingsJson) {
        this.listPath = listPath;
        this.parameters = settingsJson;
        this.status = RUNNING;
        this.finishedAt = null;
    }

    /** Ends the run as completed with its final counts. */
    void complete(Counts counts) {
        end(COMPLETED, counts);
    }

    /** Ends the run as stopped by an operator, with the counts so far; a restart resumes it. */
    void stop(Counts counts) {
        end("stopped", counts);
    }

    /** Ends the run as failed, with the counts so far; a restart resumes it. */
    void fail(Counts counts) {
        end("failed", counts);
    }

    private void end(String endStatus, Counts counts) {
        // status and finished_at change together: the census_run_summary_on_close trigger refreshes run_summary
        this.status = endStatus;
        this.finishedAt = Instant.now();
        this.linesRead = Math.max(linesRead, counts.linesRead());
        this.domainsListed = counts.domainsListed();
        this.linesRejected = counts.linesRejected();
        this.domainsScanned = counts.domainsScanned();
    }

    /**
     * A run's counts when it ends.
     *
     * @param linesRead      lines of the list read so far (a run's figure never goes down across restarts)
     * @param domainsListed  distinct domains staged from the list
     * @param linesRejected  lines rejected with a reason
     * @param domainsScanned domains with a result row
     */
    record Counts(long linesRead, long domainsListed, long linesRejected, long domainsScanned) {
    }

    public Long getId() {
        return id;
    }

    public String getListName() {
        return listName;
    }

    public String getListPath() {
        return listPath;
    }

    public String getListSha256() {
        return listSha256;
    }

    public LocalDate getRunDate() {
        return runDate;
    }

    public String getStatus() {
        return status;
    }

    public String getParameters() {
        return parameters;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public long getLinesRead() {
        return linesRead;
    }

    public long getDomainsListed() {
        return domainsListed;
    }

    public long getLinesRejected() {
        return linesRejected;
    }

    public long getDomainsScanned() {
        return domainsScanned;
    }
}

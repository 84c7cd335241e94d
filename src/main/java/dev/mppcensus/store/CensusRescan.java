package dev.mppcensus.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One rescan round of a completed run: a Spring Batch job instance of its own that scans the run's
 * transient failures again. {@code selected} is fixed when the round first starts; the other counts are
 * taken from the result rows the round wrote when an execution ends.
 */
@Entity
@Table(name = "census_rescan")
class CensusRescan {

    private static final String RUNNING = "running";
    static final String COMPLETED = "completed";

    @Id
    private Long id;

    @Column(name = "run_id", nullable = false)
    private long runId;

    @Column(nullable = false)
    private int round;

    @Column(nullable = false)
    private String status;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(nullable = false)
    private long selected;

    @Column(nullable = false)
    private long rescanned;

    @Column(nullable = false)
    private long changed;

    protected CensusRescan() {
    }

    /** A new round {@code round} of run {@code runId}, running from now, selecting {@code selected} domains. */
    static CensusRescan start(long id, long runId, int round, long selected) {
        CensusRescan rescan = new CensusRescan();
        rescan.id = id;
        rescan.runId = runId;
        rescan.round = round;
        rescan.selected = selected;
        rescan.startedAt = Instant.now();
        rescan.resume();
        return rescan;
    }

    /** Marks the round running again (a restart); what it selected stays. */
    void resume() {
        status = RUNNING;
        finishedAt = null;
    }

    /** Ends the round as completed, stopped or failed with how many domains it rescanned and how many changed. */
    void end(String endStatus, long rescannedDomains, long changedDomains) {
        status = endStatus;
        finishedAt = Instant.now();
        rescanned = rescannedDomains;
        changed = changedDomains;
    }

    int round() {
        return round;
    }

    boolean isCompleted() {
        return COMPLETED.equals(status);
    }
}

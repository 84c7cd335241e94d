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

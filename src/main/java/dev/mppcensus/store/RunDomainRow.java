package dev.mppcensus.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A domain staged for a run, in list order (read side; staged in bulk by {@link StagingStore}). */
@Entity
@Table(name = "run_domain")
@IdClass(RunDomainRow.Key.class)
public class RunDomainRow {

    /** Primary key: the run and the domain. */
    public record Key(Long runId, String domain) implements Serializable {
    }

    @Id
    @Column(name = "run_id")
    private Long runId;

    @Id
    private String domain;

    @Column(name = "line_no", nullable = false)
    private long lineNo;

    private Integer rank;

    protected RunDomainRow() {
    }

    public Long getRunId() {
        return runId;
    }

    public String getDomain() {
        return domain;
    }

    public long getLineNo() {
        return lineNo;
    }

    public Integer getRank() {
        return rank;
    }
}

package dev.mppcensus.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A rejected input line of a run, with the reason. */
@Entity
@Table(name = "rejected_line")
@IdClass(RejectedLineRow.Key.class)
public class RejectedLineRow {

    /** Primary key: the run and the line number. */
    public record Key(Long runId, Long lineNo) implements Serializable {
    }

    @Id
    @Column(name = "run_id")
    private Long runId;

    @Id
    @Column(name = "line_no")
    private Long lineNo;

    @Column(nullable = false)
    private String raw;

    @Column(nullable = false)
    private String reason;

    protected RejectedLineRow() {
    }

    public Long getRunId() {
        return runId;
    }

    public Long getLineNo() {
        return lineNo;
    }

    public String getRaw() {
        return raw;
    }

    public String getReason() {
        return reason;
    }
}

package dev.mppcensus.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One stored result (read side). Rows are written in batches by {@link ScanResultStore}; this entity
 * maps the table for queries and keeps the mapping checked against the schema at start-up.
 */
@Entity
@Table(name = "scan_result")
@IdClass(ScanResultRow.Key.class)
public class ScanResultRow {

    /** Primary key: the run and the domain. */
    public record Key(Long runId, String domain) implements Serializable {
    }

    @Id
    @Column(name = "run_id")
    private Long runId;

    @Id
    private String domain;

    private Integer rank;

    @Column(name = "scanned_at", nullable = false)
    private Instant scannedAt;

    @Column(nullable = false)
    private int attempt;

    @Column(nullable = false)
    private boolean reachable;

    @Column(name = "error_kind")
    private String errorKind;

    @Column(name = "error_detail")
    private String errorDetail;

    @Column(name = "site_host")
    private String siteHost;

    private String scheme;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "declared_via", nullable = false, columnDefinition = "text[]")
    private List<String> declaredVia;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "mpp_endpoints", nullable = false, columnDefinition = "text[]")
    private List<String> mppEndpoints;

    @Column(name = "declaration_invalid", nullable = false)
    private boolean declarationInvalid;

    @Column(name = "well_known_status")
    private Integer wellKnownStatus;

    @Column(name = "well_known_document")
    private String wellKnownDocument;

    @Column(name = "homepage_status")
    private Integer homepageStatus;

    @Column(name = "x402_declared", nullable = false)
    private boolean x402Declared;

    @Column(nullable = false)
    private int requests;

    @Column(name = "duration_ms", nullable = false)
    private int durationMs;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String evidence;

    @Column(name = "domain_verdict")
    private String domainVerdict;

    @Column(name = "endpoint_verdict")
    private String endpointVerdict;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    private List<String> methods;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    private List<String> intents;

    @Column(name = "session_supported", nullable = false)
    private boolean sessionSupported;

    @Column(name = "x402_offered", nullable = false)
    private boolean x402Offered;

    @Column(name = "openapi_status")
    private Integer openapiStatus;

    @Column(name = "openapi_payable_operations")
    private Integer openapiPayableOperations;

    @Column(name = "challenge_over_tls")
    private Boolean challengeOverTls;

    protected ScanResultRow() {
    }

    public Long getRunId() {
        return runId;
    }

    public String getDomain() {
        return domain;
    }

    public Integer getRank() {
        return rank;
    }

    public Instant getScannedAt() {
        return scannedAt;
    }

    public int getAttempt() {
        return attempt;
    }

    public boolean isReachable() {
        return reachable;
    }

    public String getErrorKind() {
        return errorKind;
    }

    public String getErrorDetail() {
        return errorDetail;
    }

    public String getSiteHost() {
        return siteHost;
    }

    public String getScheme() {
        return scheme;
    }

    public List<String> getDeclaredVia() {
        return declaredVia;
    }

    public List<String> getMppEndpoints() {
        return mppEndpoints;
    }

    public boolean isDeclarationInvalid() {
        return declarationInvalid;
    }

    public Integer getWellKnownStatus() {
        return wellKnownStatus;
    }

    public String getWellKnownDocument() {
        return wellKnownDocument;
    }

    public Integer getHomepageStatus() {
        return homepageStatus;
    }

    public boolean isX402Declared() {
        return x402Declared;
    }

    public int getRequests() {
        return requests;
    }

    public int getDurationMs() {
        return durationMs;
    }

    public String getDomainVerdict() {
        return domainVerdict;
    }

    public String getEndpointVerdict() {
        return endpointVerdict;
    }

    public List<String> getMethods() {
        return methods;
    }

    public List<String> getIntents() {
        return intents;
    }

    public boolean isSessionSupported() {
        return sessionSupported;
    }

    public boolean isX402Offered() {
        return x402Offered;
    }

    public Integer getOpenapiStatus() {
        return openapiStatus;
    }

    public Integer getOpenapiPayableOperations() {
        return openapiPayableOperations;
    }

    public Boolean getChallengeOverTls() {
        return challengeOverTls;
    }

    public String getEvidence() {
        return evidence;
    }
}

package dev.mppcensus.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One probed endpoint of a domain in a run (read side; written in batches by {@link ScanResultStore}). */
@Entity
@Table(name = "endpoint_probe")
@IdClass(EndpointProbeRow.Key.class)
public class EndpointProbeRow {

    /** Primary key: run, domain and endpoint URL. */
    public record Key(Long runId, String domain, String url) implements Serializable {
    }

    @Id
    @Column(name = "run_id")
    private Long runId;

    @Id
    private String domain;

    @Id
    private String url;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    private List<String> sources;

    @Column(nullable = false)
    private String verdict;

    private Integer status;

    @Column(name = "error_kind")
    private String errorKind;

    @Column(name = "final_url")
    private String finalUrl;

    @Column(name = "endpoint_host")
    private String endpointHost;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    private List<String> methods;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    private List<String> intents;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    private List<String> realms;

    @Column(name = "session_supported", nullable = false)
    private boolean sessionSupported;

    @Column(name = "x402_offered", nullable = false)
    private boolean x402Offered;

    @Column(name = "over_tls", nullable = false)
    private boolean overTls;

    @Column(name = "cache_no_store", nullable = false)
    private boolean cacheNoStore;

    @Column(name = "problem_type")
    private String problemType;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    private List<String> violations;

    protected EndpointProbeRow() {
    }

    public String getUrl() {
        return url;
    }

    public String getVerdict() {
        return verdict;
    }

    public String getEndpointHost() {
        return endpointHost;
    }

    public List<String> getMethods() {
        return methods;
    }

    public List<String> getIntents() {
        return intents;
    }
}

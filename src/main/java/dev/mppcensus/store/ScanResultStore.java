package dev.mppcensus.store;

import dev.mppcensus.detection.PaymentOffer;
import dev.mppcensus.scan.DomainScan;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/**
 * Writes scan results in JDBC batches, with named parameters: each column of {@code scan_result} is bound
 * from the {@link DomainScan} component it is named after ({@link ResultColumn}), each column of
 * {@code endpoint_probe} from a {@code ProbeRow}, each column of {@code payment_offer} from a {@link PaymentOffer};
 * the statements list the columns those records declare.
 * Upserts on {@code (run_id, domain)}: writing the same result twice leaves one row, and a later attempt
 * replaces an earlier one with its attempt count raised, keeping when the domain was first scanned and what
 * the replaced attempt found ({@code previous_reachable}, {@code previous_error_kind},
 * {@code previous_domain_verdict}). Text loses its NUL characters on the way
 * (PostgreSQL text cannot hold them): each becomes U+FFFD.
 */
@Repository
public class ScanResultStore {

    /** The columns of {@code scan_result} a scan's own values fill, by name. */
    private static final Map<String, ResultColumn> SCAN_COLUMNS = byName(ResultColumn.DOMAIN_SCAN.stream()
            .filter(column -> !column.assignedByStore()).toList());
    private static final Map<String, ResultColumn> PROBE_COLUMNS = byName(ResultColumn.of(ProbeRow.class));
    /** The columns of {@code payment_offer} an offer fills; the run, domain and offer_index come beside it. */
    private static final Map<String, ResultColumn> OFFER_COLUMNS = byName(ResultColumn.of(PaymentOffer.class));

    /**
     * {@code INSERT INTO scan_result (run_id, rescan_id, first_scanned_at, domain, rank, ...) VALUES (:run_id,
     * :rescan_id, :scanned_at, :domain, :rank, ...)} over every column in {@link #SCAN_COLUMNS}; a row that
     * exists gets the new values and the bookkeeping of a later attempt.
     */
    private static final NamedBatch UPSERT = new NamedBatch("""
            INSERT INTO scan_result (run_id, rescan_id, first_scanned_at, %s)
            VALUES (:run_id, :rescan_id, :scanned_at, %s)
            ON CONFLICT (run_id, domain) DO UPDATE SET
                attempt = scan_result.attempt + 1, rescan_id = excluded.rescan_id,
                first_scanned_at = coalesce(scan_result.first_scanned_at, scan_result.scanned_at),
                previous_reachable = scan_result.reachable, previous_error_kind = scan_result.error_kind,
                previous_domain_verdict = scan_result.domain_verdict,
                %s""".formatted(names(SCAN_COLUMNS), parameters(SCAN_COLUMNS), newValues(SCAN_COLUMNS)));
    private static final String DELETE_PROBES = "DELETE FROM endpoint_probe WHERE run_id = :run_id AND domain = ANY(:domains)";
    private static final NamedBatch INSERT_PROBE = new NamedBatch(
            "INSERT INTO endpoint_probe (%s) VALUES (%s) ON CONFLICT DO NOTHING"
                    .formatted(names(PROBE_COLUMNS), parameters(PROBE_COLUMNS)));

    private static final String DELETE_OFFERS = "DELETE FROM payment_offer WHERE run_id = :run_id AND domain = ANY(:domains)";
    private static final NamedBatch INSERT_OFFER = new NamedBatch(
            "INSERT INTO payment_offer (run_id, domain, offer_index, %s) VALUES (:run_id, :domain, :offer_index, %s)"
                    .formatted(names(OFFER_COLUMNS), parameters(OFFER_COLUMNS)));

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    public ScanResultStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /**
     * Lets the current transaction commit without waiting for its WAL to reach disk
     * ({@code SET LOCAL synchronous_commit = off}). Only for callers that can redo the transaction: a
     * PostgreSQL crash may lose the last few such commits (never part of one, never out of order).
     * Outside a transaction it has no effect.
     */
    public void commitWithoutWaitingForDisk() {
        jdbc.execute("SET LOCAL synchronous_commit = off");
    }

    /** Upserts {@code scans} of run {@code runId} in one batch. */
    public void save(long runId, List<DomainScan> scans) {
        save(runId, scans, null);
    }

    /**
     * Upserts {@code scans} of run {@code runId} in one batch, marking them as attempts of rescan
     * {@code rescanId} ({@code null} for the run's own scan), and replaces their {@code endpoint_probe}
     * and {@code payment_offer} rows. A scan's own {@code runId} and {@code attempt} are ignored: the store assigns both.
     */
    public void save(long runId, List<DomainScan> scans, Long rescanId) {
        if (scans.isEmpty()) {
            return;
        }
        Map<String, SqlParameterValue> runAndRescan = Map.of("run_id", new SqlParameterValue(Types.BIGINT, runId),
                "rescan_id", new SqlParameterValue(Types.BIGINT, rescanId));
        UPSERT.run(jdbc, scans.stream().map(scan -> new ColumnParameters(scan, SCAN_COLUMNS, runAndRescan)).toList());
        named.update(DELETE_PROBES, new MapSqlParameterSource("run_id", runId)
                .addValue("domains", new SqlArrayValue("text", scans.stream().map(DomainScan::domain).toArray())));
        INSERT_PROBE.run(jdbc, scans.stream()
                .flatMap(scan -> scan.endpoints().stream().map(probe -> ProbeRow.of(runId, scan.domain(), probe)))
                .map(row -> new ColumnParameters(row, PROBE_COLUMNS))
                .toList());
        saveOffers(runId, scans);
    }

    /** Replaces the {@code payment_offer} rows of {@code scans}: one per offer, numbered in the scan's order. */
    private void saveOffers(long runId, List<DomainScan> scans) {
        MapSqlParameterSource domains = new MapSqlParameterSource("run_id", runId)
                .addValue("domains", new SqlArrayValue("text", scans.stream().map(DomainScan::domain).toArray()));
        named.update(DELETE_OFFERS, domains);
        List<ColumnParameters> rows = new ArrayList<>();
        for (DomainScan scan : scans) {
            for (int i = 0; i < scan.offers().size(); i++) {
                rows.add(new ColumnParameters(scan.offers().get(i), OFFER_COLUMNS, Map.of(
                        "run_id", new SqlParameterValue(Types.BIGINT, runId),
                        "domain", new SqlParameterValue(Types.VARCHAR, scan.domain()),
                        "offer_index", new SqlParameterValue(Types.INTEGER, i))));
            }
        }
        INSERT_OFFER.run(jdbc, rows);
    }

    private static Map<String, ResultColumn> byName(List<ResultColumn> columns) {
        Map<String, ResultColumn> byName = new LinkedHashMap<>();
        columns.forEach(column -> byName.put(column.name(), column));
        return Collections.unmodifiableMap(byName);
    }

    private static String names(Map<String, ResultColumn> columns) {
        return String.join(", ", columns.keySet());
    }

    private static String parameters(Map<String, ResultColumn> columns) {
        return columns.keySet().stream().map(column -> ":" + column).collect(Collectors.joining(", "));
    }

    /** {@code rank = excluded.rank, ...}: every column but the key's {@code domain} takes the new row's value. */
    private static String newValues(Map<String, ResultColumn> columns) {
        return columns.keySet().stream().filter(column -> !column.equals("domain"))
                .map(column -> column + " = excluded." + column).collect(Collectors.joining(",\n    "));
    }
}

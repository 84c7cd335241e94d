package dev.mppcensus.store;

import dev.mppcensus.domainlist.ListedDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The domains a run still has to scan: its staged domains ({@code run_domain}) without a result
 * ({@code scan_result}), in list order, and for a rescan the run's transient failures the rescan has
 * not attempted yet. The readers save no position: after a crash the same query finds exactly the
 * domains whose results were not committed, which is what makes a restart resume without duplicates.
 */
@Component
public class DomainQueue {

    /** Lines {@code from} to {@code to} (inclusive) of a run's list: a partition, or all of it. */
    public record LineRange(long from, long to) {
        public static final LineRange ALL = new LineRange(0, Long.MAX_VALUE);
    }

    /** A partition of a run's unscanned domains: its lines and how many unscanned domains they hold. */
    public record Partition(LineRange lines, long domains) {
    }

    /** The domains of {@code run_domain rd}, a run's staged domains, within a line range that have no result yet. */
    private static final String UNSCANNED = """
            WHERE rd.run_id = :runId AND rd.line_no BETWEEN :fromLine AND :toLine
              AND NOT EXISTS (SELECT 1 FROM scan_result r WHERE r.run_id = rd.run_id AND r.domain = rd.domain)""";
    /** The domains of {@code run_domain rd} whose result is a transient failure not yet attempted by a rescan. */
    private static final String FAILED = """
            WHERE rd.run_id = :runId
              AND EXISTS (SELECT 1 FROM scan_result r WHERE r.run_id = rd.run_id AND r.domain = rd.domain
                             AND r.rescan_id IS DISTINCT FROM :rescanId AND %s)""".formatted(TransientFailure.PREDICATE);
    private static final String STAGED = "FROM run_domain rd";
    private static final RowMapper<ListedDomain> LISTED_DOMAIN = (rs, rowNum) ->
            new ListedDomain(rs.getString("domain"), (Integer) rs.getObject("rank"), rs.getLong("line_no"));

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    public DomainQueue(DataSource dataSource, JdbcTemplate jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /** Staged domains of run {@code runId} within {@code lines} that have no result yet, in list order. */
    public JdbcPagingItemReader<ListedDomain> unscannedReader(long runId, LineRange lines, int pageSize) {
        return reader("unscannedDomainReader", UNSCANNED, unscannedParameters(runId, lines), pageSize);
    }

    /** How many staged domains of run {@code runId} within {@code lines} have no result yet. */
    public long unscannedCount(long runId, LineRange lines) {
        return count(UNSCANNED, unscannedParameters(runId, lines));
    }

    /**
     * The run's unscanned domains cut into {@code count} ranges of consecutive lines holding about the
     * same number of domains, in list order (fewer when fewer domains remain).
     */
    public List<Partition> partitions(long runId, int count) {
        List<Partition> partitions = new ArrayList<>();
        if (count < 1) {
            return partitions;
        }
        var parameters = new HashMap<String, Object>(unscannedParameters(runId, LineRange.ALL));
        parameters.put("count", count);
        named.query("""
                SELECT bucket, min(line_no) AS from_line, max(line_no) AS to_line, count(*) AS domains
                  FROM (SELECT rd.line_no, ntile(:count) OVER (ORDER BY rd.line_no) AS bucket %s %s) numbered
                 GROUP BY bucket ORDER BY bucket""".formatted(STAGED, UNSCANNED), parameters, rs -> {
            partitions.add(new Partition(new LineRange(rs.getLong("from_line"), rs.getLong("to_line")),
                    rs.getLong("domains")));
        });
        return partitions;
    }

    /**
     * Domains of run {@code runId} whose result is a transient failure ({@link TransientFailure}) not
     * yet attempted by rescan {@code rescanId}, in list order.
     */
    public JdbcPagingItemReader<ListedDomain> failedReader(long runId, long rescanId, int pageSize) {
        return reader("failedDomainReader", FAILED, Map.of("runId", runId, "rescanId", rescanId), pageSize);
    }

    /** How many domains {@link #failedReader} would read now. */
    public long failedCount(long runId, long rescanId) {
        return count(FAILED, Map.of("runId", runId, "rescanId", rescanId));
    }

    /** Results stored for run {@code runId}, and how many of them declare MPP. */
    public record ResultCounts(long scanned, long declaring) {
    }

    /** What run {@code runId} has stored so far (for progress displays). */
    public ResultCounts resultCounts(long runId) {
        return jdbc.queryForObject("SELECT count(*), count(*) FILTER (WHERE cardinality(declared_via) > 0) "
                + "FROM scan_result WHERE run_id = ?", (rs, row) -> new ResultCounts(rs.getLong(1), rs.getLong(2)), runId);
    }

    /**
     * Staging can add a million rows; without fresh statistics PostgreSQL plans the anti-join as a hash
     * join over every remaining row (seconds per page, measured on a 1M list) instead of an index walk
     * along {@code (run_id, line_no)} with a primary-key probe (milliseconds).
     */
    public void refreshStatistics() {
        jdbc.execute("ANALYZE run_domain");
        jdbc.execute("ANALYZE scan_result");
    }

    private static Map<String, Object> unscannedParameters(long runId, LineRange lines) {
        return Map.of("runId", runId, "fromLine", lines.from(), "toLine", lines.to());
    }

    /** How many staged domains meet {@code where}, a whole WHERE clause over {@code run_domain rd}. */
    private long count(String where, Map<String, ?> parameters) {
        Long count = named.queryForObject("SELECT count(*) %s %s".formatted(STAGED, where), parameters, Long.class);
        return count == null ? 0 : count;
    }

    /** A reader of the staged domains that meet {@code where}, a whole WHERE clause over {@code run_domain rd}. */
    private JdbcPagingItemReader<ListedDomain> reader(String name, String where, Map<String, Object> parameters,
            int pageSize) {
        try {
            return new JdbcPagingItemReaderBuilder<ListedDomain>()
                    .name(name)
                    .dataSource(dataSource)
                    .selectClause("SELECT rd.domain, rd.rank, rd.line_no")
                    .fromClause(STAGED)
                    .whereClause(where)
                    .sortKeys(Map.of("line_no", Order.ASCENDING))
                    .parameterValues(parameters)
                    .pageSize(pageSize)
                    .rowMapper(LISTED_DOMAIN)
                    .saveState(false)
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the " + name, e);
        }
    }
}
